//! The kubelet's side of probes: working out a container's probes when it is planned (a failed
//! liveness or startup probe ends its runs early), and writing their events as time passes.

use serde_json::Value;

use super::{image_of, words, PodCtx, Run, Step};
use crate::events::{self, Event, Source};
use crate::probe::{self, Kind, Listening, RunProbes, Spec, Target};
use crate::process::Process;
use crate::termination::exits_on_sigterm;
use crate::Sim;
use kubeplay_api::ApiServer;
use kubeplay_core::clock::Time;

/// The runs looked at when reporting after a long wait (older ones' events are long counted).
const RECENT_RUNS: usize = 10;

/// The probes' course over each run of container `c`, and when a probe kill ends the run
/// (seconds after its start) with which exit code. `end`: when the process exits on its own.
pub(super) fn plan(
    ctx: &PodCtx,
    c: &Value,
    process: Option<&Process>,
    end: Option<i64>,
) -> Option<(RunProbes, Option<(i64, i32)>)> {
    if Spec::all(c).is_empty() {
        return None;
    }
    let image = image_of(c);
    let listening = match image {
        Some(image) => probe::listening(
            image,
            &words(c, "args"),
            words(c, "command").is_empty(),
            process.is_some(),
        ),
        None => Listening::Unknown,
    };
    let target = Target {
        ip: &ctx.ip,
        container: c,
        image,
        listening,
        files: process.map(|p| p.files.clone()).unwrap_or_default(),
    };
    let probes = probe::plan(&target, end)?;
    let kill = probes.kill.map(|(at, kind)| {
        let grace = Spec::of(c, kind)
            .and_then(|s| s.grace)
            .unwrap_or(ctx.grace)
            .max(0);
        // SIGTERM first; a process that does not handle it is killed when the grace ends.
        let (stop, code) = if exits_on_sigterm(c) {
            (1, 0)
        } else {
            (grace.max(1), 137)
        };
        match end {
            Some(e) if e <= at + stop => (e, -1),
            _ => (at + stop, code),
        }
    });
    let kill = kill.filter(|(_, code)| *code >= 0);
    Some((probes, kill))
}

/// The next moment after `now` when the running container's probes change something.
pub(super) fn next_moment(step: &Step, now: Time) -> Option<Time> {
    let probes = step.probes.as_ref()?;
    match step.at(now) {
        Run::Running { start, .. } => probes.next_after(now.since(start)).map(|s| start.plus(s)),
        _ => None,
    }
}

/// Each run's start and end (None: it is still running or never ends), the latest ones.
fn recent_runs(step: &Step, now: Time) -> Vec<(Time, Option<Time>)> {
    if step.exit.is_none() {
        return vec![(step.start, None)];
    }
    let runs = step.runs(now);
    let skip = runs.len().saturating_sub(RECENT_RUNS);
    runs.into_iter()
        .skip(skip)
        .map(|(a, e)| (a, Some(e)))
        .collect()
}

/// The probes' events between the last look (`after`) and `now`: `Unhealthy` for each failed
/// probe, `Killing` when a failed one ends the run.
pub(super) fn report(
    sim: &mut Sim,
    api: &mut ApiServer,
    pod: &Value,
    host: &str,
    step: &Step,
    after: Option<Time>,
    now: Time,
) {
    let Some(probes) = step.probes.clone() else {
        return;
    };
    if step.start > now {
        return;
    }
    for (start, exit) in recent_runs(step, now) {
        let from = after.map_or(-1, |a| a.since(start));
        let until = exit.map_or(now, |e| e.min(now)).since(start);
        for (secs, message) in probes.failures_in(from, until) {
            let mut ev =
                Event::normal(pod, "Unhealthy", message.to_string(), Source::Kubelet(host))
                    .container(&step.name);
            ev.kind = "Warning";
            events::record(sim, api, ev, start.plus(secs));
        }
        if let Some((secs, kind)) = probes.kill {
            if secs > from && secs <= until {
                let ev = Event::normal(pod, "Killing", killing(step, kind), Source::Kubelet(host))
                    .container(&step.name);
                events::record(sim, api, ev, start.plus(secs));
            }
        }
    }
}

/// The kubelet's words when a probe has it kill a container.
fn killing(step: &Step, kind: Kind) -> String {
    let which = if kind == Kind::Startup {
        "startup"
    } else {
        "liveness"
    };
    let restart = if step.restarts {
        ", will be restarted"
    } else {
        ""
    };
    format!("Container {} failed {which} probe{restart}", step.name)
}
