//! The page's model driven as the browser drives it, on a test clock and in-memory storage:
//! a cluster persisted as its command log and rebuilt identically, damaged or failing storage
//! (`persistence`), completion against a live cluster (`completion`), and the whole page through
//! its actions and view (`model`).

mod completion;
mod edit;
mod embed;
mod exam;
mod exec;
mod kustomize;
mod lesson;
mod map;
mod model;
mod persistence;
mod share;
mod slices;
mod snapshot;
mod time;

use std::rc::Rc;

use serde_json::Value;

use super::screen::Seg;
use super::storage::MemStorage;
use super::*;
use crate::clock::{FixedClock, Time};

const T0: i64 = 1_795_600_000;

/// A page loaded in `tab`, not booted yet.
fn page(tab: &Tab) -> Page {
    Page::restore(tab.setup())
}

/// A line typed at the prompt and entered.
fn type_line(p: &mut Page, line: &str) {
    p.apply(Action::Input(line.into()));
    p.apply(Action::Enter);
}

/// The terminal as the user reads it: each echoed prompt and line, then what came out.
fn screen_text(p: &Page) -> String {
    p.view()
        .screen
        .iter()
        .map(|s| match s {
            Seg::Echo(prompt, line) => format!("{prompt}{line}\n"),
            Seg::Out(t) | Seg::Err(t) | Seg::Note(t) => t.clone(),
        })
        .collect()
}

/// A browser tab: its storage and its wall clock, which outlive the page loaded in it.
struct Tab {
    storage: MemStorage,
    wall: Rc<FixedClock>,
}

impl Tab {
    fn new() -> Tab {
        Tab::with(MemStorage::new())
    }

    fn with(storage: MemStorage) -> Tab {
        Tab {
            storage,
            wall: Rc::new(FixedClock::new(Time(T0))),
        }
    }

    fn setup(&self) -> Setup {
        Setup {
            storage: Box::new(self.storage.clone()),
            wall: self.wall.clone(),
            mark: |_| {},
        }
    }

    /// Load the page: the engine as the last visit left it.
    fn load(&self) -> Engine {
        Engine::restore(self.setup())
    }

    /// Let `secs` seconds pass with the page's heartbeat running, each second's work done in
    /// the slices the page runs on the following frames.
    fn wait(&self, engine: &mut Engine, secs: i64) {
        for _ in 0..secs {
            self.wall.advance(1);
            engine.tick();
            for _ in 0..MAX_SLICES {
                if !engine.busy() {
                    break;
                }
                engine.tick();
            }
        }
    }
}

/// A bound on the slices one second's work takes in the tests (a 1,000-pod start is a few
/// hundred).
const MAX_SLICES: usize = 100_000;

/// Let `secs` seconds pass on the page: the one-second tick, then `Slice` while the view says the
/// simulator is busy, as the web side dispatches it on the next frames.
fn wait(tab: &Tab, p: &mut Page, secs: i64) {
    for _ in 0..secs {
        tab.wall.advance(1);
        tick(p);
    }
}

/// One tick of the page and the slices after it.
fn tick(p: &mut Page) {
    p.apply(Action::Tick);
    for _ in 0..MAX_SLICES {
        if p.view().busy == 0 {
            break;
        }
        p.apply(Action::Slice);
    }
}

/// Every object in the store, as the API server holds it.
fn objects(engine: &mut Engine) -> Vec<(String, Value)> {
    engine.query(|c| {
        c.api
            .store()
            .iter()
            .map(|(k, v)| (format!("{}/{}/{}", k.gr, k.namespace, k.name), v.clone()))
            .collect()
    })
}

/// The same objects in the same order, reporting the first one that differs.
fn assert_same_objects(got: Vec<(String, Value)>, want: Vec<(String, Value)>) {
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    let names = |v: &[(String, Value)]| v.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want));
}

fn kubectl(engine: &mut Engine, line: &str) -> String {
    let args: Vec<&str> = line.split_whitespace().collect();
    engine.kubectl_quiet(&args).combined()
}

const CONFIGMAP: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  colour: blue\n";
