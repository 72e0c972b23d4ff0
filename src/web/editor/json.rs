//! The open file's documents as JSON, shown in place of the text.

use std::rc::Rc;

use yew::prelude::*;

use crate::page::markers::as_json;
use crate::page::EditorView;

/// The JSON view when `on`, converted again only when the text changed.
#[hook]
pub fn use_json_view(editor: &Rc<EditorView>, on: bool) -> Option<Html> {
    let json = use_memo((editor.clone(), on), |(e, on)| on.then(|| as_json(&e.text)));
    match &*json {
        Some(Ok(j)) => Some(html! { <pre class="json" id="json-view" tabindex="0">{j}</pre> }),
        Some(Err(e)) => Some(html! { <pre class="json bad" id="json-view" tabindex="0">{e}</pre> }),
        None => None,
    }
}
