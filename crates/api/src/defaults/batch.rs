//! batch/v1 defaults. A Job's selector is generated from its uid (PrepareForCreate), and the
//! labels follow from the template, as a Job read back from storage shows them.

use serde_json::{json, Value};

use super::pod::template;
use super::{obj_at, obj_in, set_default};

pub fn job(obj: &mut Value) {
    let uid = obj
        .pointer("/metadata/uid")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let name = obj
        .pointer("/metadata/name")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    if let Some(spec) = obj_at(obj, &["spec"]) {
        if spec.get("completions").is_none_or(|v| v.is_null())
            && spec.get("parallelism").is_none_or(|v| v.is_null())
        {
            spec.insert("completions".into(), json!(1));
        }
        set_default(spec, "parallelism", json!(1));
        // With a limit per index, the Job-wide limit defaults to none (MaxInt32).
        let per_index = spec
            .get("backoffLimitPerIndex")
            .is_some_and(|v| !v.is_null());
        set_default(
            spec,
            "backoffLimit",
            json!(if per_index { i32::MAX } else { 6 }),
        );
        set_default(spec, "completionMode", json!("NonIndexed"));
        set_default(spec, "suspend", json!(false));
        let policy = if spec.get("podFailurePolicy").is_some_and(|p| !p.is_null()) {
            "Failed"
        } else {
            "TerminatingOrFailed"
        };
        set_default(spec, "podReplacementPolicy", json!(policy));
        default_pattern_status(spec);
        let manual = spec.get("manualSelector").and_then(|v| v.as_bool()) == Some(true);
        if !manual && !uid.is_empty() {
            // The controller-uid goes into whatever selector the user gave; validation then
            // rejects a selector that asks for more (`selector` not auto-generated).
            if let Some(ml) = obj_in(spec, &["selector", "matchLabels"]) {
                ml.entry("batch.kubernetes.io/controller-uid")
                    .or_insert_with(|| json!(uid));
            }
            if let Some(l) = obj_in(spec, &["template", "metadata", "labels"]) {
                l.insert("batch.kubernetes.io/controller-uid".into(), json!(uid));
                l.insert("batch.kubernetes.io/job-name".into(), json!(name));
                l.insert("controller-uid".into(), json!(uid));
                l.insert("job-name".into(), json!(name));
            }
        }
    }
    if let Some(t) = obj.pointer_mut("/spec/template") {
        template(t);
    }
    let tmpl_labels = obj.pointer("/spec/template/metadata/labels").cloned();
    if let (Some(l), Some(m)) = (tmpl_labels, obj_at(obj, &["metadata"])) {
        if m.get("labels")
            .and_then(|s| s.as_object())
            .is_none_or(|s| s.is_empty())
        {
            m.insert("labels".into(), l);
        }
    }
}

pub fn cron_job(obj: &mut Value) {
    if let Some(spec) = obj_at(obj, &["spec"]) {
        set_default(spec, "concurrencyPolicy", json!("Allow"));
        set_default(spec, "suspend", json!(false));
        set_default(spec, "successfulJobsHistoryLimit", json!(3));
        set_default(spec, "failedJobsHistoryLimit", json!(1));
    }
    if let Some(jt) = obj.pointer_mut("/spec/jobTemplate") {
        if let Some(m) = obj_at(jt, &["metadata"]) {
            if !m.contains_key("creationTimestamp") {
                m.insert("creationTimestamp".into(), Value::Null);
            }
        }
    }
    if let Some(t) = obj.pointer_mut("/spec/jobTemplate/spec/template") {
        template(t);
    }
}

/// A pod failure policy's `onPodConditions` patterns match status True unless they say.
fn default_pattern_status(spec: &mut serde_json::Map<String, Value>) {
    let rules = spec
        .get_mut("podFailurePolicy")
        .and_then(|p| p.get_mut("rules"))
        .and_then(|r| r.as_array_mut());
    for rule in rules.into_iter().flatten() {
        let patterns = rule
            .get_mut("onPodConditions")
            .and_then(|p| p.as_array_mut());
        for p in patterns
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_object_mut())
        {
            if p.get("status")
                .is_none_or(|s| s.is_null() || s.as_str() == Some(""))
            {
                p.insert("status".into(), json!("True"));
            }
        }
    }
}
