//! Custom objects against their version's structural schema, as the API server handles them:
//! unknown fields are pruned (or named, for `fieldValidation=Strict`), `default`s are filled in,
//! and the OpenAPI rules (type, required, enum, bounds, lengths, item counts, pattern) are checked
//! with kube-openapi's messages wrapped in field errors.

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::pattern;
use crate::status::{self, StatusCause};

fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(|v| v.as_bool()) == Some(true)
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// Drop every field the schema does not specify; returns their paths (`spec.foo`), in the
/// order they appear in the object.
pub fn prune(schema: &Value, obj: &mut Value) -> Vec<String> {
    let mut pruned = Vec::new();
    if let Some(m) = obj.as_object_mut() {
        if let Some(meta) = m.get_mut("metadata").and_then(|v| v.as_object_mut()) {
            let unknown: Vec<String> = meta
                .keys()
                // ObjectMeta's own fields are kept under `metadata` whatever the schema says.
                .filter(|k| !crate::meta::OBJECT_META_FIELDS.contains(&k.as_str()))
                .cloned()
                .collect();
            for k in unknown {
                meta.shift_remove(&k);
                pruned.push(format!("metadata.{k}"));
            }
        }
    }
    prune_at(schema, obj, "", true, &mut pruned);
    pruned
}

fn prune_at(schema: &Value, v: &mut Value, path: &str, root: bool, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            let props = schema.get("properties").and_then(|p| p.as_object());
            let additional = schema.get("additionalProperties").filter(|a| a.is_object());
            let preserve = flag(schema, "x-kubernetes-preserve-unknown-fields");
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                if root && matches!(k.as_str(), "apiVersion" | "kind" | "metadata") {
                    continue;
                }
                let sub = props.and_then(|p| p.get(&k)).or(additional);
                match sub {
                    Some(s) => {
                        if let Some(child) = m.get_mut(&k) {
                            prune_at(s, child, &join(path, &k), false, out);
                        }
                    }
                    None if preserve => {}
                    None => {
                        m.shift_remove(&k);
                        out.push(join(path, &k));
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(s) = schema.get("items").filter(|i| i.is_object()) {
                for (i, it) in items.iter_mut().enumerate() {
                    prune_at(s, it, &format!("{path}[{i}]"), false, out);
                }
            }
        }
        _ => {}
    }
}

/// Fill in `default:` values of absent fields, outside in; non-nullable nulls are defaulted or
/// dropped, as the server does before validating.
pub fn apply_defaults(schema: &Value, v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(props) = schema.get("properties").and_then(|p| p.as_object()) {
                for (k, s) in props {
                    let absent = m.get(k).is_none_or(|x| x.is_null() && !flag(s, "nullable"));
                    if absent {
                        match s.get("default") {
                            Some(d) => {
                                m.insert(k.clone(), d.clone());
                            }
                            // A null where null is not allowed is dropped, not refused.
                            None => {
                                m.shift_remove(k);
                            }
                        }
                    }
                    if let Some(child) = m.get_mut(k) {
                        apply_defaults(s, child);
                    }
                }
            }
            if let Some(s) = schema.get("additionalProperties").filter(|a| a.is_object()) {
                for (_, child) in m.iter_mut() {
                    apply_defaults(s, child);
                }
            }
        }
        Value::Array(items) => {
            if let Some(s) = schema.get("items").filter(|i| i.is_object()) {
                for it in items.iter_mut() {
                    apply_defaults(s, it);
                }
            }
        }
        _ => {}
    }
}

/// The field errors of an object, as `ValidateCustomResource` reports them.
pub fn validate(schema: &Value, obj: &Value) -> Vec<StatusCause> {
    let mut errs = Vec::new();
    check(schema, obj, "", true, &mut errs);
    errs
}

/// OpenAPI's name for a JSON value's type, which the type error quotes.
fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_ok(ty: &str, v: &Value) -> bool {
    match ty {
        "" => true,
        "number" => v.is_number(),
        other => type_of(v) == other,
    }
}

/// Go's `%v` of a JSON number (integers as is, floats in Go's shortest form).
fn go_number(n: &Value) -> String {
    match n {
        Value::Number(x) if x.is_i64() || x.is_u64() => x.to_string(),
        Value::Number(x) => {
            let f = x.as_f64().unwrap_or(0.0);
            if f == f.trunc() && f.abs() < 1e21 {
                format!("{}", f as i64)
            } else {
                format!("{f}")
            }
        }
        other => other.to_string(),
    }
}

