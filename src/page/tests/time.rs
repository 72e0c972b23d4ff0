//! Time through the page's actions: pause stops ages and the controllers, resume restarts them,
//! a step moves time at once, 10× runs faster on the test's wall clock; a reload replays every
//! control; a rewind rebuilds exactly the cluster a fresh replay of the log's prefix gives, and
//! keeps the rest aside for `rewind undo`; a comparison lists the objects that changed.

use super::*;
use crate::page::timeline::{Change, Moment, TimeView};

fn booted(tab: &Tab) -> Page {
    let mut p = page(tab);
    p.apply(Action::Boot);
    p
}

/// Let `secs` wall seconds pass with the heartbeat running.
fn time(p: &Page) -> TimeView {
    (*p.view().time).clone()
}

fn get(p: &mut Page, line: &str) -> String {
    kubectl(&mut p.engine, line)
}

fn node_of(p: &mut Page, pod: &str) -> String {
    get(p, &format!("get pod {pod} -o jsonpath={{.spec.nodeName}}"))
}

fn moment(p: &Page, line: &str) -> Moment {
    let t = time(p);
    t.moments
        .iter()
        .find(|m| m.line == line)
        .cloned()
        .unwrap_or_else(|| panic!("no moment {line:?} in {:?}", t.moments))
}

#[test]
fn pause_stops_ages_and_controllers_and_resume_restarts_them() {
    let tab = Tab::new();
    let mut p = booted(&tab);
    type_line(&mut p, "kubectl run web --image nginx");
    wait(&tab, &mut p, 5);
    p.apply(Action::Pause(true));
    let paused = get(&mut p, "get pods");
    let clock = time(&p).now;
    assert!(time(&p).paused);
    wait(&tab, &mut p, 90);
    assert_eq!(get(&mut p, "get pods"), paused, "ages stop");
    assert_eq!(time(&p).now, clock);
    // Commands answer; the scheduler waits.
    type_line(&mut p, "kubectl run later --image nginx");
    assert!(screen_text(&p).ends_with("pod/later created\n"));
    wait(&tab, &mut p, 5);
    assert_eq!(node_of(&mut p, "later"), "");
    p.apply(Action::Pause(false));
    wait(&tab, &mut p, 1);
    assert_eq!(node_of(&mut p, "later"), "minikube");
    wait(&tab, &mut p, 60);
    assert_eq!(time(&p).now, clock.map(|c| c + 61));
    assert_ne!(get(&mut p, "get pod web"), paused);
}

#[test]
fn a_step_moves_time_and_the_controllers_even_paused() {
    let tab = Tab::new();
    let mut p = booted(&tab);
    p.apply(Action::Pause(true));
    type_line(&mut p, "kubectl run web --image nginx");
    let before = time(&p).now.unwrap();
    p.apply(Action::Step(60));
    assert_eq!(time(&p).now, Some(before + 60));
    assert!(time(&p).paused, "still paused");
    assert_eq!(node_of(&mut p, "web"), "minikube");
    assert!(
        get(&mut p, "get pod web").contains("60s"),
        "the pod is a minute old"
    );
}

#[test]
fn ten_times_faster_on_the_wall_clock() {
    let tab = Tab::new();
    let mut p = booted(&tab);
    let before = time(&p).now.unwrap();
    p.apply(Action::Speed(10));
    wait(&tab, &mut p, 6);
    assert_eq!(time(&p).now, Some(before + 60));
    assert_eq!(time(&p).speed, 10);
    p.apply(Action::Speed(1));
    wait(&tab, &mut p, 6);
    assert_eq!(time(&p).now, Some(before + 66));
}

