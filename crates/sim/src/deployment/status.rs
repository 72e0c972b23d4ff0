//! The Deployment's status and conditions: `calculateStatus`, the Available condition, and
//! `syncRolloutStatus`'s progress estimate with its deadline (pkg/controller/deployment).

use serde_json::{json, Map, Value};

use kubeplay_api::meta;
use kubeplay_core::clock::Time;

/// The counts `calculateStatus` sums over the ReplicaSets.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    /// Sum of `status.replicas`.
    pub replicas: i64,
    /// The new ReplicaSet's `status.replicas`.
    pub updated: i64,
    pub ready: i64,
    pub available: i64,
    /// Sum of `spec.replicas`, less what is available.
    pub unavailable: i64,
}

impl Counts {
    pub fn of_status(status: Option<&Value>) -> Counts {
        let n = |k: &str| {
            status
                .and_then(|s| s.get(k))
                .and_then(|v| v.as_i64())
                .unwrap_or(0)
        };
        Counts {
            replicas: n("replicas"),
            updated: n("updatedReplicas"),
            ready: n("readyReplicas"),
            available: n("availableReplicas"),
            unavailable: n("unavailableReplicas"),
        }
    }
}

pub fn condition(t: &str, status: &str, reason: &str, message: String, now: Time) -> Value {
    json!({
        "lastTransitionTime": now.rfc3339(),
        "lastUpdateTime": now.rfc3339(),
        "message": message,
        "reason": reason,
        "status": status,
        "type": t,
    })
}

pub fn find<'a>(conds: &'a [Value], t: &str) -> Option<&'a Value> {
    conds.iter().find(|c| meta::str_at(c, &["type"]) == t)
}

pub fn remove(conds: &mut Vec<Value>, t: &str) {
    conds.retain(|c| meta::str_at(c, &["type"]) != t);
}