/// A bad value as a field error prints it: strings quoted, numbers and booleans bare.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => status::go_quote(s),
        Value::Number(_) => go_number(v),
        Value::Bool(b) => b.to_string(),
        Value::Null => "\"null\"".into(),
        other => other.to_string(),
    }
}

fn invalid(path: &str, value: String, msg: String) -> StatusCause {
    status::cause(
        "FieldValueInvalid",
        path,
        format!("Invalid value: {value}: {msg}"),
    )
}

fn check(schema: &Value, v: &Value, path: &str, root: bool, errs: &mut Vec<StatusCause>) {
    let ty = schema.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let int_or_string = flag(schema, "x-kubernetes-int-or-string");
    if v.is_null() && flag(schema, "nullable") {
        return;
    }
    let ok = if int_or_string {
        matches!(type_of(v), "integer" | "string")
    } else {
        type_ok(ty, v)
    };
    if !ok {
        let want = if int_or_string { "integer,string" } else { ty };
        let got = type_of(v);
        errs.push(invalid(
            path,
            status::go_quote(got),
            format!(
                "{path} in body must be of type {want}: {}",
                status::go_quote(got)
            ),
        ));
        return;
    }
    match v {
        Value::String(s) => {
            let len = s.chars().count() as u64;
            if let Some(max) = schema.get("maxLength").and_then(|m| m.as_u64()) {
                if len > max {
                    let unit = if max == 1 { "byte" } else { "bytes" };
                    errs.push(status::cause(
                        "FieldValueTooLong",
                        path,
                        format!("Too long: may not be more than {max} {unit}"),
                    ));
                }
            }
            if let Some(min) = schema.get("minLength").and_then(|m| m.as_u64()) {
                if len < min {
                    errs.push(invalid(
                        path,
                        shown(v),
                        format!("{path} in body should be at least {min} chars long"),
                    ));
                }
            }
            if let Some(p) = schema.get("pattern").and_then(|p| p.as_str()) {
                if pattern::matches(p, s) == Some(false) {
                    errs.push(invalid(
                        path,
                        shown(v),
                        format!("{path} in body should match '{p}'"),
                    ));
                }
            }
        }
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(0.0);
            let excl = |k: &str| flag(schema, k);
            if let Some(max) = schema.get("maximum").filter(|m| m.is_number()) {
                let m = max.as_f64().unwrap_or(0.0);
                if excl("exclusiveMaximum") && x >= m {
                    errs.push(invalid(
                        path,
                        shown(v),
                        format!("{path} in body should be less than {}", go_number(max)),
                    ));
                } else if x > m {
                    errs.push(invalid(
                        path,
                        shown(v),
                        format!(
                            "{path} in body should be less than or equal to {}",
                            go_number(max)
                        ),
                    ));
                }
            }
            if let Some(min) = schema.get("minimum").filter(|m| m.is_number()) {
                let m = min.as_f64().unwrap_or(0.0);
                if excl("exclusiveMinimum") && x <= m {
                    errs.push(invalid(
                        path,
                        shown(v),
                        format!("{path} in body should be greater than {}", go_number(min)),
                    ));
                } else if x < m {
                    errs.push(invalid(
                        path,
                        shown(v),
                        format!(
                            "{path} in body should be greater than or equal to {}",
                            go_number(min)
                        ),
                    ));
                }
            }
        }
        Value::Array(items) => {
            let n = items.len() as u64;
            if let Some(max) = schema.get("maxItems").and_then(|m| m.as_u64()) {
                if n > max {
                    let unit = if max == 1 { "item" } else { "items" };
                    errs.push(status::cause(
                        "FieldValueTooMany",
                        path,
                        format!("Too many: {n}: must have at most {max} {unit}"),
                    ));
                }
            }
            if let Some(min) = schema.get("minItems").and_then(|m| m.as_u64()) {
                if n < min {
                    errs.push(invalid(
                        path,
                        n.to_string(),
                        format!("{path} in body should have at least {min} items"),
                    ));
                }
            }
        }
        _ => {}
    }
    if let Some(allowed) = schema.get("enum").and_then(|e| e.as_array()) {
        if !allowed.contains(v) {
            let list: Vec<String> = allowed
                .iter()
                .map(|a| match a {
                    Value::String(s) => status::go_quote(s),
                    other => status::go_quote(&other.to_string()),
                })
                .collect();
            errs.push(status::cause(
                "FieldValueNotSupported",
                path,
                format!(
                    "Unsupported value: {}: supported values: {}",
                    shown(v),
                    list.join(", ")
                ),
            ));
        }
    }
    match v {
        Value::Object(m) => {
            for r in schema
                .get("required")
                .and_then(|r| r.as_array())
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str())
            {
                if !m.contains_key(r) {
                    errs.push(status::required(&join(path, r)));
                }
            }
            let props = schema.get("properties").and_then(|p| p.as_object());
            let additional = schema.get("additionalProperties").filter(|a| a.is_object());
            // Sorted, so the errors do not depend on the order the client sent the fields in.
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_once();
            for k in keys {
                if root && matches!(k.as_str(), "apiVersion" | "kind" | "metadata") {
                    continue;
                }
                let Some(child) = m.get(k) else { continue };
                if let Some(s) = props.and_then(|p| p.get(k)).or(additional) {
                    check(s, child, &join(path, k), false, errs);
                }
            }
        }
        Value::Array(items) => {
            if let Some(s) = schema.get("items").filter(|i| i.is_object()) {
                for (i, it) in items.iter().enumerate() {
                    check(s, it, &format!("{path}[{i}]"), false, errs);
                }
            }
        }
        _ => {}
    }
}

