//! The Deployment controller: one ReplicaSet per pod template (`<name>-<pod-template-hash>`),
//! the current one scaled to `spec.replicas` and older ones to zero, and a status that sums
//! them up with the Available and Progressing conditions kubectl shows.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Map, Value};

use super::events::{self, Event, Source};
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

const COMPONENT: &str = "deployment-controller";

fn replicas_of(v: &Value) -> i64 {
    v.pointer("/spec/replicas")
        .and_then(|r| r.as_i64())
        .unwrap_or(1)
        .max(0)
}

/// `25%` of `total`, rounded up (surge) or down (unavailable), or a plain number.
fn int_or_percent(v: Option<&Value>, total: i64, round_up: bool, default: &str) -> i64 {
    let owned = json!(default);
    let v = v.unwrap_or(&owned);
    if let Some(n) = v.as_i64() {
        return n.max(0);
    }
    let s = v.as_str().unwrap_or(default);
    match s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()) {
        Some(p) => {
            let x = p * total;
            if round_up {
                (x + 99) / 100
            } else {
                x / 100
            }
        }
        None => s.parse().unwrap_or(0),
    }
}

fn revision(rs: &Value) -> i64 {
    meta::str_at(
        rs,
        &[
            "metadata",
            "annotations",
            "deployment.kubernetes.io/revision",
        ],
    )
    .parse()
    .unwrap_or(0)
}

/// `SetDeploymentCondition`: a condition with the same status and reason is left alone; a new
/// one replaces the old at the end of the list, keeping its transition time if only the reason
/// changed.
fn set_condition(conds: &mut Vec<Value>, mut c: Value, now: Time) {
    let t = meta::str_at(&c, &["type"]).to_string();
    let pos = conds.iter().position(|x| meta::str_at(x, &["type"]) == t);
    if let Some(i) = pos {
        let old = &conds[i];
        if meta::str_at(old, &["status"]) == meta::str_at(&c, &["status"])
            && meta::str_at(old, &["reason"]) == meta::str_at(&c, &["reason"])
        {
            return;
        }
        if meta::str_at(old, &["status"]) == meta::str_at(&c, &["status"]) {
            c["lastTransitionTime"] = old
                .get("lastTransitionTime")
                .cloned()
                .unwrap_or(json!(now.rfc3339()));
        }
        conds.remove(i);
    }
    conds.push(c);
}

/// `getReplicaFailures`: the new ReplicaSet's `ReplicaFailure` condition (else any other's)
/// becomes the Deployment's, dated from the ReplicaSet's; none removes it.
fn replica_failure(conds: &mut Vec<Value>, all: &[Value], new_name: &str, now: Time) {
    let failure_of = |rs: &Value| {
        rs.pointer("/status/conditions")
            .and_then(|c| c.as_array())
            .and_then(|l| {
                l.iter()
                    .find(|c| meta::str_at(c, &["type"]) == "ReplicaFailure")
                    .cloned()
            })
    };
    let found = all
        .iter()
        .find(|rs| meta::name(rs) == new_name)
        .and_then(failure_of)
        .or_else(|| all.iter().find_map(failure_of));
    let Some(c) = found else {
        conds.retain(|c| meta::str_at(c, &["type"]) != "ReplicaFailure");
        return;
    };
    let at = c
        .get("lastTransitionTime")
        .cloned()
        .unwrap_or(json!(now.rfc3339()));
    let cond = json!({
        "lastTransitionTime": at,
        "lastUpdateTime": at,
        "message": c.get("message").cloned().unwrap_or(json!("")),
        "reason": c.get("reason").cloned().unwrap_or(json!("")),
        "status": c.get("status").cloned().unwrap_or(json!("True")),
        "type": "ReplicaFailure",
    });
    set_condition(conds, cond, now);
}

fn condition(t: &str, ok: bool, reason: &str, message: String, now: Time) -> Value {
    json!({
        "lastTransitionTime": now.rfc3339(),
        "lastUpdateTime": now.rfc3339(),
        "message": message,
        "reason": reason,
        "status": if ok { "True" } else { "False" },
        "type": t,
    })
}

