//! `manageJob`: as many active pods as the Job wants, no more: extra pods deleted (all of them
//! while suspended), missing ones created once the pod-failure back-off allows.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::super::events::{self, Event, Source};
use super::super::replicaset::{create_pods, is_ready, pod_from_template};
use super::super::{util, Sim};
use super::status::Outcome;
use super::{indexed, is_active, per_index, Memory, Spec, COMPONENT};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

/// How many pods one sync creates or deletes at most (`MaxPodCreateDeletePerSync`).
const MAX_PER_SYNC: i64 = 500;

/// The shortest wait before the controller looks again (`syncJobBatchPeriod`).
const BATCH_SECS: i64 = 1;

/// The Job being managed, with what the controller read of it.
pub struct View<'a> {
    pub key: &'a Key,
    pub job: &'a Value,
    pub spec: &'a Spec<'a>,
    pub pods: &'a [Value],
}

pub fn manage(
    sim: &mut Sim,
    api: &mut ApiServer,
    v: &View,
    memory: &mut Memory,
    out: &mut Outcome,
) {
    let active: Vec<&Value> = v.pods.iter().filter(|p| is_active(p)).collect();
    if v.spec.suspend {
        // Suspending deletes every active pod; none of them counts as failed.
        let gone = delete_pods(sim, api, v.job, &active);
        forget(memory, out, &gone);
        return;
    }
    let want = match v.spec.completions {
        // Without completions, once a pod succeeded the rest are left to finish.
        None if out.succeeded > 0 => out.active,
        None => v.spec.parallelism,
        Some(c) => (c - out.succeeded).min(v.spec.parallelism).max(0),
    };
    let mut extra = surplus(v.spec, &active, want, out.active);
    if !extra.is_empty() {
        // Deleting and creating never happen in the same sync; deleting comes first.
        extra.truncate(MAX_PER_SYNC as usize);
        let gone = delete_pods(sim, api, v.job, &extra);
        forget(memory, out, &gone);
        return;
    }
    let terminating = if v.spec.only_replace_failed {
        out.terminating
    } else {
        0
    };
    let missing = (want - terminating - out.active).min(MAX_PER_SYNC);
    if missing <= 0 {
        return;
    }
    // With a back-off limit per index, each index waits out its own back-off instead.
    let wait = if v.spec.per_index.is_some() {
        0
    } else {
        memory.backoff.remaining(api.now)
    };
    if wait > 0 {
        sim.wake(api.now.plus(wait.max(BATCH_SECS)), v.key);
    } else if v.spec.indexed {
        create_indexed(sim, api, v, &active, missing, out);
    } else {
        let body = template(v.job);
        out.active += create_pods(sim, api, v.job, &body, missing as usize, COMPONENT).len() as i64;
    }
}

/// Active pods to delete (`activePodsForRemoval`): an Indexed Job's pods with a bad or repeated
/// index whatever the count, then as many more as there are too many, least advanced first.
fn surplus<'a>(spec: &Spec, active: &[&'a Value], want: i64, count: i64) -> Vec<&'a Value> {
    let mut extra = if spec.indexed {
        indexed::surplus(active, spec.completions.unwrap_or(0), removal_rank)
    } else {
        Vec::new()
    };
    let at_least = (count - want).max(0) as usize;
    if extra.len() < at_least {
        let mut left: Vec<&Value> = active
            .iter()
            .copied()
            .filter(|p| !extra.iter().any(|e| std::ptr::eq(*e, *p)))
            .collect();
        left.sort_once_by_key(removal_rank);
        extra.extend(left.into_iter().take(at_least - extra.len()));
    }
    extra
}

/// The pod the Job's template makes, with the Job's labels and the tracking finalizer.
fn template(job: &Value) -> Value {
    let name = meta::name(job).to_string();
    let uid = job.uid().to_string();
    let mut body = pod_from_template(
        job,
        &[
            ("batch.kubernetes.io/controller-uid", uid.clone()),
            ("batch.kubernetes.io/job-name", name.clone()),
            ("controller-uid", uid),
            ("job-name", name),
        ],
    );
    super::tracking::add_finalizer(&mut body);
    body
}

