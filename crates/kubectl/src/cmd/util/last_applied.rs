//! The `kubectl.kubernetes.io/last-applied-configuration` annotation: the configuration as the
//! user gave it (namespace filled in, the annotation itself left out), as compact JSON with
//! sorted keys and a trailing newline, exactly as kubectl stores it.

use serde_json::{Map, Value};

use crate::printers::go_json_escape;
use kubeplay_core::api::meta::set;

pub const ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// The object kubectl sends: the configuration plus its own last-applied annotation.
pub fn annotated(config: &Value) -> Value {
    let mut obj = config.clone();
    let mut annotations = obj
        .pointer("/metadata/annotations")
        .and_then(|a| a.as_object())
        .cloned()
        .unwrap_or_default();
    annotations.shift_remove(ANNOTATION);
    set(
        &mut obj,
        &["metadata", "annotations"],
        Value::Object(annotations.clone()),
    );
    let text = serialize(&obj);
    annotations.insert(ANNOTATION.to_string(), Value::String(text));
    set(
        &mut obj,
        &["metadata", "annotations"],
        Value::Object(annotations),
    );
    obj
}

/// The configuration applied last time, if the live object carries one.
pub fn from_live(live: &Value) -> Option<Value> {
    let text = live
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(ANNOTATION))
        .and_then(|v| v.as_str())?;
    Some(serde_json::from_str(text).unwrap_or(Value::Object(Map::new())))
}

/// The stored form: compact, sorted keys, HTML characters escaped as Go does, newline-terminated.
pub fn serialize(v: &Value) -> String {
    to_text(&kubeplay_core::api::meta::sorted(v))
}

/// Go's compact JSON of `v` with its keys as they are (a typed object keeps its fields' order),
/// and kubectl's trailing newline.
pub fn to_text(v: &Value) -> String {
    go_json_escape(&serde_json::to_string(v).unwrap_or_default()) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stored_like_kubectl() {
        let cfg = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm2", "namespace": "default"}, "data": {"a": "1"}});
        let obj = annotated(&cfg);
        assert_eq!(
            obj.pointer("/metadata/annotations").unwrap().get(ANNOTATION).unwrap(),
            "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\"},\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{},\"name\":\"cm2\",\"namespace\":\"default\"}}\n"
        );
        assert_eq!(from_live(&obj).unwrap().pointer("/data/a").unwrap(), "1");
    }
}
