//! The scheduler on a fixed clock: capacity, retries, spreading over kind's nodes.

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_cluster::fixture::{booted, START as NOW};
use kubeplay_cluster::profile::Profile;
use kubeplay_sim::Sim;

struct T {
    api: ApiServer,
    sim: Sim,
}

impl T {
    fn new(p: Profile) -> T {
        let (api, sim) = booted(&p);
        T { api, sim }
    }

    fn at(&mut self, secs: i64) {
        self.api.now = NOW.plus(secs);
        self.sim.reconcile(&mut self.api);
    }

    fn create(&mut self, obj: Value) {
        let info = self
            .api
            .discovery
            .by_kind(meta::str_at(&obj, &["apiVersion"]), meta::kind(&obj))
            .cloned()
            .unwrap();
        self.api.create(&info, Some("default"), obj, false).unwrap();
        self.sim.reconcile(&mut self.api);
    }

    fn delete_pod(&mut self, name: &str) {
        let info = self.api.discovery.by_kind("v1", "Pod").cloned().unwrap();
        self.api
            .delete(&info, Some("default"), name, false)
            .unwrap();
        self.sim.reconcile(&mut self.api);
    }

    fn pod(&self, name: &str) -> Value {
        self.api
            .store()
            .get(&Key::new("/pods", "default", name))
            .cloned()
            .unwrap()
    }

    fn pods(&self, ns: &str) -> Vec<Value> {
        self.api
            .store()
            .list("/pods", Some(ns))
            .map(|(_, v)| v.clone())
            .collect()
    }
}

fn node_of(p: &Value) -> &str {
    meta::str_at(p, &["spec", "nodeName"])
}

fn scheduled_message(p: &Value) -> String {
    p["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["type"] == "PodScheduled")
        .map(|c| meta::str_at(c, &["message"]).to_string())
        .unwrap_or_default()
}

fn cpu_pod(name: &str, cpu: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
        "spec": {"containers": [{"name": "app", "image": "nginx",
            "resources": {"requests": {"cpu": cpu}}}]}})
}

fn deployment(name: &str, replicas: i64) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}})
}

#[test]
fn a_node_takes_no_more_pods_than_it_allows() {
    let mut t = T::new(Profile::minikube());
    t.create(deployment("many", 120));
    t.at(5);
    let pods = t.pods("default");
    assert_eq!(pods.len(), 120);
    let system = t.pods("kube-system").len();
    let bound = pods.iter().filter(|p| !node_of(p).is_empty()).count();
    assert_eq!(bound + system, 110);
    let pending = pods.iter().find(|p| node_of(p).is_empty()).unwrap();
    assert_eq!(
        scheduled_message(pending),
        "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    );
}

#[test]
#[ignore]
fn two_thousand_replicas_take_bounded_time() {
    let mut t = T::new(Profile::minikube());
    t.create(deployment("many", 2000));
    t.at(5);
    assert_eq!(t.pods("default").len(), 2000);
}

#[test]
fn a_pending_pod_is_scheduled_when_what_blocked_it_goes() {
    let mut t = T::new(Profile::minikube());
    t.create(cpu_pod("first", "6"));
    t.create(cpu_pod("second", "6"));
    assert_eq!(node_of(&t.pod("first")), "minikube");
    assert_eq!(node_of(&t.pod("second")), "");
    assert_eq!(t.pod("second")["status"]["phase"], "Pending");
    t.at(10);
    t.delete_pod("first");
    // A terminating pod holds its resources until its kubelet has stopped it.
    assert_eq!(node_of(&t.pod("second")), "");
    t.at(45);
    assert_eq!(node_of(&t.pod("second")), "minikube");
    let cond = t.pod("second")["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "PodScheduled")
        .cloned()
        .unwrap();
    assert_eq!(cond["status"], "True");
}

#[test]
fn an_unschedulable_pod_is_retried_every_five_minutes() {
    let mut t = T::new(Profile::minikube());
    t.create(cpu_pod("big", "100"));
    t.at(901);
    let events: Vec<Value> = t
        .api
        .store()
        .list("/events", Some("default"))
        .map(|(_, e)| e.clone())
        .filter(|e| e["reason"] == "FailedScheduling")
        .collect();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["series"]["count"], 4);
}

#[test]
fn kind_spreads_replicas_over_the_workers() {
    let mut t = T::new(Profile::kind());
    t.create(deployment("web", 6));
    let pods = t.pods("default");
    let on = |n: &str| pods.iter().filter(|p| node_of(p) == n).count();
    assert_eq!((on("kind-worker"), on("kind-worker2")), (3, 3));
    // Addresses come from each node's pod CIDR.
    t.at(10);
    for p in t.pods("default") {
        let ip = meta::str_at(&p, &["status", "podIP"]).to_string();
        let prefix = match node_of(&p) {
            "kind-worker" => "10.244.1.",
            _ => "10.244.2.",
        };
        assert!(ip.starts_with(prefix), "{ip}");
    }
}

#[test]
fn a_daemonset_without_tolerations_skips_the_tainted_control_plane() {
    let mut t = T::new(Profile::kind());
    t.create(json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "agent"},
        "spec": {"selector": {"matchLabels": {"app": "agent"}},
            "template": {"metadata": {"labels": {"app": "agent"}},
                "spec": {"containers": [{"name": "a", "image": "busybox"}]}}}}));
    let mut nodes: Vec<String> = t
        .pods("default")
        .iter()
        .map(|p| node_of(p).to_string())
        .collect();
    nodes.sort_once();
    assert_eq!(nodes, ["kind-worker", "kind-worker2"]);
    let ds = t
        .api
        .store()
        .get(&Key::new("apps/daemonsets", "default", "agent"))
        .cloned()
        .unwrap();
    assert_eq!(ds["status"]["desiredNumberScheduled"], 2);
}

