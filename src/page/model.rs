//! The page as a whole: the engine plus what the views need around it (the input line, the tab
//! being renamed, the open object panel, the cluster's tables), changed only by `apply` and
//! shown only through `view`. Data the views show from the cluster is asked for here, after an
//! action and on the heartbeat, never while drawing.

use std::rc::Rc;

use super::action::{Action, Refresh};
use super::complete::complete;
use super::detail::{DetailView, Panel, Target};
use super::engine::{Engine, Setup};
use super::exam::Exam;
use super::host::Host;
use super::lesson::Lesson;
use super::log::EditEnd;
use super::markers::Markers;
use super::prompt::{matched, Prompt};
use super::screen::columns;
use super::tables::{ClusterData, PodRows};
use super::view::{update, EditorView, PromptView, View};
use super::words::{words, Lang};

pub struct Page {
    pub(super) engine: Engine,
    prompt: Prompt,
    /// The tab being renamed.
    renaming: Option<String>,
    rename_text: String,
    rename_error: Option<String>,
    /// The object panel's object, and whether it shows YAML.
    detail: Option<(Target, Panel)>,
    /// The cluster has booted after the first paint: its tables and the server's checks show.
    live: bool,
    /// Whether `view.markers` include the server's checks.
    markers_live: bool,
    /// The open exercise (see `teach`).
    pub(super) lesson: Option<Lesson>,
    /// The open exam (see `proctor`).
    pub(super) exam: Option<Exam>,
    /// The language of the page's words.
    pub(super) lang: Lang,
    /// The address (query and fragment) the page was opened with, once `OpenUrl` read it.
    pub(super) opened_with: Option<String>,
    /// Share links: the page's address they start with, how many were made, and the state of
    /// a link opened over work in progress until the user answers (see `sharing`).
    pub(super) base: String,
    pub(super) shares: u64,
    pub(super) share_offer: Option<super::share::Shared>,
    /// The host page of an embed (see `host`).
    pub(super) host: Host,
    /// The comparison shown and what the timeline caches (see `timeline`).
    pub(super) timeline: super::timeline::Timeline,
    /// The cluster pane's tab and the map's options (see `map`).
    pub(super) map: super::map::MapState,
    pub(super) view: View,
    /// Ticks so far, to tell the view each slice apart while the simulator is busy.
    slices: u64,
    /// The cluster view's pod rows, rendered again only when their pod changed.
    pod_rows: PodRows,
}

impl Page {
    pub fn restore(setup: Setup) -> Page {
        let mut page = Page {
            engine: Engine::restore(setup),
            prompt: Prompt::default(),
            renaming: None,
            rename_text: String::new(),
            rename_error: None,
            detail: None,
            live: false,
            markers_live: false,
            lesson: None,
            exam: None,
            lang: Lang::default(),
            opened_with: None,
            base: String::new(),
            shares: 0,
            share_offer: None,
            host: Host::default(),
            timeline: Default::default(),
            map: Default::default(),
            view: View::default(),
            slices: 0,
            pod_rows: PodRows::default(),
        };
        page.restore_lesson();
        page.restore_exam();
        page.publish();
        page
    }

    pub fn view(&self) -> &View {
        &self.view
    }

    pub fn apply(&mut self, action: Action) {
        let refresh = action.refresh();
        let opened = matches!(action, Action::OpenUrl(_));
        // Once an exam ends (Finish, or its time is up), nothing more runs on its clusters.
        self.exam_time_up();
        let over = self.exam.as_ref().is_some_and(|e| !e.running());
        match &action {
            Action::Enter | Action::Apply | Action::RunExec(_) | Action::ResetCluster if over => {
                self.exam_over()
            }
            Action::ResetCluster if self.exam_running() => self.reset_task(),
            Action::Boot | Action::Tick | Action::Slice | Action::ResetCluster | Action::Hidden => {
                self.life(action)
            }
            // Read-only files (an embed's option) are only opened, never changed by the reader.
            Action::Edit { .. }
            | Action::NewFile
            | Action::StartRename(_)
            | Action::RenameText(_)
            | Action::CommitRename(_)
            | Action::DeleteFile(_)
                if self.readonly() => {}
            Action::Host(request) => self.host_request(request.clone()),
            Action::Edit { .. }
            | Action::NewFile
            | Action::SelectFile(_)
            | Action::StartRename(_)
            | Action::RenameText(_)
            | Action::CommitRename(_)
            | Action::CancelRename
            | Action::DeleteFile(_) => self.editor(action),
            Action::Open(_) | Action::Close | Action::ShowPanel(_) => self.panel(action),
            Action::OpenUrl(_)
            | Action::OpenExercise(_)
            | Action::CloseExercise
            | Action::ResetExercise
            | Action::Hint
            | Action::ShowSolution
            | Action::RunExec(_)
            | Action::SetLang(_) => self.teach(action),
            Action::OpenExam(_)
            | Action::ExamTask(_)
            | Action::FinishExam
            | Action::RestartExam
            | Action::LeaveExam => self.proctor(action),
            Action::SetBase(_) | Action::Share | Action::ShareAnswer(_) => self.sharing(action),
            Action::Pause(_)
            | Action::Speed(_)
            | Action::Step(_)
            | Action::Rewind(_)
            | Action::RewindUndo
            | Action::Compare(_) => self.time(action),
            Action::ClusterTab(_) | Action::MapOptions(_) => self.map_action(action),
            _ => self.terminal(action),
        }
        self.note_edit_opened();
        match refresh {
            Refresh::All => self.fetch(),
            Refresh::Panel => self.fetch_detail(),
            Refresh::Nothing => {}
        }
        self.after_action(opened);
        self.publish();
    }

