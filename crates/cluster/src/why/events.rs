//! The events recorded about one object, newest first: where the scheduler's, the kubelet's and
//! the controllers' own words are.

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::{name, text, Ctx};

/// Events whose `involvedObject` is `obj` (by uid, else kind and name), newest first.
pub fn about<'a>(ctx: &Ctx<'a>, obj: &Value) -> Vec<&'a Value> {
    let uid = text(obj, "/metadata/uid").to_string();
    let kind = text(obj, "/kind").to_string();
    let obj_name = name(obj).to_string();
    // Nodes' events live in the default namespace.
    let ns = match text(obj, "/metadata/namespace") {
        "" => "default".to_string(),
        ns => ns.to_string(),
    };
    let mut found: Vec<&Value> = ctx
        .store
        .list("/events", None)
        .filter(|(key, _)| key.namespace == ns)
        .map(|(_, v)| v)
        .filter(|e| {
            let involved_uid = text(e, "/involvedObject/uid");
            if !uid.is_empty() && !involved_uid.is_empty() {
                return involved_uid == uid;
            }
            text(e, "/involvedObject/kind") == kind && text(e, "/involvedObject/name") == obj_name
        })
        .collect();
    found.sort_once_by_key(|e| std::cmp::Reverse(last_seen(e)));
    found
}

/// The newest event of one of `reasons` about `obj`.
pub fn latest<'a>(ctx: &Ctx<'a>, obj: &Value, reasons: &[&str]) -> Option<&'a Value> {
    about(ctx, obj)
        .into_iter()
        .find(|e| reasons.contains(&text(e, "/reason")))
}

/// The newest warning about `obj`.
pub fn latest_warning<'a>(ctx: &Ctx<'a>, obj: &Value) -> Option<&'a Value> {
    about(ctx, obj)
        .into_iter()
        .find(|e| text(e, "/type") == "Warning")
}

/// When the event was last seen: its series', its last timestamp or its event time (RFC 3339
/// strings compare in time order).
fn last_seen(e: &Value) -> String {
    [
        "/series/lastObservedTime",
        "/lastTimestamp",
        "/eventTime",
        "/metadata/creationTimestamp",
    ]
    .iter()
    .map(|p| text(e, p))
    .find(|t| !t.is_empty())
    .unwrap_or("")
    .to_string()
}

/// `event REASON` with its message, as a step's source.
pub fn source(e: &Value) -> String {
    format!("event {}", text(e, "/reason"))
}
