//! The map from the objects: each namespace's Ingresses, Services, workloads with their owner
//! chains, pods without an owner and what pods use; or each node with the pods placed on it.

use std::collections::HashMap;

use super::config::config;
use super::objects::{name, namespace, s, Objects};
use super::pods::{group, row};
use super::services::{ingresses, services};
use super::text::text;
use super::view::{Health, Item, Kind, MapOptions, MapView, NamespaceMap, PodRow, Section};
use super::workloads::{item, top_owners, workloads, PodsByOwner};
use crate::api::meta::ResourceExt;
use crate::page::words::Words;

/// Fewer pods without an owner than this are drawn one by one; more are one group.
const LONE_PODS_DRAWN: usize = 12;

pub fn build(o: &Objects, options: &MapOptions, w: &Words) -> MapView {
    let shown = |ns: &str| options.namespace.as_deref().is_none_or(|n| n == ns);
    let all_namespaces: Vec<String> = o.namespaces.iter().map(|v| name(v).to_string()).collect();
    let pods = o.pods.iter().filter(|p| shown(namespace(p))).count();
    let mut view = MapView {
        options: options.clone(),
        all_namespaces: all_namespaces.clone(),
        multi_node: o.nodes.len() > 1,
        pods,
        ..MapView::default()
    };
    if options.by_node {
        view.nodes = by_node(o, &shown);
    } else {
        let owners = top_owners(o);
        let mut by_owner = pods_by_owner(o, &shown);
        view.namespaces = all_namespaces
            .iter()
            .filter(|ns| shown(ns))
            .map(|ns| namespace_map(o, ns, &mut by_owner, &owners, options, w))
            .filter(|m| !m.sections.is_empty())
            .collect();
    }
    view.text = text(&view, w);
    view
}

/// Each shown pod's row under its controller's uid; pods without one under "".
fn pods_by_owner(o: &Objects, shown: &dyn Fn(&str) -> bool) -> PodsByOwner {
    let mut out: PodsByOwner = HashMap::new();
    for p in o.pods.iter().filter(|p| shown(namespace(p))) {
        let owner = p.controller_uid().unwrap_or("").to_string();
        out.entry(owner).or_default().push(row(p));
    }
    out
}

fn namespace_map(
    o: &Objects,
    ns: &str,
    pods: &mut PodsByOwner,
    owners: &super::services::Owners,
    options: &MapOptions,
    w: &Words,
) -> NamespaceMap {
    let svcs = services(o, ns, owners, w);
    let mut sections = vec![
        Section {
            title: w.map_workloads.into(),
            items: workloads(o, ns, pods, w),
            pods: None,
        },
        Section {
            title: w.map_ingresses.into(),
            items: ingresses(o, ns, &svcs, w),
            pods: None,
        },
        Section {
            title: w.map_services.into(),
            items: svcs,
            pods: None,
        },
        lone_pods(ns, pods, w),
        Section {
            title: w.map_config.into(),
            items: config(o, ns, owners, w),
            pods: None,
        },
    ];
    if let Some(kind) = options.kind {
        for sec in &mut sections {
            sec.items.retain(|it| it.kind == kind && !it.reference);
            if kind != Kind::Pod {
                sec.pods = None;
            }
        }
    }
    sections.retain(|s| !s.items.is_empty() || s.pods.is_some());
    NamespaceMap {
        name: ns.to_string(),
        sections,
    }
}

/// The pods of `ns` no drawn owner took (none, or one the store no longer has).
fn lone_pods(ns: &str, pods: &mut PodsByOwner, w: &Words) -> Section {
    let mut rows: Vec<PodRow> = Vec::new();
    for list in pods.values_mut() {
        let (mine, others): (Vec<PodRow>, Vec<PodRow>) = std::mem::take(list)
            .into_iter()
            .partition(|r| r.namespace == ns);
        *list = others;
        rows.extend(mine);
    }
    let mut sec = Section {
        title: w.map_lone_pods.into(),
        items: Vec::new(),
        pods: None,
    };
    if rows.len() < LONE_PODS_DRAWN {
        sec.items = rows.into_iter().map(pod_item).collect();
    } else {
        sec.pods = Some(group(rows));
    }
    sec
}

/// One pod drawn on its own.
fn pod_item(r: PodRow) -> Item {
    let summary = format!("{} · {}", r.status, r.ready);
    Item {
        kind: Kind::Pod,
        namespace: r.namespace,
        name: r.name,
        health: r.health,
        summary,
        note: String::new(),
        reference: false,
        children: Vec::new(),
        pods: None,
    }
}

/// Each node with its pods, then the pods not placed on any (a pseudo-node named "").
fn by_node(o: &Objects, shown: &dyn Fn(&str) -> bool) -> Vec<Item> {
    let mut on: HashMap<String, Vec<PodRow>> = HashMap::new();
    for p in o.pods.iter().filter(|p| shown(namespace(p))) {
        on.entry(s(p, "/spec/nodeName").to_string())
            .or_default()
            .push(row(p));
    }
    let mut items: Vec<Item> = o
        .nodes
        .iter()
        .map(|n| {
            let ready = super::objects::condition(n, "Ready") == "True";
            let health = if ready { Health::Good } else { Health::Bad };
            let unschedulable = n
                .pointer("/spec/unschedulable")
                .and_then(serde_json::Value::as_bool)
                == Some(true);
            let status = match (ready, unschedulable) {
                (true, false) => "Ready",
                (true, true) => "Ready,SchedulingDisabled",
                (false, false) => "NotReady",
                (false, true) => "NotReady,SchedulingDisabled",
            };
            let mut it = item(Kind::Node, n, health, status.to_string());
            it.pods = Some(group(on.remove(name(n)).unwrap_or_default()));
            it
        })
        .collect();
    if let Some(rows) = on.remove("") {
        items.push(Item {
            kind: Kind::Node,
            namespace: String::new(),
            name: String::new(),
            health: Health::Busy,
            summary: String::new(),
            note: String::new(),
            reference: true,
            children: Vec::new(),
            pods: Some(group(rows)),
        });
    }
    items
}
