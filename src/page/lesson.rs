//! The open exercise: which one, the learner's `Progress` through it, the hint and solution asked
//! for, and its Markdown rendered once. `Page` opens it (from the URL or the picker), grades it
//! after every command, Apply and background change, and keeps its progress in storage under
//! `exercise.NAME`, so a reload (or coming back to it later) finds the steps done still done.

use std::rc::Rc;

use super::markdown::{render, Block};
use super::view::{CatalogEntry, LessonView, StepState, StepView};
use super::words::{parse_lang, Lang};
use crate::exercise::progress::Progress;
use crate::exercise::{bundled, load, Exercise};
use crate::playground::Playground;

/// Storage: the name of the open exercise (absent when none is).
pub const OPEN: &str = "lesson";

/// Storage: one exercise's progress.
pub fn progress_key(name: &str) -> String {
    format!("exercise.{name}")
}

/// An exercise name as files and URLs spell it; anything else is no exercise.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The exercise and language a page address asks for: `?exercise=NAME&lang=fr`, in the query
/// or in the fragment (`#exercise=NAME`), so a static host's links work either way.
pub fn from_url(url: &str) -> Option<(String, Option<Lang>)> {
    let mut name = None;
    let mut lang = None;
    let params = url.split(['?', '#', '&']).take(64);
    for (key, value) in params.filter_map(|p| p.split_once('=')) {
        match key {
            "exercise" if valid_name(value) => name = Some(value.to_string()),
            "lang" => lang = parse_lang(value).or(lang),
            _ => {}
        }
    }
    name.map(|n| (n, lang))
}

/// The query the address bar should show once the page has read its own address (`opened`):
/// the open exercise and language, so a reload finds it again rather than the one the page was
/// first opened with; "" once none is open if the address named one; None to leave it alone.
pub fn address(opened: Option<&str>, open: Option<(&str, Lang)>) -> Option<String> {
    let opened = opened?;
    match open {
        Some((name, lang)) => Some(format!("?exercise={name}&lang={}", lang.code())),
        None => from_url(opened).map(|_| String::new()),
    }
}

/// The exercise's texts as the panel draws them, rendered once when it opens.
#[derive(Debug, PartialEq)]
struct Texts {
    intro: Rc<Vec<Block>>,
    steps: Vec<Rc<Vec<Block>>>,
    finish: Rc<Vec<Block>>,
}

pub struct Lesson {
    pub name: String,
    pub ex: Exercise,
    pub progress: Progress,
    /// The hint last asked for, rendered, until the step changes.
    hint: Option<Rc<Vec<Block>>>,
    /// The learner asked to see the current step's solution.
    solution: bool,
    texts: Texts,
    /// The store's resourceVersion at the last check, so a tick checks only after a change.
    checked_rv: u64,
}

impl Lesson {
    /// The bundled exercise `name` in `lang` (or its other language), with `progress`.
    pub fn open(name: &str, lang: Lang, progress: Progress) -> Option<Lesson> {
        let (file, text) = bundled::find(name, lang.code())?;
        let ex = load(file, text).ok()?;
        Some(Lesson::of(name, ex, progress))
    }

    /// An exercise a host page sent as text (an embed's `exercise` URL), named by its metadata.
    pub fn from_text(origin: &str, text: &str) -> Result<Lesson, String> {
        let ex = load(origin, text).map_err(|e| e.to_string())?;
        let name = ex.metadata.name.clone();
        Ok(Lesson::of(&name, ex, Progress::default()))
    }

    fn of(name: &str, ex: Exercise, progress: Progress) -> Lesson {
        let texts = Texts {
            intro: Rc::new(render(&ex.spec.intro)),
            steps: ex
                .spec
                .steps
                .iter()
                .map(|s| Rc::new(render(&s.text)))
                .collect(),
            finish: Rc::new(render(&ex.spec.finish)),
        };
        // A saved progress from a longer version of the exercise stops at its end.
        let mut progress = progress;
        progress.done = progress.done.min(ex.spec.steps.len());
        Lesson {
            name: name.to_string(),
            ex,
            progress,
            hint: None,
            solution: false,
            texts,
            checked_rv: 0,
        }
    }

    pub fn lang(&self) -> Lang {
        self.ex.metadata.lang
    }

    /// The profile, files and setup lines a fresh start of the exercise needs.
    pub fn start(&self) -> (String, Vec<(String, String)>, Vec<String>) {
        let files = self
            .ex
            .spec
            .files
            .iter()
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect();
        (
            self.ex.spec.profile.clone(),
            files,
            self.ex.spec.setup.clone(),
        )
    }

    /// The cluster as the exercise starts (or its language changes): the next tick checks only
    /// after it changes.
    pub fn seen(&mut self, rv: u64) {
        self.checked_rv = rv;
    }

    /// Check after a command the learner ran; whether the progress changed.
    pub fn after_command(&mut self, pg: &mut Playground, rv: u64) -> bool {
        let before = self.progress.clone();
        let completed = self.progress.after_command(&self.ex, pg);
        self.checked_rv = rv;
        self.moved(completed.len(), before)
    }

