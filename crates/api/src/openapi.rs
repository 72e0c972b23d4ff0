//! The OpenAPI documents kube-apiserver publishes, built from the embedded schema (`kubeplay_schema`):
//! `/openapi/v2` (one Swagger 2.0 document for everything), `/openapi/v3` (the index of
//! group-versions) and `/openapi/v3/api/v1`, `/openapi/v3/apis/<group>/<version>`.
//!
//! Real kubectl reads these: `explain` finds a kind through the `x-kubernetes-group-version-kind`
//! of its paths' operations and renders the schemas; `apply`/`create` look for the
//! `fieldValidation` parameter on PATCH to decide on server-side validation; apply takes patch
//! merge keys from the schemas. So every served resource gets its paths and operations.

use serde_json::{json, Map, Value};

use super::discovery::{Discovery, ResourceInfo};
use super::status::Status;
use kubeplay_schema::{Node, Schema};

const V3_PREFIX: &str = "#/components/schemas/";
const V2_PREFIX: &str = "#/definitions/";

/// `/openapi/v3`: where each group-version's document lives.
pub fn v3_index(discovery: &Discovery, s: &Schema) -> Value {
    let mut paths = Map::new();
    for gv in discovery.group_versions() {
        let key = gv_path(&gv);
        let url = format!("/openapi/v3/{key}?hash={}", gv_hash(discovery, s, &gv));
        paths.insert(key, json!({ "serverRelativeURL": url }));
    }
    json!({ "paths": paths })
}

/// `/openapi/v3/api/v1` or `/openapi/v3/apis/apps/v1` (`doc` is the part after `/openapi/v3/`).
pub fn v3_document(discovery: &Discovery, s: &Schema, doc: &str) -> Result<Value, Status> {
    let gv = match doc.split('/').collect::<Vec<_>>().as_slice() {
        ["api", v] => v.to_string(),
        ["apis", g, v] => format!("{g}/{v}"),
        _ => return Err(Status::page_not_found()),
    };
    let resources: Vec<&ResourceInfo> = discovery
        .all()
        .iter()
        .filter(|r| r.api_version() == gv)
        .collect();
    if resources.is_empty() {
        return Err(Status::page_not_found());
    }
    let mut roots = Vec::new();
    let mut paths = Map::new();
    for r in &resources {
        if let Some((name, _)) = s.lookup(&r.group, &r.version, &r.kind) {
            roots.push(name);
            add_paths(&mut paths, r, name, V3_PREFIX, false);
        }
    }
    let mut schemas = Map::new();
    for name in s.closure(roots) {
        if let Some(node) = s.definition(name) {
            schemas.insert(name.to_string(), v3_schema(node));
        }
    }
    Ok(json!({
        "openapi": "3.0.0",
        "info": { "title": "Kubernetes", "version": s.version },
        "paths": paths,
        "components": { "schemas": schemas },
    }))
}

/// `/openapi/v2`: one Swagger 2.0 document with every served kind.
pub fn v2_document(discovery: &Discovery, s: &Schema) -> Value {
    let mut roots = Vec::new();
    let mut paths = Map::new();
    for r in discovery.all() {
        if let Some((name, _)) = s.lookup(&r.group, &r.version, &r.kind) {
            roots.push(name);
            add_paths(&mut paths, r, name, V2_PREFIX, true);
        }
    }
    let mut definitions = Map::new();
    for name in s.closure(roots) {
        if let Some(node) = s.definition(name) {
            definitions.insert(name.to_string(), v2_schema(node));
        }
    }
    json!({
        "swagger": "2.0",
        "info": { "title": "Kubernetes", "version": s.version },
        "paths": paths,
        "definitions": definitions,
    })
}

/// `v1` -> `api/v1`, `apps/v1` -> `apis/apps/v1`.
fn gv_path(gv: &str) -> String {
    if gv.contains('/') {
        format!("apis/{gv}")
    } else {
        format!("api/{gv}")
    }
}

/// A content tag for the index's URLs: clients cache documents by it, so it changes with the
/// schema release and the resources served in the group-version.
fn gv_hash(discovery: &Discovery, s: &Schema, gv: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |s: &str| {
        for b in s.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    };
    eat(&s.version);
    eat(gv);
    for r in discovery.all().iter().filter(|r| r.api_version() == gv) {
        eat(&r.kind);
        eat(&r.plural);
    }
    format!("{h:016X}")
}

