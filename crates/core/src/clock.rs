//! Time for the whole cluster comes from a `Clock` the caller supplies: the real clock in the CLI,
//! the browser's in the page, a fixed stepping clock in tests. `Time` is whole seconds since the Unix
//! epoch, which is all the precision Kubernetes timestamps carry.

use std::cell::Cell;
use std::time::{Duration, UNIX_EPOCH};

#[derive(
    serde::Serialize,
    serde::Deserialize,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
)]
pub struct Time(pub i64);

impl Time {
    /// RFC 3339 in UTC with seconds, as Kubernetes writes `creationTimestamp`.
    pub fn rfc3339(self) -> String {
        let secs = self.0.max(0) as u64;
        humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(secs)).to_string()
    }

    pub fn parse_rfc3339(s: &str) -> Option<Time> {
        let t = humantime::parse_rfc3339_weak(s).ok()?;
        let d = t.duration_since(UNIX_EPOCH).ok()?;
        Some(Time(d.as_secs() as i64))
    }

    /// An HTTP `Date` header's form: `Mon, 07 Dec 2026 10:00:00 GMT`.
    pub fn http_date(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let stamp = self.rfc3339();
        let day = DAYS[(self.0.max(0) / 86400 % 7) as usize];
        let part = |a: usize, b: usize| stamp.get(a..b).unwrap_or("00");
        let month = part(5, 7).parse::<usize>().unwrap_or(1).clamp(1, 12);
        format!(
            "{day}, {} {} {} {} GMT",
            part(8, 10),
            MONTHS[month - 1],
            part(0, 4),
            part(11, 19)
        )
    }

    pub fn plus(self, secs: i64) -> Time {
        Time(self.0.saturating_add(secs))
    }

    pub fn since(self, earlier: Time) -> i64 {
        self.0 - earlier.0
    }
}

pub trait Clock {
    fn now(&self) -> Time;
}

/// A clock that only moves when told to: tests get the same AGE columns on every run.
pub struct FixedClock {
    now: Cell<i64>,
}

impl FixedClock {
    pub fn new(start: Time) -> Self {
        FixedClock {
            now: Cell::new(start.0),
        }
    }
    pub fn advance(&self, secs: i64) {
        self.now.set(self.now.get() + secs);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Time {
        Time(self.now.get())
    }
}

/// kubectl's human-readable age (`5m`, `2m30s`, `3h10m`, `4d`), as the AGE column prints it.
pub fn human_duration(secs: i64) -> String {
    if secs < -1 {
        return "<invalid>".into();
    }
    if secs < 0 {
        return "0s".into();
    }
    if secs < 120 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = secs / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{}h", hours / 24, h)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{}d", hours / 24 / 365, dy)
        };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_name_the_weekday() {
        assert_eq!(Time(0).http_date(), "Thu, 01 Jan 1970 00:00:00 GMT");
        let t = Time::parse_rfc3339("2026-12-07T10:00:05Z").unwrap();
        assert_eq!(t.http_date(), "Mon, 07 Dec 2026 10:00:05 GMT");
    }

    #[test]
    fn ages_match_kubectl() {
        assert_eq!(human_duration(5), "5s");
        assert_eq!(human_duration(119), "119s");
        assert_eq!(human_duration(150), "2m30s");
        assert_eq!(human_duration(600), "10m");
        assert_eq!(human_duration(3 * 3600 + 600), "3h10m");
        assert_eq!(human_duration(30 * 3600), "30h");
        assert_eq!(human_duration(3 * 86400), "3d");
        assert_eq!(human_duration(-5), "<invalid>");
    }

    #[test]
    fn rfc3339_round_trip() {
        let t = Time(1_764_043_200);
        assert_eq!(t.rfc3339(), "2025-11-25T04:00:00Z");
        assert_eq!(Time::parse_rfc3339("2025-11-25T04:00:00Z"), Some(t));
    }
}
