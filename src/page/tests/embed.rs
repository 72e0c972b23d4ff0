//! The page embedded in another (`embed`, `host`): options applied before the first paint, a host
//! page's requests done as if typed, and the messages the page posts back.

use serde_json::{json, Value};

use super::super::embed::{Layout, Options, Request};
use super::*;

fn framed(tab: &Tab, url: &str) -> Page {
    let mut p = Page::restore(tab.setup());
    p.configure(&Options::from_url(url), true);
    p.apply(Action::Boot);
    p.apply(Action::OpenUrl(url.into()));
    p
}

fn messages(p: &mut Page) -> Vec<Value> {
    p.take_messages()
        .iter()
        .map(|m| serde_json::from_str(m).unwrap_or_default())
        .collect()
}

fn request(p: &mut Page, data: Value) -> Vec<Value> {
    let r = Request::parse(&data.to_string());
    let Ok(Some(r)) = r else {
        panic!("not a request: {data}")
    };
    p.apply(Action::Host(r));
    messages(p)
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n";

#[test]
fn a_framed_page_says_ready_once_booted_with_its_layout_and_profile() {
    let tab = Tab::new();
    let mut p = framed(&tab, "#layout=terminal&profile=k3s&lang=fr&readonly");
    assert_eq!(
        messages(&mut p),
        vec![json!({"type": "kubeplay:ready", "layout": "terminal", "profile": "k3s"})]
    );
    assert_eq!(p.view().frame.layout, Layout::Terminal);
    assert!(p.view().frame.readonly);
    assert_eq!(p.view().lang, words::Lang::Fr);
    assert_eq!(p.view().profile, "k3s");
    p.apply(Action::Tick);
    assert!(messages(&mut p).is_empty(), "ready is said once");
}

#[test]
fn a_page_not_in_a_frame_posts_nothing() {
    let tab = Tab::new();
    let mut p = Page::restore(tab.setup());
    p.configure(&Options::from_url("#layout=terminal"), false);
    p.apply(Action::Boot);
    p.apply(Action::OpenUrl("#layout=terminal".into()));
    p.apply(Action::Input("kubectl get ns".into()));
    p.apply(Action::Enter);
    assert!(p.take_messages().is_empty());
}

#[test]
fn load_writes_the_files_and_runs_the_commands_as_typed() {
    let tab = Tab::new();
    let mut p = framed(&tab, "#layout=editor-terminal");
    messages(&mut p);
    let got = request(
        &mut p,
        json!({"type": "kubeplay:load", "id": 1,
            "files": [{"name": "monpod.yaml", "text": POD}],
            "commands": ["kubectl apply -f monpod.yaml\nkubectl get pod web -o name"]}),
    );
    assert_eq!(
        got,
        vec![
            json!({"type": "kubeplay:command", "line": "kubectl apply -f monpod.yaml",
                "output": "pod/web created\n", "status": 0}),
            json!({"type": "kubeplay:command", "line": "kubectl get pod web -o name",
                "output": "pod/web\n", "status": 0}),
            json!({"type": "kubeplay:reply", "id": 1, "ok": true, "status": 0,
                "output": "pod/web created\npod/web\n"}),
        ]
    );
    assert_eq!(p.view().editor.active, "monpod.yaml");
    assert_eq!(p.view().editor.text, POD);
    let screen = screen_text(&p);
    assert!(
        screen.contains("$ kubectl apply -f monpod.yaml\npod/web created\n"),
        "{screen}"
    );
}

#[test]
fn run_answers_with_output_and_status_and_typed_commands_are_reported() {
    let tab = Tab::new();
    let mut p = framed(&tab, "");
    messages(&mut p);
    let got = request(
        &mut p,
        json!({"type": "kubeplay:run", "id": "r1", "line": "kubectl get pod nope"}),
    );
    let reply = got.last().cloned().unwrap_or_default();
    assert_eq!(
        reply,
        json!({"type": "kubeplay:reply", "id": "r1", "ok": true, "status": 1,
            "output": "Error from server (NotFound): pods \"nope\" not found\n"})
    );
    p.apply(Action::Input("kubectl create namespace dev".into()));
    p.apply(Action::Enter);
    assert_eq!(
        messages(&mut p),
        vec![
            json!({"type": "kubeplay:command", "line": "kubectl create namespace dev",
            "output": "namespace/dev created\n", "status": 0})
        ]
    );
    // A heredoc is one command, reported with all its lines.
    let got = request(
        &mut p,
        json!({"type": "kubeplay:run", "id": 2,
            "line": "cat <<EOF\nhello\nEOF"}),
    );
    assert_eq!(got[0]["line"], "cat <<EOF\nhello\nEOF");
    assert_eq!(got[1]["output"], "hello\n");
}

#[test]
fn reset_starts_over_with_the_loaded_files_and_commands() {
    let tab = Tab::new();
    let mut p = framed(&tab, "");
    request(
        &mut p,
        json!({"type": "kubeplay:load", "id": 1,
            "files": [{"name": "monpod.yaml", "text": POD}], "commands": ["kubectl create ns a"]}),
    );
    request(
        &mut p,
        json!({"type": "kubeplay:run", "id": 2, "line": "kubectl create ns b"}),
    );
    request(
        &mut p,
        json!({"type": "kubeplay:set-file", "id": 3, "name": "monpod.yaml", "text": "x: 1\n"}),
    );
    assert_eq!(p.view().editor.text, "x: 1\n");
    let got = request(&mut p, json!({"type": "kubeplay:reset", "id": 4}));
    assert_eq!(
        got.last().map(|m| m["output"].clone()),
        Some(json!("namespace/a created\n"))
    );
    assert_eq!(p.view().editor.text, POD);
    let ns = kubectl(&mut p.engine, "get ns b");
    assert!(ns.contains("NotFound"), "{ns}");
}

#[test]
fn readonly_files_are_not_changed_by_the_reader() {
    let tab = Tab::new();
    let mut p = framed(&tab, "#readonly");
    request(
        &mut p,
        json!({"type": "kubeplay:load", "id": 1, "files": [{"name": "monpod.yaml", "text": POD}]}),
    );
    let names = p.view().editor.names.clone();
    p.apply(Action::Edit {
        name: "monpod.yaml".into(),
        text: "changed".into(),
    });
    p.apply(Action::DeleteFile("monpod.yaml".into()));
    p.apply(Action::NewFile);
    assert_eq!(p.view().editor.text, POD);
    assert_eq!(p.view().editor.names, names);
    assert!(p.view().editor.renaming.is_none());
    // Apply still works: reading a file is not changing it.
    p.apply(Action::Apply);
    assert!(screen_text(&p).contains("pod/web created"));
}

#[test]
fn an_exercise_sent_as_text_opens_and_a_bad_one_says_why() {
    let tab = Tab::new();
    let mut p = framed(&tab, "#layout=terminal");
    let text = include_str!("../../../examples/exercises/first-namespace.en.yaml");
    let got = request(
        &mut p,
        json!({"type": "kubeplay:exercise", "id": 1, "text": text}),
    );
    assert_eq!(got.last().map(|m| m["ok"].clone()), Some(json!(true)));
    let lesson = p.view().lesson.clone();
    assert_eq!(
        lesson.map(|l| l.name.clone()).as_deref(),
        Some("first-namespace")
    );
    let got = request(
        &mut p,
        json!({"type": "kubeplay:exercise", "id": 2, "text": "kind: Nope\n"}),
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["ok"], json!(false));
    assert!(
        got[0]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("exercise")),
        "{}",
        got[0]
    );
}

