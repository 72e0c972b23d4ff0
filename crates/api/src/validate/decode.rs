//! Typed decoding of a request body, as the API server's JSON decoder does it: a value of the wrong
//! JSON type fails with Go's `json: cannot unmarshal ...` message, unknown fields fail under
//! `fieldValidation=Strict` and are dropped otherwise.

use serde_json::Value;

use super::pod::quantity;
use super::schema::{for_kind, S, T};

pub(super) const QUANTITY_MSG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

#[derive(Default)]
pub(super) struct State {
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

/// Check `obj` against the kind's type table and drop unknown fields. On failure, the message of
/// the 400 BadRequest the server answers (`Pod in version "v1" cannot be handled as a Pod: ...`).
pub fn decode(kind: &str, version: &str, obj: &mut Value, strict: bool) -> Result<(), String> {
    decode_in("", kind, version, obj, strict)
}

/// `decode` for a kind of any built-in group: the hand-written table where it names Go's types
/// (`v1.RestartPolicy`), the OpenAPI schema for every other kind.
pub fn decode_in(
    group: &str,
    kind: &str,
    version: &str,
    obj: &mut Value,
    strict: bool,
) -> Result<(), String> {
    let mut st = State::default();
    if !run(group, kind, version, obj, &mut st) {
        return Ok(());
    }
    let prefix = format!("{kind} in version \"{version}\" cannot be handled as a {kind}: ");
    if let Some(e) = st.abort {
        return Err(format!("{prefix}{e}"));
    }
    if let Some(e) = st.type_err {
        return Err(format!("{prefix}{e}"));
    }
    if strict && !st.unknown.is_empty() {
        let list: Vec<String> = st
            .unknown
            .iter()
            .map(|f| format!("unknown field \"{f}\""))
            .collect();
        return Err(format!(
            "{prefix}strict decoding error: {}",
            list.join(", ")
        ));
    }
    Ok(())
}

/// Both walks over `obj`; false when no schema or table knows the kind (nothing was checked).
fn run(group: &str, kind: &str, version: &str, obj: &mut Value, st: &mut State) -> bool {
    let known = super::decode_schema::walk_kind(group, version, kind, obj, st);
    if let Some(table) = for_kind(kind).filter(|_| TABLE_GROUPS.contains(&group)) {
        // The table's type names (`v1.Protocol`) are Go's own; the schema only says `string`.
        st.schema_checked = known;
        let from_schema = st.type_err.take();
        walk_obj(obj, table, &mut Vec::new(), "", st);
        // A mismatch inside a subtree the table leaves untyped: the schema's words stand.
        st.type_err = st.type_err.take().or(from_schema);
        return true;
    }
    known
}

/// Every decoding problem of `obj` with the field path it is about (list indexes included), for
/// editor markers: the error that stops decoding (if any), then each unknown field. The messages
/// are those the server's error is made of, without its `... cannot be handled as ...` prefix.
pub fn problems(group: &str, kind: &str, version: &str, obj: &Value) -> Vec<(String, String)> {
    let mut copy = obj.clone();
    let mut st = State::default();
    if !run(group, kind, version, &mut copy, &mut st) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(e) = st.abort {
        out.push((st.abort_at.unwrap_or_default(), e));
    } else if let Some(e) = st.type_err {
        out.push((st.type_at.unwrap_or_default(), e));
    }
    for f in st.unknown {
        let msg = format!("unknown field \"{f}\"");
        out.push((f, msg));
    }
    out
}

/// The API server's answer to a strategic merge patch under `fieldValidation=Strict` whose result
/// has unknown fields: it converts the patched map to the Go type and lists them, with no
/// `... cannot be handled as ...` prefix. Type errors are not judged here, nor fields the stored
/// object (`before`) already had, which the patch did not bring.
pub fn strict_patch_error(
    group: &str,
    kind: &str,
    version: &str,
    patched: &Value,
    before: &Value,
) -> Option<String> {
    let old = problems(group, kind, version, before);
    let unknown: Vec<String> = problems(group, kind, version, patched)
        .into_iter()
        .filter(|(_, msg)| msg.starts_with("unknown field "))
        .filter(|p| !old.contains(p))
        .map(|(_, msg)| msg)
        .collect();
    if unknown.is_empty() {
        None
    } else {
        Some(format!("strict decoding error: {}", unknown.join(", ")))
    }
}

/// The groups of the kinds the hand-written table covers (core, apps, batch, networking, rbac).
const TABLE_GROUPS: [&str; 5] = [
    "",
    "apps",
    "batch",
    "networking.k8s.io",
    "rbac.authorization.k8s.io",
];

/// An object's members in the order kubectl's request body has them: kubectl marshals objects
/// from Go maps, so keys arrive sorted, and the server reports unknown fields and the first type
/// mismatch in that order (`spec.containers[0].imagez` before `spec.foo`).
pub(super) fn in_body_order(m: &mut serde_json::Map<String, Value>) -> Vec<(&String, &mut Value)> {
    let mut members: Vec<(&String, &mut Value)> = m.iter_mut().collect();
    members.sort_by(|a, b| a.0.cmp(b.0));
    members
}

pub(super) fn json_kind(v: &Value) -> String {
    match v {
        Value::String(_) => "string".into(),
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "bool".into(),
        Value::Array(_) => "array".into(),
        Value::Object(_) => "object".into(),
        Value::Null => "null".into(),
    }
}

/// `names` is the dotted JSON path Go prints (no indexes); `shown` the strict-error path (with).
fn walk_obj(v: &mut Value, s: &S, names: &mut Vec<String>, shown: &str, st: &mut State) {
    let Some(m) = v.as_object_mut() else { return };
    let mut unknown = Vec::new();
    for (k, child) in in_body_order(m) {
        let Some((_, t)) = s.fields.iter().find(|(n, _)| n == k) else {
            if st.schema_checked {
                continue;
            }
            unknown.push(k.clone());
            st.unknown.push(join(shown, k));
            continue;
        };
        names.push(k.clone());
        walk(child, t, s, names, &join(shown, k), st);
        names.pop();
    }
    for k in unknown {
        m.shift_remove(&k);
    }
}

fn join(shown: &str, k: &str) -> String {
    if shown.is_empty() {
        k.to_string()
    } else {
        format!("{shown}.{k}")
    }
}

fn mismatch(st: &mut State, got: String, parent: &S, names: &[String], shown: &str, t: &T) {
    if st.type_err.is_none() {
        st.type_at = Some(shown.to_string());
        st.type_err = Some(format!(
            "json: cannot unmarshal {got} into Go struct field {}.{} of type {}",
            parent.name,
            names.join("."),
            t.go()
        ));
    }
}

fn walk(v: &mut Value, t: &T, parent: &S, names: &mut Vec<String>, shown: &str, st: &mut State) {
    if v.is_null() {
        return;
    }
    match t {
        T::Any => {}
        T::Str(_) => {
            if !v.is_string() {
                mismatch(st, json_kind(v), parent, names, shown, t);
            }
        }
        T::Bool => {
            if !v.is_boolean() {
                mismatch(st, json_kind(v), parent, names, shown, t);
            }
        }
        T::Int(bits) => match v {
            Value::Number(n) => {
                let fits = match n.as_i64() {
                    Some(i) if *bits == "int32" => i32::try_from(i).is_ok(),
                    Some(_) => true,
                    None => false,
                };
                if !fits {
                    mismatch(st, format!("number {n}"), parent, names, shown, t);
                }
            }
            other => {
                let k = json_kind(other);
                mismatch(st, k, parent, names, shown, t);
            }
        },
        T::Quantity => {
            let ok = matches!(v, Value::String(_) | Value::Number(_)) && quantity(v).is_some();
            if !ok && st.abort.is_none() {
                st.abort = Some(QUANTITY_MSG.to_string());
                st.abort_at = Some(shown.to_string());
            }
        }
        T::Bytes => match v {
            Value::String(text) => {
                if let Err(at) = base64_check(text) {
                    if st.abort.is_none() {
                        st.abort = Some(format!("illegal base64 data at input byte {at}"));
                        st.abort_at = Some(shown.to_string());
                    }
                }
            }
            other => {
                let k = json_kind(other);
                mismatch(st, k, parent, names, shown, t);
            }
        },
        T::Obj(s) => {
            if v.is_object() {
                walk_obj(v, s, names, shown, st);
            } else {
                mismatch(st, json_kind(v), parent, names, shown, t);
            }
        }
        T::Arr(elem) => match v {
            Value::Array(items) => {
                for (i, it) in items.iter_mut().enumerate() {
                    walk(it, elem, parent, names, &format!("{shown}[{i}]"), st);
                }
            }
            other => {
                let k = json_kind(other);
                mismatch(st, k, parent, names, shown, t);
            }
        },
        T::Map(elem) => match v {
            Value::Object(m) => {
                for (k, it) in in_body_order(m) {
                    walk(it, elem, parent, names, &format!("{shown}.{k}"), st);
                }
            }
            other => {
                let k = json_kind(other);
                mismatch(st, k, parent, names, shown, t);
            }
        },
    }
}

/// Where Go's padded base64 decoder gives up on `text`, if it does.
pub(super) fn base64_check(text: &str) -> Result<(), usize> {
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
