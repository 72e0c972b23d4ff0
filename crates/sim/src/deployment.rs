//! The Deployment controller: one ReplicaSet per pod template (`<name>-<pod-template-hash>`),
//! rolled from the old ones to the new one as the strategy says (RollingUpdate stepped by
//! maxSurge, maxUnavailable and the pods' availability; Recreate all at once), held while
//! paused, with revision annotations, the revision history limit, and the Available and
//! Progressing conditions (with the progress deadline) kubectl shows.

mod rolling;
mod status;

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::events::{self, Event, Source};
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;
use rolling::Rs;
use status::Counts;

const COMPONENT: &str = "deployment-controller";
const REVISION: &str = "deployment.kubernetes.io/revision";
const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
/// `maxRevHistoryLengthInChars`.
const MAX_HISTORY_CHARS: usize = 2000;
/// Deployment annotations the controller does not copy onto its ReplicaSets.
const NOT_COPIED: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    REVISION,
    REVISION_HISTORY,
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
];

fn replicas_of(v: &Value) -> i64 {
    v.pointer("/spec/replicas")
        .and_then(|r| r.as_i64())
        .unwrap_or(1)
        .max(0)
}

/// `25%` of `total`, rounded up (surge) or down (unavailable), or a plain number.
fn int_or_percent(v: Option<&Value>, total: i64, round_up: bool, default: &str) -> i64 {
    let owned = json!(default);
    let v = v.unwrap_or(&owned);
    if let Some(n) = v.as_i64() {
        return n.max(0);
    }
    let s = v.as_str().unwrap_or(default);
    match s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()) {
        Some(p) => {
            let x = p * total;
            if round_up {
                (x + 99) / 100
            } else {
                x / 100
            }
        }
        None => s.parse().unwrap_or(0),
    }
}

fn revision(rs: &Value) -> i64 {
    meta::str_at(rs, &["metadata", "annotations", REVISION])
        .parse()
        .unwrap_or(0)
}

/// What one sync works from: the Deployment's spec as the controller reads it.
struct Spec {
    replicas: i64,
    surge: i64,
    unavailable: i64,
    paused: bool,
    recreate: bool,
    /// `progressDeadlineSeconds`, unless unset or MaxInt32 (no deadline).
    deadline: Option<i64>,
    history_limit: Option<i64>,
}

impl Spec {
    fn of(d: &Value) -> Spec {
        let replicas = replicas_of(d);
        let recreate = meta::str_at(d, &["spec", "strategy", "type"]) == "Recreate";
        let (surge, unavailable) = if recreate {
            (0, 0)
        } else {
            let surge = int_or_percent(
                d.pointer("/spec/strategy/rollingUpdate/maxSurge"),
                replicas,
                true,
                "25%",
            );
            let unavailable = int_or_percent(
                d.pointer("/spec/strategy/rollingUpdate/maxUnavailable"),
                replicas,
                false,
                "25%",
            );
            rolling::fenceposts(surge, unavailable)
        };
        Spec {
            replicas,
            surge,
            unavailable,
            paused: d.pointer("/spec/paused").and_then(|p| p.as_bool()) == Some(true),
            recreate,
            deadline: d
                .pointer("/spec/progressDeadlineSeconds")
                .and_then(|v| v.as_i64())
                .filter(|s| *s != i64::from(i32::MAX)),
            history_limit: d
                .pointer("/spec/revisionHistoryLimit")
                .and_then(|v| v.as_i64()),
        }
    }

    /// `MaxUnavailable(deployment)`: what the Available condition allows.
    fn max_unavailable(&self) -> i64 {
        if self.recreate || self.replicas == 0 {
            return 0;
        }
        self.unavailable.min(self.replicas)
    }
}

/// One sync's view of a Deployment and what it owns.
struct Sync<'a> {
    sim: &'a mut Sim,
    api: &'a mut ApiServer,
    d: Value,
    key: Key,
    spec: Spec,
}

fn view(rs: &Value) -> Rs {
    Rs {
        name: meta::name(rs).to_string(),
        spec: replicas_of(rs),
        actual: util::int_at(rs, "/status/replicas"),
        available: util::int_at(rs, "/status/availableReplicas"),
        created: format!("{} {}", rs.creation_timestamp(), meta::name(rs)),
    }
}

