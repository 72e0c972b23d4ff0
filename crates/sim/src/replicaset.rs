//! The ReplicaSet controller: as many pods as `spec.replicas`, made from the template, owned by
//! the ReplicaSet; its status counts them.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::events::{self, Event, Source};
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

/// Pods controlled by the object with `uid` in `ns`, not being deleted.
pub fn owned_pods(api: &ApiServer, ns: &str, uid: &str) -> Vec<Value> {
    owned(api, ns, uid).cloned().collect()
}

/// `owned_pods` as references into the store.
fn owned<'a>(api: &'a ApiServer, ns: &'a str, uid: &'a str) -> impl Iterator<Item = &'a Value> {
    api.store()
        .values("/pods", Some(ns))
        .filter(move |p| util::controlled_by(p, uid) && !p.is_deleting())
}

/// `burstReplicas`: the most pods one sync of the ReplicaSet controller creates or deletes
/// (v1.32's `BurstReplicas`); it syncs again once it has seen them (its expectations met).
pub const BURST_REPLICAS: usize = 500;

pub fn is_ready(pod: &Value) -> bool {
    pod.pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .is_some_and(|l| {
            l.iter().any(|c| {
                c.get("type").and_then(|t| t.as_str()) == Some("Ready")
                    && c.get("status").and_then(|s| s.as_str()) == Some("True")
            })
        })
}

/// A pod for `owner` from its template (`spec.template`), with extra labels.
pub fn pod_from_template(owner: &Value, extra_labels: &[(&str, String)]) -> Value {
    let template = owner
        .pointer("/spec/template")
        .cloned()
        .unwrap_or(json!({}));
    let mut labels = template
        .labels()
        .and_then(|l| l.as_object())
        .cloned()
        .unwrap_or_default();
    for (k, v) in extra_labels {
        labels.insert((*k).to_string(), json!(v));
    }
    let mut md = Map::new();
    md.insert(
        "generateName".into(),
        json!(format!("{}-", meta::name(owner))),
    );
    if let Some(a) = template.annotations() {
        md.insert("annotations".into(), a.clone());
    }
    md.insert("labels".into(), Value::Object(labels));
    md.insert("ownerReferences".into(), json!([util::owner_ref(owner)]));
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": md,
        "spec": template.get("spec").cloned().unwrap_or(json!({})),
    })
}

/// Create `n` pods for `owner`; returns the created pods.
pub fn create_pods(
    sim: &mut Sim,
    api: &mut ApiServer,
    owner: &Value,
    body: &Value,
    n: usize,
    component: &str,
) -> Vec<Value> {
    create_in_batches(sim, api, owner, body, n, component).pods
}

/// What a `slowStartBatch` did: the pods created, the first failure, and the create requests
/// sent (each one spends a token of the client's rate limit, failed or not).
pub struct Created {
    pub pods: Vec<Value>,
    pub failure: Option<String>,
    pub attempts: usize,
}

/// `slowStartBatch`: batches of 1, 2, 4, ... pods, each batch created whole (its creates run
/// in parallel in Kubernetes), stopping after the first batch where one failed. Each failure
/// is a `FailedCreate` warning.
pub fn create_in_batches(
    sim: &mut Sim,
    api: &mut ApiServer,
    owner: &Value,
    body: &Value,
    n: usize,
    component: &str,
) -> Created {
    let Some(info) = util::info(api, "/pods") else {
        return Created {
            pods: vec![],
            failure: None,
            attempts: 0,
        };
    };
    let ns = meta::namespace(owner).to_string();
    let mut out = Vec::new();
    let mut attempts = 0;
    let mut remaining = n;
    let mut batch = remaining.min(1);
    while batch > 0 {
        let mut failure = None;
        attempts += batch;
        for _ in 0..batch {
            let now = api.now;
            match api.create(&info, Some(&ns), body.clone(), false) {
                Ok(pod) => {
                    let msg = format!("Created pod: {}", meta::name(&pod));
                    let ev = Event::normal(
                        owner,
                        "SuccessfulCreate",
                        msg,
                        Source::Controller(component),
                    );
                    events::record(sim, api, ev, now);
                    out.push(pod);
                }
                Err(e) => {
                    let mut ev = Event::normal(
                        owner,
                        "FailedCreate",
                        format!("Error creating: {}", e.message),
                        Source::Controller(component),
                    );
                    ev.kind = "Warning";
                    events::record(sim, api, ev, now);
                    failure.get_or_insert(e.message);
                }
            }
        }
        if failure.is_some() {
            return Created {
                pods: out,
                failure,
                attempts,
            };
        }
        remaining -= batch;
        batch = (2 * batch).min(remaining);
    }
    Created {
        pods: out,
        failure: None,
        attempts,
    }
}