pub(crate) fn add_paths(
    paths: &mut Map<String, Value>,
    r: &ResourceInfo,
    def: &str,
    prefix: &str,
    v2: bool,
) {
    let gvk = json!({ "group": r.group, "version": r.version, "kind": r.kind });
    let collection = if r.namespaced {
        format!("{}/namespaces/{{namespace}}/{}", r.base_path(), r.plural)
    } else {
        format!("{}/{}", r.base_path(), r.plural)
    };
    let target = json!({ "$ref": format!("{prefix}{def}") });
    let op = |action: &str, writes: bool| {
        let mut params = Vec::new();
        if writes {
            for name in ["dryRun", "fieldManager", "fieldValidation"] {
                params.push(query_param(name, v2));
            }
        }
        if action == "patch" {
            params.push(query_param("force", v2));
        }
        let response = if v2 {
            json!({ "description": "OK", "schema": target })
        } else {
            json!({ "description": "OK", "content": { "application/json": { "schema": target } } })
        };
        json!({
            "operationId": format!("{action}{}", r.kind),
            "parameters": params,
            "responses": { "200": response },
            "x-kubernetes-action": action,
            "x-kubernetes-group-version-kind": gvk,
        })
    };
    let mut coll = Map::new();
    if r.has_verb("list") {
        coll.insert("get".into(), op("list", false));
    }
    if r.has_verb("create") {
        coll.insert("post".into(), op("post", true));
    }
    let mut item = Map::new();
    if r.has_verb("get") {
        item.insert("get".into(), op("get", false));
    }
    if r.has_verb("update") {
        item.insert("put".into(), op("put", true));
    }
    if r.has_verb("patch") {
        item.insert("patch".into(), op("patch", true));
    }
    if r.has_verb("delete") {
        item.insert("delete".into(), op("delete", false));
    }
    if !coll.is_empty() {
        paths.insert(collection.clone(), Value::Object(coll));
    }
    if !item.is_empty() {
        paths.insert(format!("{collection}/{{name}}"), Value::Object(item));
    }
}

fn query_param(name: &str, v2: bool) -> Value {
    if v2 {
        json!({ "name": name, "in": "query", "type": if name == "force" { "boolean" } else { "string" }, "uniqueItems": true })
    } else {
        let ty = if name == "force" { "boolean" } else { "string" };
        json!({ "name": name, "in": "query", "schema": { "type": ty, "uniqueItems": true } })
    }
}

/// A schema node as OpenAPI v3 writes it: a reference with siblings becomes `allOf: [$ref]`.
pub fn v3_schema(node: &Node) -> Value {
    to_json(node, V3_PREFIX, true)
}

/// A schema node as Swagger 2.0 writes it: `$ref` beside its description.
pub fn v2_schema(node: &Node) -> Value {
    to_json(node, V2_PREFIX, false)
}

