//! Fields that may not change after creation (the ValidateXUpdate functions).

use serde_json::Value;

use super::{go_label_selector, s, Errs};
use crate::status::StatusCause;

const POD_UPDATE_MSG: &str = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

const IMMUTABLE_WHEN_SET: &str = "field is immutable when `immutable` is set";

pub fn immutable(kind: &str, old: &Value, new: &Value) -> Vec<StatusCause> {
    let mut e = Errs::default();
    match kind {
        "Pod" => pod(old, new, &mut e),
        "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet" => {
            selector(old, new, &mut e);
            if kind == "StatefulSet" {
                stateful_set(old, new, &mut e);
            }
        }
        "Job" => job(old, new, &mut e),
        "Service" => service(old, new, &mut e),
        "ConfigMap" | "Secret" => {
            locked(old, new, kind, &mut e);
        }
        "RoleBinding" | "ClusterRoleBinding" if old.get("roleRef") != new.get("roleRef") => {
            let r = new.get("roleRef").cloned().unwrap_or(Value::Null);
            e.invalid_raw(
                "roleRef",
                &format!(
                    "rbac.RoleRef{{APIGroup:{}, Kind:{}, Name:{}}}",
                    super::go_quote(s(&r, "apiGroup")),
                    super::go_quote(s(&r, "kind")),
                    super::go_quote(s(&r, "name"))
                ),
                "cannot change roleRef",
            );
        }
        _ => {}
    }
    e.0
}

/// Everything but images, activeDeadlineSeconds and added tolerations is fixed once a pod exists.
fn pod(old: &Value, new: &Value, e: &mut Errs) {
    let (Some(mut a), Some(mut b)) = (old.get("spec").cloned(), new.get("spec").cloned()) else {
        return;
    };
    for spec in [&mut a, &mut b] {
        for key in ["containers", "initContainers"] {
            if let Some(cs) = spec.get_mut(key).and_then(|c| c.as_array_mut()) {
                for c in cs {
                    if let Some(m) = c.as_object_mut() {
                        m.shift_remove("image");
                    }
                }
            }
        }
        if let Some(m) = spec.as_object_mut() {
            m.shift_remove("activeDeadlineSeconds");
            m.shift_remove("nodeName");
        }
    }
    // Tolerations may only grow: the old ones must all still be there.
    let old_t = a.get("tolerations").and_then(|t| t.as_array()).cloned();
    let new_t = b.get("tolerations").and_then(|t| t.as_array()).cloned();
    let grew = match (&old_t, &new_t) {
        (Some(o), Some(n)) => o.iter().all(|t| n.contains(t)),
        (None, _) => true,
        _ => false,
    };
    if grew {
        for spec in [&mut a, &mut b] {
            if let Some(m) = spec.as_object_mut() {
                m.shift_remove("tolerations");
            }
        }
    }
    if a != b {
        e.forbidden("spec", POD_UPDATE_MSG);
    }
}

fn selector(old: &Value, new: &Value, e: &mut Errs) {
    let o = old.pointer("/spec/selector");
    let n = new.pointer("/spec/selector");
    if o != n {
        e.invalid_raw(
            "spec.selector",
            &n.map(go_label_selector).unwrap_or_else(|| "null".into()),
            "field is immutable",
        );
    }
}

fn stateful_set(old: &Value, new: &Value, e: &mut Errs) {
    let strip = |v: &Value| {
        let mut spec = v.get("spec").cloned().unwrap_or(Value::Null);
        if let Some(m) = spec.as_object_mut() {
            for k in [
                "replicas",
                "ordinals",
                "template",
                "updateStrategy",
                "persistentVolumeClaimRetentionPolicy",
                "minReadySeconds",
                "selector",
            ] {
                m.shift_remove(k);
            }
        }
        spec
    };
    if strip(old) != strip(new) {
        e.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
    }
}

fn job(old: &Value, new: &Value, e: &mut Errs) {
    if old.pointer("/spec/selector") != new.pointer("/spec/selector") {
        e.invalid_raw(
            "spec.selector",
            &new.pointer("/spec/selector")
                .map(go_label_selector)
                .unwrap_or_else(|| "null".into()),
            "field is immutable",
        );
    }
    if old.pointer("/spec/template") != new.pointer("/spec/template") {
        // The server prints the whole internal PodTemplateSpec here; we print its type only.
        e.invalid_raw(
            "spec.template",
            "core.PodTemplateSpec{...}",
            "field is immutable",
        );
    }
    let mode = old
        .pointer("/spec/completionMode")
        .and_then(|v| v.as_str())
        .unwrap_or("NonIndexed");
    if mode != "Indexed" && old.pointer("/spec/completions") != new.pointer("/spec/completions") {
        let n = new
            .pointer("/spec/completions")
            .map(|v| v.to_string())
            .unwrap_or_else(|| "null".into());
        e.invalid_raw("spec.completions", &n, "field is immutable");
    }
}

fn service(old: &Value, new: &Value, e: &mut Errs) {
    let o = s(old.get("spec").unwrap_or(&Value::Null), "clusterIP");
    let n = s(new.get("spec").unwrap_or(&Value::Null), "clusterIP");
    let new_type = new
        .pointer("/spec/type")
        .and_then(|t| t.as_str())
        .unwrap_or("");
    if !o.is_empty() && !n.is_empty() && o != n && new_type != "ExternalName" {
        e.invalid("spec.clusterIPs[0]", n, "may not change once set");
    }
}

fn locked(old: &Value, new: &Value, kind: &str, e: &mut Errs) {
    if kind == "Secret" {
        let ot = old.get("type").and_then(|t| t.as_str()).unwrap_or("");
        let nt = new.get("type").and_then(|t| t.as_str()).unwrap_or("");
        if ot != nt {
            e.invalid("type", nt, "field is immutable");
        }
    }
    if old.get("immutable").and_then(|v| v.as_bool()) != Some(true) {
        return;
    }
    if new.get("immutable").and_then(|v| v.as_bool()) != Some(true) {
        e.forbidden("immutable", IMMUTABLE_WHEN_SET);
    }
    let fields: &[&str] = if kind == "Secret" {
        &["data"]
    } else {
        &["data", "binaryData"]
    };
    for f in fields {
        if old.get(*f) != new.get(*f) {
            e.forbidden(f, IMMUTABLE_WHEN_SET);
        }
    }
}
