//! What was typed and what came back, coloured by stream. Redrawn only when the screen changed.

use std::rc::Rc;

use yew::prelude::*;

use crate::page::screen::Seg;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub screen: Rc<Vec<Seg>>,
}

#[function_component]
pub fn Scrollback(p: &Props) -> Html {
    let mut text: Vec<Html> = Vec::with_capacity(p.screen.len());
    let mut at_line_start = true;
    for seg in p.screen.iter() {
        let (class, body, echo) = match seg {
            Seg::Echo(prompt, line) => ("echo", line.as_str(), Some(prompt.as_str())),
            Seg::Out(s) => ("out", s.as_str(), None),
            Seg::Err(s) => ("err", s.as_str(), None),
            Seg::Note(s) => ("note", s.as_str(), None),
        };
        // Output that did not end its line is followed on a new one, as a shell's prompt is.
        if !at_line_start {
            text.push(html! {"\n"});
        }
        match echo {
            Some(prompt) => text.push(html! {
                <span class="echo"><span class="prompt">{prompt}</span>{body}{"\n"}</span>
            }),
            None => text.push(html! { <span class={class}>{body}</span> }),
        }
        at_line_start = echo.is_some() || body.ends_with('\n') || body.is_empty();
    }
    html! { <pre class="scrollback" id="scrollback">{for text}</pre> }
}
