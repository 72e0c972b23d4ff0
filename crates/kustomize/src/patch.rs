//! Patches: `patchesStrategicMerge`, `patches` (strategic merge or JSON 6902, with or without a
//! target selector) and `patchesJson6902`. A strategic merge patch merges lists by the keys the
//! kind's schema declares, as the API server's does (the same code, from core).

use crate::load::Files;
use kubeplay_core::api::patch::{json_patch, strategic_merge_with, ListMeta};
use kubeplay_core::api::selector::LabelSelector;
use serde_json::Value;

use crate::load::{join, read_file, read_in_root};
use crate::res::Res;

/// A patch's text: inline, or read from a file of the kustomization's directory.
fn patch_text(fs: &Files, dir: &str, entry: &Value) -> Result<String, String> {
    if let Some(path) = entry.get("path").and_then(Value::as_str) {
        return read_in_root(fs, dir, path);
    }
    Ok(entry
        .get("patch")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string())
}

fn parse(text: &str) -> Result<Vec<Value>, String> {
    crate::yaml12::parse(text).map_err(|e| e.kubectl_message())
}

/// `patchesStrategicMerge`: each entry a file or an inline patch, applied to the object it names.
pub fn strategic_entries(
    fs: &Files,
    dir: &str,
    entries: &[String],
    rs: &mut Vec<Res>,
) -> Result<(), String> {
    for e in entries {
        let local = join(dir, e);
        let text = if fs.read(&local).is_ok() {
            read_in_root(fs, dir, e)?
        } else if e.contains('\n') || e.contains(':') {
            e.clone()
        } else {
            return Err(read_file(fs, &local).err().unwrap_or_default());
        };
        for p in parse(&text)? {
            strategic_by_id(&p, rs)?;
        }
    }
    Ok(())
}

/// `patches`: strategic merge or JSON 6902, to its target or to the object it names.
pub fn patches(fs: &Files, dir: &str, entries: &[Value], rs: &mut Vec<Res>) -> Result<(), String> {
    for e in entries {
        let text = patch_text(fs, dir, e)?;
        let docs = parse(&text)?;
        let target = e.get("target");
        match (docs.first(), target) {
            (Some(Value::Array(_)), Some(t)) => {
                json6902(&docs[0], t, rs)?;
            }
            (Some(Value::Array(_)), None) => {
                return Err("unable to apply JSON patch: a target is required".into())
            }
            (_, Some(t)) => {
                for p in &docs {
                    strategic_to_target(p, t, e.get("options"), rs);
                }
            }
            (_, None) => {
                for p in &docs {
                    strategic_by_id(p, rs)?;
                }
            }
        }
    }
    Ok(())
}

/// `patchesJson6902`: operations for one target.
pub fn json6902_entries(
    fs: &Files,
    dir: &str,
    entries: &[Value],
    rs: &mut [Res],
) -> Result<(), String> {
    for e in entries {
        let text = patch_text(fs, dir, e)?;
        let ops = parse(&text)?
            .into_iter()
            .next()
            .unwrap_or(Value::Array(Vec::new()));
        json6902(&ops, e.get("target").unwrap_or(&Value::Null), rs)?;
    }
    Ok(())
}

fn json6902(ops: &Value, target: &Value, rs: &mut [Res]) -> Result<(), String> {
    for r in rs.iter_mut().filter(|r| selects(target, r)) {
        let mut obj = r.obj.clone();
        apply_ops(&mut obj, ops)?;
        let old_name = r.name().to_string();
        r.obj = obj;
        if old_name != r.name() {
            // The previous name stays known for name references.
            r.prev_names.push(old_name);
        }
    }
    Ok(())
}

/// JSON 6902 operations one by one, so that a failure names its operation as json-patch does.
fn apply_ops(obj: &mut Value, ops: &Value) -> Result<(), String> {
    let Value::Array(list) = ops else {
        return json_patch(obj, ops);
    };
    for op in list {
        json_patch(obj, &Value::Array(vec![op.clone()])).map_err(|e| {
            let name = op.get("op").and_then(Value::as_str).unwrap_or("");
            let path = op.get("path").and_then(Value::as_str).unwrap_or("");
            match (name, e.starts_with("doc is missing path")) {
                ("add", true) => format!(
                    "add operation does not apply: doc is missing path: \"{path}\": missing value"
                ),
                _ => e,
            }
        })?;
    }
    Ok(())
}

