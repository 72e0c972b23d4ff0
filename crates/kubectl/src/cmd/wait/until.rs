//! Waiting for one object to meet a condition, as kubectl's `getObjAndCheckCondition` does: list
//! it by name, judge it, then watch it and judge every new version until one meets the condition
//! or the deadline passes. The watch is where time passes: on a simulated cluster the server
//! moves its clock while it answers. `--for=create` re-looks whenever the watched type changes.

use serde_json::Value;

use super::condition::For;
use crate::error::KError;
use crate::resources::Info;
use crate::Ctx;
use kubeplay_core::api::status::Status;
use kubeplay_core::api::{meta, ApiRequest};
use kubeplay_core::clock::Time;

/// A watch asks for no more than this at once (a reflector re-lists within ten minutes).
const WATCH_CHUNK_SECS: i64 = 600;
/// Bound on watch rounds for one object.
const MAX_ROUNDS: usize = 5_000;

/// `timed out waiting for the condition on pods/web`.
pub fn timed_out(info: &Info) -> KError {
    KError::msg(format!(
        "timed out waiting for the condition on {}/{}",
        info.resource.plural, info.name
    ))
}

fn name_selector(info: &Info) -> String {
    format!("metadata.name={}", info.name)
}

fn now(ctx: &Ctx) -> Time {
    ctx.api.clock().unwrap_or(Time(i64::MAX))
}

/// A watch of `path` from `rv` until `deadline` (or the chunk): the events it answered.
fn watch(
    ctx: &mut Ctx,
    path: &str,
    field: &str,
    rv: &str,
    deadline: Time,
) -> Result<Vec<Value>, KError> {
    let secs = deadline.since(now(ctx)).clamp(0, WATCH_CHUNK_SECS);
    let mut req = ApiRequest::get(path)
        .with_query("resourceVersion", rv)
        .with_query("timeoutSeconds", secs.to_string())
        .with_query("watch", "true");
    if !field.is_empty() {
        req = req.with_query("fieldSelector", field);
    }
    let resp = ctx.api.call(req);
    if !resp.is_success() {
        return Err(crate::client::decode(resp).err().unwrap_or(KError::Exit(1)));
    }
    Ok(resp
        .body
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .collect())
}

/// Wait for `info` to meet a condition or JSONPath `want`; the object that met it. Each round
/// lists the object by name and watches it; while it is gone (a StatefulSet's pod between two
/// lives) the round waits for its type or namespace to change instead.
pub fn until_met(ctx: &mut Ctx, info: &Info, want: &For, deadline: Time) -> Result<Value, KError> {
    let path = info.resource.collection_path(info.namespace.as_deref());
    let field = name_selector(info);
    for round in 0..MAX_ROUNDS {
        if round > 0 && now(ctx) >= deadline {
            break;
        }
        let list =
            ctx.call(ApiRequest::get(path.clone()).with_query("fieldSelector", field.clone()))?;
        let Some(obj) = list.pointer("/items/0").cloned() else {
            if round == 0 {
                let r = &info.resource;
                return Err(KError::Status(Status::not_found(
                    &r.group, &r.plural, &info.name,
                )));
            }
            if !some_change(ctx, &path, info.namespace.as_deref(), deadline) {
                break;
            }
            continue;
        };
        if want.met(&obj).map_err(KError::msg)? {
            return Ok(obj);
        }
        let rv = meta::str_at(&list, &["metadata", "resourceVersion"]).to_string();
        for event in watch(ctx, &path, &field, &rv, deadline)? {
            let obj = event.get("object").cloned().unwrap_or_default();
            let kind = event.get("type").and_then(|t| t.as_str());
            if matches!(kind, Some("ADDED" | "MODIFIED")) && want.met(&obj).map_err(KError::msg)? {
                return Ok(obj);
            }
        }
    }
    Err(timed_out(info))
}

/// For `--for=create`: let time pass until something of the collection `info` names changes
/// (or, with none of them yet, its namespace), so the caller can look again. Whether time passed.
pub fn some_change(ctx: &mut Ctx, path: &str, namespace: Option<&str>, deadline: Time) -> bool {
    let start = now(ctx);
    if start >= deadline {
        return false;
    }
    let list = ctx.call(ApiRequest::get(path)).unwrap_or_default();
    let has_items = list
        .get("items")
        .and_then(|i| i.as_array())
        .is_some_and(|i| !i.is_empty());
    let (watched, field) = match (has_items, namespace) {
        (true, _) => (path.to_string(), String::new()),
        (false, Some(ns)) => (
            "/api/v1/namespaces".to_string(),
            format!("metadata.name={ns}"),
        ),
        (false, None) => (
            "/api/v1/namespaces".to_string(),
            "metadata.name=default".into(),
        ),
    };
    let rv = meta::str_at(&list, &["metadata", "resourceVersion"]).to_string();
    let _ = watch(ctx, &watched, &field, &rv, deadline);
    now(ctx) > start
}
