//! The taint eviction controller (kube-controller-manager's `taint-eviction-controller`): a pod
//! on a node with a NoExecute taint it does not tolerate is deleted at once; one that tolerates
//! every such taint stays for the shortest `tolerationSeconds` among the tolerations used (for
//! ever when none sets it). Removing the taints cancels a pending eviction. It acts when a
//! node's NoExecute taints change, or when a pod's node or tolerations do, as its informers'
//! handlers do; each deletion is announced by a `TaintManagerEviction` event, each cancelled
//! one too, and the pod first gets the `DisruptionTarget` condition.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::events::{self, Event, Source};
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

const CONTROLLER: &str = "taint-eviction-controller";

/// A pod's eviction: planned for a moment, or done (kept so it is not planned again until
/// something cancels it, as the controller's timed queue keeps finished work).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    Planned { created: Time, fire: Time },
    Done,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct State {
    /// Each node's NoExecute taints, for the nodes that have some.
    tainted: HashMap<String, Vec<Value>>,
    /// Evictions by pod.
    work: HashMap<Key, Work>,
    /// Each pod's node and tolerations as last seen: other pod changes do not concern us.
    seen: HashMap<Key, Value>,
}

fn no_execute(node: &Value) -> Vec<Value> {
    node.pointer("/spec/taints")
        .and_then(|t| t.as_array())
        .into_iter()
        .flatten()
        .filter(|t| meta::str_at(t, &["effect"]) == "NoExecute")
        .cloned()
        .collect()
}

fn tolerations(pod: &Value) -> &[Value] {
    pod.pointer("/spec/tolerations")
        .and_then(|t| t.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
}

/// For each taint the first toleration that matches it; None if one is not tolerated.
fn used<'a>(taints: &[Value], tols: &'a [Value]) -> Option<Vec<&'a Value>> {
    taints
        .iter()
        .map(|t| tols.iter().find(|tol| crate::scheduler::tolerates(tol, t)))
        .collect()
}

/// How long the pod may stay, in seconds: the smallest `tolerationSeconds` (0 or less means
/// now); None when no toleration sets one.
fn min_toleration(used: &[&Value]) -> Option<i64> {
    used.iter()
        .filter_map(|t| t.get("tolerationSeconds").and_then(|s| s.as_i64()))
        .map(|s| s.max(0))
        .min()
}

/// A node was written or removed: if its NoExecute taints changed, every pod on it is
/// looked at again.
pub fn node_changed(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(taints) = api.store().get(key).map(no_execute) else {
        sim.taints.tainted.remove(&key.name);
        return;
    };
    let old = sim
        .taints
        .tainted
        .get(&key.name)
        .cloned()
        .unwrap_or_default();
    if old == taints {
        return;
    }
    if taints.is_empty() {
        sim.taints.tainted.remove(&key.name);
    } else {
        sim.taints.tainted.insert(key.name.clone(), taints.clone());
    }
    let pods: Vec<(Key, Vec<Value>)> = api
        .store()
        .list("/pods", None)
        .filter(|(_, p)| meta::str_at(p, &["spec", "nodeName"]) == key.name)
        .map(|(k, p)| (k, tolerations(p).to_vec()))
        .collect();
    for (pod, tols) in pods {
        process(sim, api, &pod, &tols, &taints);
    }
}

/// A pod was written or removed: a planned eviction falls due, or a new node or new
/// tolerations are weighed against the node's taints.
pub fn pod_changed(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(pod) = api.store().get(key) else {
        sim.taints.seen.remove(key);
        cancel(sim, api, key);
        return;
    };
    let now = api.now;
    if let Some(Work::Planned { fire, .. }) = sim.taints.work.get(key) {
        if *fire <= now {
            evict(sim, api, key);
            return;
        }
    }
    let node = meta::str_at(pod, &["spec", "nodeName"]).to_string();
    let view = json!([node, tolerations(pod)]);
    if sim.taints.seen.insert(key.clone(), view.clone()) == Some(view) || node.is_empty() {
        return;
    }
    let Some(taints) = sim.taints.tainted.get(&node).cloned() else {
        return;
    };
    let tols = tolerations(pod).to_vec();
    process(sim, api, key, &tols, &taints);
}

