//! What the page does with share links (`share` encodes and decodes them): the Share button and
//! `share` typed at the prompt print a link to the playground as it is; an address with a link
//! opens it — at once in a blank playground, after asking where there is work — and the work it
//! replaces is kept aside, so `share undo` brings it back. Nothing is ever lost to a link.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::lesson::{self, progress_key, Lesson};
use super::model::Page;
use super::share::{self, Link, LinkError, Plan, Shared, SharedExercise};
use super::view::ShareView;
use super::words::{parse_lang, words};
use super::Action;
use crate::exercise::progress::Progress;

/// Storage: the work this browser had before it opened a link.
pub const BACKUP: &str = "share.backup";

#[derive(Serialize, Deserialize)]
struct Backup {
    state: Shared,
    /// This browser's own progress in the exercise the link opened, which the link's replaced.
    #[serde(default)]
    progress: Option<(String, Progress)>,
}

/// A line typed at the prompt that the page answers itself.
enum Typed {
    Share,
    Undo,
    Usage,
}

fn typed(line: &str) -> Option<Typed> {
    let mut words = line.split_whitespace();
    if words.next() != Some("share") {
        return None;
    }
    match (words.next(), words.next()) {
        (None, _) => Some(Typed::Share),
        (Some("undo"), None) => Some(Typed::Undo),
        _ => Some(Typed::Usage),
    }
}

impl Page {
    pub(super) fn sharing(&mut self, action: Action) {
        match action {
            Action::SetBase(base) => self.base = base,
            Action::Share => self.share(),
            Action::ShareAnswer(open) => self.answer_share(open),
            _ => {}
        }
    }

    /// `share` or `share undo` typed at the shell's own prompt: answered here; false for any
    /// other line (and inside a heredoc or a container's shell, where `share` means nothing).
    pub(super) fn share_typed(&mut self, line: &str) -> bool {
        if self.engine.continuing() || self.engine.in_container() {
            return false;
        }
        let Some(t) = typed(line) else { return false };
        self.engine.echo_builtin(line);
        match t {
            Typed::Share => self.share(),
            Typed::Undo => self.undo_share(),
            Typed::Usage => self.note(words(self.lang).share_usage),
        }
        true
    }

    fn note(&mut self, text: &str) {
        self.engine.screen_mut().note(format!("{text}\n"));
    }

    /// The playground as a link holds it.
    fn here(&mut self) -> Shared {
        let (log, files, history) = self.engine.shared_parts();
        let exercise = self.lesson.as_ref().map(|l| SharedExercise {
            name: l.name.clone(),
            lang: l.lang().code().to_string(),
            progress: l.progress.clone(),
        });
        Shared {
            log,
            files,
            history,
            exercise,
        }
    }

    /// Print a link to the playground as it is (with its size when it is long), and offer it
    /// to the page to copy.
    fn share(&mut self) {
        let w = words(self.lang);
        if self.exam.is_some() {
            return self.note(w.share_exam);
        }
        let state = self.here();
        let link = Link::new(&self.base, &state);
        let mut text = format!("{}\n{}\n", w.share_link, link.url);
        if link.is_long() {
            text.push_str(&w.share_long.replace("{}", &link.size()));
            text.push('\n');
        }
        self.engine.screen_mut().note(text);
        self.shares += 1;
        self.view.share = Some(Rc::new(ShareView {
            url: link.url,
            serial: self.shares,
        }));
    }

    /// The address names a link: open it, or ask first; false when it names none or one that
    /// cannot be read (said in one line), so the page opens as the rest of the address says.
    pub(super) fn open_share_url(&mut self, url: &str) -> bool {
        let Some(payload) = share::payload(url) else {
            return false;
        };
        let w = words(self.lang);
        let state = match share::decode(payload) {
            Ok(state) => state,
            Err(LinkError::Damaged) => {
                self.note(w.share_damaged);
                return false;
            }
            Err(LinkError::Version(v)) => {
                self.note(&w.share_version.replace("{}", &v.to_string()));
                return false;
            }
        };
        if self.exam.is_some() {
            self.note(w.share_exam);
            return true;
        }
        let here = self.here();
        match share::plan(&here, &state) {
            Plan::Open => self.open_shared(state, None),
            Plan::AlreadyHere => self.note(w.share_already),
            Plan::Ask => self.share_offer = Some(state),
        }
        true
    }

    fn answer_share(&mut self, open: bool) {
        let Some(state) = self.share_offer.take() else {
            return;
        };
        if open {
            let here = self.here();
            self.open_shared(state, Some(here));
        } else {
            self.note(words(self.lang).share_declined);
        }
    }

    /// Bring back the work kept aside, keeping aside what it replaces.
    fn undo_share(&mut self) {
        let w = words(self.lang);
        if self.exam.is_some() {
            return self.note(w.share_exam);
        }
        let Some(backup) = self.engine.persisted().load::<Backup>(BACKUP) else {
            return self.note(w.share_nothing_aside);
        };
        let here = self.here();
        self.open_shared(backup.state, Some(here));
        if let Some((name, progress)) = backup.progress {
            self.engine
                .persisted()
                .save(&progress_key(&name), &progress);
        }
        self.refresh_catalog();
        self.note(w.share_undone);
    }

    /// Show `state`; with `aside`, keep that (and the progress `state` overwrites) first.
    fn open_shared(&mut self, state: Shared, aside: Option<Shared>) {
        let w = words(self.lang);
        if let Some(aside) = aside {
            let progress = state.exercise.as_ref().and_then(|e| {
                let saved = self.engine.persisted().load(&progress_key(&e.name));
                saved.map(|p| (e.name.clone(), p))
            });
            let backup = Backup {
                state: aside,
                progress,
            };
            self.engine.persisted().save(BACKUP, &backup);
            self.note(w.share_kept_aside);
        }
        let Shared {
            log,
            files,
            history,
            exercise,
        } = state;
        self.engine.import(log, files, history);
        self.lesson = None;
        self.engine.persisted().save(lesson::OPEN, "");
        if let Some(e) = exercise {
            self.open_shared_exercise(e);
        }
        self.refresh_catalog();
        self.note(words(self.lang).share_opened);
    }

    /// The link's exercise, with the link's progress, on the cluster just rebuilt.
    fn open_shared_exercise(&mut self, e: SharedExercise) {
        let lang = parse_lang(&e.lang).unwrap_or(self.lang);
        let Some(mut lesson) = Lesson::open(&e.name, lang, e.progress) else {
            let note = format!("{} {:?}.", words(self.lang).no_exercise, e.name);
            return self.note(&note);
        };
        lesson.seen(self.engine.resource_version());
        let store = self.engine.persisted();
        store.save(&progress_key(&e.name), &lesson.progress);
        store.save(lesson::OPEN, &e.name);
        let lang = lesson.lang();
        self.lesson = Some(lesson);
        self.set_lang(lang);
    }

    /// The address loses its link once read, so a reload does not open it again over newer
    /// work; and the question waits in the view until answered.
    pub(super) fn publish_share(&mut self) {
        if let Some(opened) = self.opened_with.as_deref() {
            if share::payload(opened).is_some() && self.view.address.is_none() {
                self.view.address = Some(share::without_payload(opened));
            }
        }
        self.view.share_question = self
            .share_offer
            .is_some()
            .then_some(words(self.lang).share_question);
    }
}
