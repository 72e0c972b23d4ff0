//! Services with their selector and the endpoints their EndpointSlices found (ready or not), and
//! Ingresses pointing at Services.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use serde_json::Value;

use super::objects::{fill, list, name, namespace, s, Objects};
use super::pods::group;
use super::view::{Health, Item, Kind, PodRow};
use super::workloads::item;
use crate::api::meta::ResourceExt;
use crate::api::selector::LabelSelector;
use crate::page::words::Words;

/// Each pod's top owner (`deployment web`), by namespace and pod name.
pub type Owners = HashMap<(String, String), String>;

pub fn services(o: &Objects, ns: &str, owners: &Owners, w: &Words) -> Vec<Item> {
    o.services
        .iter()
        .filter(|v| namespace(v) == ns)
        .map(|svc| service(svc, o, owners, w))
        .collect()
}

/// The endpoints of the slices labelled with the Service's name, as rows.
fn endpoints(svc: &Value, o: &Objects, w: &Words) -> Vec<PodRow> {
    let (ns, svc_name) = (namespace(svc), name(svc));
    let mut rows = Vec::new();
    for slice in o.slices.iter().filter(|v| namespace(v) == ns) {
        if slice.label("kubernetes.io/service-name") != Some(svc_name) {
            continue;
        }
        for ep in list(slice, "/endpoints") {
            let ready = ep.pointer("/conditions/ready").and_then(Value::as_bool) != Some(false);
            let address = list(ep, "/addresses")
                .first()
                .and_then(Value::as_str)
                .unwrap_or("");
            let target = s(ep, "/targetRef/name");
            rows.push(PodRow {
                namespace: ns.to_string(),
                name: if target.is_empty() { address } else { target }.to_string(),
                status: if ready {
                    w.map_ep_ready
                } else {
                    w.map_ep_not_ready
                }
                .to_string(),
                health: if ready { Health::Good } else { Health::Busy },
                ready: address.to_string(),
                restarts: 0,
                node: s(ep, "/nodeName").to_string(),
            });
        }
    }
    rows
}

fn service(svc: &Value, o: &Objects, owners: &Owners, w: &Words) -> Item {
    let rows = endpoints(svc, o, w);
    let ready = rows.iter().filter(|r| r.health == Health::Good).count();
    let not_ready = rows.len() - ready;
    let ty = s(svc, "/spec/type");
    let selector = svc
        .pointer("/spec/selector")
        .filter(|v| v.as_object().is_some_and(|m| !m.is_empty()));
    let health = match (selector, ready, not_ready) {
        _ if ty == "ExternalName" => Health::Done,
        (None, 0, 0) => Health::Done,
        (_, r, _) if r > 0 => Health::Good,
        (_, 0, n) if n > 0 => Health::Busy,
        _ => Health::Bad,
    };
    let summary = format!(
        "{} · {}",
        if ty.is_empty() { "ClusterIP" } else { ty },
        fill(w.map_endpoints, &[&ready, &not_ready])
    );
    let mut it = item(Kind::Service, svc, health, summary);
    it.note = match selector {
        None => w.map_no_selector.to_string(),
        Some(sel) => selects(svc, sel, o, owners, w),
    };
    if !rows.is_empty() {
        let mut g = group(rows);
        Rc::make_mut(&mut g).endpoints = true;
        it.pods = Some(g);
    }
    it
}

/// `selects app=web → deployment web`, or that no pod matches.
fn selects(svc: &Value, sel: &Value, o: &Objects, owners: &Owners, w: &Words) -> String {
    let ns = namespace(svc);
    let selector = LabelSelector::from_json(sel);
    let text = selector.to_text();
    let mut found: BTreeSet<&str> = BTreeSet::new();
    let mut any = false;
    for p in o.pods.iter().filter(|p| namespace(p) == ns) {
        if selector.matches(p.labels()) {
            any = true;
            let key = (ns.to_string(), name(p).to_string());
            found.insert(owners.get(&key).map_or("pod", String::as_str));
        }
    }
    if !any {
        return fill(w.map_selects_nothing, &[&text]);
    }
    let list: Vec<&str> = found.into_iter().collect();
    fill(w.map_selects, &[&text, &list.join(", ")])
}

/// Ingresses, each leading to the Services its rules name.
pub fn ingresses(o: &Objects, ns: &str, services: &[Item], w: &Words) -> Vec<Item> {
    o.ingresses
        .iter()
        .filter(|v| namespace(v) == ns)
        .map(|ing| ingress(ing, services, w))
        .collect()
}

fn ingress(ing: &Value, services: &[Item], w: &Words) -> Item {
    let mut backends: Vec<(String, String, String)> = Vec::new();
    if let Some(b) = ing.pointer("/spec/defaultBackend/service") {
        backends.push(("*".into(), String::new(), backend_port(b)));
    }
    for rule in list(ing, "/spec/rules") {
        let host = match s(rule, "/host") {
            "" => "*",
            h => h,
        };
        for path in list(rule, "/http/paths") {
            if let Some(b) = path.pointer("/backend/service") {
                let p = format!("{host}{}", s(path, "/path"));
                backends.push((p, s(b, "/name").to_string(), backend_port(b)));
            }
        }
    }
    let children: Vec<Item> = backends
        .into_iter()
        .map(|(path, svc, port)| {
            let svc = if svc.is_empty() {
                ing.pointer("/spec/defaultBackend/service/name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            } else {
                svc
            };
            let found = services.iter().find(|s| s.name == svc);
            Item {
                kind: Kind::Service,
                namespace: namespace(ing).to_string(),
                name: svc,
                health: found.map_or(Health::Bad, |s| s.health),
                summary: format!("{path} → {}", fill(w.map_port, &[&port])),
                note: if found.is_none() {
                    w.map_missing.to_string()
                } else {
                    String::new()
                },
                reference: true,
                children: Vec::new(),
                pods: None,
            }
        })
        .collect();
    let health = children
        .iter()
        .map(|c| c.health)
        .find(|h| *h == Health::Bad)
        .unwrap_or(Health::Good);
    let class = s(ing, "/spec/ingressClassName");
    let mut it = item(Kind::Ingress, ing, health, class.to_string());
    it.children = children;
    it
}

fn backend_port(b: &Value) -> String {
    match b.pointer("/port/number").and_then(Value::as_i64) {
        Some(n) => n.to_string(),
        None => s(b, "/port/name").to_string(),
    }
}
