//! Waiting for an object to be gone, as kubectl's `IsDeleted` wait condition does after
//! `kubectl delete`: list it by name, and while it is still there (with the uid the delete
//! answered), watch it until a DELETED event or the timeout, then list again. The watch is
//! where time passes: on a simulated cluster the server moves its clock while it answers.

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::resources::Info;
use super::super::super::Ctx;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

/// kubectl's wait when `--timeout` is 0: "forever", which it takes as a week.
pub const FOREVER_SECS: i64 = 168 * 3600;
/// A watch asks for no more than this at once (a reflector re-lists within ten minutes).
const WATCH_CHUNK_SECS: i64 = 600;
/// Bound on list-and-watch rounds for one object.
const MAX_ROUNDS: usize = 2_000;

fn name_selector(info: &Info) -> String {
    format!("metadata.name={}", info.name)
}

/// The object as listed now, if it is still the one deleted (same uid, when known).
fn still_there(ctx: &mut Ctx, info: &Info, uid: Option<&str>) -> Result<Option<String>, KError> {
    let path = info.resource.collection_path(info.namespace.as_deref());
    let list = ctx.call(ApiRequest::get(path).with_query("fieldSelector", name_selector(info)))?;
    let item = list
        .get("items")
        .and_then(|i| i.as_array())
        .and_then(|i| i.first())
        .cloned();
    let same = item.filter(|o| {
        uid.is_none_or(|u| o.pointer("/metadata/uid").and_then(|v| v.as_str()) == Some(u))
    });
    Ok(same.map(|_| {
        list.pointer("/metadata/resourceVersion")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    }))
}

/// Whether a watch's answer (one JSON event per line) reports the object deleted.
fn saw_deleted(body: &str) -> bool {
    body.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .any(|e| e.get("type").and_then(|t| t.as_str()) == Some("DELETED"))
}

/// Wait up to `timeout_secs` of the cluster's time for the object `info` names to be gone.
pub fn until_deleted(
    ctx: &mut Ctx,
    info: &Info,
    uid: Option<&str>,
    timeout_secs: i64,
) -> Result<(), KError> {
    let timed_out = || {
        KError::msg(format!(
            "timed out waiting for the condition on {}/{}",
            info.resource.plural, info.name
        ))
    };
    let Some(start) = ctx.api.clock() else {
        return Ok(());
    };
    let deadline = start.plus(timeout_secs);
    for _ in 0..MAX_ROUNDS {
        let Some(rv) = still_there(ctx, info, uid)? else {
            return Ok(());
        };
        let now = ctx.api.clock().unwrap_or(Time(i64::MAX));
        if now >= deadline {
            return Err(timed_out());
        }
        let secs = deadline.since(now).min(WATCH_CHUNK_SECS);
        let path = info.resource.collection_path(info.namespace.as_deref());
        let req = ApiRequest::get(path)
            .with_query("fieldSelector", name_selector(info))
            .with_query("resourceVersion", rv)
            .with_query("timeoutSeconds", secs.to_string())
            .with_query("watch", "true");
        let resp = ctx.api.call(req);
        if !resp.is_success() {
            // A server that cannot watch: kubectl gives up waiting without failing.
            return Ok(());
        }
        if saw_deleted(&resp.body) {
            return Ok(());
        }
    }
    Err(timed_out())
}
