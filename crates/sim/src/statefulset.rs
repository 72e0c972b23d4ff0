//! The StatefulSet controller: pods `<name>-0`, `<name>-1`, ... made one at a time, each once
//! the one before is Running and Ready (OrderedReady), with a claim per volumeClaimTemplate;
//! scaling down removes the highest ordinal first, also one at a time. A new template is a new
//! ControllerRevision (`revisions.rs`) and, with RollingUpdate, rolls out from the highest
//! ordinal down to the partition, one pod at a time once the others are ready; OnDelete waits
//! for the user to delete the pods.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::claims;
use super::events::{self, Event, Source};
use super::replicaset::{is_ready, pod_from_template};
use super::revisions;
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

const COMPONENT: &str = "statefulset-controller";

fn ordinal(sts: &str, pod: &str) -> Option<i64> {
    pod.strip_prefix(sts)?.strip_prefix('-')?.parse().ok()
}

fn event(sim: &mut Sim, api: &mut ApiServer, sts: &Value, reason: &str, msg: String) {
    let now = api.now;
    events::record(
        sim,
        api,
        Event::normal(sts, reason, msg, Source::Controller(COMPONENT)),
        now,
    );
}

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(sts) = api.store().get(key).cloned() else {
        return;
    };
    if sts.is_deleting() {
        return;
    }
    let (Some(pod_info), Some(pvc_info), Some(sts_info)) = (
        util::info(api, "/pods"),
        util::info(api, "/persistentvolumeclaims"),
        util::info(api, "apps/statefulsets"),
    ) else {
        return;
    };
    let ns = key.namespace.clone();
    let name = key.name.clone();
    let uid = sts.uid().to_string();
    let replicas = sts
        .pointer("/spec/replicas")
        .and_then(|r| r.as_i64())
        .unwrap_or(1)
        .max(0);
    let parallel = meta::str_at(&sts, &["spec", "podManagementPolicy"]) == "Parallel";
    let revision = format!(
        "{name}-{}",
        util::template_hash(sts.pointer("/spec/template").unwrap_or(&Value::Null))
    );
    let mut pods: Vec<Value> = api
        .store()
        .list("/pods", Some(&ns))
        .map(|(_, p)| p)
        .filter(|p| util::controlled_by(p, &uid))
        .cloned()
        .collect();
    let in_use: Vec<String> = pods.iter().map(|p| pod_revision(p).to_string()).collect();
    let revision = revisions::sync(api, &sts, &revision, &in_use);
    pods.sort_once_by_key(|p| ordinal(&name, meta::name(p)).unwrap_or(i64::MAX));
    let by_ord = |pods: &[Value], i: i64| {
        pods.iter()
            .find(|p| ordinal(&name, meta::name(p)) == Some(i))
            .cloned()
    };
    // Scale up: the first missing ordinal, once every lower one is ready.
    for i in 0..replicas {
        if by_ord(&pods, i).is_some() {
            continue;
        }
        // A terminating pod holds OrderedReady back until it is gone, as one not ready does.
        let lower_ready = (0..i)
            .all(|j| by_ord(&pods, j).is_some_and(|p| is_ready(&p) && !p.is_deleting()))
            && !pods.iter().any(|p| p.is_deleting());
        if !parallel && !lower_ready {
            break;
        }
        let pod_name = format!("{name}-{i}");
        let mut body = pod_from_template(
            &sts,
            &[
                ("apps.kubernetes.io/pod-index", i.to_string()),
                ("controller-revision-hash", revision.clone()),
                ("statefulset.kubernetes.io/pod-name", pod_name.clone()),
            ],
        );
        if let Some(m) = body.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            m.shift_remove("generateName");
            m.insert("name".into(), json!(pod_name));
        }
        body["spec"]["hostname"] = json!(pod_name);
        if let Some(svc) = sts.pointer("/spec/serviceName").and_then(|s| s.as_str()) {
            if !svc.is_empty() {
                body["spec"]["subdomain"] = json!(svc);
            }
        }
        let own: Vec<Value> = body
            .pointer("/spec/volumes")
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default();
        let mut volumes: Vec<Value> = Vec::new();
        for t in claims::templates(&sts) {
            let tname = meta::name(&t).to_string();
            let claim = claims::claim_name(&t, &pod_name);
            if !api
                .store()
                .contains(&Key::new("/persistentvolumeclaims", &ns, &claim))
            {
                let pvc = claims::new_claim(&sts, &t, &pod_name);
                if api.create(&pvc_info, Some(&ns), pvc, false).is_ok() {
                    event(
                        sim,
                        api,
                        &sts,
                        "SuccessfulCreate",
                        format!(
                            "create Claim {claim} Pod {pod_name} in StatefulSet {name} success"
                        ),
                    );
                }
            }
            volumes.push(json!({"name": tname, "persistentVolumeClaim": {"claimName": claim}}));
        }
        // The claims' volumes come first, then the template's own but those they replace.
        let claimed: Vec<String> = volumes
            .iter()
            .map(|v| meta::str_at(v, &["name"]).to_string())
            .collect();
        volumes.extend(
            own.into_iter()
                .filter(|v| !claimed.iter().any(|c| c == meta::str_at(v, &["name"]))),
        );
        if !volumes.is_empty() {
            body["spec"]["volumes"] = Value::Array(volumes);
        }
        match api.create(&pod_info, Some(&ns), body, false) {
            Ok(p) => {
                event(
                    sim,
                    api,
                    &sts,
                    "SuccessfulCreate",
                    format!("create Pod {pod_name} in StatefulSet {name} successful"),
                );
                sim.create_backoff.remove(key);
                pods.push(p);
            }
            Err(e) => {
                let now = api.now;
                let mut ev = Event::normal(
                    &sts,
                    "FailedCreate",
                    format!(
                        "create Pod {pod_name} in StatefulSet {name} failed error: {}",
                        e.message
                    ),
                    Source::Controller(COMPONENT),
                );
                ev.kind = "Warning";
                events::record(sim, api, ev, now);
                super::replicaset::retry_later(sim, key, now);
                break;
            }
        }
        if !parallel {
            break;
        }
    }
    // Scale down: the highest ordinal beyond the wanted count, once none is still
    // terminating (OrderedReady removes one pod at a time).
    let extra: Vec<Value> = pods
        .iter()
        .filter(|p| ordinal(&name, meta::name(p)).is_none_or(|i| i >= replicas))
        .cloned()
        .collect();
    let terminating = pods.iter().any(|p| p.is_deleting());
    let top = extra.last().filter(|_| parallel || !terminating);
    let top = top.filter(|p| !p.is_deleting());
    if let Some(top) = top {
        let pod_name = meta::name(top).to_string();
        claims::release_to_pod(api, &sts, top);
        if api.delete(&pod_info, Some(&ns), &pod_name, false).is_ok() {
            event(
                sim,
                api,
                &sts,
                "SuccessfulDelete",
                format!("delete Pod {pod_name} in StatefulSet {name} successful"),
            );
        }
    }
    if top.is_none() {
        roll_one(sim, api, &sts, &pods, replicas, &revision);
    }
    // A terminating pod still counts as a replica, as the real status does, but not as ready.
    pods.retain(|p| api.store().contains(&Key::new("/pods", &ns, meta::name(p))));
    let count = pods.len() as i64;
    let ready = pods.iter().filter(|p| is_ready(p)).count() as i64;
    let mut status = Map::new();
    if ready > 0 {
        status.insert("availableReplicas".into(), json!(ready));
    }
    status.insert("collisionCount".into(), json!(0));
    let updated_count = pods.iter().filter(|p| pod_revision(p) == revision).count() as i64;
    // The current revision moves to the update revision once every pod runs it, ready.
    let before = meta::str_at(&sts, &["status", "currentRevision"]);
    let current = if before.is_empty() || (updated_count == count && ready == count) {
        revision.clone()
    } else {
        before.to_string()
    };
    let current_count = pods.iter().filter(|p| pod_revision(p) == current).count() as i64;
    if current_count > 0 {
        status.insert("currentReplicas".into(), json!(current_count));
    }
    status.insert("currentRevision".into(), json!(current));
    status.insert(
        "observedGeneration".into(),
        json!(util::int_at(&sts, "/metadata/generation")),
    );
    if ready > 0 {
        status.insert("readyReplicas".into(), json!(ready));
    }
    status.insert("replicas".into(), json!(count));
    status.insert("updateRevision".into(), json!(revision));
    if updated_count > 0 {
        status.insert("updatedReplicas".into(), json!(updated_count));
    }
    let status = Value::Object(status);
    if sts.get("status") != Some(&status) {
        let mut updated = sts.clone();
        updated["status"] = status;
        let _ = util::write(api, &sts_info, updated);
    }
}

