//! Pieces of the objects kubectl's generators build (create's subcommands, run, expose), in
//! Go's field order, which shows in `-o json`.

use serde_json::{Map, Value};

use crate::Ctx;

/// The namespace written into a generated object: only the one given with `-n`.
pub fn explicit_namespace(ctx: &Ctx) -> Option<String> {
    ctx.namespace_explicit().then(|| ctx.namespace())
}

/// ObjectMeta in Go's field order: name, namespace, creationTimestamp, labels.
pub fn object_meta(name: &str, namespace: Option<&str>, labels: Option<Value>) -> Value {
    let mut m = Map::new();
    if !name.is_empty() {
        m.insert("name".into(), Value::String(name.into()));
    }
    if let Some(ns) = namespace {
        m.insert("namespace".into(), Value::String(ns.into()));
    }
    m.insert("creationTimestamp".into(), Value::Null);
    if let Some(l) = labels {
        m.insert("labels".into(), l);
    }
    Value::Object(m)
}