/// The controller's work queue requeues a ReplicaSet whose sync failed after 5 ms, doubling
/// each time up to 1000 s; a sync that succeeds forgets the failures.
const BACKOFF_BASE_MS: i64 = 5;
const BACKOFF_MAX_MS: i64 = 1_000_000;

/// Bound on retries replayed within one second of the clock (5 ms doubling reaches a second
/// after eight).
const MAX_RETRIES_PER_SECOND: usize = 16;

/// After a failed sync: when (ms) the queue hands the ReplicaSet back.
fn next_retry(sim: &mut Sim, key: &Key, now_ms: i64) -> i64 {
    let entry = sim.create_backoff.entry(key.clone()).or_insert((0, now_ms));
    entry.1 = entry.1.max(now_ms);
    let delay = BACKOFF_BASE_MS
        .saturating_mul(1i64 << entry.0.min(30))
        .min(BACKOFF_MAX_MS);
    entry.0 += 1;
    entry.1 += delay;
    entry.1
}

/// A controller whose sync failed (a StatefulSet's pod refused) looks again when its work
/// queue's back-off hands it back.
pub fn retry_later(sim: &mut Sim, key: &Key, now: Time) {
    let at = next_retry(sim, key, now.0.saturating_mul(1000));
    sim.wake(Time(at / 1000 + i64::from(at % 1000 != 0)), key);
}

/// Which controller runs the sync: ReplicaSets and the older ReplicationControllers are kept by
/// the same logic in kube-controller-manager, under two names.
pub struct Controller {
    /// The resource it keeps.
    pub gr: &'static str,
    /// The component its events come from.
    pub component: &'static str,
}

pub const REPLICA_SETS: Controller = Controller {
    gr: "apps/replicasets",
    component: "replicaset-controller",
};

pub const REPLICATION_CONTROLLERS: Controller = Controller {
    gr: "/replicationcontrollers",
    component: "replication-controller",
};

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    sync_as(sim, api, key, &REPLICA_SETS);
}

