//! DefaultPreemption, when no node fits: on each node a filter refused as `Unschedulable`, the
//! pods of lower priority are the possible victims; if the pod fits once they are gone, the
//! fewest and least important of them are evicted (the others reprieved, most important
//! first) and the pod is nominated to that node, to be scheduled when they are gone.

use serde_json::Value;

use super::diagnosis::{NOT_HELPFUL, NO_VICTIMS};
use super::resources::{self, Requests};
use super::snapshot::NodeInfo;
use super::status::{Code, Status};
use super::{interpodaffinity, nodeports, noderesources, podtopologyspread};
use kubeplay_api::meta;

pub fn priority(pod: &Value) -> i64 {
    pod.pointer("/spec/priority")
        .and_then(|p| p.as_i64())
        .unwrap_or(0)
}

/// A node and the pods to evict there.
pub struct Candidate<'a> {
    pub node: &'a str,
    pub victims: Vec<&'a Value>,
}

/// The node without `gone`, as the filters see it.
fn without<'a>(node: &NodeInfo<'a>, gone: &[&Value]) -> NodeInfo<'a> {
    let pods: Vec<&Value> = node
        .pods
        .iter()
        .copied()
        .filter(|p| !gone.iter().any(|g| std::ptr::eq(*g, *p)))
        .collect();
    let mut requested = Requests::default();
    for p in &pods {
        requested.add(&resources::pod_requests(p));
    }
    NodeInfo {
        node: node.node,
        name: node.name,
        pods,
        requested,
    }
}

/// The filters eviction can change the verdict of.
fn fits(pod: &Value, req: &Requests, node: &NodeInfo, all: &[NodeInfo]) -> Option<Status> {
    nodeports::filter(pod, node)
        .or_else(|| noderesources::filter(req, node))
        .or_else(|| podtopologyspread::prefilter(pod, all, Some(node)).filter(pod, node))
        .or_else(|| interpodaffinity::filter(pod, node, all))
}

/// On one node: the victims, or why preemption cannot help there.
fn on_node<'a>(
    pod: &Value,
    req: &Requests,
    node: &NodeInfo<'a>,
    all: &[NodeInfo],
) -> Result<Vec<&'a Value>, Status> {
    let mine = priority(pod);
    let mut lower: Vec<&'a Value> = node
        .pods
        .iter()
        .copied()
        .filter(|p| priority(p) < mine && p.pointer("/metadata/deletionTimestamp").is_none())
        .collect();
    if lower.is_empty() {
        return Err(Status::unresolvable(NO_VICTIMS));
    }
    if let Some(s) = fits(pod, req, &without(node, &lower), all) {
        return Err(s);
    }
    // Reprieve the most important first; whoever can stay, stays.
    kubeplay_core::sort::SortOnce::sort_once_by_key(&mut lower[..], |p| -priority(p));
    let mut victims: Vec<&'a Value> = lower.clone();
    for p in lower {
        let trial: Vec<&Value> = victims
            .iter()
            .copied()
            .filter(|v| !std::ptr::eq(*v, p))
            .collect();
        if fits(pod, req, &without(node, &trial), all).is_none() {
            victims = trial;
        }
    }
    Ok(victims)
}

/// The chosen candidate, or each node's preemption status for the message.
pub fn preempt<'a>(
    pod: &Value,
    req: &Requests,
    nodes: &'a [NodeInfo<'a>],
    statuses: &[Status],
) -> Result<Candidate<'a>, Vec<Status>> {
    let mut out = Vec::new();
    let mut best: Option<(i64, usize, Candidate<'a>)> = None;
    for (node, status) in nodes.iter().zip(statuses) {
        if status.code == Code::Unresolvable {
            out.push(Status::unresolvable(NOT_HELPFUL));
            continue;
        }
        match on_node(pod, req, node, nodes) {
            Ok(victims) => {
                let top = victims
                    .iter()
                    .map(|v| priority(v))
                    .max()
                    .unwrap_or(i64::MIN);
                let better = best
                    .as_ref()
                    .is_none_or(|(t, n, _)| (top, victims.len()) < (*t, *n));
                if better {
                    best = Some((
                        top,
                        victims.len(),
                        Candidate {
                            node: node.name,
                            victims,
                        },
                    ));
                }
                out.push(Status::unschedulable(""));
            }
            Err(s) => out.push(s),
        }
    }
    match best {
        Some((_, _, c)) => Ok(c),
        None => Err(out),
    }
}

/// Why the pod may not preempt now, if so: its policy says never, or the victims of its last
/// preemption are still terminating on the node it was nominated to.
pub fn not_eligible(pod: &Value, nodes: &[NodeInfo]) -> Option<&'static str> {
    if meta::str_at(pod, &["spec", "preemptionPolicy"]) == "Never" {
        return Some("not eligible due to preemptionPolicy=Never.");
    }
    let nominated = meta::str_at(pod, &["status", "nominatedNodeName"]);
    let mine = priority(pod);
    let terminating = nodes.iter().filter(|n| n.name == nominated).any(|n| {
        n.pods
            .iter()
            .any(|p| p.pointer("/metadata/deletionTimestamp").is_some() && priority(p) < mine)
    });
    terminating.then_some("not eligible due to a terminating pod on the nominated node.")
}
