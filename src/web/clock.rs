//! The page's clock: the browser's wall clock, except while stored commands are replayed, when it
//! reports the time each command originally ran so the restored cluster is the same one.

use std::cell::Cell;
use std::rc::Rc;

use crate::clock::{Clock, Time};

#[derive(Clone, Default)]
pub struct BrowserClock {
    replay_at: Rc<Cell<Option<i64>>>,
}

impl BrowserClock {
    pub fn wall() -> i64 {
        (js_sys::Date::now() / 1000.0).floor() as i64
    }

    /// Pretend it is `t` until `resume` is called.
    pub fn pin(&self, t: i64) {
        self.replay_at.set(Some(t));
    }

    pub fn resume(&self) {
        self.replay_at.set(None);
    }
}

impl Clock for BrowserClock {
    fn now(&self) -> Time {
        Time(self.replay_at.get().unwrap_or_else(Self::wall))
    }
}
