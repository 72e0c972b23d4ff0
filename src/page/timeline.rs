//! Time in the page: the simulated clock's controls (pause, resume, 10×, step) and the timeline
//! of commands, to rewind to the state after any of them (what came later kept aside for
//! `rewind undo`) or to compare two of them as a list of object diffs. The states are rebuilt by
//! the engine (`Engine::state_at`, `Engine::rewind`); this module decides what the page offers
//! and shows. The same is typed at the prompt: `timeline`, `rewind N`, `rewind undo`,
//! `compare A B`, `clock ...`.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde_json::Value;
use similar::TextDiff;

use super::clock::Pace;
use super::log::ClusterLog;
use super::model::Page;
use super::words::words;
use super::Action;
use crate::clock::Time;
use crate::shell::LineReader;

mod typed;

/// The steps the controls offer, in seconds.
pub const STEPS: [i64; 3] = [10, 60, 300];
/// The speed of "fast".
pub const FAST: u32 = 10;

/// The time controls and the timeline, as the page shows them.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct TimeView {
    /// The cluster's simulated time (seconds since the epoch), once it has booted.
    pub now: Option<i64>,
    pub speed: u32,
    pub paused: bool,
    /// The moments a rewind or a comparison can go to, oldest first.
    pub moments: Rc<Vec<Moment>>,
    /// The comparison asked for, until closed.
    pub compare: Option<Rc<Comparison>>,
    /// A rewind kept a later timeline aside: `rewind undo` brings it back.
    pub undo: bool,
}

/// The state right after a command (or the start): `upto` log entries replayed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Moment {
    pub upto: usize,
    /// The command's lines; empty for the start.
    pub line: String,
    /// Simulated time when it ran.
    pub t: i64,
}

/// What changed between two moments.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Comparison {
    pub from: usize,
    pub to: usize,
    pub diffs: Vec<ObjectDiff>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One object that differs: `Kind namespace/name` and the unified diff of its YAML.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ObjectDiff {
    pub object: String,
    pub change: Change,
    pub diff: String,
}

/// The page's own state for time: the comparison shown and what is cached for the view.
#[derive(Default)]
pub struct Timeline {
    compare: Option<Rc<Comparison>>,
    /// Whether a rewind kept a timeline aside (read from storage once).
    undo: Option<bool>,
    /// The moments, for the log length and setup they were read from.
    moments: Option<(usize, usize, Rc<Vec<Moment>>)>,
}

/// The moments of a log: the start (after `setup` lines run unseen, an exercise's) and the end
/// of each whole command typed after it (a heredoc's lines make one command).
pub fn moments(log: &ClusterLog, setup: usize) -> Vec<Moment> {
    let mut reader = LineReader::new();
    let mut out = Vec::new();
    let mut lines = 0;
    let mut typed = String::new();
    let start = |upto, t| Moment {
        upto,
        line: String::new(),
        t,
    };
    if setup == 0 {
        out.push(start(0, log.start));
    }
    for (i, e) in log.entries.iter().enumerate() {
        if e.cancel {
            reader.cancel();
            typed.clear();
        }
        let Some(line) = &e.line else { continue };
        lines += 1;
        if lines <= setup {
            if lines == setup {
                out.push(start(i + 1, e.t));
            }
            continue;
        }
        if !typed.is_empty() {
            typed.push('\n');
        }
        typed.push_str(line);
        if !reader.feed(line) {
            out.push(Moment {
                upto: i + 1,
                line: std::mem::take(&mut typed),
                t: e.t,
            });
        }
    }
    if out.is_empty() {
        out.push(start(log.entries.len(), log.start));
    }
    out
}

/// The object as compared: without the fields every write changes (`resourceVersion`, the
/// managers' bookkeeping), as YAML.
fn comparable(v: &Value) -> String {
    let mut v = v.clone();
    if let Some(md) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        md.remove("managedFields");
        md.remove("resourceVersion");
    }
    crate::yaml::to_yaml(&v)
}

/// Events are the history itself, not state: left out of comparisons.
fn compared(gr: &str) -> bool {
    !matches!(gr, "/events" | "events.k8s.io/events")
}

fn label(name: &str, v: &Value) -> String {
    let kind = v.get("kind").and_then(Value::as_str).unwrap_or("Object");
    format!("{kind} {}", name.trim_start_matches('/'))
}

