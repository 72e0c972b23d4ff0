//! Scoring the feasible nodes, after the default plugins that decide where replicas go on an
//! idle cluster: least allocated and balanced allocation (on cpu and memory, counting a pod
//! that requests nothing as 100m and 200Mi), PodTopologySpread's score (computed by its plugin),
//! and fewer untolerated PreferNoSchedule taints. Ties go to the first
//! node by name, where the real scheduler picks at random: a learner sees the same placement
//! every time.

use serde_json::Value;

use super::resources::{self, Requests};
use super::snapshot::NodeInfo;
use super::tainttoleration;
use kubeplay_api::meta;

const MAX: i128 = 100;

fn used(node: &NodeInfo) -> (i128, i128) {
    node.pods.iter().fold((0, 0), |(c, m), p| {
        let (pc, pm) = resources::non_zero(&resources::pod_requests(p));
        (c + pc, m + pm)
    })
}

/// LeastAllocated and BalancedAllocation, each 0..=100.
fn allocation(req: &Requests, node: &NodeInfo) -> (i128, i128) {
    let alloc = resources::allocatable(node.node);
    let (pc, pm) = resources::non_zero(req);
    let (uc, um) = used(node);
    let frac = |want: i128, cap: i128| -> f64 {
        if cap <= 0 {
            1.0
        } else {
            (want as f64 / cap as f64).min(1.0)
        }
    };
    let (fc, fm) = (
        frac(uc + pc, alloc.get("cpu")),
        frac(um + pm, alloc.get("memory")),
    );
    let least = (((1.0 - fc) + (1.0 - fm)) / 2.0 * MAX as f64) as i128;
    let balanced = ((1.0 - (fc - fm).abs() / 2.0) * MAX as f64) as i128;
    (least, balanced)
}

fn prefer_no_schedule(pod: &Value, node: &NodeInfo) -> i128 {
    node.node
        .pointer("/spec/taints")
        .and_then(|t| t.as_array())
        .into_iter()
        .flatten()
        .filter(|t| meta::str_at(t, &["effect"]) == "PreferNoSchedule")
        .filter(|t| !tainttoleration::tolerated(pod, t))
        .count() as i128
}

/// The index (into `feasible`) of the best node.
/// `spread` holds PodTopologySpread's normalized score of each feasible node.
pub fn best(pod: &Value, req: &Requests, feasible: &[&NodeInfo], spread: &[i64]) -> usize {
    let taints: Vec<i128> = feasible
        .iter()
        .map(|n| prefer_no_schedule(pod, n))
        .collect();
    let most_taints = taints.iter().copied().max().unwrap_or(0);
    let mut best = (i128::MIN, 0usize);
    for (i, n) in feasible.iter().enumerate() {
        let (least, balanced) = allocation(req, n);
        let spread_score = spread.get(i).copied().map_or(0, i128::from);
        // Normalised as the plugin does: the node with fewest taints scores 100.
        let taint_score = if most_taints == 0 {
            MAX
        } else {
            (most_taints - taints[i]) * MAX / most_taints
        };
        let total = least + balanced + 2 * spread_score + 3 * taint_score;
        if total > best.0 {
            best = (total, i);
        }
    }
    best.1
}
