//! The disruption controller (v1.32's `pkg/controller/disruption`): for each
//! PodDisruptionBudget, how many of the pods it selects are healthy, how many must stay so, and
//! so how many evictions it allows now. The eviction subresource reads that status and uses it
//! up; pods an eviction just approved (`disruptedPods`) do not count for two minutes.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::api::selector::LabelSelector;
use serde_json::{json, Map, Value};

use super::events::{self, Event, Source};
use super::replicaset::is_ready;
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

pub const BUDGETS: &str = "policy/poddisruptionbudgets";
/// The component name the controller manager's disruption controller records events with.
const COMPONENT: &str = "controllermanager";
/// `DeletionTimeout`: how long an approved eviction keeps a pod out of the count.
const DELETION_TIMEOUT_SECS: i64 = 120;

/// What the budget works out to: (expected pods, desired healthy), or why it cannot be.
type Expected = Result<(i64, i64), String>;

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(pdb) = api.store().get(key).cloned() else {
        return;
    };
    if pdb.is_deleting() {
        return;
    }
    let now = api.now;
    let pods = selected_pods(api, &pdb);
    if pods.is_empty() {
        record(
            sim,
            api,
            &pdb,
            "NoPods",
            "No matching pods found".into(),
            false,
        );
    }
    let (status, recheck) = match expected(api, &pdb, &pods) {
        Ok((expected, desired)) => {
            let (disrupted, recheck) = still_disrupted(&pdb, &pods, now);
            let healthy = healthy(&pods, &disrupted, now);
            (
                status(&pdb, healthy, desired, expected, disrupted, now),
                recheck,
            )
        }
        Err(why) => {
            let message = format!("Failed to calculate the number of expected pods: {why}");
            record(
                sim,
                api,
                &pdb,
                "CalculateExpectedPodCountFailed",
                message,
                true,
            );
            (fail_safe(&pdb, &why, now), None)
        }
    };
    if let Some(at) = recheck {
        sim.wake(at, key);
    }
    if pdb.get("status") == Some(&status) {
        return;
    }
    let mut updated = pdb;
    meta::set(&mut updated, &["status"], status);
    if let Some(info) = util::info(api, BUDGETS) {
        api.write_status(&info, updated);
    }
}

fn record(
    sim: &mut Sim,
    api: &mut ApiServer,
    pdb: &Value,
    reason: &'static str,
    message: String,
    warning: bool,
) {
    let mut ev = Event::normal(pdb, reason, message, Source::Controller(COMPONENT));
    if warning {
        ev.kind = "Warning";
    }
    let now = api.now;
    events::record(sim, api, ev, now);
}

/// `getPodsForPdb`: the namespace's pods its selector matches; an empty selector matches none.
fn selected_pods(api: &ApiServer, pdb: &Value) -> Vec<Value> {
    let sel = LabelSelector::from_json(pdb.pointer("/spec/selector").unwrap_or(&Value::Null));
    if sel.is_empty() {
        return Vec::new();
    }
    api.store()
        .list("/pods", Some(meta::namespace(pdb)))
        .map(|(_, p)| p)
        .filter(|p| sel.matches(p.labels()))
        .cloned()
        .collect()
}

/// `GetScaledValueFromIntOrPercent` rounding up; `None` for a malformed value.
fn scaled(v: &Value, total: i64) -> Option<i64> {
    if let Some(n) = v.as_i64() {
        return Some(n);
    }
    let pct: i64 = v.as_str()?.strip_suffix('%')?.parse().ok()?;
    Some((pct * total + 99).div_euclid(100))
}

/// `getExpectedPodCount`.
fn expected(api: &ApiServer, pdb: &Value, pods: &[Value]) -> Expected {
    let spec = |f: &str| pdb.pointer(&format!("/spec/{f}"));
    if let Some(max) = spec("maxUnavailable") {
        let expected = expected_scale(api, pods)?;
        let max = scaled(max, expected).ok_or("invalid value for IntOrString")?;
        return Ok((expected, (expected - max).max(0)));
    }
    match spec("minAvailable") {
        Some(Value::Number(n)) => Ok((pods.len() as i64, n.as_i64().unwrap_or(0))),
        Some(min) => {
            let expected = expected_scale(api, pods)?;
            let min = scaled(min, expected).ok_or("invalid value for IntOrString")?;
            Ok((expected, min))
        }
        None => Ok((0, 0)),
    }
}

/// `getExpectedScale`: the sum of the replicas of the controllers of the pods.
fn expected_scale(api: &ApiServer, pods: &[Value]) -> Result<i64, String> {
    let mut scales: Vec<(String, i64)> = Vec::new();
    for pod in pods {
        let Some(owner) = pod.controller_ref() else {
            continue;
        };
        let uid = owner.get("uid").and_then(|u| u.as_str()).unwrap_or("");
        if scales.iter().any(|(u, _)| u == uid) {
            continue;
        }
        let found = controller_scale(api, pod)
            .ok_or_else(|| format!("found no controllers for pod {:?}", meta::name(pod)))?;
        if !scales.iter().any(|(u, _)| *u == found.0) {
            scales.push(found);
        }
    }
    Ok(scales.iter().map(|(_, n)| n).sum())
}

