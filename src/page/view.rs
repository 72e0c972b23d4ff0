//! What the page shows, as one immutable value the views only read. Each part sits behind an `Rc`
//! and is replaced only when it changed, so a view can skip redrawing a part that is the same.

use std::rc::Rc;

use super::detail::DetailView;
use super::markers::Markers;
use super::prompt::Caret;
use super::screen::Seg;
use super::tables::ClusterData;

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
}

/// Put `value` in `slot` unless it holds an equal one, so unchanged parts keep their `Rc`.
pub fn update<T: PartialEq>(slot: &mut Rc<T>, value: T) {
    if **slot != value {
        *slot = Rc::new(value);
    }
}
