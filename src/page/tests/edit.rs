//! `kubectl edit` in the page: the file opens as a tab, the terminal waits, Save carries the
//! session on (edited, cancelled, or reopened with the reasons), closing the tab or Ctrl-C
//! cancels, and a reload replays the same edit.

use super::*;

/// A deployment `web` with one replica, and `kubectl edit deploy/web` waiting for the editor.
fn editing(tab: &Tab) -> (Page, String) {
    let mut p = page(tab);
    type_line(&mut p, "kubectl create deployment web --image nginx");
    type_line(&mut p, "kubectl edit deploy/web");
    let file = p.view().editor.editing.clone().expect("an edit waits");
    assert_eq!(p.view().editor.active, file);
    assert!(p
        .view()
        .editor
        .text
        .starts_with("# Please edit the object below."));
    assert!(p.view().prompt.watching, "the terminal waits");
    assert!(screen_text(&p).ends_with(&format!(
        "kubectl edit: {file} is open in the editor. Save (Ctrl-S) applies it; closing its tab or Ctrl-C cancels.\n"
    )));
    (p, file)
}

fn type_in(p: &mut Page, from: &str, to: &str) {
    let e = p.view().editor.clone();
    let text = e.text.replacen(from, to, 1);
    p.apply(Action::Edit {
        name: e.active.clone(),
        text,
    });
}

#[test]
fn saving_a_change_edits_the_object_and_closes_the_tab() {
    let tab = Tab::new();
    let (mut p, file) = editing(&tab);
    type_in(&mut p, "replicas: 1", "replicas: 3");
    p.apply(Action::SaveEdit);
    assert!(
        screen_text(&p).ends_with("deployment.apps/web edited\n"),
        "{}",
        screen_text(&p)
    );
    assert_eq!(p.view().editor.editing, None);
    assert!(!p.view().editor.names.contains(&file));
    assert!(p.view().editor.names.contains(&p.view().editor.active));
    assert_eq!(p.view().prompt.label, "$ ");
    type_line(
        &mut p,
        "kubectl get deploy web -o jsonpath={.spec.replicas}",
    );
    assert!(screen_text(&p).ends_with("3"));
    // A reload replays the same edit.
    let mut again = page(&tab);
    type_line(
        &mut again,
        "kubectl get deploy web -o jsonpath={.spec.replicas}",
    );
    assert!(
        screen_text(&again).ends_with("3"),
        "{}",
        screen_text(&again)
    );
}

#[test]
fn an_unchanged_save_or_closing_the_tab_cancels() {
    let tab = Tab::new();
    let (mut p, _) = editing(&tab);
    p.apply(Action::SaveEdit);
    assert!(screen_text(&p).ends_with("Edit cancelled, no changes made.\n"));
    let tab = Tab::new();
    let (mut p, _) = editing(&tab);
    type_in(&mut p, "replicas: 1", "replicas: 3");
    p.apply(Action::CloseEdit);
    assert!(screen_text(&p).ends_with("Edit cancelled, no changes made.\n"));
    assert_eq!(p.view().editor.editing, None);
}

#[test]
fn a_rejected_save_reopens_with_the_reasons_and_ctrl_c_cancels() {
    let tab = Tab::new();
    let (mut p, file) = editing(&tab);
    type_in(&mut p, "replicas: 1", "replicas: -1");
    p.apply(Action::SaveEdit);
    let reopened = p.view().editor.editing.clone().expect("reopened");
    assert_ne!(reopened, file);
    assert_eq!(p.view().editor.active, reopened);
    assert!(
        !p.view().editor.names.contains(&file),
        "one tab for the edit"
    );
    assert!(p.view().editor.text.contains("# deployments.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"));
    assert!(screen_text(&p).contains("error: deployments.apps \"web\" is invalid\nkubectl edit: "));
    // A reload finds the edit still waiting, with the same file.
    let mut again = page(&tab);
    again.apply(Action::Boot);
    assert_eq!(
        again.view().editor.editing.as_deref(),
        Some(reopened.as_str())
    );
    p.apply(Action::Interrupt);
    assert!(screen_text(&p).ends_with("^C\n"));
    assert_eq!(p.view().editor.editing, None);
    assert!(!p
        .view()
        .editor
        .names
        .iter()
        .any(|n| n.contains("kubectl-edit")));
    assert_eq!(p.view().prompt.label, "$ ");
    let mut third = page(&tab);
    third.apply(Action::Boot);
    assert_eq!(third.view().editor.editing, None);
}

#[test]
fn several_objects_are_one_list_and_each_is_patched() {
    let tab = Tab::new();
    let mut p = page(&tab);
    type_line(&mut p, "kubectl create deployment a --image nginx");
    type_line(&mut p, "kubectl create deployment b --image nginx");
    type_line(&mut p, "kubectl edit deploy/a deploy/b");
    let text = p.view().editor.text.clone();
    assert!(
        text.contains("\napiVersion: v1\nitems:\n- apiVersion: apps/v1\n"),
        "{text}"
    );
    assert!(
        text.ends_with("kind: List\nmetadata: {}\n") || text.contains("\nkind: List\n"),
        "{text}"
    );
    let text = text.replace("  replicas: 1\n", "  replicas: 2\n");
    p.apply(Action::Edit {
        name: p.view().editor.active.clone(),
        text,
    });
    p.apply(Action::SaveEdit);
    assert!(
        screen_text(&p).ends_with("deployment.apps/a edited\ndeployment.apps/b edited\n"),
        "{}",
        screen_text(&p)
    );
}

#[test]
fn the_tab_open_before_comes_back_and_output_patch_prints_the_patch() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::NewFile);
    p.apply(Action::CancelRename);
    assert_eq!(p.view().editor.active, "file1.yaml");
    type_line(&mut p, "kubectl create deployment web --image nginx");
    type_line(&mut p, "kubectl edit deploy web --output-patch");
    type_in(&mut p, "replicas: 1", "replicas: 2");
    p.apply(Action::SaveEdit);
    assert!(
        screen_text(&p)
            .ends_with("Patch: {\"spec\":{\"replicas\":2}}\ndeployment.apps/web edited\n"),
        "{}",
        screen_text(&p)
    );
    assert_eq!(p.view().editor.active, "file1.yaml");
}

#[test]
fn the_status_subresource_is_edited_through_its_own_path() {
    let tab = Tab::new();
    let (mut p, _) = {
        let mut p = page(&tab);
        type_line(&mut p, "kubectl create deployment web --image nginx");
        type_line(
            &mut p,
            "kubectl edit deploy web --subresource status --output-patch",
        );
        let file = p.view().editor.editing.clone().expect("an edit waits");
        (p, file)
    };
    type_in(&mut p, "observedGeneration: 1", "observedGeneration: 7");
    p.apply(Action::SaveEdit);
    assert!(
        screen_text(&p).ends_with(
            "Patch: {\"status\":{\"observedGeneration\":7}}\ndeployment.apps/web edited\n"
        ),
        "{}",
        screen_text(&p)
    );
}
