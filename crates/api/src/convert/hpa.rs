//! HorizontalPodAutoscaler between autoscaling/v1 and v2 (the storage version), as v1.32's
//! conversion does: v1 knows only a CPU utilization target and figure, so everything else v2
//! holds travels in `autoscaling.alpha.kubernetes.io/…` annotations, JSON in v1's older metric
//! shapes (and the behavior in the internal type's Go field names), and comes back from them.

use serde_json::{json, Map, Value};

use super::hpa_metrics::{
    metric_spec_to_v1, metric_spec_to_v2, metric_status_to_v1, metric_status_to_v2,
};

pub const METRICS: &str = "autoscaling.alpha.kubernetes.io/metrics";
pub const CURRENT_METRICS: &str = "autoscaling.alpha.kubernetes.io/current-metrics";
pub const CONDITIONS: &str = "autoscaling.alpha.kubernetes.io/conditions";
pub const BEHAVIOR: &str = "autoscaling.alpha.kubernetes.io/behavior";
const ROUND_TRIP: [&str; 4] = [METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR];

/// v2's default target when no metric is given (the controller's old implicit one).
const DEFAULT_CPU_UTILIZATION: i64 = 80;

/// Copy `keys` of `from` that are present into `to`, in that order.
pub(super) fn copy(from: &Value, to: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        if let Some(v) = from.get(*k).filter(|v| !v.is_null()) {
            to.insert((*k).to_string(), v.clone());
        }
    }
}

fn is_cpu_utilization(m: &Value) -> bool {
    m.get("type").and_then(|t| t.as_str()) == Some("Resource")
        && m.pointer("/resource/name").and_then(|n| n.as_str()) == Some("cpu")
        && m.pointer("/resource/target/averageUtilization").is_some()
}

/// The annotations without the round-trip ones (a client cannot set them).
fn metadata_without_round_trip(obj: &Value) -> Value {
    let mut meta = obj.get("metadata").cloned().unwrap_or_else(|| json!({}));
    if let Some(a) = meta.get_mut("annotations").and_then(|a| a.as_object_mut()) {
        for k in ROUND_TRIP {
            a.shift_remove(k);
        }
    }
    if meta
        .get("annotations")
        .and_then(|a| a.as_object())
        .is_some_and(|a| a.is_empty())
    {
        if let Some(m) = meta.as_object_mut() {
            m.shift_remove("annotations");
        }
    }
    meta
}

fn annotate(meta: &mut Value, key: &str, value: &Value) {
    let Some(m) = meta.as_object_mut() else {
        return;
    };
    let ann = m
        .entry("annotations")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(a) = ann.as_object_mut() {
        a.insert(key.to_string(), Value::String(value.to_string()));
    }
}

/// A stored (v2) autoscaler as autoscaling/v1 serves it.
pub fn to_v1(v2: &Value) -> Value {
    let mut meta = metadata_without_round_trip(v2);
    let spec = v2.get("spec").cloned().unwrap_or(Value::Null);
    let status = v2.get("status").cloned().unwrap_or(Value::Null);
    let metrics = spec
        .get("metrics")
        .and_then(|m| m.as_array())
        .cloned()
        .unwrap_or_default();
    let mut s = Map::new();
    copy(
        &spec,
        &mut s,
        &["scaleTargetRef", "minReplicas", "maxReplicas"],
    );
    if let Some(m) = metrics.iter().find(|m| {
        m.get("type").and_then(|t| t.as_str()) == Some("Resource")
            && m.pointer("/resource/name").and_then(|n| n.as_str()) == Some("cpu")
    }) {
        if let Some(u) = m.pointer("/resource/target/averageUtilization") {
            s.insert("targetCPUUtilizationPercentage".into(), u.clone());
        }
    }
    let others: Vec<Value> = metrics
        .iter()
        .filter(|m| !is_cpu_utilization(m))
        .map(metric_spec_to_v1)
        .collect();
    if !others.is_empty() {
        annotate(&mut meta, METRICS, &Value::Array(others));
    }
    let current = status
        .get("currentMetrics")
        .and_then(|m| m.as_array())
        .cloned()
        .unwrap_or_default();
    if !current.is_empty() {
        let v1: Vec<Value> = current.iter().map(metric_status_to_v1).collect();
        annotate(&mut meta, CURRENT_METRICS, &Value::Array(v1));
    }
    if let Some(b) = spec.get("behavior").filter(|b| b.is_object()) {
        annotate(&mut meta, BEHAVIOR, &behavior_to_internal(b));
    }
    let conditions = status
        .get("conditions")
        .and_then(|c| c.as_array())
        .cloned()
        .unwrap_or_default();
    if !conditions.is_empty() {
        let v1: Vec<Value> = conditions.iter().map(condition).collect();
        annotate(&mut meta, CONDITIONS, &Value::Array(v1));
    }
    let mut st = Map::new();
    copy(&status, &mut st, &["observedGeneration", "lastScaleTime"]);
    for k in ["currentReplicas", "desiredReplicas"] {
        st.insert(k.into(), status.get(k).cloned().unwrap_or(json!(0)));
    }
    let cpu = current.iter().find_map(|m| {
        let cpu = m.get("type").and_then(|t| t.as_str()) == Some("Resource")
            && m.pointer("/resource/name").and_then(|n| n.as_str()) == Some("cpu");
        cpu.then(|| m.pointer("/resource/current/averageUtilization").cloned())
            .flatten()
    });
    if let Some(u) = cpu {
        st.insert("currentCPUUtilizationPercentage".into(), u);
    }
    json!({
        "kind": "HorizontalPodAutoscaler",
        "apiVersion": "autoscaling/v1",
        "metadata": meta,
        "spec": s,
        "status": st,
    })
}

