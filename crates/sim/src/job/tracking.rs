//! The `batch.kubernetes.io/job-tracking` finalizer: every pod a Job creates carries it, so the
//! pod cannot vanish before the controller counted it; the controller takes it off once the
//! pod is counted (succeeded, failed, or deleted while the Job no longer wants it), and off
//! any pod whose Job is gone or finished (its orphan worker).

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Value};

use super::super::{util, Sim};
use super::is_finished;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

pub const FINALIZER: &str = "batch.kubernetes.io/job-tracking";

pub fn has_finalizer(pod: &Value) -> bool {
    pod.pointer("/metadata/finalizers")
        .and_then(|f| f.as_array())
        .is_some_and(|f| f.iter().any(|x| x.as_str() == Some(FINALIZER)))
}

/// Add the finalizer to a pod about to be created.
pub fn add_finalizer(pod: &mut Value) {
    if has_finalizer(pod) {
        return;
    }
    if let Some(md) = pod.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        let list = md.entry("finalizers").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            list.push(json!(FINALIZER));
        }
    }
}

/// Take the finalizer off the pod `name` as it is in the store now (a deleted pod whose
/// containers stopped then goes).
pub fn release(api: &mut ApiServer, ns: &str, name: &str) {
    let Some(mut pod) = api.store().get(&Key::new("/pods", ns, name)).cloned() else {
        return;
    };
    if !has_finalizer(&pod) {
        return;
    }
    if let Some(md) = pod.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        let left: Vec<Value> = md
            .get("finalizers")
            .and_then(|f| f.as_array())
            .into_iter()
            .flatten()
            .filter(|x| x.as_str() != Some(FINALIZER))
            .cloned()
            .collect();
        // An empty list is left out, as the API server writes it.
        if left.is_empty() {
            md.shift_remove("finalizers");
        } else {
            md.insert("finalizers".into(), Value::Array(left));
        }
    }
    if let Some(info) = util::info(api, "/pods") {
        let _ = api.update(&info, Some(ns), name, pod, false);
    }
}

/// A pod still tracked by a Job that is gone, is another Job now, or has finished: release it.
pub fn release_orphan(_sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(pod) = api.store().get(key) else {
        return;
    };
    if !has_finalizer(pod) {
        return;
    }
    let owner = pod.controller_ref().cloned();
    let is_job = owner
        .as_ref()
        .is_some_and(|r| meta::str_at(r, &["kind"]) == "Job");
    if owner.is_some() && !is_job {
        return;
    }
    let still_tracked = owner.is_some_and(|r| {
        let job = api.store().get(&Key::new(
            "batch/jobs",
            &key.namespace,
            meta::str_at(&r, &["name"]),
        ));
        job.is_some_and(|j| j.uid() == meta::str_at(&r, &["uid"]) && !is_finished(j))
    });
    if !still_tracked {
        release(api, &key.namespace, &key.name);
    }
}
