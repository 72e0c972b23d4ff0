//! Server-side Table rendering (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`): each kind
//! has its own small file with its columns and cells; this file holds the registry.

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::discovery::ResourceInfo;
use crate::store::Store;
use kubeplay_core::clock::{human_duration, Time};

mod apps;
mod batch;
mod core;
mod custom;
mod misc;
mod networking;
mod rbac;
mod storage;
#[cfg(test)]
mod tests;

/// A pod's READY, STATUS and RESTARTS as `kubectl get pods` shows them (the page's map uses it).
pub use self::core::{pod_summary, PodSummary};

/// One column: header name (Table form, e.g. "Name", "Cluster-IP"), and whether it is only shown
/// with `-o wide` (priority 1).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: &'static str,
    pub wide: bool,
}

pub const fn col(name: &'static str) -> Column {
    Column {
        name,
        ty: "string",
        wide: false,
    }
}

#[allow(dead_code)]
pub const fn int(name: &'static str) -> Column {
    Column {
        name,
        ty: "integer",
        wide: false,
    }
}

pub const fn wide(name: &'static str) -> Column {
    Column {
        name,
        ty: "string",
        wide: true,
    }
}

/// What a cell renderer may look at.
pub struct Ctx<'a> {
    pub now: Time,
    pub store: &'a Store,
}

pub type CellsFn = fn(&Value, &Ctx) -> Vec<Value>;

/// A kind's columns and cell renderer.
pub struct Printer {
    pub columns: &'static [Column],
    pub cells: CellsFn,
}

fn printer_for(info: &ResourceInfo) -> Option<Printer> {
    let (g, k) = (info.group.as_str(), info.kind.as_str());
    core::printer(g, k)
        .or_else(|| apps::printer(g, k))
        .or_else(|| batch::printer(g, k))
        .or_else(|| networking::printer(g, k))
        .or_else(|| storage::printer(g, k))
        .or_else(|| rbac::printer(g, k))
        .or_else(|| misc::printer(g, k))
}

const GENERIC: &[Column] = &[col("Name"), col("Age")];

fn generic_cells(obj: &Value, ctx: &Ctx) -> Vec<Value> {
    vec![json!(name(obj)), json!(age(obj, ctx.now))]
}

pub fn render(
    info: &ResourceInfo,
    objs: &[&Value],
    now: Time,
    include_object: &str,
    store: &Store,
) -> Value {
    let ctx = Ctx { now, store };
    let def = |name: &str, ty: &str, priority: i64| {
        json!({
            "name": name,
            "type": ty,
            "format": if name == "Name" { "name" } else { "" },
            "description": "",
            "priority": priority,
        })
    };
    let custom = match printer_for(info) {
        Some(_) => None,
        None => custom::columns(info, store),
    };
    let p = printer_for(info).unwrap_or(Printer {
        columns: GENERIC,
        cells: generic_cells,
    });
    let defs: Vec<Value> = match &custom {
        Some(cols) => std::iter::once(def("Name", "string", 0))
            .chain(cols.iter().map(|c| def(&c.name, &c.ty, c.priority)))
            .collect(),
        None => p
            .columns
            .iter()
            .map(|c| def(c.name, c.ty, if c.wide { 1 } else { 0 }))
            .collect(),
    };
    let cells_of = |o: &Value| match &custom {
        Some(cols) => custom::cells(o, cols, &ctx),
        None => (p.cells)(o, &ctx),
    };
    let rows: Vec<Value> = objs
        .iter()
        .map(|&o| row(cells_of(o), o, include_object))
        .collect();
    // Built as a map: `json!` would serialize the rows into a second copy of them.
    let mut table = Map::with_capacity(5);
    table.insert("kind".into(), "Table".into());
    table.insert("apiVersion".into(), "meta.k8s.io/v1".into());
    let rv = store.current_resource_version().to_string();
    table.insert("metadata".into(), json!({ "resourceVersion": rv }));
    table.insert("columnDefinitions".into(), Value::Array(defs));
    table.insert("rows".into(), Value::Array(rows));
    Value::Object(table)
}

/// One row: its cells, and the object as `includeObject` asks (none, all of it, or by default
/// its metadata).
fn row(cells: Vec<Value>, obj: &Value, include_object: &str) -> Value {
    let mut row = Map::with_capacity(2);
    row.insert("cells".into(), Value::Array(cells));
    let object = match include_object {
        "None" => None,
        "Object" => Some(obj.clone()),
        _ => {
            let mut partial = Map::with_capacity(3);
            partial.insert("kind".into(), "PartialObjectMetadata".into());
            partial.insert("apiVersion".into(), "meta.k8s.io/v1".into());
            let metadata = obj.get("metadata").cloned();
            partial.insert("metadata".into(), metadata.unwrap_or_else(|| json!({})));
            Some(Value::Object(partial))
        }
    };
    if let Some(object) = object {
        row.insert("object".into(), object);
    }
    Value::Object(row)
}

// Helpers shared by the per-kind files.

pub fn name(obj: &Value) -> &str {
    super::meta::name(obj)
}

pub fn age(obj: &Value, now: Time) -> String {
    ts_age(obj.pointer("/metadata/creationTimestamp"), now)
}

/// Age of a timestamp field, `<unknown>` when absent, as kubectl prints it.
pub fn ts_age(ts: Option<&Value>, now: Time) -> String {
    match ts.and_then(|v| v.as_str()).and_then(Time::parse_rfc3339) {
        Some(t) => human_duration(now.since(t)),
        None => "<unknown>".into(),
    }
}

pub fn s<'a>(obj: &'a Value, ptr: &str) -> &'a str {
    obj.pointer(ptr).and_then(|v| v.as_str()).unwrap_or("")
}

pub fn i(obj: &Value, ptr: &str) -> i64 {
    obj.pointer(ptr).and_then(|v| v.as_i64()).unwrap_or(0)
}

pub fn or_none(v: &str) -> String {
    if v.is_empty() {
        "<none>".into()
    } else {
        v.to_string()
    }
}

/// `k=v,k2=v2` in key order, or `<none>`.
pub fn selector_text(sel: Option<&Value>) -> String {
    let Some(m) = sel.and_then(|s| s.as_object()) else {
        return "<none>".into();
    };
    if m.is_empty() {
        return "<none>".into();
    }
    let mut pairs: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect();
    pairs.sort_once();
    pairs.join(",")
}

/// Container names and images of a pod template, comma-joined (the CONTAINERS/IMAGES columns).
pub fn containers_and_images(spec: Option<&Value>) -> (String, String) {
    let cs = spec
        .and_then(|s| s.get("containers"))
        .and_then(|c| c.as_array())
        .cloned()
        .unwrap_or_default();
    let names: Vec<&str> = cs.iter().map(|c| s(c, "/name")).collect();
    let images: Vec<&str> = cs.iter().map(|c| s(c, "/image")).collect();
    (names.join(","), images.join(","))
}
