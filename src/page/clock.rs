//! The page's clock: a wall clock (the browser's, or a test's), except while stored commands are
//! replayed, when it reports the time each command originally ran so the restored cluster is the
//! same one.

use std::cell::Cell;
use std::rc::Rc;

use crate::clock::{Clock, Time};

/// Clones share the pin: the cluster holds one, the engine pins and resumes through another.
#[derive(Clone)]
pub struct PageClock {
    wall: Rc<dyn Clock>,
    pinned: Rc<Cell<Option<i64>>>,
}

impl PageClock {
    pub fn new(wall: Rc<dyn Clock>) -> PageClock {
        PageClock {
            wall,
            pinned: Rc::default(),
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
}

impl Clock for PageClock {
    fn now(&self) -> Time {
        Time(self.pinned.get().unwrap_or_else(|| self.wall()))
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
}
