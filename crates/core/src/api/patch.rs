//! The three patch kinds the API server accepts: JSON merge (RFC 7386), JSON patch (RFC 6902) and
//! strategic merge, whose lists merge by key (`containers` by `name`, `ports` by port, ...).

use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchKind {
    Merge,
    Json,
    Strategic,
    Apply,
}

impl PatchKind {
    pub fn from_content_type(ct: &str) -> Option<PatchKind> {
        let base = ct.split(';').next().unwrap_or("").trim();
        Some(match base {
            "application/merge-patch+json" => PatchKind::Merge,
            "application/json-patch+json" => PatchKind::Json,
            "application/strategic-merge-patch+json" => PatchKind::Strategic,
            "application/apply-patch+yaml" => PatchKind::Apply,
            _ => return None,
        })
    }
}

pub fn merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            if let Value::Object(t) = target {
                for (k, v) in p {
                    if v.is_null() {
                        t.shift_remove(k);
                    } else {
                        merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                    }
                }
            }
        }
        other => *target = other.clone(),
    }
}

/// The key a strategic merge uses for a list field, where Kubernetes declares one.
pub fn merge_key(field: &str, items: &[Value]) -> Option<&'static str> {
    Some(match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets"
        | "resourceClaims" => "name",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "conditions" => "type",
        "hostAliases" => "ip",
        "ownerReferences" => "uid",
        "topologySpreadConstraints" => "topologyKey",
        "ports" => {
            let has_container_port = items.iter().any(|i| i.get("containerPort").is_some());
            if has_container_port {
                "containerPort"
            } else {
                "port"
            }
        }
        _ => return None,
    })
}

/// Lists of scalars that merge as sets rather than being replaced.
fn is_merged_scalar_list(field: &str) -> bool {
    matches!(field, "finalizers")
}

/// How the schema says a list field merges (`x-kubernetes-patch-strategy` and
/// `x-kubernetes-patch-merge-key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMeta {
    /// The strategy includes `merge`; otherwise the list is replaced whole.
    pub merge: bool,
    /// The key elements are matched by; none for lists of scalars merged as sets.
    pub key: Option<String>,
}

/// From what a schema reads of a field: whether it merges, and its key.
impl From<(bool, Option<&str>)> for ListMeta {
    fn from((merge, key): (bool, Option<&str>)) -> Self {
        ListMeta {
            merge,
            key: key.map(String::from),
        }
    }
}

/// What the kind's schema says of the list at a path of field names (`["spec", "containers"]`);
/// None where the schema does not know the field, and then field names decide
/// (`merge_key`).
pub type Schema<'a> = &'a dyn Fn(&[&str]) -> Option<ListMeta>;

/// Strategic merge by field names alone (for callers without the kind's schema).
pub fn strategic_merge(target: &mut Value, patch: &Value) {
    strategic_merge_with(target, patch, &|_: &[&str]| None);
}

/// Strategic merge with the kind's schema: lists merge or are replaced as it says.
pub fn strategic_merge_with(target: &mut Value, patch: &Value, schema: Schema) {
    merge_at(target, patch, schema, &mut Vec::new());
}

/// How the list `field` at `path` merges: by a key, as a set, or not at all.
fn list_meta(schema: Schema, path: &[&str], field: &str, items: &[Value]) -> ListMeta {
    let mut full = path.to_vec();
    full.push(field);
    schema(&full).unwrap_or_else(|| match merge_key(field, items) {
        Some(key) => ListMeta {
            merge: true,
            key: Some(key.to_string()),
        },
        None => ListMeta {
            merge: is_merged_scalar_list(field),
            key: None,
        },
    })
}

