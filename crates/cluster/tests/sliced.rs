//! A reconcile done in slices (the page, between frames) leaves exactly the store the same
//! reconcile done at once leaves: pods that start, run, crash and restart, writes that arrive
//! while a sliced reconcile is unfinished, and time moving on in between.

use std::cell::Cell;
use std::rc::Rc;

use serde_json::json;

use kubeplay_api::{ApiRequest, Method, Transport};
use kubeplay_cluster::fixture::START;
use kubeplay_cluster::profile::Profile;
use kubeplay_cluster::Cluster;
use kubeplay_core::clock::{Clock, Time};

/// A clock the test moves while the cluster holds it.
#[derive(Clone)]
struct Shared(Rc<Cell<i64>>);

impl Clock for Shared {
    fn now(&self) -> Time {
        Time(self.0.get())
    }
}

fn deployment(name: &str, replicas: u32, image: &str, command: Option<&str>) -> String {
    let mut container = json!({"name": name, "image": image});
    if let Some(c) = command {
        container["command"] = json!(["sh", "-c", c]);
    }
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [container]}},
        },
    })
    .to_string()
}

fn post(c: &mut Cluster, body: String) {
    let req = ApiRequest::new(Method::Post, "/apis/apps/v1/namespaces/default/deployments")
        .with_body(body);
    let resp = c.call(req);
    assert!(resp.is_success(), "{}", resp.body);
}

/// Let the cluster catch up with its clock: at once, or in slices of `budget`.
fn catch_up(c: &mut Cluster, budget: Option<usize>) {
    match budget {
        None => c.tick(),
        Some(b) => {
            // A reconcile a write left unfinished ends first, then one goes toward the clock.
            if c.busy() {
                while !c.tick_within(b) {}
            }
            while !c.tick_within(b) {}
        }
    }
}

/// The scenario, sliced by `budget` (or not): every object as stored, in order.
fn run(budget: Option<usize>) -> (Vec<String>, usize) {
    let clock = Shared(Rc::new(Cell::new(START.0)));
    let mut c = Cluster::new(Profile::minikube(), Box::new(clock.clone()));
    c.slice = budget;
    let mut unfinished = 0;
    post(&mut c, deployment("web", 40, "nginx", None));
    unfinished += usize::from(c.busy());
    // A second write while the first one's reconcile may still be unfinished.
    post(
        &mut c,
        deployment("crash", 12, "busybox", Some("sleep 2; exit 1")),
    );
    unfinished += usize::from(c.busy());
    for secs in [1, 2, 5, 9, 20, 45, 100, 200] {
        clock.0.set(START.0 + secs);
        catch_up(&mut c, budget);
    }
    let req = ApiRequest::new(
        Method::Delete,
        "/apis/apps/v1/namespaces/default/deployments/web",
    );
    assert!(c.call(req).is_success());
    unfinished += usize::from(c.busy());
    for secs in [201, 230, 400] {
        clock.0.set(START.0 + secs);
        catch_up(&mut c, budget);
    }
    assert!(!c.busy());
    let store = c
        .api
        .store()
        .iter()
        .map(|(k, v)| format!("{k:?} {v}"))
        .collect();
    (store, unfinished)
}

#[test]
fn a_sliced_reconcile_leaves_the_same_store() {
    let (whole, _) = run(None);
    assert!(whole.iter().any(|o| o.contains("CrashLoopBackOff")));
    for budget in [1, 7, 64] {
        let (sliced, unfinished) = run(Some(budget));
        assert!(unfinished > 0, "budget {budget} never left work for later");
        assert_eq!(sliced.len(), whole.len(), "budget {budget}");
        for (a, b) in sliced.iter().zip(&whole) {
            assert_eq!(a, b, "budget {budget}");
        }
    }
}

#[test]
fn a_read_between_slices_does_not_catch_up() {
    let clock = Shared(Rc::new(Cell::new(START.0)));
    let mut c = Cluster::new(Profile::minikube(), Box::new(clock));
    c.slice = Some(5);
    post(&mut c, deployment("web", 30, "nginx", None));
    assert!(c.busy());
    let pods = c.peek(ApiRequest::get("/api/v1/namespaces/default/pods"));
    assert!(pods.is_success());
    assert!(c.busy(), "a peek lets nothing run");
    let write = ApiRequest::new(Method::Delete, "/api/v1/namespaces/default/pods");
    assert_eq!(c.peek(write).code, 405);
    c.finish();
    assert!(!c.busy());
}
