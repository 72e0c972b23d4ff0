//! Why a workload lacks replicas: its own conditions (a progress deadline, a refused pod create),
//! then the first of its pods that is not healthy, explained as a pod.

use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::{condition, events, int, name, pod, text, Ctx, Explanation};

pub fn deployment(ctx: &Ctx, d: &Value, e: &mut Explanation) {
    let n = name(d);
    let ns = ctx.ns_flag();
    e.command(format!("kubectl describe deployment {n}{ns}"));
    let want = int(d, "/spec/replicas");
    let available = int(d, "/status/availableReplicas");
    let updated = int(d, "/status/updatedReplicas");
    if available >= want && updated >= want && int(d, "/status/replicas") == want {
        e.step(
            format!("deployment/{n} has {available}/{want} replicas available: nothing to explain"),
            "status.availableReplicas, spec.replicas",
        );
        e.healthy = true;
        return;
    }
    e.step(
        format!("deployment/{n} has {available}/{want} replicas available ({updated} up to date)"),
        "status.availableReplicas, status.updatedReplicas, spec.replicas",
    );
    if d.pointer("/spec/paused").and_then(|p| p.as_bool()) == Some(true) {
        e.step("its rollout is paused", "spec.paused");
        e.command(format!("kubectl rollout resume deployment/{n}{ns}"));
    }
    conditions(d, &["Progressing", "ReplicaFailure"], e);
    // Its ReplicaSets, newest first: the pods of the rollout in progress matter most.
    let mut sets: Vec<&Value> = owned(ctx, "apps/replicasets", d).collect();
    sets.sort_once_by_key(|rs| std::cmp::Reverse(revision(rs)));
    for rs in &sets {
        conditions(rs, &["ReplicaFailure"], e);
    }
    let pods: Vec<&Value> = sets
        .iter()
        .flat_map(|rs| owned(ctx, "/pods", rs).collect::<Vec<_>>())
        .collect();
    e.command(format!(
        "kubectl get replicasets,pods{ns} -l {}",
        selector(d)
    ));
    pods_of(ctx, &pods, e);
}

pub fn replicaset(ctx: &Ctx, rs: &Value, e: &mut Explanation) {
    scaled("replicaset", ctx, rs, "/status/readyReplicas", e);
}

pub fn statefulset(ctx: &Ctx, sts: &Value, e: &mut Explanation) {
    scaled("statefulset", ctx, sts, "/status/readyReplicas", e);
}

pub fn daemonset(ctx: &Ctx, ds: &Value, e: &mut Explanation) {
    let n = name(ds);
    let ns = ctx.ns_flag();
    e.command(format!("kubectl describe daemonset {n}{ns}"));
    let want = int(ds, "/status/desiredNumberScheduled");
    let ready = int(ds, "/status/numberReady");
    if ready >= want {
        e.step(
            format!("daemonset/{n} has {ready}/{want} pods ready: nothing to explain"),
            "status.numberReady, status.desiredNumberScheduled",
        );
        e.healthy = true;
        return;
    }
    e.step(
        format!("daemonset/{n} has {ready}/{want} pods ready"),
        "status.numberReady, status.desiredNumberScheduled",
    );
    let pods: Vec<&Value> = owned(ctx, "/pods", ds).collect();
    pods_of(ctx, &pods, e);
}

pub fn job(ctx: &Ctx, job: &Value, e: &mut Explanation) {
    let n = name(job);
    let ns = ctx.ns_flag();
    e.command(format!("kubectl describe job {n}{ns}"));
    if let Some(c) = condition(job, "Failed").filter(|c| text(c, "/status") == "True") {
        e.step(
            format!(
                "job/{n} failed: {} ({})",
                text(c, "/message"),
                text(c, "/reason")
            ),
            "status.conditions Failed",
        );
        let pods: Vec<&Value> = owned(ctx, "/pods", job).collect();
        if let Some(p) = pods
            .iter()
            .rev()
            .find(|p| text(p, "/status/phase") == "Failed")
        {
            e.step(format!("pod/{} failed", name(p)), "status.phase");
            e.command(format!("kubectl describe pod {}{ns}", name(p)));
            pod::causes(ctx, p, e);
        }
        return;
    }
    if condition(job, "Complete").is_some_and(|c| text(c, "/status") == "True") {
        e.step(
            format!("job/{n} has completed: nothing to explain"),
            "status.conditions Complete",
        );
        e.healthy = true;
        return;
    }
    let active = int(job, "/status/active");
    let failed = int(job, "/status/failed");
    e.step(
        format!("job/{n} is running: {active} active, {failed} failed so far"),
        "status.active, status.failed",
    );
    if job.pointer("/spec/suspend").and_then(|s| s.as_bool()) == Some(true) {
        e.step("it is suspended", "spec.suspend");
    }
    let pods: Vec<&Value> = owned(ctx, "/pods", job).collect();
    pods_of(ctx, &pods, e);
}