/// The sync of a ReplicaSet or a ReplicationController.
pub fn sync_as(sim: &mut Sim, api: &mut ApiServer, key: &Key, c: &Controller) {
    let Some(rs) = api.store().get(key).cloned() else {
        return;
    };
    if rs.is_deleting() {
        return;
    }
    let uid = rs.uid().to_string();
    let want = rs
        .pointer("/spec/replicas")
        .and_then(|v| v.as_i64())
        .unwrap_or(1)
        .max(0) as usize;
    // Counted, not copied: a ReplicaSet of thousands syncs whenever one of its pods changes.
    let mut have = owned(api, &key.namespace, &uid).count();
    let mut failure = None;
    // One sync creates or deletes at most `BURST_REPLICAS` pods, each request waiting for the
    // controller's client's rate limit; what remains is for the next sync, when tokens are back.
    if have < want {
        let body = pod_from_template(&rs, &[]);
        let now_ms = api.now.0.saturating_mul(1000);
        // Retries the queue hands back within this second happen now, one after the other;
        // each is a sync of its own, so each may create up to `BURST_REPLICAS`.
        for _ in 0..MAX_RETRIES_PER_SECOND {
            let wanted = (want - have).min(BURST_REPLICAS);
            let n = sim.clients.available(c.component, api.now, wanted);
            if n < wanted {
                // Out of tokens: the rest when the client's limiter lets them go.
                let at = sim.clients.next_token(c.component, api.now);
                sim.wake(at, key);
            }
            if n == 0 {
                break;
            }
            let made = create_in_batches(sim, api, &rs, &body, n, c.component);
            sim.clients.spend(c.component, api.now, made.attempts);
            have += made.pods.len();
            let Some(err) = made.failure else {
                sim.create_backoff.remove(key);
                failure = None;
                if have < want {
                    // Its expectations met, the controller syncs again for the rest.
                    let at = sim.clients.next_token(c.component, api.now);
                    sim.wake(at, key);
                }
                break;
            };
            failure.get_or_insert(err);
            let at = next_retry(sim, key, now_ms);
            if at / 1000 > api.now.0 || have >= want {
                sim.wake(Time(at / 1000), key);
                break;
            }
        }
    }
    let budget = sim.clients.available(
        c.component,
        api.now,
        have.saturating_sub(want).min(BURST_REPLICAS),
    );
    if budget < have.saturating_sub(want) {
        let at = sim.clients.next_token(c.component, api.now);
        sim.wake(at, key);
    }
    if have > want && budget > 0 {
        // Not-ready pods go first, then the youngest, as the controller ranks them.
        let mut pods: Vec<&Value> = owned(api, &key.namespace, &uid).collect();
        pods.sort_once_by(|a, b| {
            let ka = (
                is_ready(a),
                std::cmp::Reverse(a.creation_timestamp().to_string()),
                meta::name(a).to_string(),
            );
            let kb = (
                is_ready(b),
                std::cmp::Reverse(b.creation_timestamp().to_string()),
                meta::name(b).to_string(),
            );
            ka.cmp(&kb)
        });
        let extra: Vec<String> = pods
            .iter()
            .take((have - want).min(budget))
            .map(|p| meta::name(p).to_string())
            .collect();
        sim.clients.spend(c.component, api.now, extra.len());
        if let Some(info) = util::info(api, "/pods") {
            for name in extra {
                if api
                    .delete(&info, Some(&key.namespace), &name, false)
                    .is_ok()
                {
                    let now = api.now;
                    events::record(
                        sim,
                        api,
                        Event::normal(
                            &rs,
                            "SuccessfulDelete",
                            format!("Deleted pod: {name}"),
                            Source::Controller(c.component),
                        ),
                        now,
                    );
                }
            }
        }
    }
    let pods: Vec<&Value> = owned(api, &key.namespace, &uid).collect();
    let ready = pods.iter().filter(|p| is_ready(p)).count();
    let available = available_pods(sim, &rs, &pods, key, api.now);
    let template_sel = rs
        .pointer("/spec/template/metadata/labels")
        .cloned()
        .unwrap_or(json!({}));
    let labeled = pods
        .iter()
        .filter(|p| {
            template_sel.as_object().is_none_or(|want| {
                want.iter()
                    .all(|(k, v)| p.labels().and_then(|l| l.get(k)) == Some(v))
            })
        })
        .count();
    if failure.is_none() {
        sim.create_backoff.remove(key);
    }
    let mut status = Map::new();
    if available > 0 {
        status.insert("availableReplicas".into(), json!(available));
    }
    let conditions = failure_condition(&rs, failure, api.now);
    if !conditions.is_empty() {
        status.insert("conditions".into(), Value::Array(conditions));
    }
    if labeled > 0 {
        status.insert("fullyLabeledReplicas".into(), json!(labeled));
    }
    let generation = util::int_at(&rs, "/metadata/generation");
    if generation > 0 {
        status.insert("observedGeneration".into(), json!(generation));
    }
    if ready > 0 {
        status.insert("readyReplicas".into(), json!(ready));
    }
    status.insert("replicas".into(), json!(pods.len()));
    let status = Value::Object(status);
    if rs.get("status") != Some(&status) {
        let mut updated = rs.clone();
        meta::set(&mut updated, &["status"], status);
        if let Some(info) = util::info(api, c.gr) {
            let _ = util::write(api, &info, updated);
        }
    }
}

/// `IsPodAvailable`: pods Ready for at least `minReadySeconds`; the ReplicaSet looks again
/// when the next one will be.
fn available_pods(sim: &mut Sim, rs: &Value, pods: &[&Value], key: &Key, now: Time) -> usize {
    let min_ready = util::int_at(rs, "/spec/minReadySeconds");
    let mut count = 0;
    for p in pods.iter().filter(|p| is_ready(p)) {
        if min_ready <= 0 {
            count += 1;
            continue;
        }
        let since = p
            .pointer("/status/conditions")
            .and_then(|c| c.as_array())
            .and_then(|l| l.iter().find(|c| meta::str_at(c, &["type"]) == "Ready"))
            .and_then(|c| Time::parse_rfc3339(meta::str_at(c, &["lastTransitionTime"])));
        match since {
            Some(t) if t.plus(min_ready) > now => sim.wake(t.plus(min_ready), key),
            _ => count += 1,
        }
    }
    count
}

/// `calculateStatus`: a sync that failed to create pods adds the `ReplicaFailure` condition
/// (reason FailedCreate, the first error as message) unless it is there already; a sync that
/// succeeds removes it.
fn failure_condition(rs: &Value, failure: Option<String>, now: Time) -> Vec<Value> {
    let mut conds: Vec<Value> = rs
        .pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .cloned()
        .unwrap_or_default();
    let has = conds
        .iter()
        .any(|c| meta::str_at(c, &["type"]) == "ReplicaFailure");
    match failure {
        Some(msg) if !has => conds.push(json!({
            "lastTransitionTime": now.rfc3339(),
            "message": msg,
            "reason": "FailedCreate",
            "status": "True",
            "type": "ReplicaFailure",
        })),
        None => conds.retain(|c| meta::str_at(c, &["type"]) != "ReplicaFailure"),
        Some(_) => {}
    }
    conds
}
