//! A group of pods (or a Service's endpoints): counts by status, a bar of their shares, then each
//! pod — as chips when few, as a virtualized list when many (only the rows in sight are drawn).

use std::rc::Rc;

use yew::prelude::*;

use super::open;
use crate::page::map::{fill, Kind, PodGroup, PodRow};
use crate::page::words::Words;

use super::super::state::{use_actions, use_words, Actions};

/// Up to this many pods show as chips; more as a scrolling list.
const CHIPS: usize = 12;
/// The list's row height (px, as in the style sheet) and how many rows are in sight.
const ROW: usize = 26;
const IN_SIGHT: usize = 8;
/// Rows drawn beyond the visible ones, so arrow keys always find the next one.
const OVERSCAN: usize = 3;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub group: Rc<PodGroup>,
    /// Whose pods they are (`ReplicaSet web-5d8f`), for screen readers.
    pub label: String,
}

#[function_component]
pub fn Pods(p: &Props) -> Html {
    let w = use_words();
    let actions = use_actions();
    let g = &p.group;
    let counts: Vec<String> = g
        .counts
        .iter()
        .map(|c| format!("{} {}", c.n, c.status))
        .collect();
    let summary = format!("{}: {}", g.title(w), counts.join(", "));
    html! {
        <div class="map-pods" data-total={g.total.to_string()} role="group"
            aria-label={format!("{}: {summary}", p.label)}>
            <div class="map-counts">
                <span class="map-total">{g.title(w)}</span>
                {for g.counts.iter().map(|c| html! {
                    <span class={classes!("pill", c.health.code())} data-status={c.status.clone()}>
                        {format!("{} {}", c.n, c.status)}
                    </span>
                })}
            </div>
            if g.total > 0 {
                <div class="map-bar" aria-hidden="true">
                    {for g.counts.iter().map(|c| html! {
                        <span class={c.health.code()} style={format!("flex-grow: {}", c.n)}></span>
                    })}
                </div>
            }
            if g.rows.len() <= CHIPS {
                <ul class="map-chips">{for g.rows.iter().map(|r| chip(r, &actions, w))}</ul>
            } else {
                <Rows group={g.clone()} label={p.label.clone()} />
            }
            if g.total > g.rows.len() {
                <p class="hint">{fill(w.map_more, &[&(g.total - g.rows.len())])}</p>
            }
        </div>
    }
}

fn pod_label(r: &PodRow, w: &Words) -> String {
    let mut label = format!("pod {}: {}, {}", r.name, r.status, r.ready);
    if r.restarts > 0 {
        label = format!("{label}, {}", fill(w.map_restarts, &[&r.restarts]));
    }
    if !r.node.is_empty() {
        label = format!("{label}, node {}", r.node);
    }
    label
}

fn chip(r: &PodRow, actions: &Actions, w: &Words) -> Html {
    html! {
        <li key={r.name.clone()}>
            <button class={classes!("map-pod", r.health.code())} data-nav="" data-pod={r.name.clone()}
                data-status={r.status.clone()} aria-label={pod_label(r, w)} title={pod_label(r, w)}
                onclick={open(actions, Kind::Pod, &r.namespace, &r.name)}>
                <span class="dot"></span>
                <span class="map-pod-name">{&r.name}</span>
                if r.restarts > 0 {
                    <span class="restarts">{format!("↻{}", r.restarts)}</span>
                }
            </button>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct RowsProps {
    group: Rc<PodGroup>,
    label: String,
}

/// Many pods in a box of `IN_SIGHT` rows: only those in sight (and a few around) are elements.
#[function_component]
fn Rows(p: &RowsProps) -> Html {
    let w = use_words();
    let actions = use_actions();
    let top = use_state(|| 0usize);
    let onscroll = {
        let top = top.clone();
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<web_sys::Element>();
            top.set(el.scroll_top().max(0) as usize);
        })
    };
    let rows = &p.group.rows;
    let first = (*top / ROW).saturating_sub(OVERSCAN);
    let last = (*top / ROW + IN_SIGHT + OVERSCAN).min(rows.len());
    html! {
        <div class="map-rows" {onscroll} style={format!("height: {}px", ROW * IN_SIGHT.min(rows.len()))}>
            <ul class="map-rows-inner" aria-label={p.label.clone()}
                style={format!("height: {}px", ROW * rows.len())}>
                {for rows.iter().enumerate().take(last).skip(first).map(|(k, r)| html! {
                    <li key={r.name.clone()} style={format!("top: {}px", k * ROW)}
                        aria-setsize={rows.len().to_string()} aria-posinset={(k + 1).to_string()}>
                        <button class={classes!("map-row", r.health.code())} data-nav="" data-pod={r.name.clone()}
                            aria-label={pod_label(r, w)}
                            onclick={open(&actions, Kind::Pod, &r.namespace, &r.name)}>
                            <span class="dot"></span>
                            <span class="map-pod-name">{&r.name}</span>
                            <span class="map-row-status">{&r.status}</span>
                            <span class="map-row-meta">{format!("{} · ↻{}", r.ready, r.restarts)}</span>
                        </button>
                    </li>
                })}
            </ul>
        </div>
    }
}