/// The objects that differ between two states (`group/resource`, `namespace/name`, object),
/// in the store's order: added, removed and changed ones, each with its YAML's unified diff.
pub fn diff_states(
    before: Vec<(String, String, Value)>,
    after: Vec<(String, String, Value)>,
) -> Vec<ObjectDiff> {
    let key = |(gr, name, v): (String, String, Value)| ((gr, name), v);
    let before: BTreeMap<_, _> = before.into_iter().map(key).collect();
    let after: BTreeMap<_, _> = after.into_iter().map(key).collect();
    let keys: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
    let mut out = Vec::new();
    for k in keys {
        if !compared(&k.0) {
            continue;
        }
        let (a, b) = (before.get(k), after.get(k));
        let (change, v) = match (a, b) {
            (None, Some(v)) => (Change::Added, v),
            (Some(v), None) => (Change::Removed, v),
            (Some(_), Some(v)) => (Change::Changed, v),
            (None, None) => continue,
        };
        let (old, new) = (a.map(comparable), b.map(comparable));
        if old == new {
            continue;
        }
        let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
        let diff = TextDiff::from_lines(&old, &new)
            .unified_diff()
            .context_radius(3)
            .header("before", "after")
            .to_string();
        out.push(ObjectDiff {
            object: label(&k.1, v),
            change,
            diff,
        });
    }
    out
}

/// `10:04:05` of a simulated time (UTC, as the cluster's timestamps).
pub fn clock_text(t: i64) -> String {
    let stamp = Time(t).rfc3339();
    stamp.get(11..19).unwrap_or(&stamp).to_string()
}

impl Page {
    pub(super) fn time(&mut self, action: Action) {
        if self.exam.as_ref().is_some_and(|e| !e.running()) {
            return;
        }
        let pace = self.engine.pace();
        match action {
            Action::Pause(paused) => self.engine.set_time(pace.speed, paused, 0),
            Action::Speed(speed) => self.engine.set_time(speed, pace.paused, 0),
            Action::Step(secs) => self.engine.set_time(pace.speed, pace.paused, secs),
            Action::Rewind(upto) => self.rewind(upto),
            Action::RewindUndo => self.rewind_undo(),
            Action::Compare(Some((a, b))) => self.compare(a, b),
            Action::Compare(None) => self.timeline.compare = None,
            _ => {}
        }
    }

    /// Lines the setup of the open exercise (or exam task) ran unseen: not in the timeline.
    fn setup_lines(&self) -> usize {
        if let Some(l) = &self.lesson {
            return l.ex.spec.setup.len();
        }
        self.exam
            .as_ref()
            .and_then(|e| e.exercises.get(e.saved.current))
            .map_or(0, |ex| ex.spec.setup.len())
    }

    fn moments(&mut self) -> Rc<Vec<Moment>> {
        let setup = self.setup_lines();
        let len = self.engine.log().entries.len();
        match &self.timeline.moments {
            Some((l, s, m)) if *l == len && *s == setup => m.clone(),
            _ => {
                let m = Rc::new(moments(self.engine.log(), setup));
                self.timeline.moments = Some((len, setup, m.clone()));
                m
            }
        }
    }

    fn moment(&mut self, upto: usize) -> Option<Moment> {
        self.moments().iter().find(|m| m.upto == upto).cloned()
    }

    fn say(&mut self, text: String) {
        self.engine.screen_mut().note(format!("{text}\n"));
    }

    fn rewind(&mut self, upto: usize) {
        let w = words(self.lang);
        let Some(m) = self.moment(upto) else {
            return self.say(w.rewind_bad.replace("{}", &upto.to_string()));
        };
        if self.engine.rewind(upto) {
            self.timeline.compare = None;
            self.timeline.undo = Some(true);
            let what = match m.line.is_empty() {
                true => w.time_start.to_string(),
                false => m.line,
            };
            self.say(w.rewound.replace("{}", &what));
        }
    }

    fn rewind_undo(&mut self) {
        let w = words(self.lang);
        if self.engine.rewind_undo() {
            self.timeline.compare = None;
            self.say(w.rewind_undone.into());
        } else {
            self.say(w.rewind_nothing.into());
        }
    }

    fn compare(&mut self, a: usize, b: usize) {
        let (Some(_), Some(_)) = (self.moment(a), self.moment(b)) else {
            let w = words(self.lang);
            let bad = if self.moment(a).is_none() { a } else { b };
            return self.say(w.rewind_bad.replace("{}", &bad.to_string()));
        };
        let before = self.engine.state_at(a).objects();
        let after = self.engine.state_at(b).objects();
        let diffs = diff_states(before, after);
        self.timeline.compare = Some(Rc::new(Comparison {
            from: a,
            to: b,
            diffs,
        }));
    }

    /// The time controls' part of the view.
    pub(super) fn publish_time(&mut self) {
        let undo = match self.timeline.undo {
            Some(u) => u,
            None => {
                let u = self.engine.rewound();
                self.timeline.undo = Some(u);
                u
            }
        };
        let Pace { speed, paused, .. } = self.engine.pace();
        let view = TimeView {
            now: self.engine.sim_now(),
            speed,
            paused,
            moments: self.moments(),
            compare: self.timeline.compare.clone(),
            undo,
        };
        super::view::update(&mut self.view.time, view);
    }
}
