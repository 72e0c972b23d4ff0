//! An exam in the page: several bundled exercises under one time limit, CK-X style. The page
//! shows each task's texts (never its checks, hints, solutions or a ✓), one cluster per task
//! (the shown one under the page's usual `cluster` key, the others' logs aside under
//! `exam.task.K`), a countdown on the wall clock, and, only once it is finished, the score the
//! exam module grades in points from each check's `weight`. `proctor` is what the page does
//! with it; this file is its state, what it keeps in storage and what the panel shows.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::lesson::valid_name;
use super::markdown::render;
use super::view::{ExamTaskView, ExamView};
use super::words::{parse_lang, Lang};
use crate::exercise::exam::{self, Score};
use crate::exercise::{bundled, load, Exercise};

/// Storage: the open exam (absent, or not an exam, when none is).
pub const KEY: &str = "exam";

/// Storage: the command log of task `i`'s cluster while another task is shown.
pub fn task_key(i: usize) -> String {
    format!("exam.task.{i}")
}

/// The exam the picker offers: every "fix it" exercise, as CK-X's troubleshooting questions.
pub const TROUBLESHOOTING: &[&str] = &[
    "fix-image-tag",
    "fix-crashing-command",
    "fix-pending-pod",
    "fix-service-selector",
    "fix-target-port",
    "fix-missing-configmap",
    "fix-exceeded-quota",
    "fix-readiness-probe",
];

/// Whether an exam of these exercises is the picker's troubleshooting exam (the picker shows
/// any other exam, opened from an address, under the plain word "Exam").
pub fn is_troubleshooting<'a>(names: impl IntoIterator<Item = &'a str>) -> bool {
    names.into_iter().eq(TROUBLESHOOTING.iter().copied())
}

/// An exam holds at most this many tasks (an address names no more).
pub const MAX_TASKS: usize = 12;
/// The longest time limit an address may set, as the CLI allows.
const MAX_MINUTES: u32 = 600;

/// What an address asks for: `?exam=NAME,NAME&minutes=N&lang=fr` (query or fragment).
#[derive(Debug, PartialEq)]
pub struct Asked {
    pub names: Vec<String>,
    pub minutes: Option<u32>,
    pub lang: Option<Lang>,
}

pub fn from_url(url: &str) -> Option<Asked> {
    let mut asked = Asked {
        names: Vec::new(),
        minutes: None,
        lang: None,
    };
    for (key, value) in url
        .split(['?', '#', '&'])
        .take(64)
        .filter_map(|p| p.split_once('='))
    {
        match key {
            "exam" => {
                asked.names = value
                    .split(',')
                    .filter(|n| valid_name(n))
                    .take(MAX_TASKS)
                    .map(String::from)
                    .collect();
            }
            "minutes" => {
                asked.minutes = value.parse().ok().filter(|m| (1..=MAX_MINUTES).contains(m));
            }
            "lang" => asked.lang = parse_lang(value).or(asked.lang),
            _ => {}
        }
    }
    (!asked.names.is_empty()).then_some(asked)
}

/// What storage keeps of the exam: enough to find the same exam, clock and score after a reload.
#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub struct Saved {
    pub names: Vec<String>,
    /// When it started and how long it lasts, in seconds of the wall clock.
    pub started: i64,
    pub limit: i64,
    /// The task shown.
    pub current: usize,
    /// Set once, when it ends.
    #[serde(default)]
    pub score: Option<Score>,
}

pub struct Exam {
    pub saved: Saved,
    pub exercises: Vec<Exercise>,
    /// The tasks' texts, rendered once.
    tasks: Rc<Vec<ExamTaskView>>,
}

impl Exam {
    /// A new exam of the bundled exercises `names` in `lang`, starting `now`; its limit is
    /// `minutes`, or the exercises' minutes added up. None if one of them does not exist.
    pub fn new(names: &[String], minutes: Option<u32>, now: i64, lang: Lang) -> Option<Exam> {
        let exercises = exercises(names, lang)?;
        let minutes = minutes.unwrap_or_else(|| exercises.iter().map(|e| e.metadata.minutes).sum());
        let saved = Saved {
            names: names.to_vec(),
            started: now,
            limit: i64::from(minutes.clamp(1, MAX_MINUTES)) * 60,
            current: 0,
            score: None,
        };
        Some(Exam::with(saved, exercises))
    }

    /// The exam storage kept, in `lang`; None if it no longer makes sense (an exercise gone).
    pub fn open(saved: Saved, lang: Lang) -> Option<Exam> {
        if saved.names.len() > MAX_TASKS || saved.current >= saved.names.len() {
            return None;
        }
        let exercises = exercises(&saved.names, lang)?;
        Some(Exam::with(saved, exercises))
    }

