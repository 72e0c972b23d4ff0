//! HorizontalPodAutoscaler (stored as autoscaling/v2; a v1 request is validated after its
//! conversion, so its errors name v2's fields, as kube-apiserver's do): bounds, the target
//! reference, and each metric's source and target.

use serde_json::Value;

use super::Errs;
use kubeplay_core::api::names::path_segment_name;

/// HPAScaleToZero is off by default: at least one pod.
const MIN_REPLICAS_LOWER_BOUND: i64 = 1;

const SOURCE_TYPES: [&str; 5] = [
    "ContainerResource",
    "External",
    "Object",
    "Pods",
    "Resource",
];

pub fn hpa(obj: &Value, e: &mut Errs) {
    let spec = obj.get("spec").cloned().unwrap_or(Value::Null);
    let min = spec.get("minReplicas").and_then(|v| v.as_i64());
    let max = spec
        .get("maxReplicas")
        .and_then(|v| v.as_i64())
        .unwrap_or(0);
    if let Some(min) = min.filter(|m| *m < MIN_REPLICAS_LOWER_BOUND) {
        e.invalid_raw(
            "spec.minReplicas",
            &min.to_string(),
            &format!("must be greater than or equal to {MIN_REPLICAS_LOWER_BOUND}"),
        );
    }
    if max < 1 {
        e.invalid_raw(
            "spec.maxReplicas",
            &max.to_string(),
            "must be greater than 0",
        );
    }
    if min.is_some_and(|m| max < m) {
        e.invalid_raw(
            "spec.maxReplicas",
            &max.to_string(),
            "must be greater than or equal to `minReplicas`",
        );
    }
    let target = spec.get("scaleTargetRef").cloned().unwrap_or(Value::Null);
    for k in ["kind", "name"] {
        let field = format!("spec.scaleTargetRef.{k}");
        match target.get(k).and_then(|v| v.as_str()).unwrap_or("") {
            "" => e.required(&field),
            v => {
                for msg in path_segment_name(v) {
                    e.invalid(&field, v, &msg);
                }
            }
        }
    }
    let metrics = spec
        .get("metrics")
        .and_then(|m| m.as_array())
        .cloned()
        .unwrap_or_default();
    for (i, m) in metrics.iter().enumerate() {
        metric(m, &format!("spec.metrics[{i}]"), e);
    }
    if let Some(b) = spec.get("behavior").filter(|b| b.is_object()) {
        for dir in ["scaleUp", "scaleDown"] {
            if let Some(r) = b.get(dir).filter(|r| r.is_object()) {
                scaling_rules(r, &format!("spec.behavior.{dir}"), e);
            }
        }
    }
}

/// The API's bounds on behavior: a window of at most an hour, periods of
/// at most 30 minutes.
const MAX_STABILIZATION_WINDOW: i64 = 3600;
const MAX_PERIOD: i64 = 1800;

fn scaling_rules(r: &Value, path: &str, e: &mut Errs) {
    if let Some(w) = r.get("stabilizationWindowSeconds").and_then(|v| v.as_i64()) {
        let field = format!("{path}.stabilizationWindowSeconds");
        if w < 0 {
            e.invalid_raw(
                &field,
                &w.to_string(),
                "must be greater than or equal to zero",
            );
        }
        if w > MAX_STABILIZATION_WINDOW {
            let why = format!("must be less than or equal to {MAX_STABILIZATION_WINDOW}");
            e.invalid_raw(&field, &w.to_string(), &why);
        }
    }
    if let Some(p) = r.get("selectPolicy").and_then(|v| v.as_str()) {
        if !matches!(p, "Disabled" | "Max" | "Min") {
            let supported = ["Disabled", "Max", "Min"];
            e.unsupported(&format!("{path}.selectPolicy"), p, &supported);
        }
    }
    let policies = r
        .get("policies")
        .and_then(|p| p.as_array())
        .cloned()
        .unwrap_or_default();
    if policies.is_empty() {
        e.required_detail(
            &format!("{path}.policies"),
            "must specify at least one Policy",
        );
    }
    for (i, p) in policies.iter().enumerate() {
        let at = format!("{path}.policies[{i}]");
        let ty = p.get("type").and_then(|t| t.as_str()).unwrap_or("");
        if !matches!(ty, "Pods" | "Percent") {
            e.unsupported(&format!("{at}.type"), ty, &["Percent", "Pods"]);
        }
        let value = p.get("value").and_then(|v| v.as_i64()).unwrap_or(0);
        if value <= 0 {
            e.invalid_raw(
                &format!("{at}.value"),
                &value.to_string(),
                "must be greater than zero",
            );
        }
        let period = p.get("periodSeconds").and_then(|v| v.as_i64()).unwrap_or(0);
        let field = format!("{at}.periodSeconds");
        if period <= 0 {
            e.invalid_raw(&field, &period.to_string(), "must be greater than zero");
        }
        if period > MAX_PERIOD {
            let why = format!("must be less than or equal to {MAX_PERIOD}");
            e.invalid_raw(&field, &period.to_string(), &why);
        }
    }
}

