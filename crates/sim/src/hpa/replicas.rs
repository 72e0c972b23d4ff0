//! The replica calculator of v1.32's podautoscaler for resource metrics: utilization is the sum
//! of the pods' usage over the sum of their requests; pods without metrics count as using their
//! whole request on a scale down and nothing on a scale up; unready pods (and, for CPU, pods
//! still in their initialization period) are left out, and count as using nothing on a scale up;
//! a change within the tolerance (10%) is no change.

use std::collections::BTreeMap;

use serde_json::Value;

use kubeplay_core::api::meta;
use kubeplay_core::api::quantity;
use kubeplay_core::clock::Time;

/// `--horizontal-pod-autoscaler-tolerance`.
const TOLERANCE: f64 = 0.1;
/// `--horizontal-pod-autoscaler-cpu-initialization-period`.
const CPU_INITIALIZATION_PERIOD: i64 = 300;
/// `--horizontal-pod-autoscaler-initial-readiness-delay`.
const INITIAL_READINESS_DELAY: i64 = 30;

/// One pod's measured use, as the resource metrics API reported it.
#[derive(Debug, Clone, Copy)]
pub struct PodMetric {
    /// Milli-units (millicores, or thousandths of a byte).
    pub value: i64,
    pub timestamp: Time,
    pub window: i64,
}

/// What the calculation proposes: replicas, utilization (%) and the average raw use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Proposal {
    pub replicas: i64,
    pub utilization: i64,
    pub raw_average: i64,
}

/// The pods' requests of `resource` in milli-units (main containers and native sidecars, or the
/// one container a ContainerResource metric names), or the replica calculator's error for the
/// first container without one.
pub fn requests(
    pods: &[Value],
    resource: &str,
    container: Option<&str>,
) -> Result<BTreeMap<String, i64>, String> {
    let mut out = BTreeMap::new();
    for pod in pods {
        let list = |p: &str| {
            pod.pointer(p)
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default()
        };
        let sidecars = list("/spec/initContainers")
            .into_iter()
            .filter(|c| meta::str_at(c, &["restartPolicy"]) == "Always");
        let mut sum = 0i64;
        for c in list("/spec/containers").into_iter().chain(sidecars) {
            if container.is_some_and(|n| n != meta::str_at(&c, &["name"])) {
                continue;
            }
            let request = c
                .pointer(&format!("/resources/requests/{resource}"))
                .and_then(quantity::from_json);
            match request {
                Some(q) => sum += i64::try_from(q.milli_value()).unwrap_or(i64::MAX),
                None => {
                    return Err(format!(
                        "missing request for {resource} in container {} of Pod {}",
                        meta::str_at(&c, &["name"]),
                        meta::str_at(pod, &["metadata", "name"])
                    ))
                }
            }
        }
        out.insert(meta::str_at(pod, &["metadata", "name"]).to_string(), sum);
    }
    Ok(out)
}

/// `groupPods`: (ready count, unready, missing, ignored) pod names.
struct Groups {
    ready: usize,
    unready: Vec<String>,
    missing: Vec<String>,
    ignored: Vec<String>,
}

fn time_at(v: &Value, ptr: &str) -> Option<Time> {
    v.pointer(ptr)
        .and_then(|t| t.as_str())
        .and_then(Time::parse_rfc3339)
}

fn group_pods(
    pods: &[Value],
    metrics: &BTreeMap<String, PodMetric>,
    resource: &str,
    now: Time,
) -> Groups {
    let mut g = Groups {
        ready: 0,
        unready: Vec::new(),
        missing: Vec::new(),
        ignored: Vec::new(),
    };
    for pod in pods {
        let name = meta::str_at(pod, &["metadata", "name"]).to_string();
        let phase = meta::str_at(pod, &["status", "phase"]);
        if pod.pointer("/metadata/deletionTimestamp").is_some() || phase == "Failed" {
            g.ignored.push(name);
            continue;
        }
        if phase == "Pending" {
            g.unready.push(name);
            continue;
        }
        let Some(metric) = metrics.get(&name) else {
            g.missing.push(name);
            continue;
        };
        if resource == "cpu" && cpu_unready(pod, metric, now) {
            g.unready.push(name);
            continue;
        }
        g.ready += 1;
    }
    g
}

