//! What a container printed, read from its plan: each run prints its process's lines at their
//! times from that run's start, cut off where the run ended; a container running its image's own
//! program first prints the catalog's startup lines. `kubectl logs` reads this.

mod startup;

pub(crate) use startup::{common_log_time, http_date, slashed_time};

use kubeplay_api::store::Key;
use kubeplay_core::clock::Time;
use serde_json::Value;

use super::{Run, Step};
use crate::network::Access;
use crate::Sim;
use kubeplay_core::sort::SortOnce;

/// One line a container printed, at a moment on the clock (ms).
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub at_ms: i64,
    pub stderr: bool,
    pub text: String,
}

impl Sim {
    /// What container `name` of pod `key` printed by `now` in its current run, or with
    /// `previous` in the run before. `None` when there is no such run (yet).
    pub fn container_log(
        &self,
        key: &Key,
        name: &str,
        now: Time,
        previous: bool,
    ) -> Option<Vec<Logged>> {
        let step = self.plans.get(key)?.steps.iter().find(|s| s.name == name)?;
        let (start, end) = run_bounds(step, now, previous)?;
        let start_ms = start.0.saturating_mul(1000);
        let until_ms = end.map_or(now, |e| e.min(now)).0.saturating_mul(1000);
        let uid = &self.plans.get(key)?.uid;
        let mut out: Vec<Logged> = step
            .log
            .iter()
            .map(|l| (start_ms.saturating_add(l.ms.min(i64::MAX as u64) as i64), l))
            .take_while(|(at, _)| *at <= until_ms)
            .map(|(at_ms, l)| Logged {
                at_ms,
                stderr: l.stderr,
                text: l.text.clone(),
            })
            .collect();
        out.extend(self.access_lines(key, uid, name, start_ms, until_ms, now));
        out.sort_once_by_key(|l| l.at_ms);
        Some(out)
    }
}

impl Sim {
    /// What `container` of pod `key` printed by `now` in its run that started at `started` (the
    /// `startedAt` the kubelet reported for it): the image's startup lines when it runs the
    /// image's own program, then its process's lines. Empty when no such run is known.
    pub fn run_log(&self, key: &Key, container: &Value, started: Time, now: Time) -> Vec<Logged> {
        let name = container.get("name").and_then(|n| n.as_str()).unwrap_or("");
        let Some(plan) = self.plans.get(key) else {
            return Vec::new();
        };
        let Some(step) = plan.steps.iter().find(|s| s.name == name) else {
            return Vec::new();
        };
        let Some(end) = all_runs(step, now)
            .into_iter()
            .find(|(s, _)| *s == started)
            .map(|(_, e)| e)
        else {
            return Vec::new();
        };
        let start_ms = started.0.saturating_mul(1000);
        // The clock counts whole seconds: a run still going has printed all of the current one.
        let until_ms = if end <= now {
            end.0.saturating_mul(1000)
        } else {
            now.0.saturating_mul(1000).saturating_add(999)
        };
        let mut out = startup_lines(container, start_ms, &key.name, &plan.ip);
        out.extend(step.log.iter().map(|l| Logged {
            at_ms: start_ms.saturating_add(l.ms.min(i64::MAX as u64) as i64),
            stderr: l.stderr,
            text: l.text.clone(),
        }));
        out.extend(self.access_lines(key, &plan.uid, name, start_ms, until_ms, now));
        let started_after = step.probes.as_ref().and_then(|p| p.started);
        out.extend(
            crate::network::probe_lines(container, &plan.ip, started_after, start_ms, until_ms)
                .into_iter()
                .map(|(at_ms, stderr, text)| Logged {
                    at_ms,
                    stderr,
                    text,
                }),
        );
        out.retain(|l| l.at_ms <= until_ms);
        out.sort_once_by_key(|l| l.at_ms);
        crate::network::number_connections(&mut out);
        out
    }

    /// The access lines of the requests that reached container `name` of pod `key` (with
    /// `uid`) between `from_ms` and `until_ms`: the execs' and the host's, and those of every
    /// run of every pod's script up to `now`.
    fn access_lines(
        &self,
        key: &Key,
        uid: &str,
        name: &str,
        from_ms: i64,
        until_ms: i64,
        now: Time,
    ) -> Vec<Logged> {
        let ours = |a: &Access| a.pod == *key && a.uid == uid && a.container == name;
        let line = |at_ms: i64, a: &Access| Logged {
            at_ms,
            stderr: a.stderr,
            text: a.text.clone(),
        };
        let in_run = |at: i64| at >= from_ms && at <= until_ms;
        let mut out: Vec<Logged> = self
            .accesses
            .iter()
            .filter(|a| ours(a) && in_run(a.at_ms))
            .map(|a| line(a.at_ms, a))
            .collect();
        for plan in self.plans.values() {
            for step in plan.steps.iter().filter(|s| s.requests.iter().any(&ours)) {
                for (start, end) in all_runs(step, now) {
                    let base = start.0.saturating_mul(1000);
                    let stop = end.0.saturating_mul(1000);
                    for a in step.requests.iter().filter(|a| ours(a)) {
                        let at = base.saturating_add(a.at_ms);
                        if at <= stop && in_run(at) {
                            out.push(line(at, a));
                        }
                    }
                }
            }
        }
        out
    }
}

/// Every run of the step that has started by `now`, with its end (or `NEVER`).
pub(super) fn all_runs(step: &Step, now: Time) -> Vec<(Time, Time)> {
    if step.missing.is_some() || step.fail.is_some() {
        return Vec::new();
    }
    if step.restarts && step.exit.is_some() {
        step.runs(now)
    } else if now >= step.start {
        vec![(step.start, step.exit.unwrap_or(super::NEVER))]
    } else {
        Vec::new()
    }
}

/// The catalog's startup lines of the container's image, when it runs the image's program: one
/// a millisecond from the run's start, as an entrypoint script prints them in a burst.
fn startup_lines(container: &Value, start_ms: i64, hostname: &str, ip: &str) -> Vec<Logged> {
    let Some(image) = super::image_of(container) else {
        return Vec::new();
    };
    if !startup::runs_image_program(image, container) {
        return Vec::new();
    }
    (0i64..)
        .zip(&image.logs)
        .map(|(i, line)| {
            let at_ms = start_ms.saturating_add(i + 1);
            let facts = startup::RunFacts {
                at_ms,
                hostname,
                ip,
            };
            Logged {
                at_ms,
                stderr: false,
                text: startup::render(line, &facts),
            }
        })
        .collect()
}

/// The start and end (if it ended) of the run asked for.
fn run_bounds(step: &Step, now: Time, previous: bool) -> Option<(Time, Option<Time>)> {
    if step.missing.is_some() || step.fail.is_some() {
        return None;
    }
    let runs = if step.restarts {
        step.runs(now)
    } else if now >= step.start {
        vec![(step.start, step.exit.unwrap_or(super::NEVER))]
    } else {
        Vec::new()
    };
    let pick = if previous {
        runs.len().checked_sub(2)?
    } else {
        runs.len().checked_sub(1)?
    };
    let (start, exit) = *runs.get(pick)?;
    if matches!(step.at(now), Run::Waiting) {
        return None;
    }
    Some((start, (exit < super::NEVER).then_some(exit)))
}
