//! kustomize's strategic merge (kyaml's) merges keyed lists as the API server does, but orders
//! the result differently: the patch's elements first, in the patch's order, then the elements
//! only the target had. This puts a merged object's keyed lists in that order.

use kubeplay_core::api::patch::{merge_key, ListMeta};
use serde_json::Value;

/// What the kind's schema says of the list at a path.
pub type Schema<'a> = &'a dyn Fn(&[&str]) -> Option<ListMeta>;

/// Reorder the keyed lists of `merged` that `patch` touched.
pub fn reorder(merged: &mut Value, patch: &Value, schema: Schema) {
    walk(merged, patch, schema, &mut Vec::new());
}

fn walk(merged: &mut Value, patch: &Value, schema: Schema, path: &mut Vec<String>) {
    let (Value::Object(m), Value::Object(p)) = (merged, patch) else {
        return;
    };
    for (k, pv) in p {
        let Some(mv) = m.get_mut(k) else { continue };
        path.push(k.clone());
        match (mv, pv) {
            (Value::Array(items), Value::Array(pitems)) => {
                if let Some(key) = list_key(schema, path, k, pitems) {
                    order(items, pitems, &key);
                    for pi in pitems {
                        let id = pi.get(&key);
                        if let Some(mi) =
                            items.iter_mut().find(|i| id.is_some() && i.get(&key) == id)
                        {
                            walk(mi, pi, schema, path);
                        }
                    }
                }
            }
            (mv @ Value::Object(_), pv @ Value::Object(_)) => walk(mv, pv, schema, path),
            _ => {}
        }
        path.pop();
    }
}

fn list_key(schema: Schema, path: &[String], field: &str, items: &[Value]) -> Option<String> {
    let parts: Vec<&str> = path.iter().map(String::as_str).collect();
    match schema(&parts) {
        Some(ListMeta {
            merge: true,
            key: Some(k),
        }) => Some(k),
        Some(_) => None,
        None => merge_key(field, items).map(str::to_string),
    }
}

/// The patch's keys first, in its order, then the rest as they were.
fn order(items: &mut Vec<Value>, patch: &[Value], key: &str) {
    let mut rest: Vec<Value> = std::mem::take(items);
    for pi in patch {
        let Some(id) = pi.get(key) else { continue };
        if let Some(i) = rest.iter().position(|x| x.get(key) == Some(id)) {
            items.push(rest.remove(i));
        }
    }
    items.append(&mut rest);
}
