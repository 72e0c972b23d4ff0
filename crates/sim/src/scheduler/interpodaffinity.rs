//! InterPodAffinity, required terms only: the pod's affinity (some matching pod in the same
//! topology domain), its anti-affinity (none there), and the anti-affinity of pods already
//! bound (the pod may not join a domain whose pods refuse it).

use kubeplay_core::api::selector::LabelSelector;
use serde_json::Value;

use super::snapshot::NodeInfo;
use super::status::Status;
use kubeplay_api::meta;

pub const AFFINITY: &str = "node(s) didn't match pod affinity rules";
pub const ANTI_AFFINITY: &str = "node(s) didn't match pod anti-affinity rules";
pub const EXISTING_ANTI_AFFINITY: &str = "node(s) didn't satisfy existing pods anti-affinity rules";

fn terms<'a>(pod: &'a Value, kind: &str) -> &'a [Value] {
    pod.get("spec")
        .and_then(|s| s.get("affinity"))
        .and_then(|a| a.get(kind))
        .and_then(|k| k.get("requiredDuringSchedulingIgnoredDuringExecution"))
        .and_then(|t| t.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
}

/// Whether `other` is selected by a term that `owner` carries.
fn term_selects(term: &Value, owner: &Value, other: &Value) -> bool {
    let namespaces: Vec<&str> = term
        .get("namespaces")
        .and_then(|n| n.as_array())
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str())
        .collect();
    let other_ns = meta::namespace(other);
    let ns_ok = if !namespaces.is_empty() {
        namespaces.contains(&other_ns)
    } else if term.get("namespaceSelector").is_some_and(|s| s.is_object()) {
        // Namespace labels are not looked up: an empty selector (all namespaces) is the one
        // learners write.
        true
    } else {
        other_ns == meta::namespace(owner)
    };
    let Some(sel) = term.get("labelSelector").filter(|s| s.is_object()) else {
        return false;
    };
    ns_ok && LabelSelector::from_json(sel).matches(other.pointer("/metadata/labels"))
}

fn topology<'a>(node: &'a Value, key: &str) -> Option<&'a str> {
    node.pointer("/metadata/labels")
        .and_then(|l| l.get(key))
        .and_then(|v| v.as_str())
}

/// Whether a pod bound to `pod_node` sits in the same `key` domain as `node`.
fn same_domain(pod_node: &NodeInfo, node: &NodeInfo, key: &str) -> bool {
    match (topology(pod_node.node, key), topology(node.node, key)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

fn key_of(term: &Value) -> &str {
    meta::str_at(term, &["topologyKey"])
}

/// The bound pods that carry required anti-affinity terms, with their nodes: gathered once per
/// scheduling attempt rather than once per node, since few pods have any.
pub fn existing_anti<'n, 'a>(all: &'n [NodeInfo<'a>]) -> Vec<(&'n NodeInfo<'a>, &'a Value)> {
    all.iter()
        .flat_map(|n| n.pods.iter().map(move |p| (n, *p)))
        .filter(|(_, p)| !terms(p, "podAntiAffinity").is_empty())
        .collect()
}

pub fn filter(pod: &Value, node: &NodeInfo, all: &[NodeInfo]) -> Option<Status> {
    filter_with(pod, node, all, &existing_anti(all))
}

/// `filter` with the bound pods' anti-affinity gathered already (`existing_anti`).
pub fn filter_with(
    pod: &Value,
    node: &NodeInfo,
    all: &[NodeInfo],
    anti_pods: &[(&NodeInfo, &Value)],
) -> Option<Status> {
    let bound = || all.iter().flat_map(|n| n.pods.iter().map(move |p| (n, *p)));
    let affinity = terms(pod, "podAffinity");
    if !affinity.is_empty() {
        let ok = affinity.iter().all(|t| {
            bound().any(|(n, p)| term_selects(t, pod, p) && same_domain(n, node, key_of(t)))
        });
        // A pod whose terms match itself may start the group when no pod matches anywhere yet.
        let first_of_group = || {
            !affinity
                .iter()
                .any(|t| bound().any(|(_, p)| term_selects(t, pod, p)))
                && affinity.iter().all(|t| term_selects(t, pod, pod))
                && affinity
                    .iter()
                    .all(|t| topology(node.node, key_of(t)).is_some())
        };
        if !ok && !first_of_group() {
            return Some(Status::unresolvable(AFFINITY));
        }
    }
    let anti = terms(pod, "podAntiAffinity");
    if anti
        .iter()
        .any(|t| bound().any(|(n, p)| term_selects(t, pod, p) && same_domain(n, node, key_of(t))))
    {
        return Some(Status::unschedulable(ANTI_AFFINITY));
    }
    let refused = anti_pods.iter().any(|&(n, p)| {
        terms(p, "podAntiAffinity")
            .iter()
            .any(|t| term_selects(t, p, pod) && same_domain(n, node, key_of(t)))
    });
    refused.then(|| Status::unschedulable(EXISTING_ANTI_AFFINITY))
}
