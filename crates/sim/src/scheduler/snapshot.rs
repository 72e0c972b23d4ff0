//! The scheduler's view of the cluster for one attempt: every Node in the store with the pods
//! bound to it (finished pods no longer hold anything), read afresh as the real scheduler's
//! cache mirrors its informers.

use std::collections::HashMap;

use serde_json::Value;

use super::resources::{self, Requests};
use kubeplay_api::{meta, ApiServer};

pub struct NodeInfo<'a> {
    pub node: &'a Value,
    pub name: &'a str,
    pub pods: Vec<&'a Value>,
    pub requested: Requests,
}

impl<'a> NodeInfo<'a> {
    pub fn labels(&self) -> Option<&'a Value> {
        self.node.pointer("/metadata/labels")
    }
}

fn is_terminal(pod: &Value) -> bool {
    matches!(
        meta::str_at(pod, &["status", "phase"]),
        "Succeeded" | "Failed"
    )
}

/// Nodes in the store's order (by name), each with its pods and what they request.
pub fn take(api: &ApiServer) -> Vec<NodeInfo<'_>> {
    let mut nodes: Vec<NodeInfo> = api
        .store()
        .list("/nodes", None)
        .map(|(_, n)| NodeInfo {
            node: n,
            name: meta::name(n),
            pods: Vec::new(),
            requested: Requests::default(),
        })
        .collect();
    // By name, so placing each pod costs one lookup however many nodes there are.
    let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.name, i)).collect();
    for pod in api.store().values("/pods", None) {
        let on = meta::str_at(pod, &["spec", "nodeName"]);
        if on.is_empty() || is_terminal(pod) {
            continue;
        }
        if let Some(n) = index.get(on).and_then(|&i| nodes.get_mut(i)) {
            n.requested.add(&resources::pod_requests(pod));
            n.pods.push(pod);
        }
    }
    nodes
}

fn priority(pod: &Value) -> i64 {
    pod.pointer("/spec/priority")
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// Count the pods nominated to each node (preemptors waiting for their victims to go) whose
/// priority is at least `pod`'s, as the real scheduler does when it filters with nominated
/// pods: the room a preemption freed is kept for the pod that caused it.
pub fn reserve_nominated<'a>(nodes: &mut [NodeInfo<'a>], api: &'a ApiServer, pod: &Value) {
    let own = priority(pod);
    let uid = meta::str_at(pod, &["metadata", "uid"]);
    for other in api.store().values("/pods", None) {
        let on = meta::str_at(other, &["status", "nominatedNodeName"]);
        if on.is_empty()
            || !meta::str_at(other, &["spec", "nodeName"]).is_empty()
            || meta::str_at(other, &["metadata", "uid"]) == uid
            || priority(other) < own
        {
            continue;
        }
        if let Some(n) = nodes.iter_mut().find(|n| n.name == on) {
            n.requested.add(&resources::pod_requests(other));
            n.pods.push(other);
        }
    }
}
