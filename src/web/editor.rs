//! The editor: one tab per file (the files `kubectl -f` reads), a plain textarea with line numbers,
//! YAML errors marked at their line while typing, Apply, and a JSON view of the documents.

use web_sys::{HtmlInputElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::app::Shared;
use super::field_help::{caret_line, line_at, Anchors};
use crate::yaml::{parse_documents, YamlError};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub engine: Shared,
    pub rev: u64,
    pub on_change: Callback<()>,
    /// A heredoc is open in the terminal.
    pub busy: bool,
    /// Whether to ask the API server about the text (markers); off for the page's first paint.
    #[prop_or(true)]
    pub validate: bool,
}

/// The documents of a stream with the line each starts on (1-based), split at `---` lines as
/// kubectl's reader does. The core reports YAML error lines per document, as go-yaml does.
fn documents(text: &str) -> Vec<(usize, String)> {
    let mut docs = vec![(1, String::new())];
    for (i, line) in text.split('\n').enumerate() {
        let sep = line
            .strip_prefix("---")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']));
        match docs.last_mut() {
            Some(d) if !sep => {
                d.1.push_str(line);
                d.1.push('\n');
            }
            _ => docs.push((i + 2, String::new())),
        }
    }
    docs
}

/// The first YAML error, with its line made absolute in the file.
fn check(text: &str) -> Option<YamlError> {
    documents(text).into_iter().find_map(|(start, doc)| {
        if doc.trim().is_empty() {
            return None;
        }
        parse_documents(&doc).err().map(|mut e| {
            e.line = e.line.map(|l| l + start - 1);
            e
        })
    })
}

fn as_json(text: &str) -> Result<String, String> {
    let mut parts = Vec::new();
    for (start, doc) in documents(text) {
        if doc.trim().is_empty() {
            continue;
        }
        let parsed = parse_documents(&doc).map_err(|mut e| {
            e.line = e.line.map(|l| l + start - 1);
            e.to_string()
        })?;
        for d in parsed.iter().filter(|d| !d.value.is_null()) {
            parts.push(serde_json::to_string_pretty(&d.value).unwrap_or_default());
        }
    }
    Ok(parts.join("\n\n"))
}

