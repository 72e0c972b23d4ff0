//! Mapping keys: sigs.k8s.io/yaml's conversion of non-string keys, and the Go-formatted values
//! its errors print.

use serde_json::Value;

use super::error::YamlError;
use super::resolve::{resolve_plain, Resolved};

/// A key as text, or (type and key as Go prints them) why sigs.k8s.io/yaml refuses it; that
/// error is reported once the value is known, since it names the value.
pub type KeyText = Result<String, String>;

const NIL_KEY: &str = "%!s(<nil>), key: <nil>";

/// sigs.k8s.io/yaml's rendering of a non-string key.
pub fn key_from_scalar(text: &str, plain: bool, tag: Option<&str>) -> Result<KeyText, YamlError> {
    if !plain || matches!(tag, Some("str") | Some("custom") | Some("binary")) {
        return Ok(Ok(text.to_string()));
    }
    Ok(Ok(match resolve_plain(text) {
        Resolved::Null => return Ok(Err(NIL_KEY.into())),
        Resolved::Bool(b) => b.to_string(),
        Resolved::Int(i) => i.to_string(),
        Resolved::Uint(u) => return Ok(Err(format!("uint64, key: 0x{u:x}"))),
        Resolved::Float(f) => super::go_float::go_format_float32(f),
        Resolved::Timestamp | Resolved::Str => text.to_string(),
    }))
}

pub fn key_from_json(v: &Value) -> Result<KeyText, YamlError> {
    Ok(Ok(match v {
        Value::Null => return Ok(Err(NIL_KEY.into())),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => return Err(invalid_key(other)),
    }))
}

/// go-yaml refuses collections as keys of a map decoded into interface{}.
pub fn invalid_key(v: &Value) -> YamlError {
    YamlError::at(None, format!("invalid map key: {}", go_sharp_v(v)))
}

/// Go's `%#v` of a decoded YAML value, as go-yaml and sigs.k8s.io/yaml print it in key errors.
pub fn go_sharp_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        other => go_sharp_v_inner(other),
    }
}

/// Inside a collection a nil is a typed interface value.
fn go_sharp_v_inner(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(go_sharp_v_inner).collect();
            format!("[]interface {{}}{{{}}}", parts.join(", "))
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            // The YAML layer stands below core (and its `SortOnce`); two sorts here cost little.
            #[allow(clippy::disallowed_methods)]
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| {
                    let val = map.get(*k).map(go_sharp_v_inner).unwrap_or_default();
                    format!("{}:{val}", serde_json::to_string(k).unwrap_or_default())
                })
                .collect();
            format!("map[interface {{}}]interface {{}}{{{}}}", parts.join(", "))
        }
    }
}
