//! The terminal: one `<pre>` of real, selectable text (columns intact, copy-friendly) and an input
//! line with the comforts of a real shell: history, Ctrl-R search, Tab completion, Ctrl-C, Ctrl-L.

use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::app::Shared;
use super::complete::complete;
use super::engine::{Seg, PROMPT};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub engine: Shared,
    pub screen_rev: u64,
    pub on_change: Callback<()>,
}

#[derive(Clone, PartialEq, Default)]
struct Search {
    query: String,
    /// Index in history of the current match.
    at: Option<usize>,
}

fn find_back(history: &[String], query: &str, before: usize) -> Option<usize> {
    if query.is_empty() {
        return None;
    }
    history[..before.min(history.len())]
        .iter()
        .rposition(|h| h.contains(query))
}

fn has_selection() -> bool {
    web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .and_then(|s| s.to_string().as_string())
        .is_some_and(|s| !s.is_empty())
}

/// Choices in columns, as a shell lists them after a double Tab.
fn columns(choices: &[String]) -> String {
    let width = choices.iter().map(|c| c.chars().count()).max().unwrap_or(0) + 2;
    let per_line = (100 / width.max(1)).max(1);
    let mut s = String::new();
    for (i, c) in choices.iter().enumerate() {
        s.push_str(c);
        if (i + 1) % per_line == 0 || i + 1 == choices.len() {
            s.push('\n');
        } else {
            s.push_str(&" ".repeat(width - c.chars().count()));
        }
    }
    s
}