impl Sync<'_> {
    fn owned(&self) -> Vec<Value> {
        let uid = self.d.uid().to_string();
        let mut list: Vec<Value> = self
            .api
            .store()
            .list("apps/replicasets", Some(&self.key.namespace))
            .map(|(_, v)| v)
            .filter(|rs| util::controlled_by(rs, &uid) && !rs.is_deleting())
            .cloned()
            .collect();
        list.sort_once_by_key(|rs| view(rs).created);
        list
    }

    fn event(&mut self, reason: &str, msg: String) {
        let now = self.api.now;
        let ev = Event::normal(&self.d, reason, msg, Source::Controller(COMPONENT));
        events::record(self.sim, self.api, ev, now);
    }

    /// `scaleReplicaSetAndRecordEvent`: the new size with the replicas annotations, and the
    /// `Scaled up/down` event.
    fn scale(&mut self, rs: &Value, to: i64) {
        let Some(info) = util::info(self.api, "apps/replicasets") else {
            return;
        };
        let from = replicas_of(rs);
        let mut updated = rs.clone();
        let max = self.spec.replicas
            + if self.spec.recreate {
                0
            } else {
                self.spec.surge
            };
        let ann = [
            (
                "deployment.kubernetes.io/desired-replicas",
                self.spec.replicas,
            ),
            ("deployment.kubernetes.io/max-replicas", max),
        ];
        for (k, v) in ann {
            meta::set_str(
                &mut updated,
                &["metadata", "annotations", k],
                &v.to_string(),
            );
        }
        meta::set(&mut updated, &["spec", "replicas"], json!(to));
        if &updated == rs {
            return;
        }
        let name = meta::name(rs).to_string();
        let ns = self.key.namespace.clone();
        if self
            .api
            .update(&info, Some(&ns), &name, updated, false)
            .is_ok()
            && from != to
        {
            let dir = if to > from { "up" } else { "down" };
            self.event(
                "ScalingReplicaSet",
                format!("Scaled {dir} replica set {name} from {from} to {to}"),
            );
        }
    }

    /// The Deployment's annotations a ReplicaSet of it carries.
    fn copied_annotations(&self, rs: &mut Value) {
        let Some(ann) = self.d.annotations().and_then(|a| a.as_object()).cloned() else {
            return;
        };
        for (k, v) in ann {
            if NOT_COPIED.contains(&k.as_str()) {
                continue;
            }
            if let Some(v) = v.as_str() {
                meta::set_str(rs, &["metadata", "annotations", &k], v);
            }
        }
    }

    /// A new ReplicaSet for the current template, at revision `rev`, with `replicas` pods.
    fn create(&mut self, template: &Value, rev: i64, replicas: i64) -> Option<Value> {
        let info = util::info(self.api, "apps/replicasets")?;
        let hash = util::template_hash(template);
        let name = format!("{}-{hash}", meta::name(&self.d));
        let mut t = template.clone();
        meta::set_str(&mut t, &["metadata", "labels", "pod-template-hash"], &hash);
        let mut sel = self
            .d
            .pointer("/spec/selector")
            .cloned()
            .unwrap_or(json!({}));
        meta::set_str(&mut sel, &["matchLabels", "pod-template-hash"], &hash);
        let mut labels = template.labels().cloned().unwrap_or(json!({}));
        meta::set_str(&mut labels, &["pod-template-hash"], &hash);
        let mut spec = Map::new();
        spec.insert("replicas".into(), json!(replicas));
        if let Some(m) = self.d.pointer("/spec/minReadySeconds") {
            spec.insert("minReadySeconds".into(), m.clone());
        }
        spec.insert("selector".into(), sel);
        spec.insert("template".into(), t);
        let max = self.spec.replicas
            + if self.spec.recreate {
                0
            } else {
                self.spec.surge
            };
        let mut body = json!({
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "annotations": {
                    "deployment.kubernetes.io/desired-replicas": self.spec.replicas.to_string(),
                    "deployment.kubernetes.io/max-replicas": max.to_string(),
                    REVISION: rev.to_string(),
                },
                "labels": labels,
                "name": name,
                "namespace": self.key.namespace,
                "ownerReferences": [util::owner_ref(&self.d)],
            },
            "spec": spec,
        });
        self.copied_annotations(&mut body);
        let ns = self.key.namespace.clone();
        let created = self.api.create(&info, Some(&ns), body, false).ok()?;
        if replicas > 0 {
            self.event(
                "ScalingReplicaSet",
                format!("Scaled up replica set {name} from 0 to {replicas}"),
            );
        }
        Some(created)
    }

    /// `SetNewReplicaSetAnnotations` on an existing new ReplicaSet: the Deployment's
    /// annotations, and the next revision when an older template comes back (`rollout undo`),
    /// the revision it had kept in the revision history.
    fn refresh_new(&mut self, rs: &Value, next_rev: i64) -> Value {
        let mut updated = rs.clone();
        self.copied_annotations(&mut updated);
        let had = revision(rs);
        if had < next_rev {
            let rev = next_rev.to_string();
            meta::set_str(&mut updated, &["metadata", "annotations", REVISION], &rev);
            let history = meta::str_at(rs, &["metadata", "annotations", REVISION_HISTORY]);
            if had > 0 {
                let joined = append_history(history, &had.to_string());
                meta::set_str(
                    &mut updated,
                    &["metadata", "annotations", REVISION_HISTORY],
                    &joined,
                );
            }
        }
        if &updated == rs {
            return updated;
        }
        let Some(info) = util::info(self.api, "apps/replicasets") else {
            return rs.clone();
        };
        let ns = self.key.namespace.clone();
        let name = meta::name(rs).to_string();
        self.api
            .update(&info, Some(&ns), &name, updated, false)
            .unwrap_or_else(|_| rs.clone())
    }
}

