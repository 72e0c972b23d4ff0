//! Why a pod is not running and ready: not scheduled (the scheduler's message, and for a lack of
//! resources the pod's requests beside each node's allocatable), a container waiting (an image
//! that does not pull, a missing ConfigMap, a volume that does not mount), crashing (its last exit),
//! not ready (its probe's failure), failed, or held by finalizers.

use kubeplay_core::api::quantity::{self, Quantity};
use serde_json::Value;

use super::{condition, events, int, name, text, Ctx, Explanation};

/// Whether the pod needs no explaining: running with every container ready, or completed.
pub fn healthy(pod: &Value) -> bool {
    if !text(pod, "/metadata/deletionTimestamp").is_empty() {
        return false;
    }
    match text(pod, "/status/phase") {
        "Succeeded" => true,
        "Running" => condition(pod, "Ready").is_some_and(|c| text(c, "/status") == "True"),
        _ => false,
    }
}

/// The pod's chain, its own state first.
pub fn explain(ctx: &Ctx, pod: &Value, e: &mut Explanation) {
    let pod_name = name(pod);
    let phase = text(pod, "/status/phase");
    e.command(format!("kubectl describe pod {pod_name}{}", ctx.ns_flag()));
    if healthy(pod) {
        let state = if phase == "Succeeded" {
            "has completed"
        } else {
            "is Running and Ready"
        };
        e.step(
            format!("pod/{pod_name} {state}: nothing to explain"),
            "status.phase",
        );
        e.healthy = true;
        return;
    }
    if !text(pod, "/metadata/deletionTimestamp").is_empty() {
        terminating(pod, e);
        return;
    }
    e.step(format!("pod/{pod_name} is {phase}"), "status.phase");
    causes(ctx, pod, e);
}

/// What holds the pod back, after its phase was said (a workload's chain starts here).
pub fn causes(ctx: &Ctx, pod: &Value, e: &mut Explanation) {
    match text(pod, "/status/phase") {
        "Pending" => {
            let scheduled = condition(pod, "PodScheduled");
            if scheduled.is_none_or(|c| text(c, "/status") != "True") {
                unscheduled(ctx, pod, scheduled, e);
            } else {
                containers(ctx, pod, e);
            }
        }
        "Running" => containers(ctx, pod, e),
        "Failed" => {
            let reason = text(pod, "/status/reason");
            let message = text(pod, "/status/message");
            if !reason.is_empty() || !message.is_empty() {
                e.step(
                    format!("it failed: {reason} {message}")
                        .trim_end()
                        .to_string(),
                    "status.reason, status.message",
                );
            }
            containers(ctx, pod, e);
        }
        _ => {}
    }
}

fn terminating(pod: &Value, e: &mut Explanation) {
    let pod_name = name(pod);
    e.step(
        format!(
            "pod/{pod_name} is Terminating since {}",
            text(pod, "/metadata/deletionTimestamp")
        ),
        "metadata.deletionTimestamp",
    );
    let finalizers: Vec<&str> = pod
        .pointer("/metadata/finalizers")
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str())
        .collect();
    if !finalizers.is_empty() {
        e.step(
            format!(
                "it waits for its finalizers to be removed: {}",
                finalizers.join(", ")
            ),
            "metadata.finalizers",
        );
    } else {
        let grace = int(pod, "/metadata/deletionGracePeriodSeconds");
        e.step(
            format!("its containers are given {grace}s to stop"),
            "metadata.deletionGracePeriodSeconds",
        );
    }
}

