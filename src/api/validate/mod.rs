//! Server-side validation, per kind, with the API server's field paths and messages.

use serde_json::Value;

use super::status::StatusCause;

pub fn validate(kind: &str, obj: &Value) -> Vec<StatusCause> {
    let _ = (kind, obj);
    vec![]
}

/// Fields that may not change after creation.
pub fn immutable(kind: &str, old: &Value, new: &Value) -> Vec<StatusCause> {
    let _ = (kind, old, new);
    vec![]
}
