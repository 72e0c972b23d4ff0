//! The page's pause: while paused the API server still answers and stores, but no controller
//! acts until time is let pass (`advance`, `catch_up`) or the pause ends.

use serde_json::{json, Value};

use kubeplay_api::{ApiRequest, Method, Transport};
use kubeplay_cluster::fixture;
use kubeplay_cluster::Cluster;

const PODS: &str = "/api/v1/namespaces/default/pods";

fn create_pod(c: &mut Cluster) {
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
        "spec": {"containers": [{"name": "web", "image": "nginx"}]}});
    let req = ApiRequest::new(Method::Post, PODS).with_body(pod.to_string());
    assert!(c.call(req).is_success());
}

fn node_of_web(c: &mut Cluster) -> Value {
    let got: Value =
        serde_json::from_str(&c.call(ApiRequest::get(format!("{PODS}/web"))).body).unwrap();
    got.pointer("/spec/nodeName")
        .cloned()
        .unwrap_or(Value::Null)
}

#[test]
fn a_paused_cluster_answers_but_waits_until_time_is_let_pass() {
    let mut c = fixture::minikube();
    c.paused = true;
    create_pod(&mut c);
    c.tick();
    assert_eq!(node_of_web(&mut c), Value::Null, "the scheduler waits");
    c.advance(1);
    assert_eq!(node_of_web(&mut c), json!("minikube"));
}

#[test]
fn ending_the_pause_lets_the_next_tick_reconcile() {
    let mut c = fixture::minikube();
    c.paused = true;
    create_pod(&mut c);
    c.paused = false;
    c.tick();
    assert_eq!(node_of_web(&mut c), json!("minikube"));
}
