//! Which pods and containers a `logs` command reads (kubectl's `LogsForObject`): the container
//! of a pod (the default-container annotation, else the first, said on stderr when there were
//! others), every container with `--all-containers`, and for a workload or service the pod its
//! selector picks first in `ByLogging` order (or all of them with `--all-pods`).

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::Ctx;
use super::super::util::attach::{all_container_names, has_container, names};
use super::super::util::pod_rank;
use super::LogsOptions;
use kubeplay_core::api::meta;
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::sort::SortOnce;

/// The annotation that names the container `logs`, `exec` and `attach` use by default.
const DEFAULT_CONTAINER: &str = "kubectl.kubernetes.io/default-container";

/// One container of one pod to read.
#[derive(Debug, Clone)]
pub struct Target {
    pub namespace: String,
    pub pod: Value,
    pub container: String,
}

impl Target {
    pub fn pod_name(&self) -> &str {
        meta::name(&self.pod)
    }
}

/// The containers of `pod` to read.
pub fn for_pod(
    ctx: &mut Ctx,
    pod: &Value,
    container: &str,
    all_containers: bool,
    all_pods: bool,
) -> Result<Vec<Target>, KError> {
    let target = |c: String| Target {
        namespace: meta::namespace(pod).to_string(),
        pod: pod.clone(),
        container: c,
    };
    if all_containers {
        let mut out = Vec::new();
        for field in ["initContainers", "containers", "ephemeralContainers"] {
            out.extend(names(pod, field).into_iter().map(target));
        }
        return Ok(out);
    }
    let name = meta::name(pod);
    let mut chosen = container.to_string();
    if chosen.is_empty() {
        let wanted = meta::str_at(pod, &["metadata", "annotations", DEFAULT_CONTAINER]);
        if !wanted.is_empty() {
            if has_container(pod, wanted) {
                chosen = wanted.to_string();
            } else {
                ctx.eprint(format!(
                    "Default container name \"{wanted}\" not found in pod {name}\n"
                ));
            }
        }
    }
    if chosen.is_empty() {
        let main = names(pod, "containers");
        chosen = main.first().cloned().unwrap_or_default();
        let others = main.len() > 1
            || !names(pod, "initContainers").is_empty()
            || !names(pod, "ephemeralContainers").is_empty();
        if others && !all_pods {
            ctx.eprint(format!(
                "Defaulted container \"{chosen}\" out of: {}\n",
                all_container_names(pod)
            ));
        }
    }
    if !has_container(pod, &chosen) {
        return Err(KError::msg(format!(
            "container {chosen} is not valid for pod {name}"
        )));
    }
    Ok(vec![target(chosen)])
}

/// The pods a workload or service selects: the first by `ByLogging`, or all with `--all-pods`.
pub fn for_object(ctx: &mut Ctx, obj: &Value, o: &LogsOptions) -> Result<Vec<Target>, KError> {
    let selector = selector_of(obj)?;
    let ns = meta::namespace(obj).to_string();
    let list = ApiRequest::get(format!("/api/v1/namespaces/{ns}/pods"))
        .with_query("labelSelector", selector.clone());
    let mut pods: Vec<Value> = ctx
        .call(list)?
        .get("items")
        .and_then(|i| i.as_array())
        .cloned()
        .unwrap_or_default();
    if pods.is_empty() {
        pods = wait_for_pod(ctx, &ns, &selector, o.pod_timeout)?;
    }
    pods.sort_once_by(|a, b| pod_rank::compare(a, b, pod_rank::Restarts::MoreFirst));
    let Some(first) = pods.first().cloned() else {
        return Err(KError::msg("timed out waiting for the condition"));
    };
    let chosen = if pods.len() > 1 && o.all_pods {
        pods.clone()
    } else {
        if pods.len() > 1 {
            ctx.eprint(format!(
                "Found {} pods, using pod/{}\n",
                pods.len(),
                meta::name(&first)
            ));
        }
        vec![first]
    };
    let mut out = Vec::new();
    for pod in &chosen {
        out.extend(for_pod(
            ctx,
            pod,
            &o.request.container,
            o.all_containers,
            o.all_pods,
        )?);
    }
    Ok(out)
}

/// No pod yet: watch for one until `--pod-running-timeout`.
fn wait_for_pod(ctx: &mut Ctx, ns: &str, selector: &str, secs: i64) -> Result<Vec<Value>, KError> {
    let watch = ApiRequest::get(format!("/api/v1/namespaces/{ns}/pods"))
        .with_query("labelSelector", selector)
        .with_query("timeoutSeconds", secs.to_string())
        .with_query("watch", "true");
    let body = ctx.api.call(watch).body;
    let pod = body
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|e| {
            matches!(
                e.get("type").and_then(|t| t.as_str()),
                Some("ADDED" | "MODIFIED")
            )
        })
        .and_then(|e| e.get("object").cloned());
    match pod {
        Some(p) => Ok(vec![p]),
        None => Err(KError::msg("timed out waiting for the condition")),
    }
}

/// `SelectorsForObject`: the label selector of what can own or front pods.
fn selector_of(obj: &Value) -> Result<String, KError> {
    let kind = meta::kind(obj);
    let version = meta::str_at(obj, &["apiVersion"])
        .rsplit('/')
        .next()
        .unwrap_or("v1");
    let go_type = format!("*{version}.{kind}");
    let fail = |why: String| KError::msg(format!("cannot get the logs from {go_type}: {why}"));
    let spec_selector = obj.pointer("/spec/selector");
    match kind {
        "ReplicationController" | "Service" => {
            let map = spec_selector.and_then(|s| s.as_object());
            if kind == "Service" && map.is_none_or(|m| m.is_empty()) {
                return Err(fail(format!(
                    "invalid service '{}': Service is defined without a selector",
                    meta::name(obj)
                )));
            }
            let mut pairs: Vec<String> = map
                .into_iter()
                .flatten()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect();
            pairs.sort_once();
            Ok(pairs.join(","))
        }
        "ReplicaSet" | "Deployment" | "DaemonSet" | "StatefulSet" | "Job" => {
            Ok(LabelSelector::selector_string(spec_selector))
        }
        _ => Err(fail(format!("selector for {go_type} not implemented"))),
    }
}
