//! Which field the editor explains: the one on the line under the mouse, failing that the caret's
//! line while the textarea has the focus (so keyboard users get the same help); Escape hides it
//! until the caret moves again. The description comes from the schema (`page::markers::help`).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::placement::{caret_line, line_at, Anchors};
use crate::page::markers::{documents, help};
use crate::page::EditorView;

/// The explained line with its title (`FIELD: image <string>`) and description.
pub type Shown = Option<(usize, String, String)>;

/// The help shown now and the textarea's events that move it.
pub struct FieldHelp {
    pub shown: Rc<Shown>,
    pub onmousemove: Callback<MouseEvent>,
    pub onmouseleave: Callback<MouseEvent>,
    pub onscroll: Callback<Event>,
    pub onkeyup: Callback<KeyboardEvent>,
    pub onfocus: Callback<FocusEvent>,
    pub onmouseup: Callback<MouseEvent>,
    pub onblur: Callback<FocusEvent>,
    /// The text changed without a key (a paste, a drop): follow the caret.
    pub oninput: Callback<HtmlTextAreaElement>,
}

#[hook]
pub fn use_field_help(anchors: &Rc<Anchors>, editor: &Rc<EditorView>) -> FieldHelp {
    let hover = use_state_eq(|| None::<usize>);
    let caret = use_state_eq(|| None::<usize>);
    // Where the mouse last was over the text, to follow the line under it when the text scrolls.
    let mouse_y: Rc<RefCell<Option<i32>>> = use_mut_ref(|| None);
    let line = hover.or(*caret);
    let shown = use_memo((editor.clone(), line), |(e, line)| {
        line.and_then(|line| {
            help(&documents(&e.text), &e.text, line, &e.server_version)
                .map(|(title, desc)| (line, title, desc))
        })
    });
    {
        // Placed once the tooltip is in the page, since where it fits depends on its size.
        let anchors = anchors.clone();
        use_effect_with(shown.clone(), move |shown| {
            if let Some((line, _, _)) = &**shown {
                anchors.place(*line);
            }
        });
    }
    let onmousemove = {
        let (hover, mouse_y) = (hover.clone(), mouse_y.clone());
        Callback::from(move |e: MouseEvent| {
            *mouse_y.borrow_mut() = Some(e.client_y());
            hover.set(line_at(&e.target_unchecked_into(), e.client_y()));
        })
    };
    let onmouseleave = {
        let (hover, mouse_y) = (hover.clone(), mouse_y.clone());
        Callback::from(move |_: MouseEvent| {
            *mouse_y.borrow_mut() = None;
            hover.set(None);
        })
    };
    // The text moved under the tooltip: keep it by its line, and under a resting mouse, explain
    // the line that is now there.
    let onscroll = {
        let (hover, anchors) = (hover.clone(), anchors.clone());
        Callback::from(move |_: Event| {
            if let Some(line) = anchors.shown_line() {
                anchors.place(line);
            }
            let (Some(y), Some(ta)) = (
                *mouse_y.borrow(),
                anchors.textarea.cast::<HtmlTextAreaElement>(),
            ) else {
                return;
            };
            if hover.is_some() {
                hover.set(line_at(&ta, y));
            }
        })
    };
    let onkeyup = {
        let (hover, caret) = (hover.clone(), caret.clone());
        Callback::from(move |e: KeyboardEvent| {
            hover.set(None);
            if e.key() == "Escape" {
                caret.set(None);
            } else {
                caret.set(caret_line(&e.target_unchecked_into()));
            }
        })
    };
    let follow = |caret: &UseStateHandle<Option<usize>>| {
        let caret = caret.clone();
        move |ta: HtmlTextAreaElement| caret.set(caret_line(&ta))
    };
    let onfocus = {
        let follow = follow(&caret);
        Callback::from(move |e: FocusEvent| follow(e.target_unchecked_into()))
    };
    // A click moves the caret after the focus event has read it.
    let onmouseup = {
        let follow = follow(&caret);
        Callback::from(move |e: MouseEvent| follow(e.target_unchecked_into()))
    };
    let onblur = {
        let caret = caret.clone();
        Callback::from(move |_: FocusEvent| caret.set(None))
    };
    FieldHelp {
        shown,
        onmousemove,
        onmouseleave,
        onscroll,
        onkeyup,
        onfocus,
        onmouseup,
        onblur,
        oninput: Callback::from(follow(&caret)),
    }
}
