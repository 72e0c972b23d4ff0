//! CustomResourceDefinitions: the CRD object itself (defaults, validation, status), the resources
//! it adds to discovery, the structural schema its custom objects are checked against, and the
//! OpenAPI documents `kubectl explain` and client-side validation read for them.
//!
//! The server's generic storage serves custom objects like any other resource; this module is
//! called from a few hooks in `server.rs`, `admission.rs` and `openapi.rs`.

pub mod definition;
pub mod openapi;
mod pattern;
pub mod printer;
pub mod register;
pub mod structural;

use serde_json::Value;

use super::discovery::{Discovery, ResourceInfo};
use super::status::{Status, StatusCause};
use crate::store::{Key, Store};

pub const CRD_GR: &str = "apiextensions.k8s.io/customresourcedefinitions";

pub fn is_crd(info: &ResourceInfo) -> bool {
    info.group == "apiextensions.k8s.io" && info.kind == "CustomResourceDefinition"
}

/// Whether a group/plural is one of the server's own resources, which no CRD may take over.
pub fn is_builtin(group: &str, plural: &str) -> bool {
    static BUILTIN: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            super::discovery::Discovery::builtin()
                .all()
                .iter()
                .map(|r| (r.group.clone(), r.plural.clone()))
                .collect()
        })
        .iter()
        .any(|(g, p)| g == group && p == plural)
}

/// The CRD that defines a served resource, if it is a custom one.
pub fn crd_for<'a>(store: &'a Store, info: &ResourceInfo) -> Option<&'a Value> {
    if is_builtin(&info.group, &info.plural) {
        return None;
    }
    store.get(&Key::new(
        CRD_GR,
        "",
        &format!("{}.{}", info.plural, info.group),
    ))
}

/// The `openAPIV3Schema` of one version of a CRD.
pub fn version_schema<'a>(crd: &'a Value, version: &str) -> Option<&'a Value> {
    crd.pointer("/spec/versions")?
        .as_array()?
        .iter()
        .find(|v| v.get("name").and_then(|n| n.as_str()) == Some(version))?
        .pointer("/schema/openAPIV3Schema")
}

fn has_status_subresource(crd: &Value, version: &str) -> bool {
    crd.pointer("/spec/versions")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .find(|v| v.get("name").and_then(|n| n.as_str()) == Some(version))
        .and_then(|v| v.pointer("/subresources/status"))
        .is_some()
}

/// Admission for CRDs and custom objects (None for everything else): defaults, pruning and the
/// field errors. A CRD that passes gets the status its controllers would write.
pub fn admit(
    store: &Store,
    info: &ResourceInfo,
    old: Option<&Value>,
    obj: &mut Value,
    now: &str,
) -> Option<Vec<StatusCause>> {
    if is_crd(info) {
        definition::default(obj);
        let mut errs = definition::validate(obj);
        if let Some(old) = old {
            errs.extend(definition::validate_update(old, obj));
        }
        if errs.is_empty() {
            definition::set_status(obj, old, now);
        }
        return Some(errs);
    }
    let crd = crd_for(store, info)?;
    let schema = version_schema(crd, &info.version)
        .cloned()
        .unwrap_or(serde_json::json!({"type": "object"}));
    if has_status_subresource(crd, &info.version) {
        // With a status subresource, the main resource never writes status.
        let status = old.and_then(|o| o.get("status")).cloned();
        if let Some(m) = obj.as_object_mut() {
            match status {
                Some(st) => m.insert("status".into(), st),
                None => m.shift_remove("status"),
            };
        }
    }
    structural::prune(&schema, obj);
    structural::apply_defaults(&schema, obj);
    Some(structural::validate(&schema, obj))
}

/// Under `fieldValidation=Strict`, a body naming fields the schema does not know is refused as
/// the strict decoder refuses it; otherwise they are pruned later, silently.
pub fn strict_decode(
    store: &Store,
    info: &ResourceInfo,
    body: &Value,
    strict: bool,
) -> Result<(), Status> {
    if !strict {
        return Ok(());
    }
    let Some(crd) = crd_for(store, info) else {
        return Ok(());
    };
    let Some(schema) = version_schema(crd, &info.version) else {
        return Ok(());
    };
    let unknown = structural::prune(schema, &mut body.clone());
    if unknown.is_empty() {
        return Ok(());
    }
    Err(Status::bad_request(structural::strict_error(
        &info.kind,
        &info.version,
        &unknown,
    )))
}

/// The group and plural a CRD defines (`spec.group`, `spec.names.plural`): with the version,
/// all that names its resource. Empty where the CRD leaves them out.
pub fn group_and_plural(crd: &Value) -> (&str, &str) {
    let at = |p: &str| crd.pointer(p).and_then(|v| v.as_str()).unwrap_or("");
    (at("/spec/group"), at("/spec/names/plural"))
}

/// After a CRD was written or deleted: discovery follows the stored CRDs, and a deleted CRD
/// takes its custom objects with it.
pub fn after_change(
    discovery: &mut Discovery,
    store: &mut Store,
    info: &ResourceInfo,
    written: Option<&Value>,
    deleted: Option<&Value>,
) {
    if !is_crd(info) {
        return;
    }
    if let Some(crd) = written {
        register::update(discovery, crd, false);
    }
    if let Some(crd) = deleted {
        register::update(discovery, crd, true);
        let (group, plural) = group_and_plural(crd);
        if is_builtin(group, plural) {
            return;
        }
        let gr = format!("{group}/{plural}");
        let keys: Vec<Key> = store.list(&gr, None).map(|(k, _)| k.clone()).collect();
        for k in keys {
            store.remove(&k);
        }
    }
}

#[cfg(test)]
mod tests;
