//! The three-way strategic merge patch of client-side apply: what changed between the
//! last-applied configuration and the new one is deleted, what the new one sets that the live
//! object lacks is written, and fields only the server or other writers set are left alone.
//! Lists with a merge key (`containers` by `name`, ...) are diffed element by element and carry
//! `$setElementOrder` and `$patch: delete` directives, as Kubernetes' strategic merge expects.

use kubeplay_core::sort::SortOnce;
use serde_json::{Map, Value};

use kubeplay_core::api::patch::merge_key;

#[derive(Clone, Copy)]
struct Opts {
    ignore_deletions: bool,
    ignore_changes: bool,
}

/// The patch that takes `live` to `modified`, deleting what `original` had and `modified` drops.
/// An empty object means nothing to do.
pub fn three_way(original: &Value, modified: &Value, live: &Value) -> Value {
    let empty = Map::new();
    let as_map = |v: &'_ Value| -> Map<String, Value> { v.as_object().unwrap_or(&empty).clone() };
    let (original, modified, live) = (as_map(original), as_map(modified), as_map(live));
    let deletions = diff_maps(
        &original,
        &modified,
        Opts {
            ignore_deletions: false,
            ignore_changes: true,
        },
    );
    let delta = diff_maps(
        &live,
        &modified,
        Opts {
            ignore_deletions: true,
            ignore_changes: false,
        },
    );
    // kubectl lists the changed elements before the deleted ones.
    let mut patch = delta;
    merge_into(&mut patch, deletions);
    kubeplay_core::api::meta::sorted(&Value::Object(patch))
}

/// The keyed-list merge key of `field` if every element of both lists is an object holding it.
fn list_key(field: &str, from: &[Value], to: &[Value]) -> Option<&'static str> {
    let all: Vec<Value> = from.iter().chain(to.iter()).cloned().collect();
    let key = merge_key(field, &all)?;
    all.iter().all(|v| v.get(key).is_some()).then_some(key)
}

fn diff_maps(from: &Map<String, Value>, to: &Map<String, Value>, o: Opts) -> Map<String, Value> {
    let mut patch = Map::new();
    for (k, tv) in to {
        let Some(fv) = from.get(k) else {
            if !o.ignore_changes {
                patch.insert(k.clone(), tv.clone());
            }
            continue;
        };
        match (fv, tv) {
            (Value::Object(f), Value::Object(t)) => {
                let mut sub = diff_maps(f, t, o);
                if !sub.is_empty() {
                    if k == "strategy" {
                        add_retain_keys(&mut sub, t);
                    }
                    patch.insert(k.clone(), Value::Object(sub));
                }
            }
            (Value::Array(f), Value::Array(t)) => match list_key(k, f, t) {
                Some(key) => diff_keyed_lists(k, f, t, key, o, &mut patch),
                None => {
                    if f != t && !o.ignore_changes {
                        patch.insert(k.clone(), tv.clone());
                    }
                }
            },
            _ => {
                if fv != tv && !o.ignore_changes {
                    patch.insert(k.clone(), tv.clone());
                }
            }
        }
    }
    if !o.ignore_deletions {
        for k in from.keys() {
            if !to.contains_key(k) {
                patch.insert(k.clone(), Value::Null);
            }
        }
    }
    patch
}

