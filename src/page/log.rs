//! The cluster's command log, which is how the page persists a cluster: every command line (with
//! the files as they were and the time it ran) and every background tick that changed something.
//! A reload feeds it to a fresh cluster on a clock pinned to those times, so uids, IPs, ages and
//! events come back exactly as they were. The JSON format is the one every earlier version of the
//! page stored; keep it readable.

use serde::{Deserialize, Serialize};

use super::clock::Pace;

/// The longest line the terminal feeds the shell (a paste can be longer; the rest is dropped).
pub const MAX_LINE: usize = 64 * 1024;
/// No browser lets a page store more than this; a longer stored log is not one the page wrote.
pub const MAX_STORED: usize = 16 << 20;
/// Times a log may hold (the Unix epoch to the end of year 9999), so the cluster's clock
/// arithmetic stays in range whatever a damaged log says.
const TIMES: std::ops::RangeInclusive<i64> = 0..=253_402_300_799;

#[derive(Serialize, Deserialize, Clone, Default, Debug, PartialEq, Hash)]
pub struct Entry {
    pub t: i64,
    /// A line fed to the shell; absent for a background tick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// The files, when they changed since the previous entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<(String, String)>>,
    /// Ctrl-C dropped an open heredoc: the shell starts over.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancel: bool,
    /// The editor saved or closed the file of a waiting `kubectl edit` (its text is in `files`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit: Option<EditEnd>,
    /// A time control (pause, resume, speed, step, rewind): from here simulated time follows
    /// this pace, whose `sim` is `t`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<Pace>,
    /// The control stepped time forward: the controllers caught up at once, even paused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub step: bool,
}

/// How the page's editor let go of a `kubectl edit` file.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum EditEnd {
    /// Save: the session reads the file as it is.
    Save,
    /// The tab was closed: as an editor quit without saving.
    Close,
}

#[derive(Serialize, Deserialize, Clone, Default, Debug, PartialEq)]
pub struct ClusterLog {
    pub start: i64,
    /// The cluster's profile (`k3s`, `kind`); absent for minikube, as every log stored before
    /// the page knew other profiles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    pub entries: Vec<Entry>,
}

impl ClusterLog {
    pub fn new(start: i64, profile: &str) -> ClusterLog {
        ClusterLog {
            start: start.clamp(*TIMES.start(), *TIMES.end()),
            profile: (profile != "minikube").then(|| profile.to_string()),
            entries: Vec::new(),
        }
    }

    /// The profile the log's cluster boots with (minikube unless it names another).
    pub fn profile(&self) -> &str {
        self.profile.as_deref().unwrap_or("minikube")
    }

    /// A stored log, checked: too large or unreadable is an error in the user's words; times out
    /// of range and overlong lines are brought back in bounds rather than trusted.
    pub fn parse(text: &str) -> Result<ClusterLog, String> {
        if text.len() > MAX_STORED {
            return Err(format!(
                "The saved cluster is too large to restore ({} MB)",
                text.len() >> 20
            ));
        }
        let log: ClusterLog = serde_json::from_str(text)
            .map_err(|e| format!("The saved cluster could not be read ({e})"))?;
        Ok(log.bounded())
    }

    /// The log with times out of range and overlong lines brought back in bounds, for a log
    /// read from anywhere the page did not write itself (storage, a share link).
    pub fn bounded(mut self) -> ClusterLog {
        self.start = self.start.clamp(*TIMES.start(), *TIMES.end());
        for e in &mut self.entries {
            e.t = e.t.clamp(*TIMES.start(), *TIMES.end());
            if let Some(pace) = &mut e.clock {
                pace.wall = pace.wall.clamp(*TIMES.start(), *TIMES.end());
                pace.sim = e.t;
                *pace = pace.bounded();
            }
            if let Some(line) = &mut e.line {
                if line.len() > MAX_LINE {
                    *line = line.chars().take(MAX_LINE).collect();
                }
            }
        }
        self
    }

    pub fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::super::clock::MAX_SPEED;
    use super::*;

