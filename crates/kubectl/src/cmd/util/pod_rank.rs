//! kubectl's podutils orderings of a controller's pods: which one `logs` reads
//! (`ByLogging`) and which one `port-forward` picks (`sort.Reverse(ActivePods)`). Both put
//! scheduled, Running, Ready and longer-Ready pods first, then older ones; they differ only in
//! how restarts count.

use std::cmp::Ordering;

use serde_json::Value;

use kubeplay_core::api::meta;

/// How restarts rank a pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restarts {
    /// `ByLogging`: the pod that restarted more comes first.
    MoreFirst,
    /// `ActivePods` reversed: the pod that restarted less comes first.
    FewerFirst,
}

fn phase_rank(pod: &Value) -> u8 {
    match meta::str_at(pod, &["status", "phase"]) {
        "Running" => 2,
        "Unknown" => 1,
        _ => 0,
    }
}

/// When the pod became Ready, if it is.
fn ready_since(pod: &Value) -> Option<String> {
    pod.pointer("/status/conditions")
        .and_then(Value::as_array)?
        .iter()
        .find(|c| c["type"] == "Ready" && c["status"] == "True")
        .map(|c| meta::str_at(c, &["lastTransitionTime"]).to_string())
}

/// The most restarts of any of its containers.
fn max_restarts(pod: &Value) -> i64 {
    pod.pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().filter_map(|s| s["restartCount"].as_i64()).max())
        .unwrap_or(0)
}

/// The ordering: the pod to use first sorts first; the list's order breaks ties.
pub fn compare(a: &Value, b: &Value, restarts: Restarts) -> Ordering {
    let node = |p: &Value| !meta::str_at(p, &["spec", "nodeName"]).is_empty();
    let (ra, rb) = (ready_since(a), ready_since(b));
    let by_restarts = match restarts {
        Restarts::MoreFirst => max_restarts(b).cmp(&max_restarts(a)),
        Restarts::FewerFirst => max_restarts(a).cmp(&max_restarts(b)),
    };
    node(b)
        .cmp(&node(a))
        .then(phase_rank(b).cmp(&phase_rank(a)))
        .then(rb.is_some().cmp(&ra.is_some()))
        .then(match (&ra, &rb) {
            // RFC 3339 in UTC sorts as the times do; earlier first.
            (Some(x), Some(y)) => x.cmp(y),
            _ => Ordering::Equal,
        })
        .then(by_restarts)
        .then(
            meta::str_at(a, &["metadata", "creationTimestamp"])
                .cmp(meta::str_at(b, &["metadata", "creationTimestamp"])),
        )
}
