//! apps/v1 (and core ReplicationController) workload defaults.

use serde_json::{json, Value};

use super::pod::template;
use super::{each_item, obj_at, set_default};

fn spec_template(obj: &mut Value) {
    if let Some(t) = obj.pointer_mut("/spec/template") {
        template(t);
    }
}

pub fn deployment(obj: &mut Value) {
    if let Some(spec) = obj_at(obj, &["spec"]) {
        set_default(spec, "replicas", json!(1));
        set_default(spec, "revisionHistoryLimit", json!(10));
        set_default(spec, "progressDeadlineSeconds", json!(600));
        if let Some(st) = obj_at(obj, &["spec", "strategy"]) {
            set_default(st, "type", json!("RollingUpdate"));
            if st.get("type").and_then(|t| t.as_str()) == Some("RollingUpdate") {
                if let Some(ru) = st
                    .entry("rollingUpdate")
                    .or_insert_with(|| json!({}))
                    .as_object_mut()
                {
                    set_default(ru, "maxUnavailable", json!("25%"));
                    set_default(ru, "maxSurge", json!("25%"));
                }
            }
        }
    }
    spec_template(obj);
}

pub fn replica_set(obj: &mut Value) {
    if let Some(spec) = obj_at(obj, &["spec"]) {
        set_default(spec, "replicas", json!(1));
    }
    spec_template(obj);
}

/// A ReplicationController's selector and labels default to its template's labels.
pub fn replication_controller(obj: &mut Value) {
    let tmpl_labels = obj.pointer("/spec/template/metadata/labels").cloned();
    if let Some(spec) = obj_at(obj, &["spec"]) {
        set_default(spec, "replicas", json!(1));
        let empty = spec
            .get("selector")
            .and_then(|s| s.as_object())
            .is_none_or(|s| s.is_empty());
        if let (true, Some(l)) = (empty, tmpl_labels.clone()) {
            spec.insert("selector".into(), l);
        }
    }
    if let (Some(l), Some(m)) = (tmpl_labels, obj_at(obj, &["metadata"])) {
        let empty = m
            .get("labels")
            .and_then(|s| s.as_object())
            .is_none_or(|s| s.is_empty());
        if empty {
            m.insert("labels".into(), l);
        }
    }
    spec_template(obj);
}

pub fn daemon_set(obj: &mut Value) {
    if let Some(spec) = obj_at(obj, &["spec"]) {
        set_default(spec, "revisionHistoryLimit", json!(10));
    }
    if let Some(st) = obj_at(obj, &["spec", "updateStrategy"]) {
        set_default(st, "type", json!("RollingUpdate"));
        if st.get("type").and_then(|t| t.as_str()) == Some("RollingUpdate") {
            if let Some(ru) = st
                .entry("rollingUpdate")
                .or_insert_with(|| json!({}))
                .as_object_mut()
            {
                set_default(ru, "maxUnavailable", json!(1));
                set_default(ru, "maxSurge", json!(0));
            }
        }
    }
    spec_template(obj);
}

pub fn stateful_set(obj: &mut Value) {
    if let Some(spec) = obj_at(obj, &["spec"]) {
        set_default(spec, "replicas", json!(1));
        set_default(spec, "podManagementPolicy", json!("OrderedReady"));
        set_default(spec, "revisionHistoryLimit", json!(10));
        set_default(
            spec,
            "persistentVolumeClaimRetentionPolicy",
            json!({"whenDeleted": "Retain", "whenScaled": "Retain"}),
        );
        each_item(spec, "volumeClaimTemplates", |pvc| {
            if let Some(m) = pvc.as_object_mut() {
                set_default(m, "apiVersion", json!("v1"));
                set_default(m, "kind", json!("PersistentVolumeClaim"));
            }
            if let Some(m) = obj_at(pvc, &["metadata"]) {
                if !m.contains_key("creationTimestamp") {
                    m.insert("creationTimestamp".into(), Value::Null);
                }
            }
            if let Some(s) = obj_at(pvc, &["spec"]) {
                set_default(s, "volumeMode", json!("Filesystem"));
            }
            if let Some(s) = obj_at(pvc, &["status"]) {
                set_default(s, "phase", json!("Pending"));
            }
        });
    }
    if let Some(st) = obj_at(obj, &["spec", "updateStrategy"]) {
        // Only a strategy the server chose gets a rollingUpdate block it did not ask for.
        if st
            .get("type")
            .and_then(|t| t.as_str())
            .unwrap_or("")
            .is_empty()
        {
            st.insert("type".into(), json!("RollingUpdate"));
            set_default(st, "rollingUpdate", json!({}));
        }
        if let Some(ru) = st.get_mut("rollingUpdate").and_then(|r| r.as_object_mut()) {
            set_default(ru, "partition", json!(0));
        }
    }
    spec_template(obj);
}
