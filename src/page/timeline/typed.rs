//! The timeline and the clock typed at the prompt: `clock [pause|resume|1x|10x|step 1m]`,
//! `timeline` (the moments, numbered), `rewind N`, `rewind undo`, `compare A B`; answered by the
//! page like `share`, never run by the shell (the controls they use are logged as the buttons').

use super::super::model::Page;
use super::super::words::{words, Words};
use super::{clock_text, Change, Comparison, Moment, FAST};

/// A step typed as `30`, `30s`, `2m` or `1h`.
fn parse_step(s: &str) -> Option<i64> {
    let (n, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, "s"),
    };
    let n: i64 = n.parse().ok()?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return None,
    };
    Some(n.saturating_mul(unit))
}

impl Page {
    /// `timeline`, `rewind ...`, `compare ...` or `clock ...` typed at the shell's own prompt:
    /// answered here; false for any other line.
    pub(in crate::page) fn time_typed(&mut self, line: &str) -> bool {
        if self.engine.continuing() || self.engine.in_container() {
            return false;
        }
        let words_typed: Vec<&str> = line.split_whitespace().collect();
        let Some(&first) = words_typed.first() else {
            return false;
        };
        if !matches!(first, "timeline" | "rewind" | "compare" | "clock") {
            return false;
        }
        self.engine.echo_builtin(line);
        let w = words(self.lang);
        let number = |i: usize| words_typed.get(i).and_then(|n| n.parse::<usize>().ok());
        let moments = self.moments();
        // Commands are numbered as `timeline` lists them.
        let upto = |i: usize| number(i).and_then(|n| moments.get(n)).map(|m| m.upto);
        let pace = self.engine.pace();
        match (first, words_typed.len()) {
            ("timeline", 1) => self.say(timeline_text(&moments, w)),
            ("rewind", 2) if words_typed[1] == "undo" => self.rewind_undo(),
            ("rewind", 2) => match upto(1) {
                Some(u) => self.rewind(u),
                None => self.say(w.rewind_bad.replace("{}", words_typed[1])),
            },
            ("compare", 3) => match (upto(1), upto(2)) {
                (Some(a), Some(b)) => {
                    self.compare(a, b);
                    let text = self.timeline.compare.as_deref().map(|c| compare_text(c, w));
                    self.timeline.compare = None;
                    self.say(text.unwrap_or_default());
                }
                _ => self.say(w.time_usage.into()),
            },
            ("clock", 1) => {
                let text = self.clock_line();
                self.say(text)
            }
            ("clock", 2) => match words_typed[1] {
                "pause" => self.engine.set_time(pace.speed, true, 0),
                "resume" => self.engine.set_time(pace.speed, false, 0),
                "1x" => self.engine.set_time(1, pace.paused, 0),
                "10x" => self.engine.set_time(FAST, pace.paused, 0),
                _ => self.say(w.time_usage.into()),
            },
            ("clock", 3) if words_typed[1] == "step" => match parse_step(words_typed[2]) {
                Some(secs) => self.engine.set_time(pace.speed, pace.paused, secs),
                None => self.say(w.time_usage.into()),
            },
            _ => self.say(w.time_usage.into()),
        }
        true
    }

    fn clock_line(&self) -> String {
        let w = words(self.lang);
        let pace = self.engine.pace();
        let now = self.engine.sim_now().unwrap_or_default();
        let state = if pace.paused {
            w.time_paused.to_string()
        } else {
            format!("{}×", pace.speed)
        };
        format!("{} {} UTC ({state})", w.time_clock, clock_text(now))
    }
}

/// `timeline` in the terminal: the moments, numbered.
fn timeline_text(moments: &[Moment], w: &Words) -> String {
    let mut out = String::new();
    for (i, m) in moments.iter().enumerate() {
        let line = match m.line.is_empty() {
            true => w.time_start.to_string(),
            false => m.line.replace('\n', "\n           "),
        };
        out.push_str(&format!("{i:>3}  {}  {line}\n", clock_text(m.t)));
    }
    out.trim_end().to_string()
}

/// `compare A B` in the terminal: each object that changed, with its diff.
fn compare_text(c: &Comparison, w: &Words) -> String {
    if c.diffs.is_empty() {
        return w.compare_none.into();
    }
    let mut out = String::new();
    for d in &c.diffs {
        let change = match d.change {
            Change::Added => w.compare_added,
            Change::Removed => w.compare_removed,
            Change::Changed => w.compare_changed,
        };
        out.push_str(&format!("{change}: {}\n{}", d.object, d.diff));
    }
    out.trim_end().to_string()
}