fn unscheduled(ctx: &Ctx, pod: &Value, scheduled: Option<&Value>, e: &mut Explanation) {
    let message = scheduled.map(|c| text(c, "/message")).unwrap_or("");
    if message.is_empty() {
        e.step(
            "it is not scheduled on a node yet",
            "status.conditions PodScheduled",
        );
        return;
    }
    let from = match events::latest(ctx, pod, &["FailedScheduling"]) {
        Some(ev) => events::source(ev),
        None => "status.conditions PodScheduled=False".to_string(),
    };
    e.step(format!("it cannot be scheduled: {message}"), from);
    for resource in ["cpu", "memory"] {
        if message.contains(&format!("Insufficient {resource}")) {
            insufficient(ctx, pod, resource, e);
        }
    }
    if message.contains("untolerated taint") {
        taints(ctx, e);
    }
    if message.contains("node affinity/selector") {
        let selector = pod
            .pointer("/spec/nodeSelector")
            .and_then(|s| s.as_object())
            .map(|m| {
                m.iter()
                    .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default();
        if !selector.is_empty() {
            e.step(
                format!("it only goes to nodes labelled {selector}"),
                "spec.nodeSelector",
            );
        }
        e.command("kubectl get nodes --show-labels");
    }
}

/// The pod's request of `resource` beside what each node has left of its allocatable.
fn insufficient(ctx: &Ctx, pod: &Value, resource: &str, e: &mut Explanation) {
    let wanted = requests(pod, resource);
    let mut nodes = Vec::new();
    for node in ctx.cluster_list("/nodes") {
        let Some(allocatable) = quantity::from_json(
            node.pointer(&format!("/status/allocatable/{resource}"))
                .unwrap_or(&Value::Null),
        ) else {
            continue;
        };
        let mut used = Quantity::default();
        for other in ctx.cluster_list("/pods") {
            let on_node = text(other, "/spec/nodeName") == name(node);
            let done = matches!(text(other, "/status/phase"), "Succeeded" | "Failed");
            if on_node && !done {
                used.add(&requests(other, resource));
            }
        }
        nodes.push(format!(
            "node {} has {} allocatable, {} already requested",
            name(node),
            allocatable.to_canonical(),
            used.to_canonical()
        ));
        e.command(format!("kubectl describe node {}", name(node)));
    }
    e.step(
        format!(
            "the pod requests {resource} {}; {}",
            wanted.to_canonical(),
            nodes.join("; ")
        ),
        format!(
            "spec.containers[*].resources.requests.{resource}, node status.allocatable.{resource}"
        ),
    );
}

/// What a pod asks of `resource`: its containers' requests summed, or its largest init
/// container's when more, as the scheduler counts it.
fn requests(pod: &Value, resource: &str) -> Quantity {
    let of = |list: &str| -> Vec<Quantity> {
        pod.pointer(list)
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
            .filter_map(|c| {
                quantity::from_json(
                    c.pointer(&format!("/resources/requests/{resource}"))
                        .unwrap_or(&Value::Null),
                )
            })
            .collect()
    };
    let mut sum = Quantity::default();
    for q in of("/spec/containers") {
        sum.add(&q);
    }
    for q in of("/spec/initContainers") {
        if q.cmp_value(&sum).is_gt() {
            sum = q;
        }
    }
    sum
}

fn taints(ctx: &Ctx, e: &mut Explanation) {
    for node in ctx.cluster_list("/nodes") {
        let taints: Vec<String> = node
            .pointer("/spec/taints")
            .and_then(|t| t.as_array())
            .into_iter()
            .flatten()
            .map(|t| {
                let value = text(t, "/value");
                let value = if value.is_empty() {
                    String::new()
                } else {
                    format!("={value}")
                };
                format!("{}{value}:{}", text(t, "/key"), text(t, "/effect"))
            })
            .collect();
        if !taints.is_empty() {
            e.step(
                format!(
                    "node {} is tainted {} and the pod does not tolerate it",
                    name(node),
                    taints.join(", ")
                ),
                "node spec.taints, pod spec.tolerations",
            );
            e.command(format!("kubectl describe node {}", name(node)));
        }
    }
}

/// The containers that hold the pod back: waiting, crashing or not ready.
fn containers(ctx: &Ctx, pod: &Value, e: &mut Explanation) {
    let pod_name = name(pod);
    let ns = ctx.ns_flag();
    for (list, what) in [
        ("/status/initContainerStatuses", "init container"),
        ("/status/containerStatuses", "container"),
    ] {
        let statuses = pod.pointer(list).and_then(|s| s.as_array());
        for status in statuses.into_iter().flatten() {
            let c = text(status, "/name");
            let from = format!("status.{}[{c}]", &list["/status/".len()..]);
            if let Some(waiting) = status.pointer("/state/waiting") {
                let reason = text(waiting, "/reason");
                let message = text(waiting, "/message");
                let says = match message {
                    "" => format!("{what} {c} is waiting: {reason}"),
                    m => format!("{what} {c} is waiting: {reason}: {m}"),
                };
                e.step(says, format!("{from}.state.waiting"));
                // The kubelet's message often carries the event's words already.
                if message.is_empty() {
                    waiting_cause(ctx, pod, c, reason, e);
                }
                image(pod, c, reason, e);
                if reason == "CrashLoopBackOff" {
                    last_run(status, pod, c, e);
                    e.command(format!("kubectl logs {pod_name} -c {c} --previous{ns}"));
                }
                return;
            }
            if let Some(done) = status.pointer("/state/terminated") {
                let code = int(done, "/exitCode");
                let failed_init = what == "init container" && code != 0;
                let failed = what == "container" && text(pod, "/status/phase") == "Failed";
                if failed_init || failed {
                    e.step(
                        format!(
                            "{what} {c} exited with code {code} ({})",
                            text(done, "/reason")
                        ),
                        format!("{from}.state.terminated"),
                    );
                    e.command(format!("kubectl logs {pod_name} -c {c}{ns}"));
                    return;
                }
            }
            let running = status.pointer("/state/running").is_some();
            let ready = status.get("ready").and_then(|r| r.as_bool()) == Some(true);
            if running && !ready && what == "container" {
                e.step(
                    format!("container {c} is running but not ready"),
                    format!("{from}.ready"),
                );
                if let Some(ev) = events::latest(ctx, pod, &["Unhealthy"]) {
                    e.step(text(ev, "/message").to_string(), events::source(ev));
                }
                return;
            }
        }
    }
    if let Some(ev) = events::latest_warning(ctx, pod) {
        e.step(text(ev, "/message").to_string(), events::source(ev));
        e.command(format!(
            "kubectl get events{ns} --field-selector involvedObject.name={pod_name}"
        ));
    }
}

/// The event behind a waiting reason: the pull's error, the mount's, the sandbox's.
fn waiting_cause(ctx: &Ctx, pod: &Value, container: &str, reason: &str, e: &mut Explanation) {
    let reasons: &[&str] = match reason {
        "ErrImagePull" | "ImagePullBackOff" | "InvalidImageName" => &["Failed"],
        "ContainerCreating" | "PodInitializing" => &["FailedMount", "FailedCreatePodSandBox"],
        _ => &[],
    };
    let found = events::about(ctx, pod).into_iter().find(|ev| {
        let field = text(ev, "/involvedObject/fieldPath");
        let ours = field.is_empty() || field.contains(&format!("{{{container}}}"));
        // A pull's own error, not the kubelet's `Error: ImagePullBackOff` that follows it.
        let said = !text(ev, "/message").starts_with("Error: ");
        ours && said && reasons.contains(&text(ev, "/reason"))
    });
    if let Some(ev) = found {
        e.step(text(ev, "/message").to_string(), events::source(ev));
    }
}

/// The image a container that does not pull asks for.
fn image(pod: &Value, container: &str, reason: &str, e: &mut Explanation) {
    if matches!(
        reason,
        "ErrImagePull" | "ImagePullBackOff" | "InvalidImageName"
    ) {
        let image = pod
            .pointer("/spec/containers")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
            .find(|c| text(c, "/name") == container)
            .map(|c| text(c, "/image"))
            .unwrap_or("");
        e.step(
            format!("the image it asks for is {image}"),
            format!("spec.containers[{container}].image"),
        );
    }
}

/// How the crashing container's last run ended.
fn last_run(status: &Value, pod: &Value, container: &str, e: &mut Explanation) {
    let Some(last) = status.pointer("/lastState/terminated") else {
        return;
    };
    let reason = text(last, "/reason");
    let restarts = int(status, "/restartCount");
    e.step(
        format!(
            "its last run ended with exit code {} ({reason}); it restarted {restarts} times",
            int(last, "/exitCode")
        ),
        format!("status.containerStatuses[{container}].lastState.terminated, restartCount"),
    );
    if reason == "OOMKilled" {
        let limit = pod
            .pointer("/spec/containers")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
            .find(|c| text(c, "/name") == container)
            .map(|c| text(c, "/resources/limits/memory"))
            .unwrap_or("");
        if !limit.is_empty() {
            e.step(
                format!("it used more memory than its limit of {limit}"),
                format!("spec.containers[{container}].resources.limits.memory"),
            );
        }
    }
}