/// The controller's `processPodOnNode`, at `api.now`.
fn process(sim: &mut Sim, api: &mut ApiServer, key: &Key, tols: &[Value], taints: &[Value]) {
    if taints.is_empty() {
        cancel(sim, api, key);
        return;
    }
    let now = api.now;
    let Some(used) = used(taints, tols) else {
        cancel(sim, api, key);
        evict(sim, api, key);
        return;
    };
    let Some(secs) = min_toleration(&used) else {
        cancel(sim, api, key);
        return;
    };
    let fire = now.plus(secs);
    match sim.taints.work.get(key) {
        // An earlier plan stands (the real controller keeps it unless it would fire later).
        Some(Work::Planned { created, .. }) if created.plus(secs) <= fire => return,
        Some(Work::Planned { .. }) => cancel(sim, api, key),
        Some(Work::Done) => return,
        None => {}
    }
    if secs == 0 {
        evict(sim, api, key);
        return;
    }
    sim.taints
        .work
        .insert(key.clone(), Work::Planned { created: now, fire });
    sim.wake(fire, key);
}

fn announce(sim: &mut Sim, api: &mut ApiServer, key: &Key, message: String) {
    // The controller's event names the pod by namespace and name only, without its uid.
    let reference = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": key.name, "namespace": key.namespace},
    });
    let now = api.now;
    events::record(
        sim,
        api,
        Event::normal(
            &reference,
            "TaintManagerEviction",
            message,
            Source::Controller(CONTROLLER),
        ),
        now,
    );
}

/// Forget the pod's eviction; a planned one is announced as cancelled.
fn cancel(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    if let Some(Work::Planned { .. }) = sim.taints.work.remove(key) {
        let message = format!("Cancelling deletion of Pod {}/{}", key.namespace, key.name);
        announce(sim, api, key, message);
    }
}

/// Announce, mark the pod a disruption target, and delete it (gracefully).
fn evict(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    sim.taints.work.insert(key.clone(), Work::Done);
    let message = format!("Marking for deletion Pod {}/{}", key.namespace, key.name);
    announce(sim, api, key, message);
    let Some(info) = util::info(api, "/pods") else {
        return;
    };
    let Some(mut pod) = api.store().get(key).cloned() else {
        return;
    };
    let now = api.now;
    let conds = pod
        .pointer_mut("/status/conditions")
        .and_then(|c| c.as_array_mut());
    let marked = conds.is_some_and(|list| {
        if list.iter().any(|c| {
            meta::str_at(c, &["type"]) == "DisruptionTarget"
                && meta::str_at(c, &["reason"]) == "DeletionByTaintManager"
        }) {
            return false;
        }
        list.retain(|c| meta::str_at(c, &["type"]) != "DisruptionTarget");
        list.push(json!({
            "lastProbeTime": null,
            "lastTransitionTime": now.rfc3339(),
            "message": "Taint manager: deleting due to NoExecute taint",
            "reason": "DeletionByTaintManager",
            "status": "True",
            "type": "DisruptionTarget",
        }));
        true
    });
    if marked {
        let _ = util::write(api, &info, pod);
    }
    let _ = api.delete(&info, Some(&key.namespace), &key.name, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortest_toleration_used_decides() {
        let taints = vec![
            json!({"key": "k", "value": "v", "effect": "NoExecute"}),
            json!({"key": "other", "effect": "NoExecute"}),
        ];
        let tols = vec![
            json!({"key": "k", "operator": "Exists", "tolerationSeconds": 60}),
            json!({"key": "unrelated", "operator": "Exists", "tolerationSeconds": 5}),
            json!({"operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 30}),
        ];
        let found = used(&taints, &tols).unwrap_or_default();
        assert_eq!(found.len(), 2);
        assert_eq!(min_toleration(&found), Some(30));
        assert!(
            used(&taints, &tols[..1]).is_none(),
            "`other` is not tolerated"
        );
        let forever = vec![json!({"operator": "Exists"})];
        assert_eq!(
            min_toleration(&used(&taints, &forever).unwrap_or_default()),
            None
        );
        let negative = vec![json!({"operator": "Exists", "tolerationSeconds": -5})];
        assert_eq!(
            min_toleration(&used(&taints, &negative).unwrap_or_default()),
            Some(0)
        );
    }
}
