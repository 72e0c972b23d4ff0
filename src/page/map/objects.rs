//! The objects a map is drawn from, borrowed from the store (or, in tests, from plain values),
//! and the few field readers every part of the map shares.

use serde_json::Value;

use crate::api::meta::ResourceExt;
use crate::store::Store;

/// The objects of each kind the map draws, each list in the store's order.
#[derive(Default)]
pub struct Objects<'a> {
    pub namespaces: Vec<&'a Value>,
    pub nodes: Vec<&'a Value>,
    pub pods: Vec<&'a Value>,
    pub deployments: Vec<&'a Value>,
    pub replicasets: Vec<&'a Value>,
    pub statefulsets: Vec<&'a Value>,
    pub daemonsets: Vec<&'a Value>,
    pub jobs: Vec<&'a Value>,
    pub cronjobs: Vec<&'a Value>,
    pub rcs: Vec<&'a Value>,
    pub services: Vec<&'a Value>,
    pub slices: Vec<&'a Value>,
    pub ingresses: Vec<&'a Value>,
    pub configmaps: Vec<&'a Value>,
    pub secrets: Vec<&'a Value>,
    pub claims: Vec<&'a Value>,
}

impl<'a> Objects<'a> {
    /// The store's objects, in one namespace or all.
    pub fn of(store: &'a Store, namespace: Option<&'a str>) -> Objects<'a> {
        let list = |gr: &'a str| store.list(gr, namespace).map(|(_, v)| v).collect();
        Objects {
            namespaces: store.list("/namespaces", None).map(|(_, v)| v).collect(),
            nodes: store.list("/nodes", None).map(|(_, v)| v).collect(),
            pods: list("/pods"),
            deployments: list("apps/deployments"),
            replicasets: list("apps/replicasets"),
            statefulsets: list("apps/statefulsets"),
            daemonsets: list("apps/daemonsets"),
            jobs: list("batch/jobs"),
            cronjobs: list("batch/cronjobs"),
            rcs: list("/replicationcontrollers"),
            services: list("/services"),
            slices: list("discovery.k8s.io/endpointslices"),
            ingresses: list("networking.k8s.io/ingresses"),
            configmaps: list("/configmaps"),
            secrets: list("/secrets"),
            claims: list("/persistentvolumeclaims"),
        }
    }

    /// Plain objects sorted by their `kind` (tests).
    #[cfg(test)]
    pub fn from_values(values: &'a [Value]) -> Objects<'a> {
        let mut o = Objects::default();
        for v in values {
            let list = match s(v, "/kind") {
                "Namespace" => &mut o.namespaces,
                "Node" => &mut o.nodes,
                "Pod" => &mut o.pods,
                "Deployment" => &mut o.deployments,
                "ReplicaSet" => &mut o.replicasets,
                "StatefulSet" => &mut o.statefulsets,
                "DaemonSet" => &mut o.daemonsets,
                "Job" => &mut o.jobs,
                "CronJob" => &mut o.cronjobs,
                "ReplicationController" => &mut o.rcs,
                "Service" => &mut o.services,
                "EndpointSlice" => &mut o.slices,
                "Ingress" => &mut o.ingresses,
                "ConfigMap" => &mut o.configmaps,
                "Secret" => &mut o.secrets,
                "PersistentVolumeClaim" => &mut o.claims,
                _ => continue,
            };
            list.push(v);
        }
        o
    }
}

/// The string at a JSON pointer, "" when absent.
pub fn s<'v>(v: &'v Value, ptr: &str) -> &'v str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

/// The integer at a JSON pointer, 0 when absent.
pub fn i(v: &Value, ptr: &str) -> i64 {
    v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0)
}

/// The list at a JSON pointer, empty when absent.
pub fn list<'v>(v: &'v Value, ptr: &str) -> &'v [Value] {
    v.pointer(ptr)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub fn name(v: &Value) -> &str {
    v.meta_str("name")
}

pub fn namespace(v: &Value) -> &str {
    v.meta_str("namespace")
}

/// The status condition `ty`'s status (`True`, `False`), "" when absent.
pub fn condition<'v>(v: &'v Value, ty: &str) -> &'v str {
    list(v, "/status/conditions")
        .iter()
        .find(|c| s(c, "/type") == ty)
        .map_or("", |c| s(c, "/status"))
}

/// Fill each `{}` of a template from the page's words, in order.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 8);
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (k, part) in parts.enumerate() {
        if let Some(a) = args.get(k) {
            out.push_str(&a.to_string());
        }
        out.push_str(part);
    }
    out
}
