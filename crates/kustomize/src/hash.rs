//! The name suffix of generated ConfigMaps and Secrets: kustomize's hasher. It encodes the
//! object's kind and data as Go's `json.Marshal` would (keys sorted, HTML characters escaped),
//! takes the sha256 and keeps ten hex digits with five of them swapped for letters, so that the
//! suffix never reads as a number. kustomize looks the name up under a path it never finds, so
//! the name always encodes as "".

use kubeplay_core::sort::SortOnce;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The suffix for a ConfigMap or Secret as it stands at the end of the build.
pub fn suffix(obj: &Value) -> String {
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    let mut m = Map::new();
    m.insert("kind".into(), Value::from(kind));
    m.insert("name".into(), Value::from(""));
    let field = |k: &str| obj.get(k).cloned().unwrap_or(Value::from(""));
    m.insert("data".into(), field("data"));
    let extra = if kind == "Secret" {
        m.insert("type".into(), field("type"));
        "stringData"
    } else {
        "binaryData"
    };
    if let Some(v @ Value::Object(_)) = obj.get(extra) {
        m.insert(extra.into(), v.clone());
    }
    encode(&hex256(&go_json(&Value::Object(m))))
}

fn hex256(data: &str) -> String {
    let sum = Sha256::digest(data.as_bytes());
    sum.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first ten hex digits, with 0, 1, 3, a and e replaced (kubectl's hash encoding).
fn encode(hex: &str) -> String {
    hex.chars()
        .take(10)
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

/// Go's `json.Marshal` of a decoded value: map keys sorted, `<`, `>`, `&`, U+2028 and U+2029
/// escaped as `\u00XX`.
pub fn go_json(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

fn write(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_once();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(k, out);
                out.push(':');
                if let Some(v) = m.get(*k) {
                    write(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::String(s) => string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn config_map_suffix_is_kustomizes() {
        // `kubectl kustomize` names this generated ConfigMap cfg-7gdc49gk6d.
        let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"},
            "data": {"b": "2", "a": "1"}});
        assert_eq!(suffix(&cm), "7gdc49gk6d");
    }

    #[test]
    fn go_json_escapes_html() {
        assert_eq!(
            go_json(&json!({"b": "<&>", "a": 1})),
            r#"{"a":1,"b":"\u003c\u0026\u003e"}"#
        );
    }
}
