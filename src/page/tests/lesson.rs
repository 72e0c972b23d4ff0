//! An exercise in the page, through its actions: opened from the address, graded after each
//! command and as time passes, Hint, Show solution after an attempt, Run, Reset exercise, the
//! language, and the progress and cluster kept across a reload.

use std::time::Instant;

use super::*;
use crate::page::markdown::Block;
use crate::page::words::Lang;

fn page(tab: &Tab) -> Page {
    let mut p = Page::restore(tab.setup());
    p.apply(Action::Boot);
    p
}

fn states(p: &Page) -> Vec<StepState> {
    let lesson = p.view().lesson.clone().unwrap();
    lesson.steps.iter().map(|s| s.state).collect()
}

use StepState::{Current, Done, ToDo};

#[test]
fn the_address_opens_the_exercise_and_each_step_turns_done() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl("?exercise=first-namespace&lang=en".into()));
    let lesson = p.view().lesson.clone().unwrap();
    assert_eq!(lesson.title, "A namespace and a pod");
    assert_eq!(states(&p), vec![Current, ToDo, ToDo]);
    assert!(lesson.finish.is_none());
    assert_eq!(
        p.view().address.as_deref(),
        Some("?exercise=first-namespace&lang=en")
    );
    assert!(
        lesson.steps[0]
            .text
            .contains(&Block::Exec("kubectl create namespace dev".into())),
        "{:?}",
        lesson.steps[0].text
    );

    // Run types nothing: it runs the block in the terminal, as if typed.
    p.apply(Action::RunExec("kubectl create namespace dev".into()));
    assert_eq!(states(&p), vec![Done, Current, ToDo]);
    assert_eq!(p.view().prompt.value, "");

    // The pod comes up with time alone: the heartbeat grades it, without a command.
    type_line(&mut p, "kubectl run web --image nginx -n dev");
    assert_eq!(states(&p), vec![Done, Current, ToDo]);
    wait(&tab, &mut p, 10);
    assert_eq!(states(&p), vec![Done, Done, Current]);

    type_line(
        &mut p,
        "kubectl config set-context --current --namespace dev",
    );
    assert_eq!(states(&p), vec![Done, Done, Done]);
    let lesson = p.view().lesson.clone().unwrap();
    let finish = lesson.finish.clone().unwrap();
    assert!(matches!(&finish[0], Block::Prose(h) if h.contains("Well done!")));
    assert!(!lesson.attempted, "no solution to offer once finished");
}

#[test]
fn a_hint_names_the_failing_check_and_the_solution_comes_after_an_attempt() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenExercise("first-namespace".into()));
    let lesson = p.view().lesson.clone().unwrap();
    assert!(!lesson.attempted);
    p.apply(Action::ShowSolution);
    assert_eq!(
        p.view().lesson.clone().unwrap().solution,
        None,
        "no attempt yet"
    );

    type_line(&mut p, "kubectl get namespaces");
    assert!(p.view().lesson.clone().unwrap().attempted);
    p.apply(Action::Hint);
    let hint = p.view().lesson.clone().unwrap().hint.clone().unwrap();
    assert_eq!(
        *hint,
        vec![Block::Prose(
            "<p>The namespace <code>dev</code> does not exist yet (<code>kubectl get namespaces</code>).</p>\n"
                .into()
        )]
    );
    p.apply(Action::ShowSolution);
    assert_eq!(
        p.view().lesson.clone().unwrap().solution.as_deref(),
        Some("kubectl create namespace dev")
    );
    // The next step starts without hint or solution.
    type_line(&mut p, "kubectl create namespace dev");
    let lesson = p.view().lesson.clone().unwrap();
    assert_eq!((lesson.hint.clone(), lesson.solution.clone()), (None, None));
    assert!(!lesson.attempted);
}

#[test]
fn files_and_setup_are_in_place_and_a_reload_keeps_cluster_and_progress() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl("#exercise=pod-manifest".into()));
    let editor = p.view().editor.clone();
    assert_eq!(editor.active, "monpod.yaml");
    assert!(editor.text.contains("kind: Pod"), "{}", editor.text);
    p.apply(Action::Apply);
    wait(&tab, &mut p, 10);
    let before = states(&p);
    assert_eq!(before[0], Done, "{before:?}");

    // Reload the same address: same cluster, steps done still done.
    let mut again = page(&tab);
    again.apply(Action::OpenUrl("#exercise=pod-manifest".into()));
    assert_eq!(states(&again), before);
    let out = again
        .engine
        .kubectl_quiet(&["get", "pod", "monpod"])
        .combined();
    assert!(out.contains("Running"), "{out}");
}

