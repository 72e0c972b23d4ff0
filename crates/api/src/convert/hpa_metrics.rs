//! The metrics of a HorizontalPodAutoscaler between v2 and the older shapes autoscaling/v1's
//! annotations carry them in (`targetAverageUtilization`, `metricName`, `currentAverageValue`).

use serde_json::{json, Map, Value};

use super::hpa::copy;

/// v1's (v2beta1-shaped) metric source from a v2 one.
pub(super) fn metric_spec_to_v1(m: &Value) -> Value {
    let ty = m.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let mut out = Map::new();
    out.insert("type".into(), json!(ty));
    let mut src = Map::new();
    let target = |k: &str| m.pointer(&format!("/{}/target/{k}", field_of(ty))).cloned();
    match ty {
        "Resource" | "ContainerResource" => {
            let r = m.get(field_of(ty)).cloned().unwrap_or(Value::Null);
            copy(&r, &mut src, &["name"]);
            if let Some(u) = target("averageUtilization") {
                src.insert("targetAverageUtilization".into(), u);
            }
            if let Some(v) = target("averageValue") {
                src.insert("targetAverageValue".into(), v);
            }
            copy(&r, &mut src, &["container"]);
        }
        "Pods" => {
            src.insert(
                "metricName".into(),
                m.pointer("/pods/metric/name").cloned().unwrap_or(json!("")),
            );
            src.insert(
                "targetAverageValue".into(),
                target("averageValue").unwrap_or(json!("0")),
            );
            if let Some(sel) = m.pointer("/pods/metric/selector") {
                src.insert("selector".into(), sel.clone());
            }
        }
        "Object" => {
            let d = m.pointer("/object/describedObject").cloned();
            src.insert("target".into(), d.unwrap_or_else(|| json!({})));
            src.insert(
                "metricName".into(),
                m.pointer("/object/metric/name")
                    .cloned()
                    .unwrap_or(json!("")),
            );
            src.insert("targetValue".into(), target("value").unwrap_or(json!("0")));
            if let Some(sel) = m.pointer("/object/metric/selector") {
                src.insert("selector".into(), sel.clone());
            }
            if let Some(v) = target("averageValue") {
                src.insert("averageValue".into(), v);
            }
        }
        "External" => {
            src.insert(
                "metricName".into(),
                m.pointer("/external/metric/name")
                    .cloned()
                    .unwrap_or(json!("")),
            );
            if let Some(sel) = m.pointer("/external/metric/selector") {
                src.insert("metricSelector".into(), sel.clone());
            }
            if let Some(v) = target("value") {
                src.insert("targetValue".into(), v);
            }
            if let Some(v) = target("averageValue") {
                src.insert("targetAverageValue".into(), v);
            }
        }
        _ => return Value::Object(out),
    }
    out.insert(field_of(ty).into(), Value::Object(src));
    Value::Object(out)
}

/// The v2 metric source from v1's annotation form.
pub(super) fn metric_spec_to_v2(m: &Value) -> Value {
    let ty = m.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let f = field_of(ty);
    let src = m.get(f).cloned().unwrap_or(Value::Null);
    let get = |k: &str| src.get(k).filter(|v| !v.is_null()).cloned();
    let metric = |name: &str, sel: &str| {
        let mut id = Map::new();
        id.insert("name".into(), get(name).unwrap_or(json!("")));
        if let Some(s) = get(sel) {
            id.insert("selector".into(), s);
        }
        Value::Object(id)
    };
    let body = match ty {
        "Resource" | "ContainerResource" => {
            let mut t = Map::new();
            match get("targetAverageUtilization") {
                Some(u) => {
                    t.insert("type".into(), json!("Utilization"));
                    t.insert("averageUtilization".into(), u);
                }
                None => {
                    t.insert("type".into(), json!("AverageValue"));
                }
            }
            if let Some(v) = get("targetAverageValue") {
                t.insert("averageValue".into(), v);
            }
            let mut r = Map::new();
            r.insert("name".into(), get("name").unwrap_or(json!("")));
            if let Some(c) = get("container") {
                r.insert("container".into(), c);
            }
            r.insert("target".into(), Value::Object(t));
            Value::Object(r)
        }
        "Pods" => json!({"metric": metric("metricName", "selector"),
            "target": {"type": "AverageValue", "averageValue": get("targetAverageValue")}}),
        "Object" => {
            let mut t = Map::new();
            let avg = get("averageValue");
            t.insert(
                "type".into(),
                json!(if avg.is_some() {
                    "AverageValue"
                } else {
                    "Value"
                }),
            );
            t.insert("value".into(), get("targetValue").unwrap_or(json!("0")));
            if let Some(a) = avg {
                t.insert("averageValue".into(), a);
            }
            json!({"describedObject": get("target").unwrap_or(json!({})),
                "target": t, "metric": metric("metricName", "selector")})
        }
        "External" => {
            let mut t = Map::new();
            let value = get("targetValue");
            t.insert(
                "type".into(),
                json!(if value.is_some() {
                    "Value"
                } else {
                    "AverageValue"
                }),
            );
            if let Some(v) = value {
                t.insert("value".into(), v);
            }
            if let Some(a) = get("targetAverageValue") {
                t.insert("averageValue".into(), a);
            }
            json!({"metric": metric("metricName", "metricSelector"), "target": t})
        }
        _ => return json!({"type": ty}),
    };
    json!({"type": ty, f: body})
}

