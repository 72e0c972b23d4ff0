//! PodTopologySpread: the pod's `topologySpreadConstraints` keep matching pods evenly spread
//! over the domains of a node label. `DoNotSchedule` ones filter (`filtering.rs`),
//! `ScheduleAnyway` ones score (`scoring.rs`), and a pod without any is scored against the
//! system defaults (hostname skew 3, zone skew 5) over the pods its Services and controller
//! select. This part holds what both share: the constraints as the plugin reads them
//! (minDomains, the node inclusion policies and matchLabelKeys, all on in v1.32) and how pods
//! are counted.

mod filtering;
mod scoring;

use kubeplay_core::api::selector::{LabelSelector, Req};
use serde_json::Value;

use super::snapshot::NodeInfo;
use super::{nodeaffinity, tainttoleration};
use kubeplay_api::{meta, ApiServer};

pub use filtering::prefilter;
pub use scoring::scores;

pub const HOSTNAME: &str = "kubernetes.io/hostname";
const ZONE: &str = "topology.kubernetes.io/zone";

/// One constraint as the plugin uses it; `selector` None is a missing labelSelector, which
/// selects nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    pub max_skew: i64,
    pub key: String,
    pub selector: Option<LabelSelector>,
    pub min_domains: i64,
    honor_affinity: bool,
    honor_taints: bool,
}

impl Constraint {
    /// Whether a pod with these labels counts toward the constraint.
    pub fn selects(&self, labels: Option<&Value>) -> bool {
        self.selector.as_ref().is_some_and(|s| s.matches(labels))
    }

    /// Whether `node` is a domain of this constraint for `pod` (the inclusion policies): by
    /// default the pod's node affinity and selector are honored and the taints ignored.
    pub fn includes(&self, pod: &Value, node: &NodeInfo) -> bool {
        (!self.honor_affinity || nodeaffinity::matches(pod, node))
            && (!self.honor_taints || tainttoleration::untolerated(pod, node.node).is_none())
    }
}

fn spec_constraints(pod: &Value) -> &[Value] {
    pod.pointer("/spec/topologySpreadConstraints")
        .and_then(|c| c.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
}

/// Whether the pod names constraints of its own (then the system defaults do not apply).
pub fn has_own(pod: &Value) -> bool {
    !spec_constraints(pod).is_empty()
}

/// The selector with `matchLabelKeys`: each key the pod has a label for is required with the
/// pod's value, as the scheduler merges them in v1.32.
fn selector_of(c: &Value, pod_labels: Option<&Value>) -> Option<LabelSelector> {
    let mut selector = c
        .get("labelSelector")
        .filter(|s| s.is_object())
        .map(LabelSelector::from_json);
    let merged: Vec<Req> = c
        .get("matchLabelKeys")
        .and_then(|k| k.as_array())
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str())
        .filter_map(|k| {
            let v = pod_labels.and_then(|l| l.get(k)).and_then(|v| v.as_str())?;
            Some(Req::Eq(k.to_string(), v.to_string()))
        })
        .collect();
    if !merged.is_empty() {
        let mut reqs = merged;
        reqs.extend(selector.take().map(|s| s.reqs).unwrap_or_default());
        selector = Some(LabelSelector { reqs });
    }
    selector
}

/// The pod's constraints whose `whenUnsatisfiable` is `action`.
pub fn constraints(pod: &Value, action: &str) -> Vec<Constraint> {
    let labels = pod.pointer("/metadata/labels");
    spec_constraints(pod)
        .iter()
        .filter(|c| meta::str_at(c, &["whenUnsatisfiable"]) == action)
        .map(|c| Constraint {
            max_skew: c.get("maxSkew").and_then(|v| v.as_i64()).unwrap_or(1),
            key: meta::str_at(c, &["topologyKey"]).to_string(),
            selector: selector_of(c, labels),
            min_domains: c.get("minDomains").and_then(|v| v.as_i64()).unwrap_or(1),
            honor_affinity: meta::str_at(c, &["nodeAffinityPolicy"]) != "Ignore",
            honor_taints: meta::str_at(c, &["nodeTaintsPolicy"]) == "Honor",
        })
        .collect()
}

