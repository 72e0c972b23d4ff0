//! One run of a container under its probes: when it counts as started, when it is ready, which
//! probes fail when, and whether the kubelet kills it. Every run of a container is the same
//! (its process and files are deterministic), so this is worked out once, in seconds since the
//! run's start.

use super::answer::Answer;
use super::spec::{Kind, Spec};

/// Probes are stepped one by one up to this many in all; past it the answers are steady and the
/// rest follows (a readiness probe that keeps failing becomes a `Repeat`).
const MAX_TICKS: usize = 20_000;
/// Failures kept one by one per run (the events count them; the first ones are what matters).
const MAX_FAILURES: usize = 2_000;

/// A probe that keeps failing every `every` seconds from `from`, until `until` (the run's end).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Repeat {
    pub kind: Kind,
    pub from: i64,
    pub every: i64,
    pub until: Option<i64>,
    pub message: usize,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Default)]
pub struct RunProbes {
    /// When the container counts as started (`None`: never, its startup probe never passes).
    pub started: Option<i64>,
    /// When readiness changes: not ready at the start, then each flip.
    pub ready: Vec<(i64, bool)>,
    /// When the kubelet kills it, and for which probe.
    pub kill: Option<(i64, Kind)>,
    /// Each failed probe: when, and its event message (an index into `messages`).
    pub failures: Vec<(i64, usize)>,
    pub repeat: Option<Repeat>,
    /// The events' messages (`Liveness probe failed: …`).
    pub messages: Vec<String>,
}

impl RunProbes {
    /// Ready `secs` into the run.
    pub fn ready_at(&self, secs: i64) -> bool {
        self.ready
            .iter()
            .take_while(|(t, _)| *t <= secs)
            .last()
            .is_some_and(|(_, r)| *r)
    }

    /// When readiness last changed at or before `secs` (None: never changed).
    pub fn last_change(&self, secs: i64) -> Option<i64> {
        self.ready
            .iter()
            .take_while(|(t, _)| *t <= secs)
            .last()
            .map(|(t, _)| *t)
    }

    /// The failures at offsets in `(after, until]`, with their messages (bounded).
    pub fn failures_in(&self, after: i64, until: i64) -> Vec<(i64, &str)> {
        let mut out: Vec<(i64, &str)> = self
            .failures
            .iter()
            .filter(|(t, _)| *t > after && *t <= until)
            .map(|(t, m)| (*t, self.messages[*m].as_str()))
            .collect();
        if let Some(r) = &self.repeat {
            let end = r.until.map_or(until, |u| u.min(until));
            let first = if after < r.from {
                r.from
            } else {
                r.from + ((after - r.from) / r.every + 1) * r.every
            };
            let mut t = first;
            while t <= end && out.len() < MAX_FAILURES {
                out.push((t, self.messages[r.message].as_str()));
                t += r.every;
            }
        }
        out
    }

    /// The next moment after `secs` at which something about the probes happens.
    pub fn next_after(&self, secs: i64) -> Option<i64> {
        let mut times: Vec<i64> = self.ready.iter().map(|(t, _)| *t).collect();
        times.extend(self.started);
        times.extend(self.kill.map(|(t, _)| t));
        times.extend(self.failures.iter().map(|(t, _)| *t).find(|t| *t > secs));
        if let Some(r) = &self.repeat {
            let next = if secs < r.from {
                r.from
            } else {
                r.from + ((secs - r.from) / r.every + 1) * r.every
            };
            if r.until.is_none_or(|u| next < u) {
                times.push(next);
            }
        }
        times.into_iter().filter(|t| *t > secs).min()
    }
}

/// One probe being stepped.
struct Prober<'a> {
    spec: &'a Spec,
    answers: &'a [(u64, Answer)],
    next: i64,
    ok_run: i64,
    fail_run: i64,
}

impl Prober<'_> {
    fn answer(&self, secs: i64) -> &Answer {
        let ms = (secs.max(0) as u64).saturating_mul(1000);
        self.answers
            .iter()
            .take_while(|(at, _)| *at <= ms)
            .last()
            .map_or(&Answer::Ok, |(_, a)| a)
    }

    /// The moment after which its answer no longer changes.
    fn steady(&self) -> i64 {
        let last = self.answers.last().map_or(0, |(ms, _)| ms.div_ceil(1000));
        let last = i64::try_from(last).unwrap_or(i64::MAX / 4);
        last.max(self.spec.delay) + (self.spec.failure + self.spec.success + 2) * self.spec.period
    }
}

