//! `backoffLimitPerIndex` for Indexed Jobs: each index keeps its own failure count (the
//! `batch.kubernetes.io/job-index-failure-count` annotation each new pod of the index gets, one
//! more than the pod it replaces; Ignored failures go to `job-index-ignored-failure-count`) and
//! its own back-off; an index fails once a pod fails with its count at the limit, or matches a
//! `FailIndex` rule. Failed indexes are listed in `status.failedIndexes`.

use serde_json::{json, Value};

use super::backoff::{self, Record};
use super::failure::{self, Verdict};
use super::indexed::index_of;
use super::Spec;
use kubeplay_core::clock::Time;

pub const FAILURE_COUNT_KEY: &str = "batch.kubernetes.io/job-index-failure-count";
pub const IGNORED_COUNT_KEY: &str = "batch.kubernetes.io/job-index-ignored-failure-count";

/// A count annotation of the pod (0 when missing or malformed, as the controller reads it).
fn count(pod: &Value, key: &str) -> i64 {
    pod.pointer("/metadata/annotations")
        .and_then(|a| a.get(key))
        .and_then(|v| v.as_str())
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| (0..=i64::from(i32::MAX)).contains(v))
        .unwrap_or(0)
}

/// Failures of the pod's index before it, counted and ignored.
fn absolute(pod: &Value) -> i64 {
    count(pod, FAILURE_COUNT_KEY) + count(pod, IGNORED_COUNT_KEY)
}

/// Whether this failed pod fails its index (`isIndexFailed`).
pub fn fails_index(pod: &Value, spec: &Spec, limit: i64) -> bool {
    if !failure::is_pod_failed(pod, spec.only_replace_failed) {
        return false;
    }
    match failure::verdict(spec.policy, pod) {
        Verdict::FailIndex => true,
        Verdict::Ignore => false,
        _ => count(pod, FAILURE_COUNT_KEY) >= limit,
    }
}

/// The failed pod a new pod of `index` replaces: the one with the most failures before it,
/// the last to finish among equals.
pub fn replaced<'a>(pods: &'a [Value], index: i64, spec: &Spec) -> Option<&'a Value> {
    pods.iter()
        .filter(|p| index_of(p) == Some(index))
        .filter(|p| failure::is_pod_failed(p, spec.only_replace_failed))
        .max_by_key(|p| (absolute(p), backoff::finished_at(p)))
}

/// Seconds before `index` may get a new pod: the pod-failure back-off of its own failures.
pub fn remaining(replaced: Option<&Value>, now: Time) -> i64 {
    let Some(last) = replaced else {
        return 0;
    };
    Record {
        failures_after_last_success: absolute(last) + 1,
        last_failure: Some(backoff::finished_at(last)),
    }
    .remaining(now)
}

/// Put the index's failure counts on a new pod: those of the pod it replaces, plus that pod's
/// own failure (counted, or ignored by the policy).
pub fn annotate(pod: &mut Value, replaced: Option<&Value>, spec: &Spec) {
    let (mut failures, mut ignored) = replaced
        .map(|r| (count(r, FAILURE_COUNT_KEY), count(r, IGNORED_COUNT_KEY)))
        .unwrap_or((0, 0));
    if let Some(r) = replaced {
        if failure::verdict(spec.policy, r) == Verdict::Ignore {
            ignored += 1;
        } else {
            failures += 1;
        }
    }
    let notes = pod
        .get_mut("metadata")
        .and_then(|m| m.as_object_mut())
        .map(|m| m.entry("annotations").or_insert_with(|| json!({})))
        .and_then(|a| a.as_object_mut());
    if let Some(notes) = notes {
        notes.insert(FAILURE_COUNT_KEY.into(), json!(failures.to_string()));
        if ignored > 0 {
            notes.insert(IGNORED_COUNT_KEY.into(), json!(ignored.to_string()));
        }
    }
}
