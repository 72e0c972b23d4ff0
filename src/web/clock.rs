//! The browser's wall clock, which the page's model pins while it replays the command log.

use crate::clock::{Clock, Time};

pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now(&self) -> Time {
        Time((js_sys::Date::now() / 1000.0).floor() as i64)
    }
}
