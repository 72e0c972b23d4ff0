//! The endpoints and endpointslice controllers: a Service with a selector gets an Endpoints
//! object and an EndpointSlice listing the IPs of the pods it selects, ready or not.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::replicaset::is_ready;
use super::{util, Sim};
use kubeplay_api::selector::LabelSelector;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

/// The container port a Service port's targetPort names, in `pod`.
fn target_port(port: &Value, pod: &Value) -> Option<i64> {
    match port.get("targetPort") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(name)) => {
            if let Ok(n) = name.parse::<i64>() {
                return Some(n);
            }
            let containers = pod.pointer("/spec/containers")?.as_array()?;
            containers.iter().find_map(|c| {
                c.get("ports")?.as_array()?.iter().find_map(|p| {
                    (p.get("name").and_then(|n| n.as_str()) == Some(name.as_str()))
                        .then(|| p.get("containerPort").and_then(|n| n.as_i64()))
                        .flatten()
                })
            })
        }
        _ => port.get("port").and_then(|p| p.as_i64()),
    }
}

fn put(api: &mut ApiServer, gr: &str, ns: &str, name: &str, body: Value) {
    let Some(info) = util::info(api, gr) else {
        return;
    };
    let key = Key::new(gr, ns, name);
    match api.store().get(&key).cloned() {
        Some(old) => {
            let mut updated = old.clone();
            for f in ["subsets", "endpoints", "ports", "addressType"] {
                if let Some(m) = updated.as_object_mut() {
                    m.shift_remove(f);
                }
            }
            if let (Some(m), Some(b)) = (updated.as_object_mut(), body.as_object()) {
                for (k, v) in b {
                    if k != "metadata" {
                        m.insert(k.clone(), v.clone());
                    }
                }
            }
            // The trigger time moves only when the addresses do.
            let same = {
                let mut a = old.clone();
                let mut b = updated.clone();
                for x in [&mut a, &mut b] {
                    if let Some(m) = x.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                        m.shift_remove("annotations");
                    }
                }
                a == b
            };
            if same {
                return;
            }
            if let Some(ann) = body.annotations() {
                meta::set(&mut updated, &["metadata", "annotations"], ann.clone());
            }
            let _ = api.update(&info, Some(ns), name, updated, false);
        }
        None => {
            let _ = api.create(&info, Some(ns), body, false);
        }
    }
}

