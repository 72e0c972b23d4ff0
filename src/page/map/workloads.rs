//! The owner chains: Deployment → ReplicaSets (by revision) → Pods, CronJob → Jobs → Pods, and
//! StatefulSets, DaemonSets, ReplicationControllers, lone ReplicaSets and Jobs → Pods.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::objects::{condition, fill, i, list, name, namespace, s, Objects};
use super::pods::{group, worst};
use super::view::{Health, Item, Kind, PodRow};
use crate::api::meta::ResourceExt;
use crate::page::words::Words;
use kubeplay_core::sort::SortOnce;

/// Pods not yet drawn, by their controller's uid: each owner takes its own.
pub type PodsByOwner = HashMap<String, Vec<PodRow>>;

/// An item with no children or pods yet.
pub fn item(kind: Kind, obj: &Value, health: Health, summary: String) -> Item {
    Item {
        kind,
        namespace: namespace(obj).to_string(),
        name: name(obj).to_string(),
        health,
        summary,
        note: String::new(),
        reference: false,
        children: Vec::new(),
        pods: None,
    }
}

/// The workloads of one namespace, each with what it owns.
pub fn workloads(o: &Objects, ns: &str, pods: &mut PodsByOwner, w: &Words) -> Vec<Item> {
    let in_ns = |v: &&&Value| namespace(v) == ns;
    let uids = |l: &[&Value]| -> HashSet<String> {
        l.iter()
            .filter(in_ns)
            .map(|v| v.uid().to_string())
            .collect()
    };
    let deployments = uids(&o.deployments);
    let cronjobs = uids(&o.cronjobs);
    let owned_by = |v: &Value, owners: &HashSet<String>| {
        v.controller_uid().is_some_and(|u| owners.contains(u))
    };
    let mut items = Vec::new();
    for d in o.deployments.iter().filter(in_ns) {
        items.push(deployment(d, o, pods, w));
    }
    for v in o.statefulsets.iter().filter(in_ns) {
        let (desired, ready) = (i(v, "/spec/replicas"), i(v, "/status/readyReplicas"));
        items.push(replicated(Kind::StatefulSet, v, desired, ready, pods, w));
    }
    for v in o.daemonsets.iter().filter(in_ns) {
        let desired = i(v, "/status/desiredNumberScheduled");
        let ready = i(v, "/status/numberReady");
        items.push(replicated(Kind::DaemonSet, v, desired, ready, pods, w));
    }
    for c in o.cronjobs.iter().filter(in_ns) {
        items.push(cronjob(c, o, pods, w));
    }
    for j in o.jobs.iter().filter(in_ns) {
        if !owned_by(j, &cronjobs) {
            items.push(job(j, pods, w));
        }
    }
    for rs in o.replicasets.iter().filter(in_ns) {
        if !owned_by(rs, &deployments) {
            items.push(replicaset(rs, pods, w));
        }
    }
    for v in o.rcs.iter().filter(in_ns) {
        let (desired, ready) = (i(v, "/spec/replicas"), i(v, "/status/readyReplicas"));
        items.push(replicated(
            Kind::ReplicationController,
            v,
            desired,
            ready,
            pods,
            w,
        ));
    }
    items
}

/// `3/3 ready`.
fn ready_text(ready: i64, desired: i64, w: &Words) -> String {
    fill(w.map_ready, &[&ready, &desired])
}

/// A controller keeping `desired` pods: good once they are all ready, bad when one is.
fn replicated(
    kind: Kind,
    v: &Value,
    desired: i64,
    ready: i64,
    pods: &mut PodsByOwner,
    w: &Words,
) -> Item {
    let rows = pods.remove(v.uid()).unwrap_or_default();
    let count = rows.len() as i64;
    let g = group(rows);
    let health = match worst(&g) {
        Some(Health::Bad) => Health::Bad,
        _ if desired == 0 && count == 0 => Health::Done,
        _ if ready == desired && count == desired => Health::Good,
        _ => Health::Busy,
    };
    let mut it = item(kind, v, health, ready_text(ready, desired, w));
    it.pods = Some(g);
    it
}