/// A ReplicaSet's or StatefulSet's chain: ready against desired, its refusals, its pods.
fn scaled(kind: &str, ctx: &Ctx, obj: &Value, ready_at: &str, e: &mut Explanation) {
    let n = name(obj);
    let ns = ctx.ns_flag();
    e.command(format!("kubectl describe {kind} {n}{ns}"));
    let want = int(obj, "/spec/replicas");
    let ready = int(obj, ready_at);
    if ready >= want {
        e.step(
            format!("{kind}/{n} has {ready}/{want} replicas ready: nothing to explain"),
            "status.readyReplicas, spec.replicas",
        );
        e.healthy = true;
        return;
    }
    e.step(
        format!("{kind}/{n} has {ready}/{want} replicas ready"),
        "status.readyReplicas, spec.replicas",
    );
    conditions(obj, &["ReplicaFailure"], e);
    if let Some(ev) = events::latest(ctx, obj, &["FailedCreate"]) {
        e.step(text(ev, "/message").to_string(), events::source(ev));
    }
    let pods: Vec<&Value> = owned(ctx, "/pods", obj).collect();
    if kind == "statefulset"
        && text(obj, "/spec/podManagementPolicy") != "Parallel"
        && (pods.len() as i64) < want
    {
        e.step(
            format!(
                "its pods start one at a time, each once the one before is Ready: {} of {want} exist",
                pods.len()
            ),
            "spec.podManagementPolicy OrderedReady",
        );
    }
    pods_of(ctx, &pods, e);
}

/// The first unhealthy pod among `pods`, explained; how many are in the same state.
fn pods_of(ctx: &Ctx, pods: &[&Value], e: &mut Explanation) {
    let Some(first) = pods.iter().find(|p| !pod::healthy(p)) else {
        return;
    };
    let phase = text(first, "/status/phase");
    let alike = pods
        .iter()
        .filter(|p| !pod::healthy(p) && text(p, "/status/phase") == phase)
        .count();
    let others = match alike {
        1 => String::new(),
        n => format!(" ({n} of its {} pods are {phase})", pods.len()),
    };
    e.step(
        format!("its pod {} is {phase}{others}", name(first)),
        "metadata.ownerReferences, status.phase",
    );
    e.command(format!(
        "kubectl describe pod {}{}",
        name(first),
        ctx.ns_flag()
    ));
    pod::causes(ctx, first, e);
}

/// The conditions of `types` that say something is wrong.
fn conditions(obj: &Value, types: &[&str], e: &mut Explanation) {
    for ty in types {
        let Some(c) = condition(obj, ty) else {
            continue;
        };
        let bad = match *ty {
            "ReplicaFailure" => text(c, "/status") == "True",
            _ => text(c, "/status") == "False",
        };
        if bad {
            e.step(
                format!("{} ({})", text(c, "/message"), text(c, "/reason")),
                format!("status.conditions {ty}"),
            );
        }
    }
}

/// The objects of `resource` in the namespace that `owner` controls.
fn owned<'a>(ctx: &Ctx<'a>, resource: &'a str, owner: &Value) -> impl Iterator<Item = &'a Value> {
    let uid = text(owner, "/metadata/uid").to_string();
    ctx.list(resource).filter(move |o| {
        o.pointer("/metadata/ownerReferences")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
            .any(|r| text(r, "/uid") == uid)
    })
}

fn revision(rs: &Value) -> i64 {
    text(
        rs,
        "/metadata/annotations/deployment.kubernetes.io~1revision",
    )
    .parse()
    .unwrap_or(0)
}

/// The workload's label selector as `-l` takes it (match expressions included).
fn selector(obj: &Value) -> String {
    LabelSelector::selector_string(obj.pointer("/spec/selector"))
}
