//! The simulator's work spread over the page's frames: each slice does a little, a command first
//! finishes what the slices left, and a reload (which replays the log at once) rebuilds exactly
//! the cluster the slices built, uids, IPs and times included.

use super::*;

/// Frames until the reconcile in progress ends, the wall clock moving on every few frames.
fn frames(tab: &Tab, e: &mut Engine) -> usize {
    let mut n = 0;
    while !e.tick() {
        n += 1;
        if n % 7 == 0 {
            tab.wall.advance(1);
        }
        assert!(n < 100_000, "the slices never ended");
    }
    n
}

#[test]
fn a_reload_rebuilds_what_the_slices_built() {
    let tab = Tab::new();
    let mut live = tab.load();
    live.boot_now();
    live.submit("kubectl create deployment big --image nginx --replicas 150");
    assert!(
        live.busy(),
        "a big Deployment leaves work for the next frames"
    );
    assert!(frames(&tab, &mut live) > 3, "spread over several frames");
    for _ in 0..12 {
        tab.wall.advance(1);
        frames(&tab, &mut live);
    }
    // A command while a tick's slices are unfinished finishes them first.
    tab.wall.advance(2);
    live.submit("kubectl delete pod -l app=big --wait=false");
    while live.busy() {
        live.tick();
    }
    // A tick's first slice, which may leave the rest for later, then a command.
    tab.wall.advance(1);
    live.tick();
    live.submit("kubectl scale deployment big --replicas 20");
    for _ in 0..40 {
        tab.wall.advance(1);
        frames(&tab, &mut live);
    }
    let pods = kubectl(&mut live, "get deployment big");
    assert!(pods.contains("20/20"), "{pods}");

    tab.wall.advance(5);
    let mut after = tab.load();
    after.boot_now();
    // Both catch up with the same wall clock, as the heartbeat makes them.
    while !live.tick() {}
    while !after.tick() {}
    assert_same_objects(objects(&mut after), objects(&mut live));
}