/// The controller whose scale counts for `pod`: its ReplicationController, StatefulSet or
/// ReplicaSet — or the Deployment of that ReplicaSet.
fn controller_scale(api: &ApiServer, pod: &Value) -> Option<(String, i64)> {
    let ns = meta::namespace(pod);
    let replicas = |obj: &Value| (obj.uid().to_string(), util::int_at(obj, "/spec/replicas"));
    for gr in [
        "/replicationcontrollers",
        "apps/statefulsets",
        "apps/replicasets",
    ] {
        let Some(key) = util::controller_key_of(pod, ns, gr) else {
            continue;
        };
        let owner = api.store().get(&key)?;
        if owner.uid() != pod.controller_uid().unwrap_or("") {
            return None;
        }
        if gr == "apps/replicasets" {
            if let Some(dkey) = util::controller_key_of(owner, ns, "apps/deployments") {
                return api.store().get(&dkey).map(replicas);
            }
        }
        return Some(replicas(owner));
    }
    None
}

/// `buildDisruptedPodMap`: approved evictions still expected to happen, and when to look again.
fn still_disrupted(pdb: &Value, pods: &[Value], now: Time) -> (Map<String, Value>, Option<Time>) {
    let mut out = Map::new();
    let mut recheck: Option<Time> = None;
    let Some(listed) = pdb
        .pointer("/status/disruptedPods")
        .and_then(|d| d.as_object())
    else {
        return (out, None);
    };
    for pod in pods.iter().filter(|p| !p.is_deleting()) {
        let Some(at) = listed.get(meta::name(pod)) else {
            continue;
        };
        let since = at.as_str().and_then(Time::parse_rfc3339).unwrap_or(now);
        let expires = since.plus(DELETION_TIMEOUT_SECS);
        if expires > now {
            recheck = Some(recheck.map_or(expires, |r| r.min(expires)));
            out.insert(meta::name(pod).to_string(), at.clone());
        }
    }
    (out, recheck)
}

/// `countHealthyPods`: ready pods that are neither being deleted nor about to be evicted.
fn healthy(pods: &[Value], disrupted: &Map<String, Value>, _now: Time) -> i64 {
    pods.iter()
        .filter(|p| !p.is_deleting() && !disrupted.contains_key(meta::name(p)) && is_ready(p))
        .count() as i64
}

/// The status `updatePdbStatus` writes, with `UpdateDisruptionAllowedCondition`.
fn status(
    pdb: &Value,
    healthy: i64,
    desired: i64,
    expected: i64,
    disrupted: Map<String, Value>,
    now: Time,
) -> Value {
    let mut allowed = healthy - desired;
    if expected <= 0 || allowed <= 0 {
        allowed = 0;
    }
    let generation = util::int_at(pdb, "/metadata/generation");
    let (cond, reason) = if allowed > 0 {
        ("True", "SufficientPods")
    } else {
        ("False", "InsufficientPods")
    };
    let mut out = json!({
        "currentHealthy": healthy,
        "desiredHealthy": desired,
        "disruptionsAllowed": allowed,
        "expectedPods": expected,
        "observedGeneration": generation,
        "conditions": [condition(pdb, cond, reason, "", generation, now)],
    });
    if !disrupted.is_empty() {
        out["disruptedPods"] = Value::Object(disrupted);
    }
    out
}

/// `failSafe`: no disruption allowed, and why.
fn fail_safe(pdb: &Value, why: &str, now: Time) -> Value {
    let mut status = pdb.get("status").cloned().unwrap_or(json!({}));
    let generation = util::int_at(pdb, "/status/observedGeneration");
    status["disruptionsAllowed"] = json!(0);
    status["conditions"] = json!([condition(pdb, "False", "SyncFailed", why, generation, now)]);
    status
}

/// The DisruptionAllowed condition, keeping its transition time while its status holds.
fn condition(
    pdb: &Value,
    status: &str,
    reason: &str,
    message: &str,
    generation: i64,
    now: Time,
) -> Value {
    let previous = pdb
        .pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .and_then(|cs| {
            cs.iter()
                .find(|c| c.get("type") == Some(&json!("DisruptionAllowed")))
        });
    let since = match previous {
        Some(p) if p.get("status") == Some(&json!(status)) => p
            .get("lastTransitionTime")
            .cloned()
            .unwrap_or_else(|| json!(now.rfc3339())),
        _ => json!(now.rfc3339()),
    };
    json!({
        "type": "DisruptionAllowed",
        "status": status,
        "reason": reason,
        "message": message,
        "lastTransitionTime": since,
        "observedGeneration": generation,
    })
}

/// The budgets of a namespace, to look again when one of its pods changes.
pub fn in_namespace(api: &ApiServer, ns: &str) -> Vec<Key> {
    api.store()
        .list(BUDGETS, Some(ns))
        .map(|(k, _)| k)
        .collect()
}