/// An autoscaling/v1 autoscaler as it is stored (v2), its annotations read back into fields.
pub fn to_v2(v1: &Value) -> Value {
    let ann = |k: &str| -> Option<Value> {
        let text = v1.pointer("/metadata/annotations")?.get(k)?.as_str()?;
        serde_json::from_str(text).ok()
    };
    let spec = v1.get("spec").cloned().unwrap_or(Value::Null);
    let status = v1.get("status").cloned().unwrap_or(Value::Null);
    let mut metrics: Vec<Value> = ann(METRICS)
        .and_then(|m| m.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .map(metric_spec_to_v2)
        .collect();
    if let Some(cpu) = spec
        .get("targetCPUUtilizationPercentage")
        .filter(|v| !v.is_null())
    {
        metrics.push(cpu_metric(cpu.clone()));
    }
    if metrics.is_empty() {
        metrics.push(cpu_metric(json!(DEFAULT_CPU_UTILIZATION)));
    }
    let mut s = Map::new();
    copy(
        &spec,
        &mut s,
        &["scaleTargetRef", "minReplicas", "maxReplicas"],
    );
    s.insert("metrics".into(), Value::Array(metrics));
    if let Some(b) = ann(BEHAVIOR).filter(|b| b.as_object().is_some_and(|m| !m.is_empty())) {
        s.insert("behavior".into(), behavior_from_internal(&b));
    }
    let mut st = Map::new();
    copy(
        &status,
        &mut st,
        &[
            "observedGeneration",
            "lastScaleTime",
            "currentReplicas",
            "desiredReplicas",
        ],
    );
    let current = match ann(CURRENT_METRICS).and_then(|m| m.as_array().cloned()) {
        Some(list) => Some(list.iter().map(metric_status_to_v2).collect::<Vec<_>>()),
        None => status
            .get("currentCPUUtilizationPercentage")
            .filter(|v| !v.is_null())
            .map(|u| {
                vec![json!({"type": "Resource", "resource": {"name": "cpu",
                    "current": {"averageUtilization": u}}})]
            }),
    };
    if let Some(c) = current {
        st.insert("currentMetrics".into(), Value::Array(c));
    }
    if let Some(c) = ann(CONDITIONS).and_then(|c| c.as_array().cloned()) {
        st.insert(
            "conditions".into(),
            Value::Array(c.iter().map(condition).collect()),
        );
    }
    json!({
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": metadata_without_round_trip(v1),
        "spec": s,
        "status": st,
    })
}

fn cpu_metric(utilization: Value) -> Value {
    json!({"type": "Resource", "resource": {"name": "cpu",
        "target": {"type": "Utilization", "averageUtilization": utilization}}})
}

/// A condition in v1's field order (the same fields as v2's).
fn condition(c: &Value) -> Value {
    let mut m = Map::new();
    copy(c, &mut m, &["type", "status"]);
    m.insert(
        "lastTransitionTime".into(),
        c.get("lastTransitionTime").cloned().unwrap_or(Value::Null),
    );
    copy(c, &mut m, &["reason", "message"]);
    Value::Object(m)
}

/// The behavior as Go marshals the internal type, which has no JSON tags: Go's field names.
fn behavior_to_internal(b: &Value) -> Value {
    let rules = |k: &str| match b.get(k).filter(|r| r.is_object()) {
        None => Value::Null,
        Some(r) => {
            let policies: Vec<Value> = r
                .get("policies")
                .and_then(|p| p.as_array())
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|p| {
                    json!({"Type": p.get("type").cloned().unwrap_or(json!("")),
                        "Value": p.get("value").cloned().unwrap_or(json!(0)),
                        "PeriodSeconds": p.get("periodSeconds").cloned().unwrap_or(json!(0))})
                })
                .collect();
            json!({
                "StabilizationWindowSeconds": r.get("stabilizationWindowSeconds").cloned().unwrap_or(Value::Null),
                "SelectPolicy": r.get("selectPolicy").cloned().unwrap_or(Value::Null),
                "Policies": if policies.is_empty() { Value::Null } else { Value::Array(policies) },
            })
        }
    };
    json!({"ScaleUp": rules("scaleUp"), "ScaleDown": rules("scaleDown")})
}

