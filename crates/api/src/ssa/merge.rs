//! Server-side apply's merge of a configuration into the live object, and the removal of the
//! paths an applier stopped setting.

use serde_json::Value;

use super::fieldpath::{Pe, Set};
use super::typed::{item_pe, ListKind, Ty};

/// The configuration merged into the live object: maps entry by entry, lists by their keys or
/// values (new items after the live ones), atomic lists and maps and scalars replaced.
pub fn merge(live: &Value, config: &Value, ty: Ty) -> Value {
    match (live, config) {
        (Value::Object(l), Value::Object(c)) if !ty.map_atomic() => {
            let mut out = l.clone();
            for (k, cv) in c {
                let (cty, _) = ty.field(k);
                let merged = match l.get(k) {
                    Some(lv) => merge(lv, cv, cty),
                    None => cv.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (Value::Array(l), Value::Array(c)) if ty.list_kind() != ListKind::Atomic => {
            let kind = ty.list_kind();
            let mut out = l.clone();
            let pes: Vec<Pe> = l
                .iter()
                .enumerate()
                .map(|(i, v)| item_pe(&kind, v, i))
                .collect();
            for (i, cv) in c.iter().enumerate() {
                let pe = item_pe(&kind, cv, i);
                match pes.iter().position(|p| *p == pe) {
                    Some(at) => out[at] = merge(&l[at], cv, ty.items()),
                    None => out.push(cv.clone()),
                }
            }
            Value::Array(out)
        }
        _ => config.clone(),
    }
}

/// Remove the paths of `set` from the object: map entries and list items. A map of values or a
/// list left empty goes too, as the object's Go type would drop it.
pub fn remove(v: &mut Value, set: &Set, ty: Ty) {
    match v {
        Value::Object(m) => {
            for pe in &set.members {
                if let Pe::Field(k) = pe {
                    m.shift_remove(k);
                }
            }
            for (pe, child) in &set.children {
                let Pe::Field(k) = pe else { continue };
                let (cty, _) = ty.field(k);
                let emptied = match m.get_mut(k) {
                    Some(inner) => {
                        remove(inner, child, cty);
                        let empty_map = inner.as_object().is_some_and(|o| o.is_empty());
                        // Lists are `omitempty` in the Kubernetes types.
                        let empty_list = inner.as_array().is_some_and(|a| a.is_empty());
                        (empty_map && cty.is_value_map()) || empty_list
                    }
                    None => false,
                };
                if emptied {
                    m.shift_remove(k);
                }
            }
        }
        Value::Array(items) => {
            let kind = ty.list_kind();
            let pes: Vec<Pe> = items
                .iter()
                .enumerate()
                .map(|(i, it)| item_pe(&kind, it, i))
                .collect();
            let mut keep = Vec::new();
            for (item, pe) in items.drain(..).zip(pes) {
                if set.members.contains(&pe) {
                    continue;
                }
                let mut item = item;
                if let Some(child) = set.children.get(&pe) {
                    remove(&mut item, child, ty.items());
                }
                keep.push(item);
            }
            *items = keep;
        }
        _ => {}
    }
}
