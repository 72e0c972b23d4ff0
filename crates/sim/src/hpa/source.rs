//! Each metric of an autoscaler → a proposed size and its status, from what metrics-server
//! reports (`crate::metrics`): resource metrics (cpu, memory) by utilization of the request or
//! by average value. The cluster serves no custom or external metrics API, so those metrics
//! fail as they do on a cluster without one.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::replicas::{self, PodMetric};
use super::target::Scale;
use crate::metrics;
use kubeplay_api::ApiServer;
use kubeplay_core::api::meta;
use kubeplay_core::api::quantity::{self, Quantity};

/// A metric that could be worked out.
pub struct Proposal {
    pub replicas: i64,
    /// How the rescale reason names it: `cpu resource utilization (percentage of request)`.
    pub name: String,
    pub status: Value,
}

/// A metric that could not: the event's reason and text, and the error passed up.
pub struct Failure {
    pub reason: &'static str,
    pub event: String,
    pub error: String,
}

pub fn compute(
    api: &ApiServer,
    ns: &str,
    scale: &Scale,
    spec: &Value,
) -> Result<Proposal, Failure> {
    let ty = spec.get("type").and_then(|t| t.as_str()).unwrap_or("");
    match ty {
        "Resource" => resource(api, ns, scale, spec, None),
        "ContainerResource" => {
            let container = meta::str_at(spec, &["containerResource", "container"]).to_string();
            resource(api, ns, scale, spec, Some(&container))
        }
        "Pods" => {
            let name = meta::str_at(spec, &["pods", "metric", "name"]);
            let e = format!("unable to get metric {name}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered");
            Err(Failure {
                reason: "FailedGetPodsMetric",
                event: e.clone(),
                error: format!("failed to get pods metric value: {e}"),
            })
        }
        "Object" => {
            let name = meta::str_at(spec, &["object", "metric", "name"]);
            let d = |k: &str| meta::str_at(spec, &["object", "describedObject", k]).to_string();
            let e = format!("unable to get metric {name}: {} on {ns} {}/unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered", d("kind"), d("name"));
            let error = match meta::str_at(spec, &["object", "target", "type"]) {
                "AverageValue" => format!("failed to get {name} object metric: {e}"),
                _ => e.clone(),
            };
            Err(Failure {
                reason: "FailedGetObjectMetric",
                event: e,
                error: format!("failed to get object metric value: {error}"),
            })
        }
        "External" => {
            let name = meta::str_at(spec, &["external", "metric", "name"]);
            let e = format!("unable to get external metric {ns}/{name}/nil: unable to fetch metrics from external metrics API: the server could not find the requested resource (get {name}.external.metrics.k8s.io)");
            let error = match spec.pointer("/external/target/averageValue") {
                Some(_) => format!("failed to get {name} external metric: {e}"),
                None => format!("failed to get external metric {name}: {e}"),
            };
            Err(Failure {
                reason: "FailedGetExternalMetric",
                event: e,
                error: format!("failed to get {name} external metric value: {error}"),
            })
        }
        other => {
            let e = format!("unknown metric source type \"{other}\"");
            Err(Failure {
                reason: "InvalidMetricSourceType",
                event: e.clone(),
                error: e,
            })
        }
    }
}

