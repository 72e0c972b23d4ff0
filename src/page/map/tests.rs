//! The map built from plain objects: owner chains, endpoints, references, filters, the node view
//! and the text alternative.

use serde_json::{json, Value};

use super::build::build;
use super::objects::{fill, Objects};
use super::view::{Health, Item, Kind, MapOptions, MapView};
use crate::page::words::{words, Lang};

fn meta(kind: &str, name: &str, uid: &str) -> Value {
    json!({"kind": kind, "metadata": {"name": name, "namespace": "default", "uid": uid}})
}

fn owned(mut v: Value, kind: &str, name: &str, uid: &str) -> Value {
    v["metadata"]["ownerReferences"] =
        json!([{"kind": kind, "name": name, "uid": uid, "controller": true}]);
    v
}

fn pod(name: &str, owner: Option<(&str, &str, &str)>, running: bool, restarts: i64) -> Value {
    let mut p = meta("Pod", name, &format!("uid-{name}"));
    if let Some((k, n, u)) = owner {
        p = owned(p, k, n, u);
    }
    p["metadata"]["labels"] = json!({"app": "web"});
    p["spec"] = json!({"nodeName": "node-a", "containers": [{"name": "c"}],
        "volumes": [{"name": "v", "configMap": {"name": "settings"}}]});
    p["status"] = if running {
        json!({"phase": "Running", "containerStatuses": [{"name": "c", "ready": true,
            "restartCount": restarts, "state": {"running": {}}}]})
    } else {
        json!({"phase": "Running", "containerStatuses": [{"name": "c", "ready": false,
            "restartCount": restarts, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]})
    };
    p
}

fn rs(name: &str, rev: &str, replicas: i64, ready: i64) -> Value {
    let mut v = owned(meta("ReplicaSet", name, name), "Deployment", "web", "dep");
    v["metadata"]["annotations"] = json!({"deployment.kubernetes.io/revision": rev});
    v["spec"] = json!({"replicas": replicas});
    v["status"] = json!({"readyReplicas": ready});
    v
}

/// A Deployment half-way through a rollout, a Service, a ConfigMap and a missing Secret.
fn objects() -> Vec<Value> {
    let mut dep = meta("Deployment", "web", "dep");
    dep["spec"] = json!({"replicas": 3});
    dep["status"] =
        json!({"replicas": 4, "readyReplicas": 3, "updatedReplicas": 1, "availableReplicas": 3});
    let mut svc = meta("Service", "web", "svc");
    svc["spec"] = json!({"type": "ClusterIP", "selector": {"app": "web"}});
    let mut slice = meta("EndpointSlice", "web-abc", "slice");
    slice["metadata"]["labels"] = json!({"kubernetes.io/service-name": "web"});
    slice["endpoints"] = json!([
        {"addresses": ["10.0.0.1"], "conditions": {"ready": true}, "targetRef": {"name": "old-1"}},
        {"addresses": ["10.0.0.2"], "conditions": {"ready": true}, "targetRef": {"name": "old-2"}},
        {"addresses": ["10.0.0.3"], "conditions": {"ready": false}, "targetRef": {"name": "new-1"}},
    ]);
    let mut ing = meta("Ingress", "front", "ing");
    ing["spec"] = json!({"rules": [{"host": "a.example", "http": {"paths": [
        {"path": "/", "backend": {"service": {"name": "web", "port": {"number": 80}}}},
        {"path": "/api", "backend": {"service": {"name": "api", "port": {"number": 8080}}}},
    ]}}]});
    let mut lone = pod("debug", None, true, 0);
    lone["spec"]["containers"][0]["env"] =
        json!([{"name": "T", "valueFrom": {"secretKeyRef": {"name": "token", "key": "t"}}}]);
    let rs_owner = |n: &'static str| Some(("ReplicaSet", n, n));
    vec![
        json!({"kind": "Namespace", "metadata": {"name": "default"}}),
        json!({"kind": "Namespace", "metadata": {"name": "kube-system"}}),
        json!({"kind": "Node", "metadata": {"name": "node-a"},
            "status": {"conditions": [{"type": "Ready", "status": "True"}]}}),
        json!({"kind": "Node", "metadata": {"name": "node-b"},
            "status": {"conditions": [{"type": "Ready", "status": "False"}]}}),
        dep,
        rs("web-old", "1", 2, 2),
        rs("web-new", "2", 2, 0),
        pod("old-1", rs_owner("web-old"), true, 0),
        pod("old-2", rs_owner("web-old"), true, 0),
        pod("new-1", rs_owner("web-new"), false, 4),
        svc,
        slice,
        ing,
        lone,
        json!({"kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "default"}}),
        json!({"kind": "ConfigMap", "metadata": {"name": "kube-root-ca.crt", "namespace": "default"}}),
    ]
}

fn map(values: &[Value], options: MapOptions) -> MapView {
    build(&Objects::from_values(values), &options, words(Lang::En))
}

fn section<'a>(m: &'a MapView, title: &str) -> &'a [Item] {
    m.namespaces[0]
        .sections
        .iter()
        .find(|s| s.title == title)
        .map_or(&[], |s| s.items.as_slice())
}

#[test]
fn a_deployment_owns_its_replicasets_newest_first_and_they_own_their_pods() {
    let m = map(&objects(), MapOptions::default());
    assert_eq!(m.namespaces.len(), 1, "kube-system has nothing to draw");
    let dep = &section(&m, "Workloads")[0];
    assert_eq!((dep.kind, dep.name.as_str()), (Kind::Deployment, "web"));
    assert_eq!(dep.summary, "3/3 ready · 1 up to date");
    assert_eq!(
        dep.health,
        Health::Bad,
        "a crashing pod makes its chain bad"
    );
    let sets: Vec<(&str, &str)> = dep
        .children
        .iter()
        .map(|c| (c.name.as_str(), c.summary.as_str()))
        .collect();
    assert_eq!(
        sets,
        [
            ("web-new", "revision 2 · 0/2 ready"),
            ("web-old", "revision 1 · 2/2 ready")
        ]
    );
    let new = dep.children[0].pods.clone().unwrap();
    assert_eq!((new.total, new.rows[0].restarts), (1, 4));
    assert_eq!(new.counts[0].status, "CrashLoopBackOff");
    let old = dep.children[1].pods.clone().unwrap();
    assert_eq!(old.counts[0].n, 2);
    assert_eq!(dep.children[1].health, Health::Good);
}

#[test]
fn a_service_shows_its_selector_its_workload_and_its_endpoints() {
    let m = map(&objects(), MapOptions::default());
    let svc = &section(&m, "Services")[0];
    assert_eq!(svc.summary, "ClusterIP · endpoints: 2 ready, 1 not ready");
    assert_eq!(svc.note, "selects app=web → deployment web, pod");
    assert_eq!(svc.health, Health::Good);
    let eps = svc.pods.clone().unwrap();
    assert_eq!(eps.rows[2].name, "new-1");
    assert_eq!(eps.rows[2].status, "not ready");
    let ing = &section(&m, "Ingresses")[0];
    let backends: Vec<(&str, &str, Health)> = ing
        .children
        .iter()
        .map(|c| (c.name.as_str(), c.summary.as_str(), c.health))
        .collect();
    assert_eq!(
        backends,
        [
            ("web", "a.example/ → port 80", Health::Good),
            ("api", "a.example/api → port 8080", Health::Bad)
        ]
    );
    assert!(ing.children.iter().all(|c| c.reference));
}

#[test]
fn configuration_links_to_the_pods_that_use_it_and_missing_objects_show() {
    let m = map(&objects(), MapOptions::default());
    let config: Vec<(&str, &str, &str)> = section(&m, "Configuration and storage")
        .iter()
        .map(|c| (c.name.as_str(), c.summary.as_str(), c.note.as_str()))
        .collect();
    assert_eq!(
        config,
        [
            ("settings", "used by 4 pods", "deployment web, pod debug"),
            ("token", "missing", "needed by pod debug"),
        ]
    );
    let lone = section(&m, "Pods without owner");
    assert_eq!(lone[0].name, "debug");
    assert_eq!(lone[0].summary, "Running · 1/1");
}

#[test]
fn filters_keep_one_namespace_or_one_kind() {
    let only_services = MapOptions {
        kind: Some(Kind::Service),
        ..MapOptions::default()
    };
    let m = map(&objects(), only_services);
    assert_eq!(m.namespaces[0].sections.len(), 1);
    assert_eq!(m.namespaces[0].sections[0].items[0].kind, Kind::Service);
    let elsewhere = MapOptions {
        namespace: Some("kube-system".into()),
        ..MapOptions::default()
    };
    let m = map(&objects(), elsewhere);
    assert!(m.namespaces.is_empty());
    assert_eq!(m.pods, 0);
    assert_eq!(m.text, "Nothing to show here.\n");
    assert_eq!(m.all_namespaces, ["default", "kube-system"]);
}

#[test]
fn the_node_view_places_pods_on_their_nodes() {
    let mut values = objects();
    values.push(
        json!({"kind": "Pod", "metadata": {"name": "waiting", "namespace": "default"},
        "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Pending"}}),
    );
    let m = map(
        &values,
        MapOptions {
            by_node: true,
            ..MapOptions::default()
        },
    );
    assert!(m.multi_node);
    let nodes: Vec<(&str, &str, usize)> = m
        .nodes
        .iter()
        .map(|n| {
            (
                n.name.as_str(),
                n.summary.as_str(),
                n.pods.as_ref().unwrap().total,
            )
        })
        .collect();
    assert_eq!(
        nodes,
        [
            ("node-a", "Ready", 4),
            ("node-b", "NotReady", 0),
            ("", "", 1)
        ]
    );
    assert_eq!(m.nodes[1].health, Health::Bad);
    assert!(
        m.text
            .contains("Not placed on a node yet\n  1 pod: 1 Pending\n"),
        "{}",
        m.text
    );
}

