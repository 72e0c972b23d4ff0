//! Server-side defaults, per kind, as a real API server fills them in.

use serde_json::Value;

/// Fill in the defaults of `kind` (idempotent: defaulting twice changes nothing).
pub fn apply(kind: &str, obj: &mut Value) {
    let _ = (kind, obj);
}

/// The service account admission plugin: the projected token volume and its mount.
pub fn pod_service_account(obj: &mut Value, sa: &str, suffix: &str) {
    let _ = (obj, sa, suffix);
}