fn diff_keyed_lists(
    field: &str,
    from: &[Value],
    to: &[Value],
    key: &str,
    o: Opts,
    patch: &mut Map<String, Value>,
) {
    let find = |list: &[Value], id: Option<&Value>| -> Option<Value> {
        list.iter().find(|x| x.get(key) == id).cloned()
    };
    let mut items: Vec<Value> = Vec::new();
    for t in to {
        match find(from, t.get(key)) {
            None => {
                if !o.ignore_changes {
                    items.push(t.clone());
                }
            }
            Some(f) => {
                let (Some(fm), Some(tm)) = (f.as_object(), t.as_object()) else {
                    continue;
                };
                let mut sub = diff_maps(fm, tm, o);
                if !sub.is_empty() {
                    if field == "volumes" {
                        add_retain_keys(&mut sub, tm);
                    }
                    if let Some(id) = t.get(key) {
                        sub.insert(key.to_string(), id.clone());
                    }
                    items.push(Value::Object(sub));
                }
            }
        }
    }
    if !o.ignore_deletions {
        for f in from {
            if find(to, f.get(key)).is_none() {
                let mut del = Map::new();
                del.insert("$patch".into(), Value::String("delete".into()));
                if let Some(id) = f.get(key) {
                    del.insert(key.to_string(), id.clone());
                }
                items.push(Value::Object(del));
            }
        }
    }
    if items.is_empty() {
        return;
    }
    let order: Vec<Value> = to
        .iter()
        .filter_map(|t| t.get(key))
        .map(|id| {
            let mut m = Map::new();
            m.insert(key.to_string(), id.clone());
            Value::Object(m)
        })
        .collect();
    patch.insert(field.to_string(), Value::Array(items));
    patch.insert(format!("$setElementOrder/{field}"), Value::Array(order));
}

/// Fields whose patch strategy is `retainKeys` (a deployment's `strategy`, each volume): the
/// patch names the keys the new configuration keeps, and the server drops the others, so that
/// switching `type: Recreate` also removes `rollingUpdate`.
fn add_retain_keys(sub: &mut Map<String, Value>, modified: &Map<String, Value>) {
    let mut keys: Vec<&String> = modified.keys().collect();
    keys.sort_once();
    sub.insert(
        "$retainKeys".into(),
        Value::Array(keys.into_iter().map(|k| Value::String(k.clone())).collect()),
    );
}