#[test]
fn the_text_version_follows_the_tree() {
    let m = map(&objects(), MapOptions::default());
    let want = "\
namespace default
  Ingresses
    Ingress front (a.example/ → port 80, a.example/api → port 8080)";
    assert!(
        !m.text.starts_with(want),
        "the ingress's class is empty, no colon"
    );
    assert!(m.text.contains(
        "    Deployment web: 3/3 ready · 1 up to date\n      ReplicaSet web-new: revision 2 · 0/2 ready\n        1 pod: 1 CrashLoopBackOff\n          pod new-1: CrashLoopBackOff 0/1, 4 restarts\n"
    ), "{}", m.text);
    assert!(m.text.contains("    Service web: ClusterIP · endpoints: 2 ready, 1 not ready (selects app=web → deployment web, pod)\n"), "{}", m.text);
}

#[test]
fn a_thousand_pods_are_counted_and_listed_up_to_the_bound() {
    let mut values = objects();
    values.retain(|v| v["kind"] != "Pod");
    for k in 0..6000 {
        values.push(pod(
            &format!("p{k}"),
            Some(("ReplicaSet", "web-old", "web-old")),
            k % 3 != 0,
            0,
        ));
    }
    let m = map(&values, MapOptions::default());
    let old = section(&m, "Workloads")[0].children[1]
        .pods
        .clone()
        .unwrap();
    assert_eq!(old.total, 6000);
    assert_eq!(old.rows.len(), super::MAX_ROWS);
    assert_eq!(
        (
            old.counts[0].status.as_str(),
            old.counts[0].n,
            old.counts[1].n
        ),
        ("Running", 4000, 2000)
    );
    assert!(m
        .text
        .contains("6000 pods: 4000 Running, 2000 CrashLoopBackOff\n"));
    assert!(
        !m.text.contains("pod p1:"),
        "a big group is only counted in words"
    );
}

#[test]
fn templates_are_filled_in_order() {
    assert_eq!(fill("{}/{} ready", &[&2, &3]), "2/3 ready");
    assert_eq!(fill("{} and {}", &[&1]), "1 and ");
    let fr = words(Lang::Fr);
    assert_eq!(fill(fr.map_ready, &[&1, &2]), "1/2 prêts");
}
