//! The DaemonSet controller: one pod on each node that should run it (the template's node
//! selector and affinity match the node, and the pod tolerates the node's taints), pinned there
//! by node affinity, with the tolerations daemon pods always get.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Map, Value};

use super::replicaset::{create_in_batches, is_ready, owned_pods, pod_from_template, retry_later};
use super::{scheduler, util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

/// Tolerations the DaemonSet controller adds so its pods survive node conditions.
const TOLERATIONS: &[(&str, &str)] = &[
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
];

fn daemon_pod(ds: &Value, node: &str) -> Value {
    let hash = util::template_hash(ds.pointer("/spec/template").unwrap_or(&Value::Null));
    let generation = util::int_at(ds, "/metadata/generation").max(1);
    let mut pod = pod_from_template(
        ds,
        &[
            ("controller-revision-hash", hash),
            ("pod-template-generation", generation.to_string()),
        ],
    );
    meta::set(
        &mut pod,
        &["spec", "affinity", "nodeAffinity"],
        json!({"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}
        ]}}),
    );
    let mut tols: Vec<Value> = pod
        .pointer("/spec/tolerations")
        .and_then(|t| t.as_array())
        .cloned()
        .unwrap_or_default();
    for (k, effect) in TOLERATIONS {
        if !tols.iter().any(|t| meta::str_at(t, &["key"]) == *k) {
            tols.push(json!({"effect": effect, "key": k, "operator": "Exists"}));
        }
    }
    meta::set(&mut pod, &["spec", "tolerations"], Value::Array(tols));
    pod
}

/// The node a daemon pod is pinned to (by its affinity, or already bound).
fn pinned_node(pod: &Value) -> &str {
    let bound = meta::str_at(pod, &["spec", "nodeName"]);
    if !bound.is_empty() {
        return bound;
    }
    pod.pointer("/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchFields/0/values/0")
        .and_then(|v| v.as_str())
        .unwrap_or("")
}

/// The nodes that should run the DaemonSet's pod, by name.
fn wanted_nodes(api: &ApiServer, ds: &Value) -> Vec<String> {
    api.store()
        .list("/nodes", None)
        .filter(|(_, n)| scheduler::daemon_fits(&daemon_pod(ds, meta::name(n)), n))
        .map(|(k, _)| k.name)
        .collect()
}

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(ds) = api.store().get(key).cloned() else {
        return;
    };
    if ds.is_deleting() {
        return;
    }
    let uid = ds.uid().to_string();
    let mut pods = owned_pods(api, &key.namespace, &uid);
    let wanted = wanted_nodes(api, &ds);
    let mut failed = false;
    for node in &wanted {
        if !pods.iter().any(|p| pinned_node(p) == node) {
            let body = daemon_pod(&ds, node);
            let (created, err) = create_in_batches(sim, api, &ds, &body, 1, "daemonset-controller");
            pods.extend(created);
            failed |= err.is_some();
        }
    }
    // A refused pod (a quota) is tried again on the work queue's back-off.
    if failed {
        let now = api.now;
        retry_later(sim, key, now);
    } else {
        sim.create_backoff.remove(key);
    }
    write_status(api, &ds, &pods, wanted.len() as i64);
}

fn write_status(api: &mut ApiServer, ds: &Value, pods: &[Value], desired: i64) {
    let n = pods.len() as i64;
    let ready = pods.iter().filter(|p| is_ready(p)).count() as i64;
    let mut status = Map::new();
    status.insert("currentNumberScheduled".into(), json!(n));
    status.insert("desiredNumberScheduled".into(), json!(desired));
    if ready > 0 {
        status.insert("numberAvailable".into(), json!(ready));
    }
    status.insert("numberMisscheduled".into(), json!(0));
    status.insert("numberReady".into(), json!(ready));
    status.insert(
        "observedGeneration".into(),
        json!(util::int_at(ds, "/metadata/generation")),
    );
    if desired - ready > 0 {
        status.insert("numberUnavailable".into(), json!(desired - ready));
    }
    status.insert("updatedNumberScheduled".into(), json!(n));
    let status = Value::Object(status);
    if ds.get("status") != Some(&status) {
        let mut updated = ds.clone();
        meta::set(&mut updated, &["status"], status);
        if let Some(info) = util::info(api, "apps/daemonsets") {
            let _ = util::write(api, &info, updated);
        }
    }
}