fn to_json(node: &Node, prefix: &str, wrap_refs: bool) -> Value {
    let mut m = Map::new();
    if !node.description.is_empty() {
        m.insert("description".into(), json!(node.description));
    }
    if let Some(t) = &node.ty {
        m.insert("type".into(), json!(t));
    }
    if let Some(f) = &node.format {
        m.insert("format".into(), json!(f));
    }
    if let Some(items) = &node.items {
        m.insert("items".into(), to_json(items, prefix, wrap_refs));
    }
    if let Some(values) = &node.additional_properties {
        m.insert(
            "additionalProperties".into(),
            to_json(values, prefix, wrap_refs),
        );
    }
    if !node.properties.is_empty() {
        let props: Map<String, Value> = node
            .properties
            .iter()
            .map(|(k, v)| (k.clone(), to_json(v, prefix, wrap_refs)))
            .collect();
        m.insert("properties".into(), Value::Object(props));
    }
    if !node.required.is_empty() {
        m.insert("required".into(), json!(node.required));
    }
    if !node.enum_values.is_empty() {
        m.insert("enum".into(), json!(node.enum_values));
    }
    if !node.one_of.is_empty() {
        let alts: Vec<Value> = node
            .one_of
            .iter()
            .map(|n| to_json(n, prefix, wrap_refs))
            .collect();
        m.insert("oneOf".into(), Value::Array(alts));
    }
    if !node.gvk.is_empty() {
        let gvks: Vec<Value> = node
            .gvk
            .iter()
            .map(|g| json!({ "group": g.group, "kind": g.kind, "version": g.version }))
            .collect();
        m.insert("x-kubernetes-group-version-kind".into(), Value::Array(gvks));
    }
    if let Some(v) = &node.list_type {
        m.insert("x-kubernetes-list-type".into(), json!(v));
    }
    if !node.list_map_keys.is_empty() {
        m.insert(
            "x-kubernetes-list-map-keys".into(),
            json!(node.list_map_keys),
        );
    }
    if let Some(v) = &node.map_type {
        m.insert("x-kubernetes-map-type".into(), json!(v));
    }
    if let Some(v) = &node.patch_merge_key {
        m.insert("x-kubernetes-patch-merge-key".into(), json!(v));
    }
    if let Some(v) = &node.patch_strategy {
        m.insert("x-kubernetes-patch-strategy".into(), json!(v));
    }
    if let Some(r) = &node.reference {
        let target = json!({ "$ref": format!("{prefix}{r}") });
        if m.is_empty() {
            return target;
        }
        if wrap_refs {
            m.insert("allOf".into(), json!([target]));
        } else {
            m.insert("$ref".into(), target["$ref"].clone());
        }
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s132() -> &'static Schema {
        kubeplay_schema::for_version("v1.32.0")
    }

    #[test]
    fn index_lists_every_group_version() {
        let d = Discovery::builtin();
        let idx = v3_index(&d, s132());
        let url = idx["paths"]["apis/apps/v1"]["serverRelativeURL"]
            .as_str()
            .unwrap();
        assert!(url.starts_with("/openapi/v3/apis/apps/v1?hash="), "{url}");
        assert!(idx["paths"]["api/v1"].is_object());
    }

    #[test]
    fn group_version_document_carries_paths_and_schemas() {
        let d = Discovery::builtin();
        let doc = v3_document(&d, s132(), "apis/apps/v1").unwrap();
        let patch =
            &doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
        assert_eq!(
            patch["x-kubernetes-group-version-kind"]["kind"],
            "Deployment"
        );
        let params = patch["parameters"].as_array().unwrap();
        assert!(params.iter().any(|p| p["name"] == "fieldValidation"));
        let schemas = &doc["components"]["schemas"];
        let spec = &schemas["io.k8s.api.apps.v1.Deployment"]["properties"]["spec"];
        assert_eq!(
            spec["allOf"][0]["$ref"],
            "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec"
        );
        assert!(schemas["io.k8s.api.core.v1.Container"].is_object());
        let nodes = &doc["paths"]["/api/v1/nodes/{name}"];
        assert!(nodes.is_null());
        assert!(v3_document(&d, s132(), "apis/nothing/v1").is_err());
        assert!(v3_document(&d, s132(), "bogus").is_err());
    }

    #[test]
    fn swagger_document_keeps_refs_beside_descriptions() {
        let doc = v2_document(&Discovery::builtin(), s132());
        assert_eq!(doc["swagger"], "2.0");
        let spec = &doc["definitions"]["io.k8s.api.core.v1.Pod"]["properties"]["spec"];
        assert_eq!(spec["$ref"], "#/definitions/io.k8s.api.core.v1.PodSpec");
        assert!(doc["paths"]["/api/v1/nodes/{name}"]["get"].is_object());
        let protocol =
            &doc["definitions"]["io.k8s.api.core.v1.ContainerPort"]["properties"]["protocol"];
        assert_eq!(protocol["enum"], json!(["SCTP", "TCP", "UDP"]));
        assert_eq!(protocol["type"], "string");
    }

    #[test]
    fn enums_reach_the_v3_documents_on_fields_and_list_items() {
        let doc = v3_document(&Discovery::builtin(), s132(), "api/v1").unwrap();
        let schemas = &doc["components"]["schemas"];
        let restart = &schemas["io.k8s.api.core.v1.PodSpec"]["properties"]["restartPolicy"];
        assert_eq!(restart["enum"], json!(["Always", "Never", "OnFailure"]));
        assert!(restart["description"]
            .as_str()
            .unwrap()
            .contains("\n\nPossible enum values:\n - `\"Always\"`"));
        let families = &schemas["io.k8s.api.core.v1.ServiceSpec"]["properties"]["ipFamilies"];
        assert_eq!(families["items"]["enum"], json!(["", "IPv4", "IPv6"]));
        let kind = &schemas["io.k8s.api.core.v1.Pod"]["properties"]["kind"];
        assert!(kind.get("enum").is_none());
    }
}
