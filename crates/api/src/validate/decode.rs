//! Typed decoding of a request body, as the API server's JSON decoder does it: a value of the wrong
//! JSON type fails with Go's `json: cannot unmarshal ...` message, unknown fields fail under
//! `fieldValidation=Strict` and are dropped otherwise.

use kubeplay_schema::Schema;
use serde_json::Value;

use super::decode_state::{base64_check, in_body_order, join, json_kind, State, QUANTITY_MSG};
use super::pod::quantity;
use super::schema::{for_kind, S, T};

/// Check `obj` against the kind's type table and drop unknown fields. On failure, the message of
/// the 400 BadRequest the server answers (`Pod in version "v1" cannot be handled as a Pod: ...`).
#[cfg(test)]
pub fn decode(kind: &str, version: &str, obj: &mut Value, strict: bool) -> Result<(), String> {
    decode_in(
        kubeplay_schema::for_version("v1.32.0"),
        "",
        kind,
        version,
        obj,
        strict,
    )
}

/// `decode` for a kind of any built-in group: the hand-written table where it names Go's types
/// (`v1.RestartPolicy`), the OpenAPI schema for every other kind.
pub fn decode_in(
    schema: &Schema,
    group: &str,
    kind: &str,
    version: &str,
    obj: &mut Value,
    strict: bool,
) -> Result<(), String> {
    let mut st = State::default();
    if !run(schema, group, kind, version, obj, &mut st) {
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
fn run(
    schema: &Schema,
    group: &str,
    kind: &str,
    version: &str,
    obj: &mut Value,
    st: &mut State,
) -> bool {
    let known = super::decode_schema::walk_kind(schema, group, version, kind, obj, st);
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
pub fn problems(
    schema: &Schema,
    group: &str,
    kind: &str,
    version: &str,
    obj: &Value,
) -> Vec<(String, String)> {
    let mut copy = obj.clone();
    let mut st = State::default();
    if !run(schema, group, kind, version, &mut copy, &mut st) {
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
    schema: &Schema,
    group: &str,
    kind: &str,
    version: &str,
    patched: &Value,
    before: &Value,
) -> Option<String> {
    let old = problems(schema, group, kind, version, before);
    let unknown: Vec<String> = problems(schema, group, kind, version, patched)
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

fn mismatch(st: &mut State, got: String, parent: &S, names: &[String], shown: &str, t: &T) {
    st.mismatch(got, shown, parent.name, names, &t.go());
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
