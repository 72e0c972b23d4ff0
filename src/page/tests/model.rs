//! The whole page through its actions and its view: what the views show is fetched by actions
//! (the boot, the heartbeat, a command), and parts an action leaves alone keep their `Rc`.

use std::rc::Rc;

use super::super::detail::{Panel, Target};
use super::super::markers::Status;
use super::super::prompt::Recall;
use super::*;

#[test]
fn the_cluster_view_fills_in_after_boot_and_follows_the_heartbeat() {
    let tab = Tab::new();
    let mut p = page(&tab);
    assert!(
        p.view().cluster.is_none(),
        "nothing is asked before the boot"
    );
    p.apply(Action::Boot);
    let data = p.view().cluster.clone().unwrap();
    assert_eq!(data.nodes[0].name, "minikube");
    assert!(data.namespaces.iter().any(|n| n.name == "kube-system"));
    type_line(&mut p, "kubectl run web --image nginx");
    let status = |p: &Page| {
        let data = p.view().cluster.clone().unwrap();
        let web = data.pods_in("default").next().unwrap().clone();
        data.pod_cell(&web, "STATUS")
    };
    assert_eq!(status(&p), "ContainerCreating");
    for _ in 0..8 {
        tab.wall.advance(1);
        p.apply(Action::Tick);
    }
    assert_eq!(status(&p), "Running");
}

#[test]
fn unchanged_parts_of_the_view_keep_their_rc() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::Boot);
    let before = p.view().clone();
    p.apply(Action::Input("kubectl get".into()));
    let after = p.view();
    assert!(Rc::ptr_eq(&before.screen, &after.screen));
    assert!(Rc::ptr_eq(&before.editor, &after.editor));
    assert!(Rc::ptr_eq(&before.markers, &after.markers));
    assert!(!Rc::ptr_eq(&before.prompt, &after.prompt));
    assert_eq!(after.prompt.value, "kubectl get");
}

#[test]
fn terminal_keys_drive_history_search_completion_and_interrupts() {
    let tab = Tab::new();
    let mut p = page(&tab);
    type_line(&mut p, "kubectl get ns");
    type_line(&mut p, "kubectl get nodes");
    p.apply(Action::Recall(Recall::Older));
    p.apply(Action::Recall(Recall::Older));
    assert_eq!(p.view().prompt.value, "kubectl get ns");
    p.apply(Action::SearchBack);
    p.apply(Action::Input("nod".into()));
    assert_eq!(p.view().prompt.label, "(reverse-i-search)`");
    assert_eq!(
        p.view().prompt.matched.as_deref(),
        Some("kubectl get nodes")
    );
    p.apply(Action::Input("nope".into()));
    assert_eq!(p.view().prompt.label, "(failed reverse-i-search)`");
    p.apply(Action::SearchCancel);
    assert_eq!(p.view().prompt.label, "$ ");

    p.apply(Action::Input("kubectl get pod".into()));
    p.apply(Action::Complete { cursor: None });
    let listed = screen_text(&p);
    assert!(listed.contains("$ kubectl get pod\n"), "{listed}");
    assert!(listed.contains("podtemplates"), "{listed}");
    // Completed at the cursor, the rest of the line kept.
    p.apply(Action::Input("kubectl get deploym x".into()));
    p.apply(Action::Complete { cursor: Some(19) });
    assert_eq!(p.view().prompt.value, "kubectl get deployments.apps  x");
    assert_eq!(p.view().prompt.caret.at, 29);

    p.apply(Action::Interrupt);
    assert!(screen_text(&p).ends_with("$ kubectl get deployments.apps  x^C\n"));
    assert_eq!(p.view().prompt.value, "");
    p.apply(Action::ClearScreen);
    assert!(p.view().screen.is_empty());
}

