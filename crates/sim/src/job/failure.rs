//! Which pods count as failed, and what a Job's `podFailurePolicy` makes of a failed pod (the
//! v1.32 job controller's `isPodFailed` and `matchPodFailurePolicy`).

use serde_json::Value;

use kubeplay_api::meta;

/// What a rule of the policy decided for a failed pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No rule matched (or there is no policy): the failure counts against `backoffLimit`.
    Count,
    /// An `Ignore` rule matched: the failure does not count.
    Ignore,
    /// A `FailJob` rule matched: the Job fails with this message.
    FailJob(String),
    /// A `FailIndex` rule matched: the pod's index fails (with `backoffLimitPerIndex`); the
    /// failure counts.
    FailIndex,
}

/// A pod the controller considers failed: in phase Failed, or (unless only failed pods are
/// replaced) being deleted before it succeeded, as an orphan may never reach Failed.
pub fn is_pod_failed(pod: &Value, only_replace_failed: bool) -> bool {
    let phase = meta::str_at(pod, &["status", "phase"]);
    if phase == "Failed" || (phase != "Succeeded" && stopped(pod)) {
        return true;
    }
    !only_replace_failed
        && pod
            .pointer("/metadata/deletionTimestamp")
            .is_some_and(|t| !t.is_null())
        && phase != "Succeeded"
}

/// A deleted pod whose kubelet is done with it (deleted with grace 0), held only by
/// finalizers. The kubelet here does not move such a pod to phase Failed as a v1.32 kubelet
/// does, so the controller takes it as failed rather than wait for a phase that never comes.
pub fn stopped(pod: &Value) -> bool {
    pod.pointer("/metadata/deletionTimestamp")
        .is_some_and(|t| !t.is_null())
        && pod
            .pointer("/metadata/deletionGracePeriodSeconds")
            .and_then(|g| g.as_i64())
            == Some(0)
}

/// The first rule that matches `pod`, in the policy's order.
pub fn verdict(policy: Option<&Value>, pod: &Value) -> Verdict {
    let rules = policy
        .and_then(|p| p.get("rules"))
        .and_then(|r| r.as_array());
    for (index, rule) in rules.into_iter().flatten().enumerate() {
        let action = meta::str_at(rule, &["action"]);
        let why = if let Some(req) = rule.get("onExitCodes").filter(|v| !v.is_null()) {
            match matching_container(pod, req) {
                Some((container, code)) => format!(
                    "Container {container} for pod {}/{} failed with exit code {code} matching {action} rule at index {index}",
                    meta::namespace(pod),
                    meta::name(pod)
                ),
                None => continue,
            }
        } else if let Some(patterns) = rule.get("onPodConditions").and_then(|v| v.as_array()) {
            match matching_condition(pod, patterns) {
                Some(ty) => format!(
                    "Pod {}/{} has condition {ty} matching {action} rule at index {index}",
                    meta::namespace(pod),
                    meta::name(pod)
                ),
                None => continue,
            }
        } else {
            continue;
        };
        match action {
            "Ignore" => return Verdict::Ignore,
            "Count" => return Verdict::Count,
            "FailJob" => return Verdict::FailJob(why),
            "FailIndex" => return Verdict::FailIndex,
            // Validation admits no other action.
            _ => continue,
        }
    }
    Verdict::Count
}

/// The first terminated container (then init container) with a non-zero exit code the
/// requirement matches: its name and exit code.
fn matching_container(pod: &Value, req: &Value) -> Option<(String, i64)> {
    let wanted = req.get("containerName").and_then(|n| n.as_str());
    let operator = meta::str_at(req, &["operator"]);
    let values: Vec<i64> = req
        .get("values")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_i64())
        .collect();
    ["containerStatuses", "initContainerStatuses"]
        .iter()
        .flat_map(|list| {
            pod.pointer(&format!("/status/{list}"))
                .and_then(|l| l.as_array())
                .into_iter()
                .flatten()
        })
        .find_map(|cs| {
            let code = cs.pointer("/state/terminated/exitCode")?.as_i64()?;
            let name = meta::str_at(cs, &["name"]);
            if wanted.is_some_and(|w| w != name) || code == 0 {
                return None;
            }
            let listed = values.contains(&code);
            let hit = match operator {
                "In" => listed,
                "NotIn" => !listed,
                _ => false,
            };
            hit.then(|| (name.to_string(), code))
        })
}

/// The type of the first pod condition that one of the patterns matches.
fn matching_condition(pod: &Value, patterns: &[Value]) -> Option<String> {
    let conditions = pod.pointer("/status/conditions").and_then(|c| c.as_array());
    conditions.into_iter().flatten().find_map(|c| {
        let ty = meta::str_at(c, &["type"]);
        let status = meta::str_at(c, &["status"]);
        patterns
            .iter()
            .any(|p| {
                meta::str_at(p, &["type"]) == ty
                    // The API server defaults a pattern's status to True.
                    && p.get("status").and_then(|s| s.as_str()).unwrap_or("True") == status
            })
            .then(|| ty.to_string())
    })
}
