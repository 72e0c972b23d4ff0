//! The coloured copy of the text under the (transparent) textarea: the same font, padding and
//! lines, so every character sits under its own and the textarea keeps the caret, selection,
//! undo and input as ever. Lines are lexed again only where the text changed
//! (`page::highlight`), and only the lines in view (and a margin) are drawn, so a long file
//! costs a keystroke no more than a short one.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use crate::page::highlight::{Highlighter, Line};

/// Lines drawn beyond the visible ones on each side, so scrolling shows colour at once.
const MARGIN: usize = 40;
/// The first drawn line moves in steps of this, so small scrolls draw nothing new.
const STEP: usize = 20;

/// The drawn lines: the first and how many.
#[derive(Clone, Copy, PartialEq)]
struct Window {
    first: usize,
    count: usize,
}

pub struct Mirror {
    pub html: Html,
    /// To call when the text's box scrolls (or changes size).
    pub onscroll: Callback<()>,
}

/// The highlighted lines of `text` that the scrolling box `view` shows.
#[hook]
pub fn use_mirror(text: &str, view: &NodeRef) -> Mirror {
    let hl: Rc<RefCell<Highlighter>> = use_mut_ref(Highlighter::default);
    let window = use_state_eq(|| Window {
        first: 0,
        count: 3 * MARGIN,
    });
    let started = now();
    hl.borrow_mut().update(text);
    let ms = now() - started;
    let onscroll = {
        let (window, view) = (window.clone(), view.clone());
        Callback::from(move |()| {
            if let Some(w) = view.cast::<Element>().and_then(|v| in_view(&v)) {
                window.set(w);
            }
        })
    };
    {
        // The box's real height is known once drawn.
        let onscroll = onscroll.clone();
        use_effect_with((), move |_| onscroll.emit(()));
    }
    let h = hl.borrow();
    // Measured again at each drawing (the page draws every second), so a box grown taller without
    // a scroll draws its new lines too.
    let Window { first, count } = view
        .cast::<Element>()
        .and_then(|v| in_view(&v))
        .unwrap_or(*window);
    let lines = h.lines(first, first + count);
    let html = html! {
        <pre class="hl" id="highlight" aria-hidden="true" data-ms={format!("{ms:.2}")}
            style={format!("top: calc({first} * var(--lh))")}>
            {for lines.iter().enumerate().map(|(i, l)| line(first + i + 1, l))}
        </pre>
    };
    Mirror { html, onscroll }
}

fn line(n: usize, l: &Line) -> Html {
    let guides = l.guides.iter().map(|c| {
        html! { <span class="hl-guide" style={format!("left: {c}ch")}></span> }
    });
    let runs = l.runs().into_iter().map(|(text, class)| match class {
        Some(class) => html! { <span {class}>{text}</span> },
        None => html! { {text} },
    });
    html! {
        <div class="hl-line" key={n} data-line={n.to_string()}>{for guides}{for runs}</div>
    }
}

/// The lines to draw for the box's scroll position and height.
fn in_view(view: &Element) -> Option<Window> {
    let lh = line_height(view)?;
    let top = (f64::from(view.scroll_top()) / lh).floor() as usize;
    let shown = (f64::from(view.client_height()) / lh).ceil() as usize;
    let first = top.saturating_sub(MARGIN) / STEP * STEP;
    Some(Window {
        first,
        count: (top - first) + shown + MARGIN + STEP,
    })
}

/// The editor's line height in pixels (the `--lh` the style gives every line).
fn line_height(el: &Element) -> Option<f64> {
    let style = web_sys::window()?.get_computed_style(el).ok()??;
    let v = style.get_property_value("--lh").ok()?;
    let px = v.trim().strip_suffix("px")?.parse::<f64>().ok()?;
    (px.is_finite() && px > 0.0).then_some(px)
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
