//! `kubectl describe horizontalpodautoscaler` (autoscaling/v2): each metric as
//! `current / target`, the replica bounds, the behavior, the conditions.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::events;
use super::{
    annotations_multiline, arr, go_value, int_at, labels_multiline, name_namespace, rfc1123z, s,
    time_at, Settings, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, W,
};
use crate::{Ctx, KError};
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, hpa: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, hpa, settings);
    Ok(render(hpa, evs.as_deref(), settings.now))
}

/// A quantity at `pointer` as Go prints it, or `<unknown>` when the status lacks it.
fn current(v: Option<&Value>, pointer: &str) -> String {
    v.and_then(|m| m.pointer(pointer))
        .map(go_value)
        .unwrap_or_else(|| "<unknown>".into())
}

/// A quantity of the spec, printed even when unset (Go prints a zero Quantity as `0`).
fn target(v: &Value, pointer: &str) -> String {
    v.pointer(pointer)
        .map(go_value)
        .unwrap_or_else(|| "0".into())
}

/// A Resource or ContainerResource metric: by average value or as a utilization.
fn resource_metric(w: &mut W, spec: &Value, status: Option<&Value>, head: &str) {
    w.write(LEVEL_1, head);
    if spec.pointer("/target/averageValue").is_some() {
        w.write(
            LEVEL_0,
            &format!(
                ":\t{} / {}\n",
                current(status, "/current/averageValue"),
                target(spec, "/target/averageValue")
            ),
        );
        return;
    }
    let now = match status.and_then(|m| m.pointer("/current/averageUtilization")) {
        Some(u) => format!(
            "{}% ({})",
            go_value(u),
            current(status, "/current/averageValue")
        ),
        None => "<unknown>".into(),
    };
    let goal = match spec.pointer("/target/averageUtilization") {
        Some(u) => format!("{}%", go_value(u)),
        None => "<auto>".into(),
    };
    w.write(
        LEVEL_1,
        &format!("(as a percentage of request):\t{now} / {goal}\n"),
    );
}

fn metric(w: &mut W, m: &Value, status: Option<&Value>) {
    let ty = s(m, "/type");
    let key = match ty {
        "Resource" => "resource",
        "ContainerResource" => "containerResource",
        "Pods" => "pods",
        "Object" => "object",
        "External" => "external",
        _ => "",
    };
    let spec = m.get(key).unwrap_or(&Value::Null);
    let status = status.and_then(|st| st.get(key));
    match ty {
        "Resource" => {
            let head = format!("resource {} on pods", s(spec, "/name"));
            resource_metric(w, spec, status, &head);
        }
        "ContainerResource" => {
            let head = format!(
                "resource {} of container \"{}\" on pods",
                s(spec, "/name"),
                s(spec, "/container")
            );
            resource_metric(w, spec, status, &head);
        }
        "Pods" => w.write(
            LEVEL_1,
            &format!(
                "{:?} on pods:\t{} / {}\n",
                s(spec, "/metric/name"),
                current(status, "/current/averageValue"),
                target(spec, "/target/averageValue")
            ),
        ),
        "Object" => {
            w.write(
                LEVEL_1,
                &format!(
                    "\"{}\" on {}/{} ",
                    s(spec, "/metric/name"),
                    s(spec, "/describedObject/kind"),
                    s(spec, "/describedObject/name")
                ),
            );
            let field = if s(spec, "/target/type") == "AverageValue" {
                ("(target average value)", "averageValue")
            } else {
                ("(target value)", "value")
            };
            w.write(
                LEVEL_0,
                &format!(
                    "{}:\t{} / {}\n",
                    field.0,
                    current(status, &format!("/current/{}", field.1)),
                    target(spec, &format!("/target/{}", field.1))
                ),
            );
        }
        "External" => {
            let field = if spec.pointer("/target/averageValue").is_some() {
                ("(target average value)", "averageValue")
            } else {
                ("(target value)", "value")
            };
            w.write(
                LEVEL_1,
                &format!(
                    "{:?} {}:\t{} / {}\n",
                    s(spec, "/metric/name"),
                    field.0,
                    current(status, &format!("/current/{}", field.1)),
                    target(spec, &format!("/target/{}", field.1))
                ),
            );
        }
        other => w.write(LEVEL_1, &format!("<unknown metric type {other:?}>\n")),
    }
}

