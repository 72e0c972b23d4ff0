//! Pods as the map shows them: one row each with kubectl's STATUS word, and groups of them counted
//! by status with a bounded list.

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value;

use super::objects::{i, list, name, namespace, s};
use super::view::{Count, Health, PodGroup, PodRow, MAX_ROWS};
use crate::api::table::pod_summary;
use crate::clock::Time;
use kubeplay_core::sort::SortOnce;

/// A pod's row: the STATUS column's word as `kubectl get pods` prints it, its readiness and
/// restarts.
pub fn row(pod: &Value) -> PodRow {
    // The time only shapes the restarts' "(5s ago)", which the map does not show.
    let sum = pod_summary(pod, Time(0));
    let restarts = list(pod, "/status/containerStatuses")
        .iter()
        .chain(list(pod, "/status/initContainerStatuses"))
        .map(|c| i(c, "/restartCount"))
        .sum();
    let health = pod_health(&sum.status, &sum.ready);
    PodRow {
        namespace: namespace(pod).to_string(),
        name: name(pod).to_string(),
        status: sum.status,
        health,
        ready: sum.ready,
        restarts,
        node: s(pod, "/spec/nodeName").to_string(),
    }
}

/// The colour of a STATUS word: running and ready is good, on its way is busy, finished is done.
pub fn pod_health(status: &str, ready: &str) -> Health {
    match status {
        "Running" => {
            let (r, t) = ready.split_once('/').unwrap_or(("", ""));
            if r == t {
                Health::Good
            } else {
                Health::Busy
            }
        }
        "Completed" | "Succeeded" => Health::Done,
        "Pending" | "ContainerCreating" | "PodInitializing" | "Terminating" | "SchedulingGated" => {
            Health::Busy
        }
        s if s.starts_with("Init:") && !s.contains("Err") && !s.contains("BackOff") => Health::Busy,
        _ => Health::Bad,
    }
}

/// Rows counted by status (the most first, then by name) and listed up to `MAX_ROWS`.
pub fn group(rows: Vec<PodRow>) -> Rc<PodGroup> {
    let total = rows.len();
    let mut by_status: HashMap<(&str, Health), usize> = HashMap::new();
    for r in &rows {
        *by_status.entry((r.status.as_str(), r.health)).or_default() += 1;
    }
    let mut counts: Vec<Count> = by_status
        .into_iter()
        .map(|((status, health), n)| Count {
            status: status.to_string(),
            health,
            n,
        })
        .collect();
    counts.sort_once_by(|a, b| b.n.cmp(&a.n).then_with(|| a.status.cmp(&b.status)));
    let mut rows = rows;
    rows.truncate(MAX_ROWS);
    Rc::new(PodGroup {
        total,
        counts,
        rows,
        endpoints: false,
    })
}

/// The worst health among a group's pods: one bad pod makes its owner bad.
pub fn worst(group: &PodGroup) -> Option<Health> {
    let rank = |h: Health| match h {
        Health::Bad => 3,
        Health::Busy => 2,
        Health::Good => 1,
        Health::Done => 0,
    };
    group
        .counts
        .iter()
        .map(|c| c.health)
        .max_by_key(|h| rank(*h))
}