    /// A log as the page stored it before this module existed: it must keep restoring.
    const STORED: &str = r#"{"start":1795600000,"entries":[{"t":1795600003,"line":"kubectl run web --image nginx","files":[["monpod.yaml","kind: Pod\n"]]},{"t":1795600009},{"t":1795600011,"line":"cat <<EOF"},{"t":1795600012,"cancel":true}]}"#;

    #[test]
    fn the_stored_format_reads_and_writes_back_the_same() {
        let log = ClusterLog::parse(STORED).unwrap();
        assert_eq!(log.start, 1_795_600_000);
        assert_eq!(log.entries.len(), 4);
        assert_eq!(
            log.entries[0].files,
            Some(vec![("monpod.yaml".into(), "kind: Pod\n".into())])
        );
        assert_eq!(log.entries[1].line, None);
        assert!(log.entries[3].cancel);
        assert_eq!(serde_json::to_string(&log).unwrap(), STORED);
    }

    #[test]
    fn time_controls_are_entries_an_earlier_log_does_not_have() {
        let text = r#"{"start":7,"entries":[{"t":9,"clock":{"wall":8,"sim":9,"speed":10,"paused":true}},{"t":69,"clock":{"wall":8,"sim":69,"speed":1},"step":true}]}"#;
        let log = ClusterLog::parse(text).unwrap();
        let pace = log.entries[0].clock.unwrap();
        assert!(pace.paused && pace.speed == 10 && !log.entries[0].step);
        assert!(log.entries[1].step && !log.entries[1].clock.unwrap().paused);
        assert_eq!(serde_json::to_string(&log).unwrap(), text);
        // Damaged: a pace's time is its entry's, its speed in bounds.
        let bad =
            r#"{"start":7,"entries":[{"t":9,"clock":{"wall":-5,"sim":99999,"speed":4000000000}}]}"#;
        let pace = ClusterLog::parse(bad).unwrap().entries[0].clock.unwrap();
        assert_eq!((pace.wall, pace.sim, pace.speed), (0, 9, MAX_SPEED));
    }

    #[test]
    fn corrupt_logs_are_errors_in_words() {
        for bad in ["", "{", "null", "[]", r#"{"start":"x"}"#, "\u{0}\u{ffff}"] {
            let e = ClusterLog::parse(bad).unwrap_err();
            assert!(e.starts_with("The saved cluster could not be read"), "{e}");
        }
    }

    #[test]
    fn an_oversized_log_is_refused_before_parsing() {
        let huge = format!(
            r#"{{"start":0,"entries":[{}]}}"#,
            "{\"t\":1},".repeat(MAX_STORED / 8)
        );
        let e = ClusterLog::parse(&huge).unwrap_err();
        assert!(e.starts_with("The saved cluster is too large"), "{e}");
    }

    #[test]
    fn damaged_values_are_brought_in_bounds() {
        let long = "x".repeat(MAX_LINE + 10);
        let text = format!(
            r#"{{"start":-9223372036854775808,"entries":[{{"t":9223372036854775807,"line":"{long}"}}]}}"#
        );
        let log = ClusterLog::parse(&text).unwrap();
        assert_eq!(log.start, 0);
        assert_eq!(log.entries[0].t, 253_402_300_799);
        assert_eq!(log.entries[0].line.as_ref().unwrap().len(), MAX_LINE);
    }

    #[test]
    fn a_profile_other_than_minikube_is_kept_and_minikube_writes_nothing_new() {
        assert_eq!(ClusterLog::parse(STORED).unwrap().profile(), "minikube");
        let kind = ClusterLog::new(7, "kind");
        let text = serde_json::to_string(&kind).unwrap();
        assert_eq!(text, r#"{"start":7,"profile":"kind","entries":[]}"#);
        assert_eq!(ClusterLog::parse(&text).unwrap().profile(), "kind");
        let mini = serde_json::to_string(&ClusterLog::new(7, "minikube")).unwrap();
        assert_eq!(mini, r#"{"start":7,"entries":[]}"#);
    }
}
