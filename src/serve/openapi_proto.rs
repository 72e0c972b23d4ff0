//! `/openapi/v2` in protobuf, the only form kubectl asks it in (it validates a `List` and kinds
//! the OpenAPI v3 documents lack against it): the API's Swagger document re-encoded as
//! gnostic's `openapi_v2.Document` (github.com/google/gnostic-models, openapiv2/OpenAPIv2.proto).
//! Only what kubectl reads is written: each definition's type, properties, items, additional
//! properties, `$ref`, required fields, format and vendor extensions (the group-version-kinds
//! kubectl looks schemas up by); descriptions, defaults and paths are left out.

use serde_json::Value;

/// Deeper schemas are cut there (the API's definitions nest through `$ref`, a few levels).
const MAX_DEPTH: usize = 64;

fn varint(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn bytes(field: u64, b: &[u8], out: &mut Vec<u8>) {
    varint(field << 3 | 2, out);
    varint(b.len() as u64, out);
    out.extend_from_slice(b);
}

fn string(field: u64, s: &str, out: &mut Vec<u8>) {
    bytes(field, s.as_bytes(), out);
}

fn boolean(field: u64, b: bool, out: &mut Vec<u8>) {
    varint(field << 3, out);
    varint(u64::from(b), out);
}

/// `NamedSchema { name = 1; value = 2 }`, or `NamedAny` with an `Any { yaml = 2 }` value.
fn named(field: u64, name: &str, value: &[u8], out: &mut Vec<u8>) {
    let mut n = Vec::new();
    string(1, name, &mut n);
    bytes(2, value, &mut n);
    bytes(field, &n, out);
}

/// `openapi_v2.Schema`.
fn schema(s: &Value, depth: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let Some(obj) = s.as_object() else {
        return out;
    };
    if depth > MAX_DEPTH {
        return out;
    }
    for (k, v) in obj {
        match (k.as_str(), v) {
            ("$ref", Value::String(r)) => string(1, r, &mut out),
            ("format", Value::String(f)) => string(2, f, &mut out),
            ("required", Value::Array(names)) => {
                for n in names.iter().filter_map(Value::as_str) {
                    string(19, n, &mut out);
                }
            }
            ("additionalProperties", v) => {
                let mut item = Vec::new();
                match v {
                    Value::Bool(b) => boolean(2, *b, &mut item),
                    v => bytes(1, &schema(v, depth + 1), &mut item),
                }
                bytes(21, &item, &mut out);
            }
            ("type", v) => {
                let mut t = Vec::new();
                let types = match v {
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    v => v.as_str().into_iter().collect::<Vec<_>>(),
                };
                for name in types {
                    string(1, name, &mut t);
                }
                bytes(22, &t, &mut out);
            }
            ("items", v) => {
                let mut items = Vec::new();
                let list = match v {
                    Value::Array(a) => a.iter().collect(),
                    v => vec![v],
                };
                for one in list {
                    bytes(1, &schema(one, depth + 1), &mut items);
                }
                bytes(23, &items, &mut out);
            }
            ("allOf", Value::Array(all)) => {
                for one in all {
                    bytes(24, &schema(one, depth + 1), &mut out);
                }
            }
            ("properties", Value::Object(props)) => {
                let mut p = Vec::new();
                for (name, one) in props {
                    named(1, name, &schema(one, depth + 1), &mut p);
                }
                bytes(25, &p, &mut out);
            }
            (x, v) if x.starts_with("x-") => {
                // kube-openapi reads an extension's value as YAML, of which JSON is a part.
                let mut any = Vec::new();
                string(2, &v.to_string(), &mut any);
                named(31, x, &any, &mut out);
            }
            _ => {}
        }
    }
    out
}

/// The Swagger document `doc` as an `openapi_v2.Document`.
pub fn encode(doc: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    string(1, doc["swagger"].as_str().unwrap_or("2.0"), &mut out);
    let mut info = Vec::new();
    string(
        1,
        doc["info"]["title"].as_str().unwrap_or_default(),
        &mut info,
    );
    string(
        2,
        doc["info"]["version"].as_str().unwrap_or_default(),
        &mut info,
    );
    bytes(2, &info, &mut out);
    let mut defs = Vec::new();
    for (name, s) in doc["definitions"].as_object().into_iter().flatten() {
        named(1, name, &schema(s, 0), &mut defs);
    }
    bytes(9, &defs, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_definition_reads_as_gnostic_writes_it() {
        let doc = json!({"swagger": "2.0", "info": {"title": "Kubernetes", "version": "v1.32.0"},
            "definitions": {"io.k8s.api.core.v1.ConfigMap": {"type": "object",
                "properties": {"data": {"type": "object", "additionalProperties": {"type": "string"}}},
                "x-kubernetes-group-version-kind": [{"group": "", "kind": "ConfigMap", "version": "v1"}]}}});
        let out = encode(&doc);
        // swagger = 1 "2.0", then info = 2.
        assert_eq!(&out[..5], b"\x0a\x032.0");
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("io.k8s.api.core.v1.ConfigMap"));
        assert!(text.contains(r#"[{"group":"","kind":"ConfigMap","version":"v1"}]"#));
    }
}
