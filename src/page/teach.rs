//! What the page does for exercises and its language: open one (from the address or the
//! picker) on a fresh cluster with its files and setup, grade it after each command, Apply and
//! background change, answer Hint, Show solution, Run and Reset exercise, and keep the progress
//! and the language in storage.

use std::rc::Rc;

use super::lesson::{self, catalog, from_url, progress_key, Lesson};
use super::model::Page;
use super::view::update;
use super::words::{parse_lang, words, Lang};
use super::Action;
use crate::exercise::progress::Progress;

/// Storage: the language of the page's words, as its code.
pub const LANG: &str = "lang";

/// A Run button runs at most this many lines (no bundled block has more than a few).
const MAX_RUN_LINES: usize = 50;

impl Page {
    /// The language and the open exercise as the last visit left them.
    pub(super) fn restore_lesson(&mut self) {
        let store = self.engine.persisted();
        if let Some(lang) = store.load::<String>(LANG).and_then(|c| parse_lang(&c)) {
            self.lang = lang;
        }
        if let Some(name) = store.load::<String>(lesson::OPEN) {
            let progress = self.saved_progress(&name);
            self.lesson = Lesson::open(&name, self.lang, progress);
        }
        self.refresh_catalog();
    }

    pub(super) fn teach(&mut self, action: Action) {
        match action {
            Action::OpenUrl(url) => {
                if self.open_share_url(&url) || self.open_exam_url(&url) {
                    self.opened_with = Some(url);
                    return;
                }
                let named = from_url(&url);
                self.opened_with = Some(url);
                let Some((name, lang)) = named else {
                    return;
                };
                if let Some(lang) = lang {
                    self.set_lang(lang);
                }
                // A reload of the same address keeps the exercise's cluster and progress.
                if self.lesson.as_ref().is_none_or(|l| l.name != name) {
                    self.start(&name);
                }
            }
            // An exam in progress keeps its clusters: no exercise opens over it.
            Action::OpenExercise(_) if self.exam_running() => {}
            Action::OpenExercise(name) if self.lesson.as_ref().is_none_or(|l| l.name != name) => {
                self.start(&name)
            }
            Action::CloseExercise => {
                self.lesson = None;
                self.engine.persisted().save(lesson::OPEN, "");
            }
            Action::ResetExercise => self.reset_exercise(),
            Action::Hint => {
                let none = words(self.lang).no_hint;
                if let Some(l) = &mut self.lesson {
                    l.ask_hint(self.engine.playground(), none);
                }
                self.save_progress();
            }
            Action::ShowSolution => {
                if let Some(l) = &mut self.lesson {
                    l.show_solution();
                }
            }
            Action::RunExec(lines) => self.run_exec(&lines),
            Action::SetLang(lang) => self.set_lang(lang),
            _ => {}
        }
    }

    /// Open `name` on a fresh cluster with its files and setup; its steps done stay done.
    fn start(&mut self, name: &str) {
        let progress = self.saved_progress(name);
        let Some(lesson) = Lesson::open(name, self.lang, progress) else {
            let w = words(self.lang);
            let note = format!("{} {name:?}.\n", w.no_exercise);
            self.engine.screen_mut().note(note);
            return;
        };
        self.begin(lesson);
    }

    /// Open `lesson` on a fresh cluster with its files and setup.
    pub(super) fn begin(&mut self, mut lesson: Lesson) {
        let name = lesson.name.clone();
        let (profile, files, setup) = lesson.start();
        self.engine.start_exercise(&profile, &files, &setup);
        lesson.seen(self.engine.resource_version());
        // An exam and an exercise are never open together.
        self.exam = None;
        self.engine.persisted().save(super::exam::KEY, "");
        self.engine.persisted().save(lesson::OPEN, &name);
        // An exercise that exists in one language only speaks it.
        self.set_lang(lesson.lang());
        self.lesson = Some(lesson);
    }

    pub(super) fn reset_exercise(&mut self) {
        let Some(lesson) = &mut self.lesson else {
            return;
        };
        lesson.restart();
        let (profile, files, setup) = lesson.start();
        self.engine.start_exercise(&profile, &files, &setup);
        let rv = self.engine.resource_version();
        if let Some(l) = &mut self.lesson {
            l.seen(rv);
        }
        self.save_progress();
    }

    /// The lines of an `exec` block, run in the terminal one by one as if typed (echoed, in the
    /// history, logged), then graded like any command.
    fn run_exec(&mut self, lines: &str) {
        // As Ctrl-C would: a running watch stops, an open heredoc is dropped.
        if self.engine.watching() || self.engine.continuing() {
            self.engine.interrupt("");
        }
        for line in lines.lines().take(MAX_RUN_LINES) {
            self.engine.submit(line);
        }
        self.grade_command();
    }

    /// The words switch to `lang`, and the open exercise to its version in `lang`, progress kept.
    pub(super) fn set_lang(&mut self, lang: Lang) {
        if self.lang != lang {
            self.lang = lang;
            self.engine.persisted().save(LANG, lang.code());
        }
        if let Some(l) = &self.lesson {
            if l.lang() != lang {
                if let Some(mut other) = Lesson::open(&l.name, lang, l.progress.clone()) {
                    other.seen(self.engine.resource_version());
                    self.lesson = Some(other);
                }
            }
        }
        self.exam_lang();
        self.refresh_catalog();
    }

    /// After a command the learner ran (not while a heredoc is still open).
    pub(super) fn grade_command(&mut self) {
        if self.engine.continuing() {
            return;
        }
        let Some(l) = &mut self.lesson else { return };
        let rv = self.engine.resource_version();
        if l.after_command(self.engine.playground(), rv) {
            self.save_progress();
        }
    }

    /// On the heartbeat: the cluster changed by itself (a pod came up).
    pub(super) fn grade_change(&mut self) {
        let Some(l) = &mut self.lesson else { return };
        let rv = self.engine.resource_version();
        if l.after_change(self.engine.playground(), rv) {
            self.save_progress();
        }
    }

    fn saved_progress(&mut self, name: &str) -> Progress {
        self.engine
            .persisted()
            .load(&progress_key(name))
            .unwrap_or_default()
    }

    fn save_progress(&mut self) {
        let Some(l) = &self.lesson else { return };
        let (key, progress) = (progress_key(&l.name), l.progress.clone());
        self.engine.persisted().save(&key, &progress);
        if l.progress.finished(&l.ex) {
            self.refresh_catalog();
        }
    }

    pub(super) fn refresh_catalog(&mut self) {
        let store = self.engine.persisted();
        let list = catalog(self.lang, |name| store.load(&progress_key(name)));
        update(&mut self.view.catalog, list);
    }

    pub(super) fn publish_lesson(&mut self) {
        self.view.lang = self.lang;
        self.view.address = lesson::address(
            self.opened_with.as_deref(),
            self.lesson.as_ref().map(|l| (l.name.as_str(), l.lang())),
        );
        match (&self.lesson, &mut self.view.lesson) {
            (None, slot) => *slot = None,
            (Some(l), Some(slot)) => update(slot, l.view()),
            (Some(l), slot) => *slot = Some(Rc::new(l.view())),
        }
    }
}
