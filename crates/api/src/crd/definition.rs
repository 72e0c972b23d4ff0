//! The CustomResourceDefinition object as the API server treats it: defaults filled in, the
//! validation of apiextensions.k8s.io/v1 (in its words), and the status its controllers write
//! once the names are accepted (done at once here: nothing can conflict in a fresh cluster).

use serde_json::{json, Map, Value};

use crate::names;
use crate::status::{self, StatusCause};

const SCHEMA_TYPES: &[&str] = &["array", "boolean", "integer", "number", "object", "string"];
const COLUMN_TYPES: &[&str] = &["boolean", "date", "integer", "number", "string"];

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(|x| x.as_str()).unwrap_or("")
}

fn versions(crd: &Value) -> Vec<Value> {
    crd.pointer("/spec/versions")
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default()
}

/// SetDefaults for apiextensions/v1: singular and list kind from the kind, conversion `None`.
pub fn default(crd: &mut Value) {
    let kind = s(crd, "/spec/names/kind").to_string();
    if let Some(names) = crd
        .pointer_mut("/spec/names")
        .and_then(|n| n.as_object_mut())
    {
        if names
            .get("singular")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .is_empty()
        {
            names.insert("singular".into(), json!(kind.to_lowercase()));
        }
        if names
            .get("listKind")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .is_empty()
            && !kind.is_empty()
        {
            names.insert("listKind".into(), json!(format!("{kind}List")));
        }
    }
    if let Some(spec) = crd.get_mut("spec").and_then(|s| s.as_object_mut()) {
        if !spec.contains_key("conversion") {
            spec.insert("conversion".into(), json!({"strategy": "None"}));
        }
    }
}

/// Field errors of a CRD, in the order the API server reports them.
pub fn validate(crd: &Value) -> Vec<StatusCause> {
    let mut errs = Vec::new();
    let name = s(crd, "/metadata/name");
    let (group, plural) = super::group_and_plural(crd);
    if name != format!("{plural}.{group}") {
        errs.push(status::invalid_value(
            "metadata.name",
            name,
            "must be spec.names.plural+\".\"+spec.group",
        ));
    }
    if group.is_empty() {
        errs.push(status::required("spec.group"));
    } else {
        for e in names::dns1123_subdomain(group) {
            errs.push(status::invalid_value("spec.group", group, &e));
        }
        if group.split('.').count() < 2 {
            errs.push(status::invalid_value(
                "spec.group",
                group,
                "should be a domain with at least one dot",
            ));
        }
    }
    match s(crd, "/spec/scope") {
        "" => errs.push(status::required("spec.scope")),
        "Cluster" | "Namespaced" => {}
        other => errs.push(status::unsupported_value(
            "spec.scope",
            other,
            &["Cluster", "Namespaced"],
        )),
    }
    let vs = versions(crd);
    if vs.is_empty() {
        errs.push(status::cause(
            "FieldValueRequired",
            "spec.versions",
            "Required value: must have at least one version",
        ));
    }
    let mut storage = 0;
    let mut seen: Vec<&str> = Vec::new();
    let mut unique = true;
    for (i, v) in vs.iter().enumerate() {
        let vname = s(v, "/name");
        if v.get("storage").and_then(|b| b.as_bool()) == Some(true) {
            storage += 1;
        }
        if seen.contains(&vname) {
            unique = false;
        }
        seen.push(vname);
        let path = format!("spec.versions[{i}]");
        for e in names::dns1035_label(vname) {
            errs.push(status::invalid_value(&format!("{path}.name"), vname, &e));
        }
        match v.pointer("/schema/openAPIV3Schema") {
            None | Some(Value::Null) => errs.push(status::cause(
                "FieldValueRequired",
                &format!("{path}.schema.openAPIV3Schema"),
                "Required value: schemas are required",
            )),
            Some(schema) => structural(
                schema,
                &format!("{path}.schema.openAPIV3Schema"),
                true,
                &mut errs,
            ),
        }
        for (j, c) in v
            .get("additionalPrinterColumns")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
            .enumerate()
        {
            let cp = format!("{path}.additionalPrinterColumns[{j}]");
            if s(c, "/name").is_empty() {
                errs.push(status::required(&format!("{cp}.name")));
            }
            match s(c, "/type") {
                "" => errs.push(status::required(&format!("{cp}.type"))),
                t if COLUMN_TYPES.contains(&t) => {}
                t => errs.push(status::unsupported_value(
                    &format!("{cp}.type"),
                    t,
                    COLUMN_TYPES,
                )),
            }
            if s(c, "/jsonPath").is_empty() {
                errs.push(status::required(&format!("{cp}.jsonPath")));
            }
        }
    }
    if !unique {
        errs.push(status::cause(
            "FieldValueInvalid",
            "spec.versions",
            format!(
                "Invalid value: {}: must contain unique version names",
                go_versions(&vs)
            ),
        ));
    }
    if storage != 1 {
        errs.push(status::cause(
            "FieldValueInvalid",
            "spec.versions",
            format!(
                "Invalid value: {}: must have exactly one version marked as storage version",
                go_versions(&vs)
            ),
        ));
    }
    validate_names(crd, &mut errs);
    errs
}