/// Pods for the lowest pending indexes, each once its own back-off (with a limit per index)
/// allows.
fn create_indexed(
    sim: &mut Sim,
    api: &mut ApiServer,
    v: &View,
    active: &[&Value],
    missing: i64,
    out: &mut Outcome,
) {
    let spec = v.spec;
    // Indexes not pending: succeeded, failed, held by an active pod (or, when only failed
    // pods are replaced, by one still terminating).
    let mut busy = out.done_indexes.clone().unwrap_or_default();
    busy.extend(out.failed_indexes.iter().flatten());
    busy.extend(active.iter().filter_map(|p| indexed::index_of(p)));
    if spec.only_replace_failed {
        let terminating = v
            .pods
            .iter()
            .filter(|p| !super::is_terminal(p) && p.is_deleting());
        busy.extend(terminating.filter_map(indexed::index_of));
    }
    let mut indexes = indexed::pending(&busy, spec.completions.unwrap_or(0), missing);
    if spec.per_index.is_some() {
        let now = api.now;
        let waits: Vec<(i64, i64)> = indexes
            .iter()
            .map(|&i| {
                (
                    i,
                    per_index::remaining(per_index::replaced(v.pods, i, spec), now),
                )
            })
            .collect();
        indexes = waits.iter().filter(|w| w.1 == 0).map(|w| w.0).collect();
        if indexes.is_empty() {
            if let Some(min) = waits.iter().map(|w| w.1).min() {
                sim.wake(now.plus(min.max(BATCH_SECS)), v.key);
            }
            return;
        }
    }
    let body = template(v.job);
    for index in indexes {
        let mut pod = indexed::pod_for(&body, v.job, index);
        if spec.per_index.is_some() {
            per_index::annotate(&mut pod, per_index::replaced(v.pods, index, spec), spec);
        }
        out.active += create_pods(sim, api, v.job, &pod, 1, COMPONENT).len() as i64;
    }
}

/// Delete every active pod of a Job that has finished (or is about to).
pub fn stop_active(
    sim: &mut Sim,
    api: &mut ApiServer,
    job: &Value,
    pods: &[Value],
    memory: &mut Memory,
    out: &mut Outcome,
) {
    let active: Vec<&Value> = pods.iter().filter(|p| is_active(p)).collect();
    let gone = delete_pods(sim, api, job, &active);
    forget(memory, out, &gone);
}

/// Pods deleted: counted from now on (a failure was counted before if it is one), and
/// terminating rather than active.
fn forget(memory: &mut Memory, out: &mut Outcome, gone: &[&Value]) {
    for p in gone {
        memory.counted.insert(p.uid().to_string());
        out.active -= 1;
        out.terminating += 1;
        if is_ready(p) {
            out.ready -= 1;
        }
    }
}

/// The order pods are removed in (`controller.ActivePods`): unscheduled before scheduled,
/// pending before running, not ready before ready, more restarts first, newer first.
fn removal_rank(
    p: &&Value,
) -> (
    bool,
    u8,
    bool,
    std::cmp::Reverse<i64>,
    std::cmp::Reverse<String>,
) {
    let scheduled = !meta::str_at(p, &["spec", "nodeName"]).is_empty();
    let phase = match meta::str_at(p, &["status", "phase"]) {
        "Pending" => 0,
        "Running" => 2,
        _ => 1,
    };
    let restarts = p
        .pointer("/status/containerStatuses")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("restartCount").and_then(|r| r.as_i64()))
        .max()
        .unwrap_or(0);
    (
        scheduled,
        phase,
        is_ready(p),
        std::cmp::Reverse(restarts),
        std::cmp::Reverse(p.creation_timestamp().to_string()),
    )
}

/// Delete `pods` with their default grace period, recording `SuccessfulDelete` for each, as
/// the controllers' pod control does; returns those deleted.
pub fn delete_pods<'a>(
    sim: &mut Sim,
    api: &mut ApiServer,
    job: &Value,
    pods: &[&'a Value],
) -> Vec<&'a Value> {
    let Some(info) = util::info(api, "/pods") else {
        return vec![];
    };
    let ns = meta::namespace(job).to_string();
    let mut gone = Vec::new();
    for p in pods {
        let name = meta::name(p).to_string();
        if api.delete(&info, Some(&ns), &name, false).is_ok() {
            let now = api.now;
            events::record(
                sim,
                api,
                Event::normal(
                    job,
                    "SuccessfulDelete",
                    format!("Deleted pod: {name}"),
                    Source::Controller(COMPONENT),
                ),
                now,
            );
            gone.push(*p);
        }
    }
    gone
}
