//! The editor: one tab per file (the files `kubectl -f` reads), a textarea over its YAML colours
//! (`mirror`) with line numbers, YAML errors and the API server's problems marked at their line
//! while typing, Apply, a JSON view of the documents, and the explain description of the field
//! under the mouse or caret.

mod code;
mod help;
mod indent;
mod json;
mod mirror;
mod placement;
mod status;
mod tabs;

use std::rc::Rc;

use yew::prelude::*;

use super::state::{use_actions, use_page, use_words};
use code::Code;
use json::use_json_view;
use placement::Anchors;
use status::status_line;
use tabs::toolbar;

#[function_component]
pub fn Editor() -> Html {
    let json = use_state(|| false);
    let anchors: Rc<Anchors> = use_memo((), |_| Anchors::default());
    let actions = use_actions();
    let w = use_words();
    let page = use_page();
    let view = page.map(|p| p.view.clone()).unwrap_or_default();
    let (editor, markers) = (view.editor, view.markers);
    let json_view = use_json_view(&editor, *json);
    html! {
        <section class="pane editor" aria-label={w.editor} ref={anchors.container.clone()}>
            {toolbar(&editor, &json, &actions, w)}
            if let Some(msg) = editor.rename_error.clone() {
                <div class="status bad" role="alert">{msg}</div>
            }
            if let Some(json_view) = json_view {
                {json_view}
            } else {
                <Code {editor} markers={markers.clone()} {anchors} />
            }
            {status_line(&markers, w)}
        </section>
    }
}
