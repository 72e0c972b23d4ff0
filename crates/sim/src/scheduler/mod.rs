//! The scheduler: a pod without a node is filtered against every Node in the store with the
//! default plugins of v1.32 (one file each), scored, and bound to the best; when no node fits
//! it stays Pending with `PodScheduled=False` and a `FailedScheduling` event naming why, and is
//! tried again when the cluster changes or five minutes pass.

mod diagnosis;
mod interpodaffinity;
mod nodeaffinity;
mod nodeports;
mod noderesources;
mod nodeunschedulable;
mod podtopologyspread;
mod preemption;
mod queue;
mod resources;
mod score;
mod snapshot;
mod status;
mod tainttoleration;
mod volumebinding;

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Value};

use super::events::{self, Event, Source};
use super::{util, Sim};
use diagnosis::{Failure, PostFilter};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;
pub use queue::Queue;
pub use tainttoleration::matches as tolerates;

/// Whether the DaemonSet controller puts a daemon pod on `node`: the pod's node selector and
/// affinity match it and the pod tolerates its NoSchedule and NoExecute taints.
pub fn daemon_fits(pod: &Value, node: &Value) -> bool {
    let info = snapshot::NodeInfo {
        node,
        name: meta::name(node),
        pods: Vec::new(),
        requested: resources::Requests::default(),
    };
    nodeaffinity::matches(pod, &info) && tainttoleration::untolerated(pod, node).is_none()
}

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(pod) = api.store().get(key) else {
        return;
    };
    if !meta::str_at(pod, &["spec", "nodeName"]).is_empty() || pod.is_deleting() {
        sim.sched.forget(key);
        return;
    }
    let scheduler = meta::str_at(pod, &["spec", "schedulerName"]);
    if !scheduler.is_empty() && scheduler != "default-scheduler" {
        return;
    }
    let now = api.now;
    if !sim.sched.due(key, now) {
        return;
    }
    let pod = pod.clone();
    match decide(api, &pod) {
        Ok(node) => bind(sim, api, key, pod, &node),
        Err(u) => {
            if let Some((node, victims)) = &u.nominated {
                preempt(sim, api, &pod, node, victims);
            }
            fail(sim, api, key, pod, u.message, u.nominated.map(|(n, _)| n));
        }
    }
}

/// Why a pod was not bound: the FitError message, and the victims preemption chose, if any.
struct Unschedulable {
    message: String,
    nominated: Option<(String, Vec<Value>)>,
}

/// The node the pod goes to, or why none.
fn decide(api: &ApiServer, pod: &Value) -> Result<String, Unschedulable> {
    let mut nodes = snapshot::take(api);
    snapshot::reserve_nominated(&mut nodes, api, pod);
    let req = noderesources::requests(pod);
    let failure = match volumebinding::prefilter(api, pod) {
        Some(s) => Failure::PreFilter(s),
        None => match filter(api, pod, &req, &nodes) {
            Ok(name) => return Ok(name),
            Err(failed) => Failure::Nodes(failed),
        },
    };
    let statuses = diagnosis::statuses(&failure, nodes.len());
    let (post, nominated) = if let Some(why) = preemption::not_eligible(pod, &nodes) {
        (PostFilter::NotEligible(why), None)
    } else {
        match preemption::preempt(pod, &req, &nodes, &statuses) {
            Ok(c) => (
                PostFilter::Nominated,
                Some((c.node.to_string(), c.victims.into_iter().cloned().collect())),
            ),
            Err(v) => (PostFilter::Failed(v), None),
        }
    };
    Err(Unschedulable {
        message: diagnosis::message(&failure, &post, nodes.len()),
        nominated,
    })
}

/// Every node through the filters: the best feasible node, or each node's status.
fn filter(
    api: &ApiServer,
    pod: &Value,
    req: &resources::Requests,
    nodes: &[snapshot::NodeInfo],
) -> Result<String, Vec<status::Status>> {
    let volumes = volumebinding::bound_volumes(api, pod);
    let mut failed = Vec::new();
    let mut feasible = Vec::new();
    let considered = nodeaffinity::prefilter_names(pod);
    let spread = podtopologyspread::prefilter(pod, nodes, None);
    let anti_pods = interpodaffinity::existing_anti(nodes);
    for node in nodes {
        if considered
            .as_ref()
            .is_some_and(|names| !names.iter().any(|n| n == node.name))
        {
            failed.push(nodeaffinity::not_considered());
            continue;
        }
        // In the default profile's order; a node fails on the first plugin that rejects it.
        let verdict = nodeunschedulable::filter(pod, node)
            .or_else(|| tainttoleration::filter(pod, node))
            .or_else(|| nodeaffinity::filter(pod, node))
            .or_else(|| nodeports::filter(pod, node))
            .or_else(|| noderesources::filter(req, node))
            .or_else(|| volumebinding::filter(&volumes, node))
            .or_else(|| spread.filter(pod, node))
            .or_else(|| interpodaffinity::filter_with(pod, node, nodes, &anti_pods));
        match verdict {
            Some(s) => failed.push(s),
            None => feasible.push(node),
        }
    }
    if feasible.is_empty() {
        return Err(failed);
    }
    let spread = podtopologyspread::scores(api, pod, &feasible, nodes);
    let i = score::best(pod, req, &feasible, &spread);
    Ok(feasible[i].name.to_string())
}

