//! The live cluster: node, namespaces and pods per namespace, from the API server's own tables (the
//! columns `kubectl get` prints), as the model last fetched them (after a change and every second).

use std::rc::Rc;

use yew::prelude::*;

use super::state::{use_actions, use_page, use_words, Actions};
use crate::page::detail::Target;
use crate::page::tables::{rows_in_view, ClusterData, Row, ROW_PX, VISIBLE_ROWS};
use crate::page::words::Words;
use crate::page::Action;

#[function_component]
pub fn ClusterView() -> Html {
    let data = use_page().and_then(|p| p.view.cluster.clone());
    let w = use_words();
    html! {
        <section class="pane cluster" aria-label={w.cluster} id="cluster-view">
            <div class="pane-head">
                <h2>{w.cluster}</h2>
                <super::map::ViewTabs />
                <span class="hint">{w.cluster_hint}</span>
            </div>
            <div class="cluster-body">
                if let Some(data) = data {
                    <Tables {data} words={w} />
                } else {
                    <p class="hint" id="cluster-starting">{w.cluster_starting}</p>
                }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TablesProps {
    data: Rc<ClusterData>,
    words: &'static Words,
}

/// The tables, redrawn only when the data changed.
#[function_component]
fn Tables(p: &TablesProps) -> Html {
    let actions = use_actions();
    let (data, w) = (&p.data, p.words);
    html! {
        <>
            if let Some(e) = &data.error {
                <div class="status bad">{e}</div>
            }
            <h3>{w.nodes}</h3>
            <ul class="objs">{for data.nodes.iter().map(|n| node(n, &actions))}</ul>
            <h3>{w.namespaces}</h3>
            {for data.namespaces.iter().map(|ns| namespace(data, &ns.name, &actions, w))}
        </>
    }
}

/// A click that opens the object panel on one object.
fn open_on(actions: &Actions, kind: &str, namespace: &str, name: &str) -> Callback<MouseEvent> {
    let target = Target {
        kind: kind.to_string(),
        namespace: namespace.to_string(),
        name: name.to_string(),
    };
    actions.on(move |_: MouseEvent| Some(Action::Open(target.clone())))
}

fn status_class(status: &str) -> &'static str {
    match status {
        "Running" | "Ready" | "Active" => "good",
        "Completed" | "Succeeded" => "done",
        "Pending" | "ContainerCreating" | "PodInitializing" | "Terminating" => "busy",
        s if s.starts_with("Init:") => "busy",
        _ => "bad",
    }
}

/// A node row: NAME STATUS ROLES AGE VERSION.
fn node(n: &Row, actions: &Actions) -> Html {
    let status = n.cell(1);
    html! {
        <li>
            <button class="obj node" onclick={open_on(actions, "node", "", &n.name)}
                title={format!("Describe node {}", n.name)}>
                <span class="obj-name">{&n.name}</span>
                <span class={classes!("pill", status_class(status))}>{status}</span>
                <span class="meta">{format!("{} · {} · {}", n.cell(2), n.cell(4), n.cell(3))}</span>
            </button>
        </li>
    }
}

/// Namespaces with more pods than this start collapsed, showing only their count.
const COLLAPSE_OVER: usize = 50;
/// A namespace with its pods: open when it has some but not too many, as the user left it once
/// opened or closed.
fn namespace(data: &Rc<ClusterData>, name: &str, actions: &Actions, w: &'static Words) -> Html {
    html! {
        <Namespace key={name.to_string()} data={data.clone()} name={name.to_string()}
            actions={actions.clone()} words={w} />
    }
}

#[derive(Properties, PartialEq)]
struct NamespaceProps {
    data: Rc<ClusterData>,
    name: String,
    actions: Actions,
    words: &'static Words,
}

#[function_component]
fn Namespace(p: &NamespaceProps) -> Html {
    // What the user chose by opening or closing it; until then it follows its count.
    let chosen = use_state(|| None::<bool>);
    let name = &p.name;
    let count = p.data.pods_in(name).count();
    let open = chosen.unwrap_or(count > 0 && count <= COLLAPSE_OVER);
    let ontoggle = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let now = e
                .target_unchecked_into::<web_sys::Element>()
                .has_attribute("open");
            if *chosen != Some(now) && (chosen.is_some() || now != open) {
                chosen.set(Some(now));
            }
        })
    };
    html! {
        <details class="ns" {open} data-ns={name.clone()} data-count={count.to_string()} {ontoggle}>
            <summary>
                <span class="ns-name">{name}</span>
                <span class="count">{if count == 1 { "1 pod".to_string() } else { format!("{count} pods") }}</span>
                <button class="link" onclick={open_on(&p.actions, "namespace", "", name)}
                    title={format!("{} {name}", p.words.describe_namespace)}
                    aria-label={format!("{} {name}", p.words.describe_namespace)}>{"describe"}</button>
            </summary>
            if count > 0 && open {
                <Pods data={p.data.clone()} namespace={name.clone()} {count} actions={p.actions.clone()} />
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct PodsProps {
    data: Rc<ClusterData>,
    namespace: String,
    count: usize,
    actions: Actions,
}

/// A namespace's pods as a list that draws only the rows its scroll position shows.
#[function_component]
fn Pods(p: &PodsProps) -> Html {
    let scroll = use_state(|| 0usize);
    let onscroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let top = e.target_unchecked_into::<web_sys::Element>().scroll_top();
            scroll.set(usize::try_from(top).unwrap_or(0));
        })
    };
    let (first, last) = rows_in_view(*scroll, p.count);
    let height = p.count.min(VISIBLE_ROWS) * ROW_PX;
    let rows = p
        .data
        .pods_in(&p.namespace)
        .enumerate()
        .skip(first)
        .take(last - first)
        .map(|(i, r)| {
            html! {
                <PodRow key={r.name.clone()} row={r.clone()} top={i * ROW_PX}
                    status={p.data.pod_cell(r, "STATUS")} ready={p.data.pod_cell(r, "READY")}
                    restarts={p.data.pod_cell(r, "RESTARTS")} age={p.data.pod_cell(r, "AGE")}
                    actions={p.actions.clone()} />
            }
        });
    html! {
        <div class="pods-scroll" style={format!("height:{height}px")} {onscroll}>
            <ul class="objs virtual" style={format!("height:{}px", p.count * ROW_PX)}>
                {for rows}
            </ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PodRowProps {
    row: Row,
    top: usize,
    status: String,
    ready: String,
    restarts: String,
    age: String,
    actions: Actions,
}

/// One pod: drawn again only when its row (its resourceVersion, its age) or place changed.
#[function_component]
fn PodRow(p: &PodRowProps) -> Html {
    let r = &p.row;
    html! {
        <li style={format!("top:{}px", p.top)}>
            <button class="obj pod" data-pod={r.name.clone()} data-status={p.status.clone()}
                onclick={open_on(&p.actions, "pod", &r.namespace, &r.name)}
                title={format!("Describe pod {}", r.name)}>
                <span class="obj-name">{&r.name}</span>
                <span class={classes!("pill", status_class(&p.status))}>{&p.status}</span>
                <span class="meta">{format!("{} · {} restarts · {}", p.ready, p.restarts, p.age)}</span>
            </button>
        </li>
    }
}
