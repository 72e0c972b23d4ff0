//! The startup lines an image's own program prints (the catalog's `logs:`), with their
//! placeholders filled in for one run: the moment it started, the pod's name and IP.

use serde_json::Value;

use crate::images::Image;

/// What a run's placeholders stand for.
pub struct RunFacts<'a> {
    /// When the line was printed, in ms since the epoch.
    pub at_ms: i64,
    pub hostname: &'a str,
    pub ip: &'a str,
}

/// Whether the container runs the image's own program, which prints the catalog's lines: no
/// command of its own (args only replace the image's cmd), or the image's entrypoint or cmd
/// named again.
pub fn runs_image_program(image: &Image, container: &Value) -> bool {
    let first = container
        .get("command")
        .and_then(|c| c.as_array())
        .and_then(|c| c.first())
        .and_then(|w| w.as_str());
    match first {
        None => true,
        Some(prog) => {
            let own = image.default_process();
            own.first().is_some_and(|p| p == prog)
        }
    }
}

/// One catalog line with its placeholders filled.
pub fn render(line: &str, facts: &RunFacts) -> String {
    if !line.contains('{') {
        return line.to_string();
    }
    let d = Civil::from_ms(facts.at_ms);
    line.replace("{time}", &d.slashed())
        .replace("{go_time}", &d.slashed())
        .replace("{redis_time}", &d.redis())
        .replace("{apache_time}", &d.apache())
        .replace("{iso_time}", &d.iso())
        .replace("{pg_time}", &d.postgres())
        .replace("{hostname}", facts.hostname)
        .replace("{ip}", facts.ip)
}

/// `at_ms` as the common log format prints it (`07/Dec/2024:10:00:05 +0000`).
pub fn common_log_time(at_ms: i64) -> String {
    Civil::from_ms(at_ms).common_log()
}

/// `at_ms` as an HTTP `Date` header (`Sat, 07 Dec 2024 10:00:05 GMT`).
pub fn http_date(at_ms: i64) -> String {
    Civil::from_ms(at_ms).http_date()
}

/// `at_ms` as nginx's error log prints it (`2024/12/07 10:00:05`).
pub fn slashed_time(at_ms: i64) -> String {
    Civil::from_ms(at_ms).slashed()
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// A UTC date and time, split the way log formats print it.
struct Civil {
    year: i64,
    month: usize,
    day: i64,
    weekday: usize,
    hms: (i64, i64, i64),
    ms: i64,
}

impl Civil {
    fn from_ms(at_ms: i64) -> Civil {
        let secs = at_ms.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rest = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            // 1970-01-01 was a Thursday.
            weekday: days.rem_euclid(7) as usize,
            hms: (rest / 3600, rest % 3600 / 60, rest % 60),
            ms: at_ms.rem_euclid(1000),
        }
    }

    fn clock(&self) -> String {
        let (h, m, s) = self.hms;
        format!("{h:02}:{m:02}:{s:02}")
    }

    fn month_name(&self) -> &'static str {
        MONTHS
            .get(self.month.saturating_sub(1))
            .copied()
            .unwrap_or("Jan")
    }

    /// nginx's error log and Go's `log` package: `2024/12/07 10:00:05`.
    fn slashed(&self) -> String {
        format!(
            "{}/{:02}/{:02} {}",
            self.year,
            self.month,
            self.day,
            self.clock()
        )
    }

    /// redis: `07 Dec 2024 10:00:05.123`.
    fn redis(&self) -> String {
        let (day, month) = (self.day, self.month_name());
        format!(
            "{day:02} {month} {} {}.{:03}",
            self.year,
            self.clock(),
            self.ms
        )
    }

    /// Apache httpd: `Sat Dec 07 10:00:05.123000 2024`.
    fn apache(&self) -> String {
        let weekday = DAYS.get(self.weekday).copied().unwrap_or("Thu");
        let (day, month) = (self.day, self.month_name());
        let clock = self.clock();
        format!(
            "{weekday} {month} {day:02} {clock}.{:03}000 {}",
            self.ms, self.year
        )
    }

    /// The common log format's `[%d/%b/%Y:%H:%M:%S %z]` (nginx, httpd): `07/Dec/2024:10:00:05 +0000`.
    fn common_log(&self) -> String {
        let (day, month) = (self.day, self.month_name());
        format!("{day:02}/{month}/{}:{} +0000", self.year, self.clock())
    }

    /// HTTP's `Date` header: `Sat, 07 Dec 2024 10:00:05 GMT`.
    fn http_date(&self) -> String {
        let weekday = DAYS.get(self.weekday).copied().unwrap_or("Thu");
        let (day, month) = (self.day, self.month_name());
        format!(
            "{weekday}, {day:02} {month} {} {} GMT",
            self.year,
            self.clock()
        )
    }

    /// PostgreSQL's log_line_prefix `%m`: `2024-12-07 10:00:05.123 UTC`.
    fn postgres(&self) -> String {
        let (y, mo, d) = (self.year, self.month, self.day);
        format!("{y}-{mo:02}-{d:02} {}.{:03} UTC", self.clock(), self.ms)
    }

    /// JavaScript's toISOString: `2024-12-07T10:00:05.123Z`.
    fn iso(&self) -> String {
        let (y, mo, d) = (self.year, self.month, self.day);
        format!("{y}-{mo:02}-{d:02}T{}.{:03}Z", self.clock(), self.ms)
    }
}

/// Days since 1970-01-01 → (year, month 1..=12, day), Howard Hinnant's civil_from_days.
fn civil_from_days(z: i64) -> (i64, usize, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month as usize, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(at_ms: i64) -> RunFacts<'static> {
        RunFacts {
            at_ms,
            hostname: "web",
            ip: "10.244.0.5",
        }
    }

    #[test]
    fn placeholders_take_each_program_s_format() {
        // 2024-12-07T10:00:05.042Z, a Saturday.
        let f = facts(1_733_565_605_042);
        assert_eq!(
            render("{time} [notice]", &f),
            "2024/12/07 10:00:05 [notice]"
        );
        assert_eq!(
            render("1:C {redis_time} *", &f),
            "1:C 07 Dec 2024 10:00:05.042 *"
        );
        assert_eq!(
            render("[{apache_time}] x {ip}", &f),
            "[Sat Dec 07 10:00:05.042000 2024] x 10.244.0.5"
        );
        assert_eq!(
            render("{iso_time} | {hostname}", &f),
            "2024-12-07T10:00:05.042Z | web"
        );
        assert_eq!(
            render("{pg_time} [1] LOG:", &f),
            "2024-12-07 10:00:05.042 UTC [1] LOG:"
        );
        assert_eq!(render("plain", &f), "plain");
    }

    #[test]
    fn every_placeholder_in_the_catalog_is_filled() {
        let f = facts(1_733_565_605_042);
        for image in &crate::images::catalog().images {
            for line in &image.logs {
                let out = render(line, &f);
                assert!(
                    !out.contains("_time}") && !out.contains("{ip}"),
                    "{}: {out}",
                    image.name
                );
                assert!(
                    !out.contains("{time}") && !out.contains("{hostname}"),
                    "{}: {out}",
                    image.name
                );
            }
        }
    }

    #[test]
    fn dates_across_leap_years() {
        let d = Civil::from_ms(951_782_400_000); // 2000-02-29
        assert_eq!((d.year, d.month, d.day), (2000, 2, 29));
        assert_eq!(DAYS[d.weekday], "Tue");
    }
}
