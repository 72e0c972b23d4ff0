//! The DaemonSet controller: one pod on each node that should run it (the template's node
//! selector and affinity match the node, and the pod tolerates the node's taints), pinned there
//! by node affinity, with the tolerations daemon pods always get. A new template is a new
//! ControllerRevision; with RollingUpdate, pods of older ones are replaced node by node, no more
//! unavailable at once than maxUnavailable allows (OnDelete waits for the user).

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::events::{self, Event, Source};
use super::replicaset::{create_in_batches, is_ready, owned_pods, pod_from_template, retry_later};
use super::{revisions, scheduler, util, Sim};
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
    let hash = util::template_hash(ds.pointer("/spec/template").unwrap_or(&Value::Null));
    let in_use: Vec<String> = pods
        .iter()
        .map(|p| format!("{}-{}", key.name, pod_hash(p)))
        .collect();
    // Revisions are written, and pods replaced, from creation for a DaemonSet made here, else
    // from the first change of template the simulator sees (the previous template becomes
    // revision 1): the DaemonSets every profile boots with, whose pods carry the hashes of the
    // clusters they were taken from, stay as they were. Only a new generation of the same
    // object counts as a change.
    let template = ds.pointer("/spec/template").cloned().unwrap_or_default();
    let generation = util::int_at(&ds, "/metadata/generation");
    let before = sim.ds_templates.get(key).filter(|s| s.0 == uid).cloned();
    let changed = before
        .as_ref()
        .is_some_and(|(_, g, t, _)| *g < generation && *t != template);
    // A DaemonSet first seen without pods is the user's own: it keeps revisions from the start.
    let fresh = before.is_none() && pods.is_empty() && generation <= 1;
    let revised = changed || fresh || before.as_ref().is_some_and(|s| s.3);
    if revised {
        if let Some((_, _, old, false)) = &before {
            let old_name = format!("{}-{}", key.name, util::template_hash(old));
            revisions::sync_template(api, &ds, &old_name, old, &in_use);
        }
        revisions::sync(api, &ds, &format!("{}-{hash}", key.name), &in_use);
    }
    sim.ds_templates
        .insert(key.clone(), (uid.clone(), generation, template, revised));
    let wanted = wanted_nodes(api, &ds);
    let mut failed = false;
    for node in &wanted {
        if !pods.iter().any(|p| pinned_node(p) == node) {
            let body = daemon_pod(&ds, node);
            let made = create_in_batches(sim, api, &ds, &body, 1, "daemonset-controller");
            let (created, err) = (made.pods, made.failure);
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
    // Until its template changes, every pod counts as up to date (the profiles' own pods carry
    // the hashes of the clusters they were taken from).
    if revised && meta::str_at(&ds, &["spec", "updateStrategy", "type"]) != "OnDelete" {
        roll(sim, api, &ds, &pods, &hash, wanted.len() as i64);
    }
    let pods = owned_pods(api, &key.namespace, &uid);
    let current = if revised { Some(hash.as_str()) } else { None };
    write_status(api, &ds, &pods, current, wanted.len() as i64);
}

fn pod_hash(pod: &Value) -> &str {
    meta::str_at(pod, &["metadata", "labels", "controller-revision-hash"])
}

/// `maxUnavailable` of `desired` (a percentage rounds up), at least one.
fn max_unavailable(ds: &Value, desired: i64) -> i64 {
    let v = ds.pointer("/spec/updateStrategy/rollingUpdate/maxUnavailable");
    let n = match v {
        Some(Value::String(p)) => p
            .strip_suffix('%')
            .and_then(|p| p.parse::<i64>().ok())
            .map(|p| (p * desired + 99) / 100)
            .unwrap_or(1),
        Some(v) => v.as_i64().unwrap_or(1),
        None => 1,
    };
    n.max(1)
}

/// RollingUpdate: delete the pods of older templates, unhealthy ones first, while no more
/// than maxUnavailable nodes are without a ready pod; the next sync makes their successors.
fn roll(sim: &mut Sim, api: &mut ApiServer, ds: &Value, pods: &[Value], hash: &str, desired: i64) {
    let ready = pods.iter().filter(|p| is_ready(p)).count() as i64;
    let mut unavailable = (desired - ready).max(0);
    let limit = max_unavailable(ds, desired);
    let mut old: Vec<&Value> = pods.iter().filter(|p| pod_hash(p) != hash).collect();
    // Not-ready pods first: replacing them costs no availability.
    old.sort_once_by_key(|p| is_ready(p));
    let Some(info) = util::info(api, "/pods") else {
        return;
    };
    for pod in old {
        let costs = is_ready(pod);
        if costs && unavailable >= limit {
            break;
        }
        let name = meta::name(pod).to_string();
        let ns = meta::namespace(pod).to_string();
        if api.delete(&info, Some(&ns), &name, false).is_ok() {
            let now = api.now;
            let ev = Event::normal(
                ds,
                "SuccessfulDelete",
                format!("Deleted pod: {name}"),
                Source::Controller("daemonset-controller"),
            );
            events::record(sim, api, ev, now);
            if costs {
                unavailable += 1;
            }
        }
    }
}

fn write_status(api: &mut ApiServer, ds: &Value, pods: &[Value], hash: Option<&str>, desired: i64) {
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
    let updated = pods
        .iter()
        .filter(|p| hash.is_none_or(|h| pod_hash(p) == h))
        .count();
    status.insert("updatedNumberScheduled".into(), json!(updated));
    let status = Value::Object(status);
    if ds.get("status") != Some(&status) {
        let mut updated = ds.clone();
        meta::set(&mut updated, &["status"], status);
        if let Some(info) = util::info(api, "apps/daemonsets") {
            let _ = util::write(api, &info, updated);
        }
    }
}