    fn life(&mut self, action: Action) {
        match action {
            Action::Boot => {
                self.engine.boot_now();
                self.live = true;
            }
            Action::Tick | Action::Slice => {
                let more = matches!(action, Action::Slice);
                self.slices += 1;
                if self.engine.tick() {
                    self.grade_change();
                    // The tables follow once the slices are over (a tick fetches them anyway).
                    if more {
                        self.fetch();
                    }
                }
            }
            Action::ResetCluster => self.engine.reset_cluster(words(self.lang)),
            Action::Hidden => self.engine.save_snapshot(),
            _ => {}
        }
    }

    fn terminal(&mut self, action: Action) {
        let history = self.engine.history();
        match action {
            Action::Input(value) => self.prompt.input(value, history),
            Action::Recall(way) => self.prompt.recall(way, history),
            Action::SearchBack => self.prompt.search_back(history),
            Action::SearchAccept => self.prompt.accept_search(history),
            Action::SearchCancel => self.prompt.cancel_search(),
            Action::ClearScreen => self.engine.screen_mut().clear(),
            Action::EndOfInput if self.prompt.text().is_empty() => {
                self.engine.end_input();
                self.grade_command();
            }
            // A watch takes no line (the keys never send one; this keeps it so).
            Action::Enter if self.prompt.search().is_some() || !self.engine.watching() => {
                let line = self.prompt.take_line(history);
                if self.share_typed(&line) || self.time_typed(&line) {
                    return;
                }
                self.engine.submit(&line);
                self.grade_command();
            }
            Action::Interrupt if self.engine.watching() => self.engine.interrupt(""),
            Action::Interrupt => {
                let line = self.prompt.drop_line();
                self.engine.interrupt(&line);
            }
            Action::Complete { cursor } => self.complete(cursor),
            Action::SaveEdit => {
                self.engine.end_edit(EditEnd::Save);
                self.grade_command();
            }
            Action::CloseEdit => {
                self.engine.end_edit(EditEnd::Close);
                self.grade_command();
            }
            Action::Apply => {
                if self.engine.continuing() {
                    self.engine.interrupt("");
                }
                let active = self.engine.files().active().to_string();
                self.engine.submit(&format!("kubectl apply -f {active}"));
                self.grade_command();
            }
            _ => {}
        }
    }

    /// A `kubectl edit` opened its file in the editor: the terminal says where, in the page's
    /// words (kubectl itself prints nothing while its editor is open).
    fn note_edit_opened(&mut self) {
        if let Some(file) = self.engine.take_edit_opened() {
            let line = words(self.lang).editing.replace("{}", &file);
            self.engine.screen_mut().note(format!("{line}\n"));
        }
    }

    /// The typed line, taken off the prompt without running it (an exam that is over).
    pub(super) fn drop_typed_line(&mut self) -> String {
        self.prompt.drop_line()
    }

    /// Tab: complete the word before the cursor; list the choices when there are several.
    fn complete(&mut self, cursor: Option<usize>) {
        let text = self.prompt.text().to_string();
        // The cursor counts UTF-16 units; outside plain ASCII complete at the end instead.
        let cut = cursor
            .filter(|&c| text.is_ascii() && text.is_char_boundary(c))
            .unwrap_or(text.len());
        let (before, after) = text.split_at(cut);
        let c = complete(&mut self.engine, before);
        if !c.choices.is_empty() {
            let prompt = self.engine.prompt().to_string();
            let screen = self.engine.screen_mut();
            screen.echo(&prompt, &text);
            screen.note(columns(&c.choices));
        }
        self.prompt.complete(&c.text, after);
    }