pub fn sync(_sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(svc) = api.store().get(key).cloned() else {
        if let Some(info) = util::info(api, "/endpoints") {
            let _ = api.delete(&info, Some(&key.namespace), &key.name, false);
        }
        return;
    };
    let Some(sel) = svc.pointer("/spec/selector").and_then(|s| s.as_object()) else {
        return;
    };
    if sel.is_empty() {
        return;
    }
    let selector = LabelSelector::from_json(&json!({"matchLabels": sel}));
    let mut pods: Vec<Value> = api
        .store()
        .values("/pods", Some(&key.namespace))
        .filter(|p| selector.matches(p.labels()))
        .filter(|p| !p.is_deleting())
        .filter(|p| !meta::str_at(p, &["status", "podIP"]).is_empty())
        .filter(|p| {
            !matches!(
                meta::str_at(p, &["status", "phase"]),
                "Succeeded" | "Failed"
            )
        })
        .cloned()
        .collect();
    pods.sort_once_by(|a, b| {
        meta::str_at(a, &["status", "podIP"]).cmp(meta::str_at(b, &["status", "podIP"]))
    });
    let ports: Vec<Value> = svc
        .pointer("/spec/ports")
        .and_then(|p| p.as_array())
        .cloned()
        .unwrap_or_default();
    let now = api.now.rfc3339();
    let mut labels = svc
        .labels()
        .and_then(|l| l.as_object())
        .cloned()
        .unwrap_or_default();
    let ns = key.namespace.clone();
    let svc_name = key.name.clone();
    let addr = |p: &Value| {
        let mut a = json!({"ip": meta::str_at(p, &["status", "podIP"])});
        // Pods that name this Service as their subdomain are reachable by hostname.
        let host = meta::str_at(p, &["spec", "hostname"]);
        if !host.is_empty() && meta::str_at(p, &["spec", "subdomain"]) == svc_name {
            a["hostname"] = json!(host);
        }
        a["nodeName"] = json!(meta::str_at(p, &["spec", "nodeName"]));
        a["targetRef"] = json!({
            "kind": "Pod",
            "name": meta::name(p),
            "namespace": ns,
            "uid": p.uid(),
        });
        a
    };
    if meta::str_at(&svc, &["spec", "clusterIP"]) == "None" {
        labels.insert("service.kubernetes.io/headless".into(), json!(""));
    }
    let first = pods.first();
    let ep_ports: Vec<Value> = ports
        .iter()
        .filter_map(|sp| {
            let port = first.map_or_else(|| target_port(sp, &json!({})), |p| target_port(sp, p))?;
            let mut o = Map::new();
            if let Some(n) = sp.get("name").filter(|n| n.as_str() != Some("")) {
                o.insert("name".into(), n.clone());
            }
            o.insert("port".into(), json!(port));
            o.insert(
                "protocol".into(),
                sp.get("protocol").cloned().unwrap_or(json!("TCP")),
            );
            Some(Value::Object(o))
        })
        .collect();
    let ready: Vec<Value> = pods.iter().filter(|p| is_ready(p)).map(addr).collect();
    let not_ready: Vec<Value> = pods.iter().filter(|p| !is_ready(p)).map(addr).collect();
    let mut subset = Map::new();
    if !ready.is_empty() {
        subset.insert("addresses".into(), Value::Array(ready));
    }
    if !not_ready.is_empty() {
        subset.insert("notReadyAddresses".into(), Value::Array(not_ready));
    }
    subset.insert("ports".into(), Value::Array(ep_ports.clone()));
    let mut ep = json!({
        "apiVersion": "v1",
        "kind": "Endpoints",
        "metadata": {
            "annotations": {"endpoints.kubernetes.io/last-change-trigger-time": now},
            "labels": labels.clone(),
            "name": key.name,
            "namespace": key.namespace,
        },
    });
    if labels.is_empty() {
        if let Some(m) = ep.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            m.shift_remove("labels");
        }
    }
    if !pods.is_empty() {
        ep["subsets"] = json!([Value::Object(subset)]);
    }
    put(api, "/endpoints", &key.namespace, &key.name, ep);

    // The EndpointSlice: found by its service-name label, named by generateName.
    labels.insert(
        "endpointslice.kubernetes.io/managed-by".into(),
        json!("endpointslice-controller.k8s.io"),
    );
    labels.insert("kubernetes.io/service-name".into(), json!(key.name));
    let endpoints: Vec<Value> = pods
        .iter()
        .map(|p| {
            let r = is_ready(p);
            json!({
                "addresses": [meta::str_at(p, &["status", "podIP"])],
                "conditions": {"ready": r, "serving": r, "terminating": false},
                "nodeName": meta::str_at(p, &["spec", "nodeName"]),
                "targetRef": {
                    "kind": "Pod",
                    "name": meta::name(p),
                    "namespace": key.namespace,
                    "uid": p.uid(),
                },
            })
        })
        .collect();
    let existing = api
        .store()
        .list("discovery.k8s.io/endpointslices", Some(&key.namespace))
        .find(|(_, s)| {
            meta::str_at(s, &["metadata", "labels", "kubernetes.io/service-name"]) == key.name
        })
        .map(|(k, _)| k.name);
    let name = existing.unwrap_or_default();
    let mut slice = json!({
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {
            "annotations": {"endpoints.kubernetes.io/last-change-trigger-time": now},
            "generateName": format!("{}-", key.name),
            "labels": labels,
            "namespace": key.namespace,
            "ownerReferences": [util::owner_ref(&svc)],
        },
        "addressType": "IPv4",
        "endpoints": if endpoints.is_empty() { Value::Null } else { Value::Array(endpoints) },
        "ports": if pods.is_empty() { Value::Null } else { Value::Array(ep_ports) },
    });
    if !name.is_empty() {
        meta::set_str(&mut slice, &["metadata", "name"], &name);
    }
    put(
        api,
        "discovery.k8s.io/endpointslices",
        &key.namespace,
        &name,
        slice,
    );
}