fn metric(m: &Value, path: &str, e: &mut Errs) {
    let ty = m.get("type").and_then(|t| t.as_str()).unwrap_or("");
    if ty.is_empty() {
        e.required_detail(&format!("{path}.type"), "must specify a metric source type");
    }
    if !SOURCE_TYPES.contains(&ty) {
        e.unsupported(&format!("{path}.type"), ty, &SOURCE_TYPES);
    }
    let fields = [
        ("object", "Object"),
        ("pods", "Pods"),
        ("resource", "Resource"),
        ("containerResource", "ContainerResource"),
        ("external", "External"),
    ];
    let present: Vec<&str> = fields
        .iter()
        .filter(|(f, _)| m.get(*f).is_some_and(|v| !v.is_null()))
        .map(|(f, _)| *f)
        .collect();
    if let Some(first) = present.first() {
        if matches!(*first, "resource" | "containerResource") {
            resource_source(
                m.get(*first).unwrap_or(&Value::Null),
                &format!("{path}.{first}"),
                *first == "containerResource",
                e,
            );
        }
    }
    let expected = fields.iter().find(|(_, t)| *t == ty).map(|(f, _)| *f);
    let expected_field = expected.unwrap_or("");
    if !present.contains(&expected_field) {
        let field = match expected {
            Some(f) => format!("{path}.{f}"),
            None => format!("{path}.{}", ty.to_lowercase()),
        };
        e.required_detail(
            &field,
            "must populate information for the given metric source",
        );
    }
    if present.len() != 1 {
        for f in present.iter().filter(|f| **f != expected_field) {
            e.forbidden(
                &format!("{path}.{f}"),
                "must populate the given metric source only",
            );
        }
    }
}

fn resource_source(src: &Value, path: &str, container: bool, e: &mut Errs) {
    if container
        && src
            .get("container")
            .and_then(|c| c.as_str())
            .unwrap_or("")
            .is_empty()
    {
        e.required_detail(&format!("{path}.container"), "must specify a container");
    }
    if src
        .get("name")
        .and_then(|n| n.as_str())
        .unwrap_or("")
        .is_empty()
    {
        e.required_detail(&format!("{path}.name"), "must specify a resource name");
    }
    let target = src.get("target").cloned().unwrap_or(Value::Null);
    let tpath = format!("{path}.target");
    let ty = target.get("type").and_then(|t| t.as_str()).unwrap_or("");
    if ty.is_empty() {
        e.required_detail(
            &format!("{tpath}.type"),
            "must specify a metric target type",
        );
    }
    if !matches!(ty, "Utilization" | "Value" | "AverageValue") {
        e.invalid(
            &format!("{tpath}.type"),
            ty,
            "must be either Utilization, Value, or AverageValue",
        );
    }
    let utilization = target.get("averageUtilization").and_then(|v| v.as_i64());
    if let Some(u) = utilization.filter(|u| *u < 1) {
        e.invalid_raw(
            &format!("{tpath}.averageUtilization"),
            &u.to_string(),
            "must be greater than 0",
        );
    }
    let average = target.get("averageValue").filter(|v| !v.is_null());
    if utilization.is_none() && average.is_none() {
        e.required_detail(
            &format!("{tpath}.averageUtilization"),
            "must set either a target raw value or a target utilization",
        );
    }
    if utilization.is_some() && average.is_some() {
        e.forbidden(
            &format!("{tpath}.averageValue"),
            "may not set both a target raw value and a target utilization",
        );
    }
}
