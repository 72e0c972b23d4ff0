//! The pod `kubectl run` generates, and the service of `--expose`, in Go's field order (it
//! shows in `-o json`), from flags already checked.

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use crate::cmd::util::container::{self, Spec};
use crate::cmd::util::generate::{apply_overrides, object_meta};
use crate::error::KError;

/// `a=b,c=d` -> labels in the order given (Go sorts them when printing anyway).
pub(super) fn parse_labels(spec: &str) -> Result<Map<String, Value>, KError> {
    let mut m = Map::new();
    for part in spec.split(',') {
        match part.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                m.insert(k.to_string(), json!(v));
            }
            _ => return Err(KError::msg(format!("unexpected label spec: {part}"))),
        }
    }
    Ok(sorted_map(m))
}

pub(super) fn sorted_map(m: Map<String, Value>) -> Map<String, Value> {
    let mut v: Vec<(String, Value)> = m.into_iter().collect();
    v.sort_once_by(|a, b| a.0.cmp(&b.0));
    v.into_iter().collect()
}

pub(super) fn key_values(items: &[String], what: &str) -> Result<Vec<(String, String)>, KError> {
    items
        .iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(KError::msg(format!("{what}{s}"))),
        })
        .collect()
}

/// Go prints map fields with sorted keys; an override may have added keys out of order.
fn sort_maps(obj: &mut Value, paths: &[&str]) {
    for p in paths {
        if let Some(Value::Object(m)) = obj.pointer_mut(p) {
            let mut entries: Vec<(String, Value)> = std::mem::take(m).into_iter().collect();
            entries.sort_once_by(|a, b| a.0.cmp(&b.0));
            m.extend(entries);
        }
    }
}

pub struct Params {
    pub name: String,
    pub namespace: Option<String>,
    pub image: String,
    pub labels: Map<String, Value>,
    pub annotations: Map<String, Value>,
    pub env: Vec<(String, String)>,
    pub port: i64,
    pub command: bool,
    pub args: Vec<String>,
    pub restart: String,
    pub image_pull_policy: String,
    pub privileged: bool,
    pub stdin: bool,
    pub stdin_once: bool,
    pub tty: bool,
}

/// The pod kubectl builds, in Go's field order.
pub fn build_pod(p: &Params) -> Value {
    let (command, args) = if p.command {
        (p.args.clone(), vec![])
    } else {
        (vec![], p.args.clone())
    };
    let c = container::build(&Spec {
        name: p.name.clone(),
        image: p.image.clone(),
        command,
        args,
        port: (p.port > -1).then_some(p.port),
        env: p.env.clone(),
        image_pull_policy: p.image_pull_policy.clone(),
        privileged: p.privileged,
        stdin: p.stdin,
        stdin_once: p.stdin_once,
        tty: p.tty,
    });
    let mut meta = object_meta(
        &p.name,
        p.namespace.as_deref(),
        Some(Value::Object(p.labels.clone())),
    );
    if !p.annotations.is_empty() {
        if let Some(m) = meta.as_object_mut() {
            m.insert("annotations".into(), Value::Object(p.annotations.clone()));
        }
    }
    json!({
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": meta,
        "spec": {
            "containers": [c],
            "restartPolicy": p.restart,
            "dnsPolicy": "ClusterFirst",
        },
        "status": {},
    })
}

/// The service of `--expose`: the pod's port, selecting the pod's labels.
pub fn build_service(p: &Params) -> Value {
    json!({
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": object_meta(&p.name, p.namespace.as_deref(), None),
        "spec": {
            "ports": [{"protocol": "TCP", "port": p.port, "targetPort": p.port}],
            "selector": p.labels,
        },
        "status": {"loadBalancer": {}},
    })
}

/// `--overrides`: applied to the generated object as JSON; empty structs come back as Go would
/// print them.
pub(super) fn override_pod(obj: &mut Value, overrides: &str, kind: &str) -> Result<(), KError> {
    apply_overrides(obj, overrides, kind)?;
    sort_maps(
        obj,
        &[
            "/metadata/labels",
            "/metadata/annotations",
            "/spec/nodeSelector",
        ],
    );
    if let Some(cs) = obj
        .pointer_mut("/spec/containers")
        .and_then(|c| c.as_array_mut())
    {
        for c in cs {
            if let Some(m) = c.as_object_mut() {
                m.entry("resources").or_insert_with(|| json!({}));
            }
        }
    }
    Ok(())
}
