//! configMapGenerator and secretGenerator: objects made from literals, files and env files,
//! with the kustomization's generatorOptions, marked for the hash suffix unless disabled, and
//! merged into or replacing an object of the same name from a base when their behavior says so.

use crate::load::Files;
use base64::Engine;
use serde_json::{json, Map, Value};

use crate::kustomization::{scalar, string_pairs, Kustomization};
use crate::load::read_in_root;
use crate::res::{Behavior, Res};

/// The generators of one kustomization, ConfigMaps first, merged into `rs`.
pub fn run(fs: &Files, dir: &str, k: &Kustomization, rs: &mut Vec<Res>) -> Result<(), String> {
    let defaults = k.get("generatorOptions").cloned().unwrap_or(Value::Null);
    for (field, kind) in [
        ("configMapGenerator", "ConfigMap"),
        ("secretGenerator", "Secret"),
    ] {
        for entry in k.list(field) {
            let r = generate(fs, dir, kind, entry, &defaults)?;
            absorb(r, rs)?;
        }
    }
    Ok(())
}

fn generate(fs: &Files, dir: &str, kind: &str, e: &Value, defaults: &Value) -> Result<Res, String> {
    let s = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let pairs = sources(fs, dir, e, &s("name"))?;
    let mut meta = Map::new();
    meta.insert("name".into(), Value::from(s("name")));
    if !s("namespace").is_empty() {
        meta.insert("namespace".into(), Value::from(s("namespace")));
    }
    let options = e.get("options").unwrap_or(&Value::Null);
    for field in ["labels", "annotations"] {
        let mut all = string_pairs(defaults.get(field));
        all.extend(string_pairs(options.get(field)));
        if !all.is_empty() {
            let m: Map<String, Value> = all.into_iter().map(|(k, v)| (k, Value::from(v))).collect();
            meta.insert(field.into(), Value::Object(m));
        }
    }
    let mut obj = json!({"apiVersion": "v1", "kind": kind, "metadata": meta});
    let data: Map<String, Value> = pairs
        .into_iter()
        .map(|(k, v)| {
            let v = match kind {
                "Secret" => encode_base64(&v),
                _ => v,
            };
            (k, Value::from(v))
        })
        .collect();
    if !data.is_empty() {
        obj["data"] = Value::Object(data);
    }
    if kind == "Secret" {
        let ty = match s("type") {
            t if t.is_empty() => "Opaque".to_string(),
            t => t,
        };
        obj["type"] = Value::from(ty);
    }
    let flag = |o: &Value, k: &str| o.get(k).and_then(Value::as_bool);
    if flag(options, "immutable").or(flag(defaults, "immutable")) == Some(true) {
        obj["immutable"] = Value::Bool(true);
    }
    let mut r = Res::new(obj);
    let disabled = flag(options, "disableNameSuffixHash")
        .or(flag(defaults, "disableNameSuffixHash"))
        .unwrap_or(false);
    r.hashed = !disabled;
    r.behavior = match s("behavior").as_str() {
        "" | "create" => Behavior::Create,
        "merge" => Behavior::Merge,
        "replace" => Behavior::Replace,
        other => {
            return Err(format!(
                "invalid behavior '{other}' (should be create, merge or replace)"
            ))
        }
    };
    Ok(r)
}

/// A Secret value as kustomize encodes it: base64 cut in lines of 70 characters, each ending
/// in a newline, once the text is 70 characters or longer.
fn encode_base64(v: &str) -> String {
    const LINE: usize = 70;
    let enc = base64::engine::general_purpose::STANDARD.encode(v.as_bytes());
    if enc.len() < LINE {
        return enc;
    }
    let mut out = String::with_capacity(enc.len() + enc.len() / LINE + 1);
    for chunk in enc.as_bytes().chunks(LINE) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out
}

