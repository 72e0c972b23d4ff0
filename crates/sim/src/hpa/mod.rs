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
#[derive(Debug, Clone, Default)]
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

impl Reconcile<'_> {
    fn run(mut self) {
        let spec = self.hpa.get("spec").cloned().unwrap_or(Value::Null);
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
        let current = scale.replicas;
        let now = self.api.now;
        let mem = self.sim.hpas.memory.entry(self.uid.clone()).or_default();
        if mem.recommendations.is_empty() {
            mem.recommendations.push(normalize::Recommendation {
                replicas: current,
                at: now,
            });
        }
        let min = spec
            .get("minReplicas")
            .and_then(|v| v.as_i64())
            .unwrap_or(1);
        let max = spec
            .get("maxReplicas")
            .and_then(|v| v.as_i64())
            .unwrap_or(0);
        let mut statuses: Option<Vec<Value>> = None;
        let (desired, reason, rescale) = if current == 0 && min != 0 {
            self.set(
                "ScalingActive",
                "False",
                "ScalingDisabled",
                "scaling is disabled since the replica count of the target is zero".into(),
            );
            (0, String::new(), false)
        } else if current > max {
            let r = "Current number of replicas above Spec.MaxReplicas";
            (max, r.to_string(), true)
        } else if current < min {
            let r = "Current number of replicas below Spec.MinReplicas";
            (min, r.to_string(), true)
        } else {
            let computed = match self.compute(&scale, &spec) {
                Ok(c) => c,
                Err((statuses, err)) => {
                    let mut status = self.old_status();
                    status.insert("currentReplicas".into(), json!(current));
                    status.insert("currentMetrics".into(), metrics_value(statuses));
                    self.write_status(status);
                    self.warn("FailedComputeMetricsReplicas", err);
                    return;
                }
            };
            let mut desired = 0;
            let mut metric = String::new();
            if computed.replicas > desired {
                desired = computed.replicas;
                metric = computed.metric.clone();
            }
            let mut reason = String::new();
            if desired > current {
                reason = format!("{metric} above target");
            }
            if desired < current {
                reason = "All metrics below target".into();
            }
            statuses = Some(computed.statuses);
            let mem = self.sim.hpas.memory.entry(self.uid.clone()).or_default();
            let (size, conds) = match spec.get("behavior").filter(|b| b.is_object()) {
                None => normalize::without_behavior(mem, now, current, desired, (min, max)),
                Some(b) => normalize::with_behavior(mem, now, b, current, desired, (min, max)),
            };
            self.conditions.extend(conds);
            (size, reason, size != current)
        };
        let desired = if rescale {
            if let Err(e) = target::set_replicas(self.api, &scale, desired) {
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
                let mut status = self.old_status();
                status.insert("currentReplicas".into(), json!(current));
                status.insert("currentMetrics".into(), metrics_value(statuses));
                self.write_status(status);
                return;
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
            if let Some(b) = spec.get("behavior").filter(|b| b.is_object()) {
                let mem = self.sim.hpas.memory.entry(self.uid.clone()).or_default();
                normalize::store_event(mem, now, b, current, desired);
            }
            desired
        } else {
            current
        };
        let mut status = Map::new();
        if current != 0 {
            status.insert("currentReplicas".into(), json!(current));
        }
        status.insert("desiredReplicas".into(), json!(desired));
        let last = match rescale {
            true => Some(json!(now.rfc3339())),
            false => self.hpa.pointer("/status/lastScaleTime").cloned(),
        };
        if let Some(t) = last {
            status.insert("lastScaleTime".into(), t);
        }
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
