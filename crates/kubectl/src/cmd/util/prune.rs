//! The allowlist-based prune of `kubectl apply --prune` and `kubectl diff --prune`: the objects of
//! the allowlisted kinds in the namespaces visited that match the selector, carry the
//! last-applied annotation and were not visited this time.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::cmd::util::dry_run::klog_warning;
use crate::cmd::util::last_applied;
use crate::error::KError;
use crate::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::{meta, ApiRequest};

/// kubectl's default allowlist: (group, version, kind), namespaced kinds first.
const DEFAULT_ALLOWLIST: &[(&str, &str, &str)] = &[
    ("", "v1", "ConfigMap"),
    ("", "v1", "Endpoints"),
    ("", "v1", "PersistentVolumeClaim"),
    ("", "v1", "Pod"),
    ("", "v1", "ReplicationController"),
    ("", "v1", "Secret"),
    ("", "v1", "Service"),
    ("batch", "v1", "Job"),
    ("batch", "v1", "CronJob"),
    ("networking.k8s.io", "v1", "Ingress"),
    ("apps", "v1", "DaemonSet"),
    ("apps", "v1", "Deployment"),
    ("apps", "v1", "ReplicaSet"),
    ("apps", "v1", "StatefulSet"),
    ("", "v1", "Namespace"),
    ("", "v1", "PersistentVolume"),
];

const NAMESPACE_DEPRECATION: &str = "Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.";

/// The kinds `--prune-allowlist` names, each `group/version/kind` (`core` for the legacy group),
/// mapped as kubectl's prune.ParseResources does. Empty: the default list.
pub fn parse_allowlist(ctx: &mut Ctx, gvks: &[String]) -> Result<Vec<ResourceInfo>, KError> {
    let mut out = Vec::new();
    for gvk in gvks {
        let parts: Vec<&str> = gvk.split('/').collect();
        let [group, version, kind] = parts.as_slice() else {
            return Err(KError::msg(format!(
                "invalid GroupVersionKind format: {gvk}, please follow <group/version/kind>"
            )));
        };
        let group = if *group == "core" { "" } else { group };
        out.push(mapping(ctx, group, version, kind)?);
    }
    Ok(out)
}

/// The resource of a group, version and kind, or the RESTMapper's "no matches" error.
fn mapping(ctx: &mut Ctx, group: &str, version: &str, kind: &str) -> Result<ResourceInfo, KError> {
    let gv = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    ctx.mapper()?.by_kind(&gv, kind).cloned().ok_or_else(|| {
        KError::msg(format!(
            "no matches for kind \"{kind}\" in version \"{gv}\""
        ))
    })
}

/// What apply or diff went through: the uids of the objects and their namespaces.
#[derive(Default)]
pub struct Visited {
    pub uids: BTreeSet<String>,
    pub namespaces: BTreeSet<String>,
}

/// The kinds to prune: those `--prune-allowlist` named, else kubectl's default list (with
/// its deprecation warning: kubectl's namespace is never empty, the kubeconfig's or default).
pub fn kinds(ctx: &mut Ctx, allowlist: &[ResourceInfo]) -> Result<Vec<ResourceInfo>, KError> {
    if !allowlist.is_empty() {
        return Ok(allowlist.to_vec());
    }
    klog_warning(ctx, "prune.go:71", NAMESPACE_DEPRECATION);
    let mut kinds = Vec::new();
    for (g, v, k) in DEFAULT_ALLOWLIST {
        kinds.push(mapping(ctx, g, v, k).map_err(|e| {
            KError::msg(format!(
                "error retrieving RESTMappings to prune: invalid resource {g}/{v}, Kind={k}, Namespaced={}: {}",
                *k != "Namespace" && *k != "PersistentVolume",
                e.go_text()
            ))
        })?);
    }
    Ok(kinds)
}

/// One object left to prune: its kind, its namespace (None for cluster-scoped kinds) and the
/// object as listed (its kind filled in).
pub struct Leftover<'a> {
    pub resource: &'a ResourceInfo,
    pub namespace: Option<&'a str>,
    pub object: Value,
}

/// Call `f` on every object of `kinds` that apply made (last-applied annotation), matches the
/// selector, lives in a namespace visited (or is cluster-scoped) and was not visited, kind by
/// kind as kubectl lists them, its errors wrapped as kubectl's pruner does.
pub fn for_each_leftover(
    ctx: &mut Ctx,
    kinds: &[ResourceInfo],
    selector: &str,
    visited: &Visited,
    mut f: impl FnMut(&mut Ctx, Leftover) -> Result<(), KError>,
) -> Result<(), KError> {
    for ns in &visited.namespaces {
        for r in kinds.iter().filter(|r| r.namespaced) {
            of_kind(ctx, Some(ns), r, selector, visited, &mut f)
                .map_err(|e| wrap("namespaced", r, e))?;
        }
    }
    for r in kinds.iter().filter(|r| !r.namespaced) {
        of_kind(ctx, None, r, selector, visited, &mut f)
            .map_err(|e| wrap("nonNamespaced", r, e))?;
    }
    Ok(())
}

fn of_kind(
    ctx: &mut Ctx,
    ns: Option<&str>,
    r: &ResourceInfo,
    selector: &str,
    visited: &Visited,
    f: &mut impl FnMut(&mut Ctx, Leftover) -> Result<(), KError>,
) -> Result<(), KError> {
    let mut req = ApiRequest::get(r.collection_path(ns));
    if !selector.is_empty() {
        req = req.with_query("labelSelector", selector);
    }
    let list = ctx.call(req)?;
    let items = list.get("items").and_then(|i| i.as_array()).cloned();
    for mut obj in items.unwrap_or_default() {
        if last_applied::from_live(&obj).is_none()
            || visited
                .uids
                .contains(meta::str_at(&obj, &["metadata", "uid"]))
        {
            continue;
        }
        // The listed items lack their kind; printers need it.
        if let Some(m) = obj.as_object_mut() {
            m.insert("apiVersion".into(), json!(r.api_version()));
            m.insert("kind".into(), json!(r.kind));
        }
        f(
            ctx,
            Leftover {
                resource: r,
                namespace: ns,
                object: obj,
            },
        )?;
    }
    Ok(())
}

/// kubectl's wrapping of an error met while pruning one kind.
fn wrap(scope: &str, r: &ResourceInfo, e: KError) -> KError {
    let gvk = format!("{}/{}, Kind={}", r.group, r.version, r.kind);
    KError::msg(format!(
        "error pruning {scope} object {gvk}: {}",
        e.go_text()
    ))
}
