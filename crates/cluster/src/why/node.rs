//! Why a node takes no pods: not Ready (the kubelet's condition), cordoned, or tainted.

use serde_json::Value;

use super::{condition, name, text, Explanation};

pub fn explain(_ctx: &super::Ctx, node: &Value, e: &mut Explanation) {
    let n = name(node);
    e.command(format!("kubectl describe node {n}"));
    let ready = condition(node, "Ready");
    let is_ready = ready.is_some_and(|c| text(c, "/status") == "True");
    let cordoned = node
        .pointer("/spec/unschedulable")
        .and_then(|u| u.as_bool())
        == Some(true);
    let taints: Vec<String> = node
        .pointer("/spec/taints")
        .and_then(|t| t.as_array())
        .into_iter()
        .flatten()
        .filter(|t| text(t, "/key") != "node.kubernetes.io/unschedulable")
        .map(|t| format!("{}:{}", text(t, "/key"), text(t, "/effect")))
        .collect();
    if is_ready && !cordoned && taints.is_empty() {
        e.step(
            format!("node/{n} is Ready and schedulable: nothing to explain"),
            "status.conditions Ready",
        );
        e.healthy = true;
        return;
    }
    if let Some(c) = ready.filter(|_| !is_ready) {
        e.step(
            format!(
                "node/{n} is not Ready: {} ({})",
                text(c, "/message"),
                text(c, "/reason")
            ),
            "status.conditions Ready",
        );
    } else {
        e.step(format!("node/{n} is Ready"), "status.conditions Ready");
    }
    if cordoned {
        e.step(
            "it is cordoned: no new pod is scheduled on it",
            "spec.unschedulable",
        );
        e.command(format!("kubectl uncordon {n}"));
    }
    if !taints.is_empty() {
        e.step(
            format!(
                "it is tainted {}: only pods that tolerate that land there",
                taints.join(", ")
            ),
            "spec.taints",
        );
    }
}
