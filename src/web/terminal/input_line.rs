//! The prompt and the line being typed (or the reverse search and its match). Keys go to
//! `page::keys`, which says what they mean; this only reads the event and dispatches.

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::page::keys::{terminal_key, KeyPress, Mode};
use crate::page::words::Words;
use crate::page::{Action, PromptView};

use super::super::dom::has_selection;
use super::super::state::{use_actions, Actions};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub prompt: Rc<PromptView>,
    pub input_ref: NodeRef,
    pub words: &'static Words,
}

#[function_component]
pub fn InputLine(p: &Props) -> Html {
    use_focus_on_mount(&p.input_ref);
    use_caret(&p.input_ref, p.prompt.caret.seq, p.prompt.caret.at);
    let actions = use_actions();
    let oninput = actions.on(|e: InputEvent| {
        Some(Action::Input(
            e.target_unchecked_into::<HtmlInputElement>().value(),
        ))
    });
    let onkeydown = keys(&p.prompt, &actions);
    let PromptView {
        label,
        value,
        matched,
        watching,
        ..
    } = &*p.prompt;
    html! {
        <div class={classes!("inputline", matched.is_some().then_some("searching"), watching.then_some("watching"))}>
            <label class="prompt" for="term-input" id="term-prompt">{label}</label>
            <input id="term-input" ref={p.input_ref.clone()} type="text" value={value.clone()}
                {oninput} {onkeydown} readonly={*watching}
                autocomplete="off" autocapitalize="off" spellcheck="false"
                aria-label={p.words.command_line} />
            if let Some(m) = matched {
                <span class="match" id="search-match">{"': "}{m}</span>
            }
        </div>
    }
}

/// The terminal's keys, read from the event and the mode the prompt is in.
fn keys(prompt: &PromptView, actions: &Actions) -> Callback<KeyboardEvent> {
    let mode = Mode {
        searching: prompt.matched.is_some(),
        watching: prompt.watching,
    };
    actions.on(move |e: KeyboardEvent| {
        let key = e.key();
        let input = e.target_unchecked_into::<HtmlInputElement>();
        let press = KeyPress {
            key: &key,
            ctrl: e.ctrl_key() || e.meta_key(),
            shift: e.shift_key(),
            selection: has_selection(),
            cursor: input.selection_start().ok().flatten().map(|c| c as usize),
        };
        let handled = terminal_key(&press, mode);
        if handled.prevent_default {
            e.prevent_default();
        }
        handled.action
    })
}

/// The prompt has the focus when the page opens.
#[hook]
fn use_focus_on_mount(input_ref: &NodeRef) {
    let input_ref = input_ref.clone();
    use_effect_with((), move |_| {
        if let Some(el) = input_ref.cast::<HtmlElement>() {
            let _ = el.focus();
        }
    });
}

/// After a completion the caret goes where the model says, once the new text is in the input.
#[hook]
fn use_caret(input_ref: &NodeRef, seq: u64, at: u32) {
    let input_ref = input_ref.clone();
    use_effect_with(seq, move |seq| {
        if *seq > 0 {
            if let Some(el) = input_ref.cast::<HtmlInputElement>() {
                let _ = el.set_selection_range(at, at);
            }
        }
    });
}