/// The key/value pairs of a generator: literals, then files, then env files, as kustomize
/// reads them; a key given twice is an error.
fn sources(fs: &Files, dir: &str, e: &Value, name: &str) -> Result<Vec<(String, String)>, String> {
    let list = |k: &str| -> Vec<String> {
        match e.get(k) {
            Some(Value::Array(items)) => items.iter().map(scalar).collect(),
            Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let mut out: Vec<(String, String)> = Vec::new();
    let literals = list("literals");
    for l in &literals {
        let (k, v) = l.split_once('=').filter(|(k, _)| !k.is_empty()).ok_or_else(|| {
            format!(
                "loading KV pairs: literal sources [{}]: invalid literal source {l}, expected key=value",
                literals.join(" ")
            )
        })?;
        push(&mut out, k, unquote(v), name)?;
    }
    let files = list("files");
    for f in &files {
        let (key, path) = match f.split_once('=') {
            Some((k, p)) => (k.to_string(), p.to_string()),
            None => (f.rsplit('/').next().unwrap_or(f).to_string(), f.clone()),
        };
        let text = read_in_root(fs, dir, &path)
            .map_err(|e| format!("loading KV pairs: file sources: [{}]: {e}", files.join(" ")))?;
        push(&mut out, &key, text, name)?;
    }
    let mut envs = list("envs");
    envs.extend(list("env"));
    for f in &envs {
        let text = read_in_root(fs, dir, f).map_err(|e| {
            format!(
                "loading KV pairs: env source files: [{}]: {e}",
                envs.join(" ")
            )
        })?;
        for (k, v) in env_pairs(&text) {
            push(&mut out, &k, v, name)?;
        }
    }
    Ok(out)
}

/// Add a key, refusing one given twice (kustomize says "configmap" for Secrets too).
fn push(out: &mut Vec<(String, String)>, k: &str, v: String, name: &str) -> Result<(), String> {
    if out.iter().any(|(have, _)| have == k) {
        return Err(format!("configmap {name} illegally repeats the key `{k}`"));
    }
    out.push((k.to_string(), v));
    Ok(())
}

/// A literal's value without the quotes around it.
fn unquote(v: &str) -> String {
    let quoted = v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')));
    match quoted {
        true => v[1..v.len() - 1].to_string(),
        false => v.to_string(),
    }
}

/// `KEY=VALUE` lines of an env file, leading blanks dropped; blank lines and `#` comments
/// skipped. A line without `=` names a variable of kustomize's environment, which here has none.
fn env_pairs(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|l| l.trim_start())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// Add a generated object: a new one, or one merged into or replacing its base's.
fn absorb(mut g: Res, rs: &mut Vec<Res>) -> Result<(), String> {
    let same = |r: &Res| {
        let ns = g.namespace();
        r.kind() == g.kind()
            && r.answers_to(&g.orig_name)
            && (ns.is_empty() || r.namespace() == ns || r.orig_ns == ns)
    };
    let found = rs.iter().position(same);
    match (g.behavior, found) {
        (Behavior::Create, Some(_)) => Err(format!(
            "merging from generator {}: id {} exists; behavior must be merge or replace",
            g.kind(),
            g.id()
        )),
        (Behavior::Create, None) => {
            rs.push(g);
            Ok(())
        }
        (_, None) => Err(format!(
            "merging from generator: id resid.ResId{{Gvk:resid.Gvk{{Group:\"\", Version:\"v1\", Kind:\"{}\", isClusterScoped:false}}, Name:\"{}\", Namespace:\"{}\"}} does not exist; cannot merge or replace",
            g.kind(),
            g.orig_name,
            g.namespace()
        )),
        (behavior, Some(i)) => {
            let base = &mut rs[i];
            if behavior == Behavior::Merge {
                merge_into(&mut g.obj, &base.obj);
            }
            g.obj["metadata"]["name"] = Value::from(base.name());
            g.orig_name = base.orig_name.clone();
            g.prev_names = base.prev_names.clone();
            g.moved = base.moved;
            g.var_names = base.var_names.clone();
            g.prefixes = base.prefixes.clone();
            g.suffixes = base.suffixes.clone();
            // An overlay's generator can turn the suffix off, not on.
            g.hashed = g.hashed && base.hashed;
            rs[i] = g;
            Ok(())
        }
    }
}

/// The base's data, labels and annotations kept under the generator's own.
fn merge_into(g: &mut Value, base: &Value) {
    for path in [
        &["data"][..],
        &["metadata", "labels"],
        &["metadata", "annotations"],
    ] {
        let Some(Value::Object(old)) = path.iter().try_fold(base, |v, k| v.get(k)) else {
            continue;
        };
        let mut merged = old.clone();
        if let Some(Value::Object(new)) = path.iter().try_fold(&*g, |v, k| v.get(k)) {
            for (k, v) in new {
                merged.insert(k.clone(), v.clone());
            }
        }
        let mut cur = &mut *g;
        for k in path {
            cur = &mut cur[*k];
        }
        *cur = Value::Object(merged);
    }
}
