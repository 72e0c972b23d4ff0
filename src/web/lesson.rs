//! The lesson panel beside the terminal: the exercise's intro, its steps (done ✓, current, to
//! do), Run buttons on its `exec` blocks, Hint, Show solution (after an attempt), Reset exercise
//! and the finish text. Everything it shows comes from `page::LessonView`; every button is an
//! `Action`.

use yew::prelude::*;

use super::dom::confirm;
use super::state::{use_actions, Actions};
use crate::page::markdown::Block;
use crate::page::words::Words;
use crate::page::{Action, LessonView, StepState, StepView};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: std::rc::Rc<LessonView>,
    pub words: &'static Words,
}

#[function_component]
pub fn LessonPanel(props: &Props) -> Html {
    let actions = use_actions();
    let (v, w) = (&props.view, props.words);
    let done = v
        .steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .count();
    let close = actions.on(|_: MouseEvent| Some(Action::CloseExercise));
    html! {
        <aside class="pane lesson" id="lesson" aria-label={w.lesson} data-exercise={v.name.clone()}>
            <div class="pane-head lesson-head">
                <h2>{w.lesson}</h2>
                <span class="lesson-count" id="lesson-count">{format!("{done}/{}", v.steps.len())}</span>
                <span class="spacer" />
                <button class="icon-btn" id="lesson-close" title={w.close_lesson}
                    aria-label={w.close_lesson} onclick={close}>{"✕"}</button>
            </div>
            <div class="lesson-body">
                <h3 class="lesson-title">{&v.title}</h3>
                <p class="lesson-meta">{format!("{} {}", v.minutes, w.minutes)}</p>
                {blocks(&v.intro, &actions, w)}
                <ol class="steps">
                    { for v.steps.iter().enumerate().map(|(i, s)| step(i, s, &actions, w)) }
                </ol>
                if let Some(finish) = &v.finish {
                    <div class="finish" id="lesson-finish" role="status">
                        <h3>{"✓ "}{w.finished}</h3>
                        {blocks(finish, &actions, w)}
                    </div>
                }
            </div>
            {help(v, &actions, w)}
        </aside>
    }
}

fn step(i: usize, s: &StepView, actions: &Actions, w: &'static Words) -> Html {
    let (class, mark, state) = match s.state {
        StepState::Done => ("step done", "✓".to_string(), w.done),
        StepState::Current => ("step current", (i + 1).to_string(), w.current),
        StepState::ToDo => ("step todo", (i + 1).to_string(), w.to_do),
    };
    html! {
        <li class={class} data-step={(i + 1).to_string()}
            aria-current={(s.state == StepState::Current).then_some("step")}>
            <div class="step-head">
                <span class="step-mark" aria-hidden="true">{mark}</span>
                <span class="step-title">{&s.title}</span>
                <span class="visually-hidden">{format!(" ({state})")}</span>
            </div>
            if s.state == StepState::Current {
                <div class="step-text">{blocks(&s.text, actions, w)}</div>
            }
        </li>
    }
}

/// The hint, the solution and the buttons under the steps, while a step is left.
fn help(v: &LessonView, actions: &Actions, w: &'static Words) -> Html {
    let reset = actions.on(move |_: MouseEvent| {
        confirm(w.reset_exercise_confirm).then_some(Action::ResetExercise)
    });
    let left = v.finish.is_none();
    html! {
        <div class="lesson-foot">
            if let Some(hint) = &v.hint {
                <div class="hint-box" id="lesson-hint" role="status">
                    <strong>{w.hint}{" · "}</strong>{blocks(hint, actions, w)}
                </div>
            }
            if let Some(solution) = &v.solution {
                <div class="solution" id="lesson-solution">
                    <strong>{w.solution}</strong>
                    <pre><code>{solution}</code></pre>
                </div>
            }
            <div class="lesson-actions">
                if left {
                    <button class="btn" id="lesson-hint-btn"
                        onclick={actions.on(|_: MouseEvent| Some(Action::Hint))}>{w.hint}</button>
                    if v.attempted && v.solution.is_none() {
                        <button class="btn" id="lesson-solution-btn"
                            onclick={actions.on(|_: MouseEvent| Some(Action::ShowSolution))}>{w.show_solution}</button>
                    }
                }
                <span class="spacer" />
                <button class="btn quiet" id="lesson-reset" onclick={reset}>{w.reset_exercise}</button>
            </div>
        </div>
    }
}

/// Markdown blocks: prose is HTML the page's renderer made from escaped text; an `exec` block
/// gets a Run button.
fn blocks(blocks: &[Block], actions: &Actions, w: &'static Words) -> Html {
    html! {
        <div class="md">
            { for blocks.iter().map(|b| match b {
                Block::Prose(html) => Html::from_html_unchecked(AttrValue::from(format!("<div class=\"prose\">{html}</div>"))),
                Block::Exec(cmd) => exec(cmd, actions, w),
            }) }
        </div>
    }
}

/// Markdown blocks to read only (the exam panel: an exam runs nothing for the candidate, so an
/// `exec` block is code without a Run button).
pub(super) fn read_only(blocks: &[Block]) -> Html {
    html! {
        <div class="md">
            { for blocks.iter().map(|b| match b {
                Block::Prose(html) => Html::from_html_unchecked(AttrValue::from(format!("<div class=\"prose\">{html}</div>"))),
                Block::Exec(cmd) => html! { <pre><code>{cmd}</code></pre> },
            }) }
        </div>
    }
}

fn exec(cmd: &str, actions: &Actions, w: &'static Words) -> Html {
    let line = cmd.to_string();
    let run = actions.on(move |_: MouseEvent| Some(Action::RunExec(line.clone())));
    html! {
        <div class="exec">
            <pre><code>{cmd}</code></pre>
            <button class="btn primary run" title={w.run_title} onclick={run}>{"▶ "}{w.run}</button>
        </div>
    }
}
