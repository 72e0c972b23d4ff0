//! Small accessors for unstructured objects (`serde_json::Value`), shared by every layer.

use serde_json::{Map, Value};

use super::discovery::ResourceInfo;

pub fn str_at<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(n) => cur = n,
            None => return "",
        }
    }
    cur.as_str().unwrap_or("")
}

pub fn name(v: &Value) -> &str {
    str_at(v, &["metadata", "name"])
}

pub fn namespace(v: &Value) -> &str {
    str_at(v, &["metadata", "namespace"])
}

pub fn kind(v: &Value) -> &str {
    str_at(v, &["kind"])
}

pub fn labels(v: &Value) -> Option<&Map<String, Value>> {
    v.pointer("/metadata/labels").and_then(|l| l.as_object())
}

/// Set a value at a path of object keys, creating objects on the way (replacing non-objects).
pub fn set(v: &mut Value, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        *v = value;
        return;
    };
    let mut cur = v;
    for p in parents {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(m) = cur else { return };
        cur = m.entry(p.to_string()).or_insert(Value::Null);
    }
    if !cur.is_object() {
        *cur = Value::Object(Map::new());
    }
    if let Value::Object(m) = cur {
        m.insert(last.to_string(), value);
    }
}

pub fn set_str(v: &mut Value, path: &[&str], s: &str) {
    set(v, path, Value::String(s.to_string()));
}

/// Set `path` only if nothing is there yet (defaulting).
pub fn default(v: &mut Value, path: &[&str], value: Value) {
    let mut cur: &Value = v;
    for p in path {
        match cur.get(p) {
            Some(n) => cur = n,
            None => {
                set(v, path, value);
                return;
            }
        }
    }
    if cur.is_null() {
        set(v, path, value);
    }
}

/// Ensure `apiVersion`/`kind` are the resource's, as the server always returns them.
/// ObjectMeta's fields in Go's order (the order a typed object prints them in).
pub const OBJECT_META_FIELDS: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

pub fn canonical(info: &ResourceInfo, mut obj: Value) -> Value {
    if let Value::Object(m) = &mut obj {
        m.insert("apiVersion".into(), Value::String(info.api_version()));
        m.insert("kind".into(), Value::String(info.kind.clone()));
    }
    obj
}

/// A stable-order copy of every object key sorted, as Go prints unstructured JSON.
pub fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                if let Some(x) = m.get(k) {
                    out.insert(k.clone(), sorted(x));
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_and_default() {
        let mut v = json!({});
        set_str(&mut v, &["metadata", "name"], "x");
        default(&mut v, &["metadata", "name"], json!("y"));
        default(&mut v, &["spec", "replicas"], json!(1));
        assert_eq!(
            v,
            json!({"metadata": {"name": "x"}, "spec": {"replicas": 1}})
        );
        assert_eq!(name(&v), "x");
    }
}