fn pod_revision(pod: &Value) -> &str {
    meta::str_at(pod, &["metadata", "labels", "controller-revision-hash"])
}

/// RollingUpdate: once every pod exists, none terminating and all ready, delete the highest
/// ordinal at or above the partition that runs an older revision; the scale-up makes it
/// again from the new template.
fn roll_one(
    sim: &mut Sim,
    api: &mut ApiServer,
    sts: &Value,
    pods: &[Value],
    replicas: i64,
    revision: &str,
) {
    if meta::str_at(sts, &["spec", "updateStrategy", "type"]) == "OnDelete" {
        return;
    }
    let name = meta::name(sts).to_string();
    let settled =
        pods.len() as i64 == replicas && pods.iter().all(|p| is_ready(p) && !p.is_deleting());
    if !settled {
        return;
    }
    let partition = sts
        .pointer("/spec/updateStrategy/rollingUpdate/partition")
        .and_then(|p| p.as_i64())
        .unwrap_or(0);
    let stale = pods.iter().rev().find(|p| {
        ordinal(&name, meta::name(p)).is_some_and(|i| i >= partition) && pod_revision(p) != revision
    });
    let (Some(pod), Some(info)) = (stale, util::info(api, "/pods")) else {
        return;
    };
    let pod_name = meta::name(pod).to_string();
    let ns = meta::namespace(sts).to_string();
    if api.delete(&info, Some(&ns), &pod_name, false).is_ok() {
        event(
            sim,
            api,
            sts,
            "SuccessfulDelete",
            format!("delete Pod {pod_name} in StatefulSet {name} successful"),
        );
    }
}