#[test]
fn a_reload_after_pause_speed_and_step_gives_the_same_state() {
    let tab = Tab::new();
    let mut p = booted(&tab);
    type_line(
        &mut p,
        "kubectl create deployment api --image nginx --replicas 2",
    );
    wait(&tab, &mut p, 3);
    p.apply(Action::Speed(10));
    wait(&tab, &mut p, 4);
    p.apply(Action::Pause(true));
    type_line(&mut p, "kubectl scale deployment api --replicas 3");
    wait(&tab, &mut p, 20);
    p.apply(Action::Step(10));
    type_line(&mut p, "kubectl run web --image nginx");
    wait(&tab, &mut p, 30);

    let mut q = booted(&tab);
    assert_eq!(time(&q).now, time(&p).now);
    assert!(time(&q).paused && time(&q).speed == 10);
    assert_same_objects(objects(&mut q.engine), objects(&mut p.engine));
    assert_eq!(get(&mut q, "get pods -A"), get(&mut p, "get pods -A"));
    // Both go on alike once resumed.
    p.apply(Action::Pause(false));
    let mut r = booted(&tab);
    // In step: the simulator acts on each tick, so two pages go on alike when they tick alike.
    for _ in 0..3 {
        tab.wall.advance(1);
        tick(&mut p);
        tick(&mut r);
    }
    assert_eq!(time(&r).now, time(&p).now);
    assert_eq!(get(&mut r, "get pods -A"), get(&mut p, "get pods -A"));
}

#[test]
fn a_log_with_time_controls_written_by_this_version_restores() {
    let tab = Tab::new();
    tab.storage.set(
        super::super::storage::CLUSTER,
        &format!(
            r#"{{"start":{T0},"entries":[{{"t":{},"clock":{{"wall":{},"sim":{},"speed":1,"paused":true}}}},{{"t":{},"line":"kubectl run web --image nginx"}},{{"t":{},"clock":{{"wall":{},"sim":{},"speed":1,"paused":true}},"step":true}}]}}"#,
            T0 + 2,
            T0 + 2,
            T0 + 2,
            T0 + 2,
            T0 + 62,
            T0 + 9,
            T0 + 62,
        ),
    );
    tab.wall.advance(100);
    let mut p = booted(&tab);
    assert!(time(&p).paused);
    assert_eq!(time(&p).now, Some(T0 + 62));
    assert_eq!(node_of(&mut p, "web"), "minikube");
}

#[test]
fn a_rewind_rebuilds_the_prefix_exactly_and_undo_brings_the_rest_back() {
    let tab = Tab::new();
    let mut p = booted(&tab);
    type_line(&mut p, "kubectl create namespace trainer");
    wait(&tab, &mut p, 2);
    type_line(&mut p, "kubectl run web --image nginx");
    wait(&tab, &mut p, 5);
    let uid = get(&mut p, "get pod web -o jsonpath={.metadata.uid}");
    type_line(&mut p, "kubectl delete pod web");
    wait(&tab, &mut p, 5);
    type_line(&mut p, "kubectl create configmap after");
    assert!(get(&mut p, "get pod web").contains("NotFound"));

    let at = moment(&p, "kubectl run web --image nginx");
    let mut fresh = p.engine.state_at(at.upto);
    p.apply(Action::Rewind(at.upto));
    assert!(
        screen_text(&p).contains("Rewound to right after: kubectl run web --image nginx."),
        "{}",
        screen_text(&p)
    );
    assert_eq!(time(&p).now, Some(at.t), "the clock went back too");
    assert!(time(&p).undo);
    assert_same_objects(objects(&mut p.engine), objects(&mut fresh));
    assert_eq!(
        get(&mut p, "get pod web -o jsonpath={.metadata.uid}"),
        uid,
        "the deleted pod is back, the same one"
    );
    assert!(get(&mut p, "get cm after").contains("NotFound"));
    let lines: Vec<String> = time(&p).moments.iter().map(|m| m.line.clone()).collect();
    assert_eq!(
        lines,
        [
            "",
            "kubectl create namespace trainer",
            "kubectl run web --image nginx"
        ]
    );

    // Going on from there, and a reload, keep the rewound timeline.
    type_line(&mut p, "kubectl label pod web rewound=yes");
    wait(&tab, &mut p, 2);
    let mut q = booted(&tab);
    assert_same_objects(objects(&mut q.engine), objects(&mut p.engine));

    // Undo swaps the timelines, and again.
    type_line(&mut p, "rewind undo");
    assert!(get(&mut p, "get pod web").contains("NotFound"));
    assert!(get(&mut p, "get cm after").contains("after"));
    p.apply(Action::RewindUndo);
    assert!(get(&mut p, "get pod web --show-labels").contains("rewound=yes"));
}

