//! Why a Service sends traffic nowhere: no selector, a selector no pod's labels match (with the
//! values the pods do carry for its keys), or pods that match but are not ready.

use kubeplay_core::api::selector::LabelSelector;
use serde_json::Value;

use super::{name, pod, text, Ctx, Explanation};

pub fn explain(ctx: &Ctx, svc: &Value, e: &mut Explanation) {
    let n = name(svc);
    let ns = ctx.ns_flag();
    e.command(format!("kubectl describe service {n}{ns}"));
    e.command(format!(
        "kubectl get endpointslices{ns} -l kubernetes.io/service-name={n}"
    ));
    if text(svc, "/spec/type") == "ExternalName" {
        e.step(
            format!(
                "service/{n} is a name for {}: it has no endpoints by design",
                text(svc, "/spec/externalName")
            ),
            "spec.type ExternalName",
        );
        e.healthy = true;
        return;
    }
    let Some(selector) = svc
        .pointer("/spec/selector")
        .filter(|s| s.as_object().is_some_and(|m| !m.is_empty()))
    else {
        e.step(
            format!("service/{n} has no selector: its endpoints are whatever was written by hand"),
            "spec.selector",
        );
        return;
    };
    let (ready, not_ready) = endpoints(ctx, n);
    if ready > 0 {
        e.step(
            format!("service/{n} has {ready} ready endpoint(s): nothing to explain"),
            "EndpointSlice endpoints[].conditions.ready",
        );
        e.healthy = true;
        return;
    }
    let wanted = LabelSelector::from_json(&serde_json::json!({ "matchLabels": selector }));
    let shown = wanted.to_text();
    e.step(
        format!("service/{n} has no ready endpoints ({not_ready} not ready)"),
        "EndpointSlice endpoints[].conditions.ready",
    );
    let pods: Vec<&Value> = ctx
        .list("/pods")
        .filter(|p| wanted.matches(p.pointer("/metadata/labels")))
        .collect();
    e.command(format!("kubectl get pods{ns} -l {shown}"));
    if pods.is_empty() {
        e.step(
            format!("no pod in namespace {} has the labels {shown}", ctx.ns),
            "spec.selector, pods' metadata.labels",
        );
        near_misses(ctx, selector, e);
        return;
    }
    let Some(first) = pods.iter().find(|p| !pod::healthy(p)) else {
        return;
    };
    e.step(
        format!(
            "{} pod(s) match its selector, none ready: pod {} is {}",
            pods.len(),
            name(first),
            text(first, "/status/phase")
        ),
        "spec.selector, status.conditions Ready",
    );
    e.command(format!("kubectl describe pod {}{ns}", name(first)));
    pod::causes(ctx, first, e);
}

/// Ready and not-ready endpoints in the Service's EndpointSlices.
fn endpoints(ctx: &Ctx, service: &str) -> (usize, usize) {
    let mut counts = (0, 0);
    for slice in ctx.list("discovery.k8s.io/endpointslices") {
        if text(slice, "/metadata/labels/kubernetes.io~1service-name") != service {
            continue;
        }
        let list = slice.get("endpoints").and_then(|e| e.as_array());
        for ep in list.into_iter().flatten() {
            match ep.pointer("/conditions/ready").and_then(|r| r.as_bool()) {
                Some(false) => counts.1 += 1,
                _ => counts.0 += 1,
            }
        }
    }
    counts
}

/// For each selector key, the values pods in the namespace carry for it instead.
fn near_misses(ctx: &Ctx, selector: &Value, e: &mut Explanation) {
    let Some(keys) = selector.as_object() else {
        return;
    };
    for (key, want) in keys {
        let mut seen: Vec<String> = Vec::new();
        for p in ctx.list("/pods") {
            let label = p.pointer(&format!(
                "/metadata/labels/{}",
                key.replace('~', "~0").replace('/', "~1")
            ));
            if let Some(v) = label.and_then(|v| v.as_str()) {
                let shown = format!("{key}={v}");
                if Some(v) != want.as_str() && !seen.contains(&shown) {
                    seen.push(shown);
                }
            }
        }
        if !seen.is_empty() {
            e.step(
                format!(
                    "pods here carry {} instead of {key}={}",
                    seen.join(", "),
                    want.as_str().unwrap_or("")
                ),
                "pods' metadata.labels",
            );
        }
    }
}