/// The strict decoder's complaint about pruned fields.
pub fn strict_error(kind: &str, version: &str, unknown: &[String]) -> String {
    let list: Vec<String> = unknown
        .iter()
        .map(|f| format!("unknown field {}", status::go_quote(f)))
        .collect();
    format!(
        "{kind} in version {} cannot be handled as a {kind}: strict decoding error: {}",
        status::go_quote(version),
        list.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({"type": "object", "properties": {"spec": {"type": "object",
            "required": ["cronSpec"],
            "properties": {
                "cronSpec": {"type": "string", "pattern": "^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$"},
                "image": {"type": "string", "maxLength": 5, "minLength": 2},
                "replicas": {"type": "integer", "minimum": 1, "maximum": 10, "default": 1},
                "mode": {"type": "string", "enum": ["a", "b"]},
                "tags": {"type": "array", "maxItems": 2, "items": {"type": "string"}},
                "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}}})
    }

    fn msgs(errs: &[StatusCause]) -> Vec<String> {
        errs.iter()
            .map(|c| format!("{}: {}", c.field, c.message))
            .collect()
    }

    #[test]
    fn type_required_bounds_enum() {
        let obj = json!({"apiVersion": "x/v1", "kind": "K", "metadata": {"name": "n"},
            "spec": {"replicas": "3", "image": "toolong", "mode": "c", "tags": ["a", "b", "c"]}});
        assert_eq!(
            msgs(&validate(&schema(), &obj)),
            [
                "spec.cronSpec: Required value",
                "spec.image: Too long: may not be more than 5 bytes",
                "spec.mode: Unsupported value: \"c\": supported values: \"a\", \"b\"",
                "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
                "spec.tags: Too many: 3: must have at most 2 items",
            ]
        );
        let obj = json!({"spec": {"cronSpec": "* * * * */5", "replicas": 0, "image": "a"}});
        assert_eq!(
            msgs(&validate(&schema(), &obj)),
            [
                "spec.image: Invalid value: \"a\": spec.image in body should be at least 2 chars long",
                "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1",
            ]
        );
        let obj = json!({"spec": {"cronSpec": "every minute"}});
        assert_eq!(
            msgs(&validate(&schema(), &obj)),
            ["spec.cronSpec: Invalid value: \"every minute\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'"]
        );
    }

    #[test]
    fn prune_and_default() {
        let mut obj = json!({"apiVersion": "x/v1", "kind": "K", "metadata": {"name": "n", "bogus": 1},
            "spec": {"cronSpec": "x", "foo": 1, "extra": {"anything": true}}, "top": 2});
        let pruned = prune(&schema(), &mut obj);
        assert_eq!(pruned, ["metadata.bogus", "spec.foo", "top"]);
        obj["spec"]["image"] = Value::Null;
        apply_defaults(&schema(), &mut obj);
        assert_eq!(obj["spec"]["replicas"], 1);
        assert!(obj["spec"].get("image").is_none());
        assert_eq!(obj["spec"]["extra"]["anything"], true);
        assert_eq!(
            strict_error("CronTab", "v1", &pruned[1..2]),
            "CronTab in version \"v1\" cannot be handled as a CronTab: strict decoding error: unknown field \"spec.foo\""
        );
    }
}
