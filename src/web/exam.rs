//! The exam panel, in the lesson's place: while it runs, the countdown, a tab per task and the
//! task's texts (never a check, hint, solution or ✓), Finish; once it is over, the score: the
//! total, each task and step with its points, each check passed or missed with its weight, and
//! the hint of what was missed. Everything comes from `page::ExamView`; every button is an
//! `Action`.

use yew::prelude::*;

use super::dom::confirm;
use super::lesson::read_only;
use super::state::{use_actions, Actions};
use crate::page::markdown::render;
use crate::page::words::Words;
use crate::page::{countdown, Action, CheckScore, ExamTaskView, ExamView, ExerciseScore, Score};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: std::rc::Rc<ExamView>,
    pub words: &'static Words,
}

/// Under five minutes left, the countdown turns to a warning colour.
const LOW: i64 = 5 * 60;

#[function_component]
pub fn ExamPanel(props: &Props) -> Html {
    let actions = use_actions();
    let (v, w) = (&props.view, props.words);
    let running = v.score.is_none();
    let leave = actions.on(move |_: MouseEvent| {
        (!running || confirm(w.leave_exam_confirm)).then_some(Action::LeaveExam)
    });
    let timer = if running {
        countdown(v.remaining)
    } else {
        w.time_up.to_string()
    };
    let low = running && v.remaining <= LOW;
    html! {
        <aside class="pane lesson exam" id="exam" aria-label={w.exam}
            data-task={(v.current + 1).to_string()} data-remaining={v.remaining.to_string()}>
            <div class="pane-head lesson-head">
                <h2>{w.exam}</h2>
                if running {
                    <span class={classes!("timer", low.then_some("low"))} id="exam-timer"
                        role="timer" aria-label={w.time_left} title={w.time_left}>{timer}</span>
                }
                <span class="spacer" />
                <button class="icon-btn" id="exam-leave" title={w.leave_exam}
                    aria-label={w.leave_exam} onclick={leave}>{"✕"}</button>
            </div>
            if let Some(score) = &v.score {
                {score_body(score, w)}
            } else {
                {tabs(v, &actions, w)}
                if let Some(task) = v.tasks.get(v.current) {
                    {task_body(v, task, w)}
                }
            }
            {foot(running, &actions, w)}
        </aside>
    }
}

/// A tab per task; the chosen one's cluster is the terminal's.
fn tabs(v: &ExamView, actions: &Actions, w: &'static Words) -> Html {
    html! {
        <nav class="exam-tasks" aria-label={w.tasks}>
            <span class="exam-tasks-label" aria-hidden="true">{w.tasks}</span>
            { for v.tasks.iter().enumerate().map(|(i, t)| {
                let on = i == v.current;
                html! {
                    <button class={classes!("btn", "quiet", "task-tab", on.then_some("on"))}
                        data-task={(i + 1).to_string()} title={t.title.clone()}
                        aria-label={format!("{} {}: {}", w.task, i + 1, t.title)}
                        aria-pressed={on.to_string()}
                        onclick={actions.on(move |_: MouseEvent| Some(Action::ExamTask(i)))}>
                        {i + 1}
                    </button>
                }
            }) }
        </nav>
    }
}

fn task_body(v: &ExamView, t: &ExamTaskView, w: &'static Words) -> Html {
    html! {
        <div class="lesson-body" id="exam-task">
            <p class="lesson-meta">
                {format!("{} {}/{} · {} {} · {} {}", w.task, v.current + 1, v.tasks.len(),
                    t.points, if t.points == 1 { w.point } else { w.points }, v.minutes, w.minutes)}
            </p>
            <h3 class="lesson-title">{&t.title}</h3>
            {read_only(&t.intro)}
            <ol class="steps">
                { for t.steps.iter().enumerate().map(|(i, (title, body))| html! {
                    <li class="step exam-step" data-step={(i + 1).to_string()}>
                        <div class="step-head">
                            <span class="step-mark" aria-hidden="true">{i + 1}</span>
                            <span class="step-title">{title}</span>
                        </div>
                        <div class="step-text">{read_only(body)}</div>
                    </li>
                }) }
            </ol>
        </div>
    }
}

fn score_body(s: &Score, w: &'static Words) -> Html {
    html! {
        <div class="lesson-body" id="exam-score">
            <div class={classes!("score-total", (s.earned == s.total).then_some("full"))} role="status">
                <span class="score-percent" id="exam-percent">{format!("{}%", s.percent())}</span>
                <span class="score-points">{format!("{} · {}/{} {}", w.score, s.earned, s.total, w.points)}</span>
            </div>
            { for s.exercises.iter().enumerate().map(|(i, e)| task_score(i, e, w)) }
        </div>
    }
}

fn task_score(i: usize, e: &ExerciseScore, w: &'static Words) -> Html {
    let full = e.earned == e.total;
    html! {
        <section class={classes!("score-task", if full { "passed" } else { "missed" })}
            data-task={(i + 1).to_string()}>
            <h4>
                <span>{format!("{} {} · {}", w.task, i + 1, e.title)}</span>
                <span class="score-pts">{format!("{}/{}", e.earned, e.total)}</span>
            </h4>
            <ul class="score-checks">
                { for e.steps.iter().flat_map(|step| step.checks.iter().map(move |c| check(&step.title, c, w))) }
            </ul>
        </section>
    }
}

/// One check: ✓ or ✗, its step, its weight, and for a missed one its hint.
fn check(step: &str, c: &CheckScore, w: &'static Words) -> Html {
    let (class, mark, state) = if c.passed {
        ("check passed", "✓", w.passed)
    } else {
        ("check missed", "✗", w.missed)
    };
    let pts = format!(
        "{} {}",
        c.weight,
        if c.weight == 1 { w.point } else { w.points }
    );
    html! {
        <li class={class}>
            <div class="check-head">
                <span class="check-mark" aria-hidden="true">{mark}</span>
                <span class="check-step">{step}</span>
                <span class="visually-hidden">{format!(" ({state})")}</span>
                <span class="score-pts">{pts}</span>
            </div>
            if let Some(hint) = &c.hint {
                <div class="hint-box">{read_only(&render(hint))}</div>
            }
        </li>
    }
}

fn foot(running: bool, actions: &Actions, w: &'static Words) -> Html {
    let finish = actions
        .on(move |_: MouseEvent| confirm(w.finish_exam_confirm).then_some(Action::FinishExam));
    let restart = actions
        .on(move |_: MouseEvent| confirm(w.restart_exam_confirm).then_some(Action::RestartExam));
    html! {
        <div class="lesson-foot">
            <div class="lesson-actions">
                if running {
                    <button class="btn primary" id="exam-finish" onclick={finish}>{w.finish_exam}</button>
                }
                <span class="spacer" />
                <button class="btn quiet" id="exam-restart" onclick={restart}>{w.restart_exam}</button>
                if !running {
                    <button class="btn" id="exam-leave-btn"
                        onclick={actions.on(|_: MouseEvent| Some(Action::LeaveExam))}>{w.leave_exam}</button>
                }
            </div>
        </div>
    }
}
