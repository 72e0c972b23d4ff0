//! The HorizontalPodAutoscaler controller (v1.32's podautoscaler): each autoscaler is looked at
//! 15 s after it appears and every 15 s after (`--horizontal-pod-autoscaler-sync-period`; its
//! own status writes do not bring that forward). A look reads the target's scale, works out a
//! size from each metric (resource metrics from metrics-server, `source.rs`; the replica
//! calculator, `replicas.rs`), stabilizes and bounds it (`normalize.rs`), sets it through the
//! target's scale, and writes the status with its conditions and events.

mod normalize;
mod replicas;
mod source;
mod target;

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::events::{self, Event, Source};
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::clock::Time;
use kubeplay_core::sort::SortOnce;
use normalize::{Cond, Memory};

const COMPONENT: &str = "horizontal-pod-autoscaler";
const GR: &str = "autoscaling/horizontalpodautoscalers";
/// `--horizontal-pod-autoscaler-sync-period`.
const SYNC_PERIOD: i64 = 15;

/// When each autoscaler (by uid) is next due, and what the controller remembers of it.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct State {
    due: HashMap<Key, (String, Time)>,
    memory: HashMap<String, Memory>,
    /// The selector of each autoscaler's target as last read, to find pods two autoscalers
    /// would both scale.
    selectors: HashMap<Key, LabelSelector>,
}

/// An autoscaler was written, removed, or its time came.
pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(hpa) = api.store().get(key).cloned() else {
        if let Some((uid, _)) = sim.hpas.due.remove(key) {
            sim.hpas.memory.remove(&uid);
        }
        sim.hpas.selectors.remove(key);
        return;
    };
    let uid = hpa.uid().to_string();
    let now = api.now;
    let due = match sim.hpas.due.get(key) {
        Some((u, due)) if *u == uid => *due,
        _ => {
            // New: first looked at one period after it appeared.
            let first = now.plus(SYNC_PERIOD);
            sim.hpas.due.insert(key.clone(), (uid, first));
            sim.wake(first, key);
            return;
        }
    };
    if now < due {
        sim.wake(due, key);
        return;
    }
    let next = now.plus(SYNC_PERIOD);
    sim.hpas.due.insert(key.clone(), (uid.clone(), next));
    sim.wake(next, key);
    Reconcile {
        sim,
        api,
        hpa,
        uid,
        conditions: Vec::new(),
    }
    .run();
}

/// One look at one autoscaler.
struct Reconcile<'a> {
    sim: &'a mut Sim,
    api: &'a mut ApiServer,
    hpa: Value,
    uid: String,
    /// The conditions set during this look, in order (applied to the old ones at the end).
    conditions: Vec<Cond>,
}

/// The metrics' verdict: a size, the metric that asked for it, and each metric's status.
struct Computed {
    replicas: i64,
    metric: String,
    statuses: Vec<Value>,
}

/// What a look decided: the size, why, whether it changes, and the metrics' statuses.
struct Decision {
    desired: i64,
    reason: String,
    rescale: bool,
    statuses: Option<Vec<Value>>,
}

