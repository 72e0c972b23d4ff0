//! Everything that can happen to the page, as one enum: the view turns clicks, keys and timers
//! into these, and `Page::apply` is the one place they change the model.

use super::detail::Target;
use super::embed::Request;
use super::prompt::Recall;
use super::words::Lang;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The first paint is done: boot the cluster and start showing it.
    Boot,
    /// The one-second heartbeat: simulated time follows the wall clock.
    Tick,
    /// The next slice of what a tick or a command left to the simulator (`View::busy`).
    Slice,
    /// "Reset cluster" (confirmed): a fresh cluster, same files and history.
    ResetCluster,
    /// The page is hidden (another tab, closing): keep a snapshot, so the next visit restores
    /// at once.
    Hidden,

    // The terminal.
    /// The input element's new value.
    Input(String),
    /// Run the line (or, while searching, the match).
    Enter,
    Recall(Recall),
    /// Tab, with the cursor's offset in UTF-16 units when known.
    Complete {
        cursor: Option<usize>,
    },
    /// Ctrl-C: drop the line, the open heredoc, or stop a watch.
    Interrupt,
    /// Ctrl-L.
    ClearScreen,
    /// Ctrl-D: leaves a container shell (`kubectl exec -it`) when the line is empty.
    EndOfInput,
    /// Ctrl-R: start a reverse search, or look further back.
    SearchBack,
    /// Escape, an arrow or Tab during a search: keep the match on the line.
    SearchAccept,
    /// Ctrl-C or Ctrl-G during a search.
    SearchCancel,

    // The editor.
    /// The text of a file, as typed.
    Edit {
        name: String,
        text: String,
    },
    /// `kubectl apply -f` the open file.
    Apply,
    NewFile,
    SelectFile(String),
    StartRename(String),
    RenameText(String),
    /// Rename the file being renamed to this name.
    CommitRename(String),
    CancelRename,
    /// Delete a file (confirmed).
    DeleteFile(String),
    /// Save (Ctrl-S) the file a waiting `kubectl edit` has open: the edit carries on.
    SaveEdit,
    /// Close that file's tab: as quitting the editor without saving.
    CloseEdit,

    // The object panel.
    Open(Target),
    Close,
    /// Show the object's YAML (true) or its description.
    ShowPanel(super::detail::Panel),

    // Exercises and the page's language.
    /// The page's address (query and fragment): opens the exercise it names, if any.
    OpenUrl(String),
    /// From the picker: open a bundled exercise (a fresh cluster unless it is the one open).
    OpenExercise(String),
    CloseExercise,
    /// "Reset exercise" (confirmed): a fresh cluster with its files and setup, nothing done.
    ResetExercise,
    Hint,
    ShowSolution,
    /// A Run button: the lines of an `exec` block, run in the terminal as if typed.
    RunExec(String),
    /// The header's language switch.
    SetLang(Lang),

    // Share links.
    /// The page's own address, without query or fragment: what share links start with.
    SetBase(String),
    /// The Share button (or `share` typed): make a link to the playground as it is.
    Share,
    /// The answer to "open the shared playground in place of your work?".
    ShareAnswer(bool),

    // An exam (opened from the address or the picker).
    /// From the picker: an exam of these bundled exercises (unless one is running).
    OpenExam(Vec<String>),
    /// Show task K's cluster (its own, kept aside while another task was shown).
    ExamTask(usize),
    /// "Finish" (confirmed): grade every task now and show the score.
    FinishExam,
    /// Take the same exam again: fresh clusters, the full time.
    RestartExam,
    /// Close the exam (its score with it); the cluster shown stays.
    LeaveExam,

    /// A request from the page that embeds this one (`postMessage`, see `embed`).
    Host(Request),

    // Time (see `timeline`).
    /// Pause (true) or resume the simulated clock.
    Pause(bool),
    /// Run simulated time this many times as fast as the wall clock.
    Speed(u32),
    /// Move simulated time forward this many seconds at once (controllers catch up, even paused).
    Step(i64),
    /// Go back to the state after a moment of the timeline (its `upto`; confirmed).
    Rewind(usize),
    /// Bring back the timeline the last rewind dropped.
    RewindUndo,
    /// Compare the states after two moments (their `upto`s); None closes the comparison.
    Compare(Option<(usize, usize)>),
    // The cluster pane: its tables or the map, and the map's filters.
    ClusterTab(super::map::ClusterTab),
    MapOptions(super::map::MapOptions),
}

/// What an action may have changed in the cluster, so what the page asks it for again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Refresh {
    Nothing,
    /// Only the object panel's text (another object, or YAML instead of describe).
    Panel,
    /// The cluster view's tables and the object panel.
    All,
}

impl Action {
    pub fn refresh(&self) -> Refresh {
        match self {
            // Time passed, the cluster started or started over, or a command ran.
            Action::Boot
            | Action::Tick
            | Action::ResetCluster
            | Action::Enter
            | Action::Interrupt
            | Action::Complete { .. }
            | Action::Apply
            | Action::SaveEdit
            | Action::CloseEdit
            | Action::OpenUrl(_)
            | Action::OpenExercise(_)
            | Action::ResetExercise
            | Action::RunExec(_)
            | Action::Host(_)
            | Action::OpenExam(_)
            | Action::ExamTask(_)
            | Action::FinishExam
            | Action::RestartExam
            | Action::ShareAnswer(_)
            | Action::Pause(_)
            | Action::Speed(_)
            | Action::Step(_)
            | Action::Rewind(_)
            | Action::RewindUndo
            | Action::ClusterTab(_)
            | Action::MapOptions(_) => Refresh::All,
            Action::Open(_) | Action::ShowPanel(_) => Refresh::Panel,
            _ => Refresh::Nothing,
        }
    }
}
