//! The filter of the `DoNotSchedule` constraints: on a node whose domain already holds
//! `matchNum` selected pods, the pod may go only if `matchNum + (1 if it selects itself) -
//! the smallest count over all eligible domains <= maxSkew`, the smallest being 0 while there
//! are fewer domains than `minDomains`. A node without the topology key never fits.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{constraints, count, has_all_keys, label, Constraint};
use crate::scheduler::snapshot::NodeInfo;
use crate::scheduler::status::Status;
use kubeplay_api::meta;

pub const NOT_MATCH: &str = "node(s) didn't match pod topology spread constraints";
pub const MISSING_LABEL: &str =
    "node(s) didn't match pod topology spread constraints (missing required label)";

/// What PreFilter computes once per attempt: each constraint's count per domain.
pub struct PreFilter {
    constraints: Vec<Constraint>,
    counts: Vec<BTreeMap<String, i64>>,
}

/// The counts over `all` nodes; `replaced` stands for the node of the same name (preemption
/// asks with a node whose victims are gone).
pub fn prefilter(pod: &Value, all: &[NodeInfo], replaced: Option<&NodeInfo>) -> PreFilter {
    let constraints = constraints(pod, "DoNotSchedule");
    let mut counts = vec![BTreeMap::new(); constraints.len()];
    let ns = meta::namespace(pod);
    for node in all {
        let node = match replaced {
            Some(r) if r.name == node.name => r,
            _ => node,
        };
        if !has_all_keys(node, &constraints) {
            continue;
        }
        for (i, c) in constraints.iter().enumerate() {
            if !c.includes(pod, node) {
                continue;
            }
            let value = label(node, &c.key).unwrap_or("").to_string();
            *counts[i].entry(value).or_insert(0) += count(&node.pods, c, ns);
        }
    }
    PreFilter {
        constraints,
        counts,
    }
}

impl PreFilter {
    /// The global minimum of constraint `i`.
    fn min_match(&self, i: usize) -> i64 {
        let domains = &self.counts[i];
        if (domains.len() as i64) < self.constraints[i].min_domains {
            return 0;
        }
        domains.values().copied().min().unwrap_or(0)
    }

    pub fn filter(&self, pod: &Value, node: &NodeInfo) -> Option<Status> {
        let own = pod.pointer("/metadata/labels");
        for (i, c) in self.constraints.iter().enumerate() {
            let Some(value) = label(node, &c.key) else {
                return Some(Status::unresolvable(MISSING_LABEL));
            };
            let matched = self.counts[i].get(value).copied().unwrap_or(0);
            let skew = matched + i64::from(c.selects(own)) - self.min_match(i);
            if skew > c.max_skew {
                return Some(Status::unschedulable(NOT_MATCH));
            }
        }
        None
    }
}
