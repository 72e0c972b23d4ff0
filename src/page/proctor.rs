//! What the page does with an exam (`exam`): open it from the address on a fresh cluster per
//! task, switch between the tasks' clusters, end it on "Finish" or when the time is up, grading
//! every task with the exam module's scoring, and keep all of it in storage so a reload finds
//! the same tasks, clusters, clock and score. Nothing is graded or revealed before the end.

use std::rc::Rc;

use super::exam::{self, task_key, Exam, Saved};
use super::lesson;
use super::model::Page;
use super::view::update;
use super::words::words;
use super::Action;
use crate::exercise::exam::{grade_one, Score};

impl Page {
    /// The exam as the last visit left it.
    pub(super) fn restore_exam(&mut self) {
        let saved = self.engine.persisted().load::<Saved>(exam::KEY);
        self.exam = saved.and_then(|s| Exam::open(s, self.lang));
    }

    /// An exam is open and not finished.
    pub(super) fn exam_running(&self) -> bool {
        self.exam.as_ref().is_some_and(Exam::running)
    }

    /// Before any action: an exam whose time is up ends now, graded on its clusters as they
    /// were. Whether it did, so the action that would change a cluster is not done.
    pub(super) fn exam_time_up(&mut self) -> bool {
        let now = self.engine.wall();
        let up = self
            .exam
            .as_ref()
            .is_some_and(|e| e.running() && e.remaining(now) == 0);
        if up {
            self.finish_exam();
        }
        up
    }

    /// A line typed (or Apply, Run, Reset) once the exam is over: it does not run.
    pub(super) fn exam_over(&mut self) {
        let line = self.drop_typed_line();
        let prompt = self.engine.prompt().to_string();
        let note = words(self.lang).exam_over;
        let screen = self.engine.screen_mut();
        if !line.is_empty() {
            screen.echo(&prompt, &line);
        }
        screen.note(format!("{note}\n"));
    }

    /// An address naming an exam opens it (or keeps it, if it is the one open): whether it did.
    pub(super) fn open_exam_url(&mut self, url: &str) -> bool {
        let Some(asked) = exam::from_url(url) else {
            return false;
        };
        if let Some(lang) = asked.lang {
            self.set_lang(lang);
        }
        if self
            .exam
            .as_ref()
            .is_none_or(|e| e.saved.names != asked.names)
        {
            self.start_exam(&asked.names, asked.minutes);
        }
        true
    }

    pub(super) fn proctor(&mut self, action: Action) {
        match action {
            Action::OpenExam(names) if !self.exam_running() => self.start_exam(&names, None),
            Action::ExamTask(k) if self.exam_running() => self.switch_task(k),
            Action::FinishExam => self.finish_exam(),
            Action::RestartExam => {
                if let Some(e) = &self.exam {
                    let (names, minutes) = (e.saved.names.clone(), e.saved.limit / 60);
                    self.start_exam(&names, u32::try_from(minutes).ok());
                }
            }
            Action::LeaveExam => {
                self.exam = None;
                self.engine.persisted().save(exam::KEY, "");
            }
            _ => {}
        }
    }

    /// A new exam of `names`: fresh clusters, the first task shown, the clock started.
    fn start_exam(&mut self, names: &[String], minutes: Option<u32>) {
        let now = self.engine.wall();
        let Some(new) = Exam::new(names, minutes, now, self.lang) else {
            let note = format!("{} {:?}.\n", words(self.lang).no_exercise, names.join(","));
            self.engine.screen_mut().note(note);
            return;
        };
        // An exam and an exercise are never open together.
        self.lesson = None;
        let store = self.engine.persisted();
        store.save(lesson::OPEN, "");
        for i in 0..new.len() {
            store.save(&task_key(i), "");
        }
        self.exam = Some(new);
        self.start_task(0);
        self.save_exam();
    }

    /// Task `k` as it starts: a fresh cluster of its profile, its files, its setup.
    fn start_task(&mut self, k: usize) {
        let Some(ex) = self.exam.as_ref().and_then(|e| e.exercises.get(k)) else {
            return;
        };
        let files: Vec<(String, String)> = ex
            .spec
            .files
            .iter()
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect();
        let (profile, setup) = (ex.spec.profile.clone(), ex.spec.setup.clone());
        self.engine.start_exercise(&profile, &files, &setup);
    }

    /// "Reset cluster" during an exam: the task shown starts over, setup included.
    pub(super) fn reset_task(&mut self) {
        if let Some(k) = self.exam.as_ref().map(|e| e.saved.current) {
            self.start_task(k);
        }
    }

    /// Show task `k`'s cluster: the one shown is kept aside, `k`'s comes back (or starts).
    fn switch_task(&mut self, k: usize) {
        let Some(current) = self.exam.as_ref().map(|e| e.saved.current) else {
            return;
        };
        if k == current || self.exam.as_ref().is_none_or(|e| k >= e.len()) {
            return;
        }
        let log = self.engine.log_text();
        let store = self.engine.persisted();
        store.save(&task_key(current), &log);
        let kept = store.load::<String>(&task_key(k)).unwrap_or_default();
        if kept.is_empty() || !self.engine.resume_log(&kept) {
            self.start_task(k);
        }
        if let Some(e) = &mut self.exam {
            e.saved.current = k;
        }
        self.save_exam();
    }

    /// End the exam: every task graded on its cluster as left, the shown one last so it stays.
    fn finish_exam(&mut self) {
        let Some(e) = &self.exam else { return };
        if !e.running() {
            return;
        }
        let (shown, n) = (e.saved.current, e.len());
        let mut scores = vec![None; n];
        for k in (0..n).filter(|&k| k != shown).chain([shown]) {
            self.switch_task(k);
            let Some(ex) = self.exam.as_ref().and_then(|e| e.exercises.get(k)) else {
                return;
            };
            scores[k] = Some(grade_one(ex, self.engine.playground()));
        }
        let score = Score::of(scores.into_iter().flatten().collect());
        if let Some(e) = &mut self.exam {
            e.saved.score = Some(score);
        }
        self.save_exam();
    }

    fn save_exam(&mut self) {
        let Some(e) = &self.exam else { return };
        let saved = e.saved.clone();
        self.engine.persisted().save(exam::KEY, &saved);
    }

    /// The open exam's texts in the page's language.
    pub(super) fn exam_lang(&mut self) {
        let lang = self.lang;
        let Some(e) = &self.exam else { return };
        if e.exercises.iter().all(|x| x.metadata.lang == lang) {
            return;
        }
        if let Some(other) = e.in_lang(lang) {
            self.exam = Some(other);
        }
    }

    pub(super) fn publish_exam(&mut self) {
        let now = self.engine.wall();
        self.view.profile = self.engine.profile().to_string();
        match (&self.exam, &mut self.view.exam) {
            (None, slot) => *slot = None,
            (Some(e), Some(slot)) => update(slot, e.view(now)),
            (Some(e), slot) => *slot = Some(Rc::new(e.view(now))),
        }
        // The address follows the open exam once the page has read its own.
        let Some(opened) = &self.opened_with else {
            return;
        };
        if let Some(e) = &self.exam {
            self.view.address = Some(e.address(self.lang));
        } else if self.lesson.is_none() && exam::from_url(opened).is_some() {
            self.view.address = Some(String::new());
        }
    }
}