/// A Resource metric, or with `container` a ContainerResource one (that container's use
/// against its request).
fn resource(
    api: &ApiServer,
    ns: &str,
    scale: &Scale,
    spec: &Value,
    container: Option<&str>,
) -> Result<Proposal, Failure> {
    let (field, reason, kind) = match container {
        None => ("resource", "FailedGetResourceMetric", "resource"),
        Some(_) => (
            "containerResource",
            "FailedGetContainerResourceMetric",
            "container resource",
        ),
    };
    let src = spec.get(field).cloned().unwrap_or(Value::Null);
    let name = meta::str_at(&src, &["name"]).to_string();
    let target = src.get("target").cloned().unwrap_or(Value::Null);
    let utilization = target.get("averageUtilization").and_then(|v| v.as_i64());
    let average = target
        .get("averageValue")
        .and_then(quantity::from_json)
        .map(|q| i64::try_from(q.milli_value()).unwrap_or(i64::MAX));
    // A ContainerResource failure names the container, a Resource one the resource.
    let subject = match container {
        Some(c) => format!("{c} container"),
        None => format!("{name} resource"),
    };
    let fail = |e: String| Failure {
        reason,
        event: e.clone(),
        error: format!("failed to get {subject} metric value: {e}"),
    };
    let what = if average.is_some() {
        "usage"
    } else {
        "utilization"
    };
    let (pods, metrics) = match pod_metrics(api, ns, scale, &name, container) {
        Ok(m) => m,
        Err(e) => {
            let e = format!("unable to get metrics for resource {name}: {e}");
            return Err(fail(format!("failed to get {name} {what}: {e}")));
        }
    };
    let now = api.now;
    let status = |current: Value| {
        let mut body = json!({"name": name});
        if let Some(c) = container {
            body["container"] = json!(c);
        }
        body["current"] = current;
        let ty = if container.is_some() {
            "ContainerResource"
        } else {
            "Resource"
        };
        json!({"type": ty, field: body})
    };
    if let Some(avg) = average {
        let (replicas, usage) =
            replicas::raw_replicas(scale.replicas, avg, &name, &pods, metrics, now)
                .map_err(|e| fail(format!("failed to get {name} usage: {e}")))?;
        return Ok(Proposal {
            replicas,
            name: format!("{name} {kind}"),
            status: status(json!({"averageValue": milli_quantity(usage)})),
        });
    }
    let Some(target) = utilization else {
        return Err(fail("invalid resource metric source: neither an average utilization target nor an average value (usage) target was set".into()));
    };
    let measure = (name.as_str(), container);
    let p = replicas::resource_replicas(scale.replicas, target, measure, &pods, metrics, now)
        .map_err(|e| fail(format!("failed to get {name} utilization: {e}")))?;
    Ok(Proposal {
        replicas: p.replicas,
        name: format!("{name} {kind} utilization (percentage of request)"),
        status: status(json!({"averageValue": milli_quantity(p.raw_average),
            "averageUtilization": p.utilization})),
    })
}

/// A milli-value as a DecimalSI quantity (`resource.NewMilliQuantity`).
fn milli_quantity(m: i64) -> String {
    Quantity::parse(&format!("{m}m"))
        .map(|q| q.to_canonical())
        .unwrap_or_else(|| format!("{m}m"))
}

/// The pods the target's selector picks, and the metrics the resource metrics API reports for
/// them (milli-units), or its client's error.
fn pod_metrics(
    api: &ApiServer,
    ns: &str,
    scale: &Scale,
    resource: &str,
    container: Option<&str>,
) -> Result<(Vec<Value>, BTreeMap<String, PodMetric>), String> {
    let fetch = "unable to fetch metrics from resource metrics API";
    let Some(server) = metrics::server(api) else {
        return Err(format!(
            "{fetch}: the server could not find the requested resource (get pods.metrics.k8s.io)"
        ));
    };
    let Some((last, prev)) = server.scrapes(api.now) else {
        return Err(format!("{fetch}: the server is currently unable to handle the request (get pods.metrics.k8s.io)"));
    };
    let pods: Vec<Value> = api
        .store()
        .list("/pods", Some(ns))
        .filter(|(_, p)| {
            scale
                .selector
                .as_ref()
                .is_some_and(|s| s.matches(p.pointer("/metadata/labels")))
        })
        .map(|(_, p)| p.clone())
        .collect();
    let mut out = BTreeMap::new();
    let mut listed = 0;
    for pod in &pods {
        let Some(usage) = metrics::pod_usage(pod, prev) else {
            continue;
        };
        listed += 1;
        let usage: Vec<_> = match container {
            None => usage,
            Some(c) => {
                let mine: Vec<_> = usage.into_iter().filter(|u| u.name == c).collect();
                if mine.is_empty() {
                    return Err(format!(
                        "failed to get container metrics: container {c} not present in metrics for pod {ns}/{}",
                        meta::str_at(pod, &["metadata", "name"])
                    ));
                }
                mine
            }
        };
        // metrics-server reports only cpu and memory: other resources are missing.
        let value: u64 = match resource {
            "cpu" => usage.iter().map(|u| u.cpu_millis).sum(),
            "memory" => usage.iter().map(|u| u.memory.saturating_mul(1000)).sum(),
            _ => continue,
        };
        let name = meta::str_at(pod, &["metadata", "name"]).to_string();
        out.insert(
            name,
            PodMetric {
                value: i64::try_from(value).unwrap_or(i64::MAX),
                timestamp: last,
                window: server.resolution,
            },
        );
    }
    if listed == 0 {
        return Err("no metrics returned from resource metrics API".into());
    }
    Ok((pods, out))
}