fn validate_names(crd: &Value, errs: &mut Vec<StatusCause>) {
    let plural = s(crd, "/spec/names/plural");
    let singular = s(crd, "/spec/names/singular");
    let kind = s(crd, "/spec/names/kind");
    let list_kind = s(crd, "/spec/names/listKind");
    let label = |field: &str, v: &str, errs: &mut Vec<StatusCause>| {
        let e = names::dns1035_label(v);
        if !v.is_empty() && !e.is_empty() {
            errs.push(status::invalid_value(field, v, &e.join(",")));
        }
    };
    label("spec.names.plural", plural, errs);
    label("spec.names.singular", singular, errs);
    for (i, short) in crd
        .pointer("/spec/names/shortNames")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .enumerate()
    {
        label(
            &format!("spec.names.shortNames[{i}]"),
            short.as_str().unwrap_or(""),
            errs,
        );
    }
    let kind_like = |field: &str, v: &str, errs: &mut Vec<StatusCause>| {
        let e = names::dns1035_label(&v.to_lowercase());
        if !v.is_empty() && !e.is_empty() {
            errs.push(status::invalid_value(
                field,
                v,
                &format!(
                    "may have mixed case, but should otherwise match: {}",
                    e.join(",")
                ),
            ));
        }
    };
    kind_like("spec.names.kind", kind, errs);
    kind_like("spec.names.listKind", list_kind, errs);
    if plural.is_empty() {
        errs.push(status::required("spec.names.plural"));
    }
    if singular.is_empty() {
        errs.push(status::required("spec.names.singular"));
    }
    if kind.is_empty() {
        errs.push(status::required("spec.names.kind"));
    }
    if list_kind.is_empty() {
        errs.push(status::required("spec.names.listKind"));
    }
}

/// What may not change once a CRD exists.
pub fn validate_update(old: &Value, new: &Value) -> Vec<StatusCause> {
    let mut errs = Vec::new();
    for (ptr, field) in [("/spec/group", "spec.group"), ("/spec/scope", "spec.scope")] {
        let now = s(new, ptr);
        if s(old, ptr) != now {
            errs.push(status::invalid_value(field, now, "field is immutable"));
        }
    }
    errs
}

/// The structural-schema rules: every specified field has a type (unless it preserves unknown
/// fields or is int-or-string), and the root is an object.
fn structural(schema: &Value, path: &str, root: bool, errs: &mut Vec<StatusCause>) {
    let ty = s(schema, "/type");
    let preserve = schema
        .get("x-kubernetes-preserve-unknown-fields")
        .and_then(|v| v.as_bool())
        == Some(true);
    let int_or_string = schema
        .get("x-kubernetes-int-or-string")
        .and_then(|v| v.as_bool())
        == Some(true);
    if !ty.is_empty() && !SCHEMA_TYPES.contains(&ty) {
        errs.push(status::unsupported_value(
            &format!("{path}.type"),
            ty,
            SCHEMA_TYPES,
        ));
    }
    if root {
        if ty.is_empty() {
            errs.push(status::cause(
                "FieldValueRequired",
                &format!("{path}.type"),
                "Required value: must not be empty at the root",
            ));
        } else if ty != "object" {
            errs.push(status::cause(
                "FieldValueInvalid",
                &format!("{path}.type"),
                format!(
                    "Invalid value: {}: must be object at the root",
                    status::go_quote(ty)
                ),
            ));
        }
    } else if ty.is_empty() && !preserve && !int_or_string {
        errs.push(status::cause(
            "FieldValueRequired",
            &format!("{path}.type"),
            "Required value: must not be empty for specified object fields",
        ));
    }
    if let Some(props) = schema.get("properties").and_then(|p| p.as_object()) {
        for (k, v) in props {
            structural(v, &format!("{path}.properties[{k}]"), false, errs);
        }
    }
    if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
        structural(items, &format!("{path}.items"), false, errs);
    } else if ty == "array" {
        errs.push(status::cause(
            "FieldValueRequired",
            &format!("{path}.items"),
            "Required value: must be specified",
        ));
    }
    if let Some(ap) = schema.get("additionalProperties").filter(|a| a.is_object()) {
        structural(ap, &format!("{path}.additionalProperties"), false, errs);
    }
}

