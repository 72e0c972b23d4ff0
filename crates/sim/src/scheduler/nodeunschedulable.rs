//! NodeUnschedulable: a cordoned node (`spec.unschedulable`) takes only pods that tolerate the
//! `node.kubernetes.io/unschedulable:NoSchedule` taint.

use serde_json::{json, Value};

use super::snapshot::NodeInfo;
use super::status::Status;
use super::tainttoleration;

pub const REASON: &str = "node(s) were unschedulable";

pub fn filter(pod: &Value, node: &NodeInfo) -> Option<Status> {
    let cordoned = node
        .node
        .pointer("/spec/unschedulable")
        .and_then(|u| u.as_bool())
        .unwrap_or(false);
    if !cordoned {
        return None;
    }
    let taint = json!({"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"});
    if tainttoleration::tolerated(pod, &taint) {
        return None;
    }
    Some(Status::unresolvable(REASON))
}
