//! The OpenAPI v3 document of a custom group-version, built as the apiextensions server builds
//! it: each CRD version's `openAPIV3Schema` with the standard apiVersion/kind/metadata fields
//! and its group-version-kind, the List type, ObjectMeta and friends, and the REST paths (with
//! `fieldValidation`, which tells kubectl the server validates).

use kubeplay_schema::Schema;
use serde_json::{json, Map, Value};

use super::crd_for;
use crate::discovery::{Discovery, ResourceInfo};
use crate::openapi::{add_paths, v3_schema};
use crate::store::Store;

const PREFIX: &str = "#/components/schemas/";
const OBJECT_META: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
const LIST_META: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

/// `com.example.stable.v1.CronTab` for `stable.example.com/v1`, `CronTab`.
pub fn definition_name(group: &str, version: &str, kind: &str) -> String {
    let mut parts: Vec<&str> = group.split('.').collect();
    parts.reverse();
    format!("{}.{version}.{kind}", parts.join("."))
}

/// The description of a standard field (`apiVersion`, `kind`, `metadata`) as built-in kinds
/// carry it in the embedded schema.
fn standard(s: &Schema, field: &str) -> String {
    s.lookup("", "v1", "ConfigMap")
        .and_then(|(_, n)| n.properties.get(field))
        .map(|n| n.description.clone())
        .unwrap_or_default()
}

fn list_description(s: &Schema, field: &str) -> String {
    s.lookup("", "v1", "ConfigMapList")
        .and_then(|(_, n)| n.properties.get(field))
        .map(|n| n.description.clone())
        .unwrap_or_default()
}

fn gvk(r: &ResourceInfo, kind: &str) -> Value {
    json!([{ "group": r.group, "kind": kind, "version": r.version }])
}

fn object_schema(schema: &Schema, r: &ResourceInfo, own: &Value) -> Value {
    let mut s = own.as_object().cloned().unwrap_or_default();
    let mut props = s
        .get("properties")
        .and_then(|p| p.as_object())
        .cloned()
        .unwrap_or_default();
    let mut standard_props = Map::new();
    for f in ["apiVersion", "kind"] {
        standard_props.insert(
            f.into(),
            json!({ "description": standard(schema, f), "type": "string" }),
        );
    }
    standard_props.insert(
        "metadata".into(),
        json!({ "allOf": [{ "$ref": format!("{PREFIX}{OBJECT_META}") }], "description": standard(schema, "metadata") }),
    );
    for (k, v) in standard_props {
        props.insert(k, v);
    }
    props.sort_keys();
    s.insert("properties".into(), Value::Object(props));
    s.insert("x-kubernetes-group-version-kind".into(), gvk(r, &r.kind));
    Value::Object(s)
}

fn list_schema(s: &Schema, r: &ResourceInfo, item: &str, list_kind: &str) -> Value {
    json!({
        "description": format!("{list_kind} is a list of {}", r.kind),
        "type": "object",
        "required": ["items"],
        "properties": {
            "apiVersion": { "description": standard(s, "apiVersion"), "type": "string" },
            "items": {
                "description": format!("List of {}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md", r.plural),
                "type": "array",
                "items": { "$ref": format!("{PREFIX}{item}") },
            },
            "kind": { "description": standard(s, "kind"), "type": "string" },
            "metadata": { "allOf": [{ "$ref": format!("{PREFIX}{LIST_META}") }], "description": list_description(s, "metadata") },
        },
        "x-kubernetes-group-version-kind": gvk(r, list_kind),
    })
}

/// `doc` is the part after `/openapi/v3/`. None when the group-version is not a custom one.
pub fn v3_document(store: &Store, discovery: &Discovery, s: &Schema, doc: &str) -> Option<Value> {
    let (group, version) = match doc.split('/').collect::<Vec<_>>().as_slice() {
        ["apis", g, v] => (g.to_string(), v.to_string()),
        _ => return None,
    };
    let customs: Vec<(&ResourceInfo, &Value)> = discovery
        .all()
        .iter()
        .filter(|r| r.group == group && r.version == version)
        .filter_map(|r| crd_for(store, r).map(|c| (r, c)))
        .collect();
    if customs.is_empty() {
        return None;
    }
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for (r, crd) in customs {
        let name = definition_name(&r.group, &r.version, &r.kind);
        let own = super::version_schema(crd, &r.version)
            .cloned()
            .unwrap_or(json!({ "type": "object" }));
        schemas.insert(name.clone(), object_schema(s, r, &own));
        let list_kind = crd
            .pointer("/spec/names/listKind")
            .and_then(|v| v.as_str())
            .map(String::from)
            .unwrap_or_else(|| format!("{}List", r.kind));
        let list_name = definition_name(&r.group, &r.version, &list_kind);
        schemas.insert(list_name, list_schema(s, r, &name, &list_kind));
        add_paths(&mut paths, r, &name, PREFIX, false);
    }
    for name in s.closure([OBJECT_META, LIST_META]) {
        if let Some(node) = s.definition(name) {
            schemas.insert(name.to_string(), v3_schema(node));
        }
    }
    Some(json!({
        "openapi": "3.0.0",
        "info": { "title": "Kubernetes CRD Swagger", "version": "v0.1.0" },
        "paths": paths,
        "components": { "schemas": schemas },
    }))
}

/// Custom group-versions in `/openapi/v3` get a hash of their document, so clients that cache
/// by it (real kubectl does) see a changed CRD schema at once.
pub fn rehash_index(store: &Store, discovery: &Discovery, s: &Schema, index: &mut Value) {
    let Some(paths) = index.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    for (key, entry) in paths.iter_mut() {
        let Some(doc) = v3_document(store, discovery, s, key) else {
            continue;
        };
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in doc.to_string().bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        entry["serverRelativeURL"] = json!(format!("/openapi/v3/{key}?hash={h:016X}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_reverse_the_group() {
        assert_eq!(
            definition_name("stable.example.com", "v1", "CronTab"),
            "com.example.stable.v1.CronTab"
        );
    }
}