fn behavior(w: &mut W, direction: &str, rules: Option<&Value>) {
    let Some(rules) = rules else {
        return;
    };
    w.write(LEVEL_1, &format!("{direction}:\n"));
    if let Some(window) = rules.get("stabilizationWindowSeconds") {
        w.write(
            LEVEL_2,
            &format!("Stabilization Window: {} seconds\n", go_value(window)),
        );
    }
    let policies = arr(rules, "/policies");
    if policies.is_empty() {
        return;
    }
    let select = match s(rules, "/selectPolicy") {
        "" => "Max",
        p => p,
    };
    w.write(LEVEL_2, &format!("Select Policy: {select}\n"));
    w.write(LEVEL_2, "Policies:\n");
    for p in policies {
        w.write(
            LEVEL_3,
            &format!(
                "- Type: {}\tValue: {}\tPeriod: {} seconds\n",
                s(p, "/type"),
                int_at(p, "/value"),
                int_at(p, "/periodSeconds")
            ),
        );
    }
}

pub fn render(hpa: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, hpa);
    labels_multiline(&mut w, "", "Labels", hpa.labels());
    annotations_multiline(&mut w, "Annotations", hpa.annotations());
    let created = time_at(hpa, "/metadata/creationTimestamp").map(rfc1123z);
    w.write(
        LEVEL_0,
        &format!("CreationTimestamp:\t{}\n", created.unwrap_or_default()),
    );
    let kind = s(hpa, "/spec/scaleTargetRef/kind");
    w.write(
        LEVEL_0,
        &format!(
            "Reference:\t{kind}/{}\n",
            s(hpa, "/spec/scaleTargetRef/name")
        ),
    );
    w.write(LEVEL_0, "Metrics:\t( current / target )\n");
    let statuses = arr(hpa, "/status/currentMetrics");
    for (i, m) in arr(hpa, "/spec/metrics").iter().enumerate() {
        metric(&mut w, m, statuses.get(i));
    }
    let min = match hpa.pointer("/spec/minReplicas") {
        Some(m) => go_value(m),
        None => "<unset>".into(),
    };
    w.write(LEVEL_0, &format!("Min replicas:\t{min}\n"));
    w.write(
        LEVEL_0,
        &format!("Max replicas:\t{}\n", int_at(hpa, "/spec/maxReplicas")),
    );
    if let Some(b) = hpa.pointer("/spec/behavior") {
        w.write(LEVEL_0, "Behavior:\n");
        behavior(&mut w, "Scale Up", b.get("scaleUp"));
        behavior(&mut w, "Scale Down", b.get("scaleDown"));
    }
    w.write(
        LEVEL_0,
        &format!(
            "{kind} pods:\t{} current / {} desired\n",
            int_at(hpa, "/status/currentReplicas"),
            int_at(hpa, "/status/desiredReplicas")
        ),
    );
    let conditions = arr(hpa, "/status/conditions");
    if !conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n");
        w.write(LEVEL_1, "Type\tStatus\tReason\tMessage\n");
        w.write(LEVEL_1, "----\t------\t------\t-------\n");
        for c in conditions {
            w.write(
                LEVEL_1,
                &format!(
                    "{}\t{}\t{}\t{}\n",
                    s(c, "/type"),
                    s(c, "/status"),
                    s(c, "/reason"),
                    s(c, "/message")
                ),
            );
        }
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cpu_utilization_before_metrics_arrive() {
        let hpa = json!({
            "metadata": {"name": "web", "namespace": "default",
                         "creationTimestamp": "2025-11-25T04:00:00Z"},
            "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web", "apiVersion": "apps/v1"},
                     "minReplicas": 1, "maxReplicas": 5,
                     "metrics": [{"type": "Resource", "resource": {"name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 50}}}]},
            "status": {"currentReplicas": 1, "desiredReplicas": 1}
        });
        assert_eq!(
            render(&hpa, None, Time(0)),
            "Name:                                                  web
Namespace:                                             default
Labels:                                                <none>
Annotations:                                           <none>
CreationTimestamp:                                     Tue, 25 Nov 2025 04:00:00 +0000
Reference:                                             Deployment/web
Metrics:                                               ( current / target )
  resource cpu on pods  (as a percentage of request):  <unknown> / 50%
Min replicas:                                          1
Max replicas:                                          5
Deployment pods:                                       1 current / 1 desired
"
        );
    }
}
