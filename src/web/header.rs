//! The bar across the top: the name and the cluster's profile, what went wrong with storage, the exercise picker, the
//! language switch and "Reset cluster".

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::dom::confirm;
use super::state::Actions;
use crate::page::words::{words, Lang, Words};
use crate::page::{is_troubleshooting, Action, View, TROUBLESHOOTING};

pub fn header(view: &View, actions: &Actions) -> Html {
    let w = words(view.lang);
    let reset = actions
        .on(move |_: MouseEvent| confirm(w.reset_cluster_confirm).then_some(Action::ResetCluster));
    html! {
        <header class="bar">
            <div class="brand">
                <span class="logo" aria-hidden="true">{"⎈"}</span>
                <span class="name">{"kubeplay"}</span>
                <span class="sub" id="subtitle">{w.subtitle}{" · "}{&view.profile}</span>
            </div>
            <div class="actions">
                if let Some(n) = &view.notice {
                    <span class="notice" role="status" id="storage-notice">{n}</span>
                }
                {picker(view, actions, w)}
                {lang_switch(view.lang, actions, w)}
                <button class="btn quiet" id="share" title={w.share_title}
                    onclick={actions.on(|_: MouseEvent| Some(Action::Share))}>{w.share}</button>
                <button class="btn quiet" id="reset-cluster" onclick={reset}>{w.reset_cluster}</button>
            </div>
        </header>
    }
}

/// The picker's value for its exam.
const EXAM: &str = "exam:troubleshooting";

/// The bundled exercises, then an exam of the "fix it" ones; choosing one opens it.
fn picker(view: &View, actions: &Actions, w: &'static Words) -> Html {
    let open = view.lesson.as_ref().map(|l| l.name.clone());
    // An exam in progress keeps its clusters: no exercise opens over it.
    let exam = view.exam.as_ref().is_some_and(|e| e.score.is_none());
    let troubleshooting = view
        .exam
        .as_ref()
        .is_some_and(|e| is_troubleshooting(e.tasks.iter().map(|t| t.name.as_str())));
    let onchange = actions.on(|e: Event| {
        let name = e.target_unchecked_into::<HtmlSelectElement>().value();
        match name.as_str() {
            "" => None,
            EXAM => Some(Action::OpenExam(
                TROUBLESHOOTING.iter().map(|n| n.to_string()).collect(),
            )),
            _ => Some(Action::OpenExercise(name)),
        }
    });
    html! {
        <select class="picker" id="exercise-picker" aria-label={w.exercises_pick} disabled={exam} {onchange}>
            <option value="" selected={open.is_none() && view.exam.is_none()} disabled=true>{w.exercises}{"…"}</option>
            { for view.catalog.iter().map(|e| html! {
                <option value={e.name.clone()} selected={open.as_deref() == Some(e.name.as_str())}>
                    {format!("{}{}", if e.finished { "✓ " } else { "" }, e.title)}
                </option>
            }) }
            <option value={EXAM} selected={troubleshooting}>
                {w.troubleshooting_exam}
            </option>
            if view.exam.is_some() && !troubleshooting {
                <option value="" selected=true disabled=true>{w.exam}</option>
            }
        </select>
    }
}

fn lang_switch(lang: Lang, actions: &Actions, w: &'static Words) -> Html {
    let button = |to: Lang, label: &'static str| {
        let on = lang == to;
        html! {
            <button class={classes!("btn", "quiet", on.then_some("on"))} id={format!("lang-{}", to.code())}
                lang={to.code()} aria-pressed={on.to_string()}
                onclick={actions.on(move |_: MouseEvent| Some(Action::SetLang(to)))}>{label}</button>
        }
    };
    html! {
        <div class="seg lang-switch" role="group" aria-label={w.language}>
            {button(Lang::En, "EN")}
            {button(Lang::Fr, "FR")}
        </div>
    }
}
