//! The page's model driven as the browser drives it, on a test clock and in-memory storage:
//! a cluster persisted as its command log and rebuilt identically, damaged or failing storage,
//! completion against a live cluster, and the view's data fetched by actions only.

use std::rc::Rc;

use serde_json::Value;

use super::storage::{MemStorage, CLUSTER, FILES, HISTORY};
use super::*;
use crate::clock::{FixedClock, Time};

const T0: i64 = 1_795_600_000;

/// A browser tab: its storage and its wall clock, which outlive the page loaded in it.
struct Tab {
    storage: MemStorage,
    wall: Rc<FixedClock>,
}

impl Tab {
    fn new() -> Tab {
        Tab::with(MemStorage::new())
    }

    fn with(storage: MemStorage) -> Tab {
        Tab {
            storage,
            wall: Rc::new(FixedClock::new(Time(T0))),
        }
    }

    fn setup(&self) -> Setup {
        Setup {
            storage: Box::new(self.storage.clone()),
            wall: self.wall.clone(),
            mark: |_| {},
        }
    }

    /// Load the page: the engine as the last visit left it.
    fn load(&self) -> Engine {
        Engine::restore(self.setup())
    }

    /// Let `secs` seconds pass with the page's heartbeat running.
    fn wait(&self, engine: &mut Engine, secs: i64) {
        for _ in 0..secs {
            self.wall.advance(1);
            engine.tick();
        }
    }
}

/// Every object in the store, as the API server holds it.
fn objects(engine: &mut Engine) -> Vec<(String, Value)> {
    engine.query(|c| {
        c.api
            .store()
            .iter()
            .map(|(k, v)| (format!("{}/{}/{}", k.gr, k.namespace, k.name), v.clone()))
            .collect()
    })
}

/// The same objects in the same order, reporting the first one that differs.
fn assert_same_objects(got: Vec<(String, Value)>, want: Vec<(String, Value)>) {
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    let names = |v: &[(String, Value)]| v.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want));
}

fn kubectl(engine: &mut Engine, line: &str) -> String {
    let args: Vec<&str> = line.split_whitespace().collect();
    engine.kubectl_quiet(&args).combined()
}

const CONFIGMAP: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  colour: blue\n";

/// A session with commands, a file applied then edited, a cancelled heredoc, `sleep` and
/// background progress.
fn session(tab: &Tab, e: &mut Engine) {
    e.boot_now();
    tab.wait(e, 3);
    e.submit("kubectl create namespace trainer");
    e.submit("kubectl run web --image nginx");
    tab.wait(e, 2);
    e.files_mut().write("cm.yaml", CONFIGMAP);
    e.save_files();
    e.submit("kubectl apply -f cm.yaml");
    e.submit("cat <<EOF | kubectl apply -f -");
    e.submit("kind: Namespace");
    e.interrupt("");
    e.submit("sleep 30");
    tab.wait(e, 7);
    e.submit("kubectl create deployment api --image nginx --replicas 2");
    tab.wait(e, 4);
    // Edited after it was applied: a reload must show this text, not the applied one.
    e.files_mut().write("cm.yaml", "edited");
    e.save_files();
}

#[test]
fn a_reload_replays_the_log_to_the_identical_cluster() {
    let tab = Tab::new();
    let mut before = tab.load();
    session(&tab, &mut before);
    let pods = kubectl(&mut before, "get pods -A -o wide");
    assert!(pods.contains("api-"), "{pods}");

    tab.wall.advance(60);
    let mut after = tab.load();
    assert_eq!(after.history(), before.history());
    assert_eq!(after.files().read("cm.yaml"), "edited");
    after.boot_now();
    // Both catch up with the same wall clock, as the heartbeat makes them.
    after.tick();
    before.tick();
    assert_same_objects(objects(&mut after), objects(&mut before));
    for command in [
        "get pods -A -o wide",
        "get events -A",
        "get namespaces",
        "get pod web -o jsonpath={.metadata.uid}",
    ] {
        assert_eq!(kubectl(&mut after, command), kubectl(&mut before, command));
    }
    assert_eq!(after.files().read("cm.yaml"), "edited");
    assert!(!after.continuing(), "the cancelled heredoc stays cancelled");
}

#[test]
fn a_restored_cluster_keeps_logging_and_restores_again() {
    let tab = Tab::new();
    let mut first = tab.load();
    session(&tab, &mut first);
    let mut second = tab.load();
    second.submit("kubectl scale deployment api --replicas 3");
    tab.wait(&mut second, 5);
    second.submit("kubectl delete pod web --wait=false");
    tab.wait(&mut second, 2);
    let mut third = tab.load();
    third.tick();
    second.tick();
    assert_same_objects(objects(&mut third), objects(&mut second));
    assert_eq!(
        kubectl(&mut third, "get pods -A"),
        kubectl(&mut second, "get pods -A")
    );
}