impl Reconcile<'_> {
    fn run(mut self) {
        let scale = match target::scale(self.api, &self.hpa) {
            Ok(s) => s,
            Err(e) => {
                self.warn("FailedGetScale", e.clone());
                self.set(
                    "AbleToScale",
                    "False",
                    "FailedGetScale",
                    format!("the HPA controller was unable to get the target's current scale: {e}"),
                );
                let status = self.old_status();
                self.write_status(status);
                return;
            }
        };
        self.set(
            "AbleToScale",
            "True",
            "SucceededGetScale",
            "the HPA controller was able to get the target's current scale".into(),
        );
        let (current, now) = (scale.replicas, self.api.now);
        let mem = self.sim.hpas.memory.entry(self.uid.clone()).or_default();
        if mem.recommendations.is_empty() {
            mem.recommendations.push(normalize::Recommendation {
                replicas: current,
                at: now,
            });
        }
        let Some(d) = self.decide(&scale) else {
            return;
        };
        if d.rescale && !self.rescale(&scale, &d) {
            return;
        }
        let mut status = Map::new();
        if current != 0 {
            status.insert("currentReplicas".into(), json!(current));
        }
        let desired = if d.rescale { d.desired } else { current };
        status.insert("desiredReplicas".into(), json!(desired));
        let last = match d.rescale {
            true => Some(json!(now.rfc3339())),
            false => self.hpa.pointer("/status/lastScaleTime").cloned(),
        };
        if let Some(t) = last {
            status.insert("lastScaleTime".into(), t);
        }
        status.insert("currentMetrics".into(), metrics_value(d.statuses));
        self.write_status(status);
    }

    fn spec_i64(&self, field: &str, default: i64) -> i64 {
        self.hpa
            .pointer(&format!("/spec/{field}"))
            .and_then(|v| v.as_i64())
            .unwrap_or(default)
    }

    fn behavior(&self) -> Option<Value> {
        self.hpa
            .pointer("/spec/behavior")
            .filter(|b| b.is_object())
            .cloned()
    }

    /// The size to set: the bounds first, then the metrics' proposal, stabilized and limited.
    /// None when the metrics could not be worked out (the status and events are written).
    fn decide(&mut self, scale: &target::Scale) -> Option<Decision> {
        let current = scale.replicas;
        let (min, max) = (
            self.spec_i64("minReplicas", 1),
            self.spec_i64("maxReplicas", 0),
        );
        let bound = |desired: i64, reason: &str| Decision {
            desired,
            reason: reason.to_string(),
            rescale: true,
            statuses: None,
        };
        if current == 0 && min != 0 {
            self.set(
                "ScalingActive",
                "False",
                "ScalingDisabled",
                "scaling is disabled since the replica count of the target is zero".into(),
            );
            return Some(Decision {
                rescale: false,
                ..bound(0, "")
            });
        }
        if current > max {
            return Some(bound(
                max,
                "Current number of replicas above Spec.MaxReplicas",
            ));
        }
        if current < min {
            return Some(bound(
                min,
                "Current number of replicas below Spec.MinReplicas",
            ));
        }
        let spec = self.hpa.get("spec").cloned().unwrap_or(Value::Null);
        let computed = match self.compute(scale, &spec) {
            Ok(c) => c,
            Err((statuses, err)) => {
                self.keep_status(current, statuses);
                self.warn("FailedComputeMetricsReplicas", err);
                return None;
            }
        };
        let desired = computed.replicas.max(0);
        let reason = if desired > current {
            format!("{} above target", computed.metric)
        } else if desired < current {
            "All metrics below target".to_string()
        } else {
            String::new()
        };
        let now = self.api.now;
        let behavior = self.behavior();
        let mem = self.sim.hpas.memory.entry(self.uid.clone()).or_default();
        let (size, conds) = match &behavior {
            None => normalize::without_behavior(mem, now, current, desired, (min, max)),
            Some(b) => normalize::with_behavior(mem, now, b, current, desired, (min, max)),
        };
        self.conditions.extend(conds);
        Some(Decision {
            desired: size,
            reason,
            rescale: size != current,
            statuses: Some(computed.statuses),
        })
    }

    /// Set the target's size; false when that failed (the status and events are written).
    fn rescale(&mut self, scale: &target::Scale, d: &Decision) -> bool {
        let (desired, reason) = (d.desired, &d.reason);
        if let Err(e) = target::set_replicas(self.api, scale, desired) {
            self.warn(
                "FailedRescale",
                format!("New size: {desired}; reason: {reason}; error: {e}"),
            );
            self.set(
                "AbleToScale",
                "False",
                "FailedUpdateScale",
                format!("the HPA controller was unable to update the target scale: {e}"),
            );
            self.keep_status(scale.replicas, d.statuses.clone());
            return false;
        }
        self.set(
            "AbleToScale",
            "True",
            "SucceededRescale",
            format!("the HPA controller was able to update the target scale to {desired}"),
        );
        self.event(
            "Normal",
            "SuccessfulRescale",
            format!("New size: {desired}; reason: {reason}"),
        );
        if let Some(b) = self.behavior() {
            let now = self.api.now;
            let mem = self.sim.hpas.memory.entry(self.uid.clone()).or_default();
            normalize::store_event(mem, now, &b, scale.replicas, desired);
        }
        true
    }

    /// `setCurrentReplicasAndMetricsInStatus`: the old status with the current size and metrics.
    fn keep_status(&mut self, current: i64, statuses: Option<Vec<Value>>) {
        let mut status = self.old_status();
        status.insert("currentReplicas".into(), json!(current));
        status.insert("currentMetrics".into(), metrics_value(statuses));
        self.write_status(status);
    }

    /// `computeReplicasForMetrics`: the largest proposal of the metrics that could be read.
    fn compute(
        &mut self,
        scale: &target::Scale,
        spec: &Value,
    ) -> Result<Computed, (Option<Vec<Value>>, String)> {
        if scale.selector.is_none() {
            self.warn("SelectorRequired", "selector is required".into());
            self.set(
                "ScalingActive",
                "False",
                "InvalidSelector",
                "the HPA target's scale is missing a selector".into(),
            );
            return Err((None, "selector is required".into()));
        }
        if let Some(err) = self.ambiguous(scale) {
            self.warn("AmbiguousSelector", err.clone());
            self.set("ScalingActive", "False", "AmbiguousSelector", err.clone());
            return Err((None, err));
        }
        let specs = spec
            .get("metrics")
            .and_then(|m| m.as_array())
            .cloned()
            .unwrap_or_default();
        let mut statuses = vec![json!({"type": ""}); specs.len()];
        let (mut replicas, mut metric) = (0i64, String::new());
        let mut invalid = 0usize;
        let mut first: Option<(Cond, String)> = None;
        for (i, m) in specs.iter().enumerate() {
            let ns = meta::namespace(&self.hpa).to_string();
            match source::compute(self.api, &ns, scale, m) {
                Ok(p) => {
                    if let Some(s) = statuses.get_mut(i) {
                        *s = p.status;
                    }
                    if replicas == 0 || p.replicas > replicas {
                        replicas = p.replicas;
                        metric = p.name;
                    }
                }
                Err(f) => {
                    self.warn(f.reason, f.event.clone());
                    let cond = (
                        "ScalingActive",
                        "False",
                        f.reason,
                        format!(
                            "the HPA was unable to compute the replica count: {}",
                            f.event
                        ),
                    );
                    if first.is_none() {
                        first = Some((cond, f.error));
                    }
                    invalid += 1;
                }
            }
        }
        if let Some((cond, err)) = &first {
            if invalid >= specs.len() || replicas < scale.replicas {
                self.conditions.push(cond.clone());
                let err = format!(
                    "invalid metrics ({invalid} invalid out of {}), first error is: {err}",
                    specs.len()
                );
                return Err((Some(statuses), err));
            }
        }
        self.set(
            "ScalingActive",
            "True",
            "ValidMetricFound",
            format!("the HPA was able to successfully calculate a replica count from {metric}"),
        );
        Ok(Computed {
            replicas,
            metric,
            statuses,
        })
    }

    /// The pods this autoscaler selects are also selected by another one's target: the
    /// controller scales neither (`AmbiguousSelector`).
    fn ambiguous(&mut self, scale: &target::Scale) -> Option<String> {
        let key = key_of(&self.hpa);
        let selector = scale.selector.clone()?;
        self.sim
            .hpas
            .selectors
            .insert(key.clone(), selector.clone());
        let pods: Vec<Value> = self
            .api
            .store()
            .list("/pods", Some(&key.namespace))
            .map(|(_, p)| p)
            .filter(|p| selector.matches(p.pointer("/metadata/labels")))
            .cloned()
            .collect();
        let mut hpas: Vec<String> = self
            .sim
            .hpas
            .selectors
            .iter()
            .filter(|(k, _)| k.namespace == key.namespace)
            .filter(|(_, s)| {
                pods.iter()
                    .any(|p| s.matches(p.pointer("/metadata/labels")))
            })
            .map(|(k, _)| format!("{}/{}", k.namespace, k.name))
            .collect();
        if hpas.len() < 2 {
            return None;
        }
        hpas.sort_once();
        Some(format!(
            "pods by selector {} are controlled by multiple HPAs: [{}]",
            scale.selector_text,
            hpas.join(" ")
        ))
    }

    fn set(&mut self, ty: &'static str, status: &'static str, reason: &'static str, msg: String) {
        self.conditions.push((ty, status, reason, msg));
    }

    fn warn(&mut self, reason: &'static str, message: String) {
        self.event("Warning", reason, message);
    }

    fn event(&mut self, kind: &'static str, reason: &'static str, message: String) {
        let mut ev = Event::normal(&self.hpa, reason, message, Source::Controller(COMPONENT));
        ev.kind = kind;
        let now = self.api.now;
        events::record(self.sim, self.api, ev, now);
    }

    /// The status as it was (for the paths that only update part of it).
    fn old_status(&self) -> Map<String, Value> {
        self.hpa
            .get("status")
            .and_then(|s| s.as_object())
            .cloned()
            .unwrap_or_default()
    }

    /// The new status with this look's conditions applied; written only when it changed.
    fn write_status(&mut self, mut status: Map<String, Value>) {
        let old = self
            .hpa
            .pointer("/status/conditions")
            .and_then(|c| c.as_array())
            .cloned()
            .unwrap_or_default();
        let conditions = apply_conditions(old, &self.conditions, self.api.now);
        status.insert("conditions".into(), Value::Array(conditions));
        let status = Value::Object(status);
        if self.hpa.get("status") == Some(&status) {
            return;
        }
        let Some(current) = self.api.store().get(&key_of(&self.hpa)).cloned() else {
            return;
        };
        let mut updated = current;
        meta::set(&mut updated, &["status"], status);
        if let Some(info) = util::info(self.api, GR) {
            self.api.write_status(&info, updated);
        }
    }
}