#[test]
fn a_daemon_pod_that_does_not_fit_names_only_its_own_node() {
    let mut t = T::new(Profile::kind());
    t.create(json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "hungry"},
        "spec": {"selector": {"matchLabels": {"app": "hungry"}},
            "template": {"metadata": {"labels": {"app": "hungry"}},
                "spec": {"containers": [{"name": "a", "image": "busybox",
                    "resources": {"requests": {"cpu": "64"}}}]}}}}));
    let pods = t.pods("default");
    assert_eq!(pods.len(), 2);
    assert_eq!(
        scheduled_message(&pods[0]),
        "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."
    );
}

#[test]
fn a_higher_priority_pod_preempts_a_lower_one() {
    let mut t = T::new(Profile::minikube());
    let info = t
        .api
        .discovery
        .by_kind("scheduling.k8s.io/v1", "PriorityClass")
        .cloned()
        .unwrap();
    let class = json!({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
        "metadata": {"name": "high"}, "value": 1000});
    t.api.create(&info, None, class, false).unwrap();
    let class = json!({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
        "metadata": {"name": "high-polite"}, "value": 1000, "preemptionPolicy": "Never"});
    t.api.create(&info, None, class, false).unwrap();
    t.create(cpu_pod("low", "6"));
    let mut vip = cpu_pod("vip", "6");
    vip["spec"]["priorityClassName"] = json!("high");
    let mut never = cpu_pod("polite", "6");
    never["spec"]["priorityClassName"] = json!("high-polite");
    t.create(never);
    assert_eq!(
        scheduled_message(&t.pod("polite")),
        "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never."
    );
    t.create(vip);
    // The victim is deleted gracefully; the preemptor binds once it is gone.
    t.at(45);
    assert!(t
        .api
        .store()
        .get(&Key::new("/pods", "default", "low"))
        .is_none());
    assert_eq!(node_of(&t.pod("vip")), "minikube");
    assert!(t.pod("vip")["status"].get("nominatedNodeName").is_none());
    // The room the preemption freed was kept for vip, not taken by the polite pod.
    assert_eq!(node_of(&t.pod("polite")), "");
}
