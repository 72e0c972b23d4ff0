//! The side panel for one object: what `kubectl describe` or `kubectl get -o yaml` printed for it,
//! as the model last fetched it (on opening, after a change and every second).

use std::rc::Rc;

use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::state::{use_actions, use_words};
use crate::page::detail::{DetailView, Panel};
use crate::page::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: Rc<DetailView>,
}

/// Keyboard users land on the close button whenever an object opens.
#[hook]
fn use_focus_on_open(view: &DetailView) -> NodeRef {
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with(view.target.clone(), move |_| {
            if let Some(el) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    close_ref
}

#[function_component]
pub fn Drawer(p: &Props) -> Html {
    let close_ref = use_focus_on_open(&p.view);
    let actions = use_actions();
    let w = use_words();
    let DetailView {
        target: t,
        panel,
        command,
        text,
    } = &*p.view;
    let show = |panel: Panel| actions.on(move |_: MouseEvent| Some(Action::ShowPanel(panel)));
    let button = |which: Panel, id: &'static str, label: &'static str| {
        let on = *panel == which;
        html! {
            <button class={classes!("btn", "quiet", on.then_some("on"))} id={id}
                aria-pressed={on.to_string()} onclick={show(which)}>{label}</button>
        }
    };
    html! {
        <aside class="drawer" id="detail" aria-label={format!("{} {}", t.kind, t.name)}
            onkeydown={actions.on(|e: KeyboardEvent| (e.key() == "Escape").then_some(Action::Close))}>
            <div class="pane-head">
                <h2>{format!("{} {}", t.kind, t.name)}</h2>
                <span class="spacer"></span>
                <div class="seg" role="group" aria-label={w.view}>
                    {button(Panel::Describe, "show-describe", "describe")}
                    {button(Panel::Yaml, "show-yaml", "yaml")}
                    {button(Panel::Why, "show-why", "why")}
                </div>
                <button class="btn quiet" ref={close_ref} id="close-detail"
                    onclick={actions.on(|_: MouseEvent| Some(Action::Close))} aria-label={w.close}>{"✕"}</button>
            </div>
            <div class="command">{"$ "}{command}</div>
            <pre class="detail-text" id="detail-text" tabindex="0">{text}</pre>
        </aside>
    }
}
