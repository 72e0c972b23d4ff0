//! The map of the cluster: the model's `MapView` drawn as nested lists a trainer would draw on a
//! whiteboard — owner chains, Services with their endpoints, Ingresses, what pods use, or pods on
//! their nodes — with filters, arrow-key navigation and a text version. A click (or Enter) opens
//! the same object panel as the tables.

mod nav;
mod pods;

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::state::{use_actions, use_page, use_words, Actions};
use crate::page::detail::Target;
use crate::page::map::{ClusterTab, Item, Kind, MapOptions, MapView, NamespaceMap};
use crate::page::words::Words;
use crate::page::Action;
use pods::Pods;

/// The pane's two views, List and Map: shown in both panes' heads.
#[function_component]
pub fn ViewTabs() -> Html {
    let tab = use_page().map(|p| p.view.cluster_tab).unwrap_or_default();
    let actions = use_actions();
    let w = use_words();
    let button = |which: ClusterTab, id: &'static str, label: &'static str| {
        let on = tab == which;
        html! {
            <button class={classes!("btn", "quiet", "tab-btn", on.then_some("on"))} {id}
                aria-pressed={on.to_string()}
                onclick={actions.on(move |_: MouseEvent| Some(Action::ClusterTab(which)))}>{label}</button>
        }
    };
    html! {
        <div class="seg view-tabs" role="group" aria-label={w.view}>
            {button(ClusterTab::List, "tab-list", w.list_tab)}
            {button(ClusterTab::Map, "tab-map", w.map_tab)}
        </div>
    }
}

