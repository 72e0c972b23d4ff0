//! The TTL-after-finished controller: a Job with `ttlSecondsAfterFinished` is deleted that many
//! seconds after it finished (its Complete or Failed condition), with background propagation,
//! so the garbage collector removes its pods.

use serde_json::Value;

use super::super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::clock::Time;

/// When the Job finished: the transition time of its Complete or Failed condition.
pub fn finish_time(job: &Value) -> Option<Time> {
    job.pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .find(|c| {
            matches!(meta::str_at(c, &["type"]), "Complete" | "Failed")
                && meta::str_at(c, &["status"]) == "True"
        })
        .and_then(|c| c.get("lastTransitionTime"))
        .and_then(|t| t.as_str())
        .and_then(Time::parse_rfc3339)
}

/// Delete the finished `job` once its time to live is over, or look again then.
pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key, job: &Value) {
    if job.is_deleting() {
        return;
    }
    let Some(ttl) = job
        .pointer("/spec/ttlSecondsAfterFinished")
        .and_then(|t| t.as_i64())
    else {
        return;
    };
    let Some(finished) = finish_time(job) else {
        return;
    };
    let expire = finished.plus(ttl);
    if api.now < expire {
        sim.wake(expire, key);
        return;
    }
    if let Some(info) = util::info(api, "batch/jobs") {
        let _ = api.delete(&info, Some(&key.namespace), &key.name, false);
    }
}
