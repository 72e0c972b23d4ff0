//! The two versions kubectl diff compares: the live object (none when it does not exist yet)
//! and the one the server would make of the file: client-side apply's three-way patch (or a
//! create when there is nothing live) sent as a server dry run.

use serde_json::{json, Value};

use crate::cmd::util::errors::with_source;
use crate::cmd::util::last_applied;
use crate::cmd::util::three_way::{apply_media_type, three_way};
use crate::error::KError;
use crate::printers;
use crate::resources::Info;
use crate::Ctx;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;

/// The live object (None when the server has none) and the merged one.
pub fn live_and_merged(
    ctx: &mut Ctx,
    info: &Info,
    manager: &str,
) -> Result<(Option<Value>, Option<Value>), KError> {
    let config = info.file_value();
    let source = info.source().unwrap_or_default();
    let live = match info.get(ctx) {
        Ok(v) => Some(v),
        Err(KError::Status(s)) if s.code == 404 => None,
        Err(e) => return Err(e),
    };
    let modified = unannotated(&config);
    let Some(live) = live else {
        let ns = info.namespace.as_deref();
        let req = ApiRequest::new(Method::Post, info.resource.collection_path(ns))
            .with_query("dryRun", "All")
            .with_query("fieldManager", manager)
            .with_body(config.to_string());
        return Ok((None, Some(ctx.call(req)?)));
    };
    let original = last_applied::from_live(&live).unwrap_or_else(|| json!({}));
    let patch = three_way(&original, &modified, &live);
    // An empty patch is not sent: the merged object is the live one.
    if patch.as_object().is_some_and(|m| m.is_empty()) {
        return Ok((Some(live.clone()), Some(live)));
    }
    let req = ApiRequest::new(Method::Patch, info.path())
        .with_query("dryRun", "All")
        .with_query("fieldManager", manager)
        .with_content_type(apply_media_type(info))
        .with_body(printers::go_json_escape(&patch.to_string()));
    let merged = ctx
        .call(req)
        .map_err(|e| with_source(e, "patching", source))?;
    Ok((Some(live), Some(merged)))
}

/// With --server-side: the live object and what a server dry run of the apply patch makes.
pub fn server_side(
    ctx: &mut Ctx,
    info: &Info,
    manager: &str,
    force: bool,
) -> Result<(Option<Value>, Option<Value>), KError> {
    let live = match info.get(ctx) {
        Ok(v) => Some(v),
        Err(KError::Status(s)) if s.code == 404 => None,
        Err(e) => return Err(e),
    };
    // The flag's default names client-side apply's manager; server-side apply uses kubectl's.
    let manager = match manager {
        "kubectl-client-side-apply" => "kubectl",
        other => other,
    };
    let req = ApiRequest::new(Method::Patch, info.path())
        .with_query("dryRun", "All")
        .with_query("fieldManager", manager)
        .with_query("force", if force { "true" } else { "false" })
        .with_content_type("application/apply-patch+yaml")
        .with_body(info.file_value().to_string());
    Ok((live, Some(ctx.call(req)?)))
}

/// The configuration as kubectl diff compares it (`GetModifiedConfiguration` without
/// annotating): no last-applied annotation, so the merged object keeps the live one's.
fn unannotated(config: &Value) -> Value {
    let mut obj = config.clone();
    let mut annotations = obj
        .pointer("/metadata/annotations")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    annotations.shift_remove(last_applied::ANNOTATION);
    kubeplay_core::api::meta::set(
        &mut obj,
        &["metadata", "annotations"],
        Value::Object(annotations),
    );
    obj
}

/// A Secret's values never show: each is `***`, or `*** (before)` / `*** (after)` where it
/// changes.
pub fn mask_secret_data(live: Option<&mut Value>, merged: Option<&mut Value>) {
    let from = live
        .and_then(|v| v.get_mut("data"))
        .and_then(Value::as_object_mut);
    let to = merged
        .and_then(|v| v.get_mut("data"))
        .and_then(Value::as_object_mut);
    let (mut empty_a, mut empty_b) = (serde_json::Map::new(), serde_json::Map::new());
    let from = from.unwrap_or(&mut empty_a);
    let to = to.unwrap_or(&mut empty_b);
    let keys: Vec<String> = from.keys().cloned().collect();
    for k in keys {
        match to.get(&k) {
            Some(t) if from.get(&k) != Some(t) => {
                from.insert(k.clone(), json!("*** (before)"));
                to.insert(k, json!("*** (after)"));
            }
            Some(_) => {
                from.insert(k.clone(), json!("***"));
                to.insert(k, json!("***"));
            }
            None => {
                from.insert(k, json!("***"));
            }
        }
    }
    for v in to.values_mut() {
        if !v.as_str().is_some_and(|s| s.starts_with("***")) {
            *v = json!("***");
        }
    }
}