#[function_component]
pub fn MapPane() -> Html {
    let map = use_page().and_then(|p| p.view.map.clone());
    let w = use_words();
    html! {
        <section class="pane cluster map-pane" aria-label={w.map_title} id="cluster-map">
            <div class="pane-head">
                <h2>{w.cluster}</h2>
                <ViewTabs />
                <span class="hint">{w.map_keys}</span>
            </div>
            if let Some(map) = map {
                <Map {map} words={w} />
            } else {
                <p class="hint map-starting">{w.cluster_starting}</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MapProps {
    map: Rc<MapView>,
    words: &'static Words,
}

/// The filters, the tree and its text version, redrawn only when the map changed.
#[function_component]
fn Map(p: &MapProps) -> Html {
    let actions = use_actions();
    let (m, w) = (&p.map, p.words);
    html! {
        <>
            {filters(m, &actions, w)}
            <div class="map-body" id="map-body" onkeydown={Callback::from(nav::keydown)}>
                if m.options.by_node {
                    <ul class="map-list map-nodes" aria-label={w.map_by_node}>
                        {for m.nodes.iter().map(|n| item(n, &actions, w))}
                    </ul>
                } else {
                    {for m.namespaces.iter().map(|ns| namespace(ns, &actions, w))}
                }
                if m.namespaces.is_empty() && m.nodes.is_empty() {
                    <p class="hint">{w.map_empty}</p>
                }
                <details class="map-text">
                    <summary>{w.map_text}</summary>
                    <pre id="map-text">{&m.text}</pre>
                </details>
            </div>
        </>
    }
}

/// Namespace, kind and layout: each change is the map's new options.
fn filters(m: &MapView, actions: &Actions, w: &'static Words) -> Html {
    let o = m.options.clone();
    let with = move |f: fn(&mut MapOptions, String)| {
        let o = o.clone();
        actions.on(move |e: Event| {
            let mut o = o.clone();
            f(
                &mut o,
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            );
            Some(Action::MapOptions(o))
        })
    };
    let ns_change = with(|o, v| o.namespace = (!v.is_empty()).then_some(v));
    let kind_change = with(|o, v| o.kind = Kind::from_kubectl(&v));
    let layout = |by_node: bool, id: &'static str, label: &'static str| {
        let mut next = m.options.clone();
        next.by_node = by_node;
        let on = m.options.by_node == by_node;
        html! {
            <button class={classes!("btn", "quiet", on.then_some("on"))} {id} aria-pressed={on.to_string()}
                onclick={actions.on(move |_: MouseEvent| Some(Action::MapOptions(next.clone())))}>{label}</button>
        }
    };
    let ns = m.options.namespace.as_deref().unwrap_or("");
    html! {
        <div class="map-filters">
            <select class="picker" id="map-namespace" aria-label={w.map_namespace} onchange={ns_change}>
                <option value="" selected={ns.is_empty()}>{w.map_all_namespaces}</option>
                {for m.all_namespaces.iter().map(|n| html! {
                    <option value={n.clone()} selected={n == ns}>{n}</option>
                })}
            </select>
            <select class="picker" id="map-kind" aria-label={w.map_kind} onchange={kind_change}
                disabled={m.options.by_node}>
                <option value="" selected={m.options.kind.is_none()}>{w.map_all_kinds}</option>
                {for Kind::FILTERS.iter().map(|k| html! {
                    <option value={k.kubectl()} selected={m.options.kind == Some(*k)}>{k.name()}</option>
                })}
            </select>
            <div class="seg" role="group" aria-label={w.map_layout}>
                {layout(false, "map-by-owner", w.map_by_owner)}
                {layout(true, "map-by-node", w.map_by_node)}
            </div>
        </div>
    }
}

/// A namespace with its sections; the cluster's own namespaces start folded.
fn namespace(ns: &NamespaceMap, actions: &Actions, w: &'static Words) -> Html {
    let label = format!("namespace {}", ns.name);
    html! {
        <details class="map-ns" open={!ns.name.starts_with("kube-")} data-ns={ns.name.clone()}>
            <summary data-nav="" aria-label={label.clone()}>
                <span class="map-kind">{"ns"}</span><span class="map-name">{&ns.name}</span>
            </summary>
            {for ns.sections.iter().map(|sec| html! {
                <section class="map-sec" aria-label={format!("{}: {}", ns.name, sec.title)}>
                    <h4>{&sec.title}</h4>
                    if !sec.items.is_empty() {
                        <ul class="map-list">{for sec.items.iter().map(|it| item(it, actions, w))}</ul>
                    }
                    if let Some(group) = sec.pods.clone() {
                        <Pods {group} label={sec.title.clone()} />
                    }
                </section>
            })}
        </details>
    }
}

/// A click that opens the object panel on one object.
pub(super) fn open(
    actions: &Actions,
    kind: Kind,
    namespace: &str,
    name: &str,
) -> Callback<MouseEvent> {
    let target = Target {
        kind: kind.kubectl().to_string(),
        namespace: namespace.to_string(),
        name: name.to_string(),
    };
    actions.on(move |_: MouseEvent| Some(Action::Open(target.clone())))
}

/// One object, what it owns or leads to, and its pods.
fn item(it: &Item, actions: &Actions, w: &'static Words) -> Html {
    let title = if it.name.is_empty() {
        w.map_unscheduled.to_string()
    } else {
        it.name.clone()
    };
    let mut label = format!("{} {title}", it.kind.name());
    for part in [&it.summary, &it.note] {
        if !part.is_empty() {
            label = format!("{label}; {part}");
        }
    }
    let obj = if it.name.is_empty() {
        html! { <div class="map-obj" data-nav="" tabindex="0" aria-label={label}><span class="map-name">{title}</span></div> }
    } else {
        html! {
            <button class="map-obj" data-nav="" aria-label={label}
                onclick={open(actions, it.kind, &it.namespace, &it.name)}>
                <span class={classes!("map-kind", it.kind.kubectl().to_string())}>{it.kind.short()}</span>
                <span class="map-name">{title}</span>
                <span class={classes!("map-sum", it.health.code())}>{&it.summary}</span>
                if !it.note.is_empty() {
                    <span class="map-note">{&it.note}</span>
                }
            </button>
        }
    };
    html! {
        <li key={format!("{}/{}/{}", it.kind.kubectl(), it.name, if it.reference { &it.summary } else { "" })}
            class={classes!("map-item", it.health.code(), it.reference.then_some("ref"))}
            data-kind={it.kind.kubectl()} data-name={it.name.clone()}>
            {obj}
            if !it.children.is_empty() {
                <ul class="map-list map-children">{for it.children.iter().map(|c| item(c, actions, w))}</ul>
            }
            if let Some(group) = it.pods.clone() {
                <Pods {group} label={format!("{} {}", it.kind.name(), it.name)} />
            }
        </li>
    }
}
