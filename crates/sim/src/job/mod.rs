//! The Job controller, after v1.32's: up to `parallelism` pods at a time until `completions`
//! succeeded; failed pods replaced after the pod-failure back-off and counted against
//! `backoffLimit`; `activeDeadlineSeconds`; `podFailurePolicy`; `suspend`. A failing Job first
//! gets `FailureTarget`, its active pods are deleted, and `Failed` follows once none is left
//! terminating; a succeeding one gets `SuccessCriteriaMet`, then `Complete`. Finished Jobs go
//! to the TTL-after-finished controller (`ttl.rs`).
//!
//! Each pod carries the tracking finalizer until it is counted (`tracking.rs`); the controller
//! also remembers the pods it counted (`Tracking`), as the real one expects its finalizer
//! removals to be seen.

mod backoff;
mod failure;
mod indexed;
mod manage;
mod per_index;
mod status;
mod success;
mod tracking;
mod ttl;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::replicaset::is_ready;
use super::{util, Sim};
use failure::Verdict;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use status::{Finish, Outcome};
pub use tracking::release_orphan;

const COMPONENT: &str = "job-controller";

/// What the controller remembers of each unfinished Job, by key: the pods already counted in
/// its status, and its failures since the last success (for the back-off). Forgotten when the
/// Job finishes or goes.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct Tracking {
    jobs: HashMap<Key, Memory>,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
struct Memory {
    /// The Job this is about (a Job recreated under the same name starts afresh).
    uid: String,
    counted: HashSet<String>,
    backoff: backoff::Record,
}

fn phase(p: &Value) -> &str {
    meta::str_at(p, &["status", "phase"])
}

/// Finished, or (see `failure::stopped`) as good as Failed.
fn is_terminal(p: &Value) -> bool {
    matches!(phase(p), "Succeeded" | "Failed") || failure::stopped(p)
}

/// Neither finished nor being deleted (`FilterActivePods`).
fn is_active(p: &Value) -> bool {
    !is_terminal(p) && !p.is_deleting()
}

/// The parts of a Job's spec the controller reads.
struct Spec<'a> {
    completions: Option<i64>,
    parallelism: i64,
    backoff_limit: i64,
    deadline: Option<i64>,
    suspend: bool,
    policy: Option<&'a Value>,
    /// `podReplacementPolicy: Failed` (the default with a pod failure policy): a pod being
    /// deleted is neither failed nor replaced until it reaches phase Failed.
    only_replace_failed: bool,
    on_failure: bool,
    /// `completionMode: Indexed` (with completions, as validation requires).
    indexed: bool,
    /// `successPolicy`, for an Indexed Job.
    success_policy: Option<&'a Value>,
    /// `backoffLimitPerIndex`, for an Indexed Job.
    per_index: Option<i64>,
    max_failed_indexes: Option<i64>,
}

impl<'a> Spec<'a> {
    fn of(job: &'a Value) -> Spec<'a> {
        let int = |p: &str| job.pointer(p).and_then(|v| v.as_i64());
        let policy = job
            .pointer("/spec/podFailurePolicy")
            .filter(|p| !p.is_null());
        let indexed = meta::str_at(job, &["spec", "completionMode"]) == "Indexed"
            && int("/spec/completions").is_some();
        Spec {
            completions: int("/spec/completions").map(|c| c.max(0)),
            parallelism: int("/spec/parallelism").unwrap_or(1).max(0),
            backoff_limit: int("/spec/backoffLimit").unwrap_or(6),
            deadline: int("/spec/activeDeadlineSeconds"),
            suspend: job.pointer("/spec/suspend").and_then(|v| v.as_bool()) == Some(true),
            policy,
            only_replace_failed: policy.is_some()
                || meta::str_at(job, &["spec", "podReplacementPolicy"]) == "Failed",
            on_failure: meta::str_at(job, &["spec", "template", "spec", "restartPolicy"])
                == "OnFailure",
            indexed,
            success_policy: job
                .pointer("/spec/successPolicy")
                .filter(|p| indexed && !p.is_null()),
            per_index: int("/spec/backoffLimitPerIndex").filter(|_| indexed),
            max_failed_indexes: int("/spec/maxFailedIndexes"),
        }
    }
}

/// Whether the Job has a condition of this type with status True.
fn has_condition(job: &Value, ty: &str) -> bool {
    status::find(job, ty).is_some_and(|c| meta::str_at(c, &["status"]) == "True")
}

/// Finished: Complete or Failed.
pub fn is_finished(job: &Value) -> bool {
    has_condition(job, "Complete") || has_condition(job, "Failed")
}

/// Look at the Job `key` (gone, finished or running).
pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let remembered = sim.jobs.jobs.remove(key);
    let Some(job) = api.store().get(key).cloned() else {
        return;
    };
    if is_finished(&job) {
        ttl::sync(sim, api, key, &job);
        return;
    }
    let uid = job.uid().to_string();
    let mut memory = remembered
        .filter(|m| m.uid == uid)
        .unwrap_or_else(|| Memory {
            uid,
            ..Memory::default()
        });
    reconcile(sim, api, key, &job, &mut memory);
    if !api.store().get(key).is_some_and(is_finished) {
        sim.jobs.jobs.insert(key.clone(), memory);
    }
}