fn behavior_from_internal(b: &Value) -> Value {
    let rules = |k: &str| -> Option<Value> {
        let r = b.get(k).filter(|r| r.is_object())?;
        let mut m = Map::new();
        let get = |k: &str| r.get(k).filter(|v| !v.is_null()).cloned();
        if let Some(v) = get("StabilizationWindowSeconds") {
            m.insert("stabilizationWindowSeconds".into(), v);
        }
        if let Some(v) = get("SelectPolicy") {
            m.insert("selectPolicy".into(), v);
        }
        if let Some(Value::Array(ps)) = get("Policies") {
            let ps: Vec<Value> = ps
                .iter()
                .map(|p| {
                    json!({"type": p.get("Type"), "value": p.get("Value"),
                        "periodSeconds": p.get("PeriodSeconds")})
                })
                .collect();
            m.insert("policies".into(), Value::Array(ps));
        }
        Some(Value::Object(m))
    };
    let mut out = Map::new();
    if let Some(r) = rules("ScaleUp") {
        out.insert("scaleUp".into(), r);
    }
    if let Some(r) = rules("ScaleDown") {
        out.insert("scaleDown".into(), r);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_target_round_trips_and_defaults_to_80() {
        let v1 = json!({"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "web"},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                "maxReplicas": 5, "targetCPUUtilizationPercentage": 50}});
        let v2 = to_v2(&v1);
        assert_eq!(
            v2.pointer("/spec/metrics/0/resource/target/averageUtilization"),
            Some(&json!(50))
        );
        let back = to_v1(&v2);
        assert_eq!(
            back.pointer("/spec/targetCPUUtilizationPercentage"),
            Some(&json!(50))
        );
        assert_eq!(back.pointer("/status/desiredReplicas"), Some(&json!(0)));
        assert!(back.pointer("/metadata/annotations").is_none());
        let mut bare = v1.clone();
        if let Some(s) = bare.get_mut("spec").and_then(|s| s.as_object_mut()) {
            s.shift_remove("targetCPUUtilizationPercentage");
        }
        assert_eq!(
            to_v2(&bare).pointer("/spec/metrics/0/resource/target/averageUtilization"),
            Some(&json!(80))
        );
    }

    #[test]
    fn other_fields_travel_in_annotations() {
        let v2 = json!({"metadata": {"name": "web"},
            "spec": {"maxReplicas": 5, "metrics": [
                {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "100Mi"}}},
                {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}],
                "behavior": {"scaleDown": {"stabilizationWindowSeconds": 60, "selectPolicy": "Max",
                    "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}}},
            "status": {"currentReplicas": 2, "desiredReplicas": 2,
                "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 12, "averageValue": "12m"}}}],
                "conditions": [{"type": "AbleToScale", "status": "True", "lastTransitionTime": "2024-01-01T00:00:00Z", "reason": "ReadyForNewScale", "message": "m"}]}});
        let v1 = to_v1(&v2);
        let ann = |k: &str| {
            v1.pointer("/metadata/annotations")
                .and_then(|a| a.get(k))
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(
            ann(METRICS),
            r#"[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}]"#
        );
        assert_eq!(
            ann(CURRENT_METRICS),
            r#"[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":12,"currentAverageValue":"12m"}}]"#
        );
        assert_eq!(
            ann(BEHAVIOR),
            r#"{"ScaleUp":null,"ScaleDown":{"StabilizationWindowSeconds":60,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}]}}"#
        );
        assert_eq!(
            v1.pointer("/status/currentCPUUtilizationPercentage"),
            Some(&json!(12))
        );
        let again = to_v2(&v1);
        assert_eq!(again.pointer("/spec/metrics"), v2.pointer("/spec/metrics"));
        assert_eq!(
            again.pointer("/spec/behavior"),
            v2.pointer("/spec/behavior")
        );
        assert_eq!(
            again.pointer("/status/conditions"),
            v2.pointer("/status/conditions")
        );
        assert!(again.pointer("/metadata/annotations").is_none());
    }
}