#[function_component]
pub fn Terminal(p: &Props) -> Html {
    let input = use_state(String::new);
    let hist_pos = use_mut_ref(|| None::<usize>);
    let draft = use_mut_ref(String::new);
    let search = use_state(|| None::<Search>);
    let input_ref = use_node_ref();
    let screen_ref = use_node_ref();

    {
        let input_ref = input_ref.clone();
        use_effect_with((), move |_| {
            if let Some(el) = input_ref.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    {
        let screen_ref = screen_ref.clone();
        use_effect_with((p.screen_rev, (*search).clone()), move |_| {
            if let Some(el) = screen_ref.cast::<HtmlElement>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let oninput = {
        let input = input.clone();
        let search = search.clone();
        let engine = p.engine.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if search.is_some() {
                let h = &engine.0.borrow().history;
                let at = find_back(h, &v, h.len());
                search.set(Some(Search { query: v, at }));
            } else {
                input.set(v);
            }
        })
    };

    let onkeydown = {
        let input = input.clone();
        let search = search.clone();
        let engine = p.engine.clone();
        let on_change = p.on_change.clone();
        let input_ref = input_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let ctrl = e.ctrl_key() || e.meta_key();
            let current: String = (*input).clone();
            let reset_hist = || {
                *hist_pos.borrow_mut() = None;
            };
            // Reverse search has its own keys.
            if let Some(s) = (*search).clone() {
                let matched = {
                    let h = &engine.0.borrow().history;
                    s.at.and_then(|i| h.get(i).cloned())
                };
                match key.as_str() {
                    "r" if ctrl => {
                        e.prevent_default();
                        let h = &engine.0.borrow().history;
                        let before = s.at.unwrap_or(h.len());
                        let at = find_back(h, &s.query, before).or(s.at);
                        search.set(Some(Search { at, ..s }));
                    }
                    "Enter" => {
                        e.prevent_default();
                        let line = matched.unwrap_or_default();
                        search.set(None);
                        input.set(String::new());
                        reset_hist();
                        engine.0.borrow_mut().submit(&line);
                        on_change.emit(());
                    }
                    "Escape" | "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Tab" => {
                        e.prevent_default();
                        search.set(None);
                        input.set(matched.unwrap_or(current));
                    }
                    "c" | "g" if ctrl => {
                        e.prevent_default();
                        search.set(None);
                        input.set(String::new());
                    }
                    _ => {}
                }
                return;
            }
            if engine.0.borrow().watching() {
                // Only Ctrl-C reaches a running `get -w`.
                if key == "c" && ctrl && !has_selection() {
                    e.prevent_default();
                    engine.0.borrow_mut().interrupt("");
                    on_change.emit(());
                } else if !(ctrl && key == "c") {
                    e.prevent_default();
                }
                return;
            }
            match key.as_str() {
                "Enter" => {
                    e.prevent_default();
                    input.set(String::new());
                    reset_hist();
                    engine.0.borrow_mut().submit(&current);
                    on_change.emit(());
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let h = engine.0.borrow().history.clone();
                    let mut pos = hist_pos.borrow_mut();
                    let next = match (key.as_str(), *pos) {
                        ("ArrowUp", None) if !h.is_empty() => {
                            *draft.borrow_mut() = current;
                            Some(h.len() - 1)
                        }
                        ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                        ("ArrowDown", Some(i)) if i + 1 < h.len() => Some(i + 1),
                        ("ArrowDown", Some(_)) => None,
                        (_, p) => p,
                    };
                    let was = *pos;
                    *pos = next;
                    match next {
                        Some(i) => input.set(h.get(i).cloned().unwrap_or_default()),
                        None if was.is_some() => input.set(draft.borrow().clone()),
                        None => {}
                    }
                }
                "Tab" if !e.shift_key() => {
                    e.prevent_default();
                    let Some(el) = input_ref.cast::<HtmlInputElement>() else {
                        return;
                    };
                    let cursor = el
                        .selection_start()
                        .ok()
                        .flatten()
                        .map(|c| c as usize)
                        .unwrap_or(current.len());
                    // selectionStart counts UTF-16 units; fall back to the end on a mismatch.
                    let cut = if current.is_char_boundary(cursor) && current.is_ascii() {
                        cursor
                    } else {
                        current.len()
                    };
                    let (before, after) = current.split_at(cut);
                    let c = {
                        let mut eng = engine.0.borrow_mut();
                        complete(&mut eng, before)
                    };
                    if !c.choices.is_empty() {
                        let mut eng = engine.0.borrow_mut();
                        let prompt = eng.continuation.clone().unwrap_or_else(|| PROMPT.into());
                        eng.echo(&prompt, &current);
                        eng.note(columns(&c.choices));
                        on_change.emit(());
                    }
                    let caret = c.text.len() as u32;
                    input.set(format!("{}{after}", c.text));
                    let el2 = el.clone();
                    gloo_timers::callback::Timeout::new(0, move || {
                        let _ = el2.set_selection_range(caret, caret);
                    })
                    .forget();
                }
                "c" if ctrl && !has_selection() => {
                    e.prevent_default();
                    input.set(String::new());
                    reset_hist();
                    engine.0.borrow_mut().interrupt(&current);
                    on_change.emit(());
                }
                "l" if ctrl => {
                    e.prevent_default();
                    engine.0.borrow_mut().clear_screen();
                    on_change.emit(());
                }
                "r" if ctrl => {
                    e.prevent_default();
                    search.set(Some(Search::default()));
                }
                _ => {}
            }
        })
    };

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

    let e = p.engine.0.borrow();
    let mut text: Vec<Html> = Vec::with_capacity(e.screen.len());
    let mut at_line_start = true;
    for seg in &e.screen {
        let (class, body, echo) = match seg {
            Seg::Echo(prompt, line) => ("echo", line.as_str(), Some(prompt.as_str())),
            Seg::Out(s) => ("out", s.as_str(), None),
            Seg::Err(s) => ("err", s.as_str(), None),
            Seg::Note(s) => ("note", s.as_str(), None),
        };
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
    let prompt = e.continuation.clone().unwrap_or_else(|| PROMPT.to_string());
    let (label, value, matched) = match &*search {
        Some(s) => {
            let m = s.at.and_then(|i| e.history.get(i).cloned());
            let failed = !s.query.is_empty() && m.is_none();
            (
                if failed {
                    "(failed reverse-i-search)`".to_string()
                } else {
                    "(reverse-i-search)`".to_string()
                },
                s.query.clone(),
                Some(m.unwrap_or_default()),
            )
        }
        None if e.watching() => (String::new(), String::new(), None),
        None => (prompt, (*input).clone(), None),
    };
    let watching = e.watching();
    html! {
        <section class="pane terminal" aria-label="Terminal" onclick={focus}>
            <div class="pane-head">
                <h2>{"Terminal"}</h2>
                <span class="hint">{"↑↓ history · Tab completes · Ctrl-R search · Ctrl-C drops a line or stops get -w · Ctrl-L clears"}</span>
            </div>
            <div class="screen" ref={screen_ref} id="screen">
                <pre class="scrollback" id="scrollback">{for text}</pre>
                <div class={classes!("inputline", matched.is_some().then_some("searching"), watching.then_some("watching"))}>
                    <label class="prompt" for="term-input" id="term-prompt">{label}</label>
                    <input id="term-input" ref={input_ref} type="text" value={value}
                        {oninput} {onkeydown} readonly={watching}
                        autocomplete="off" autocapitalize="off" spellcheck="false"
                        aria-label="Command line" />
                    if let Some(m) = matched {
                        <span class="match" id="search-match">{"': "}{m}</span>
                    }
                </div>
            </div>
        </section>
    }
}
