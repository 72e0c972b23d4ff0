//! `kubectl apply --prune` (the allowlist-based alpha): after every object applied, the objects
//! of the allowlisted kinds in the namespaces visited that match `-l` (or `--all`), carry the
//! last-applied annotation and were not applied this time are deleted.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::cmd::util::dry_run::{klog_warning, DryRun};
use crate::cmd::util::last_applied;
use crate::error::KError;
use crate::printers;
use crate::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::request::Method;
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

/// What the prune step needs from apply: what was applied, where, and how to delete and print.
pub struct Pruner<'a> {
    pub allowlist: &'a [ResourceInfo],
    pub selector: &'a str,
    pub visited_uids: &'a BTreeSet<String>,
    pub visited_namespaces: &'a BTreeSet<String>,
    pub dry_run: DryRun,
    pub propagation: &'static str,
    pub grace_period: i64,
    pub format: Option<&'a printers::Format>,
}

impl Pruner<'_> {
    pub fn prune_all(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let kinds = if self.allowlist.is_empty() {
            // kubectl's namespace is never empty (the kubeconfig's, else default), so the
            // deprecation warning comes with every default list.
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
            kinds
        } else {
            self.allowlist.to_vec()
        };
        for ns in self.visited_namespaces {
            for r in kinds.iter().filter(|r| r.namespaced) {
                self.prune(ctx, Some(ns), r)
                    .map_err(|e| wrap("namespaced", r, e))?;
            }
        }
        for r in kinds.iter().filter(|r| !r.namespaced) {
            self.prune(ctx, None, r)
                .map_err(|e| wrap("nonNamespaced", r, e))?;
        }
        Ok(())
    }

    /// Delete and report the objects of one kind in one namespace that apply left behind.
    fn prune(&self, ctx: &mut Ctx, ns: Option<&str>, r: &ResourceInfo) -> Result<(), KError> {
        let mut req = ApiRequest::get(r.collection_path(ns));
        if !self.selector.is_empty() {
            req = req.with_query("labelSelector", self.selector);
        }
        let list = ctx.call(req)?;
        let items = list.get("items").and_then(|i| i.as_array()).cloned();
        for mut obj in items.unwrap_or_default() {
            if last_applied::from_live(&obj).is_none()
                || self
                    .visited_uids
                    .contains(meta::str_at(&obj, &["metadata", "uid"]))
            {
                continue;
            }
            let name = meta::name(&obj).to_string();
            if self.dry_run != DryRun::Client {
                self.delete(ctx, r, ns, &name)?;
            }
            // The listed items lack their kind; the printers need it.
            if let Some(m) = obj.as_object_mut() {
                m.insert("apiVersion".into(), json!(r.api_version()));
                m.insert("kind".into(), json!(r.kind));
            }
            self.print(ctx, r, &name, obj)?;
        }
        Ok(())
    }

    fn delete(
        &self,
        ctx: &mut Ctx,
        r: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
    ) -> Result<(), KError> {
        let mut body = serde_json::Map::new();
        if self.grace_period >= 0 {
            body.insert("gracePeriodSeconds".into(), json!(self.grace_period));
        }
        body.insert("propagationPolicy".into(), json!(self.propagation));
        let req = ApiRequest::new(Method::Delete, r.object_path(ns, name))
            .with_body(Value::Object(body).to_string());
        ctx.call(self.dry_run.on(req)).map(|_| ())
    }

    fn print(
        &self,
        ctx: &mut Ctx,
        r: &ResourceInfo,
        name: &str,
        mut obj: Value,
    ) -> Result<(), KError> {
        let text = match self.format {
            None => format!(
                "{} pruned{}\n",
                printers::name_of(r, name),
                self.dry_run.suffix()
            ),
            Some(printers::Format::Name) => format!("{}\n", printers::name_of(r, name)),
            Some(f) => {
                crate::cmd::util::print_flags::strip_managed_fields(&mut obj);
                super::print_applied(f, vec![obj])?
            }
        };
        ctx.print(text);
        Ok(())
    }
}

/// kubectl's wrapping of an error met while pruning one kind.
fn wrap(scope: &str, r: &ResourceInfo, e: KError) -> KError {
    let gvk = format!("{}/{}, Kind={}", r.group, r.version, r.kind);
    KError::msg(format!(
        "error pruning {scope} object {gvk}: {}",
        e.go_text()
    ))
}