fn merge_at<'p>(target: &mut Value, patch: &'p Value, schema: Schema, path: &mut Vec<&'p str>) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if p.get("$patch").and_then(|v| v.as_str()) == Some("replace") {
        let mut clean = p.clone();
        clean.shift_remove("$patch");
        *target = Value::Object(clean);
        return;
    }
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(t) = target else { return };
    for (k, v) in p {
        if let Some(field) = k.strip_prefix("$deleteFromPrimitiveList/") {
            if let (Some(Value::Array(cur)), Value::Array(del)) = (t.get_mut(field), v) {
                cur.retain(|x| !del.contains(x));
            }
            continue;
        }
        if k.starts_with('$') {
            continue;
        }
        match v {
            Value::Null => {
                t.shift_remove(k);
            }
            Value::Array(items) => {
                let meta = list_meta(schema, path, k, items);
                match (t.get_mut(k), meta) {
                    (
                        Some(Value::Array(cur)),
                        ListMeta {
                            merge: true,
                            key: Some(key),
                        },
                    ) => {
                        path.push(k);
                        merge_list_by_key(cur, items, &key, schema, path);
                        path.pop();
                    }
                    (
                        Some(Value::Array(cur)),
                        ListMeta {
                            merge: true,
                            key: None,
                        },
                    ) => {
                        for i in items {
                            if !cur.contains(i) {
                                cur.push(i.clone());
                            }
                        }
                    }
                    _ => {
                        let cleaned: Vec<Value> = items
                            .iter()
                            .filter(|i| i.get("$patch").and_then(|x| x.as_str()) != Some("delete"))
                            .cloned()
                            .collect();
                        t.insert(k.clone(), Value::Array(cleaned));
                    }
                }
            }
            Value::Object(_) => {
                path.push(k);
                merge_at(t.entry(k.clone()).or_insert(Value::Null), v, schema, path);
                path.pop();
            }
            other => {
                t.insert(k.clone(), other.clone());
            }
        }
    }
    // `$retainKeys`: keys the patch does not list are cleared (deployment strategy, volumes).
    if let Some(Value::Array(keep)) = p.get("$retainKeys") {
        t.retain(|k, _| keep.iter().any(|x| x.as_str() == Some(k.as_str())));
    }
}

fn merge_list_by_key<'p>(
    cur: &mut Vec<Value>,
    items: &'p [Value],
    key: &str,
    schema: Schema,
    path: &mut Vec<&'p str>,
) {
    for item in items {
        let id = item.get(key).cloned();
        let pos = id
            .as_ref()
            .and_then(|id| cur.iter().position(|c| c.get(key) == Some(id)));
        let delete = item.get("$patch").and_then(|x| x.as_str()) == Some("delete");
        match (pos, delete) {
            (Some(i), true) => {
                cur.remove(i);
            }
            (None, true) => {}
            (Some(i), false) => {
                if let Some(slot) = cur.get_mut(i) {
                    merge_at(slot, item, schema, path);
                }
            }
            (None, false) => {
                let mut fresh = item.clone();
                if let Value::Object(m) = &mut fresh {
                    m.shift_remove("$retainKeys");
                }
                cur.push(fresh)
            }
        }
    }
}

/// RFC 6901 pointer tokens.
fn tokens(path: &str) -> Result<Vec<String>, String> {
    if path.is_empty() {
        return Ok(vec![]);
    }
    let rest = path
        .strip_prefix('/')
        .ok_or_else(|| format!("JSON pointer must be empty or start with a \"/\": {path}"))?;
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn parent_mut<'a>(doc: &'a mut Value, toks: &[String]) -> Result<&'a mut Value, String> {
    let mut cur = doc;
    for t in toks {
        cur = match cur {
            Value::Object(m) => m
                .get_mut(t)
                .ok_or_else(|| format!("doc is missing path: {t}"))?,
            Value::Array(a) => {
                let i: usize = t.parse().map_err(|_| format!("invalid index: {t}"))?;
                a.get_mut(i)
                    .ok_or_else(|| format!("index out of range: {i}"))?
            }
            _ => return Err(format!("doc is missing path: {t}")),
        };
    }
    Ok(cur)
}

fn json_add(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let toks = tokens(path)?;
    let Some((last, parents)) = toks.split_last() else {
        *doc = value;
        return Ok(());
    };
    match parent_mut(doc, parents)? {
        Value::Object(m) => {
            m.insert(last.clone(), value);
            Ok(())
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
                return Ok(());
            }
            let i: usize = last.parse().map_err(|_| format!("invalid index: {last}"))?;
            if i > a.len() {
                return Err(format!(
                    "add operation does not apply: doc is missing path: {path}"
                ));
            }
            a.insert(i, value);
            Ok(())
        }
        _ => Err(format!(
            "add operation does not apply: doc is missing path: {path}"
        )),
    }
}

