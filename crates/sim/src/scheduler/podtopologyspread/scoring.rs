//! The score of the `ScheduleAnyway` constraints (or the system defaults): each node is worth
//! the selected pods of its domain times a weight that grows with the number of domains, plus
//! `maxSkew - 1` to soften small skews; then reversed onto 0..=100 so the emptiest domain
//! scores highest. With the system defaults a node lacking the zone label is still spread by
//! hostname; with the pod's own constraints it must have every key or it scores 0.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{
    constraints, count_bound, default_selector, has_all_keys, has_own, label, system_defaults,
    Constraint, HOSTNAME,
};
use crate::scheduler::snapshot::NodeInfo;
use kubeplay_api::{meta, ApiServer};

const MAX: i64 = 100;

/// The constraints that score the pod, and whether a node needs all their keys.
fn soft(api: &ApiServer, pod: &Value) -> (Vec<Constraint>, bool) {
    if has_own(pod) {
        return (constraints(pod, "ScheduleAnyway"), true);
    }
    let selector = default_selector(api, pod);
    if selector.is_empty() {
        return (Vec::new(), false);
    }
    (system_defaults(selector), false)
}

/// Each feasible node's normalized score (0..=100); all 0 when the plugin has nothing to say.
pub fn scores(api: &ApiServer, pod: &Value, feasible: &[&NodeInfo], all: &[NodeInfo]) -> Vec<i64> {
    let (cs, require_all) = soft(api, pod);
    score(pod, &cs, require_all, feasible, all)
}

fn score(
    pod: &Value,
    cs: &[Constraint],
    require_all: bool,
    feasible: &[&NodeInfo],
    all: &[NodeInfo],
) -> Vec<i64> {
    if cs.is_empty() || all.is_empty() {
        return vec![0; feasible.len()];
    }
    let ns = meta::namespace(pod);
    let ignored: BTreeSet<&str> = feasible
        .iter()
        .filter(|n| require_all && !has_all_keys(n, cs))
        .map(|n| n.name)
        .collect();
    // The domains of the feasible nodes; hostname domains are counted node by node.
    let mut counts: Vec<BTreeMap<String, i64>> = vec![BTreeMap::new(); cs.len()];
    for n in feasible.iter().filter(|n| !ignored.contains(n.name)) {
        for (i, c) in cs.iter().enumerate() {
            if c.key != HOSTNAME {
                counts[i].insert(label(n, &c.key).unwrap_or("").to_string(), 0);
            }
        }
    }
    let weights: Vec<f64> = cs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let size = if c.key == HOSTNAME {
                feasible.len() - ignored.len()
            } else {
                counts[i].len()
            };
            ((size + 2) as f64).ln()
        })
        .collect();
    for node in all {
        if require_all && !has_all_keys(node, cs) {
            continue;
        }
        for (i, c) in cs.iter().enumerate() {
            if !c.includes(pod, node) {
                continue;
            }
            let value = label(node, &c.key).unwrap_or("");
            if let Some(n) = counts[i].get_mut(value) {
                *n += count_bound(&node.pods, c, ns);
            }
        }
    }
    let raw: Vec<Option<i64>> = feasible
        .iter()
        .map(|n| {
            if ignored.contains(n.name) {
                return None;
            }
            let mut score = 0.0;
            for (i, c) in cs.iter().enumerate() {
                let Some(value) = label(n, &c.key) else {
                    continue;
                };
                let matched = if c.key == HOSTNAME {
                    count_bound(&n.pods, c, ns)
                } else {
                    counts[i].get(value).copied().unwrap_or(0)
                };
                score += matched as f64 * weights[i] + (c.max_skew - 1) as f64;
            }
            Some(score.round() as i64)
        })
        .collect();
    normalize(&raw)
}

/// Fewer matching pods is better: `100 * (max + min - s) / max`; an ignored node gets 0.
fn normalize(raw: &[Option<i64>]) -> Vec<i64> {
    let valid = raw.iter().flatten();
    let min = valid.clone().copied().min().unwrap_or(0);
    let max = valid.copied().max().unwrap_or(0).max(0);
    raw.iter()
        .map(|s| match s {
            None => 0,
            Some(_) if max == 0 => MAX,
            Some(s) => MAX * (max + min - s) / max,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::resources::Requests;
    use kubeplay_core::api::selector::LabelSelector;
    use serde_json::json;

    #[test]
    fn system_defaults_spread_by_hostname_without_zones() {
        let node = |n: &str| json!({"metadata": {"name": n, "labels": {HOSTNAME: n}}});
        let nodes = [node("a"), node("b")];
        let web = json!({"metadata": {"namespace": "default", "labels": {"app": "web"}},
            "spec": {"nodeName": "a"}});
        let info = |i: usize, pods: Vec<&'static Value>| NodeInfo {
            node: &nodes[i],
            name: meta::name(&nodes[i]),
            pods,
            requested: Requests::default(),
        };
        let web: &'static Value = Box::leak(Box::new(web));
        let all = vec![info(0, vec![web]), info(1, vec![])];
        let feasible: Vec<&NodeInfo> = all.iter().collect();
        let cs = system_defaults(LabelSelector::parse("app=web").unwrap_or_default());
        // round(1 * ln(4) + 2) = 3 against round(0 + 2) = 2; the missing zone adds nothing.
        assert_eq!(score(web, &cs, false, &feasible, &all), vec![66, 100]);
        // The pod's own constraints need every key: without zones no node is scored.
        assert_eq!(score(web, &cs, true, &feasible, &all), vec![0, 0]);
        // A pod only nominated to a node (no nodeName yet) does not weigh in the score.
        let mut nominated = web.clone();
        nominated["spec"] = json!({});
        let nominated: &'static Value = Box::leak(Box::new(nominated));
        let all = vec![info(0, vec![nominated]), info(1, vec![])];
        let feasible: Vec<&NodeInfo> = all.iter().collect();
        assert_eq!(score(web, &cs, false, &feasible, &all), vec![100, 100]);
    }

    #[test]
    fn normalize_reverses_and_ignores() {
        assert_eq!(
            normalize(&[Some(3), Some(2), None]),
            vec![66, 100, 0],
            "one more pod on a two-node hostname spread"
        );
        assert_eq!(normalize(&[Some(0), Some(0)]), vec![100, 100]);
    }
}