/// v1's form of a metric's current value.
pub(super) fn metric_status_to_v1(m: &Value) -> Value {
    let ty = m.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let f = field_of(ty);
    let mut out = Map::new();
    out.insert("type".into(), json!(ty));
    let Some(src) = m.get(f).filter(|s| s.is_object()) else {
        return Value::Object(out);
    };
    let cur = |k: &str| src.pointer(&format!("/current/{k}")).cloned();
    let mut s = Map::new();
    match ty {
        "Resource" | "ContainerResource" => {
            copy(src, &mut s, &["name"]);
            if let Some(u) = cur("averageUtilization") {
                s.insert("currentAverageUtilization".into(), u);
            }
            s.insert(
                "currentAverageValue".into(),
                cur("averageValue").unwrap_or(json!("0")),
            );
            copy(src, &mut s, &["container"]);
        }
        "Pods" => {
            s.insert(
                "metricName".into(),
                src.pointer("/metric/name").cloned().unwrap_or(json!("")),
            );
            s.insert(
                "currentAverageValue".into(),
                cur("averageValue").unwrap_or(json!("0")),
            );
        }
        _ => {
            s.insert(
                "metricName".into(),
                src.pointer("/metric/name").cloned().unwrap_or(json!("")),
            );
            s.insert("currentValue".into(), cur("value").unwrap_or(json!("0")));
        }
    }
    out.insert(f.into(), Value::Object(s));
    Value::Object(out)
}

pub(super) fn metric_status_to_v2(m: &Value) -> Value {
    let ty = m.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let f = field_of(ty);
    let Some(src) = m.get(f).filter(|s| s.is_object()) else {
        return json!({"type": ty});
    };
    let get = |k: &str| src.get(k).filter(|v| !v.is_null()).cloned();
    let mut cur = Map::new();
    let body = match ty {
        "Resource" | "ContainerResource" => {
            if let Some(v) = get("currentAverageValue") {
                cur.insert("averageValue".into(), v);
            }
            if let Some(u) = get("currentAverageUtilization") {
                cur.insert("averageUtilization".into(), u);
            }
            let mut r = Map::new();
            r.insert("name".into(), get("name").unwrap_or(json!("")));
            if let Some(c) = get("container") {
                r.insert("container".into(), c);
            }
            r.insert("current".into(), Value::Object(cur));
            Value::Object(r)
        }
        "Pods" => {
            if let Some(v) = get("currentAverageValue") {
                cur.insert("averageValue".into(), v);
            }
            json!({"metric": {"name": get("metricName")}, "current": cur})
        }
        _ => {
            if let Some(v) = get("currentValue") {
                cur.insert("value".into(), v);
            }
            json!({"metric": {"name": get("metricName")}, "current": cur})
        }
    };
    json!({"type": ty, f: body})
}

/// The field a metric type's source sits in.
fn field_of(ty: &str) -> &'static str {
    match ty {
        "Resource" => "resource",
        "ContainerResource" => "containerResource",
        "Pods" => "pods",
        "Object" => "object",
        "External" => "external",
        _ => "",
    }
}