#[test]
fn state_stored_by_the_previous_page_restores() {
    // The three keys exactly as the page wrote them before its model moved here.
    let storage = MemStorage::new();
    storage.set(
        CLUSTER,
        &format!(
            r#"{{"start":{T0},"entries":[{{"t":{},"line":"kubectl apply -f cm.yaml","files":[["cm.yaml",{}]]}},{{"t":{},"line":"kubectl run web --image nginx"}},{{"t":{}}}]}}"#,
            T0 + 5,
            serde_json::to_string(CONFIGMAP).unwrap(),
            T0 + 9,
            T0 + 14,
        ),
    );
    storage.set(
        FILES,
        r#"{"files":[["monpod.yaml","kind: Pod\n"],["cm.yaml","changed\n"]],"active":"cm.yaml"}"#,
    );
    storage.set(
        HISTORY,
        r#"["kubectl apply -f cm.yaml","kubectl run web --image nginx"]"#,
    );
    let tab = Tab::with(storage);
    tab.wall.advance(20);
    let mut e = tab.load();
    assert_eq!(e.notice(), None);
    assert_eq!(e.files().names(), ["monpod.yaml", "cm.yaml"]);
    assert_eq!(e.files().active(), "cm.yaml");
    assert_eq!(e.history().len(), 2);
    e.boot_now();
    assert_eq!(e.files().read("cm.yaml"), "changed\n");
    let cm = kubectl(&mut e, "get cm settings -o jsonpath={.data.colour}");
    assert_eq!(cm, "blue");
    let created = kubectl(
        &mut e,
        "get pod web -o jsonpath={.metadata.creationTimestamp}",
    );
    assert_eq!(created, Time(T0 + 9).rfc3339());
    assert!(kubectl(&mut e, "get pod web").contains("Running"));
}

#[test]
fn a_corrupt_log_starts_a_fresh_cluster_and_says_so() {
    for stored in ["{not json", "[]", r#"{"start":1}"#, "\u{0}"] {
        let tab = Tab::new();
        tab.storage.set(CLUSTER, stored);
        let mut e = tab.load();
        let notice = e.notice().unwrap_or_default().to_string();
        assert!(
            notice.starts_with("The saved cluster could not be read"),
            "{notice}"
        );
        e.submit("kubectl get ns default");
        assert!(e
            .screen()
            .segs()
            .iter()
            .any(|s| matches!(s, screen::Seg::Out(o) if o.contains("Active"))));
    }
}

#[test]
fn an_oversized_log_is_refused_without_replaying_it() {
    let tab = Tab::new();
    let line = r#"{"t":1795600001,"line":"kubectl create namespace x"},"#;
    let huge = format!(
        r#"{{"start":{T0},"entries":[{}{{"t":1}}]}}"#,
        line.repeat(log::MAX_STORED / line.len() + 1)
    );
    tab.storage.set(CLUSTER, &huge);
    let mut e = tab.load();
    assert!(e
        .notice()
        .unwrap()
        .starts_with("The saved cluster is too large"));
    e.boot_now();
    assert_eq!(
        kubectl(&mut e, "get ns x"),
        "Error from server (NotFound): namespaces \"x\" not found\n"
    );
}