    fn editor(&mut self, action: Action) {
        // kubectl edit reads its file back by name: that tab is not renamed.
        if matches!(&action, Action::StartRename(n) if self.engine.editing() == Some(n.as_str())) {
            return;
        }
        let files = self.engine.files_mut();
        match action {
            Action::Edit { name, text } => files.write(&name, &text),
            Action::NewFile => {
                let name = files.create();
                self.rename_text = name.clone();
                self.renaming = Some(name);
            }
            Action::SelectFile(name) => {
                files.set_active(&name);
                self.renaming = None;
            }
            Action::DeleteFile(name) => files.delete(&name),
            Action::StartRename(name) => {
                self.rename_error = None;
                self.rename_text = name.clone();
                self.renaming = Some(name);
                return;
            }
            Action::RenameText(text) => {
                self.rename_text = text;
                return;
            }
            Action::CancelRename => {
                self.renaming = None;
                self.rename_error = None;
                return;
            }
            Action::CommitRename(to) => {
                let Some(from) = &self.renaming else { return };
                if let Err(e) = files.rename(from, &to) {
                    self.rename_error = Some(e);
                    return;
                }
                self.renaming = None;
                self.rename_error = None;
            }
            _ => return,
        }
        self.engine.save_files();
    }

    fn panel(&mut self, action: Action) {
        match action {
            // Another object keeps the panel's describe/YAML/why choice.
            Action::Open(target) => {
                let panel = self.detail.as_ref().map(|(_, p)| *p).unwrap_or_default();
                self.detail = Some((target, panel));
            }
            Action::ShowPanel(panel) => {
                if let Some(d) = &mut self.detail {
                    d.1 = panel;
                }
            }
            Action::Close => self.detail = None,
            _ => {}
        }
    }

    /// Ask the cluster for what the cluster view and the object panel show.
    fn fetch(&mut self) {
        // The pane shows the tables or the map: only what it shows is asked for.
        if self.live && self.map.tab == super::map::ClusterTab::Map {
            self.fetch_map();
        } else if self.live {
            let data = ClusterData::fetch(&mut self.engine, &mut self.pod_rows);
            match &mut self.view.cluster {
                Some(slot) => update(slot, data),
                None => self.view.cluster = Some(Rc::new(data)),
            }
        }
        self.fetch_detail();
    }

    fn fetch_detail(&mut self) {
        let Some((target, panel)) = &self.detail else {
            return;
        };
        // Its command would finish the slices at once: the panel waits until they are over.
        if self.engine.busy()
            && self
                .view
                .detail
                .as_ref()
                .is_some_and(|d| d.target == *target)
        {
            return;
        }
        let detail = DetailView::fetch(&mut self.engine, target, *panel);
        match &mut self.view.detail {
            Some(slot) => update(slot, detail),
            None => self.view.detail = Some(Rc::new(detail)),
        }
    }

    /// Bring the view up to date with the model (what `fetch` asked of the cluster aside).
    fn publish(&mut self) {
        let why_hidden =
            self.exam.is_some() || self.lesson.as_ref().is_some_and(|l| !l.ex.spec.why);
        self.engine.hide_why(why_hidden);
        self.view.screen = self.engine.screen().segs();
        self.view.busy = if self.engine.busy() { self.slices } else { 0 };
        let prompt = self.prompt_view();
        update(&mut self.view.prompt, prompt);
        let editor = self.editor_view();
        if editor.text != self.view.editor.text || self.live != self.markers_live {
            self.markers_live = self.live;
            update(
                &mut self.view.markers,
                Markers::of(&editor.text, self.live, self.engine.server_version()),
            );
        }
        update(&mut self.view.editor, editor);
        if self.detail.is_none() {
            self.view.detail = None;
        }
        self.view.notice = self.engine.notice().map(String::from);
        self.publish_lesson();
        self.publish_share();
        self.publish_exam();
        self.publish_time();
        self.keep_options_in_address();
    }

    fn prompt_view(&self) -> PromptView {
        let history = self.engine.history();
        let watching = self.engine.watching();
        let caret = self.prompt.caret();
        match self.prompt.search() {
            Some(s) => {
                let m = matched(s, history);
                let failed = !s.query.is_empty() && m.is_none();
                PromptView {
                    label: if failed {
                        "(failed reverse-i-search)`"
                    } else {
                        "(reverse-i-search)`"
                    }
                    .into(),
                    value: s.query.clone(),
                    matched: Some(m.unwrap_or_default()),
                    watching,
                    caret,
                }
            }
            None if watching => PromptView {
                watching,
                caret,
                ..PromptView::default()
            },
            None => PromptView {
                label: self.engine.prompt().to_string(),
                value: self.prompt.text().to_string(),
                matched: None,
                watching,
                caret,
            },
        }
    }

    fn editor_view(&self) -> EditorView {
        let files = self.engine.files();
        EditorView {
            names: files.names(),
            active: files.active().to_string(),
            text: files.read(files.active()),
            renaming: self
                .renaming
                .as_ref()
                .map(|n| (n.clone(), self.rename_text.clone())),
            rename_error: self.rename_error.clone(),
            readonly: self.readonly(),
            server_version: self.engine.server_version().to_string(),
            editing: self.engine.editing().map(String::from),
        }
    }
}
