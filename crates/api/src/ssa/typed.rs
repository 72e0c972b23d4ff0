//! An object walked with its kind's schema, as structured-merge-diff's typed values are: which
//! lists are maps (and by which keys), sets or atomic, which maps are atomic, which keys are
//! declared fields. From it: the field set an object holds, and what changed between two.

use kubeplay_core::sort::SortOnce;
use kubeplay_schema::node::Node;
use kubeplay_schema::Schema;
use serde_json::Value;

use super::fieldpath::{path_string, Pe, Set};
use crate::ResourceInfo;

/// The schema at one place of an object: the property (it carries the list extensions) and the
/// type it resolves to. Both None where the schema does not know the field.
#[derive(Clone, Copy, Default)]
pub struct Ty {
    /// The schema of the server's version, which the nodes belong to.
    s: Option<&'static Schema>,
    prop: Option<&'static Node>,
    node: Option<&'static Node>,
}

/// How a list's items are told apart.
#[derive(Debug, PartialEq)]
pub enum ListKind {
    Atomic,
    Set,
    Map(Vec<String>),
}

impl Ty {
    pub fn root(s: &'static Schema, info: &ResourceInfo) -> Ty {
        match s.lookup(&info.group, &info.version, &info.kind) {
            Some((_, n)) => Ty::of(s, n),
            None => Ty::default(),
        }
    }

    fn of(s: &'static Schema, prop: &'static Node) -> Ty {
        Ty {
            s: Some(s),
            prop: Some(prop),
            node: Some(s.resolve(prop)),
        }
    }

    /// The type of a map's entry, and whether the key is a declared field (a struct's) rather
    /// than a key of a map of values.
    pub fn field(&self, key: &str) -> (Ty, bool) {
        let (Some(s), Some(node)) = (self.s, self.node) else {
            return (Ty::default(), true);
        };
        if let Some(p) = node.property(key) {
            return (Ty::of(s, p), true);
        }
        match &node.additional_properties {
            Some(values) => (Ty::of(s, values), false),
            // Objects the schema leaves open (`x-kubernetes-preserve-unknown-fields`).
            None => (Ty::default(), node.properties.is_empty()),
        }
    }

    pub fn items(&self) -> Ty {
        match (self.s, self.node.and_then(|n| n.items.as_deref())) {
            (Some(s), Some(items)) => Ty::of(s, items),
            _ => Ty::default(),
        }
    }

    /// kube-openapi's reading of a list: `x-kubernetes-list-type`, else a `merge` patch
    /// strategy (keyed by the patch merge key, or a set), else atomic.
    pub fn list_kind(&self) -> ListKind {
        let Some(prop) = self.prop else {
            return ListKind::Atomic;
        };
        match prop.list_type.as_deref() {
            Some("map") => return ListKind::Map(prop.list_map_keys.clone()),
            Some("set") => return ListKind::Set,
            Some(_) => return ListKind::Atomic,
            None => {}
        }
        let merge = prop
            .patch_strategy
            .as_deref()
            .is_some_and(|s| s.split(',').any(|p| p == "merge"));
        match (merge, &prop.patch_merge_key) {
            (true, Some(k)) => ListKind::Map(vec![k.clone()]),
            (true, None) => ListKind::Set,
            _ => ListKind::Atomic,
        }
    }

    /// `x-kubernetes-map-type: atomic` on the field or on its type (LabelSelector).
    pub fn map_atomic(&self) -> bool {
        let atomic = |n: Option<&Node>| n.and_then(|n| n.map_type.as_deref()) == Some("atomic");
        atomic(self.prop) || atomic(self.node)
    }

    /// Whether the type is a map of values (`map[string]string`) rather than a struct.
    pub fn is_value_map(&self) -> bool {
        self.node
            .is_some_and(|n| n.properties.is_empty() && n.additional_properties.is_some())
    }
}

/// A list item's path element: its keys in a map list (a key the item lacks takes the default
/// Kubernetes gives it), its value in a set, else its index.
pub fn item_pe(kind: &ListKind, item: &Value, index: usize) -> Pe {
    match (kind, item) {
        (ListKind::Map(keys), Value::Object(m)) if !keys.is_empty() => {
            let mut out: Vec<(String, Value)> = keys
                .iter()
                .filter_map(|k| {
                    let v = m.get(k).cloned().or_else(|| key_default(k))?;
                    Some((k.clone(), v))
                })
                .collect();
            out.sort_once_by(|a, b| a.0.cmp(&b.0));
            Pe::Key(out)
        }
        (ListKind::Set, v) => Pe::Value(v.clone()),
        _ => Pe::Index(index),
    }
}