/// `SetDeploymentCondition`: a condition with the same status and reason is left alone; a new
/// one replaces the old at the end of the list, keeping its transition time if only the reason
/// changed.
pub fn set(conds: &mut Vec<Value>, mut c: Value, now: Time) {
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

/// The Available condition: `replicas - maxUnavailable` pods available or not.
pub fn availability(conds: &mut Vec<Value>, available: i64, min_available: i64, now: Time) {
    let c = if available >= min_available {
        condition(
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.".into(),
            now,
        )
    } else {
        condition(
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.".into(),
            now,
        )
    };
    set(conds, c, now);
}

/// `DeploymentComplete`: every wanted pod updated and available, no old pod left.
pub fn complete(replicas: i64, c: &Counts) -> bool {
    c.updated == replicas && c.replicas == replicas && c.available == replicas
}

/// `DeploymentProgressing`: more updated, ready or available pods, or fewer old ones.
fn progressing(old: &Counts, new: &Counts) -> bool {
    new.updated > old.updated
        || (new.replicas - new.updated) < (old.replicas - old.updated)
        || new.ready > old.ready
        || new.available > old.available
}

/// `syncRolloutStatus`'s estimate: the Progressing condition after this sync, and when to
/// look again for the deadline (`requeueStuckDeployment`: a second after it passes).
pub fn progress(
    conds: &mut Vec<Value>,
    replicas: i64,
    deadline: Option<i64>,
    (old, new): (&Counts, &Counts),
    new_rs: &str,
    now: Time,
) -> Option<Time> {
    let Some(deadline) = deadline else {
        remove(conds, "Progressing");
        return None;
    };
    let current = find(conds, "Progressing").cloned();
    let reason = |c: &Option<Value>| {
        c.as_ref()
            .map(|c| meta::str_at(c, &["reason"]).to_string())
            .unwrap_or_default()
    };
    let done = new.replicas == new.updated && reason(&current) == "NewReplicaSetAvailable";
    if done {
        return None;
    }
    if complete(replicas, new) {
        let msg = format!("ReplicaSet \"{new_rs}\" has successfully progressed.");
        set(
            conds,
            condition("Progressing", "True", "NewReplicaSetAvailable", msg, now),
            now,
        );
        return None;
    }
    if progressing(old, new) {
        let msg = format!("ReplicaSet \"{new_rs}\" is progressing.");
        let mut c = condition("Progressing", "True", "ReplicaSetUpdated", msg, now);
        if let Some(cur) = &current {
            if meta::str_at(cur, &["status"]) == "True" {
                c["lastTransitionTime"] = cur["lastTransitionTime"].clone();
            }
            remove(conds, "Progressing");
        }
        set(conds, c, now);
        return Some(now.plus(deadline + 1));
    }
    let cur = current?;
    match reason(&Some(cur.clone())).as_str() {
        "ProgressDeadlineExceeded" => None,
        _ => {
            let from = Time::parse_rfc3339(meta::str_at(&cur, &["lastUpdateTime"]))?;
            if from.plus(deadline) < now {
                let msg = format!("ReplicaSet \"{new_rs}\" has timed out progressing.");
                set(
                    conds,
                    condition("Progressing", "False", "ProgressDeadlineExceeded", msg, now),
                    now,
                );
                None
            } else {
                Some(from.plus(deadline + 1))
            }
        }
    }
}

/// `getReplicaFailures`: the new ReplicaSet's `ReplicaFailure` condition (else any other's)
/// becomes the Deployment's, dated from the ReplicaSet's; none removes it.
pub fn replica_failure(conds: &mut Vec<Value>, all: &[Value], new_name: Option<&str>, now: Time) {
    let failure_of = |rs: &Value| {
        rs.pointer("/status/conditions")
            .and_then(|c| c.as_array())
            .and_then(|l| find(l, "ReplicaFailure").cloned())
    };
    let found = all
        .iter()
        .find(|rs| Some(meta::name(rs)) == new_name)
        .and_then(failure_of)
        .or_else(|| all.iter().find_map(failure_of));
    let Some(c) = found else {
        remove(conds, "ReplicaFailure");
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
    set(conds, cond, now);
}

/// The status object, with kubectl's omitempty fields left out when zero.
pub fn object(c: &Counts, conds: Vec<Value>, generation: i64, keep: &Value) -> Value {
    let mut status = Map::new();
    if c.available > 0 {
        status.insert("availableReplicas".into(), json!(c.available));
    }
    if let Some(n) = keep.get("collisionCount") {
        status.insert("collisionCount".into(), n.clone());
    }
    status.insert("conditions".into(), Value::Array(conds));
    status.insert("observedGeneration".into(), json!(generation));
    if c.ready > 0 {
        status.insert("readyReplicas".into(), json!(c.ready));
    }
    if c.replicas > 0 {
        status.insert("replicas".into(), json!(c.replicas));
    }
    if c.unavailable > 0 {
        status.insert("unavailableReplicas".into(), json!(c.unavailable));
    }
    if c.updated > 0 {
        status.insert("updatedReplicas".into(), json!(c.updated));
    }
    Value::Object(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(replicas: i64, updated: i64, available: i64) -> Counts {
        Counts {
            replicas,
            updated,
            ready: available,
            available,
            unavailable: 0,
        }
    }

    #[test]
    fn no_progress_past_the_deadline_times_out() {
        let t0 = Time(1_000);
        let mut conds = vec![condition(
            "Progressing",
            "True",
            "ReplicaSetUpdated",
            "ReplicaSet \"web-1\" is progressing.".into(),
            t0,
        )];
        let same = counts(4, 1, 3);
        let wake = progress(
            &mut conds,
            3,
            Some(600),
            (&same, &same),
            "web-1",
            t0.plus(10),
        );
        assert_eq!(wake, Some(t0.plus(601)));
        let wake = progress(
            &mut conds,
            3,
            Some(600),
            (&same, &same),
            "web-1",
            t0.plus(601),
        );
        assert_eq!(wake, None);
        assert_eq!(conds[0]["reason"], "ProgressDeadlineExceeded");
        assert_eq!(conds[0]["status"], "False");
        assert_eq!(
            conds[0]["message"],
            "ReplicaSet \"web-1\" has timed out progressing."
        );
    }

    #[test]
    fn a_finished_rollout_says_so() {
        let t0 = Time(1_000);
        let mut conds = vec![];
        let before = counts(4, 3, 3);
        let after = counts(3, 3, 3);
        progress(&mut conds, 3, Some(600), (&before, &after), "web-1", t0);
        assert_eq!(conds[0]["reason"], "NewReplicaSetAvailable");
    }
}
