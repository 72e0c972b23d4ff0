//! Pieces of the objects kubectl's generators build (create's subcommands, run, expose), in
//! Go's field order, which shows in `-o json`.

use serde_json::{Map, Value};

use crate::error::KError;
use crate::Ctx;

/// The namespace written into a generated object: only the one given with `-n`.
pub fn explicit_namespace(ctx: &Ctx) -> Option<String> {
    ctx.namespace_explicit().then(|| ctx.namespace())
}

/// ObjectMeta in Go's field order: name, namespace, creationTimestamp, labels.
pub fn object_meta(name: &str, namespace: Option<&str>, labels: Option<Value>) -> Value {
    let mut m = Map::new();
    if !name.is_empty() {
        m.insert("name".into(), Value::String(name.into()));
    }
    if let Some(ns) = namespace {
        m.insert("namespace".into(), Value::String(ns.into()));
    }
    m.insert("creationTimestamp".into(), Value::Null);
    if let Some(l) = labels {
        m.insert("labels".into(), l);
    }
    Value::Object(m)
}

/// `--overrides` applied to a generated object as `--override-type` says (kubectl's Overrider).
pub fn apply_overrides(
    obj: &mut Value,
    overrides: &str,
    override_type: &str,
) -> Result<(), KError> {
    let patch: Value =
        serde_json::from_str(overrides).map_err(|_| KError::msg("Invalid JSON Patch"))?;
    match override_type {
        "json" => kubeplay_core::api::patch::json_patch(obj, &patch).map_err(KError::msg)?,
        "strategic" => kubeplay_core::api::patch::strategic_merge(obj, &patch),
        "merge" => kubeplay_core::api::patch::merge_patch(obj, &patch),
        other => return Err(KError::msg(format!("invalid override type: {other}"))),
    }
    Ok(())
}