fn key_default(key: &str) -> Option<Value> {
    (key == "protocol").then(|| Value::String("TCP".into()))
}

/// The paths an object sets (structured-merge-diff's ToFieldSet): every scalar, atomic list or
/// map, list item, null and empty map, and every entry of a map of values.
pub fn field_set(v: &Value, ty: Ty) -> Set {
    let mut set = Set::default();
    walk_set(v, ty, &mut Vec::new(), &mut set);
    set
}

fn walk_set(v: &Value, ty: Ty, path: &mut Vec<Pe>, set: &mut Set) {
    match v {
        Value::Object(m) if !ty.map_atomic() => {
            for (k, child) in m {
                let (cty, declared) = ty.field(k);
                path.push(Pe::Field(k.clone()));
                walk_set(child, cty, path, set);
                let empty_map = child.as_object().is_some_and(|c| c.is_empty());
                if child.is_null() || empty_map || !declared {
                    set.insert(path);
                }
                path.pop();
            }
        }
        Value::Array(items) if ty.list_kind() != ListKind::Atomic => {
            let kind = ty.list_kind();
            for (i, item) in items.iter().enumerate() {
                path.push(item_pe(&kind, item, i));
                walk_set(item, ty.items(), path, set);
                set.insert(path);
                path.pop();
            }
        }
        _ => set.insert(path),
    }
}

/// The paths of fields the schema does not declare (structured-merge-diff refuses to type an
/// object holding any), as `.spec.foo: field not declared in schema`.
pub fn undeclared(v: &Value, ty: Ty) -> Vec<String> {
    let mut out = Vec::new();
    walk_undeclared(v, ty, &mut Vec::new(), &mut out);
    out
}

