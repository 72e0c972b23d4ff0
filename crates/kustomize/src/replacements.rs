//! `replacements`: copy a field of one object (the source, by default its name) into fields of
//! others, as kustomize's replacement transformer does. Field paths are dot-separated, with
//! `[key=value]` picking list elements by a field, a number picking one by index and `*` every
//! element or value.

use crate::load::Files;
use kubeplay_core::api::selector::LabelSelector;
use serde_json::{Map, Value};

use crate::load::read_in_root;
use crate::res::Res;

/// The replacements of one kustomization, applied in order.
pub fn apply(fs: &Files, dir: &str, entries: &[Value], rs: &mut [Res]) -> Result<(), String> {
    for e in entries {
        for r in expand(fs, dir, e)? {
            one(&r, rs)?;
        }
    }
    Ok(())
}

/// An entry: inline, or a file holding one replacement or a list of them.
fn expand(fs: &Files, dir: &str, e: &Value) -> Result<Vec<Value>, String> {
    let Some(path) = e.get("path").and_then(Value::as_str) else {
        return Ok(vec![e.clone()]);
    };
    let text = read_in_root(fs, dir, path)?;
    let docs = crate::yaml12::parse(&text).map_err(|e| e.kubectl_message())?;
    Ok(docs
        .into_iter()
        .flat_map(|d| match d {
            Value::Array(items) => items,
            other => vec![other],
        })
        .collect())
}

fn one(r: &Value, rs: &mut [Res]) -> Result<(), String> {
    let (Some(source), Some(Value::Array(targets))) = (r.get("source"), r.get("targets")) else {
        return Err("replacements must specify a source and at least one target".into());
    };
    let value = source_value(source, rs)?;
    for t in targets {
        let Some(select) = t.get("select") else {
            return Err("target must specify resources to select".into());
        };
        let rejects = t
            .get("reject")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let paths = field_paths(t);
        let options = t.get("options").unwrap_or(&Value::Null);
        for res in rs.iter_mut() {
            let rejected = rejects
                .iter()
                .any(|rej| !is_empty_id(rej) && selected(rej, res))
                || rejects
                    .iter()
                    .any(|rej| has_selectors(rej) && selector_match(rej, res));
            if !selected(select, res) || !selector_match(select, res) || rejected {
                continue;
            }
            for p in &paths {
                set_all(&mut res.obj, p, &value, options)?;
            }
        }
    }
    Ok(())
}

fn field_paths(t: &Value) -> Vec<String> {
    match t.get("fieldPaths").and_then(Value::as_array) {
        Some(ps) if !ps.is_empty() => ps
            .iter()
            .filter_map(|p| p.as_str().map(String::from))
            .collect(),
        _ => vec!["metadata.name".into()],
    }
}

/// The source's value at its field path, cut by its delimiter option.
fn source_value(source: &Value, rs: &[Res]) -> Result<Value, String> {
    let mut found = rs.iter().filter(|r| selected(source, r));
    let (Some(res), None) = (found.next(), found.next()) else {
        let n = rs.iter().filter(|r| selected(source, r)).count();
        return Err(match n {
            0 => format!("nothing selected by {}", id_text(source)),
            _ => format!("multiple matches for selector {}", id_text(source)),
        });
    };
    let path = source
        .get("fieldPath")
        .and_then(Value::as_str)
        .unwrap_or("metadata.name");
    let mut hits = Vec::new();
    let mut obj = res.obj.clone();
    visit(&mut obj, &split_path(path), false, &mut |v| {
        hits.push(v.clone())
    });
    let value = match hits.into_iter().next() {
        Some(v) if !is_nil_or_empty(&v) => v,
        _ => {
            return Err(format!(
                "fieldPath `{path}` is missing for replacement source {}",
                id_text(source)
            ))
        }
    };
    let options = source.get("options").unwrap_or(&Value::Null);
    let delimiter = options
        .get("delimiter")
        .and_then(Value::as_str)
        .unwrap_or("");
    if delimiter.is_empty() {
        return Ok(value);
    }
    let text = scalar_text(&value).ok_or("delimiter option can only be used with scalar nodes")?;
    let index = options.get("index").and_then(Value::as_i64).unwrap_or(0);
    let parts: Vec<&str> = text.split(delimiter).collect();
    match usize::try_from(index).ok().and_then(|i| parts.get(i)) {
        Some(p) => Ok(Value::from(*p)),
        None => Err(format!(
            "options.index {index} is out of bounds for value {text}"
        )),
    }
}