#[test]
fn opening_an_exercise_keeps_the_options_in_the_address() {
    let tab = Tab::new();
    let url = "#layout=terminal&exercise=first-namespace&theme=dark";
    let mut p = Page::restore(tab.setup());
    p.configure(&Options::from_url(url), false);
    p.apply(Action::Boot);
    p.apply(Action::OpenUrl(url.into()));
    assert_eq!(
        p.view().address.as_deref(),
        Some("?exercise=first-namespace&lang=en#layout=terminal&theme=dark")
    );
    p.apply(Action::CloseExercise);
    assert_eq!(
        p.view().address.as_deref(),
        Some("#layout=terminal&theme=dark")
    );
}

#[test]
fn reset_starts_an_open_exercise_over() {
    let tab = Tab::new();
    let mut p = framed(&tab, "#exercise=first-namespace");
    request(
        &mut p,
        json!({"type": "kubeplay:run", "id": 1, "line": "kubectl create namespace dev"}),
    );
    let done = |p: &Page| p.view().lesson.as_ref().map(|l| l.steps[0].state);
    assert_eq!(done(&p), Some(StepState::Done));
    request(&mut p, json!({"type": "kubeplay:reset", "id": 2}));
    assert_eq!(done(&p), Some(StepState::Current));
    let ns = kubectl(&mut p.engine, "get ns dev");
    assert!(ns.contains("NotFound"), "{ns}");
}
