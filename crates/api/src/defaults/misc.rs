//! Defaults of the remaining kinds: small, one function each.

use serde_json::{json, Value};

use super::{each_item, obj_at, set_default};

pub fn apply(kind: &str, obj: &mut Value) {
    match kind {
        "Secret" => {
            if let Some(m) = obj.as_object_mut() {
                set_default(m, "type", json!("Opaque"));
                merge_string_data(m);
            }
        }
        "Namespace" => {
            if let Some(s) = obj_at(obj, &["spec"]) {
                set_default(s, "finalizers", json!(["kubernetes"]));
            }
            if let Some(s) = obj_at(obj, &["status"]) {
                set_default(s, "phase", json!("Active"));
            }
        }
        "PersistentVolumeClaim" => {
            if let Some(s) = obj_at(obj, &["spec"]) {
                set_default(s, "volumeMode", json!("Filesystem"));
            }
            if let Some(s) = obj_at(obj, &["status"]) {
                set_default(s, "phase", json!("Pending"));
            }
        }
        "PersistentVolume" => {
            if let Some(s) = obj_at(obj, &["spec"]) {
                set_default(s, "persistentVolumeReclaimPolicy", json!("Retain"));
                set_default(s, "volumeMode", json!("Filesystem"));
            }
            if let Some(s) = obj_at(obj, &["status"]) {
                set_default(s, "phase", json!("Pending"));
            }
        }
        "RoleBinding" | "ClusterRoleBinding" => {
            if let Some(r) = obj.get_mut("roleRef").and_then(|r| r.as_object_mut()) {
                let empty = r
                    .get("apiGroup")
                    .and_then(|g| g.as_str())
                    .is_none_or(|g| g.is_empty());
                if empty {
                    r.insert("apiGroup".into(), json!("rbac.authorization.k8s.io"));
                }
            }
            if let Some(m) = obj.as_object_mut() {
                each_item(m, "subjects", |s| {
                    let kind = s.get("kind").and_then(|k| k.as_str()).unwrap_or("");
                    if matches!(kind, "User" | "Group") {
                        if let Some(s) = s.as_object_mut() {
                            set_default(s, "apiGroup", json!("rbac.authorization.k8s.io"));
                        }
                    }
                });
            }
        }
        "NetworkPolicy" => network_policy(obj),
        "HorizontalPodAutoscaler" => {
            if let Some(s) = obj_at(obj, &["spec"]) {
                set_default(s, "minReplicas", json!(1));
                let no_metrics = s
                    .get("metrics")
                    .and_then(|m| m.as_array())
                    .is_none_or(|m| m.is_empty());
                if no_metrics {
                    s.insert(
                        "metrics".into(),
                        json!([{"type": "Resource", "resource": {"name": "cpu",
                            "target": {"type": "Utilization", "averageUtilization": 80}}}]),
                    );
                }
                hpa_behavior(s);
            }
            hpa_status(obj);
        }
        "PriorityClass" => {
            if let Some(m) = obj.as_object_mut() {
                set_default(m, "preemptionPolicy", json!("PreemptLowerPriority"));
            }
        }
        "StorageClass" => {
            if let Some(m) = obj.as_object_mut() {
                set_default(m, "reclaimPolicy", json!("Delete"));
                set_default(m, "volumeBindingMode", json!("Immediate"));
            }
        }
        "CSIDriver" => {
            if let Some(s) = obj_at(obj, &["spec"]) {
                set_default(s, "attachRequired", json!(true));
                set_default(s, "podInfoOnMount", json!(false));
                set_default(s, "storageCapacity", json!(false));
                set_default(s, "fsGroupPolicy", json!("ReadWriteOnceWithFSType"));
                set_default(s, "requiresRepublish", json!(false));
                set_default(s, "seLinuxMount", json!(false));
                set_default(s, "volumeLifecycleModes", json!(["Persistent"]));
            }
        }
        "Ingress" => {
            // Nothing to default: pathType is required in networking.k8s.io/v1.
        }
        _ => {}
    }
}

/// A behavior given in part is completed with the defaults of each direction (scale up at
/// once by 4 pods or 100% per 15 s, scale down after 300 s of lower recommendations by 100% per
/// 15 s); no behavior stays none.
fn hpa_behavior(spec: &mut serde_json::Map<String, Value>) {
    let Some(b) = spec.get_mut("behavior").and_then(|b| b.as_object_mut()) else {
        return;
    };
    let up = json!({"stabilizationWindowSeconds": 0, "selectPolicy": "Max", "policies": [
        {"type": "Pods", "value": 4, "periodSeconds": 15},
        {"type": "Percent", "value": 100, "periodSeconds": 15}]});
    let down = json!({"stabilizationWindowSeconds": 300, "selectPolicy": "Max", "policies": [
        {"type": "Percent", "value": 100, "periodSeconds": 15}]});
    for (key, defaults) in [("scaleUp", up), ("scaleDown", down)] {
        let rules = b
            .entry(key)
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if rules.is_null() {
            *rules = json!({});
        }
        if let (Some(r), Some(d)) = (rules.as_object_mut(), defaults.as_object()) {
            for (k, v) in d {
                set_default(r, k, v.clone());
            }
        }
    }
}

/// v2's status as Go writes it: `desiredReplicas` and `currentMetrics` (null when none) always,
/// `currentReplicas` only when not 0.
fn hpa_status(obj: &mut Value) {
    let Some(m) = obj.as_object_mut() else {
        return;
    };
    let status = m
        .entry("status")
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    if let Some(st) = status.as_object_mut() {
        if st.get("currentReplicas").and_then(|v| v.as_i64()) == Some(0) {
            st.shift_remove("currentReplicas");
        }
        set_default(st, "desiredReplicas", json!(0));
        if !st.contains_key("currentMetrics") {
            st.insert("currentMetrics".into(), Value::Null);
        }
    }
}

fn network_policy(obj: &mut Value) {
    let Some(spec) = obj_at(obj, &["spec"]) else {
        return;
    };
    for dir in ["ingress", "egress"] {
        each_item(spec, dir, |rule| {
            if let Some(r) = rule.as_object_mut() {
                each_item(r, "ports", |p| {
                    if let Some(p) = p.as_object_mut() {
                        set_default(p, "protocol", json!("TCP"));
                    }
                });
            }
        });
    }
    let has_egress = spec
        .get("egress")
        .and_then(|e| e.as_array())
        .is_some_and(|e| !e.is_empty());
    let types = if has_egress {
        json!(["Ingress", "Egress"])
    } else {
        json!(["Ingress"])
    };
    set_default(spec, "policyTypes", types);
    set_default(spec, "podSelector", json!({}));
}

/// `stringData` is write-only: the server encodes it into `data` (overriding keys) and drops it.
fn merge_string_data(m: &mut serde_json::Map<String, Value>) {
    let Some(Value::Object(sd)) = m.shift_remove("stringData") else {
        return;
    };
    let data = m
        .entry("data")
        .or_insert_with(|| Value::Object(Default::default()));
    if !data.is_object() {
        *data = Value::Object(Default::default());
    }
    if let Value::Object(d) = data {
        for (k, v) in sd {
            let text = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            d.insert(k, json!(base64(text.as_bytes())));
        }
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHA[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_data_is_encoded_into_data() {
        let mut s = json!({"data": {"a": "eA=="}, "stringData": {"b": "hello", "a": "yy"}});
        apply("Secret", &mut s);
        assert_eq!(
            s,
            json!({"data": {"a": "eXk=", "b": "aGVsbG8="}, "type": "Opaque"})
        );
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
    }
}
