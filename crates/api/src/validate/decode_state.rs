//! What both decoders share (the one driven by the built-in type table, `decode.rs`, and the one
//! driven by the OpenAPI schema, `decode_schema.rs`): the decoding state with Go's first type
//! mismatch, member order, JSON kind names, field paths and Go's base64 check.

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

pub const QUANTITY_MSG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

#[derive(Default)]
pub struct State {
    /// The first type mismatch (Go keeps decoding after one and reports the first).
    pub type_err: Option<String>,
    /// An error from a custom unmarshaler, which stops decoding at once.
    pub abort: Option<String>,
    pub unknown: Vec<String>,
    /// Where the first type mismatch and the unmarshaler error were (`spec.containers[0].ports`),
    /// with list indexes, for editor markers.
    pub type_at: Option<String>,
    pub abort_at: Option<String>,
    /// Set when the OpenAPI schema has already named and dropped the unknown fields, so the type
    /// table (which leaves some subtrees untyped) only contributes Go's type names.
    pub schema_checked: bool,
}

impl State {
    /// Go's `json: cannot unmarshal X into Go struct field T.a.b of type Y`, kept for the first
    /// mismatch only (Go keeps decoding after one and reports the first).
    pub fn mismatch(&mut self, got: String, shown: &str, parent: &str, names: &[String], ty: &str) {
        if self.type_err.is_none() {
            self.type_at = Some(shown.to_string());
            self.type_err = Some(format!(
                "json: cannot unmarshal {got} into Go struct field {parent}.{} of type {ty}",
                names.join("."),
            ));
        }
    }
}

/// An object's members in the order kubectl's request body has them: kubectl marshals objects
/// from Go maps, so keys arrive sorted, and the server reports unknown fields and the first type
/// mismatch in that order (`spec.containers[0].imagez` before `spec.foo`).
pub fn in_body_order(m: &mut serde_json::Map<String, Value>) -> Vec<(&String, &mut Value)> {
    let mut members: Vec<(&String, &mut Value)> = m.iter_mut().collect();
    members.sort_once_by(|a, b| a.0.cmp(b.0));
    members
}

pub fn json_kind(v: &Value) -> String {
    match v {
        Value::String(_) => "string".into(),
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "bool".into(),
        Value::Array(_) => "array".into(),
        Value::Object(_) => "object".into(),
        Value::Null => "null".into(),
    }
}

/// A field's path as strict errors print it: `spec.containers[0].imagez`.
pub fn join(shown: &str, k: &str) -> String {
    if shown.is_empty() {
        k.to_string()
    } else {
        format!("{shown}.{k}")
    }
}

/// Where Go's padded base64 decoder gives up on `text`, if it does.
pub fn base64_check(text: &str) -> Result<(), usize> {
    let b = text.as_bytes();
    let valid = |c: u8| c.is_ascii_alphanumeric() || c == b'+' || c == b'/';
    let newline = |c: Option<&u8>| matches!(c, Some(b'\n') | Some(b'\r'));
    let mut si = 0;
    loop {
        let mut j = 0;
        while j < 4 {
            let Some(&c) = b.get(si) else {
                return if j == 0 { Ok(()) } else { Err(si - j) };
            };
            si += 1;
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if valid(c) {
                j += 1;
                continue;
            }
            if c != b'=' || j < 2 {
                return Err(si - 1);
            }
            if j == 2 {
                while newline(b.get(si)) {
                    si += 1;
                }
                match b.get(si) {
                    None => return Err(b.len()),
                    Some(b'=') => si += 1,
                    Some(_) => return Err(si - 1),
                }
            }
            while newline(b.get(si)) {
                si += 1;
            }
            return if si < b.len() { Err(si) } else { Ok(()) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::base64_check;

    #[test]
    fn base64_errors_where_go_does() {
        assert_eq!(base64_check("YWRtaW4="), Ok(()));
        assert_eq!(base64_check("YQ=="), Ok(()));
        assert_eq!(base64_check(""), Ok(()));
        assert_eq!(base64_check("admin"), Err(4));
        assert_eq!(base64_check("hello world"), Err(5));
        assert_eq!(base64_check("abc"), Err(0));
    }
}
