//! The engine's side of the time controls: the pace of the simulated clock (pause, resume,
//! speed, step), each logged so a reload replays it, and the cluster as it was after an earlier
//! entry of the log — rewound to, or rebuilt aside to compare. Both rebuild through `boot`, the
//! one place a log prefix becomes a cluster (where snapshots can make it fast).

use std::rc::Rc;

use serde_json::Value;

use super::{Engine, Setup};
use crate::clock::{Clock, FixedClock, Time};
use crate::page::clock::{Pace, PageClock};
use crate::page::log::{ClusterLog, Entry};
use crate::page::storage::MemStorage;
use crate::playground::Playground;

/// Storage: the log a rewind dropped, for `rewind undo`.
pub const REWIND_BACKUP: &str = "rewind.backup";
/// The longest step the controls take at once (a week, as the longest wait).
pub const MAX_STEP: i64 = 7 * 24 * 3600;

/// Follow a pace from here, as the control that set it did: the one place a logged control and
/// a live one take effect, so a replay does exactly what the page did.
pub(super) fn follow(clock: &PageClock, pg: &mut Playground, pace: Pace, step: bool) {
    clock.set_pace(pace);
    pg.cluster.paused = pace.paused;
    if step {
        pg.cluster.catch_up();
    }
}

impl Engine {
    /// How simulated time follows the wall clock now.
    pub fn pace(&self) -> Pace {
        self.clock.pace()
    }

    /// The cluster's time now (`sleep` included), once it has booted.
    pub fn sim_now(&self) -> Option<i64> {
        self.pg.as_ref().map(|pg| pg.cluster.now().0)
    }

    /// The command log of the cluster shown.
    pub fn log(&self) -> &ClusterLog {
        self.pending.as_ref().unwrap_or(&self.log)
    }

    /// A time control: from now simulated time runs at `speed` (or is `paused`), after a step
    /// of `step` seconds forward that the controllers catch up with at once. Logged.
    pub fn set_time(&mut self, speed: u32, paused: bool, step: i64) {
        let step = step.clamp(0, MAX_STEP);
        let now = self.clock.pace();
        if step == 0 && now.paused == paused && now.speed == speed {
            return;
        }
        self.pg();
        self.note_background();
        let sim = self.clock.now().0.saturating_add(step);
        let pace = Pace {
            wall: self.clock.wall(),
            sim,
            speed,
            paused,
        }
        .bounded();
        self.log.push(Entry {
            t: sim,
            clock: Some(pace),
            step: step > 0,
            ..Entry::default()
        });
        // Pinned while it takes effect, so the wall clock's next second cannot slip in.
        let clock = self.clock.clone();
        clock.pin(sim);
        follow(&clock, self.pg(), pace, step > 0);
        clock.resume();
        self.last_rv = self.rv();
        self.save_cluster();
    }

    /// The log's first `upto` entries, as a log of its own.
    fn prefix(&self, upto: usize) -> ClusterLog {
        let log = self.log();
        ClusterLog {
            entries: log.entries.iter().take(upto).cloned().collect(),
            ..log.clone()
        }
    }

    /// Go back to the cluster as it was after the log's first `upto` entries and go on from
    /// there, at the pace of now: the later entries are dropped from the log, and kept aside
    /// for `rewind_undo`. False (nothing changed) when there are not that many.
    pub fn rewind(&mut self, upto: usize) -> bool {
        self.pg();
        if upto > self.log.entries.len() {
            return false;
        }
        let mut log = self.prefix(upto);
        let t = log.entries.last().map_or(log.start, |e| e.t);
        let pace = Pace {
            wall: self.clock.wall(),
            sim: t,
            ..self.clock.pace()
        };
        log.push(Entry {
            t,
            clock: Some(pace),
            ..Entry::default()
        });
        let aside = self.log.clone();
        self.store.save(REWIND_BACKUP, &aside);
        self.reopen(log)
    }

    /// Bring back the log a rewind dropped, keeping aside the one it replaces; false when
    /// nothing was kept aside.
    pub fn rewind_undo(&mut self) -> bool {
        let Some(back) = self.store.load::<ClusterLog>(REWIND_BACKUP) else {
            return false;
        };
        self.pg();
        let aside = self.log.clone();
        self.store.save(REWIND_BACKUP, &aside);
        self.reopen(back.bounded())
    }

    /// Whether a rewind kept a log aside.
    pub fn rewound(&mut self) -> bool {
        self.store
            .load_text(REWIND_BACKUP)
            .is_some_and(|t| !t.is_empty())
    }

    fn reopen(&mut self, log: ClusterLog) -> bool {
        let text = serde_json::to_string(&log).unwrap_or_default();
        self.resume_log(&text)
    }

    /// The cluster after the log's first `upto` entries, rebuilt aside on its own clock and
    /// files: the engine shown is left as it is.
    pub fn state_at(&self, upto: usize) -> Engine {
        let wall: Rc<dyn Clock> = Rc::new(FixedClock::new(Time(self.clock.wall())));
        let mut aside = Engine::restore(Setup {
            storage: Box::new(MemStorage::new()),
            wall,
            mark: |_| {},
        });
        let log = self.prefix(upto);
        aside.log = ClusterLog::new(log.start, log.profile());
        aside.pending = Some(log);
        aside.boot_now();
        aside
    }

    /// Every object in the store, by `group/resource namespace/name`, as the API server holds
    /// them (read directly: no request, so the controllers do not run meanwhile).
    pub fn objects(&mut self) -> Vec<(String, String, Value)> {
        let pg = self.pg();
        pg.cluster
            .api
            .store()
            .iter()
            .map(|(k, v)| (k.gr, format!("{}/{}", k.namespace, k.name), v.clone()))
            .collect()
    }
}