/// Fold the changes into the deletions: maps merge, keyed lists join their elements.
fn merge_into(base: &mut Map<String, Value>, add: Map<String, Value>) {
    for (k, v) in add {
        match (base.get_mut(&k), v) {
            (Some(Value::Object(b)), Value::Object(a)) => merge_into(b, a),
            (Some(Value::Array(b)), Value::Array(a)) if !k.starts_with('$') => {
                for item in a {
                    let key = merge_key(&k, std::slice::from_ref(&item));
                    let same = key.and_then(|key| {
                        let id = item.get(key)?;
                        b.iter_mut().find(|x| x.get(key) == Some(id))
                    });
                    match (same, item) {
                        (Some(Value::Object(existing)), Value::Object(i)) => {
                            merge_into(existing, i)
                        }
                        (_, item) => b.push(item),
                    }
                }
            }
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// A JSON merge patch that turns `from` into `to`: changed fields, and null for removed
/// ones; lists are sent whole.
pub fn merge_diff(from: &Value, to: &Value) -> Value {
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            let mut out = Map::new();
            for (k, v) in b {
                match a.get(k) {
                    Some(old) if old == v => {}
                    Some(old) => {
                        out.insert(k.clone(), merge_diff(old, v));
                    }
                    None => {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            for k in a.keys() {
                if !b.contains_key(k) {
                    out.insert(k.clone(), Value::Null);
                }
            }
            Value::Object(out)
        }
        _ => to.clone(),
    }
}

/// The kind's schema as a strategic merge asks it: how each list field merges.
pub fn list_schema(
    r: &kubeplay_core::api::discovery::ResourceInfo,
) -> impl Fn(&[&str]) -> Option<kubeplay_core::api::patch::ListMeta> + '_ {
    move |path| {
        let s = crate::client_schema();
        s.list_patch(&r.group, &r.version, &r.kind, path)
            .map(kubeplay_core::api::patch::ListMeta::from)
    }
}

/// Custom resources (kinds without a built-in schema) have no strategic-merge metadata, so
/// kubectl sends them a JSON merge patch, as the server refuses strategic ones.
pub fn apply_media_type(info: &crate::resources::Info) -> &'static str {
    let r = &info.resource;
    match crate::client_schema().lookup(&r.group, &r.version, &r.kind) {
        None => "application/merge-patch+json",
        Some(_) => "application/strategic-merge-patch+json",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nothing_changed_is_empty() {
        let cfg = json!({"metadata": {"name": "a"}, "data": {"k": "v"}});
        let live = json!({"metadata": {"name": "a", "uid": "u"}, "data": {"k": "v"}});
        assert_eq!(three_way(&cfg, &cfg, &live), json!({}));
    }

    #[test]
    fn removed_field_is_deleted_and_server_fields_stay() {
        let original = json!({"data": {"a": "1", "b": "2"}});
        let modified = json!({"data": {"a": "1"}});
        let live = json!({"data": {"a": "1", "b": "2", "c": "3"}, "metadata": {"uid": "x"}});
        assert_eq!(
            three_way(&original, &modified, &live),
            json!({"data": {"b": null}})
        );
    }

    #[test]
    fn changed_container_image_keeps_element_order() {
        let original = json!({"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}]}});
        let modified = json!({"spec": {"containers": [{"name": "nginx", "image": "nginx:1.28", "ports": [{"containerPort": 80}]}]}});
        let live = json!({"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent", "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}});
        let patch = three_way(&original, &modified, &live);
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.28","name":"nginx"}]}}"#
        );
    }

    #[test]
    fn dropped_container_gets_delete_directive() {
        let original = json!({"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}});
        let modified = json!({"spec": {"containers": [{"name": "b", "image": "z"}]}});
        let patch = three_way(&original, &modified, &original);
        assert_eq!(
            patch,
            json!({"spec": {
                "$setElementOrder/containers": [{"name": "b"}],
                "containers": [{"image": "z", "name": "b"}, {"$patch": "delete", "name": "a"}]
            }})
        );
    }

    #[test]
    fn retain_keys_for_strategy_and_volumes() {
        let original = json!({"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}},
            "template": {"spec": {"volumes": [{"name": "v", "emptyDir": {}}]}}}});
        let modified = json!({"spec": {"strategy": {"type": "Recreate"},
            "template": {"spec": {"volumes": [{"name": "v", "hostPath": {"path": "/tmp"}}]}}}});
        let patch = three_way(&original, &modified, &original);
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"},"template":{"spec":{"$setElementOrder/volumes":[{"name":"v"}],"volumes":[{"$retainKeys":["hostPath","name"],"emptyDir":null,"hostPath":{"path":"/tmp"},"name":"v"}]}}}}"#
        );
    }

    #[test]
    fn change_and_removal_in_one_element_merge() {
        let original = json!({"spec": {"containers": [{"name": "web", "image": "a", "ports": [{"containerPort": 80}]}]}});
        let modified = json!({"spec": {"containers": [{"name": "web", "image": "b"}]}});
        let live = json!({"spec": {"containers": [{"name": "web", "image": "a", "ports": [{"containerPort": 80, "protocol": "TCP"}], "imagePullPolicy": "IfNotPresent"}]}});
        assert_eq!(
            serde_json::to_string(&three_way(&original, &modified, &live)).unwrap(),
            r#"{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"b","name":"web","ports":null}]}}"#
        );
    }

    #[test]
    fn atomic_lists_are_replaced_whole() {
        let original = json!({"spec": {"args": ["a", "b"]}});
        let modified = json!({"spec": {"args": ["a"]}});
        assert_eq!(
            three_way(&original, &modified, &original),
            json!({"spec": {"args": ["a"]}})
        );
    }

    #[test]
    fn field_added_by_others_survives_but_reset_when_in_file() {
        let original = json!({"spec": {"replicas": 2}});
        let modified = json!({"spec": {"replicas": 2}});
        let live = json!({"spec": {"replicas": 5, "paused": false}});
        assert_eq!(
            three_way(&original, &modified, &live),
            json!({"spec": {"replicas": 2}})
        );
    }
}