#[test]
fn a_heredoc_is_one_moment() {
    let tab = Tab::new();
    let mut p = booted(&tab);
    type_line(&mut p, "cat <<EOF | kubectl apply -f -");
    type_line(
        &mut p,
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: here",
    );
    type_line(&mut p, "EOF");
    let lines: Vec<String> = time(&p).moments.iter().map(|m| m.line.clone()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].starts_with("cat <<EOF") && lines[1].ends_with("\nEOF"));
    p.apply(Action::Rewind(3));
    assert!(get(&mut p, "get ns here").contains("Active"));
    // A moment that is not one (inside the heredoc) is refused in words.
    p.apply(Action::Rewind(1));
    assert!(screen_text(&p).ends_with("rewind: no moment 1 in the timeline (see `timeline`).\n"));
}

#[test]
fn compare_lists_the_objects_that_changed_with_their_diffs() {
    let tab = Tab::new();
    let mut p = booted(&tab);
    type_line(
        &mut p,
        "kubectl create configmap settings --from-literal colour=blue",
    );
    wait(&tab, &mut p, 2);
    type_line(&mut p, "kubectl create configmap gone");
    type_line(
        &mut p,
        r#"kubectl patch configmap settings -p '{"data":{"colour":"red"}}'"#,
    );
    type_line(&mut p, "kubectl delete configmap gone");
    type_line(&mut p, "kubectl create namespace added");
    let from = moment(&p, "kubectl create configmap gone").upto;
    let to = moment(&p, "kubectl create namespace added").upto;
    p.apply(Action::Compare(Some((from, to))));
    let c = time(&p).compare.expect("a comparison");
    let got: Vec<(Change, &str)> = c
        .diffs
        .iter()
        .map(|d| (d.change, d.object.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Change::Added, "ConfigMap added/kube-root-ca.crt"),
            (Change::Removed, "ConfigMap default/gone"),
            (Change::Changed, "ConfigMap default/settings"),
            (Change::Added, "Namespace added"),
            (Change::Added, "ServiceAccount added/default"),
        ]
    );
    let settings = &c.diffs[2].diff;
    assert!(
        settings.contains("-  colour: blue\n+  colour: red\n"),
        "{settings}"
    );
    assert!(!settings.contains("resourceVersion") && !settings.contains("managedFields"));
    // The shown cluster is untouched; the comparison closes.
    assert!(get(&mut p, "get cm settings -o jsonpath={.data.colour}").contains("red"));
    p.apply(Action::Compare(None));
    assert_eq!(time(&p).compare, None);
}

#[test]
fn the_builtins_list_rewind_compare_and_set_the_clock() {
    let tab = Tab::new();
    let mut p = booted(&tab);
    type_line(&mut p, "kubectl create namespace one");
    type_line(&mut p, "kubectl create namespace two");
    type_line(&mut p, "timeline");
    let text = screen_text(&p);
    assert!(text.contains("  0  "), "{text}");
    assert!(
        text.contains("  1  ") && text.ends_with("kubectl create namespace two\n"),
        "{text}"
    );
    type_line(&mut p, "compare 1 2");
    let text = screen_text(&p);
    assert!(
        text.contains("added: Namespace two\n--- before\n+++ after\n"),
        "{text}"
    );
    type_line(&mut p, "clock pause");
    assert!(time(&p).paused);
    type_line(&mut p, "clock step 2m");
    type_line(&mut p, "clock");
    assert!(
        screen_text(&p).contains("Simulated time "),
        "{}",
        screen_text(&p)
    );
    assert!(screen_text(&p).ends_with("(paused)\n"));
    type_line(&mut p, "rewind 1");
    assert!(get(&mut p, "get ns two").contains("NotFound"));
    type_line(&mut p, "rewind 9");
    assert!(screen_text(&p).ends_with("rewind: no moment 9 in the timeline (see `timeline`).\n"));
    type_line(&mut p, "clock faster");
    assert!(screen_text(&p).ends_with("compare A B\n"));
}

#[test]
fn an_exercise_setup_is_not_in_the_timeline_and_its_start_keeps_it() {
    let tab = Tab::new();
    let mut p = booted(&tab);
    p.apply(Action::OpenExercise("fix-missing-configmap".into()));
    let start = time(&p).moments[0].clone();
    assert_eq!(time(&p).moments.len(), 1, "{:?}", time(&p).moments);
    assert_eq!(start.line, "");
    type_line(&mut p, "kubectl create configmap other");
    p.apply(Action::Rewind(start.upto));
    assert!(
        get(&mut p, "get pod app").contains("app"),
        "the setup stays"
    );
    assert!(get(&mut p, "get cm other").contains("NotFound"));
}
