//! The pod a `port-forward` reaches (`polymorphichelpers.AttachablePodForObjectFn`): a pod
//! itself; for what selects pods, the most active of them (reversed `podutils.ActivePods`),
//! watching for one to appear until `--pod-running-timeout` when there is none yet.

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::Ctx;
use super::super::util::pod_rank;
use kubeplay_core::api::meta;
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::sort::SortOnce;

pub fn forwardable(
    ctx: &mut Ctx,
    kind: &str,
    obj: &Value,
    ns: &str,
    timeout: i64,
) -> Result<Value, KError> {
    if kind == "Pod" {
        return Ok(obj.clone());
    }
    let selector = selector_of(kind, obj)?;
    let list = ctx.call(
        ApiRequest::get(format!("/api/v1/namespaces/{ns}/pods"))
            .with_query("labelSelector", selector.clone()),
    )?;
    let mut pods: Vec<Value> = list
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if pods.is_empty() {
        return wait_for_pod(ctx, ns, &selector, timeout);
    }
    pods.sort_once_by(|a, b| pod_rank::compare(a, b, pod_rank::Restarts::FewerFirst));
    pods.into_iter()
        .next()
        .ok_or_else(|| KError::msg("timed out waiting for the condition"))
}

/// `SelectorsForObject`, with `attachablePodForObject`'s prefix on its errors.
fn selector_of(kind: &str, obj: &Value) -> Result<String, KError> {
    let version = meta::str_at(obj, &["apiVersion"])
        .rsplit('/')
        .next()
        .unwrap_or("v1");
    let fail = |why: String| KError::msg(format!("cannot attach to *{version}.{kind}: {why}"));
    let spec_selector = obj.pointer("/spec/selector");
    match kind {
        "ReplicationController" | "Service" => {
            let map = spec_selector.and_then(Value::as_object);
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
        _ => Err(fail(format!(
            "selector for *{version}.{kind} not implemented"
        ))),
    }
}

fn wait_for_pod(ctx: &mut Ctx, ns: &str, selector: &str, secs: i64) -> Result<Value, KError> {
    let watch = ApiRequest::get(format!("/api/v1/namespaces/{ns}/pods"))
        .with_query("labelSelector", selector)
        .with_query("timeoutSeconds", secs.to_string())
        .with_query("watch", "true");
    let body = ctx.api.call(watch).body;
    body.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|e| {
            matches!(
                e.get("type").and_then(Value::as_str),
                Some("ADDED" | "MODIFIED")
            )
        })
        .and_then(|e| e.get("object").cloned())
        .ok_or_else(|| KError::msg("timed out waiting for the condition"))
}
