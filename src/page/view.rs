//! What the page shows, as one immutable value the views only read. Each part sits behind an `Rc`
//! and is replaced only when it changed, so a view can skip redrawing a part that is the same.

use std::rc::Rc;

use super::detail::DetailView;
use super::host::FrameView;
use super::markdown::Block;
use super::markers::Markers;
use super::prompt::Caret;
use super::screen::Seg;
use super::tables::ClusterData;
use super::words::Lang;
use crate::exercise::exam::Score;

#[derive(Clone, PartialEq, Default)]
pub struct View {
    pub screen: Rc<Vec<Seg>>,
    pub prompt: Rc<PromptView>,
    pub editor: Rc<EditorView>,
    pub markers: Rc<Markers>,
    /// None until the cluster has booted after the first paint.
    pub cluster: Option<Rc<ClusterData>>,
    pub detail: Option<Rc<DetailView>>,
    /// What went wrong with storage, if anything.
    pub notice: Option<String>,
    /// The language of the page's own words.
    pub lang: Lang,
    /// The open exercise's panel.
    pub lesson: Option<Rc<LessonView>>,
    /// The open exam's panel (an exam and an exercise are never open together).
    pub exam: Option<Rc<ExamView>>,
    /// The cluster's profile: minikube, k3s or kind.
    pub profile: String,
    /// The bundled exercises, for the picker.
    pub catalog: Rc<Vec<CatalogEntry>>,
    /// The query the address bar should show (`?exercise=NAME&lang=fr`, or "" for none), so a
    /// reload or a shared link opens what is open now; None leaves the address alone.
    pub address: Option<String>,
    /// The last share link made, for the page to copy to the clipboard.
    pub share: Option<Rc<ShareView>>,
    /// A link was opened over work in progress: the question to ask before replacing it.
    pub share_question: Option<&'static str>,
    /// The address's options the views follow: layout, theme, read-only files.
    pub frame: FrameView,
    /// The simulated clock's controls and the timeline.
    pub time: Rc<super::timeline::TimeView>,
    /// Non-zero while the simulator has work a slice left: the page dispatches `Slice` on the
    /// next frame. It changes with each slice, so every one schedules the next.
    pub busy: u64,
    /// The cluster pane's tab, and the map once built (see `map`).
    pub cluster_tab: super::map::ClusterTab,
    pub map: Option<Rc<super::map::MapView>>,
}

/// A share link just made (`serial` tells two shares of the same state apart).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ShareView {
    pub url: String,
    pub serial: u64,
}

/// The lesson panel: the open exercise as the learner sees it now.
#[derive(Clone, PartialEq, Debug)]
pub struct LessonView {
    pub name: String,
    pub title: String,
    pub minutes: u32,
    pub intro: Rc<Vec<Block>>,
    pub steps: Vec<StepView>,
    /// The hint asked for, until the step is done.
    pub hint: Option<Rc<Vec<Block>>>,
    /// The current step was attempted: "Show solution" is offered.
    pub attempted: bool,
    /// The current step's solution, once asked for.
    pub solution: Option<String>,
    /// The finish text, once every step is done.
    pub finish: Option<Rc<Vec<Block>>>,
}

/// The exam panel: the tasks' texts, the time left, and the score once it is finished.
#[derive(Clone, PartialEq, Debug)]
pub struct ExamView {
    pub tasks: Rc<Vec<ExamTaskView>>,
    /// The task whose cluster the terminal shows.
    pub current: usize,
    /// Seconds left (0 once finished or out of time).
    pub remaining: i64,
    /// The time limit.
    pub minutes: i64,
    /// Set once finished: only then are checks, points earned and hints shown.
    pub score: Option<Rc<Score>>,
}

/// One task of an exam, as the candidate reads it before the end: no checks, hints or state.
#[derive(Clone, PartialEq, Debug)]
pub struct ExamTaskView {
    pub name: String,
    pub title: String,
    pub points: u64,
    pub intro: Rc<Vec<Block>>,
    /// Each step's title and text.
    pub steps: Vec<(String, Rc<Vec<Block>>)>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct StepView {
    pub title: String,
    pub state: StepState,
    pub text: Rc<Vec<Block>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StepState {
    Done,
    Current,
    ToDo,
}

/// One exercise in the picker.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CatalogEntry {
    pub name: String,
    pub title: String,
    pub minutes: u32,
    /// Every step was done (saved progress).
    pub finished: bool,
}

/// The terminal's input line.
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct PromptView {
    /// `$ `, `> `, `(reverse-i-search)`` or nothing while a watch runs.
    pub label: String,
    pub value: String,
    /// The search's match while searching.
    pub matched: Option<String>,
    pub watching: bool,
    pub caret: Caret,
}

/// The editor's tabs and the open file.
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct EditorView {
    pub names: Vec<String>,
    pub active: String,
    pub text: String,
    /// The tab being renamed and the name typed so far.
    pub renaming: Option<(String, String)>,
    pub rename_error: Option<String>,
    /// Files are only read (an embed's `readonly`): no typing, new, rename or delete.
    pub readonly: bool,
    /// The cluster's Kubernetes version, whose schema the field help describes.
    pub server_version: String,
    /// The file a waiting `kubectl edit` has open: its tab saves or cancels the edit.
    pub editing: Option<String>,
}

/// Put `value` in `slot` unless it holds an equal one, so unchanged parts keep their `Rc`.
pub fn update<T: PartialEq>(slot: &mut Rc<T>, value: T) {
    if **slot != value {
        *slot = Rc::new(value);
    }
}
