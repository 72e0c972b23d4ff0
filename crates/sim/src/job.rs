//! The Job controller: one pod at a time until `completions` pods succeeded, then the Job is
//! Complete.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Map, Value};

use super::events::{self, Event, Source};
use super::replicaset::{create_pods, is_ready, pod_from_template};
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

const COMPONENT: &str = "job-controller";

fn phase(p: &Value) -> &str {
    meta::str_at(p, &["status", "phase"])
}

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(job) = api.store().get(key).cloned() else {
        return;
    };
    if job.is_deleting() {
        return;
    }
    let now = api.now;
    let uid = job.uid().to_string();
    let name = meta::name(&job).to_string();
    let completions = job
        .pointer("/spec/completions")
        .and_then(|v| v.as_i64())
        .unwrap_or(1)
        .max(0);
    let parallelism = job
        .pointer("/spec/parallelism")
        .and_then(|v| v.as_i64())
        .unwrap_or(1)
        .max(0);
    let pods: Vec<Value> = api
        .store()
        .list("/pods", Some(&key.namespace))
        .map(|(_, p)| p)
        .filter(|p| util::controlled_by(p, &uid))
        .cloned()
        .collect();
    // Finished pods are counted once for good: deleting them later changes nothing.
    let succeeded = (pods.iter().filter(|p| phase(p) == "Succeeded").count() as i64)
        .max(util::int_at(&job, "/status/succeeded"));
    let failed = (pods.iter().filter(|p| phase(p) == "Failed").count() as i64)
        .max(util::int_at(&job, "/status/failed"));
    let mut active = pods
        .iter()
        .filter(|p| !matches!(phase(p), "Succeeded" | "Failed") && !p.is_deleting())
        .count() as i64;
    let complete_before = job
        .pointer("/status/completionTime")
        .is_some_and(|v| !v.is_null());
    let suspended = job.pointer("/spec/suspend").and_then(|v| v.as_bool()) == Some(true);
    let want_active = (completions - succeeded).min(parallelism).max(0);
    if !complete_before && !suspended && active < want_active {
        let body = pod_from_template(
            &job,
            &[
                ("batch.kubernetes.io/controller-uid", uid.clone()),
                ("batch.kubernetes.io/job-name", name.clone()),
                ("controller-uid", uid.clone()),
                ("job-name", name.clone()),
            ],
        );
        let n = (want_active - active) as usize;
        active += create_pods(sim, api, &job, &body, n, COMPONENT).len() as i64;
    }
    let ready = pods
        .iter()
        .filter(|p| !matches!(phase(p), "Succeeded" | "Failed") && is_ready(p))
        .count() as i64;
    let done = succeeded >= completions;
    let mut status = Map::new();
    if active > 0 && !done {
        status.insert("active".into(), json!(active));
    }
    let start = job
        .pointer("/status/startTime")
        .cloned()
        .unwrap_or(json!(now.rfc3339()));
    let mut conditions: Vec<Value> = Vec::new();
    if done {
        let at = job
            .pointer("/status/completionTime")
            .cloned()
            .unwrap_or(json!(now.rfc3339()));
        for t in ["SuccessCriteriaMet", "Complete"] {
            conditions.push(json!({
                "lastProbeTime": at,
                "lastTransitionTime": at,
                "message": "Reached expected number of succeeded pods",
                "reason": "CompletionsReached",
                "status": "True",
                "type": t,
            }));
        }
        status.insert("completionTime".into(), at);
        status.insert("conditions".into(), Value::Array(conditions));
    }
    if failed > 0 {
        status.insert("failed".into(), json!(failed));
    }
    status.insert("ready".into(), json!(if done { 0 } else { ready }));
    status.insert("startTime".into(), start);
    if succeeded > 0 {
        status.insert("succeeded".into(), json!(succeeded));
    }
    status.insert("terminating".into(), json!(0));
    status.insert("uncountedTerminatedPods".into(), json!({}));
    let status = Value::Object(status);
    if job.get("status") != Some(&status) {
        let mut updated = job.clone();
        meta::set(&mut updated, &["status"], status);
        if let Some(info) = util::info(api, "batch/jobs") {
            if let Some(saved) = util::write(api, &info, updated) {
                if done && !complete_before {
                    events::record(
                        sim,
                        api,
                        Event::normal(
                            &saved,
                            "Completed",
                            "Job completed".into(),
                            Source::Controller(COMPONENT),
                        ),
                        now,
                    );
                }
            }
        }
    }
}