fn key_of(hpa: &Value) -> Key {
    Key::new(GR, meta::namespace(hpa), meta::name(hpa))
}

/// `currentMetrics`: null when none were worked out.
fn metrics_value(statuses: Option<Vec<Value>>) -> Value {
    match statuses {
        Some(s) if !s.is_empty() => Value::Array(s),
        _ => Value::Null,
    }
}

/// `setCondition` for each, in order: a condition's time changes only with its status.
fn apply_conditions(mut list: Vec<Value>, set: &[Cond], now: Time) -> Vec<Value> {
    for (ty, status, reason, message) in set {
        let pos = list
            .iter()
            .position(|c| c.get("type").and_then(|t| t.as_str()) == Some(*ty));
        let idx = match pos {
            Some(i) => i,
            None => {
                list.push(json!({"type": ty}));
                list.len() - 1
            }
        };
        let Some(c) = list.get_mut(idx) else {
            continue;
        };
        let same = c.get("status").and_then(|s| s.as_str()) == Some(*status);
        let time = match same {
            true => c.get("lastTransitionTime").cloned(),
            false => Some(json!(now.rfc3339())),
        };
        *c = json!({
            "type": ty,
            "status": status,
            "lastTransitionTime": time,
            "reason": reason,
            "message": message,
        });
    }
    list
}
