//! ConfigMap and Secret keys.

use serde_json::Value;

use super::Errs;

const KEY_MSG: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

fn key_errors(key: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    if key.len() > 253 {
        errs.push("must be no more than 253 characters");
    }
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        errs.push(KEY_MSG);
    }
    if key == "." {
        errs.push("must not be '.'");
    } else if key == ".." {
        errs.push("must not be '..'");
    } else if key.starts_with("..") {
        errs.push("must not start with '..'");
    }
    errs
}

fn keys(obj: &Value, fields: &[&str], e: &mut Errs) {
    for f in fields {
        if let Some(m) = obj.get(*f).and_then(|d| d.as_object()) {
            for k in m.keys() {
                for msg in key_errors(k) {
                    e.invalid(&format!("{f}[{k}]"), k, msg);
                }
            }
        }
    }
}

pub fn config_map(obj: &Value, e: &mut Errs) {
    keys(obj, &["data", "binaryData"], e);
    if let (Some(d), Some(b)) = (
        obj.get("data").and_then(|d| d.as_object()),
        obj.get("binaryData").and_then(|d| d.as_object()),
    ) {
        for k in d.keys().filter(|k| b.contains_key(*k)) {
            e.invalid(
                &format!("data[{k}]"),
                k,
                "duplicate of key present in binaryData",
            );
        }
    }
}

pub fn secret(obj: &Value, e: &mut Errs) {
    keys(obj, &["data"], e);
    let ty = obj.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let has = |k: &str| obj.pointer(&format!("/data/{k}")).is_some();
    let required: &[&str] = match ty {
        "kubernetes.io/tls" => &["tls.crt", "tls.key"],
        "kubernetes.io/dockerconfigjson" => &[".dockerconfigjson"],
        _ => &[],
    };
    for k in required {
        if !has(k) {
            e.required(&format!("data[{k}]"));
        }
    }
    let sa_annotation = "/metadata/annotations/kubernetes.io~1service-account.name";
    if ty == "kubernetes.io/service-account-token" && obj.pointer(sa_annotation).is_none() {
        e.required("metadata.annotations[kubernetes.io/service-account.name]");
    }
}