fn revision(rs: &Value) -> u64 {
    rs.annotation("deployment.kubernetes.io/revision")
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

fn replicaset(rs: &Value, pods: &mut PodsByOwner, w: &Words) -> Item {
    let (desired, ready) = (i(rs, "/spec/replicas"), i(rs, "/status/readyReplicas"));
    let mut it = replicated(Kind::ReplicaSet, rs, desired, ready, pods, w);
    let rev = revision(rs);
    if rev > 0 {
        it.summary = format!("{} · {}", fill(w.map_revision, &[&rev]), it.summary);
    }
    it
}

/// A Deployment and its ReplicaSets, the newest revision first.
fn deployment(d: &Value, o: &Objects, pods: &mut PodsByOwner, w: &Words) -> Item {
    let mut sets: Vec<&Value> = o
        .replicasets
        .iter()
        .copied()
        .filter(|rs| rs.controller_uid() == Some(d.uid()))
        .collect();
    sets.sort_once_by_key(|rs| std::cmp::Reverse(revision(rs)));
    let children: Vec<Item> = sets.iter().map(|rs| replicaset(rs, pods, w)).collect();
    let replicas = i(d, "/spec/replicas");
    let ready = i(d, "/status/readyReplicas");
    let updated = i(d, "/status/updatedReplicas");
    let stuck = list(d, "/status/conditions")
        .iter()
        .any(|c| s(c, "/type") == "Progressing" && s(c, "/status") == "False");
    let health = if stuck || children.iter().any(|c| c.health == Health::Bad) {
        Health::Bad
    } else if replicas == 0 {
        Health::Done
    } else if ready == replicas
        && updated == replicas
        && i(d, "/status/replicas") == replicas
        && i(d, "/status/availableReplicas") == replicas
    {
        Health::Good
    } else {
        Health::Busy
    };
    let summary = format!(
        "{} · {}",
        ready_text(ready, replicas, w),
        fill(w.map_up_to_date, &[&updated])
    );
    let mut it = item(Kind::Deployment, d, health, summary);
    it.children = children;
    it
}

fn job(j: &Value, pods: &mut PodsByOwner, w: &Words) -> Item {
    let rows = pods.remove(j.uid()).unwrap_or_default();
    let g = group(rows);
    let completions = j
        .pointer("/spec/completions")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    let health = if condition(j, "Failed") == "True" {
        Health::Bad
    } else if condition(j, "Complete") == "True" {
        Health::Done
    } else if worst(&g) == Some(Health::Bad) {
        Health::Bad
    } else {
        Health::Busy
    };
    let summary = fill(
        w.map_completions,
        &[&i(j, "/status/succeeded"), &completions],
    );
    let mut it = item(Kind::Job, j, health, summary);
    it.pods = Some(g);
    it
}

fn cronjob(c: &Value, o: &Objects, pods: &mut PodsByOwner, w: &Words) -> Item {
    let children: Vec<Item> = o
        .jobs
        .iter()
        .filter(|j| j.controller_uid() == Some(c.uid()))
        .map(|j| job(j, pods, w))
        .collect();
    let suspended = c.pointer("/spec/suspend").and_then(Value::as_bool) == Some(true);
    let health = if suspended {
        Health::Done
    } else if children.iter().any(|j| j.health == Health::Bad) {
        Health::Bad
    } else {
        Health::Good
    };
    let mut summary = fill(w.map_schedule, &[&s(c, "/spec/schedule")]);
    let active = list(c, "/status/active").len();
    if active > 0 {
        summary = format!("{summary} · {}", fill(w.map_active, &[&active]));
    }
    if suspended {
        summary = format!("{summary} · {}", w.map_suspended);
    }
    let mut it = item(Kind::CronJob, c, health, summary);
    it.children = children;
    it
}

/// Each pod's top owner as the map names it (`deployment web`), by namespace and pod name.
pub fn top_owners(o: &Objects) -> HashMap<(String, String), String> {
    let parent = |l: &[&Value]| -> HashMap<String, String> {
        l.iter()
            .filter_map(|v| {
                let r = v.controller_ref()?;
                Some((
                    v.uid().to_string(),
                    format!("{} {}", lower(s(r, "/kind")), s(r, "/name")),
                ))
            })
            .collect()
    };
    let rs_parent = parent(&o.replicasets);
    let job_parent = parent(&o.jobs);
    let mut out = HashMap::new();
    for p in &o.pods {
        let Some(r) = p.controller_ref() else {
            continue;
        };
        let uid = s(r, "/uid");
        let owner = rs_parent
            .get(uid)
            .or_else(|| job_parent.get(uid))
            .cloned()
            .unwrap_or_else(|| format!("{} {}", lower(s(r, "/kind")), s(r, "/name")));
        out.insert((namespace(p).to_string(), name(p).to_string()), owner);
    }
    out
}

fn lower(kind: &str) -> String {
    kind.to_ascii_lowercase()
}
