//! `metadata.managedFields`: one entry per manager, operation (`Apply` or `Update`), API
//! version (for updates) and subresource, each with the field set it owns, as the API server's
//! field manager encodes them (sorted by operation, time, manager).

use std::sync::OnceLock;

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::fieldpath::{Pe, Set};

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub manager: String,
    pub apply: bool,
    pub api_version: String,
    pub subresource: String,
    pub time: String,
    pub set: Set,
}

impl Entry {
    /// Whether `other` is the same manager identity (appliers are one whatever their version).
    pub fn same_identity(&self, other: &Entry) -> bool {
        self.manager == other.manager
            && self.apply == other.apply
            && self.subresource == other.subresource
            && (self.apply || self.api_version == other.api_version)
    }

    /// How a conflict names the manager: `"kubectl-client-side-apply" using apps/v1`.
    pub fn describe(&self) -> String {
        let mut s = format!("{:?}", self.manager);
        if !self.subresource.is_empty() {
            s.push_str(&format!(" with subresource {:?}", self.subresource));
        }
        if !self.apply {
            s.push_str(&format!(" using {}", self.api_version));
        }
        s
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("apiVersion".into(), json!(self.api_version));
        m.insert("fieldsType".into(), json!("FieldsV1"));
        m.insert("fieldsV1".into(), self.set.to_fields_v1());
        m.insert("manager".into(), json!(self.manager));
        let op = if self.apply { "Apply" } else { "Update" };
        m.insert("operation".into(), json!(op));
        if !self.subresource.is_empty() {
            m.insert("subresource".into(), json!(self.subresource));
        }
        if !self.time.is_empty() {
            m.insert("time".into(), json!(self.time));
        }
        Value::Object(m)
    }

    fn from_json(v: &Value) -> Option<Entry> {
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        Some(Entry {
            manager: s("manager"),
            apply: s("operation") == "Apply",
            api_version: s("apiVersion"),
            subresource: s("subresource"),
            time: s("time"),
            set: Set::from_fields_v1(v.get("fieldsV1")?),
        })
    }
}

/// The entries an object carries.
pub fn decode(obj: &Value) -> Vec<Entry> {
    obj.pointer("/metadata/managedFields")
        .and_then(|m| m.as_array())
        .map(|a| a.iter().filter_map(Entry::from_json).collect())
        .unwrap_or_default()
}

/// Write the entries into the object, empty ones left out, in the API server's order.
pub fn encode(obj: &mut Value, mut entries: Vec<Entry>) {
    entries.retain(|e| !e.set.is_empty());
    entries.sort_once_by(|a, b| {
        b.apply
            .cmp(&a.apply)
            .then_with(|| a.time.cmp(&b.time))
            .then_with(|| a.manager.cmp(&b.manager))
            .then_with(|| a.api_version.cmp(&b.api_version))
            .then_with(|| a.subresource.cmp(&b.subresource))
    });
    let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) else {
        return;
    };
    if entries.is_empty() {
        m.shift_remove("managedFields");
        return;
    }
    let list: Vec<Value> = entries.iter().map(Entry::to_json).collect();
    m.insert("managedFields".into(), Value::Array(list));
}

/// The fields no manager owns: the type and the object's identity, which the server sets
/// (the apiserver's stripMeta).
pub fn strip(set: &Set) -> Set {
    set.difference(server_owned())
}

/// The set `strip` removes, built once: every write records its fields through it.
fn server_owned() -> &'static Set {
    static SET: OnceLock<Set> = OnceLock::new();
    SET.get_or_init(build_server_owned)
}

fn build_server_owned() -> Set {
    let f = |s: &str| Pe::Field(s.into());
    let mut meta = Set::default();
    for p in ["apiVersion", "kind", "metadata"] {
        meta.insert(&[f(p)]);
    }
    for p in [
        "name",
        "namespace",
        "creationTimestamp",
        "selfLink",
        "uid",
        "clusterName",
        "generation",
        "managedFields",
        "resourceVersion",
    ] {
        meta.insert(&[f("metadata"), f(p)]);
    }
    meta
}

/// What a write through the main resource or a subresource may own: the main resource resets
/// `status`, the `status` subresource everything but it.
pub fn reset_filter(set: &Set, subresource: &str) -> Set {
    let status = Pe::Field("status".into());
    if subresource == "status" {
        let mut out = Set::default();
        if set.members.contains(&status) {
            out.members.insert(status.clone());
        }
        if let Some(c) = set.children.get(&status) {
            out.children.insert(status, c.clone());
        }
        return out;
    }
    let mut only_status = Set::default();
    only_status.insert(&[status]);
    set.recursive_difference(&only_status)
}
