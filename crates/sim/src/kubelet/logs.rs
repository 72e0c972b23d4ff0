//! What a container printed, read from its plan: each run prints its process's lines at their
//! times from that run's start, cut off where the run ended. `kubectl logs` reads this.

use kubeplay_api::store::Key;
use kubeplay_core::clock::Time;

use super::{Run, Step};
use crate::Sim;

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
        Some(
            step.log
                .iter()
                .map(|l| (start_ms.saturating_add(l.ms.min(i64::MAX as u64) as i64), l))
                .take_while(|(at, _)| *at <= until_ms)
                .map(|(at_ms, l)| Logged {
                    at_ms,
                    stderr: l.stderr,
                    text: l.text.clone(),
                })
                .collect(),
        )
    }
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
