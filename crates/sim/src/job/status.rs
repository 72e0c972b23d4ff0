//! A Job's status: whether it failed or succeeded (with the controller's reasons and
//! messages), its conditions, counters and events.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::super::events::{self, Event, Source};
use super::super::{util, Sim};
use super::failure::{self, Verdict};
use super::{has_condition, Spec, COMPONENT};
use super::{indexed, success};
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

/// What one sync found and did, before it is written.
pub struct Outcome {
    pub succeeded: i64,
    pub failed: i64,
    pub active: i64,
    pub ready: i64,
    pub terminating: i64,
    pub start: Option<Time>,
    pub conditions: Vec<Value>,
    /// Events to record once the status is written: (type, reason, message).
    pub events: Vec<(&'static str, String, String)>,
    /// An Indexed Job's succeeded indexes.
    pub done_indexes: Option<BTreeSet<i64>>,
    /// With `backoffLimitPerIndex`, the indexes that failed.
    pub failed_indexes: Option<BTreeSet<i64>>,
}

/// How the Job ends, once decided.
pub enum Finish {
    /// Failed: `FailureTarget` first (unless already there), `Failed` once no pod terminates.
    Failure { reason: String, message: String },
    /// Succeeded: `SuccessCriteriaMet`, then `Complete`.
    Success { reason: String, message: String },
}

pub fn time(v: Option<&Value>) -> Option<Time> {
    v.and_then(|t| t.as_str()).and_then(Time::parse_rfc3339)
}

/// The Job's condition of this type, if any.
pub fn find<'a>(job: &'a Value, ty: &str) -> Option<&'a Value> {
    job.pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .find(|c| meta::str_at(c, &["type"]) == ty)
}

fn reason_message(c: &Value) -> (String, String) {
    (
        meta::str_at(c, &["reason"]).to_string(),
        meta::str_at(c, &["message"]).to_string(),
    )
}

/// Whether the Job has failed (or already met its success criteria), in the controller's
/// order: an earlier decision, a `FailJob` rule, the back-off limit, the deadline.
pub fn finish(
    job: &Value,
    spec: &Spec,
    pods: &[Value],
    out: &Outcome,
    now: Time,
) -> Option<Finish> {
    if has_condition(job, "SuccessCriteriaMet") {
        let (reason, message) = find(job, "SuccessCriteriaMet").map(reason_message)?;
        return Some(Finish::Success { reason, message });
    }
    if has_condition(job, "FailureTarget") {
        let (reason, message) = find(job, "FailureTarget").map(reason_message)?;
        return Some(Finish::Failure { reason, message });
    }
    let fail_job = pods
        .iter()
        .filter(|p| failure::is_pod_failed(p, spec.only_replace_failed))
        .find_map(|p| match failure::verdict(spec.policy, p) {
            Verdict::FailJob(m) => Some(m),
            _ => None,
        });
    let failed = |reason: &str, message: &str| Finish::Failure {
        reason: reason.to_string(),
        message: message.to_string(),
    };
    if let Some(message) = fail_job {
        return Some(failed("PodFailurePolicy", &message));
    }
    if out.failed > spec.backoff_limit || past_backoff_limit_on_failure(spec, pods) {
        return Some(failed(
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit",
        ));
    }
    let past_deadline = match (spec.deadline, out.start) {
        (Some(d), Some(start)) if !spec.suspend => now.since(start) >= d,
        _ => false,
    };
    if past_deadline {
        return Some(failed(
            "DeadlineExceeded",
            "Job was active longer than specified deadline",
        ));
    }
    let failed_indexes = out.failed_indexes.as_ref().map_or(0, |f| f.len() as i64);
    if spec.max_failed_indexes.is_some_and(|m| failed_indexes > m) {
        return Some(failed(
            "MaxFailedIndexesExceeded",
            "Job has exceeded the specified maximal number of failed indexes",
        ));
    }
    let settled = failed_indexes + out.succeeded >= spec.completions.unwrap_or(0);
    if failed_indexes > 0 && settled {
        return Some(failed("FailedIndexes", "Job has failed indexes"));
    }
    let done = out.done_indexes.as_ref()?;
    let message = success::matched(spec.success_policy, spec.completions.unwrap_or(0), done)?;
    Some(Finish::Success {
        reason: "SuccessPolicy".into(),
        message,
    })
}

/// With `restartPolicy: OnFailure` the restarts of the pods still running or pending count
/// against the limit (any restart when the limit is 0).
fn past_backoff_limit_on_failure(spec: &Spec, pods: &[Value]) -> bool {
    if !spec.on_failure {
        return false;
    }
    let restarts: i64 = pods
        .iter()
        .filter(|p| matches!(meta::str_at(p, &["status", "phase"]), "Running" | "Pending"))
        .flat_map(|p| {
            ["initContainerStatuses", "containerStatuses"]
                .into_iter()
                .filter_map(move |l| p.pointer(&format!("/status/{l}")))
        })
        .filter_map(|l| l.as_array())
        .flatten()
        .filter_map(|c| c.get("restartCount").and_then(|r| r.as_i64()))
        .sum();
    if spec.backoff_limit == 0 {
        restarts > 0
    } else {
        restarts >= spec.backoff_limit
    }
}