    /// Check after time passed, if the cluster changed since the last check (a pod came up):
    /// this is not an attempt, so it never offers the solution.
    pub fn after_change(&mut self, pg: &mut Playground, rv: u64) -> bool {
        if rv == self.checked_rv || self.progress.finished(&self.ex) {
            return false;
        }
        self.checked_rv = rv;
        let before = self.progress.clone();
        let completed = self.progress.advance(&self.ex, pg);
        self.moved(completed.len(), before)
    }

    fn moved(&mut self, completed: usize, before: Progress) -> bool {
        if completed > 0 {
            self.hint = None;
            self.solution = false;
        }
        self.progress != before
    }

    /// "Hint": the failing check's hint, or that every check holds. Asking is an attempt.
    pub fn ask_hint(&mut self, pg: &mut Playground, none: &str) {
        if self.progress.finished(&self.ex) {
            return;
        }
        let hint = self
            .progress
            .hint(&self.ex, pg)
            .unwrap_or_else(|| none.to_string());
        self.hint = Some(Rc::new(render(&hint)));
        self.progress.attempted = true;
    }

    /// "Show solution", which the panel offers only after an attempt.
    pub fn show_solution(&mut self) {
        if self.progress.attempted {
            self.solution = true;
        }
    }

    /// Start over: nothing done, nothing asked.
    pub fn restart(&mut self) {
        self.progress = Progress::new();
        self.hint = None;
        self.solution = false;
        self.checked_rv = 0;
    }

    pub fn view(&self) -> LessonView {
        let done = self.progress.done;
        let steps = self
            .ex
            .spec
            .steps
            .iter()
            .zip(&self.texts.steps)
            .enumerate()
            .map(|(i, (s, text))| StepView {
                title: s.title.clone(),
                state: match i.cmp(&done) {
                    std::cmp::Ordering::Less => StepState::Done,
                    std::cmp::Ordering::Equal => StepState::Current,
                    std::cmp::Ordering::Greater => StepState::ToDo,
                },
                text: text.clone(),
            })
            .collect();
        let current = self.progress.current(&self.ex);
        LessonView {
            name: self.name.clone(),
            title: self.ex.metadata.title.clone(),
            minutes: self.ex.metadata.minutes,
            intro: self.texts.intro.clone(),
            steps,
            hint: self.hint.clone(),
            attempted: self.progress.attempted && current.is_some(),
            solution: current
                .filter(|_| self.solution)
                .map(|s| s.solution.trim_end().to_string()),
            finish: self
                .progress
                .finished(&self.ex)
                .then(|| self.texts.finish.clone()),
        }
    }
}

/// The bundled exercises in `lang`, with whether each was finished (`done` reads its progress).
pub fn catalog(lang: Lang, mut done: impl FnMut(&str) -> Option<Progress>) -> Vec<CatalogEntry> {
    let mut names: Vec<&str> = Vec::new();
    for (file, _) in bundled::FILES {
        let name = file.split('.').next().unwrap_or_default();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let (file, text) = bundled::find(name, lang.code())?;
            let ex = load(file, text).ok()?;
            let finished = done(name).is_some_and(|p| p.finished(&ex));
            Some(CatalogEntry {
                name: name.to_string(),
                title: ex.metadata.title,
                minutes: ex.metadata.minutes,
                finished,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_names_an_exercise_in_its_query_or_fragment() {
        assert_eq!(
            from_url("?exercise=first-namespace&lang=fr"),
            Some(("first-namespace".into(), Some(Lang::Fr)))
        );
        assert_eq!(from_url("#exercise=nodes"), Some(("nodes".into(), None)));
        assert_eq!(
            from_url("?lang=en#exercise=nodes"),
            Some(("nodes".into(), Some(Lang::En)))
        );
        assert_eq!(from_url("?exercise=../etc&lang=fr"), None);
        assert_eq!(from_url("?exercise=<b>"), None);
        assert_eq!(from_url(""), None);
        assert_eq!(
            from_url("?lang=xx&exercise=nodes"),
            Some(("nodes".into(), None))
        );
    }

    #[test]
    fn the_address_follows_the_open_exercise_once_read() {
        let fr = Some(("nodes", Lang::Fr));
        assert_eq!(address(None, fr), None, "not before the page read its own");
        assert_eq!(
            address(Some("?exercise=first-namespace"), fr).as_deref(),
            Some("?exercise=nodes&lang=fr")
        );
        assert_eq!(address(Some("#exercise=nodes"), None).as_deref(), Some(""));
        assert_eq!(
            address(Some("?embed=1"), None),
            None,
            "other addresses stay"
        );
    }

    #[test]
    fn the_catalog_lists_each_bundled_exercise_once_in_the_language() {
        let fr = catalog(Lang::Fr, |_| None);
        assert_eq!(fr.len(), 17);
        assert_eq!(fr[2].name, "first-namespace");
        assert_eq!(fr[2].title, "Une namespace et un pod");
        assert!(fr.iter().all(|e| !e.finished));
        let en = catalog(Lang::En, |n| {
            (n == "nodes").then_some(Progress {
                done: 99,
                attempted: false,
            })
        });
        assert!(en.iter().any(|e| e.name == "nodes" && e.finished));
    }

    #[test]
    fn an_unknown_exercise_does_not_open() {
        assert!(Lesson::open("nope", Lang::En, Progress::new()).is_none());
    }
}