/// A CPU sample is left out while the pod is unready in its initialization period, or before a
/// whole metric window has passed since it became ready; afterwards only if it never was ready.
fn cpu_unready(pod: &Value, metric: &PodMetric, now: Time) -> bool {
    let ready = pod
        .pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .and_then(|cs| {
            cs.iter()
                .find(|c| c.get("type").and_then(|t| t.as_str()) == Some("Ready"))
        });
    let start = time_at(pod, "/status/startTime");
    let (Some(ready), Some(start)) = (ready, start) else {
        return true;
    };
    let status = ready.get("status").and_then(|s| s.as_str()).unwrap_or("");
    let transition = time_at(ready, "/lastTransitionTime").unwrap_or(start);
    if start.plus(CPU_INITIALIZATION_PERIOD) > now {
        status == "False" || metric.timestamp < transition.plus(metric.window)
    } else {
        status == "False" && start.plus(INITIAL_READINESS_DELAY) > transition
    }
}

/// `GetResourceUtilizationRatio`: (ratio to the target, utilization %, average raw use).
fn utilization_ratio(
    metrics: &BTreeMap<String, PodMetric>,
    requests: &BTreeMap<String, i64>,
    target: i64,
) -> Result<(f64, i64, i64), String> {
    let (mut used, mut requested, mut entries) = (0i64, 0i64, 0i64);
    for (name, m) in metrics {
        let Some(r) = requests.get(name) else {
            continue;
        };
        used += m.value;
        requested += r;
        entries += 1;
    }
    if requested == 0 {
        return Err("no metrics returned matched known pods".into());
    }
    let utilization = used * 100 / requested;
    Ok((
        utilization as f64 / target.max(1) as f64,
        utilization,
        used / entries.max(1),
    ))
}

/// `GetResourceReplicas` once the metrics are in hand.
pub fn resource_replicas(
    current: i64,
    target: i64,
    (resource, container): (&str, Option<&str>),
    pods: &[Value],
    mut metrics: BTreeMap<String, PodMetric>,
    now: Time,
) -> Result<Proposal, String> {
    if pods.is_empty() {
        return Err("no pods returned by selector while calculating replica count".into());
    }
    let g = group_pods(pods, &metrics, resource, now);
    for name in g.ignored.iter().chain(&g.unready) {
        metrics.remove(name);
    }
    if metrics.is_empty() {
        return Err("did not receive metrics for targeted pods (pods might be unready)".into());
    }
    let requests = requests(pods, resource, container)?;
    let (ratio, utilization, raw_average) = utilization_ratio(&metrics, &requests, target)?;
    let keep = Proposal {
        replicas: current,
        utilization,
        raw_average,
    };
    let scale_up_with_unready = !g.unready.is_empty() && ratio > 1.0;
    if !scale_up_with_unready && g.missing.is_empty() {
        if (1.0 - ratio).abs() <= TOLERANCE {
            return Ok(keep);
        }
        return Ok(Proposal {
            replicas: (ratio * g.ready as f64).ceil() as i64,
            ..keep
        });
    }
    let placeholder = |name: &String, percent: i64| PodMetric {
        value: requests.get(name).copied().unwrap_or(0) * percent / 100,
        timestamp: now,
        window: 0,
    };
    if ratio < 1.0 {
        for name in &g.missing {
            metrics.insert(name.clone(), placeholder(name, target.max(100)));
        }
    } else if ratio > 1.0 {
        for name in &g.missing {
            metrics.insert(name.clone(), placeholder(name, 0));
        }
    }
    if scale_up_with_unready {
        for name in &g.unready {
            metrics.insert(name.clone(), placeholder(name, 0));
        }
    }
    let (new_ratio, _, _) = utilization_ratio(&metrics, &requests, target)?;
    if (1.0 - new_ratio).abs() <= TOLERANCE
        || (ratio < 1.0 && new_ratio > 1.0)
        || (ratio > 1.0 && new_ratio < 1.0)
    {
        return Ok(keep);
    }
    let replicas = (new_ratio * metrics.len() as f64).ceil() as i64;
    if (new_ratio < 1.0 && replicas > current) || (new_ratio > 1.0 && replicas < current) {
        return Ok(keep);
    }
    Ok(Proposal { replicas, ..keep })
}