/// One `syncJob`: count what finished, decide whether the Job failed or succeeded, create or
/// delete pods, and write the status.
fn reconcile(sim: &mut Sim, api: &mut ApiServer, key: &Key, job: &Value, memory: &mut Memory) {
    let now = api.now;
    let spec = Spec::of(job);
    let uid = job.uid().to_string();
    let pods: Vec<Value> = api
        .store()
        .list("/pods", Some(&key.namespace))
        .map(|(_, p)| p)
        .filter(|p| util::controlled_by(p, &uid))
        .cloned()
        .collect();
    let uncounted: Vec<&Value> = pods
        .iter()
        .filter(|p| tracking::has_finalizer(p) && !memory.counted.contains(p.uid()))
        .collect();
    let mut out = count(job, &spec, &pods, &uncounted, memory);
    if out.start.is_none() && !spec.suspend {
        out.start = Some(now);
    }
    let finish = status::finish(job, &spec, &pods, &out, now);
    if finish.is_none() && !spec.suspend {
        // Look again when the deadline comes.
        if let (Some(deadline), Some(start)) = (spec.deadline, out.start) {
            sim.wake(start.plus(deadline), key);
        }
    }
    match &finish {
        Some(Finish::Failure { .. }) => {
            // As the Job failed, every pod not yet counted that did not succeed counts as
            // failed, the running ones too, which are deleted.
            for p in uncounted.iter().filter(|p| phase(p) != "Succeeded") {
                if memory.counted.insert(p.uid().to_string())
                    && failure::verdict(spec.policy, p) != Verdict::Ignore
                {
                    out.failed += 1;
                }
            }
            manage::stop_active(sim, api, job, &pods, memory, &mut out);
        }
        // Met by the success policy: the pods still running are deleted, uncounted.
        Some(Finish::Success { .. }) => manage::stop_active(sim, api, job, &pods, memory, &mut out),
        None if !job.is_deleting() => {
            let view = manage::View {
                key,
                job,
                spec: &spec,
                pods: &pods,
            };
            manage::manage(sim, api, &view, memory, &mut out);
        }
        None => {}
    }
    release_counted(api, key, job, &pods, memory);
    status::write(sim, api, job, &spec, finish, out);
}

/// The counters after the pods that finished since the last look (which are now counted),
/// with the succeeded and failed indexes of an Indexed Job; the back-off follows.
fn count(
    job: &Value,
    spec: &Spec,
    pods: &[Value],
    uncounted: &[&Value],
    memory: &mut Memory,
) -> Outcome {
    let new_succeeded: Vec<&Value> = uncounted
        .iter()
        .copied()
        .filter(|p| phase(p) == "Succeeded")
        .collect();
    let new_failed: Vec<&Value> = uncounted
        .iter()
        .copied()
        .filter(|p| failure::is_pod_failed(p, spec.only_replace_failed))
        .collect();
    let counted_failures = new_failed
        .iter()
        .filter(|p| failure::verdict(spec.policy, p) != Verdict::Ignore)
        .count() as i64;
    let mut out = Outcome {
        succeeded: util::int_at(job, "/status/succeeded") + new_succeeded.len() as i64,
        failed: util::int_at(job, "/status/failed") + counted_failures,
        active: pods.iter().filter(|p| is_active(p)).count() as i64,
        ready: pods.iter().filter(|p| is_active(p) && is_ready(p)).count() as i64,
        terminating: pods
            .iter()
            .filter(|p| !is_terminal(p) && p.is_deleting())
            .count() as i64,
        start: status::time(job.pointer("/status/startTime")),
        conditions: job
            .pointer("/status/conditions")
            .and_then(|c| c.as_array())
            .cloned()
            .unwrap_or_default(),
        events: Vec::new(),
        done_indexes: None,
        failed_indexes: None,
    };
    if spec.indexed {
        count_indexes(job, spec, pods, uncounted, &mut out);
    }
    for p in new_succeeded.iter().chain(&new_failed) {
        memory.counted.insert(p.uid().to_string());
    }
    memory.backoff = memory.backoff.after(&new_succeeded, &new_failed);
    out
}

/// An Indexed Job counts succeeded indexes, not pods; with a back-off limit per index, it
/// also keeps the failed indexes.
fn count_indexes(
    job: &Value,
    spec: &Spec,
    pods: &[Value],
    uncounted: &[&Value],
    out: &mut Outcome,
) {
    let completions = spec.completions.unwrap_or(0);
    let mut done = indexed::parse(
        meta::str_at(job, &["status", "completedIndexes"]),
        completions,
    );
    done.extend(
        pods.iter()
            .filter(|p| phase(p) == "Succeeded")
            .filter_map(indexed::index_of)
            .filter(|i| *i < completions),
    );
    out.succeeded = done.len() as i64;
    out.done_indexes = Some(done);
    if let Some(limit) = spec.per_index {
        let mut failed =
            indexed::parse(meta::str_at(job, &["status", "failedIndexes"]), completions);
        failed.extend(
            uncounted
                .iter()
                .filter(|p| per_index::fails_index(p, spec, limit))
                .filter_map(|p| indexed::index_of(p))
                .filter(|i| *i < completions),
        );
        out.failed_indexes = Some(failed);
    }
}

/// Take the tracking finalizer off every pod counted (all of them while the Job is deleted).
fn release_counted(
    api: &mut ApiServer,
    key: &Key,
    job: &Value,
    pods: &[Value],
    memory: &mut Memory,
) {
    if job.is_deleting() {
        for p in pods {
            memory.counted.insert(p.uid().to_string());
        }
    }
    for p in pods.iter().filter(|p| tracking::has_finalizer(p)) {
        if memory.counted.contains(p.uid()) {
            tracking::release(api, &key.namespace, meta::name(p));
        }
    }
}
