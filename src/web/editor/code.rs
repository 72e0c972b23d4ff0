//! The open file's text: line numbers, the markers at their lines, the textarea over its
//! highlighted copy, and the field help tooltip next to it.

use std::rc::Rc;

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::super::state::use_actions;
use super::help::use_field_help;
use super::indent::use_indent;
use super::mirror::use_mirror;
use super::placement::Anchors;
use crate::page::markers::Markers;
use crate::page::{Action, EditorView};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub editor: Rc<EditorView>,
    pub markers: Rc<Markers>,
    pub anchors: Rc<Anchors>,
}

#[function_component]
pub fn Code(p: &Props) -> Html {
    let help = use_field_help(&p.anchors, &p.editor);
    let indent = use_indent(&p.editor.active);
    // Ctrl-S in the file a `kubectl edit` waits for saves it, as the editor kubectl runs would.
    let saves = p.editor.editing.as_deref() == Some(p.editor.active.as_str());
    let save = use_actions().on(move |e: KeyboardEvent| {
        let ctrl_s = (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("s");
        (saves && ctrl_s).then(|| {
            e.prevent_default();
            Action::SaveEdit
        })
    });
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        save.emit(e.clone());
        indent.emit(e);
    });
    let oninput = {
        let follow_caret = help.oninput.clone();
        let name = p.editor.active.clone();
        use_actions().on(move |e: InputEvent| {
            let el = e.target_unchecked_into::<HtmlTextAreaElement>();
            follow_caret.emit(el.clone());
            Some(Action::Edit {
                name: name.clone(),
                text: el.value(),
            })
        })
    };
    // Another file (a `kubectl edit` reopened with its errors at the top) shows from its start.
    {
        let view = p.anchors.view.clone();
        use_effect_with(p.editor.active.clone(), move |_| {
            if let Some(el) = view.cast::<web_sys::Element>() {
                el.set_scroll_top(0);
            }
        });
    }
    let text = &p.editor.text;
    let mirror = use_mirror(text, &p.anchors.view);
    let onscroll = {
        let (help, mirror) = (help.onscroll.clone(), mirror.onscroll.clone());
        Callback::from(move |e: Event| {
            help.emit(e);
            mirror.emit(());
        })
    };
    let lines = text.split('\n').count().max(1);
    let width = text
        .split('\n')
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let a = &p.anchors;
    // One node whether shown or not: children of a tag are matched from the end, and a child
    // appearing in the middle would rebuild the textarea (losing its focus and caret).
    let tooltip = help
        .shown
        .as_ref()
        .as_ref()
        .map_or_else(Html::default, |(line, title, desc)| {
            html! {
                <div class="field-help" id="field-help" role="tooltip" data-line={line.to_string()}
                    ref={a.tip.clone()}>
                    <div class="field-help-title">{title}</div>
                    <div class="field-help-desc">{desc}</div>
                </div>
            }
        });
    html! {
        <>
            <div class="code" ref={a.view.clone()} {onscroll}>
                <Gutter {lines} markers={p.markers.clone()} node={a.gutter.clone()} />
                <div class="field">
                    {marker_lines(&p.markers)}
                    {mirror.html}
                    <textarea id="editor" ref={a.textarea.clone()} value={text.clone()}
                        {oninput} {onkeydown} onkeyup={help.onkeyup} onfocus={help.onfocus}
                        onblur={help.onblur} onmousemove={help.onmousemove}
                        onmouseleave={help.onmouseleave} onmouseup={help.onmouseup}
                        aria-describedby={help.shown.is_some().then_some("field-help")}
                        readonly={p.editor.readonly}
                        rows={(lines + 1).to_string()} cols={(width + 4).to_string()}
                        wrap="off" spellcheck="false" autocapitalize="off" autocomplete="off"
                        aria-label={format!("Contents of {}", p.editor.active)} />
                </div>
            </div>
            // Outside the scrolling text, so nothing clips it: `place` keeps it inside.
            {tooltip}
        </>
    }
}

#[derive(Properties, PartialEq)]
struct GutterProps {
    lines: usize,
    markers: Rc<Markers>,
    node: NodeRef,
}

/// Line numbers, the YAML error's line and the lines with problems marked. A component of its
/// own so that a keystroke which changes neither the line count nor the markers does not draw
/// a long file's numbers again.
#[function_component]
fn Gutter(p: &GutterProps) -> Html {
    let (lines, markers, gutter) = (p.lines, &p.markers, &p.node);
    let bad_line = markers.error_line();
    let numbers = (1..=lines).map(|n| {
        let bad = bad_line == Some(n);
        let warn = markers.has_problem_on(n);
        html! { <div class={classes!("ln", bad.then_some("bad"), warn.then_some("warn"))}>{n}</div> }
    });
    html! {
        <div class="gutter" aria-hidden="true" ref={gutter.clone()}>{for numbers}</div>
    }
}

/// The messages, each on its line: the YAML error, then the API server's problems.
fn marker_lines(m: &Markers) -> Html {
    let top = |line: usize| {
        format!(
            "top: calc({} * var(--lh) + var(--pad))",
            line.saturating_sub(1)
        )
    };
    let error = match (&m.error, m.error_line()) {
        (Some(e), Some(line)) => html! {
            <div class="marker" id="yaml-marker" data-line={line.to_string()} style={top(line)}>
                <span class="marker-msg" title={e.message.clone()}>{e.message.clone()}</span>
            </div>
        },
        _ => html! {},
    };
    let problems = m.problems.iter().map(|(line, msgs)| {
        let msg = msgs.join("; ");
        html! {
            <div class="marker validation" data-line={line.to_string()} style={top(*line)}>
                <span class="marker-msg" title={msg.clone()}>{msg.clone()}</span>
            </div>
        }
    });
    html! { <>{error}{for problems}</> }
}