/// Go's `%#v` of the internal versions slice, which the API server prints as the bad value of
/// `spec.versions` (pointers print as addresses there; we print a fixed one).
fn go_versions(vs: &[Value]) -> String {
    let items: Vec<String> = vs
        .iter()
        .map(|v| {
            let b = |k: &str| v.get(k).and_then(|x| x.as_bool()).unwrap_or(false);
            let ptr = |k: &str, ty: &str| {
                if v.get(k).is_some_and(|x| !x.is_null()) {
                    format!("(*apiextensions.{ty})(0xc000a1e000)")
                } else {
                    format!("(*apiextensions.{ty})(nil)")
                }
            };
            let cols = if v
                .get("additionalPrinterColumns")
                .is_some_and(|c| c.as_array().is_some_and(|a| !a.is_empty()))
            {
                "[]apiextensions.CustomResourceColumnDefinition{...}".to_string()
            } else {
                "[]apiextensions.CustomResourceColumnDefinition(nil)".to_string()
            };
            format!(
                "apiextensions.CustomResourceDefinitionVersion{{Name:{}, Served:{}, Storage:{}, Deprecated:{}, DeprecationWarning:(*string)(nil), Schema:{}, Subresources:{}, AdditionalPrinterColumns:{cols}, SelectableFields:[]apiextensions.SelectableField(nil)}}",
                status::go_quote(s(v, "/name")),
                b("served"),
                b("storage"),
                b("deprecated"),
                ptr("schema", "CustomResourceValidation"),
                ptr("subresources", "CustomResourceSubresources"),
            )
        })
        .collect();
    format!(
        "[]apiextensions.CustomResourceDefinitionVersion{{{}}}",
        items.join(", ")
    )
}

/// The status the names and establishing controllers write: names accepted, established, and
/// the storage version recorded. `old` keeps transition times and earlier stored versions.
pub fn set_status(crd: &mut Value, old: Option<&Value>, now: &str) {
    let names = crd.pointer("/spec/names").cloned().unwrap_or(json!({}));
    let mut accepted = Map::new();
    for k in [
        "plural",
        "singular",
        "shortNames",
        "kind",
        "listKind",
        "categories",
    ] {
        if let Some(v) = names.get(k) {
            accepted.insert(k.into(), v.clone());
        }
    }
    let when = |ty: &str| {
        old.and_then(|o| o.pointer("/status/conditions"))
            .and_then(|c| c.as_array())
            .and_then(|c| {
                c.iter()
                    .find(|x| x.get("type").and_then(|t| t.as_str()) == Some(ty))
            })
            .and_then(|c| c.get("lastTransitionTime").cloned())
            .unwrap_or(json!(now))
    };
    let mut stored: Vec<Value> = old
        .and_then(|o| o.pointer("/status/storedVersions"))
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    for v in versions(crd) {
        if v.get("storage").and_then(|b| b.as_bool()) == Some(true) {
            if let Some(n) = v.get("name").filter(|n| !stored.contains(n)) {
                stored.push(n.clone());
            }
        }
    }
    let status = json!({
        "conditions": [
            {"type": "NamesAccepted", "status": "True", "lastTransitionTime": when("NamesAccepted"),
             "reason": "NoConflicts", "message": "no conflicts found"},
            {"type": "Established", "status": "True", "lastTransitionTime": when("Established"),
             "reason": "InitialNamesAccepted", "message": "the initial names have been accepted"},
        ],
        "acceptedNames": accepted,
        "storedVersions": stored,
    });
    if let Some(m) = crd.as_object_mut() {
        m.insert("status".into(), status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crontab() -> Value {
        json!({
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "crontabs.stable.example.com"},
            "spec": {"group": "stable.example.com", "scope": "Namespaced",
                "names": {"plural": "crontabs", "kind": "CronTab", "shortNames": ["ct"]},
                "versions": [{"name": "v1", "served": true, "storage": true,
                    "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                        "spec": {"type": "object", "properties": {"cronSpec": {"type": "string"}}}}}}}]}
        })
    }

    fn messages(errs: &[StatusCause]) -> Vec<String> {
        errs.iter()
            .map(|c| format!("{}: {}", c.field, c.message))
            .collect()
    }

    #[test]
    fn valid_crd_defaults_and_status() {
        let mut crd = crontab();
        default(&mut crd);
        assert!(validate(&crd).is_empty(), "{:?}", messages(&validate(&crd)));
        assert_eq!(crd["spec"]["names"]["singular"], "crontab");
        assert_eq!(crd["spec"]["names"]["listKind"], "CronTabList");
        set_status(&mut crd, None, "2026-11-25T10:00:00Z");
        assert_eq!(crd["status"]["storedVersions"], json!(["v1"]));
        assert_eq!(crd["status"]["acceptedNames"]["kind"], "CronTab");
    }

    #[test]
    fn wrong_name_storage_and_schema() {
        let mut crd = crontab();
        crd["metadata"]["name"] = json!("x");
        crd["spec"]["versions"][0]["storage"] = json!(false);
        crd["spec"]["versions"][0]["schema"] = json!({"openAPIV3Schema": {"type": "object",
            "properties": {"spec": {"properties": {}}}}});
        default(&mut crd);
        let m = messages(&validate(&crd));
        assert_eq!(
            m[0],
            "metadata.name: Invalid value: \"x\": must be spec.names.plural+\".\"+spec.group"
        );
        assert_eq!(m[1], "spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields");
        assert!(m[2].ends_with("must have exactly one version marked as storage version"));
    }
}