/// The revision history annotation with `old` added, the oldest dropped past its length limit.
fn append_history(history: &str, old: &str) -> String {
    if history.is_empty() {
        return old.to_string();
    }
    let mut parts: Vec<&str> = history.split(',').collect();
    let mut total = history.len() + old.len() + 1;
    let mut start = 0;
    while total > MAX_HISTORY_CHARS && start < parts.len() {
        total -= parts[start].len() + 1;
        start += 1;
    }
    if total > MAX_HISTORY_CHARS {
        return history.to_string();
    }
    parts.drain(..start);
    parts.push(old);
    parts.join(",")
}

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(d) = api.store().get(key).cloned() else {
        return;
    };
    if d.is_deleting() {
        return;
    }
    let spec = Spec::of(&d);
    let mut s = Sync {
        sim,
        api,
        d,
        key: key.clone(),
        spec,
    };
    s.run();
}

impl Sync<'_> {
    fn run(&mut self) {
        let now = self.api.now;
        let old_counts = Counts::of_status(self.d.get("status"));
        let mut conds: Vec<Value> = self
            .d
            .pointer("/status/conditions")
            .and_then(|c| c.as_array())
            .cloned()
            .unwrap_or_default();
        paused_condition(&mut conds, self.spec.paused, now);
        let template = self
            .d
            .pointer("/spec/template")
            .cloned()
            .unwrap_or(json!({}));
        let owned = self.owned();
        let is_new = |rs: &&Value| {
            rs.pointer("/spec/template").map(util::without_hash) == Some(template.clone())
        };
        let max_old_rev = owned
            .iter()
            .filter(|rs| !is_new(rs))
            .map(revision)
            .max()
            .unwrap_or(0);
        let mut new = owned.iter().find(is_new).cloned();
        if let Some(rs) = new.take() {
            let msg = format!("Found new replica set \"{}\"", meta::name(&rs));
            new = Some(self.refresh_new(&rs, max_old_rev + 1));
            if self.spec.deadline.is_some() && status::find(&conds, "Progressing").is_none() {
                let c = status::condition("Progressing", "True", "FoundNewReplicaSet", msg, now);
                status::set(&mut conds, c, now);
            }
        }
        let old: Vec<Value> = owned.iter().filter(|rs| !is_new(rs)).cloned().collect();
        // A changed spec.replicas is a scaling event, done before any rollout (`sync`).
        let scaling = self.scaling_event(&owned);
        if new.is_none() && !self.spec.paused && !scaling && self.may_create(&old) {
            let all_spec: i64 = old.iter().map(replicas_of).sum();
            let n = match self.spec.recreate {
                true => self.spec.replicas,
                false => rolling::new_rs_replicas(self.spec.replicas, self.spec.surge, all_spec, 0),
            };
            new = self.create(&template, max_old_rev + 1, n);
            if let Some(rs) = &new {
                let msg = format!("Created new replica set \"{}\"", meta::name(rs));
                let c = status::condition("Progressing", "True", "NewReplicaSetCreated", msg, now);
                status::set(&mut conds, c, now);
            }
        }
        let scaled = (self.spec.paused || scaling) && self.scale_active(new.as_ref(), &old);
        if !self.spec.paused && !scaled {
            match self.spec.recreate {
                true => self.recreate(new.as_ref(), &old),
                false => self.roll(new.as_ref(), &old),
            }
        }
        self.finish(conds, old_counts, new.map(|n| meta::name(&n).to_string()));
    }

    /// Recreate makes the new ReplicaSet only once no old pod is left running.
    fn may_create(&self, old: &[Value]) -> bool {
        if !self.spec.recreate {
            return true;
        }
        old.iter().all(|rs| replicas_of(rs) == 0) && !self.old_pods_running(old)
    }

    fn old_pods_running(&self, old: &[Value]) -> bool {
        let uids: Vec<&str> = old.iter().map(|rs| rs.uid()).collect();
        self.api
            .store()
            .values("/pods", Some(&self.key.namespace))
            .any(|p| {
                uids.iter().any(|u| util::controlled_by(p, u))
                    && !matches!(
                        meta::str_at(p, &["status", "phase"]),
                        "Failed" | "Succeeded"
                    )
            })
    }

    /// `rolloutRolling`: grow the new ReplicaSet within maxSurge; else shrink the old ones
    /// within maxUnavailable.
    fn roll(&mut self, new: Option<&Value>, old: &[Value]) {
        let old_views: Vec<Rs> = old.iter().map(view).collect();
        if let Some(n) = new {
            let mut all = old_views.clone();
            all.push(view(n));
            let to = rolling::reconcile_new(self.spec.replicas, self.spec.surge, &all, &view(n));
            if to != replicas_of(n) {
                self.scale(n, to);
                if to > replicas_of(n) {
                    return;
                }
            }
        }
        let new_view = new.map(view);
        let downs = rolling::reconcile_old(
            self.spec.replicas,
            self.spec.unavailable,
            &old_views,
            new_view.as_ref(),
        );
        for (name, to) in downs {
            if let Some(rs) = old.iter().find(|r| meta::name(r) == name) {
                self.scale(rs, to);
            }
        }
    }

    /// `rolloutRecreate`: every old ReplicaSet to zero, then the new one to full size.
    fn recreate(&mut self, new: Option<&Value>, old: &[Value]) {
        for rs in old.iter().filter(|rs| replicas_of(rs) > 0) {
            self.scale(rs, 0);
        }
        if let Some(n) = new {
            if !self.old_pods_running(old) && replicas_of(n) != self.spec.replicas {
                self.scale(n, self.spec.replicas);
            }
        }
    }

    /// `isScalingEvent`: an active ReplicaSet was sized for another spec.replicas.
    fn scaling_event(&self, owned: &[Value]) -> bool {
        let want = self.spec.replicas.to_string();
        owned.iter().filter(|rs| replicas_of(rs) > 0).any(|rs| {
            let desired = meta::str_at(
                rs,
                &[
                    "metadata",
                    "annotations",
                    "deployment.kubernetes.io/desired-replicas",
                ],
            );
            !desired.is_empty() && desired != want
        })
    }

    /// `scale` (while paused, or for a scaling event): the one active ReplicaSet (or the
    /// newest) follows spec.replicas. Several active ones are left to the rollout.
    fn scale_active(&mut self, new: Option<&Value>, old: &[Value]) -> bool {
        let all: Vec<&Value> = old.iter().chain(new).collect();
        let active: Vec<&Value> = all
            .iter()
            .copied()
            .filter(|rs| replicas_of(rs) > 0)
            .collect();
        let target = match active.len() {
            0 => new.or(old.last()),
            1 => Some(active[0]),
            _ => return false,
        };
        if let Some(rs) = target {
            if replicas_of(rs) != self.spec.replicas {
                self.scale(rs, self.spec.replicas);
            }
        }
        true
    }

    /// `cleanupDeployment`: old ReplicaSets past the revision history limit, oldest revision
    /// first, once they have no pods.
    fn cleanup(&mut self, new_name: Option<&str>) {
        let Some(limit) = self.spec.history_limit else {
            return;
        };
        let mut old: Vec<Value> = self
            .owned()
            .into_iter()
            .filter(|rs| Some(meta::name(rs)) != new_name)
            .collect();
        let diff = old.len() as i64 - limit;
        if diff <= 0 {
            return;
        }
        old.sort_once_by_key(revision);
        let Some(info) = util::info(self.api, "apps/replicasets") else {
            return;
        };
        let ns = self.key.namespace.clone();
        for rs in old.iter().take(diff as usize) {
            if replicas_of(rs) != 0 || util::int_at(rs, "/status/replicas") != 0 {
                continue;
            }
            let _ = self.api.delete(&info, Some(&ns), meta::name(rs), false);
        }
    }

    /// The status from the ReplicaSets as they are now, the conditions, and the revision
    /// annotation; a wake for the progress deadline.
    fn finish(&mut self, mut conds: Vec<Value>, old_counts: Counts, new_name: Option<String>) {
        let now = self.api.now;
        let owned = self.owned();
        let new_rs = owned
            .iter()
            .find(|rs| Some(meta::name(rs)) == new_name.as_deref());
        let sum = |ptr: &str| owned.iter().map(|rs| util::int_at(rs, ptr)).sum::<i64>();
        let spec_sum: i64 = owned.iter().map(replicas_of).sum();
        let available = sum("/status/availableReplicas");
        let counts = Counts {
            replicas: sum("/status/replicas"),
            updated: new_rs.map_or(0, |rs| util::int_at(rs, "/status/replicas")),
            ready: sum("/status/readyReplicas"),
            available,
            unavailable: (spec_sum - available).max(0),
        };
        let min_available = self.spec.replicas - self.spec.max_unavailable();
        status::availability(&mut conds, available, min_available, now);
        let done = status::complete(self.spec.replicas, &counts);
        if !self.spec.paused {
            let name = new_name.clone().unwrap_or_default();
            let wake = status::progress(
                &mut conds,
                self.spec.replicas,
                self.spec.deadline,
                (&old_counts, &counts),
                &name,
                now,
            );
            if let Some(at) = wake {
                self.sim.wake(at, &self.key);
            }
        }
        status::replica_failure(&mut conds, &owned, new_name.as_deref(), now);
        if self.spec.paused || done {
            self.cleanup(new_name.as_deref());
        }
        let generation = util::int_at(&self.d, "/metadata/generation");
        let keep = self.d.get("status").cloned().unwrap_or(json!({}));
        let mut updated = self.d.clone();
        meta::set(
            &mut updated,
            &["status"],
            status::object(&counts, conds, generation, &keep),
        );
        if let Some(rs) = new_rs {
            let rev = revision(rs).to_string();
            meta::set_str(&mut updated, &["metadata", "annotations", REVISION], &rev);
        }
        if updated != self.d {
            if let Some(info) = util::info(self.api, "apps/deployments") {
                let _ = util::write(self.api, &info, updated);
            }
        }
    }
}