    fn with(saved: Saved, exercises: Vec<Exercise>) -> Exam {
        let tasks = exercises.iter().map(task_view).collect();
        Exam {
            saved,
            exercises,
            tasks: Rc::new(tasks),
        }
    }

    /// The same exam, its texts in `lang`.
    pub fn in_lang(&self, lang: Lang) -> Option<Exam> {
        Exam::open(self.saved.clone(), lang)
    }

    pub fn len(&self) -> usize {
        self.exercises.len()
    }

    /// Seconds left at `now` (0 once the time is up).
    pub fn remaining(&self, now: i64) -> i64 {
        (self.saved.limit - (now - self.saved.started)).max(0)
    }

    /// Running: not finished (time up or not; the page finishes it when it sees that).
    pub fn running(&self) -> bool {
        self.saved.score.is_none()
    }

    /// The address that reopens this exam.
    pub fn address(&self, lang: Lang) -> String {
        format!(
            "?exam={}&minutes={}&lang={}",
            self.saved.names.join(","),
            self.saved.limit / 60,
            lang.code()
        )
    }

    pub fn view(&self, now: i64) -> ExamView {
        ExamView {
            tasks: self.tasks.clone(),
            current: self.saved.current,
            remaining: if self.running() {
                self.remaining(now)
            } else {
                0
            },
            minutes: self.saved.limit / 60,
            score: self.saved.score.clone().map(Rc::new),
        }
    }
}

/// A countdown as the panel shows it: `m:ss`, or `h:mm:ss` from an hour on.
pub fn countdown(secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

fn exercises(names: &[String], lang: Lang) -> Option<Vec<Exercise>> {
    if names.is_empty() {
        return None;
    }
    names
        .iter()
        .map(|name| {
            let (file, text) = bundled::find(name, lang.code())?;
            load(file, text).ok()
        })
        .collect()
}

/// A task as the candidate reads it: the texts and the points, nothing of the checks.
fn task_view(ex: &Exercise) -> ExamTaskView {
    ExamTaskView {
        name: ex.metadata.name.clone(),
        title: ex.metadata.title.clone(),
        points: exam::points(ex),
        intro: Rc::new(render(&ex.spec.intro)),
        steps: ex
            .spec
            .steps
            .iter()
            .map(|s| (s.title.clone(), Rc::new(render(&s.text))))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fix_its_in_order_are_the_troubleshooting_exam() {
        assert!(is_troubleshooting(TROUBLESHOOTING.iter().copied()));
        assert!(!is_troubleshooting(["first-namespace", "kind-nodes"]));
        assert!(!is_troubleshooting(TROUBLESHOOTING[1..].iter().copied()));
    }

    #[test]
    fn the_address_names_the_tasks_the_time_and_the_language() {
        let asked = from_url("?exam=nodes,first-namespace&minutes=30&lang=fr").unwrap();
        assert_eq!(asked.names, vec!["nodes", "first-namespace"]);
        assert_eq!(asked.minutes, Some(30));
        assert_eq!(asked.lang, Some(Lang::Fr));
        let asked = from_url("#exam=nodes,../x,&minutes=0").unwrap();
        assert_eq!(asked.names, vec!["nodes"]);
        assert_eq!(asked.minutes, None, "out of range");
        assert_eq!(from_url("?exam="), None);
        assert_eq!(from_url("?exercise=nodes"), None);
        let many = format!("?exam={}", vec!["nodes"; 40].join(","));
        assert_eq!(from_url(&many).unwrap().names.len(), MAX_TASKS);
    }

    #[test]
    fn the_countdown_reads_as_a_clock() {
        assert_eq!(countdown(20 * 60), "20:00");
        assert_eq!(countdown(65), "1:05");
        assert_eq!(countdown(0), "0:00");
        assert_eq!(countdown(-3), "0:00");
        assert_eq!(countdown(3600 + 61), "1:01:01");
    }

    #[test]
    fn the_limit_is_the_exercises_minutes_unless_given() {
        let names = vec!["nodes".to_string(), "first-namespace".to_string()];
        let exam = Exam::new(&names, None, 100, Lang::En).unwrap();
        assert_eq!(exam.saved.limit, 20 * 60);
        assert_eq!(exam.remaining(160), 20 * 60 - 60);
        assert_eq!(exam.remaining(100 + 20 * 60 + 5), 0);
        assert_eq!(
            exam.address(Lang::En),
            "?exam=nodes,first-namespace&minutes=20&lang=en"
        );
        let exam = Exam::new(&names, Some(7), 100, Lang::En).unwrap();
        assert_eq!(exam.saved.limit, 7 * 60);
        assert!(Exam::new(&["nope".into()], None, 0, Lang::En).is_none());
    }
}
