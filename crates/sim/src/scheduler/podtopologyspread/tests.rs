use serde_json::{json, Value};

use super::filtering::{MISSING_LABEL, NOT_MATCH};
use super::*;
use crate::scheduler::resources::Requests;
use crate::scheduler::status::Status;

fn node(name: &str, zone: Option<&str>, tainted: bool) -> Value {
    let mut labels = json!({"kubernetes.io/hostname": name});
    if let Some(z) = zone {
        labels["topology.kubernetes.io/zone"] = json!(z);
    }
    let mut n = json!({"metadata": {"name": name, "labels": labels}, "spec": {}});
    if tainted {
        n["spec"]["taints"] =
            json!([{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]);
    }
    n
}

fn pod(name: &str, app: &str) -> Value {
    json!({"metadata": {"name": name, "namespace": "default", "labels": {"app": app}}})
}

fn spread(mut p: Value, cs: Value) -> Value {
    p["spec"] = json!({ "topologySpreadConstraints": cs });
    p
}

fn infos<'a>(nodes: &'a [Value], pods: &'a [Vec<Value>]) -> Vec<NodeInfo<'a>> {
    nodes
        .iter()
        .zip(pods)
        .map(|(n, ps)| NodeInfo {
            node: n,
            name: meta::name(n),
            pods: ps.iter().collect(),
            requested: Requests::default(),
        })
        .collect()
}

fn hostname(extra: Value) -> Value {
    let mut c = json!({"maxSkew": 1, "topologyKey": "kubernetes.io/hostname",
        "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}});
    if let (Some(c), Some(e)) = (c.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            c.insert(k.clone(), v.clone());
        }
    }
    json!([c])
}

fn verdicts(p: &Value, all: &[NodeInfo]) -> Vec<Option<Status>> {
    let state = prefilter(p, all, None);
    all.iter().map(|n| state.filter(p, n)).collect()
}

fn kind_nodes() -> Vec<Value> {
    vec![
        node("kind-control-plane", None, true),
        node("kind-worker", None, false),
        node("kind-worker2", None, false),
    ]
}

#[test]
fn a_tainted_node_is_a_domain_unless_taints_are_honored() {
    let nodes = kind_nodes();
    let pods = vec![vec![], vec![pod("a", "web")], vec![pod("b", "web")]];
    let all = infos(&nodes, &pods);
    let p = spread(pod("c", "web"), hostname(json!({})));
    // The control plane's empty domain is the global minimum: skew 1 + 1 - 0 on each worker.
    let v = verdicts(&p, &all);
    assert_eq!(v[1], Some(Status::unschedulable(NOT_MATCH)));
    assert_eq!(v[2], Some(Status::unschedulable(NOT_MATCH)));
    let honor = spread(
        pod("c", "web"),
        hostname(json!({"nodeTaintsPolicy": "Honor"})),
    );
    let v = verdicts(&honor, &all);
    assert_eq!(v[1], None);
    assert_eq!(v[2], None);
}

#[test]
fn a_node_without_the_key_never_fits() {
    let nodes = kind_nodes();
    let pods = vec![vec![], vec![], vec![]];
    let all = infos(&nodes, &pods);
    let mut cs = hostname(json!({}));
    cs[0]["topologyKey"] = json!("topology.kubernetes.io/zone");
    let v = verdicts(&spread(pod("c", "web"), cs), &all);
    assert!(v
        .iter()
        .all(|s| s == &Some(Status::unresolvable(MISSING_LABEL))));
}

#[test]
fn fewer_domains_than_min_domains_make_the_minimum_zero() {
    let nodes = vec![node("a", Some("z1"), false), node("b", Some("z2"), false)];
    let pods = vec![vec![pod("x", "web")], vec![pod("y", "web")]];
    let all = infos(&nodes, &pods);
    let zone = json!({"topologyKey": "topology.kubernetes.io/zone"});
    let v = verdicts(&spread(pod("c", "web"), hostname(zone.clone())), &all);
    assert_eq!(v, vec![None, None]);
    let mut three = zone;
    three["minDomains"] = json!(3);
    let v = verdicts(&spread(pod("c", "web"), hostname(three)), &all);
    assert_eq!(v[0], Some(Status::unschedulable(NOT_MATCH)));
}

#[test]
fn match_label_keys_narrow_the_selector_to_the_pods_value() {
    let nodes = vec![node("a", None, false), node("b", None, false)];
    let mut old = pod("x", "web");
    old["metadata"]["labels"]["pod-template-hash"] = json!("old");
    let pods = vec![vec![old.clone(), old], vec![]];
    let all = infos(&nodes, &pods);
    let mut p = pod("c", "web");
    p["metadata"]["labels"]["pod-template-hash"] = json!("new");
    let plain = spread(p.clone(), hostname(json!({})));
    assert_eq!(
        verdicts(&plain, &all)[0],
        Some(Status::unschedulable(NOT_MATCH))
    );
    let keyed = spread(
        p,
        hostname(json!({"matchLabelKeys": ["pod-template-hash"]})),
    );
    assert_eq!(verdicts(&keyed, &all), vec![None, None]);
}

#[test]
fn without_a_label_selector_no_pod_counts() {
    let nodes = vec![node("a", None, false), node("b", None, false)];
    let pods = vec![vec![pod("x", "web"), pod("y", "web")], vec![]];
    let all = infos(&nodes, &pods);
    let mut cs = hostname(json!({}));
    if let Some(c) = cs[0].as_object_mut() {
        c.remove("labelSelector");
    }
    assert_eq!(
        verdicts(&spread(pod("c", "web"), cs), &all),
        vec![None, None]
    );
}

#[test]
fn terminating_pods_and_other_namespaces_do_not_count() {
    let nodes = vec![node("a", None, false), node("b", None, false)];
    let mut gone = pod("x", "web");
    gone["metadata"]["deletionTimestamp"] = json!("2024-01-01T00:00:00Z");
    let mut elsewhere = pod("y", "web");
    elsewhere["metadata"]["namespace"] = json!("other");
    let pods = vec![vec![gone, elsewhere], vec![]];
    let all = infos(&nodes, &pods);
    let p = spread(pod("c", "web"), hostname(json!({})));
    assert_eq!(verdicts(&p, &all), vec![None, None]);
}

#[test]
fn preemption_counts_the_node_without_its_victims() {
    let nodes = vec![node("a", None, false), node("b", None, false)];
    let pods = vec![vec![pod("x", "web"), pod("y", "web")], vec![]];
    let all = infos(&nodes, &pods);
    let p = spread(pod("c", "web"), hostname(json!({})));
    assert!(verdicts(&p, &all)[0].is_some());
    let emptied = NodeInfo {
        node: all[0].node,
        name: all[0].name,
        pods: Vec::new(),
        requested: Requests::default(),
    };
    assert_eq!(
        prefilter(&p, &all, Some(&emptied)).filter(&p, &emptied),
        None
    );
}

#[test]
fn schedule_anyway_constraints_do_not_filter() {
    let nodes = vec![node("a", None, false), node("b", None, false)];
    let pods = vec![vec![pod("x", "web"), pod("y", "web")], vec![]];
    let all = infos(&nodes, &pods);
    let p = spread(
        pod("c", "web"),
        hostname(json!({"whenUnsatisfiable": "ScheduleAnyway"})),
    );
    assert_eq!(verdicts(&p, &all), vec![None, None]);
    assert_eq!(constraints(&p, "ScheduleAnyway").len(), 1);
}