fn message(kind: Kind, answer: &Answer) -> String {
    match answer {
        Answer::Failed(m) => format!("{} probe failed: {m}", kind.word()),
        Answer::Errored(m) => format!("{} probe errored: {m}", kind.word()),
        Answer::Ok => String::new(),
    }
}

/// The probes' course over one run that ends on its own at `end` (None: it keeps running).
pub fn run(probes: &[(Spec, Vec<(u64, Answer)>)], end: Option<i64>) -> RunProbes {
    let mut out = RunProbes::default();
    let mut probers: Vec<Prober> = probes
        .iter()
        .map(|(spec, answers)| Prober {
            spec,
            answers,
            next: spec.delay,
            ok_run: 0,
            fail_run: 0,
        })
        .collect();
    let has = |k: Kind| probers.iter().any(|p| p.spec.kind == k);
    let has_startup = has(Kind::Startup);
    let has_readiness = has(Kind::Readiness);
    out.started = (!has_startup).then_some(0);
    if !has_readiness && !has_startup {
        out.ready.push((0, true));
    }
    let steady = probers.iter().map(Prober::steady).max().unwrap_or(0)
        + probers
            .iter()
            .filter(|p| p.spec.kind == Kind::Startup)
            .map(|p| p.spec.delay + p.spec.failure * p.spec.period)
            .sum::<i64>();
    let mut ready = false;
    for _ in 0..MAX_TICKS {
        let Some(i) = (0..probers.len()).min_by_key(|i| (probers[*i].next, *i)) else {
            break;
        };
        let t = probers[i].next;
        if end.is_some_and(|e| t >= e) || t > steady {
            break;
        }
        let p = &mut probers[i];
        p.next += p.spec.period;
        let kind = p.spec.kind;
        let started = out.started.is_some_and(|s| s <= t);
        // Startup runs until it passes; the others only once it has.
        if (kind == Kind::Startup) == started {
            continue;
        }
        let answer = p.answer(t).clone();
        if answer == Answer::Ok {
            p.ok_run += 1;
            p.fail_run = 0;
        } else {
            p.fail_run += 1;
            p.ok_run = 0;
            if out.failures.len() < MAX_FAILURES {
                let m = intern(&mut out.messages, message(kind, &answer));
                out.failures.push((t, m));
            }
        }
        let (ok_run, fail_run, spec) = (p.ok_run, p.fail_run, p.spec);
        match kind {
            Kind::Startup if ok_run >= 1 => {
                out.started = Some(t);
                if !has_readiness {
                    out.ready.push((t, true));
                    ready = true;
                }
            }
            Kind::Startup | Kind::Liveness if fail_run >= spec.failure => {
                // It stays as ready as it was until it has stopped.
                out.kill = Some((t, kind));
                return out;
            }
            Kind::Readiness if !ready && ok_run >= spec.success => {
                ready = true;
                out.ready.push((t, true));
            }
            Kind::Readiness if ready && fail_run >= spec.failure => {
                ready = false;
                out.ready.push((t, false));
            }
            _ => {}
        }
    }
    // Past the steady point a readiness probe that fails keeps failing, every period.
    if let Some(p) = probers.iter().find(|p| p.spec.kind == Kind::Readiness) {
        let answer = p.answer(p.next);
        if answer != &Answer::Ok && out.started.is_some() && end.is_none_or(|e| p.next < e) {
            let m = intern(&mut out.messages, message(Kind::Readiness, answer));
            out.repeat = Some(Repeat {
                kind: Kind::Readiness,
                from: p.next,
                every: p.spec.period,
                until: end,
                message: m,
            });
        }
    }
    out
}

fn intern(messages: &mut Vec<String>, m: String) -> usize {
    match messages.iter().position(|x| *x == m) {
        Some(i) => i,
        None => {
            messages.push(m);
            messages.len() - 1
        }
    }
}
