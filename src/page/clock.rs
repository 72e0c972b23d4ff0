//! The page's clock: simulated time as a function of the wall clock (the browser's, or a test's)
//! that the time controls change — its `Pace`: paused, or running at some speed from a given
//! moment — except while stored commands are replayed, when it reports the time each command
//! originally ran so the restored cluster is the same one.

use std::cell::Cell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::clock::{Clock, Time};

/// The fastest the controls run simulated time (a damaged log says no more).
pub const MAX_SPEED: u32 = 100;

/// How simulated time follows the wall clock: at wall time `wall` it was `sim`, and from there
/// it moves `speed` times as fast as the wall clock, or not at all while `paused`. Every control
/// (pause, resume, speed, step, rewind) sets a new pace, logged with the command log.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pace {
    pub wall: i64,
    pub sim: i64,
    pub speed: u32,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
}

/// Simulated time is the wall clock's, as it was before the page had controls.
impl Default for Pace {
    fn default() -> Pace {
        Pace {
            wall: 0,
            sim: 0,
            speed: 1,
            paused: false,
        }
    }
}

impl Pace {
    /// Simulated time at wall time `wall` (never before the pace's own start).
    pub fn at(&self, wall: i64) -> i64 {
        if self.paused {
            return self.sim;
        }
        let gone = wall.saturating_sub(self.wall).max(0);
        self.sim
            .saturating_add(gone.saturating_mul(i64::from(self.speed)))
    }

    /// The same pace with a speed in bounds, for a pace read from storage or a link.
    pub fn bounded(self) -> Pace {
        Pace {
            speed: self.speed.clamp(1, MAX_SPEED),
            ..self
        }
    }
}

/// Clones share the pin and the pace: the cluster holds one, the engine pins, resumes and sets
/// the pace through another.
#[derive(Clone)]
pub struct PageClock {
    wall: Rc<dyn Clock>,
    pinned: Rc<Cell<Option<i64>>>,
    pace: Rc<Cell<Pace>>,
}

impl PageClock {
    pub fn new(wall: Rc<dyn Clock>) -> PageClock {
        PageClock {
            wall,
            pinned: Rc::default(),
            pace: Rc::default(),
        }
    }

    /// The wall clock's time, pinned or not.
    pub fn wall(&self) -> i64 {
        self.wall.now().0
    }

    /// Pretend it is `t` until `resume` is called.
    pub fn pin(&self, t: i64) {
        self.pinned.set(Some(t));
    }

    pub fn resume(&self) {
        self.pinned.set(None);
    }

    pub fn pace(&self) -> Pace {
        self.pace.get()
    }

    /// From now on simulated time follows `pace`.
    pub fn set_pace(&self, pace: Pace) {
        self.pace.set(pace.bounded());
    }
}

impl Clock for PageClock {
    fn now(&self) -> Time {
        Time(
            self.pinned
                .get()
                .unwrap_or_else(|| self.pace.get().at(self.wall())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;

    #[test]
    fn a_pin_holds_until_resumed_in_every_clone() {
        let wall = Rc::new(FixedClock::new(Time(100)));
        let clock = PageClock::new(wall.clone());
        let cluster_side = clock.clone();
        clock.pin(40);
        wall.advance(5);
        assert_eq!(cluster_side.now(), Time(40));
        assert_eq!(clock.wall(), 105);
        clock.resume();
        assert_eq!(cluster_side.now(), Time(105));
    }

    #[test]
    fn the_pace_pauses_speeds_and_shifts_simulated_time() {
        let wall = Rc::new(FixedClock::new(Time(100)));
        let clock = PageClock::new(wall.clone());
        let cluster_side = clock.clone();
        clock.set_pace(Pace {
            wall: 100,
            sim: 500,
            speed: 10,
            paused: false,
        });
        wall.advance(3);
        assert_eq!(cluster_side.now(), Time(530));
        clock.set_pace(Pace {
            wall: 103,
            sim: 530,
            speed: 10,
            paused: true,
        });
        wall.advance(50);
        assert_eq!(cluster_side.now(), Time(530));
        // A damaged speed is brought back in bounds; the wall clock going back moves nothing.
        clock.set_pace(Pace {
            wall: 200,
            sim: 0,
            speed: 0,
            paused: false,
        });
        assert_eq!(clock.pace().speed, 1);
        assert_eq!(cluster_side.now(), Time(0));
    }
}