#[test]
fn a_watch_holds_the_prompt_until_interrupted() {
    let tab = Tab::new();
    let mut p = page(&tab);
    type_line(&mut p, "kubectl run web --image nginx");
    type_line(&mut p, "kubectl get pods -w");
    assert!(p.view().prompt.watching);
    assert_eq!(p.view().prompt.label, "");
    for _ in 0..6 {
        tab.wall.advance(1);
        p.apply(Action::Tick);
    }
    assert!(screen_text(&p).contains("\nweb   1/1   Running   0     "));
    p.apply(Action::Interrupt);
    assert!(screen_text(&p).ends_with("^C\n"));
    assert_eq!(p.view().prompt.label, "$ ");
}

#[test]
fn heredocs_continue_and_apply_drops_an_open_one() {
    let tab = Tab::new();
    let mut p = page(&tab);
    type_line(&mut p, "cat <<EOF | kubectl apply -f -");
    assert_eq!(p.view().prompt.label, "> ");
    p.apply(Action::Apply);
    let text = screen_text(&p);
    assert!(
        text.contains("> ^C\n$ kubectl apply -f monpod.yaml\npod/monpod created\n"),
        "{text}"
    );
    assert_eq!(p.view().prompt.label, "$ ");
}

#[test]
fn editing_marks_the_text_and_files_persist() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::Boot);
    p.apply(Action::NewFile);
    assert_eq!(
        p.view().editor.renaming,
        Some(("file1.yaml".into(), "file1.yaml".into()))
    );
    p.apply(Action::CommitRename("monpod.yaml".into()));
    assert_eq!(
        p.view().editor.rename_error.as_deref(),
        Some("monpod.yaml already exists")
    );
    p.apply(Action::CommitRename("bad.yaml".into()));
    assert_eq!(p.view().editor.active, "bad.yaml");
    assert_eq!(p.view().editor.rename_error, None);
    p.apply(Action::Edit {
        name: "bad.yaml".into(),
        text: "kind: Pod\nmetadata:\n  name: x\n   bad: [1\n".into(),
    });
    assert_eq!(p.view().markers.error_line(), Some(4));
    assert!(matches!(p.view().markers.status(), Status::Bad(s) if s.starts_with("Line 4: ")));
    let reloaded = page(&tab);
    assert_eq!(reloaded.view().editor.names, ["monpod.yaml", "bad.yaml"]);
    assert_eq!(reloaded.view().editor.active, "bad.yaml");
    assert_eq!(reloaded.view().markers.error_line(), Some(4));
}

#[test]
fn the_object_panel_is_fetched_on_open_and_on_the_heartbeat() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::Boot);
    p.apply(Action::Open(Target {
        kind: "node".into(),
        namespace: String::new(),
        name: "minikube".into(),
    }));
    let d = p.view().detail.clone().unwrap();
    assert_eq!(d.command, "kubectl describe node minikube");
    assert!(
        d.text.starts_with("Name:               minikube\n"),
        "{}",
        d.text
    );
    p.apply(Action::ShowPanel(Panel::Yaml));
    let d = p.view().detail.clone().unwrap();
    assert_eq!(d.command, "kubectl get node minikube -o yaml");
    assert!(d.text.starts_with("apiVersion: v1\nkind: Node\n"));
    p.apply(Action::Open(Target {
        kind: "namespace".into(),
        namespace: String::new(),
        name: "default".into(),
    }));
    assert_eq!(
        p.view().detail.as_ref().unwrap().panel,
        Panel::Yaml,
        "another object keeps YAML"
    );
    p.apply(Action::ShowPanel(Panel::Why));
    let d = p.view().detail.clone().unwrap();
    assert_eq!(d.command, "why namespace/default");
    assert!(
        d.text.starts_with("why: cannot explain \"namespace\" yet"),
        "{}",
        d.text
    );
    p.apply(Action::Open(Target {
        kind: "node".into(),
        namespace: String::new(),
        name: "minikube".into(),
    }));
    let d = p.view().detail.clone().unwrap();
    assert!(
        d.text
            .starts_with("node/minikube is Ready and schedulable: nothing to explain"),
        "{}",
        d.text
    );
    p.apply(Action::Close);
    assert!(p.view().detail.is_none());
}
