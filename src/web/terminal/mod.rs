//! The terminal: one `<pre>` of real, selectable text (columns intact, copy-friendly) and an input
//! line with the comforts of a real shell (history, Ctrl-R search, Tab completion, Ctrl-C,
//! Ctrl-L), whose keys the model interprets (`page::keys`).

mod input_line;
mod scrollback;

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use super::dom::has_selection;
use super::state::{use_page, use_words};
use crate::page::screen::Seg;
use crate::page::PromptView;
use input_line::InputLine;
use scrollback::Scrollback;

#[function_component]
pub fn Terminal() -> Html {
    let view = use_page().map(|p| p.view.clone()).unwrap_or_default();
    let input_ref = use_node_ref();
    let w = use_words();
    let screen_ref = use_scroll_to_bottom(&view.screen, &view.prompt);
    let focus = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if !has_selection() {
                if let Some(el) = input_ref.cast::<HtmlElement>() {
                    let _ = el.focus();
                }
            }
        })
    };
    html! {
        <section class="pane terminal" aria-label={w.terminal} onclick={focus}>
            <div class="pane-head">
                <h2>{w.terminal}</h2>
                <span class="hint">{w.terminal_keys}</span>
            </div>
            <div class="screen" ref={screen_ref} id="screen">
                <Scrollback screen={view.screen.clone()} />
                <InputLine prompt={view.prompt.clone()} {input_ref} words={w} />
            </div>
        </section>
    }
}

/// Keep the newest output in sight: scroll to the bottom when the screen changes or a search
/// moves (typing at the prompt leaves a scrolled-back screen where it is).
#[hook]
fn use_scroll_to_bottom(screen: &Rc<Vec<Seg>>, prompt: &PromptView) -> NodeRef {
    let screen_ref = use_node_ref();
    let search = prompt
        .matched
        .as_ref()
        .map(|m| (prompt.value.clone(), m.clone()));
    {
        let screen_ref = screen_ref.clone();
        use_effect_with((screen.clone(), search), move |_| {
            if let Some(el) = screen_ref.cast::<HtmlElement>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    screen_ref
}
