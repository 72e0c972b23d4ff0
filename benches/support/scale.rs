//! A big Deployment on a cluster with room for it, shared by `benches/scale.rs` and
//! `examples/scale.rs`: minikube plus enough extra Nodes (110 pods each, minikube's max-pods)
//! that every replica can run, then the simulated clock moved a second at a time until all of
//! the Deployment's pods are Running.

use kubeplay::cluster::fixture;
use kubeplay::fs::MemFs;
use kubeplay::playground::Playground;
use kubeplay::profile::Profile;
use serde_json::Value;

/// Pods one node takes (the kubelet's default max-pods).
const PODS_PER_NODE: usize = 110;

/// Bound on simulated seconds waited for the pods to run.
const MAX_SECONDS: usize = 600;

/// A booted minikube with room for `replicas` more pods: copies of its Node, each with its own
/// name, address and pod CIDR.
pub fn cluster_for(replicas: usize) -> Playground {
    let mut pg = Playground::new(
        Profile::minikube(),
        fixture::clock(),
        Box::new(MemFs::new()),
    );
    let api = &mut pg.cluster.api;
    let info = api.discovery.by_kind("v1", "Node").cloned();
    let template = api
        .store()
        .list("/nodes", None)
        .map(|(_, n)| n.clone())
        .next();
    if let (Some(info), Some(template)) = (info, template) {
        for i in 0..replicas.div_ceil(PODS_PER_NODE) {
            let node = node_like(&template, i);
            let _ = api.create(&info, None, node, false);
        }
    }
    pg.cluster.tick();
    pg
}

/// The `i`-th extra node, made from minikube's own.
fn node_like(template: &Value, i: usize) -> Value {
    let mut node = template.clone();
    let name = format!("scale-{i}");
    let ip = format!("192.168.{}.{}", 50 + i / 250, 2 + i % 250);
    if let Some(md) = node.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        for k in [
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "managedFields",
        ] {
            md.shift_remove(k);
        }
        md.insert("name".into(), name.clone().into());
        if let Some(labels) = md.get_mut("labels").and_then(|l| l.as_object_mut()) {
            labels.insert("kubernetes.io/hostname".into(), name.clone().into());
            labels.shift_remove("node-role.kubernetes.io/control-plane");
        }
    }
    if let Some(spec) = node.get_mut("spec").and_then(|s| s.as_object_mut()) {
        let cidr = format!("10.{}.{}.0/24", 245 + (i + 1) / 256, (i + 1) % 256);
        spec.insert("podCIDR".into(), cidr.clone().into());
        spec.insert("podCIDRs".into(), vec![Value::from(cidr)].into());
    }
    if let Some(addrs) = node
        .pointer_mut("/status/addresses")
        .and_then(|a| a.as_array_mut())
    {
        *addrs = vec![
            serde_json::json!({"type": "InternalIP", "address": ip}),
            serde_json::json!({"type": "Hostname", "address": name}),
        ];
    }
    node
}

/// Create the Deployment `big` with `replicas` nginx pods (as `kubectl create deployment`).
pub fn create(pg: &mut Playground, replicas: usize) {
    pg.run_script(&format!(
        "kubectl create deployment big --image nginx --replicas {replicas}"
    ));
}

/// Pods of `big` Running now.
pub fn running(pg: &Playground) -> usize {
    pg.cluster
        .api
        .store()
        .list("/pods", Some("default"))
        .filter(|(k, p)| {
            k.name.starts_with("big-")
                && p.pointer("/status/phase").and_then(|v| v.as_str()) == Some("Running")
        })
        .count()
}

/// Move the clock a second at a time until all `replicas` pods run; the simulated seconds it
/// took, or None if they did not within the bound.
pub fn run_until_running(pg: &mut Playground, replicas: usize) -> Option<usize> {
    for s in 0..MAX_SECONDS {
        if running(pg) >= replicas {
            return Some(s);
        }
        pg.cluster.advance(1);
    }
    None
}
