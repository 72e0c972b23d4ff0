//! The live cluster: node, namespaces and pods per namespace, from the API server's own tables (the
//! columns `kubectl get` prints), as the model last fetched them (after a change and every second).

use std::rc::Rc;

use yew::prelude::*;

use super::state::{use_actions, use_page, use_words, Actions};
use crate::page::detail::Target;
use crate::page::tables::{ClusterData, Row};
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
fn open(actions: &Actions, kind: &str, namespace: &str, name: &str) -> Callback<MouseEvent> {
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
            <button class="obj node" onclick={open(actions, "node", "", &n.name)}
                title={format!("Describe node {}", n.name)}>
                <span class="obj-name">{&n.name}</span>
                <span class={classes!("pill", status_class(status))}>{status}</span>
                <span class="meta">{format!("{} · {} · {}", n.cell(2), n.cell(4), n.cell(3))}</span>
            </button>
        </li>
    }
}

/// A namespace with its pods, open when it has any.
fn namespace(data: &ClusterData, name: &str, actions: &Actions, w: &'static Words) -> Html {
    let pods: Vec<&Row> = data.pods_in(name).collect();
    let count = pods.len();
    html! {
        <details class="ns" open={count > 0} data-ns={name.to_string()}>
            <summary>
                <span class="ns-name">{name}</span>
                <span class="count">{if count == 1 { "1 pod".to_string() } else { format!("{count} pods") }}</span>
                <button class="link" onclick={open(actions, "namespace", "", name)}
                    title={format!("{} {name}", w.describe_namespace)}
                    aria-label={format!("{} {name}", w.describe_namespace)}>{"describe"}</button>
            </summary>
            if count > 0 {
                <ul class="objs">{for pods.iter().map(|r| pod(data, r, actions))}</ul>
            }
        </details>
    }
}

fn pod(data: &ClusterData, r: &Row, actions: &Actions) -> Html {
    let cell = |name: &str| data.pod_cell(r, name);
    let status = cell("STATUS");
    html! {
        <li>
            <button class="obj pod" data-pod={r.name.clone()} data-status={status.clone()}
                onclick={open(actions, "pod", &r.namespace, &r.name)}
                title={format!("Describe pod {}", r.name)}>
                <span class="obj-name">{&r.name}</span>
                <span class={classes!("pill", status_class(&status))}>{status}</span>
                <span class="meta">{format!("{} · {} restarts · {}", cell("READY"), cell("RESTARTS"), cell("AGE"))}</span>
            </button>
        </li>
    }
}