fn is_nil_or_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Write `value` at every field `path` reaches in `obj` (creating it if the options say so).
fn set_all(obj: &mut Value, path: &str, value: &Value, options: &Value) -> Result<(), String> {
    let create = options
        .get("create")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let delimiter = options
        .get("delimiter")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let index = options.get("index").and_then(Value::as_i64).unwrap_or(0);
    let mut count = 0;
    let mut failed = None;
    visit(obj, &split_path(path), create, &mut |target| {
        count += 1;
        match delimited(target, value, &delimiter, index) {
            Ok(v) => set_scalar_aware(target, v),
            Err(e) => failed = Some(e),
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if count == 0 {
        let what = if create { "find or create" } else { "find" };
        return Err(format!(
            "unable to {what} field \"{path}\" in replacement target"
        ));
    }
    Ok(())
}

/// The value with the target's own delimited parts around it.
fn delimited(target: &Value, value: &Value, delimiter: &str, index: i64) -> Result<Value, String> {
    if delimiter.is_empty() {
        return Ok(value.clone());
    }
    let t = match target {
        Value::Null => String::new(),
        t => scalar_text(t).ok_or("delimiter option can only be used with scalar nodes")?,
    };
    let v = scalar_text(value).unwrap_or_default();
    let mut parts: Vec<String> = t.split(delimiter).map(String::from).collect();
    match usize::try_from(index) {
        Err(_) => parts.insert(0, v),
        Ok(i) if i >= parts.len() => parts.push(v),
        Ok(i) => parts[i] = v,
    }
    Ok(Value::from(parts.join(delimiter)))
}

/// A scalar target keeps its type (kustomize replaces only the text of the YAML node).
fn set_scalar_aware(target: &mut Value, value: Value) {
    *target = match (&*target, scalar_text(&value)) {
        (Value::String(_), Some(text)) => Value::from(text),
        (Value::Number(_), Some(text)) => match text.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => text.parse::<f64>().map_or(Value::from(text), Value::from),
        },
        (Value::Bool(_), Some(text)) => match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::from(text),
        },
        _ => value,
    };
}

/// kustomize's path splitting: on dots outside brackets.
fn split_path(path: &str) -> Vec<String> {
    kubeplay_core::split::split_outside(path, '.', '[', ']')
}

fn visit(v: &mut Value, path: &[String], create: bool, f: &mut dyn FnMut(&mut Value)) {
    let Some((seg, rest)) = path.split_first() else {
        f(v);
        return;
    };
    if let Some(inner) = seg.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        return visit_keyed(v, inner, rest, create, f);
    }
    match v {
        Value::Array(items) => {
            if seg == "*" {
                items.iter_mut().for_each(|i| visit(i, rest, create, f));
            } else if let Some(item) = seg.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                visit(item, rest, create, f);
            }
        }
        Value::Object(m) if seg == "*" => m.values_mut().for_each(|c| visit(c, rest, create, f)),
        Value::Object(m) => {
            if !m.contains_key(seg.as_str()) {
                if !create {
                    return;
                }
                let fresh = if rest.is_empty() {
                    Value::Null
                } else {
                    Value::Object(Map::new())
                };
                m.insert(seg.clone(), fresh);
            }
            if let Some(child) = m.get_mut(seg.as_str()) {
                visit(child, rest, create, f);
            }
        }
        Value::Null if create => {
            *v = Value::Object(Map::new());
            visit(v, path, create, f);
        }
        _ => {}
    }
}

/// `[key=value]`: the list elements whose field matches (a new one when creating).
fn visit_keyed(
    v: &mut Value,
    inner: &str,
    rest: &[String],
    create: bool,
    f: &mut dyn FnMut(&mut Value),
) {
    let Some((key, want)) = inner.split_once('=') else {
        // `[a.b/c]`: a key written in brackets.
        if let Value::Object(m) = v {
            if let Some(child) = m.get_mut(inner) {
                visit(child, rest, create, f);
            }
        }
        return;
    };
    let Value::Array(items) = v else { return };
    let matches = |i: &Value| match key {
        "" => scalar_text(i).as_deref() == Some(want),
        k => i.get(k).and_then(scalar_text).as_deref() == Some(want),
    };
    if create && !items.iter().any(matches) && !key.is_empty() {
        let mut m = Map::new();
        m.insert(key.to_string(), Value::from(want));
        items.push(Value::Object(m));
    }
    for item in items.iter_mut().filter(|i| matches(i)) {
        visit(item, rest, create, f);
    }
}

/// Whether a selector's id fields (group, version, kind, name, namespace) all match `r`,
/// by any name it has had.
fn selected(sel: &Value, r: &Res) -> bool {
    let s = |k: &str| sel.get(k).and_then(Value::as_str).unwrap_or("");
    let ok = |want: &str, have: &str| want.is_empty() || want == have;
    ok(s("group"), r.group())
        && ok(s("version"), r.version())
        && ok(s("kind"), r.kind())
        && (s("name").is_empty() || r.answers_to(s("name")))
        && (s("namespace").is_empty()
            || r.namespace() == s("namespace")
            || r.orig_ns == s("namespace"))
}

fn is_empty_id(sel: &Value) -> bool {
    ["group", "version", "kind", "name", "namespace"]
        .iter()
        .all(|k| sel.get(k).and_then(Value::as_str).unwrap_or("").is_empty())
}

fn has_selectors(sel: &Value) -> bool {
    ["labelSelector", "annotationSelector"]
        .iter()
        .any(|k| !sel.get(k).and_then(Value::as_str).unwrap_or("").is_empty())
}

fn selector_match(sel: &Value, r: &Res) -> bool {
    let check = |field: &str, at: &str| {
        let text = sel.get(field).and_then(Value::as_str).unwrap_or("");
        text.is_empty() || LabelSelector::parse(text).is_ok_and(|s| s.matches(r.obj.pointer(at)))
    };
    check("labelSelector", "/metadata/labels")
        && check("annotationSelector", "/metadata/annotations")
}

/// A selector as kustomize prints a ResId: `Kind.version.group/name.namespace`.
fn id_text(sel: &Value) -> String {
    let s = |k: &str, missing: &'static str| match sel.get(k).and_then(Value::as_str) {
        Some(v) if !v.is_empty() => v.to_string(),
        _ => missing.to_string(),
    };
    format!(
        "{}.{}.{}/{}.{}",
        s("kind", "[noKind]"),
        s("version", "[noVer]"),
        s("group", "[noGrp]"),
        s("name", "[noName]"),
        s("namespace", "[noNs]")
    )
}