/// `GetRawResourceReplicas` once the metrics are in hand: the average use against an average
/// target (`calcPlainMetricReplicas`), and that average use.
pub fn raw_replicas(
    current: i64,
    target: i64,
    resource: &str,
    pods: &[Value],
    mut metrics: BTreeMap<String, PodMetric>,
    now: Time,
) -> Result<(i64, i64), String> {
    if pods.is_empty() {
        return Err("no pods returned by selector while calculating replica count".into());
    }
    let g = group_pods(pods, &metrics, resource, now);
    for name in g.ignored.iter().chain(&g.unready) {
        metrics.remove(name);
    }
    if metrics.is_empty() {
        return Err("did not receive metrics for targeted pods (pods might be unready)".into());
    }
    let average = |m: &BTreeMap<String, PodMetric>| {
        let total: i64 = m.values().map(|p| p.value).sum();
        let avg = total / (m.len().max(1) as i64);
        (avg as f64 / target.max(1) as f64, avg)
    };
    let (ratio, usage) = average(&metrics);
    let scale_up_with_unready = !g.unready.is_empty() && ratio > 1.0;
    if !scale_up_with_unready && g.missing.is_empty() {
        if (1.0 - ratio).abs() <= TOLERANCE {
            return Ok((current, usage));
        }
        return Ok(((ratio * g.ready as f64).ceil() as i64, usage));
    }
    let filler = |value: i64| PodMetric {
        value,
        timestamp: now,
        window: 0,
    };
    for name in &g.missing {
        let v = if ratio < 1.0 { target } else { 0 };
        metrics.insert(name.clone(), filler(v));
    }
    if scale_up_with_unready {
        for name in &g.unready {
            metrics.insert(name.clone(), filler(0));
        }
    }
    let (new_ratio, _) = average(&metrics);
    if (1.0 - new_ratio).abs() <= TOLERANCE
        || (ratio < 1.0 && new_ratio > 1.0)
        || (ratio > 1.0 && new_ratio < 1.0)
    {
        return Ok((current, usage));
    }
    let replicas = (new_ratio * metrics.len() as f64).ceil() as i64;
    if (new_ratio < 1.0 && replicas > current) || (new_ratio > 1.0 && replicas < current) {
        return Ok((current, usage));
    }
    Ok((replicas, usage))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(name: &str, cpu: &str) -> Value {
        json!({"metadata": {"name": name},
            "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": cpu}}}]},
            "status": {"phase": "Running", "startTime": "2024-01-01T00:00:00Z",
                "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2024-01-01T00:00:05Z"}]}})
    }

    fn at(s: &str) -> Time {
        Time::parse_rfc3339(s).unwrap_or(Time(0))
    }

    fn metric(v: i64) -> PodMetric {
        PodMetric {
            value: v,
            timestamp: at("2024-01-01T00:10:00Z"),
            window: 60,
        }
    }

    #[test]
    fn scales_by_the_usage_ratio_outside_the_tolerance() {
        let pods = vec![pod("a", "200m"), pod("b", "200m")];
        let now = at("2024-01-01T00:10:10Z");
        let m: BTreeMap<String, PodMetric> = [
            ("a".to_string(), metric(500)),
            ("b".to_string(), metric(500)),
        ]
        .into();
        let p = resource_replicas(2, 50, ("cpu", None), &pods, m, now).unwrap();
        assert_eq!((p.replicas, p.utilization, p.raw_average), (10, 250, 500));
        let m: BTreeMap<String, PodMetric> = [
            ("a".to_string(), metric(105)),
            ("b".to_string(), metric(105)),
        ]
        .into();
        assert_eq!(
            resource_replicas(2, 50, ("cpu", None), &pods, m, now)
                .unwrap()
                .replicas,
            2
        );
    }

    #[test]
    fn missing_metrics_count_as_nothing_on_a_scale_up() {
        let pods = vec![pod("a", "200m"), pod("b", "200m")];
        let now = at("2024-01-01T00:10:10Z");
        let m: BTreeMap<String, PodMetric> = [("a".to_string(), metric(400))].into();
        // a alone: 200% of 50% → 4; with b at 0: 100% → 2 pods × 2 = 4.
        let p = resource_replicas(2, 50, ("cpu", None), &pods, m, now).unwrap();
        assert_eq!((p.replicas, p.utilization), (4, 200));
    }

    #[test]
    fn a_container_without_a_request_is_an_error() {
        let mut p = pod("a", "200m");
        p["spec"]["containers"][0]["resources"] = json!({});
        assert_eq!(
            requests(&[p], "cpu", None).unwrap_err(),
            "missing request for cpu in container c of Pod a"
        );
    }
}
