//! Tab in the editor indents by two spaces; Escape then Tab leaves the editor (keyboard users must
//! be able to get out).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::super::state::use_actions;
use crate::page::Action;

#[hook]
pub fn use_indent(file: &str) -> Callback<KeyboardEvent> {
    let escaped: Rc<RefCell<bool>> = use_mut_ref(|| false);
    let file = file.to_string();
    use_actions().on(move |e: KeyboardEvent| {
        let key = e.key();
        if key == "Escape" {
            *escaped.borrow_mut() = true;
            return None;
        }
        let was_escaped = std::mem::replace(&mut *escaped.borrow_mut(), false);
        if key != "Tab" || e.shift_key() || was_escaped || e.ctrl_key() || e.alt_key() {
            return None;
        }
        e.prevent_default();
        let el = e.target_unchecked_into::<HtmlTextAreaElement>();
        let text = indented(&el);
        Some(Action::Edit {
            name: file.clone(),
            text,
        })
    })
}

/// Two spaces in place of the selection, the caret after them; the new text.
fn indented(el: &HtmlTextAreaElement) -> String {
    let v = el.value();
    let start = el.selection_start().ok().flatten().unwrap_or(0) as usize;
    let end = el.selection_end().ok().flatten().unwrap_or(0) as usize;
    // selectionStart counts UTF-16 units: convert to a byte offset.
    let byte = |units: usize| {
        let mut n = 0;
        for (i, c) in v.char_indices() {
            if n >= units {
                return i;
            }
            n += c.len_utf16();
        }
        v.len()
    };
    let (s, en) = (byte(start), byte(end.max(start)));
    let new = format!("{}  {}", &v[..s], &v[en..]);
    el.set_value(&new);
    let caret = (start + 2) as u32;
    let _ = el.set_selection_range(caret, caret);
    new
}