/// The scheduler's instance name: it runs on the control plane's node.
fn instance(sim: &Sim) -> String {
    format!("default-scheduler-{}", sim.node.name)
}

fn set_condition(pod: &mut Value, cond: Value) {
    let conds = pod
        .pointer_mut("/status/conditions")
        .and_then(|c| c.as_array_mut());
    match conds {
        Some(list) => {
            list.retain(|c| c.get("type").and_then(|t| t.as_str()) != Some("PodScheduled"));
            list.push(cond);
        }
        None => meta::set(pod, &["status", "conditions"], json!([cond])),
    }
}

fn scheduled_condition(pod: &Value) -> Option<&Value> {
    pod.pointer("/status/conditions")
        .and_then(|c| c.as_array())?
        .iter()
        .find(|c| meta::str_at(c, &["type"]) == "PodScheduled")
}

fn bind(sim: &mut Sim, api: &mut ApiServer, key: &Key, mut pod: Value, node: &str) {
    let now = api.now;
    sim.sched.forget(key);
    meta::set_str(&mut pod, &["spec", "nodeName"], node);
    // Bound: any nomination from an earlier preemption is over.
    if let Some(st) = pod.get_mut("status").and_then(|s| s.as_object_mut()) {
        st.shift_remove("nominatedNodeName");
    }
    set_condition(
        &mut pod,
        json!({
            "lastProbeTime": null,
            "lastTransitionTime": now.rfc3339(),
            "status": "True",
            "type": "PodScheduled",
        }),
    );
    meta::default(&mut pod, &["status", "phase"], json!("Pending"));
    let Some(info) = util::info(api, "/pods") else {
        return;
    };
    // The scheduler binds through the pods/binding subresource, which may set `spec.nodeName`
    // where a plain update may not: `util::write` falls back to writing as it does.
    let Some(bound) = api.untracked(|api| util::write(api, &info, pod)) else {
        return;
    };
    let message = format!(
        "Successfully assigned {}/{} to {node}",
        key.namespace, key.name
    );
    let instance = instance(sim);
    events::record(
        sim,
        api,
        Event::normal(
            &bound,
            "Scheduled",
            message,
            Source::Reporting("default-scheduler", &instance, "Binding"),
        ),
        now,
    );
    let released = sim.sched.release_affine(now);
    requeue(sim, api, released);
}

/// Whether a pod landing somewhere may let this one fit: its pod affinity, or its spread
/// constraints (a new pod in the emptiest domain lowers the skew elsewhere).
fn waits_for_pods(pod: &Value) -> bool {
    pod.pointer("/spec/affinity/podAffinity").is_some() || podtopologyspread::has_own(pod)
}

/// Evict the victims for `pod`: each gets the DisruptionTarget condition, a Preempted event
/// and is deleted.
fn preempt(sim: &mut Sim, api: &mut ApiServer, pod: &Value, node: &str, victims: &[Value]) {
    let Some(info) = util::info(api, "/pods") else {
        return;
    };
    let now = api.now;
    let scheduler = match meta::str_at(pod, &["spec", "schedulerName"]) {
        "" => "default-scheduler",
        s => s,
    };
    for victim in victims {
        let mut v = victim.clone();
        if let Some(list) = v
            .pointer_mut("/status/conditions")
            .and_then(|c| c.as_array_mut())
        {
            list.retain(|c| meta::str_at(c, &["type"]) != "DisruptionTarget");
            list.push(json!({
                "lastProbeTime": null,
                "lastTransitionTime": now.rfc3339(),
                "message": format!("{scheduler}: preempting to accommodate a higher priority pod"),
                "reason": "PreemptionByScheduler",
                "status": "True",
                "type": "DisruptionTarget",
            }));
        }
        let written = util::write(api, &info, v).unwrap_or_else(|| victim.clone());
        let instance = instance(sim);
        let message = format!("Preempted by pod {} on node {node}", pod.uid());
        events::record(
            sim,
            api,
            Event::normal(
                &written,
                "Preempted",
                message,
                Source::Reporting("default-scheduler", &instance, "Preempting"),
            ),
            now,
        );
        let ns = meta::namespace(&written).to_string();
        let _ = api.delete(&info, Some(&ns), meta::name(&written), false);
    }
}