fn json_remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let toks = tokens(path)?;
    let Some((last, parents)) = toks.split_last() else {
        return Err("cannot remove the whole document".into());
    };
    let missing = || format!("remove operation does not apply: doc is missing path: \"{path}\"");
    // evanphx/json-patch v4's words for a key the object lacks.
    let no_key = || {
        format!("error in remove for path: '{path}': Unable to remove nonexistent key: {last}: missing value")
    };
    match parent_mut(doc, parents).map_err(|_| missing())? {
        Value::Object(m) => m.shift_remove(last).ok_or_else(no_key),
        Value::Array(a) => {
            let i: usize = last.parse().map_err(|_| missing())?;
            if i < a.len() {
                Ok(a.remove(i))
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}

/// json-patch v4's replace: a key the object lacks is set (only a missing parent or array
/// element fails).
fn json_replace(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let toks = tokens(path)?;
    let Some((last, parents)) = toks.split_last() else {
        *doc = value;
        return Ok(());
    };
    let missing =
        || format!("replace operation does not apply: doc is missing path: {path}: missing value");
    match parent_mut(doc, parents).map_err(|_| missing())? {
        Value::Object(m) => {
            m.insert(last.clone(), value);
            Ok(())
        }
        Value::Array(a) => {
            let slot = last.parse::<usize>().ok().and_then(|i| a.get_mut(i));
            match slot {
                Some(s) => {
                    *s = value;
                    Ok(())
                }
                None => Err(format!(
                    "replace operation does not apply: doc is missing key: {path}: missing value"
                )),
            }
        }
        _ => Err(missing()),
    }
}

fn json_get(doc: &Value, path: &str) -> Result<Value, String> {
    let toks = tokens(path)?;
    let mut cur = doc;
    for t in &toks {
        cur = match cur {
            Value::Object(m) => m.get(t),
            Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        }
        .ok_or_else(|| format!("doc is missing path: \"{path}\""))?;
    }
    Ok(cur.clone())
}

pub fn json_patch(doc: &mut Value, ops: &Value) -> Result<(), String> {
    let ops = ops
        .as_array()
        .ok_or("json: cannot unmarshal object into Go value of type jsonpatch.Patch")?;
    for op in ops {
        let kind = op.get("op").and_then(|v| v.as_str()).unwrap_or("");
        let path = op.get("path").and_then(|v| v.as_str()).unwrap_or("");
        let from = op.get("from").and_then(|v| v.as_str()).unwrap_or("");
        let value = op.get("value").cloned();
        match kind {
            "add" => json_add(doc, path, value.unwrap_or(Value::Null))?,
            "remove" => {
                json_remove(doc, path)?;
            }
            "replace" => json_replace(doc, path, value.unwrap_or(Value::Null))?,
            "move" => {
                let v = json_remove(doc, from)?;
                json_add(doc, path, v)?;
            }
            "copy" => {
                let v = json_get(doc, from)?;
                json_add(doc, path, v)?;
            }
            "test" => {
                if json_get(doc, path)? != value.unwrap_or(Value::Null) {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge() {
        let mut t = json!({"a": 1, "b": {"c": 2, "d": 3}});
        merge_patch(&mut t, &json!({"b": {"c": null, "e": 4}, "f": [1]}));
        assert_eq!(t, json!({"a": 1, "b": {"d": 3, "e": 4}, "f": [1]}));
    }

    #[test]
    fn strategic_lists_merge_by_key() {
        let mut t = json!({"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}});
        strategic_merge(
            &mut t,
            &json!({"spec": {"containers": [{"name": "b", "image": "z"}, {"name": "a", "$patch": "delete"}]}}),
        );
        assert_eq!(
            t,
            json!({"spec": {"containers": [{"name": "b", "image": "z"}]}})
        );
    }

    #[test]
    fn the_schema_decides_how_lists_merge() {
        let schema = |path: &[&str]| match path {
            ["spec", "args"] => Some(ListMeta {
                merge: true,
                key: None,
            }),
            ["spec", "containers"] => Some(ListMeta {
                merge: false,
                key: None,
            }),
            _ => None,
        };
        let mut t = json!({"spec": {"args": ["a"], "containers": [{"name": "a"}, {"name": "b"}]}});
        strategic_merge_with(
            &mut t,
            &json!({"spec": {"args": ["b"], "containers": [{"name": "c"}]}}),
            &schema,
        );
        assert_eq!(
            t,
            json!({"spec": {"args": ["a", "b"], "containers": [{"name": "c"}]}})
        );
    }

    #[test]
    fn strategic_retain_keys_clears_unlisted() {
        let mut t =
            json!({"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}});
        strategic_merge(
            &mut t,
            &json!({"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}),
        );
        assert_eq!(t, json!({"strategy": {"type": "Recreate"}}));
    }

    #[test]
    fn json_patch_ops() {
        let mut t = json!({"spec": {"replicas": 1, "list": [1, 2]}});
        let r = json_patch(
            &mut t,
            &json!([
                {"op": "replace", "path": "/spec/replicas", "value": 3},
                {"op": "add", "path": "/spec/list/-", "value": 3},
                {"op": "remove", "path": "/spec/list/0"}
            ]),
        );
        assert_eq!(r, Ok(()));
        assert_eq!(t, json!({"spec": {"replicas": 3, "list": [2, 3]}}));
        assert!(json_patch(&mut t, &json!([{"op": "remove", "path": "/nope"}])).is_err());
    }
}
