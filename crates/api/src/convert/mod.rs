//! Built-in resources served in more than one version: requests in a version other than the
//! stored one are converted on the way in and out, as kube-apiserver's codecs do, so the store,
//! defaulting, validation and the controllers only ever see the storage version.
//! Today: HorizontalPodAutoscaler in autoscaling/v1 (stored as v2).

pub mod hpa;
mod hpa_metrics;
mod serve;

use serde_json::{json, Value};

use crate::discovery::{Discovery, ResourceInfo};

/// The storage version of `info` when it is served converted.
pub fn storage_of(discovery: &Discovery, info: &ResourceInfo) -> Option<ResourceInfo> {
    if info.group == "autoscaling"
        && info.plural == "horizontalpodautoscalers"
        && info.version == "v1"
    {
        return discovery
            .by_plural("autoscaling", "v2", "horizontalpodautoscalers")
            .cloned();
    }
    None
}

/// An object of the served version as it is stored.
pub fn to_storage(info: &ResourceInfo, obj: &Value) -> Value {
    match info.kind.as_str() {
        "HorizontalPodAutoscaler" => hpa::to_v2(obj),
        _ => obj.clone(),
    }
}

/// A stored object, or a list of them, in the served version; anything else (a Status, a
/// Table) as it is.
pub fn from_storage(info: &ResourceInfo, v: Value) -> Value {
    let kind = v.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    if kind == info.kind {
        return hpa::to_v1(&v);
    }
    if kind == format!("{}List", info.kind) {
        let mut v = v;
        if let Some(items) = v.get_mut("items").and_then(|i| i.as_array_mut()) {
            for it in items.iter_mut() {
                *it = hpa::to_v1(it);
            }
        }
        if let Some(m) = v.as_object_mut() {
            m.insert("apiVersion".into(), json!(info.api_version()));
        }
        return v;
    }
    v
}
