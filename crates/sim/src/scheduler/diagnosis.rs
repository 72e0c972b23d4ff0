//! The message of a failed attempt, as the scheduler's FitError prints it: `0/N nodes are
//! available:` then the PreFilter's message or each reason with how many nodes gave it (sorted
//! as strings), then what preemption found, in the same form.

use std::collections::BTreeMap;

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::status::{Code, Status};
use kubeplay_api::meta;

pub const NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
pub const NO_VICTIMS: &str = "No preemption victims found for incoming pod";

/// Why no node took the pod: a PreFilter verdict for all nodes, or one per node.
pub enum Failure {
    PreFilter(Status),
    Nodes(Vec<Status>),
}

fn statuses(f: &Failure, nodes: usize) -> Vec<Status> {
    match f {
        Failure::PreFilter(s) => vec![s.clone(); nodes],
        Failure::Nodes(v) => v.clone(),
    }
}

/// `N reason` for each distinct reason, sorted as Go's `sort.Strings` does.
fn histogram<'a>(reasons: impl Iterator<Item = &'a str>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in reasons {
        *counts.entry(r).or_default() += 1;
    }
    let mut parts: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
    parts.sort_once();
    parts.join(", ")
}

/// What the default preemption plugin reports: nodes where evicting pods cannot help, and nodes
/// where it might but no pod of lower priority runs (the victims). Preemption never succeeds
/// here, as the pods a learner creates all have the same priority.
fn preemption(pod: &Value, f: &Failure, nodes: usize) -> String {
    if meta::str_at(pod, &["spec", "preemptionPolicy"]) == "Never" {
        return "not eligible due to preemptionPolicy=Never.".into();
    }
    let all = statuses(f, nodes);
    let reasons = all.iter().map(|s| match s.code {
        Code::Unschedulable => NO_VICTIMS,
        Code::Unresolvable => NOT_HELPFUL,
    });
    format!("0/{nodes} nodes are available: {}.", histogram(reasons))
}

pub fn message(pod: &Value, f: &Failure, nodes: usize) -> String {
    if nodes == 0 {
        return "no nodes available to schedule pods".into();
    }
    let mut msg = format!("0/{nodes} nodes are available:");
    match f {
        Failure::PreFilter(s) => msg.push_str(&format!(" {}.", s.reasons.join(", "))),
        Failure::Nodes(v) => {
            let h = histogram(v.iter().flat_map(|s| s.reasons.iter().map(|r| r.as_str())));
            msg.push_str(&format!(" {h}."));
        }
    }
    msg.push_str(&format!(" preemption: {}", preemption(pod, f, nodes)));
    msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reasons_count_and_sort_as_strings() {
        let f = Failure::Nodes(vec![
            Status::unresolvable(
                "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
            ),
            Status::unschedulable("Insufficient cpu"),
            Status::unschedulable("Insufficient cpu"),
        ]);
        assert_eq!(
            message(&json!({}), &f, 3),
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
        );
    }

    #[test]
    fn prefilter_message_stands_for_all_nodes() {
        let f = Failure::PreFilter(Status::unresolvable(
            "pod has unbound immediate PersistentVolumeClaims",
        ));
        assert_eq!(
            message(&json!({}), &f, 1),
            "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
        );
    }
}