#[function_component]
pub fn Editor(p: &Props) -> Html {
    let force = use_force_update();
    let json_view = use_state(|| false);
    let renaming = use_state(|| None::<String>);
    let rename_error = use_state(|| None::<String>);
    // The name being typed: kept here, since a redraw must not put the old name back.
    let rename_text = use_state(String::new);
    let escaped = use_mut_ref(|| false);
    // The file line under the mouse, whose field's description is shown; failing that, the
    // caret's line while the textarea has the focus, so keyboard users get the same help.
    let hover = use_state_eq(|| None::<usize>);
    let caret = use_state_eq(|| None::<usize>);
    // Where the mouse last was over the text, to follow the line under it when the text scrolls.
    let mouse_y = use_mut_ref(|| None::<i32>);
    let anchors = use_memo((), |_| Anchors::default());
    let rename_ref = use_node_ref();
    {
        let rename_ref = rename_ref.clone();
        use_effect_with((*renaming).clone(), move |r| {
            if r.is_some() {
                if let Some(el) = rename_ref.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                    el.select();
                }
            }
        });
    }

    let engine = p.engine.clone();
    let (names, active, text) = {
        let e = engine.0.borrow();
        (e.file_names(), e.active.clone(), e.read_file(&e.active))
    };

    let oninput = {
        let engine = engine.clone();
        let force = force.clone();
        let active = active.clone();
        let caret = caret.clone();
        Callback::from(move |e: InputEvent| {
            let el = e.target_unchecked_into::<HtmlTextAreaElement>();
            engine.0.borrow_mut().write_file(&active, &el.value());
            // A paste or a drop moves the caret without a key.
            caret.set(caret_line(&el));
            force.force_update();
        })
    };
    // Tab indents; Escape then Tab leaves the editor (keyboard users must be able to get out).
    let onkeydown = {
        let engine = engine.clone();
        let force = force.clone();
        let active = active.clone();
        let escaped = escaped.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Escape" {
                *escaped.borrow_mut() = true;
                return;
            }
            let was_escaped = std::mem::replace(&mut *escaped.borrow_mut(), false);
            if key != "Tab" || e.shift_key() || was_escaped || e.ctrl_key() || e.alt_key() {
                return;
            }
            e.prevent_default();
            let el = e.target_unchecked_into::<HtmlTextAreaElement>();
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
            engine.0.borrow_mut().write_file(&active, &new);
            force.force_update();
        })
    };

    let onmousemove = {
        let hover = hover.clone();
        let mouse_y = mouse_y.clone();
        Callback::from(move |e: MouseEvent| {
            *mouse_y.borrow_mut() = Some(e.client_y());
            hover.set(line_at(&e.target_unchecked_into(), e.client_y()));
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        let mouse_y = mouse_y.clone();
        Callback::from(move |_: MouseEvent| {
            *mouse_y.borrow_mut() = None;
            hover.set(None);
        })
    };
    // The text moved under the tooltip: keep it by its line, and under a resting mouse, explain
    // the line that is now there.
    let onscroll = {
        let hover = hover.clone();
        let anchors = anchors.clone();
        let mouse_y = mouse_y.clone();
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
    // Keyboard users: the caret's line is explained while the textarea has the focus; Escape
    // hides the help until the caret moves again.
    let onkeyup = {
        let hover = hover.clone();
        let caret = caret.clone();
        Callback::from(move |e: KeyboardEvent| {
            hover.set(None);
            if e.key() == "Escape" {
                caret.set(None);
            } else {
                caret.set(caret_line(&e.target_unchecked_into()));
            }
        })
    };
    let onfocus = {
        let caret = caret.clone();
        Callback::from(move |e: FocusEvent| caret.set(caret_line(&e.target_unchecked_into())))
    };
    // A click moves the caret after the focus event has read it.
    let onmouseup = {
        let caret = caret.clone();
        Callback::from(move |e: MouseEvent| caret.set(caret_line(&e.target_unchecked_into())))
    };
    let onblur = {
        let caret = caret.clone();
        Callback::from(move |_: FocusEvent| caret.set(None))
    };

    let apply = {
        let engine = engine.clone();
        let on_change = p.on_change.clone();
        let active = active.clone();
        let busy = p.busy;
        Callback::from(move |_: MouseEvent| {
            let mut e = engine.0.borrow_mut();
            if busy {
                e.interrupt("");
            }
            e.submit(&format!("kubectl apply -f {active}"));
            drop(e);
            on_change.emit(());
        })
    };
    let new_file = {
        let engine = engine.clone();
        let renaming = renaming.clone();
        let rename_text = rename_text.clone();
        Callback::from(move |_: MouseEvent| {
            let name = engine.0.borrow_mut().new_file();
            rename_text.set(name.clone());
            renaming.set(Some(name));
        })
    };
    let toggle_json = {
        let json_view = json_view.clone();
        Callback::from(move |_: MouseEvent| json_view.set(!*json_view))
    };

    let tabs = names.iter().map(|name| {
        let is_active = *name == active;
        let select = {
            let engine = engine.clone();
            let force = force.clone();
            let name = name.clone();
            let renaming = renaming.clone();
            Callback::from(move |_: MouseEvent| {
                engine.0.borrow_mut().set_active(&name);
                renaming.set(None);
                force.force_update();
            })
        };
        let start_rename = {
            let renaming = renaming.clone();
            let rename_error = rename_error.clone();
            let rename_text = rename_text.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| {
                rename_error.set(None);
                rename_text.set(name.clone());
                renaming.set(Some(name.clone()));
            })
        };
        let delete = {
            let engine = engine.clone();
            let force = force.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| {
                let ok = web_sys::window()
                    .and_then(|w| w.confirm_with_message(&format!("Delete {name}?")).ok())
                    .unwrap_or(false);
                if ok {
                    engine.0.borrow_mut().delete_file(&name);
                    force.force_update();
                }
            })
        };
        if renaming.as_deref() == Some(name.as_str()) {
            let onkeydown = {
                let engine = engine.clone();
                let renaming = renaming.clone();
                let rename_error = rename_error.clone();
                let name = name.clone();
                let force = force.clone();
                Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                    "Enter" => {
                        e.prevent_default();
                        let to = e.target_unchecked_into::<HtmlInputElement>().value();
                        match engine.0.borrow_mut().rename_file(&name, &to) {
                            Ok(()) => {
                                renaming.set(None);
                                rename_error.set(None);
                            }
                            Err(msg) => rename_error.set(Some(msg)),
                        }
                        force.force_update();
                    }
                    "Escape" => {
                        renaming.set(None);
                        rename_error.set(None);
                    }
                    _ => {}
                })
            };
            let oninput = {
                let rename_text = rename_text.clone();
                Callback::from(move |e: InputEvent| {
                    rename_text.set(e.target_unchecked_into::<HtmlInputElement>().value());
                })
            };
            return html! {
                <span class="tab active renaming" key={name.clone()}>
                    <input class="rename" id="rename-input" ref={rename_ref.clone()}
                        value={(*rename_text).clone()} {onkeydown} {oninput}
                        aria-label={format!("New name for {name}")} spellcheck="false" />
                </span>
            };
        }
        html! {
            <span class={classes!("tab", is_active.then_some("active"))} key={name.clone()}>
                <button class="tab-name" onclick={select} aria-pressed={is_active.to_string()}
                    ondblclick={start_rename.clone()}>{name}</button>
                if is_active {
                    <button class="tab-icon" title={format!("Rename {name}")} aria-label={format!("Rename {name}")}
                        onclick={start_rename}>{"✎"}</button>
                    <button class="tab-icon" title={format!("Delete {name}")} aria-label={format!("Delete {name}")}
                        onclick={delete}>{"×"}</button>
                }
            </span>
        }
    });

    let error = check(&text);
    let chunks = documents(&text);
    // The server's problems only make sense once the YAML itself is sound.
    let problems = if error.is_none() && p.validate {
        super::markers::problems(&chunks)
    } else {
        Vec::new()
    };
    let lines = text.split('\n').count().max(1);
    let width = text
        .split('\n')
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let err_line = error.as_ref().and_then(|e| e.line);
    let gutter = (1..=lines).map(|n| {
        let bad = err_line == Some(n);
        let warn = problems.iter().any(|(l, _)| *l == n);
        html! { <div class={classes!("ln", bad.then_some("bad"), warn.then_some("warn"))}>{n}</div> }
    });
    let top = |line: usize| {
        format!(
            "top: calc({} * var(--lh) + var(--pad))",
            line.saturating_sub(1)
        )
    };
    let marker = match (&error, err_line) {
        (Some(e), Some(line)) => html! {
            <div class="marker" id="yaml-marker" data-line={line.to_string()} style={top(line)}>
                <span class="marker-msg" title={e.message.clone()}>{e.message.clone()}</span>
            </div>
        },
        _ => html! {},
    };
    let validation = problems.iter().map(|(line, msgs)| {
        let msg = msgs.join("; ");
        html! {
            <div class="marker validation" data-line={line.to_string()} style={top(*line)}>
                <span class="marker-msg" title={msg.clone()}>{msg.clone()}</span>
            </div>
        }
    });
    let shown = if *json_view { None } else { hover.or(*caret) }.and_then(|line| {
        super::markers::help(&chunks, &text, line).map(|(title, desc)| (line, title, desc))
    });
    {
        // Placed once the tooltip is in the page, since where it fits depends on its size.
        let anchors = anchors.clone();
        use_effect_with(shown.clone(), move |shown| {
            if let Some((line, _, _)) = shown {
                anchors.place(*line);
            }
        });
    }
    // One node whether shown or not: children of a tag are matched from the end, and a child
    // appearing in the middle would rebuild the textarea (losing its focus and caret).
    let field_help = shown
        .as_ref()
        .map_or_else(Html::default, |(line, title, desc)| {
            html! {
                <div class="field-help" id="field-help" role="tooltip" data-line={line.to_string()}
                    ref={anchors.tip.clone()}>
                    <div class="field-help-title">{title}</div>
                    <div class="field-help-desc">{desc}</div>
                </div>
            }
        });
    let count = problems.iter().map(|(_, m)| m.len()).sum::<usize>();
    let status = match &error {
        Some(e) => html! {
            <div class="status bad" id="yaml-status" role="status">
                {match (e.line, e.col) {
                    (Some(l), Some(c)) => format!("Line {l}, column {c}: {}", e.message),
                    (Some(l), None) => format!("Line {l}: {}", e.message),
                    _ => e.message.clone(),
                }}
            </div>
        },
        None if count > 0 => {
            let first = problems
                .first()
                .and_then(|(l, m)| m.first().map(|m| format!("Line {l}: {m}")))
                .unwrap_or_default();
            let n = if count == 1 {
                "1 problem".to_string()
            } else {
                format!("{count} problems")
            };
            html! {
                <div class="status warn" id="yaml-status" role="status">
                    {format!("{n} the API server would reject · {first}")}
                </div>
            }
        }
        None => html! {
            <div class="status ok" id="yaml-status" role="status">{"YAML looks valid"}</div>
        },
    };

    let body = if *json_view {
        match as_json(&text) {
            Ok(j) => html! { <pre class="json" id="json-view" tabindex="0">{j}</pre> },
            Err(e) => html! { <pre class="json bad" id="json-view" tabindex="0">{e}</pre> },
        }
    } else {
        html! {
            <div class="code" ref={anchors.view.clone()} {onscroll}>
                <div class="gutter" aria-hidden="true" ref={anchors.gutter.clone()}>{for gutter}</div>
                <div class="field">
                    {marker}
                    {for validation}
                    <textarea id="editor" ref={anchors.textarea.clone()} value={text.clone()}
                        {oninput} {onkeydown} {onkeyup} {onfocus} {onblur}
                        {onmousemove} {onmouseleave} {onmouseup}
                        aria-describedby={shown.is_some().then_some("field-help")}
                        rows={(lines + 1).to_string()} cols={(width + 4).to_string()}
                        wrap="off" spellcheck="false" autocapitalize="off" autocomplete="off"
                        aria-label={format!("Contents of {active}")} />
                </div>
            </div>
        }
    };

    html! {
        <section class="pane editor" aria-label="Editor" ref={anchors.container.clone()}>
            <div class="pane-head tabs" role="toolbar" aria-label="Files">
                {for tabs}
                <button class="tab-new" id="new-file" onclick={new_file} title="New file" aria-label="New file">{"+"}</button>
                <span class="spacer"></span>
                <button class={classes!("btn", "quiet", json_view.then_some("on"))} id="toggle-json" onclick={toggle_json}
                    aria-pressed={json_view.to_string()}>
                    {if *json_view { "YAML" } else { "JSON" }}
                </button>
                <button class="btn primary" id="apply" onclick={apply}
                    title={format!("kubectl apply -f {active}")}>{"Apply"}</button>
            </div>
            if let Some(msg) = (*rename_error).clone() {
                <div class="status bad" role="alert">{msg}</div>
            }
            {body}
            // Outside the scrolling text, so nothing clips it: `place` keeps it inside.
            {field_help}
            {status}
        </section>
    }
}
