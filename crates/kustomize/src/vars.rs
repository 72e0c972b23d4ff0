//! `vars` (deprecated in kustomize, still honoured): `$(NAME)` in the fields kustomize's var
//! reference table lists (container commands, args, env values and mount paths, Service ports,
//! Ingress hosts, labels and annotations...) becomes a field of another object, read once the
//! build is done, names and hashes included.

use serde_json::Value;

use crate::fieldspec::walk;
use crate::res::Res;

/// Where a pod spec sits, for the pod spec fields below.
const POD_SPECS: &[&str] = &[
    "spec",
    "spec/template/spec",
    "spec/jobTemplate/spec/template/spec",
];

const IN_POD_SPEC: &[&str] = &[
    "containers/command",
    "containers/args",
    "containers/env/value",
    "containers/volumeMounts/mountPath",
    "initContainers/command",
    "initContainers/args",
    "initContainers/env/value",
    "initContainers/volumeMounts/mountPath",
    "volumes/nfs/server",
];

/// Fields of one kind ("" for any).
const OTHERS: &[(&str, &str)] = &[
    ("Service", "spec/ports/port"),
    ("Service", "spec/ports/targetPort"),
    ("Ingress", "spec/rules/host"),
    ("Ingress", "spec/tls/hosts"),
    ("Ingress", "spec/tls/secretName"),
    ("Deployment", "spec/template/metadata/annotations"),
    ("PersistentVolume", "spec/nfs/server"),
    ("StatefulSet", "spec/volumeClaimTemplates/spec/nfs/server"),
    // kustomize's table has it without the pod template's `spec`.
    (
        "CronJob",
        "spec/jobTemplate/spec/template/volumes/nfs/server",
    ),
    ("", "metadata/labels"),
    ("", "metadata/annotations"),
];

/// A var as declared; the object it reads is bound where it is declared (`Res::var_names`).
pub struct Var {
    name: String,
    fieldpath: String,
}

/// The vars of one kustomization, added to those of its bases, each bound to the object of
/// this kustomization its `objref` names.
pub fn collect(entries: &[Value], rs: &mut [Res], vars: &mut Vec<Var>) -> Result<(), String> {
    for v in entries {
        let name = v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if vars.iter().any(|have| have.name == name) {
            return Err(format!("var '{name}' already encountered"));
        }
        let fieldpath = v
            .pointer("/fieldref/fieldpath")
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty())
            .unwrap_or("metadata.name")
            .to_string();
        let objref = v.get("objref").unwrap_or(&Value::Null);
        let r = rs
            .iter_mut()
            .find(|r| names(objref, r))
            .ok_or_else(|| unmapped(&name))?;
        r.var_names.push(name.clone());
        vars.push(Var { name, fieldpath });
    }
    Ok(())
}

/// Resolve every var against the built objects and substitute them.
pub fn resolve(vars: &[Var], rs: &mut [Res]) -> Result<(), String> {
    if vars.is_empty() {
        return Ok(());
    }
    let mut values = Vec::new();
    for v in vars {
        values.push((v.name.clone(), value_of(v, rs)?));
    }
    for r in rs.iter_mut() {
        let kind = r.kind().to_string();
        let mut paths: Vec<String> = Vec::new();
        for pod in POD_SPECS {
            paths.extend(IN_POD_SPEC.iter().map(|p| format!("{pod}/{p}")));
        }
        paths.extend(
            OTHERS
                .iter()
                .filter(|(k, _)| k.is_empty() || *k == kind)
                .map(|(_, p)| p.to_string()),
        );
        for p in &paths {
            let parts: Vec<&str> = p.split('/').collect();
            walk(&mut r.obj, &parts, false, &mut |v| substitute(v, &values));
        }
    }
    Ok(())
}

/// Whether an `objref` names `r`.
fn names(objref: &Value, r: &Res) -> bool {
    let s = |k: &str| objref.get(k).and_then(Value::as_str).unwrap_or("");
    let (group, version) = match s("apiVersion").rsplit_once('/') {
        Some((g, ver)) => (g, ver),
        None => ("", s("apiVersion")),
    };
    r.kind() == s("kind")
        && r.answers_to(s("name"))
        && (group.is_empty() || r.group() == group)
        && (version.is_empty() || r.version() == version)
        && (s("namespace").is_empty()
            || r.namespace() == s("namespace")
            || r.orig_ns == s("namespace"))
}

fn unmapped(name: &str) -> String {
    format!("var '{name}' cannot be mapped to a field in the set of known resources")
}

fn value_of(v: &Var, rs: &[Res]) -> Result<Value, String> {
    let r = rs
        .iter()
        .find(|r| r.var_names.contains(&v.name))
        .ok_or_else(|| unmapped(&v.name))?;
    field(&r.obj, &v.fieldpath).ok_or_else(|| {
        format!(
            "field specified in var '{}' not found in corresponding resource",
            v.name
        )
    })
}

/// A dotted field path with `[N]` indexes (`spec.ports[0].port`).
fn field(obj: &Value, path: &str) -> Option<Value> {
    let mut cur = obj;
    for part in path.split('.') {
        let (key, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            cur = cur.get(key)?;
        }
        for idx in indexes.split(']').filter(|s| !s.is_empty()) {
            let n: usize = idx.trim_start_matches('[').parse().ok()?;
            cur = cur.get(n)?;
        }
    }
    Some(cur.clone())
}

/// `$(NAME)` in a string (or each string of a list) replaced by the var's value; a string that
/// is exactly one reference takes the value itself. `$$` escapes a dollar.
fn substitute(v: &mut Value, values: &[(String, Value)]) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| substitute(i, values)),
        Value::Object(m) => m.values_mut().for_each(|i| substitute(i, values)),
        Value::String(s) => {
            if let Some((_, whole)) = values.iter().find(|(n, _)| *s == format!("$({n})")) {
                *v = whole.clone();
                return;
            }
            *s = expand(s, values);
        }
        _ => {}
    }
}

fn expand(s: &str, values: &[(String, Value)]) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(more) = after.strip_prefix('$') {
            out.push('$');
            rest = more;
            continue;
        }
        let reference = after
            .strip_prefix('(')
            .and_then(|a| a.find(')').map(|end| (&a[..end], &a[end + 1..])));
        match reference.and_then(|(name, tail)| {
            values
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, val)| (val, tail))
        }) {
            Some((val, tail)) => {
                match val {
                    Value::String(t) => out.push_str(t),
                    other => out.push_str(&other.to_string()),
                }
                rest = tail;
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