/// The system default constraints, over the pods `selector` picks.
pub fn system_defaults(selector: LabelSelector) -> Vec<Constraint> {
    [(HOSTNAME, 3), (ZONE, 5)]
        .into_iter()
        .map(|(key, max_skew)| Constraint {
            max_skew,
            key: key.to_string(),
            selector: Some(selector.clone()),
            min_domains: 1,
            honor_affinity: true,
            honor_taints: false,
        })
        .collect()
}

/// The scheduler's default selector for a pod: the selectors of the Services that select it
/// and of its ReplicaSet, StatefulSet or ReplicationController; empty when none.
pub fn default_selector(api: &ApiServer, pod: &Value) -> LabelSelector {
    let ns = meta::namespace(pod);
    let labels = pod.pointer("/metadata/labels");
    let mut reqs: Vec<Req> = Vec::new();
    let mut merge = |k: &str, v: &str| {
        reqs.retain(|r| !matches!(r, Req::Eq(key, _) if key == k));
        reqs.push(Req::Eq(k.to_string(), v.to_string()));
    };
    for (_, svc) in api.store().list("/services", Some(ns)) {
        let Some(sel) = svc.pointer("/spec/selector").and_then(|s| s.as_object()) else {
            continue;
        };
        if LabelSelector::from_json(&Value::Object(sel.clone())).matches(labels) {
            for (k, v) in sel {
                merge(k, v.as_str().unwrap_or(""));
            }
        }
    }
    let owner = kubeplay_core::api::meta::ResourceExt::controller_ref(pod);
    let kind = owner.map(|o| meta::str_at(o, &["kind"])).unwrap_or("");
    let name = owner.map(|o| meta::str_at(o, &["name"])).unwrap_or("");
    let gr = match kind {
        "ReplicationController" => "/replicationcontrollers",
        "ReplicaSet" => "apps/replicasets",
        "StatefulSet" => "apps/statefulsets",
        _ => "",
    };
    let found = (!gr.is_empty())
        .then(|| {
            api.store()
                .get(&kubeplay_api::store::Key::new(gr, ns, name))
        })
        .flatten();
    if let Some(sel) = found.and_then(|o| o.pointer("/spec/selector")) {
        if kind == "ReplicationController" {
            for (k, v) in sel.as_object().into_iter().flatten() {
                merge(k, v.as_str().unwrap_or(""));
            }
        } else {
            reqs.extend(LabelSelector::from_json(sel).reqs);
        }
    }
    LabelSelector { reqs }
}

/// Whether the node has every constraint's topology key.
pub fn has_all_keys(node: &NodeInfo, constraints: &[Constraint]) -> bool {
    constraints.iter().all(|c| label(node, &c.key).is_some())
}

pub fn label<'a>(node: &NodeInfo<'a>, key: &str) -> Option<&'a str> {
    node.labels()
        .and_then(|l| l.get(key))
        .and_then(|v| v.as_str())
}

/// Pods of `pods` in namespace `ns` the constraint selects; terminating pods do not count.
pub fn count(pods: &[&Value], c: &Constraint, ns: &str) -> i64 {
    count_where(pods, c, ns, |_| true)
}

/// As `count`, for scoring: only pods bound to the node, not those nominated to it (the
/// snapshot holds them for the filters, which see nominated pods; scores do not).
pub fn count_bound(pods: &[&Value], c: &Constraint, ns: &str) -> i64 {
    count_where(pods, c, ns, |p| {
        !meta::str_at(p, &["spec", "nodeName"]).is_empty()
    })
}

fn count_where(pods: &[&Value], c: &Constraint, ns: &str, keep: impl Fn(&Value) -> bool) -> i64 {
    pods.iter()
        .filter(|p| keep(p))
        .filter(|p| p.pointer("/metadata/deletionTimestamp").is_none())
        .filter(|p| meta::namespace(p) == ns)
        .filter(|p| c.selects(p.pointer("/metadata/labels")))
        .count() as i64
}

#[cfg(test)]
mod tests;
