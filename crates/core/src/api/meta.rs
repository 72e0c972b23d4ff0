//! Small accessors for unstructured objects (`serde_json::Value`), shared by every layer.

use crate::sort::SortOnce;
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

/// Typed reads of an object's `metadata`, as kube-core's `ResourceExt` offers them on typed
/// objects: one place that knows where each field lives, instead of `pointer("/metadata/...")`
/// chains. Absent fields read as "" (strings), None (maps, timestamps) or empty (lists).
pub trait ResourceExt {
    fn meta_field(&self, field: &str) -> Option<&Value>;

    fn meta_str(&self, field: &str) -> &str {
        self.meta_field(field)
            .and_then(|v| v.as_str())
            .unwrap_or("")
    }
    fn uid(&self) -> &str {
        self.meta_str("uid")
    }
    fn resource_version(&self) -> &str {
        self.meta_str("resourceVersion")
    }
    fn creation_timestamp(&self) -> &str {
        self.meta_str("creationTimestamp")
    }
    /// Set once deletion began (graceful pods, namespaces and objects with finalizers).
    fn deletion_timestamp(&self) -> Option<&str> {
        self.meta_field("deletionTimestamp")
            .and_then(|v| v.as_str())
    }
    fn is_deleting(&self) -> bool {
        self.meta_field("deletionTimestamp")
            .is_some_and(|v| !v.is_null())
    }
    /// 0 for kinds without one.
    fn generation(&self) -> i64 {
        self.meta_field("generation")
            .and_then(|v| v.as_i64())
            .unwrap_or(0)
    }
    /// The label map, as selectors take it.
    fn labels(&self) -> Option<&Value> {
        self.meta_field("labels")
    }
    fn label(&self, key: &str) -> Option<&str> {
        self.labels()
            .and_then(|l| l.get(key))
            .and_then(|v| v.as_str())
    }
    fn annotations(&self) -> Option<&Value> {
        self.meta_field("annotations")
    }
    fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations()
            .and_then(|a| a.get(key))
            .and_then(|v| v.as_str())
    }
    fn owner_references(&self) -> &[Value] {
        self.meta_field("ownerReferences")
            .and_then(|v| v.as_array())
            .map_or(&[], |a| a.as_slice())
    }
    /// The owner reference marked `controller: true` (metav1.GetControllerOf).
    fn controller_ref(&self) -> Option<&Value> {
        self.owner_references()
            .iter()
            .find(|r| r.get("controller").and_then(|c| c.as_bool()) == Some(true))
    }
    /// The uid of the controlling owner: a ReplicaSet's pods, a Deployment's ReplicaSets.
    fn controller_uid(&self) -> Option<&str> {
        self.controller_ref()
            .and_then(|r| r.get("uid"))
            .and_then(|u| u.as_str())
    }
}

impl ResourceExt for Value {
    fn meta_field(&self, field: &str) -> Option<&Value> {
        self.get("metadata").and_then(|m| m.get(field))
    }
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
            keys.sort_once();
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
    fn metadata_reads() {
        let o = json!({"metadata": {"uid": "u1", "generation": 3,
            "labels": {"app": "web"}, "annotations": {"a": "b"},
            "deletionTimestamp": null, "ownerReferences": [{"uid": "o"}]}});
        assert_eq!(o.uid(), "u1");
        assert_eq!(o.generation(), 3);
        assert_eq!(o.label("app"), Some("web"));
        assert_eq!(o.annotation("a"), Some("b"));
        assert_eq!(o.annotation("x"), None);
        assert!(!o.is_deleting());
        assert_eq!(o.owner_references().len(), 1);
        assert_eq!(o.controller_ref(), None);
        let owned = json!({"metadata": {"ownerReferences": [{"uid": "a"},
            {"uid": "b", "controller": true}]}});
        assert_eq!(
            owned.controller_ref(),
            Some(&json!({"uid": "b", "controller": true}))
        );
        assert_eq!(owned.controller_uid(), Some("b"));
        assert_eq!(json!({}).resource_version(), "");
        assert!(json!({}).owner_references().is_empty());
    }

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