#[test]
fn the_setup_runs_unseen_and_replays_on_reload() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.engine.start_exercise(
        "minikube",
        &[("a.yaml".into(), "kind: Pod\n".into())],
        &["kubectl create namespace legacy".into()],
    );
    assert!(
        p.engine.screen().segs().is_empty(),
        "the setup is not shown"
    );
    assert_eq!(p.engine.history().len(), 0, "nor in the history");
    let mut again = Page::restore(tab.setup());
    let out = again
        .engine
        .kubectl_quiet(&["get", "ns", "legacy"])
        .combined();
    assert!(out.contains("Active"), "{out}");
    assert_eq!(again.engine.files().read("a.yaml"), "kind: Pod\n");
}

#[test]
fn reset_exercise_starts_it_over_on_a_fresh_cluster() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenExercise("first-namespace".into()));
    type_line(&mut p, "kubectl create namespace dev");
    assert_eq!(states(&p)[0], Done);
    p.apply(Action::ResetExercise);
    assert_eq!(states(&p), vec![Current, ToDo, ToDo]);
    let out = p.engine.kubectl_quiet(&["get", "ns", "dev"]).combined();
    assert!(out.contains("NotFound"), "{out}");
    // And the reset progress is what a reload finds.
    let again = page(&tab);
    assert_eq!(states(&again), vec![Current, ToDo, ToDo]);
}

#[test]
fn the_language_switches_words_and_exercise_and_is_remembered() {
    let tab = Tab::new();
    let mut p = page(&tab);
    assert_eq!(p.view().lang, Lang::En, "English when nothing was chosen");
    p.apply(Action::OpenUrl("?exercise=first-namespace&lang=fr".into()));
    assert_eq!(p.view().lang, Lang::Fr);
    assert_eq!(
        p.view().lesson.clone().unwrap().title,
        "Une namespace et un pod"
    );
    type_line(&mut p, "kubectl create namespace dev");
    p.apply(Action::SetLang(Lang::En));
    let lesson = p.view().lesson.clone().unwrap();
    assert_eq!(lesson.title, "A namespace and a pod");
    assert_eq!(states(&p)[0], Done, "progress kept across languages");
    assert!(p
        .view()
        .catalog
        .iter()
        .any(|e| e.title == "A namespace and a pod"));
    let again = page(&tab);
    assert_eq!(again.view().lang, Lang::En);
    // Reset cluster speaks the page's language.
    p.apply(Action::SetLang(Lang::Fr));
    p.apply(Action::ResetCluster);
    let last = p.view().screen.last().cloned();
    assert!(
        matches!(&last, Some(super::super::screen::Seg::Note(t)) if t == "Le cluster a été réinitialisé.\n"),
        "{last:?}"
    );
}

#[test]
fn close_forgets_the_open_exercise_but_not_its_progress() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenExercise("first-namespace".into()));
    type_line(&mut p, "kubectl create namespace dev");
    p.apply(Action::OpenUrl("".into()));
    assert_eq!(
        p.view().address.as_deref(),
        Some("?exercise=first-namespace&lang=en"),
        "the address names what is open"
    );
    p.apply(Action::CloseExercise);
    assert!(p.view().lesson.is_none());
    assert_eq!(p.view().address, None, "an address without one stays");
    assert!(
        page(&tab).view().lesson.is_none(),
        "closed after a reload too"
    );
    p.apply(Action::OpenExercise("first-namespace".into()));
    assert_eq!(states(&p)[0], Done, "steps done stay done");
}

#[test]
fn run_stops_a_watch_or_an_open_heredoc_first() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenExercise("first-namespace".into()));
    for held in ["kubectl get pods -w", "cat <<EOF"] {
        type_line(&mut p, held);
        p.apply(Action::RunExec("kubectl create namespace dev".into()));
        assert_eq!(states(&p)[0], Done, "{held}");
        p.apply(Action::ResetExercise);
    }
}

#[test]
fn unknown_exercises_and_addresses_change_nothing() {
    let tab = Tab::new();
    let mut p = page(&tab);
    type_line(&mut p, "kubectl create namespace mine");
    for url in [
        "",
        "?exercise=",
        "?exercise=../../x",
        "#lang=fr",
        "?exercise=nope",
    ] {
        p.apply(Action::OpenUrl(url.into()));
        assert!(p.view().lesson.is_none(), "{url}");
    }
    let out = p.engine.kubectl_quiet(&["get", "ns", "mine"]).combined();
    assert!(out.contains("Active"), "{out}");
}

/// Grading after a command is a few read-only kubectl calls: cheap enough to run at once. The
/// bound only catches a grading that went pathological (the benches measure; a loaded machine
/// must not fail this).
#[test]
fn grading_a_command_is_quick() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenExercise("first-namespace".into()));
    let started = Instant::now();
    for _ in 0..20 {
        p.grade_command();
    }
    let each = started.elapsed() / 20;
    eprintln!("grading one command: {each:?}");
    assert!(each.as_millis() < 500, "{each:?}");
}