fn condition(ty: &str, status: &str, reason: &str, message: &str, now: Time) -> Value {
    json!({
        "lastProbeTime": now.rfc3339(),
        "lastTransitionTime": now.rfc3339(),
        "message": message,
        "reason": reason,
        "status": status,
        "type": ty,
    })
}

/// Set the condition of this type to `status` (adding it unless it would be False); whether
/// anything changed (`ensureJobConditionStatus`).
fn ensure(
    list: &mut Vec<Value>,
    ty: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: Time,
) -> bool {
    let fresh = condition(ty, status, reason, message, now);
    match list.iter_mut().find(|c| meta::str_at(c, &["type"]) == ty) {
        Some(c) => {
            let same = meta::str_at(c, &["status"]) == status
                && meta::str_at(c, &["reason"]) == reason
                && meta::str_at(c, &["message"]) == message;
            if !same {
                *c = fresh;
            }
            !same
        }
        None if status != "False" => {
            list.push(fresh);
            true
        }
        None => false,
    }
}

/// Conditions and events for the decision (or, for a Job still running, its suspension), then
/// the status write.
pub fn write(
    sim: &mut Sim,
    api: &mut ApiServer,
    job: &Value,
    spec: &Spec,
    finish: Option<Finish>,
    mut out: Outcome,
) {
    let now = api.now;
    let mut completion = time(job.pointer("/status/completionTime"));
    let finish = finish.or_else(|| {
        let done = match spec.completions {
            None => out.succeeded > 0 && out.active == 0,
            Some(c) => out.succeeded >= c && out.active == 0,
        };
        done.then(|| Finish::Success {
            reason: "CompletionsReached".into(),
            message: "Reached expected number of succeeded pods".into(),
        })
    });
    if conclude(spec, finish.as_ref(), &mut out, now) {
        completion = Some(now);
    }
    let status = render(&out, completion);
    if job.get("status") == Some(&status) {
        return;
    }
    let mut updated = job.clone();
    meta::set(&mut updated, &["status"], status);
    let Some(info) = util::info(api, "batch/jobs") else {
        return;
    };
    let Some(saved) = util::write(api, &info, updated) else {
        return;
    };
    for (kind, reason, message) in &out.events {
        let mut ev = Event::normal(
            &saved,
            reason,
            message.clone(),
            Source::Controller(COMPONENT),
        );
        ev.kind = kind;
        events::record(sim, api, ev, now);
    }
}

/// The status object, keys as the API server returns them.
fn render(out: &Outcome, completion: Option<Time>) -> Value {
    let mut status = Map::new();
    if out.active > 0 {
        status.insert("active".into(), json!(out.active));
    }
    if let Some(at) = completion {
        status.insert("completionTime".into(), json!(at.rfc3339()));
    }
    if let Some(done) = out.done_indexes.as_ref().filter(|d| !d.is_empty()) {
        status.insert("completedIndexes".into(), json!(indexed::format(done)));
    }
    if let Some(failed) = &out.failed_indexes {
        status.insert("failedIndexes".into(), json!(indexed::format(failed)));
    }
    if !out.conditions.is_empty() {
        status.insert("conditions".into(), Value::Array(out.conditions.clone()));
    }
    if out.failed > 0 {
        status.insert("failed".into(), json!(out.failed));
    }
    status.insert("ready".into(), json!(out.ready.max(0)));
    if let Some(start) = out.start {
        status.insert("startTime".into(), json!(start.rfc3339()));
    }
    if out.succeeded > 0 {
        status.insert("succeeded".into(), json!(out.succeeded));
    }
    status.insert("terminating".into(), json!(out.terminating.max(0)));
    status.insert("uncountedTerminatedPods".into(), json!({}));
    Value::Object(status)
}

/// The conditions and events for the decision, or for a Job still running its suspension;
/// whether the Job became Complete now.
fn conclude(spec: &Spec, finish: Option<&Finish>, out: &mut Outcome, now: Time) -> bool {
    let c = &mut out.conditions;
    let mut event = |kind: &'static str, reason: &str, message: &str| {
        out.events
            .push((kind, reason.to_string(), message.to_string()));
    };
    match finish {
        Some(Finish::Failure { reason, message }) => {
            ensure(c, "FailureTarget", "True", reason, message, now);
            // Failed only once no pod is left terminating.
            if out.terminating == 0 && ensure(c, "Failed", "True", reason, message, now) {
                event("Warning", reason, message);
            }
            false
        }
        Some(Finish::Success { reason, message }) => {
            ensure(c, "SuccessCriteriaMet", "True", reason, message, now);
            let complete =
                out.terminating == 0 && ensure(c, "Complete", "True", reason, message, now);
            if complete {
                if spec.completions.is_some_and(|n| out.succeeded > n) {
                    event(
                        "Warning",
                        "TooManySucceededPods",
                        "Too many succeeded pods running after completion count reached",
                    );
                }
                event("Normal", "Completed", "Job completed");
            }
            complete
        }
        None if spec.suspend => {
            if ensure(c, "Suspended", "True", "JobSuspended", "Job suspended", now) {
                event("Normal", "Suspended", "Job suspended");
            }
            false
        }
        None => {
            if ensure(c, "Suspended", "False", "JobResumed", "Job resumed", now) {
                event("Normal", "Resumed", "Job resumed");
                // The deadline counts from the resumption.
                out.start = Some(now);
            }
            false
        }
    }
}
