//! The time bar under the header: the simulated clock with its pace, pause/resume, 10×, steps,
//! and the timeline of commands to rewind to or compare (`page::timeline` decides all of it;
//! this only draws `TimeView` and sends the time actions).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::dom::confirm;
use super::state::{use_actions, use_page, use_words, Actions};
use crate::page::timeline::{clock_text, Change, Comparison, Moment, TimeView, FAST, STEPS};
use crate::page::words::Words;
use crate::page::Action;

#[function_component]
pub fn TimeBar() -> Html {
    let Some(page) = use_page() else {
        return html! {};
    };
    let t = page.view.time.clone();
    let w = use_words();
    let actions = use_actions();
    let now = t.now.map(clock_text).unwrap_or_else(|| "--:--:--".into());
    let pace = if t.paused {
        w.time_paused.to_string()
    } else {
        format!("{}×", t.speed)
    };
    let paused = t.paused;
    let fast = t.speed >= FAST;
    html! {
        <section class="timebar" aria-label={w.time_controls} id="time-bar">
            <span class="clock" title={w.time_help} role="timer" aria-label={w.time_clock}>
                <span id="sim-clock">{now}{" UTC"}</span>
                <span id="sim-pace" class={classes!("pill", if paused { "busy" } else { "good" })}>{pace}</span>
            </span>
            <button class="btn quiet" id="time-pause"
                onclick={actions.on(move |_: MouseEvent| Some(Action::Pause(!paused)))}>
                {if paused { w.time_resume } else { w.time_pause }}
            </button>
            <button class={classes!("btn", "quiet", fast.then_some("on"))} id="time-fast"
                aria-pressed={fast.to_string()}
                title={if fast { w.time_normal } else { w.time_fast }}
                onclick={actions.on(move |_: MouseEvent| Some(Action::Speed(if fast { 1 } else { FAST })))}>
                {format!("{FAST}×")}
            </button>
            <span class="time-steps" title={w.time_step_title}>
                <span class="hint">{w.time_step}</span>
                {for STEPS.iter().map(|&s| step_button(s, &actions))}
            </span>
            if t.undo {
                <button class="btn quiet" id="rewind-undo"
                    onclick={actions.on(|_: MouseEvent| Some(Action::RewindUndo))}>{w.rewind_undo}</button>
            }
            <Timeline moments={t.moments.clone()} />
            if let Some(c) = t.compare.clone() {
                {comparison(&c, &t, &actions, w)}
            }
        </section>
    }
}

fn step_label(secs: i64) -> String {
    match secs {
        s if s % 60 == 0 => format!("+{} min", s / 60),
        s => format!("+{s} s"),
    }
}

fn step_button(secs: i64, actions: &Actions) -> Html {
    html! {
        <button class="btn quiet step" id={format!("time-step-{secs}")}
            onclick={actions.on(move |_: MouseEvent| Some(Action::Step(secs)))}>{step_label(secs)}</button>
    }
}

fn moment_label(m: &Moment, w: &Words) -> String {
    let line = match m.line.is_empty() {
        true => w.time_start,
        false => m.line.lines().next().unwrap_or_default(),
    };
    format!("{}  {line}", clock_text(m.t))
}

#[derive(Properties, PartialEq)]
struct TimelineProps {
    /// Only the moments, so the list is not redrawn as the clock moves.
    moments: std::rc::Rc<Vec<Moment>>,
}

/// The commands, newest first, each with "Rewind here"; two pickers and Compare.
#[function_component]
fn Timeline(p: &TimelineProps) -> Html {
    let w = use_words();
    let actions = use_actions();
    let from = use_node_ref();
    let to = use_node_ref();
    let moments = p.moments.clone();
    let n = moments.len();
    let value = |r: &NodeRef| {
        r.cast::<HtmlSelectElement>()
            .and_then(|s| s.value().parse::<usize>().ok())
    };
    let compare = {
        let (from, to) = (from.clone(), to.clone());
        actions.on(move |_: MouseEvent| Some(Action::Compare(Some((value(&from)?, value(&to)?)))))
    };
    let options = |selected: usize| -> Html {
        moments
            .iter()
            .enumerate()
            .map(|(i, m)| {
                html! { <option value={m.upto.to_string()} selected={i == selected}>{format!("{i}. {}", moment_label(m, w))}</option> }
            })
            .collect()
    };
    html! {
        <details class="timeline" id="timeline">
            <summary>{w.timeline}{format!(" ({})", n.saturating_sub(1))}</summary>
            <div class="timeline-body">
                <div class="compare-pick">
                    <label>{w.compare_from}{" "}
                        <select id="compare-from" ref={from}>{options(n.saturating_sub(2))}</select>
                    </label>
                    <label>{w.compare_to}{" "}
                        <select id="compare-to" ref={to}>{options(n.saturating_sub(1))}</select>
                    </label>
                    <button class="btn quiet" id="compare" onclick={compare}>{w.compare}</button>
                </div>
                <ol class="moments" reversed=true>
                    {for moments.iter().enumerate().rev().map(|(i, m)| moment_row(i, m, &actions, w))}
                </ol>
            </div>
        </details>
    }
}

fn moment_row(i: usize, m: &Moment, actions: &Actions, w: &'static Words) -> Html {
    let upto = m.upto;
    let rewind =
        actions.on(move |_: MouseEvent| confirm(w.rewind_confirm).then_some(Action::Rewind(upto)));
    let line = match m.line.is_empty() {
        true => w.time_start.to_string(),
        false => m.line.clone(),
    };
    html! {
        <li data-upto={upto.to_string()} value={i.to_string()}>
            <span class="when">{clock_text(m.t)}</span>
            <code class="line">{line}</code>
            <button class="link rewind" onclick={rewind}>{w.rewind_here}</button>
        </li>
    }
}

/// The objects that changed between two moments, each with its diff.
fn comparison(c: &Comparison, t: &TimeView, actions: &Actions, w: &'static Words) -> Html {
    let name = |upto: usize| {
        t.moments
            .iter()
            .position(|m| m.upto == upto)
            .map(|i| i.to_string())
            .unwrap_or_default()
    };
    html! {
        <div class="compare" id="comparison" role="region" aria-label={w.compare_title}>
            <div class="compare-head">
                <h3>{format!("{} {} → {}", w.compare_title, name(c.from), name(c.to))}</h3>
                <button class="btn quiet" id="compare-close"
                    onclick={actions.on(|_: MouseEvent| Some(Action::Compare(None)))}>{w.close}</button>
            </div>
            if c.diffs.is_empty() {
                <p class="hint">{w.compare_none}</p>
            }
            <ul class="diffs">
                {for c.diffs.iter().map(|d| {
                    let (class, change) = match d.change {
                        Change::Added => ("added", w.compare_added),
                        Change::Removed => ("removed", w.compare_removed),
                        Change::Changed => ("changed", w.compare_changed),
                    };
                    html! {
                        <li class={classes!("diff", class)}>
                            <details>
                                <summary><span class={classes!("pill", class)}>{change}</span>{" "}<span class="obj-name">{&d.object}</span></summary>
                                <pre>{for d.diff.lines().map(diff_line)}</pre>
                            </details>
                        </li>
                    }
                })}
            </ul>
        </div>
    }
}

fn diff_line(line: &str) -> Html {
    let class = match line.as_bytes().first() {
        Some(b'+') if !line.starts_with("+++") => "plus",
        Some(b'-') if !line.starts_with("---") => "minus",
        Some(b'@') => "hunk",
        _ => "ctx",
    };
    html! { <span class={class}>{line}{"\n"}</span> }
}
