//! The live cluster: node, namespaces and pods per namespace, from the API server's own tables (the
//! columns `kubectl get` prints), refreshed every second so pods visibly progress.

use yew::prelude::*;

use super::app::Shared;
use super::detail::Target;
use super::engine::{ClusterData, Row};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub engine: Shared,
    pub rev: u64,
    pub beat: u64,
    pub on_open: Callback<Option<Target>>,
    /// False for the page's first paint: the prompt comes first, the cluster's tables a frame later.
    pub live: bool,
}

fn col(cols: &[String], row: &Row, name: &str) -> String {
    cols.iter()
        .position(|c| c == name)
        .and_then(|i| row.cells.get(i))
        .cloned()
        .unwrap_or_default()
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

fn open_cb(
    on_open: &Callback<Option<Target>>,
    kind: &str,
    ns: &str,
    name: &str,
) -> Callback<MouseEvent> {
    let on_open = on_open.clone();
    let t = Target {
        kind: kind.to_string(),
        namespace: ns.to_string(),
        name: name.to_string(),
    };
    Callback::from(move |_: MouseEvent| on_open.emit(Some(t.clone())))
}

#[function_component]
pub fn ClusterView(p: &Props) -> Html {
    let data = if p.live {
        p.engine.0.borrow_mut().cluster_data()
    } else {
        ClusterData::default()
    };
    let node_cols = ["STATUS", "ROLES", "AGE", "VERSION"];
    let nodes = data.nodes.iter().map(|n| {
        // Nodes: NAME STATUS ROLES AGE VERSION.
        let cell = |i: usize| n.cells.get(i).cloned().unwrap_or_default();
        let status = cell(1);
        html! {
            <li>
                <button class="obj node" onclick={open_cb(&p.on_open, "node", "", &n.name)}
                    title={format!("Describe node {}", n.name)}>
                    <span class="obj-name">{&n.name}</span>
                    <span class={classes!("pill", status_class(&status))}>{status}</span>
                    <span class="meta">{format!("{} · {} · {}", cell(2), cell(4), cell(3))}</span>
                </button>
            </li>
        }
    });
    let _ = node_cols;
    let namespaces = data.namespaces.iter().map(|ns| {
        let pods: Vec<&Row> = data.pods.iter().filter(|r| r.namespace == ns.name).collect();
        let rows = pods.iter().map(|r| {
            let status = col(&data.pod_columns, r, "STATUS");
            let ready = col(&data.pod_columns, r, "READY");
            let restarts = col(&data.pod_columns, r, "RESTARTS");
            let age = col(&data.pod_columns, r, "AGE");
            html! {
                <li>
                    <button class="obj pod" data-pod={r.name.clone()} data-status={status.clone()}
                        onclick={open_cb(&p.on_open, "pod", &r.namespace, &r.name)}
                        title={format!("Describe pod {}", r.name)}>
                        <span class="obj-name">{&r.name}</span>
                        <span class={classes!("pill", status_class(&status))}>{status}</span>
                        <span class="meta">{format!("{ready} · {restarts} restarts · {age}")}</span>
                    </button>
                </li>
            }
        });
        let count = pods.len();
        html! {
            <details class="ns" open={count > 0} data-ns={ns.name.clone()}>
                <summary>
                    <span class="ns-name">{&ns.name}</span>
                    <span class="count">{if count == 1 { "1 pod".to_string() } else { format!("{count} pods") }}</span>
                    <button class="link" onclick={open_cb(&p.on_open, "namespace", "", &ns.name)}
                        title={format!("Describe namespace {}", ns.name)}
                        aria-label={format!("Describe namespace {}", ns.name)}>{"describe"}</button>
                </summary>
                if count > 0 {
                    <ul class="objs">{for rows}</ul>
                }
            </details>
        }
    });
    html! {
        <section class="pane cluster" aria-label="Cluster" id="cluster-view">
            <div class="pane-head">
                <h2>{"Cluster"}</h2>
                <span class="hint">{"click an object for details"}</span>
            </div>
            <div class="cluster-body">
                if !p.live {
                    <p class="hint" id="cluster-starting">{"Starting the cluster…"}</p>
                } else {
                    if let Some(e) = &data.error {
                        <div class="status bad">{e}</div>
                    }
                    <h3>{"Nodes"}</h3>
                    <ul class="objs">{for nodes}</ul>
                    <h3>{"Namespaces"}</h3>
                    {for namespaces}
                }
            </div>
        </section>
    }
}
