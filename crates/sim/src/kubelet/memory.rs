//! Memory limits: a container whose process comes to hold more than its limit is killed by the
//! kernel's OOM killer (exit code 137, reason `OOMKilled`). CPU limits only throttle: a busy
//! process over its CPU limit runs slower, it is never killed for it.

use kubeplay_core::api::quantity::Quantity;
use serde_json::Value;

use super::{image_of, words};
use crate::process::Process;

/// How long its workers take to reach what they allocate (and the OOM killer to act).
const ALLOCATE_SECS: i64 = 1;

/// The memory limit in bytes, if any.
fn limit(c: &Value) -> Option<i128> {
    let q = c.pointer("/resources/limits/memory")?;
    Quantity::parse(q.as_str()?).map(|q| q.value())
}

/// Seconds after its start when the OOM killer ends the container's run, if it does.
pub(super) fn oom_after(c: &Value, process: Option<&Process>) -> Option<i64> {
    let limit = limit(c)?;
    let used = match process.and_then(|p| p.memory) {
        Some(m) => m,
        // The image's own program uses what it uses idle.
        None if words(c, "command").is_empty() => image_of(c)?.memory,
        None => return None,
    };
    (i128::from(used) > limit).then_some(ALLOCATE_SECS)
}