fn walk_undeclared(v: &Value, ty: Ty, path: &mut Vec<Pe>, out: &mut Vec<String>) {
    let struct_type = ty
        .node
        .is_some_and(|n| !n.properties.is_empty() && n.additional_properties.is_none());
    match v {
        Value::Object(m) if !ty.map_atomic() => {
            for (k, child) in m {
                path.push(Pe::Field(k.clone()));
                if struct_type && ty.node.and_then(|n| n.property(k)).is_none() {
                    out.push(format!(
                        "{}: field not declared in schema",
                        path_string(path)
                    ));
                } else {
                    walk_undeclared(child, ty.field(k).0, path, out);
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            let kind = ty.list_kind();
            for (i, item) in items.iter().enumerate() {
                path.push(item_pe(&kind, item, i));
                walk_undeclared(item, ty.items(), path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// What changed from `lhs` to `rhs` (structured-merge-diff's Compare).
#[derive(Debug, Default)]
pub struct Comparison {
    pub added: Set,
    pub modified: Set,
    pub removed: Set,
}

pub fn compare(lhs: &Value, rhs: &Value, ty: Ty) -> Comparison {
    let mut c = Comparison::default();
    walk_compare(Some(lhs), Some(rhs), ty, &mut Vec::new(), &mut c);
    c
}

fn walk_compare(
    l: Option<&Value>,
    r: Option<&Value>,
    ty: Ty,
    path: &mut Vec<Pe>,
    c: &mut Comparison,
) {
    let empty_map = serde_json::Map::new();
    let leaf = match (l, r) {
        // A null list or map (a Go nil) compares as an empty one that is there.
        (Some(Value::Null), Some(Value::Object(b))) => {
            compare_maps(Some(&empty_map), Some(b), ty, path, c)
        }
        (Some(Value::Null), Some(Value::Array(b))) => compare_lists(&[], b, ty, path, c),
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            compare_maps(Some(a), Some(b), ty, path, c)
        }
        (Some(Value::Object(a)), None) => compare_maps(Some(a), None, ty, path, c),
        (None, Some(Value::Object(b))) => compare_maps(None, Some(b), ty, path, c),
        (Some(Value::Array(a)), Some(Value::Array(b))) => compare_lists(a, b, ty, path, c),
        (Some(Value::Array(a)), None) => compare_lists(a, &[], ty, path, c),
        (None, Some(Value::Array(b))) => compare_lists(&[], b, ty, path, c),
        _ => true,
    };
    if leaf {
        match (l, r) {
            (None, _) => c.added.insert(path),
            (_, None) => c.removed.insert(path),
            (Some(a), Some(b)) if a != b => c.modified.insert(path),
            _ => {}
        }
        return;
    }
    if l.is_none() {
        c.added.insert(path);
    } else if r.is_none() {
        c.removed.insert(path);
    }
}

/// Compare two maps entry by entry; true when they count as one leaf (atomic, or both empty).
fn compare_maps(
    l: Option<&serde_json::Map<String, Value>>,
    r: Option<&serde_json::Map<String, Value>>,
    ty: Ty,
    path: &mut Vec<Pe>,
    c: &mut Comparison,
) -> bool {
    let empty = l.is_none_or(|m| m.is_empty()) && r.is_none_or(|m| m.is_empty());
    if ty.map_atomic() || empty {
        return true;
    }
    let mut keys: Vec<&String> = l.map(|m| m.keys().collect()).unwrap_or_default();
    for k in r.map(|m| m.keys().collect::<Vec<_>>()).unwrap_or_default() {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    for k in keys {
        let (cty, _) = ty.field(k);
        path.push(Pe::Field(k.clone()));
        walk_compare(
            l.and_then(|m| m.get(k)),
            r.and_then(|m| m.get(k)),
            cty,
            path,
            c,
        );
        path.pop();
    }
    false
}

fn compare_lists(l: &[Value], r: &[Value], ty: Ty, path: &mut Vec<Pe>, c: &mut Comparison) -> bool {
    let kind = ty.list_kind();
    if kind == ListKind::Atomic || (l.is_empty() && r.is_empty()) {
        return true;
    }
    let lpes: Vec<Pe> = l
        .iter()
        .enumerate()
        .map(|(i, v)| item_pe(&kind, v, i))
        .collect();
    let rpes: Vec<Pe> = r
        .iter()
        .enumerate()
        .map(|(i, v)| item_pe(&kind, v, i))
        .collect();
    let mut all: Vec<&Pe> = lpes.iter().collect();
    all.extend(rpes.iter().filter(|p| !lpes.contains(p)));
    for pe in all {
        let lv = lpes.iter().position(|p| p == pe).map(|i| &l[i]);
        let rv = rpes.iter().position(|p| p == pe).map(|i| &r[i]);
        path.push(pe.clone());
        walk_compare(lv, rv, ty.items(), path, c);
        path.pop();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment() -> ResourceInfo {
        ResourceInfo {
            group: "apps".into(),
            version: "v1".into(),
            kind: "Deployment".into(),
            plural: "deployments".into(),
            singular: "deployment".into(),
            short_names: vec![],
            namespaced: true,
            verbs: vec![],
            categories: vec![],
        }
    }

    #[test]
    fn the_field_set_follows_the_schema() {
        let d = json!({
            "metadata": {"labels": {"app": "web"}},
            "spec": {
                "replicas": 2,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {"spec": {"containers": [
                    {"name": "web", "image": "nginx", "ports": [{"containerPort": 80}], "args": ["a"]}
                ]}}
            }
        });
        let set = field_set(
            &d,
            Ty::root(kubeplay_schema::for_version("v1.32.0"), &deployment()),
        );
        assert_eq!(
            set.to_fields_v1(),
            json!({
                "f:metadata": {"f:labels": {"f:app": {}}},
                "f:spec": {
                    "f:replicas": {},
                    "f:selector": {},
                    "f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {
                        ".": {},
                        "f:args": {},
                        "f:image": {},
                        "f:name": {},
                        "f:ports": {"k:{\"containerPort\":80,\"protocol\":\"TCP\"}": {
                            ".": {}, "f:containerPort": {}
                        }}
                    }}}}
                }
            })
        );
    }

    #[test]
    fn compare_finds_added_modified_and_removed_paths() {
        let a = json!({"spec": {"replicas": 1, "paused": true}, "metadata": {}});
        let b = json!({"spec": {"replicas": 3, "minReadySeconds": 5}, "metadata": {"labels": {"x": "y"}}});
        let c = compare(
            &a,
            &b,
            Ty::root(kubeplay_schema::for_version("v1.32.0"), &deployment()),
        );
        let f = |s: &str| Pe::Field(s.into());
        assert!(c.modified.has(&[f("spec"), f("replicas")]));
        assert!(c.added.has(&[f("spec"), f("minReadySeconds")]));
        assert!(c.added.has(&[f("metadata"), f("labels")]));
        assert!(c.added.has(&[f("metadata"), f("labels"), f("x")]));
        assert!(c.removed.has(&[f("spec"), f("paused")]));
    }
}