/// `checkPausedConditions`: pausing and resuming show in the Progressing condition (unless
/// the rollout has already timed out).
fn paused_condition(conds: &mut Vec<Value>, paused: bool, now: Time) {
    let reason = status::find(conds, "Progressing")
        .map(|c| meta::str_at(c, &["reason"]).to_string())
        .unwrap_or_default();
    if reason == "ProgressDeadlineExceeded" {
        return;
    }
    let was_paused = reason == "DeploymentPaused";
    if paused && !was_paused {
        let c = status::condition(
            "Progressing",
            "Unknown",
            "DeploymentPaused",
            "Deployment is paused".into(),
            now,
        );
        status::set(conds, c, now);
    } else if !paused && was_paused {
        let c = status::condition(
            "Progressing",
            "Unknown",
            "DeploymentResumed",
            "Deployment is resumed".into(),
            now,
        );
        status::set(conds, c, now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surge_and_unavailable_round_as_kubernetes_does() {
        assert_eq!(int_or_percent(None, 3, true, "25%"), 1);
        assert_eq!(int_or_percent(None, 3, false, "25%"), 0);
        assert_eq!(int_or_percent(Some(&json!(2)), 3, false, "25%"), 2);
        assert_eq!(int_or_percent(Some(&json!("50%")), 4, false, "25%"), 2);
    }

    #[test]
    fn revision_history_keeps_the_older_revisions() {
        assert_eq!(append_history("", "1"), "1");
        assert_eq!(append_history("1", "3"), "1,3");
    }
}