/// A strategic merge patch applied to the one object with its kind and name.
fn strategic_by_id(p: &Value, rs: &mut Vec<Res>) -> Result<(), String> {
    let pr = Res::new(p.clone());
    let found = rs.iter().position(|r| {
        (r.kind() == pr.kind() || r.orig_kind == pr.kind())
            && (pr.group().is_empty() || r.group() == pr.group())
            && r.answers_to(pr.name())
            && (pr.namespace().is_empty()
                || r.namespace() == pr.namespace()
                || r.orig_ns == pr.namespace())
    });
    let Some(i) = found else {
        return Err(format!(
            "no resource matches strategic merge patch \"{}\": no matches for Id {}; failed to find unique target for patch {}",
            pr.id(),
            pr.id(),
            pr.id()
        ));
    };
    if p.get("$patch").and_then(Value::as_str) == Some("delete") {
        rs.remove(i);
        return Ok(());
    }
    merge(&mut rs[i], p);
    Ok(())
}

/// A strategic merge patch on every object its target selects; `options` may let it change
/// their names or kinds.
fn strategic_to_target(p: &Value, target: &Value, options: Option<&Value>, rs: &mut Vec<Res>) {
    if p.get("$patch").and_then(Value::as_str) == Some("delete") {
        rs.retain(|r| !selects(target, r));
        return;
    }
    let allows = |k: &str| options.and_then(|o| o.get(k)).and_then(Value::as_bool) == Some(true);
    let new_name = crate::res::str_at(p, &["metadata", "name"]);
    let new_kind = crate::res::str_at(p, &["kind"]);
    for r in rs.iter_mut().filter(|r| selects(target, r)) {
        merge(r, p);
        if allows("allowNameChange") && !new_name.is_empty() {
            r.set_name(new_name);
        }
        if allows("allowKindChange") && !new_kind.is_empty() {
            r.obj["kind"] = Value::from(new_kind);
        }
    }
}

/// Merge `p` into `r`, keeping `r`'s name and namespace (a patch does not rename).
fn merge(r: &mut Res, p: &Value) {
    let mut p = p.clone();
    if let Some(Value::Object(meta)) = p.get_mut("metadata") {
        meta.shift_remove("name");
        meta.shift_remove("namespace");
    }
    if let Value::Object(m) = &mut p {
        m.shift_remove("apiVersion");
        m.shift_remove("kind");
    }
    let (group, version, kind) = (
        r.group().to_string(),
        r.version().to_string(),
        r.kind().to_string(),
    );
    let schema = move |path: &[&str]| {
        // The types kubectl 1.32, which embeds this kustomize, was built with.
        kubeplay_schema::for_version("v1.32.5")
            .list_patch(&group, &version, &kind, path)
            .map(ListMeta::from)
    };
    strategic_merge_with(&mut r.obj, &p, &schema);
    crate::smp_order::reorder(&mut r.obj, &p, &schema);
}

/// Whether a target selector picks `r`: group, version and kind exactly, name and namespace
/// as anchored regular expressions, and the label and annotation selectors.
fn selects(target: &Value, r: &Res) -> bool {
    let s = |k: &str| target.get(k).and_then(Value::as_str).unwrap_or("");
    let exact = |want: &str, have: &str| want.is_empty() || want == have;
    if !exact(s("group"), r.group())
        || !exact(s("version"), r.version())
        || !exact(s("kind"), r.kind())
    {
        return false;
    }
    let name_ok = s("name").is_empty()
        || pattern(s("name"), r.name())
        || pattern(s("name"), &r.orig_name)
        || r.prev_names.iter().any(|n| pattern(s("name"), n));
    let ns_ok = s("namespace").is_empty() || pattern(s("namespace"), r.namespace());
    name_ok
        && ns_ok
        && selector_matches(s("labelSelector"), r.obj.pointer("/metadata/labels"))
        && selector_matches(
            s("annotationSelector"),
            r.obj.pointer("/metadata/annotations"),
        )
}

fn pattern(re: &str, s: &str) -> bool {
    match regex::Regex::new(&format!("^(?:{re})$")) {
        Ok(r) => r.is_match(s),
        Err(_) => re == s,
    }
}

fn selector_matches(sel: &str, labels: Option<&Value>) -> bool {
    if sel.is_empty() {
        return true;
    }
    LabelSelector::parse(sel).is_ok_and(|s| s.matches(labels))
}
