//! kubectl's drain filters (`pkg/drain/filters.go`), in their order: pods being deleted for
//! long enough are skipped, DaemonSet pods refused or ignored, mirror pods skipped, pods with
//! emptyDir data refused or deleted, pods without a controller refused or deleted.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use crate::Ctx;
use kubeplay_core::api::{meta, ApiRequest};
use kubeplay_core::clock::Time;

const DAEMON_SET_FATAL: &str = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
const DAEMON_SET_WARNING: &str = "ignoring DaemonSet-managed Pods";
const LOCAL_STORAGE_FATAL: &str =
    "Pods with local storage (use --delete-emptydir-data to override)";
const LOCAL_STORAGE_WARNING: &str = "deleting Pods with local storage";
// kubectl's own text starts with "cannot delete", and its error list adds another.
const UNMANAGED_FATAL: &str =
    "cannot delete Pods that declare no controller (use --force to override)";
const UNMANAGED_WARNING: &str = "deleting Pods that declare no controller";

/// What the filters decided for one pod.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Delete,
    Skip,
    Warn { delete: bool, message: String },
    Refuse(String),
}

/// The flags the filters read.
pub struct Rules {
    pub force: bool,
    pub ignore_daemonsets: bool,
    pub delete_emptydir_data: bool,
    pub skip_wait_for_delete_timeout: i64,
}

fn terminal(pod: &Value) -> bool {
    matches!(
        pod.pointer("/status/phase").and_then(|p| p.as_str()),
        Some("Succeeded" | "Failed")
    )
}

/// `shouldSkipPod`: deleted more than N seconds ago, with N > 0.
pub fn should_skip(pod: &Value, skip_after: i64, now: Time) -> bool {
    let deleted = pod
        .pointer("/metadata/deletionTimestamp")
        .and_then(|t| t.as_str())
        .and_then(Time::parse_rfc3339);
    skip_after > 0 && deleted.is_some_and(|t| now.since(t) > skip_after)
}

impl Rules {
    /// The verdict of the first filter that does not simply let the pod be deleted.
    pub fn judge(&self, ctx: &mut Ctx, pod: &Value, now: Time) -> Verdict {
        if should_skip(pod, self.skip_wait_for_delete_timeout, now) {
            return Verdict::Skip;
        }
        let owner = pod.controller_ref().cloned();
        let owner_kind = owner
            .as_ref()
            .and_then(|o| o.get("kind"))
            .and_then(|k| k.as_str());
        if owner_kind == Some("DaemonSet") && !terminal(pod) {
            let name = owner
                .as_ref()
                .and_then(|o| o.get("name"))
                .and_then(|n| n.as_str())
                .unwrap_or("");
            let path = format!(
                "/apis/apps/v1/namespaces/{}/daemonsets/{name}",
                meta::namespace(pod)
            );
            if let Err(e) = ctx.call(ApiRequest::get(path)) {
                let text = e.go_text();
                let missing = matches!(&e, crate::KError::Status(s) if s.code == 404);
                return if missing && self.force {
                    Verdict::Warn {
                        delete: true,
                        message: text,
                    }
                } else {
                    Verdict::Refuse(text)
                };
            }
            return if self.ignore_daemonsets {
                Verdict::Warn {
                    delete: false,
                    message: DAEMON_SET_WARNING.into(),
                }
            } else {
                Verdict::Refuse(DAEMON_SET_FATAL.into())
            };
        }
        if pod
            .annotations()
            .and_then(|a| a.get("kubernetes.io/config.mirror"))
            .is_some()
        {
            return Verdict::Skip;
        }
        let mut verdict = Verdict::Delete;
        let local = pod
            .pointer("/spec/volumes")
            .and_then(|v| v.as_array())
            .is_some_and(|vs| vs.iter().any(|v| v.get("emptyDir").is_some()));
        if local && !terminal(pod) {
            if !self.delete_emptydir_data {
                return Verdict::Refuse(LOCAL_STORAGE_FATAL.into());
            }
            verdict = Verdict::Warn {
                delete: true,
                message: LOCAL_STORAGE_WARNING.into(),
            };
        }
        if owner.is_none() && !terminal(pod) {
            if !self.force {
                return Verdict::Refuse(UNMANAGED_FATAL.into());
            }
            verdict = Verdict::Warn {
                delete: true,
                message: UNMANAGED_WARNING.into(),
            };
        }
        verdict
    }
}

/// Pods grouped by message, in the order the messages first appear: `msg: ns/a, ns/b`.
pub fn grouped(items: &[(String, &Value)]) -> Vec<(String, String)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (msg, pod) in items {
        let who = format!("{}/{}", meta::namespace(pod), meta::name(pod));
        match groups.iter_mut().find(|(m, _)| m == msg) {
            Some((_, pods)) => pods.push(who),
            None => groups.push((msg.clone(), vec![who])),
        }
    }
    groups
        .into_iter()
        .map(|(m, pods)| (m, pods.join(", ")))
        .collect()
}
