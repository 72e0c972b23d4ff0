//! A cluster kept as its command log: restored identically, from the stored format of earlier
//! versions too; damaged, oversized or failing storage handled in words, never a panic.

use super::super::storage::{MemStorage, CLUSTER, FILES, HISTORY};
use super::super::{log, screen};
use super::*;
use crate::clock::Time;

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
    e.reset_cluster(crate::page::words::words(Default::default()));
    e.submit("kubectl create namespace kept");
    let mut again = tab.load();
    again.boot_now();
    assert!(kubectl(&mut again, "get ns gone").contains("NotFound"));
    assert!(kubectl(&mut again, "get ns kept").contains("Active"));
    assert_eq!(again.history().len(), 2, "the history survives a reset");
}
