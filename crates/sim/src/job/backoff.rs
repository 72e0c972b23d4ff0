//! The delay before a failed Job pod is replaced (v1.32's `backoff_utils.go`): 10 s after the
//! first failure since the last success, doubling with each further failure up to 10 minutes,
//! counted from when the last failed pod finished.

use serde_json::Value;

use kubeplay_api::meta;
use kubeplay_core::clock::Time;
use kubeplay_core::sort::SortOnce;

/// The first delay (`DefaultJobPodFailureBackOff`).
const FIRST_SECS: i64 = 10;
/// The longest delay (`MaxJobPodFailureBackOff`).
const MAX_SECS: i64 = 600;

/// A Job's failures since its last success, and when the last of them finished.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub failures_after_last_success: i64,
    pub last_failure: Option<Time>,
}

impl Record {
    /// The record after the pods that newly succeeded and failed: a success resets it, and
    /// only the failures after the last success count.
    pub fn after(&self, succeeded: &[&Value], failed: &[&Value]) -> Record {
        let mut failed_at: Vec<Time> = failed.iter().map(|p| finished_at(p)).collect();
        failed_at.sort_once();
        let last_success = succeeded.iter().map(|p| finished_at(p)).max();
        match last_success {
            None => match failed_at.last() {
                None => self.clone(),
                Some(&last) => Record {
                    failures_after_last_success: self.failures_after_last_success
                        + failed_at.len() as i64,
                    last_failure: Some(last),
                },
            },
            Some(success) => {
                let after: Vec<Time> = failed_at.into_iter().filter(|t| *t > success).collect();
                Record {
                    failures_after_last_success: after.len() as i64,
                    last_failure: after.last().copied(),
                }
            }
        }
    }

    /// Seconds left before a replacement pod may be created.
    pub fn remaining(&self, now: Time) -> i64 {
        let Some(last) = self.last_failure else {
            return 0;
        };
        if self.failures_after_last_success == 0 {
            return 0;
        }
        let mut delay = FIRST_SECS;
        for _ in 1..self.failures_after_last_success {
            delay *= 2;
            if delay >= MAX_SECS {
                delay = MAX_SECS;
                break;
            }
        }
        (delay - now.since(last)).max(0)
    }
}

fn time_at(v: Option<&Value>) -> Option<Time> {
    v.and_then(|t| t.as_str()).and_then(Time::parse_rfc3339)
}

/// When a pod finished: its last container's end when all have ended, else when it stopped
/// being Ready, else its deletion less the grace period, else its creation.
pub fn finished_at(pod: &Value) -> Time {
    let statuses = pod
        .pointer("/status/containerStatuses")
        .and_then(|c| c.as_array());
    let ends: Option<Vec<Time>> = statuses
        .into_iter()
        .flatten()
        .map(|cs| time_at(cs.pointer("/state/terminated/finishedAt")))
        .collect();
    if let Some(end) = ends.and_then(|e| e.into_iter().max()) {
        return end;
    }
    let not_ready = pod
        .pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .find(|c| meta::str_at(c, &["type"]) == "Ready" && meta::str_at(c, &["status"]) == "False")
        .and_then(|c| time_at(c.get("lastTransitionTime")));
    if let Some(t) = not_ready {
        return t;
    }
    if let Some(t) = time_at(pod.pointer("/metadata/deletionTimestamp")) {
        let grace = pod
            .pointer("/metadata/deletionGracePeriodSeconds")
            .and_then(|g| g.as_i64())
            .unwrap_or(0);
        return t.plus(-grace);
    }
    time_at(pod.pointer("/metadata/creationTimestamp")).unwrap_or_default()
}