fn scale_event(sim: &mut Sim, api: &mut ApiServer, d: &Value, rs_name: &str, from: i64, to: i64) {
    let dir = if to > from { "up" } else { "down" };
    let msg = format!("Scaled {dir} replica set {rs_name} from {from} to {to}");
    let now = api.now;
    events::record(
        sim,
        api,
        Event::normal(d, "ScalingReplicaSet", msg, Source::Controller(COMPONENT)),
        now,
    );
}

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(d) = api.store().get(key).cloned() else {
        return;
    };
    if d.is_deleting() {
        return;
    }
    let (Some(rs_info), Some(d_info)) = (
        util::info(api, "apps/replicasets"),
        util::info(api, "apps/deployments"),
    ) else {
        return;
    };
    let now = api.now;
    let uid = d.uid().to_string();
    let replicas = replicas_of(&d);
    let surge = int_or_percent(
        d.pointer("/spec/strategy/rollingUpdate/maxSurge"),
        replicas,
        true,
        "25%",
    );
    let max_unavailable = int_or_percent(
        d.pointer("/spec/strategy/rollingUpdate/maxUnavailable"),
        replicas,
        false,
        "25%",
    );
    let template = d.pointer("/spec/template").cloned().unwrap_or(json!({}));
    let owned: Vec<Value> = api
        .store()
        .list("apps/replicasets", Some(&key.namespace))
        .map(|(_, v)| v)
        .filter(|rs| util::controlled_by(rs, &uid))
        .cloned()
        .collect();
    let current = owned
        .iter()
        .find(|rs| rs.pointer("/spec/template").map(util::without_hash) == Some(template.clone()));
    let max_rev = owned.iter().map(revision).max().unwrap_or(0);
    let mut new_rs_created = false;
    let new_name = match current {
        Some(rs) => meta::name(rs).to_string(),
        None => {
            let hash = util::template_hash(&template);
            let name = format!("{}-{hash}", meta::name(&d));
            let mut t = template.clone();
            meta::set_str(&mut t, &["metadata", "labels", "pod-template-hash"], &hash);
            let mut sel = d.pointer("/spec/selector").cloned().unwrap_or(json!({}));
            meta::set_str(&mut sel, &["matchLabels", "pod-template-hash"], &hash);
            let mut labels = template.labels().cloned().unwrap_or(json!({}));
            meta::set_str(&mut labels, &["pod-template-hash"], &hash);
            let mut spec = Map::new();
            spec.insert("replicas".into(), json!(0));
            if let Some(m) = d.pointer("/spec/minReadySeconds") {
                spec.insert("minReadySeconds".into(), m.clone());
            }
            spec.insert("selector".into(), sel);
            spec.insert("template".into(), t);
            let body = json!({
                "apiVersion": "apps/v1",
                "kind": "ReplicaSet",
                "metadata": {
                    "annotations": {
                        "deployment.kubernetes.io/desired-replicas": replicas.to_string(),
                        "deployment.kubernetes.io/max-replicas": (replicas + surge).to_string(),
                        "deployment.kubernetes.io/revision": (max_rev + 1).to_string(),
                    },
                    "labels": labels,
                    "name": name,
                    "namespace": key.namespace,
                    "ownerReferences": [util::owner_ref(&d)],
                },
                "spec": spec,
            });
            if api
                .create(&rs_info, Some(&key.namespace), body, false)
                .is_err()
            {
                return;
            }
            new_rs_created = true;
            name
        }
    };
    // Scale: the current ReplicaSet to the wanted count, every older one to zero.
    let all: Vec<Value> = api
        .store()
        .list("apps/replicasets", Some(&key.namespace))
        .map(|(_, v)| v)
        .filter(|rs| util::controlled_by(rs, &uid))
        .cloned()
        .collect();
    for rs in &all {
        let name = meta::name(rs).to_string();
        let is_new = name == new_name;
        let target = if is_new { replicas } else { 0 };
        let have = replicas_of(rs);
        let mut updated = rs.clone();
        if is_new {
            let ann = [
                (
                    "deployment.kubernetes.io/desired-replicas",
                    replicas.to_string(),
                ),
                (
                    "deployment.kubernetes.io/max-replicas",
                    (replicas + surge).to_string(),
                ),
            ];
            for (k, v) in ann {
                meta::set_str(&mut updated, &["metadata", "annotations", k], &v);
            }
            // An older template coming back (`rollout undo`) takes the next revision number.
            if revision(rs) < max_rev {
                meta::set_str(
                    &mut updated,
                    &[
                        "metadata",
                        "annotations",
                        "deployment.kubernetes.io/revision",
                    ],
                    &(max_rev + 1).to_string(),
                );
            }
        }
        meta::set(&mut updated, &["spec", "replicas"], json!(target));
        if &updated != rs
            && api
                .update(&rs_info, Some(&key.namespace), &name, updated, false)
                .is_ok()
            && have != target
        {
            scale_event(sim, api, &d, &name, have, target);
        }
    }
    let all: Vec<Value> = api
        .store()
        .list("apps/replicasets", Some(&key.namespace))
        .map(|(_, v)| v)
        .filter(|rs| util::controlled_by(rs, &uid))
        .cloned()
        .collect();
    let sum = |ptr: &str| all.iter().map(|rs| util::int_at(rs, ptr)).sum::<i64>();
    let total = sum("/status/replicas");
    let ready = sum("/status/readyReplicas");
    let available = sum("/status/availableReplicas");
    let updated_count = all
        .iter()
        .find(|rs| meta::name(rs) == new_name)
        .map(|rs| util::int_at(rs, "/status/replicas"))
        .unwrap_or(0);
    let new_available = all
        .iter()
        .find(|rs| meta::name(rs) == new_name)
        .map(|rs| util::int_at(rs, "/status/availableReplicas"))
        .unwrap_or(0);
    let mut conds: Vec<Value> = d
        .pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .cloned()
        .unwrap_or_default();
    if new_rs_created {
        set_condition(
            &mut conds,
            condition(
                "Progressing",
                true,
                "NewReplicaSetCreated",
                format!("Created new replica set \"{new_name}\""),
                now,
            ),
            now,
        );
    }
    let min_available = replicas - max_unavailable;
    if available >= min_available {
        set_condition(
            &mut conds,
            condition(
                "Available",
                true,
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.".into(),
                now,
            ),
            now,
        );
    } else {
        set_condition(
            &mut conds,
            condition(
                "Available",
                false,
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.".into(),
                now,
            ),
            now,
        );
    }
    let complete = updated_count == replicas && new_available >= replicas && total == replicas;
    if complete {
        set_condition(
            &mut conds,
            condition(
                "Progressing",
                true,
                "NewReplicaSetAvailable",
                format!("ReplicaSet \"{new_name}\" has successfully progressed."),
                now,
            ),
            now,
        );
    } else if !new_rs_created {
        set_condition(
            &mut conds,
            condition(
                "Progressing",
                true,
                "ReplicaSetUpdated",
                format!("ReplicaSet \"{new_name}\" is progressing."),
                now,
            ),
            now,
        );
    }
    replica_failure(&mut conds, &all, &new_name, now);
    let mut status = Map::new();
    if available > 0 {
        status.insert("availableReplicas".into(), json!(available));
    }
    status.insert("conditions".into(), Value::Array(conds));
    status.insert(
        "observedGeneration".into(),
        json!(util::int_at(&d, "/metadata/generation")),
    );
    if ready > 0 {
        status.insert("readyReplicas".into(), json!(ready));
    }
    if total > 0 {
        status.insert("replicas".into(), json!(total));
    }
    let unavailable = (replicas - available).max(0);
    if unavailable > 0 {
        status.insert("unavailableReplicas".into(), json!(unavailable));
    }
    if updated_count > 0 {
        status.insert("updatedReplicas".into(), json!(updated_count));
    }
    let status = Value::Object(status);
    let mut updated = d.clone();
    meta::set(&mut updated, &["status"], status);
    let cur_rev = all
        .iter()
        .find(|rs| meta::name(rs) == new_name)
        .map(revision)
        .unwrap_or(1);
    meta::set_str(
        &mut updated,
        &[
            "metadata",
            "annotations",
            "deployment.kubernetes.io/revision",
        ],
        &cur_rev.to_string(),
    );
    if updated != d {
        let _ = util::write(api, &d_info, updated);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surge_and_unavailable_round_as_kubernetes_does() {
        assert_eq!(int_or_percent(None, 3, true, "25%"), 1);
        assert_eq!(int_or_percent(None, 3, false, "25%"), 0);
        assert_eq!(int_or_percent(Some(&json!(2)), 3, false, "25%"), 2);
        assert_eq!(int_or_percent(Some(&json!("50%")), 4, false, "25%"), 2);
    }
}
