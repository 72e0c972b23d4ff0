//! The message of a failed attempt, as the scheduler's FitError prints it: `0/N nodes are
//! available:` then the PreFilter's message or each reason with how many nodes gave it (sorted
//! as strings), then what preemption found, in the same form.

use std::collections::BTreeMap;

use kubeplay_core::sort::SortOnce;

use super::status::Status;

pub const NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
pub const NO_VICTIMS: &str = "No preemption victims found for incoming pod";

/// Why no node took the pod: a PreFilter verdict for all nodes, or one per node.
pub enum Failure {
    PreFilter(Status),
    Nodes(Vec<Status>),
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

/// What the default preemption plugin made of the failure.
pub enum PostFilter {
    /// The pod may not preempt (its policy, or victims still terminating), with why.
    NotEligible(&'static str),
    /// No node where evicting pods would help: each node's preemption status.
    Failed(Vec<Status>),
    /// Victims are being evicted for the pod: no message of its own.
    Nominated,
}

fn preemption(post: &PostFilter, nodes: usize) -> Option<String> {
    match post {
        PostFilter::NotEligible(why) => Some((*why).to_string()),
        PostFilter::Failed(v) => Some(format!(
            "0/{nodes} nodes are available: {}.",
            histogram(v.iter().flat_map(|s| s.reasons.iter().map(|r| r.as_str())))
        )),
        PostFilter::Nominated => None,
    }
}

/// Each node's status, the PreFilter's standing for every node.
pub fn statuses(f: &Failure, nodes: usize) -> Vec<Status> {
    match f {
        Failure::PreFilter(s) => vec![s.clone(); nodes],
        Failure::Nodes(v) => v.clone(),
    }
}

pub fn message(f: &Failure, post: &PostFilter, nodes: usize) -> String {
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
    if let Some(p) = preemption(post, nodes) {
        msg.push_str(&format!(" preemption: {p}"));
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_count_and_sort_as_strings() {
        let f = Failure::Nodes(vec![
            Status::unresolvable(
                "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
            ),
            Status::unschedulable("Insufficient cpu"),
            Status::unschedulable("Insufficient cpu"),
        ]);
        let post = PostFilter::Failed(vec![
            Status::unresolvable(NOT_HELPFUL),
            Status::unresolvable(NO_VICTIMS),
            Status::unresolvable(NO_VICTIMS),
        ]);
        assert_eq!(
            message(&f, &post, 3),
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
        );
    }

    #[test]
    fn prefilter_message_stands_for_all_nodes() {
        let f = Failure::PreFilter(Status::unresolvable(
            "pod has unbound immediate PersistentVolumeClaims",
        ));
        let post = PostFilter::Failed(vec![Status::unresolvable(NOT_HELPFUL)]);
        assert_eq!(
            message(&f, &post, 1),
            "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
        );
    }
}