fn fail(
    sim: &mut Sim,
    api: &mut ApiServer,
    key: &Key,
    mut pod: Value,
    message: String,
    nominated: Option<String>,
) {
    let now = api.now;
    let retry = now.plus(queue::FLUSH_AFTER);
    sim.sched.park(key, now, retry, waits_for_pods(&pod));
    sim.wake(retry, key);
    let old = scheduled_condition(&pod).cloned();
    let same_status = old
        .as_ref()
        .is_some_and(|c| meta::str_at(c, &["status"]) == "False");
    let changed = !same_status
        || old
            .as_ref()
            .is_some_and(|c| meta::str_at(c, &["message"]) != message);
    let mut involved = pod.clone();
    if changed {
        let since = match (&old, same_status) {
            (Some(c), true) => meta::str_at(c, &["lastTransitionTime"]).to_string(),
            _ => now.rfc3339(),
        };
        set_condition(
            &mut pod,
            json!({
                "lastProbeTime": null,
                "lastTransitionTime": since,
                "message": message,
                "reason": "Unschedulable",
                "status": "False",
                "type": "PodScheduled",
            }),
        );
        meta::default(&mut pod, &["status", "phase"], json!("Pending"));
    }
    let nominate = nominated.is_some_and(|n| {
        let changed = meta::str_at(&pod, &["status", "nominatedNodeName"]) != n;
        meta::set_str(&mut pod, &["status", "nominatedNodeName"], &n);
        changed
    });
    if changed || nominate {
        if let Some(info) = util::info(api, "/pods") {
            if let Some(written) = util::write(api, &info, pod) {
                involved = written;
            }
        }
    }
    let instance = instance(sim);
    let mut ev = Event::normal(
        &involved,
        "FailedScheduling",
        message,
        Source::Reporting("default-scheduler", &instance, "Scheduling"),
    );
    ev.kind = "Warning";
    events::record(sim, api, ev, now);
}

/// Queue released pods as the scheduling queue orders them: higher priority first; a pod
/// still backing off is looked at when its back-off ends.
fn requeue(sim: &mut Sim, api: &ApiServer, released: Vec<(Key, Time)>) {
    let now = api.now;
    let mut keys = Vec::new();
    for (key, at) in released {
        if at > now {
            sim.wake(at, &key);
        } else {
            keys.push(key);
        }
    }
    let priority = |k: &Key| api.store().get(k).map(preemption::priority).unwrap_or(0);
    kubeplay_core::sort::SortOnce::sort_once_by_key(&mut keys[..], |k| -priority(k));
    sim.queue.extend(keys);
}

/// A pod went away: what it held is free, so every unschedulable pod may fit now.
pub fn pod_gone(sim: &mut Sim, api: &ApiServer, key: &Key) {
    sim.sched.forget(key);
    let released = sim.sched.release_all(api.now);
    requeue(sim, api, released);
}

/// A claim was written or removed: when it appeared, went or changed phase (bound), pods
/// waiting on claims may go now.
pub fn claim_changed(sim: &mut Sim, api: &ApiServer, key: &Key) {
    let phase = api
        .store()
        .get(key)
        .map(|c| meta::str_at(c, &["status", "phase"]).to_string());
    if sim.sched.claim_changed(key, phase) {
        let released = sim.sched.release_all(api.now);
        requeue(sim, api, released);
    }
}

/// What of a node the filters read; heartbeats change none of it.
fn node_view(node: &Value) -> Value {
    let conditions: Vec<Value> = node
        .pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .map(|c| json!([meta::str_at(c, &["type"]), meta::str_at(c, &["status"])]))
        .collect();
    json!({
        "labels": node.pointer("/metadata/labels"),
        "taints": node.pointer("/spec/taints"),
        "unschedulable": node.pointer("/spec/unschedulable"),
        "allocatable": node.pointer("/status/allocatable"),
        "conditions": conditions,
    })
}

/// A node was written or removed: if what the filters read changed, retry the waiting pods
/// (and say so, for the DaemonSets).
pub fn node_changed(sim: &mut Sim, api: &ApiServer, key: &Key) -> bool {
    let view = api.store().get(key).map(node_view);
    let changed = sim.sched.node_changed(&key.name, view);
    if changed {
        let released = sim.sched.release_all(api.now);
        requeue(sim, api, released);
    }
    changed
}
