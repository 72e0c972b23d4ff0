//! What containers print, on the clock: a script's lines with the times its sleeps give them,
//! per run, read the way `kubectl logs` (and `--previous`) will.

use serde_json::{json, Value};

use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_cluster::fixture::{booted, START as NOW};
use kubeplay_cluster::profile::Profile;
use kubeplay_sim::Sim;

fn create(api: &mut ApiServer, sim: &mut Sim, obj: Value) {
    let info = api
        .discovery
        .by_kind(meta::str_at(&obj, &["apiVersion"]), meta::kind(&obj))
        .cloned()
        .unwrap();
    api.create(&info, Some("default"), obj, false).unwrap();
    sim.reconcile(api);
}

fn pod(name: &str, script: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"containers": [{"name": name, "image": "busybox:1.36",
            "command": ["sh", "-c", script]}]}})
}

fn texts(sim: &Sim, name: &str, now: i64, previous: bool) -> Option<Vec<(i64, String)>> {
    let key = Key::new("/pods", "default", name);
    let lines = sim.container_log(&key, name, NOW.plus(now), previous)?;
    Some(
        lines
            .into_iter()
            .map(|l| ((l.at_ms - NOW.0 * 1000) / 1000, l.text))
            .collect(),
    )
}

#[test]
fn a_looping_script_prints_on_its_clock() {
    let (mut api, mut sim) = booted(&Profile::minikube());
    api.now = NOW;
    create(
        &mut api,
        &mut sim,
        pod("loop", "while true; do echo tick; sleep 5; done"),
    );
    api.now = NOW.plus(30);
    sim.reconcile(&mut api);
    let lines = texts(&sim, "loop", 30, false).unwrap();
    assert!(lines.len() >= 5 && lines.len() <= 7, "{lines:?}");
    assert!(lines.windows(2).all(|w| w[1].0 - w[0].0 == 5));
    assert_eq!(texts(&sim, "loop", 30, true), None);
}

#[test]
fn each_run_of_a_crashing_script_has_its_own_log() {
    let (mut api, mut sim) = booted(&Profile::minikube());
    api.now = NOW;
    create(
        &mut api,
        &mut sim,
        pod("crash", "echo start; sleep 2; echo stop; exit 1"),
    );
    api.now = NOW.plus(60);
    sim.reconcile(&mut api);
    let now = texts(&sim, "crash", 60, false).unwrap();
    let before = texts(&sim, "crash", 60, true).unwrap();
    assert_eq!(
        before.iter().map(|l| l.1.as_str()).collect::<Vec<_>>(),
        ["start", "stop"]
    );
    assert_eq!(before[1].0 - before[0].0, 2);
    assert!(now.first().map(|l| l.0) > before.first().map(|l| l.0));
}