#[test]
fn damaged_entries_replay_without_panicking() {
    let long = "x".repeat(log::MAX_LINE * 2);
    let entries = [
        r#"{"t":-9223372036854775808,"line":"kubectl run a --image nginx"}"#.to_string(),
        r#"{"t":9223372036854775807}"#.to_string(),
        r#"{"t":0,"line":"cat <<EOF"}"#.to_string(),
        r#"{"t":5,"cancel":true,"line":"kubectl delete ns default"}"#.to_string(),
        format!(r#"{{"t":6,"line":"echo {long}"}}"#),
        r#"{"t":7,"files":[["a.yaml","kind: Pod\n  bad: ["]],"line":"kubectl apply -f a.yaml"}"#
            .to_string(),
        r#"{"t":8,"line":"kubectl get pods -w"}"#.to_string(),
        r#"{"t":9,"line":"sleep 99999999999999"}"#.to_string(),
    ];
    let tab = Tab::new();
    tab.storage.set(
        CLUSTER,
        &format!(r#"{{"start":-5,"entries":[{}]}}"#, entries.join(",")),
    );
    let mut e = tab.load();
    e.boot_now();
    assert!(!e.watching(), "a watch is not resumed");
    e.submit("kubectl get ns default");
    e.tick();
}

#[test]
fn a_full_storage_is_reported_and_the_page_keeps_working() {
    let tab = Tab::with(MemStorage::with_quota(64));
    let mut e = tab.load();
    e.submit("kubectl create namespace unsaved");
    assert_eq!(
        e.notice(),
        Some("storage is full: your work will not survive a reload.")
    );
    assert!(kubectl(&mut e, "get ns unsaved").contains("Active"));
}

#[test]
fn reset_starts_a_fresh_cluster_that_a_reload_keeps() {
    let tab = Tab::new();
    let mut e = tab.load();
    e.submit("kubectl create namespace gone");
    tab.wait(&mut e, 3);
    e.reset_cluster();
    e.submit("kubectl create namespace kept");
    let mut again = tab.load();
    again.boot_now();
    assert!(kubectl(&mut again, "get ns gone").contains("NotFound"));
    assert!(kubectl(&mut again, "get ns kept").contains("Active"));
    assert_eq!(again.history().len(), 2, "the history survives a reset");
}

mod completion {
    use super::super::complete::{complete, Completion};
    use super::*;

    fn tab_press(e: &mut Engine, before: &str) -> String {
        complete(e, before).text
    }

    #[test]
    fn commands_subcommands_and_flags() {
        let tab = Tab::new();
        let mut e = tab.load();
        assert_eq!(tab_press(&mut e, "kub"), "kubectl ");
        assert_eq!(tab_press(&mut e, "kubectl ge"), "kubectl get ");
        assert_eq!(
            tab_press(&mut e, "kubectl create deploy"),
            "kubectl create deployment "
        );
        assert_eq!(
            tab_press(&mut e, "kubectl get --all-n"),
            "kubectl get --all-namespaces "
        );
        assert_eq!(
            tab_press(&mut e, "kubectl get -o ya"),
            "kubectl get -o yaml "
        );
        assert_eq!(
            tab_press(&mut e, "kubectl get --output=ya"),
            "kubectl get --output=yaml "
        );
        // json and jsonpath= share a prefix: it is completed, nothing more.
        assert_eq!(
            tab_press(&mut e, "kubectl get -o js"),
            "kubectl get -o json"
        );
    }

    #[test]
    fn resource_types_names_namespaces_and_files() {
        let tab = Tab::new();
        let mut e = tab.load();
        e.submit("kubectl run web --image nginx");
        assert_eq!(
            tab_press(&mut e, "kubectl get deploym"),
            "kubectl get deployments "
        );
        assert_eq!(
            tab_press(&mut e, "kubectl describe pods w"),
            "kubectl describe pods web "
        );
        assert_eq!(
            tab_press(&mut e, "kubectl get pod/w"),
            "kubectl get pod/web "
        );
        assert_eq!(tab_press(&mut e, "kubectl logs w"), "kubectl logs web ");
        assert_eq!(
            tab_press(&mut e, "kubectl get pods -n kube-sy"),
            "kubectl get pods -n kube-system "
        );
        assert_eq!(
            tab_press(&mut e, "kubectl get pods -n kube-system etcd"),
            "kubectl get pods -n kube-system etcd-minikube "
        );
        assert_eq!(
            tab_press(&mut e, "kubectl apply -f mon"),
            "kubectl apply -f monpod.yaml "
        );
        assert_eq!(tab_press(&mut e, "cat mon"), "cat monpod.yaml ");
    }

    #[test]
    fn ambiguous_words_list_the_choices_and_unknown_ones_stay() {
        let tab = Tab::new();
        let mut e = tab.load();
        let Completion { text, choices } = complete(&mut e, "kubectl get pod");
        assert_eq!(text, "kubectl get pod");
        assert!(choices.contains(&"pods".to_string()), "{choices:?}");
        assert!(choices.contains(&"podtemplates".to_string()), "{choices:?}");
        assert_eq!(
            complete(&mut e, "kubectl zzz"),
            Completion {
                text: "kubectl zzz".into(),
                choices: vec![]
            }
        );
        // Unusual text is completed or left alone, never a panic.
        for before in ["", " ", "kubectl -", "kubectl --=", "kubectl get é", "k -n"] {
            complete(&mut e, before);
        }
    }
}

mod page {
    use super::super::detail::Target;
    use super::super::markers::Status;
    use super::super::prompt::Recall;
    use super::super::screen::Seg;
    use super::*;

    fn page(tab: &Tab) -> Page {
        Page::restore(tab.setup())
    }

    fn type_line(p: &mut Page, line: &str) {
        p.apply(Action::Input(line.into()));
        p.apply(Action::Enter);
    }

    fn screen_text(p: &Page) -> String {
        p.view()
            .screen
            .iter()
            .map(|s| match s {
                Seg::Echo(prompt, line) => format!("{prompt}{line}\n"),
                Seg::Out(t) | Seg::Err(t) | Seg::Note(t) => t.clone(),
            })
            .collect()
    }

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
        assert_eq!(p.view().prompt.value, "kubectl get deployments  x");
        assert_eq!(p.view().prompt.caret.at, 24);

        p.apply(Action::Interrupt);
        assert!(screen_text(&p).ends_with("$ kubectl get deployments  x^C\n"));
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
        p.apply(Action::ShowYaml(true));
        let d = p.view().detail.clone().unwrap();
        assert_eq!(d.command, "kubectl get node minikube -o yaml");
        assert!(d.text.starts_with("apiVersion: v1\nkind: Node\n"));
        p.apply(Action::Open(Target {
            kind: "namespace".into(),
            namespace: String::new(),
            name: "default".into(),
        }));
        assert!(
            p.view().detail.as_ref().unwrap().yaml,
            "another object keeps YAML"
        );
        p.apply(Action::Close);
        assert!(p.view().detail.is_none());
    }
}
