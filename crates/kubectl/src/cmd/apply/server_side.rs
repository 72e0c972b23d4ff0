//! `kubectl apply --server-side`: the object from the file sent whole as an apply patch, the
//! server merging it and tracking which manager owns which field. With kubectl's own manager,
//! an object client-side apply managed is then migrated: the last-applied annotation kept by
//! its own applier, and client-side apply's fields handed to kubectl's (csaupgrade).

use serde_json::{json, Value};

use crate::cmd::util::dry_run::DryRun;
use crate::error::KError;
use crate::resources::Info;
use crate::Ctx;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;

/// kubectl's manager for server-side apply, used when --field-manager keeps its default.
pub const DEFAULT_MANAGER: &str = "kubectl";
const LAST_APPLIED_MANAGER: &str = "kubectl-last-applied";
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

const CONFLICT_ADVICE: &str =
    "Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts";

/// What one server-side apply sends.
pub struct ServerSide<'a> {
    pub manager: &'a str,
    pub force: bool,
    pub subresource: &'a str,
    pub dry_run: DryRun,
}

impl ServerSide<'_> {
    /// Apply one object; the object the server made of it.
    pub fn apply(&self, ctx: &mut Ctx, info: &Info) -> Result<Value, KError> {
        let config = info.file_value();
        let obj = self
            .send(ctx, info, &config, self.manager)
            .map_err(|e| match e {
                KError::Status(s) if s.code == 409 => {
                    KError::msg(format!("{}\n{CONFLICT_ADVICE}", s.message))
                }
                other => other,
            })?;
        if self.manager != DEFAULT_MANAGER {
            return Ok(obj);
        }
        let obj = match self.save_last_applied(ctx, info, &obj) {
            Ok(o) => o,
            Err(e) => {
                ctx.eprint(format!("Warning: failed to migrate kubectl.kubernetes.io/last-applied-configuration for Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: {}\n", e.go_text()));
                return Ok(obj);
            }
        };
        match self.migrate(ctx, info, &obj) {
            Err(e) => {
                ctx.eprint(format!("Warning: server rejected managed fields migration to Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: {}\n", e.go_text()));
                Ok(obj)
            }
            Ok(false) => Ok(obj),
            // Applied again, so that the fields client-side apply set and this configuration
            // leaves out go now.
            Ok(true) => match self.send(ctx, info, &config, self.manager) {
                Ok(o) => Ok(o),
                Err(e) => {
                    ctx.eprint(format!("Warning: failed to re-apply configuration after performing Server-Side Apply migration. This is non-fatal and will be retried next time you apply. Error: {}\n", e.go_text()));
                    Ok(obj)
                }
            },
        }
    }

    fn send(
        &self,
        ctx: &mut Ctx,
        info: &Info,
        body: &Value,
        manager: &str,
    ) -> Result<Value, KError> {
        let mut path = info.path();
        if !self.subresource.is_empty() {
            path = format!("{path}/{}", self.subresource);
        }
        let req = ApiRequest::new(Method::Patch, path)
            .with_query("fieldManager", manager)
            .with_query("fieldValidation", "Strict")
            .with_query("force", if self.force { "true" } else { "false" })
            .with_content_type("application/apply-patch+yaml")
            .with_body(body.to_string());
        ctx.call(self.dry_run.on(req))
    }

    /// Give the last-applied annotation its own applier, so that kubectl's applies do not drop
    /// it: nothing to do without the annotation or when an applier owns it already.
    fn save_last_applied(&self, ctx: &mut Ctx, info: &Info, obj: &Value) -> Result<Value, KError> {
        let Some(text) = obj
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(LAST_APPLIED))
            .and_then(|t| t.as_str())
        else {
            return Ok(obj.clone());
        };
        if !annotation_owners(obj, "Apply").is_empty() {
            return Ok(obj.clone());
        }
        let mut metadata = json!({"name": info.name, "annotations": {LAST_APPLIED: text}});
        if let Some(ns) = &info.namespace {
            metadata["namespace"] = json!(ns);
        }
        let body = json!({
            "apiVersion": info.resource.api_version(),
            "kind": info.resource.kind,
            "metadata": metadata,
        });
        let plain = ServerSide {
            manager: LAST_APPLIED_MANAGER,
            force: false,
            subresource: "",
            dry_run: self.dry_run,
        };
        plain.send(ctx, info, &body, LAST_APPLIED_MANAGER)
    }

    /// Hand the fields of the client-side apply managers (the updaters owning the annotation)
    /// to kubectl's applier; whether the object was migrated.
    fn migrate(&self, ctx: &mut Ctx, info: &Info, obj: &Value) -> Result<bool, KError> {
        let csa = annotation_owners(obj, "Update");
        let mut entries: Vec<Value> = obj
            .pointer("/metadata/managedFields")
            .and_then(|m| m.as_array())
            .cloned()
            .unwrap_or_default();
        let mut changed = false;
        for name in &csa {
            changed |= upgrade(&mut entries, name, self.manager);
        }
        if !changed {
            return Ok(false);
        }
        let rv = obj
            .pointer("/metadata/resourceVersion")
            .cloned()
            .unwrap_or(Value::Null);
        let patch = json!([
            {"op": "replace", "path": "/metadata/managedFields", "value": entries},
            {"op": "replace", "path": "/metadata/resourceVersion", "value": rv},
        ]);
        let req = ApiRequest::new(Method::Patch, info.path())
            .with_query("fieldManager", self.manager)
            .with_content_type("application/json-patch+json")
            .with_body(patch.to_string());
        ctx.call(self.dry_run.on(req)).map(|_| true)
    }
}

/// The managers of one operation whose fields hold the last-applied annotation.
fn annotation_owners(obj: &Value, operation: &str) -> Vec<String> {
    let entries = obj
        .pointer("/metadata/managedFields")
        .and_then(|m| m.as_array());
    entries
        .into_iter()
        .flatten()
        .filter(|e| e.get("operation").and_then(|o| o.as_str()) == Some(operation))
        .filter(|e| {
            e.pointer("/fieldsV1/f:metadata/f:annotations")
                .and_then(|a| a.get(format!("f:{LAST_APPLIED}")))
                .is_some()
        })
        .filter_map(|e| e.get("manager").and_then(|m| m.as_str()).map(String::from))
        .collect()
}

fn is_entry(e: &Value, manager: &str, operation: &str) -> bool {
    e.get("manager").and_then(|m| m.as_str()) == Some(manager)
        && e.get("operation").and_then(|o| o.as_str()) == Some(operation)
        && e.get("subresource").is_none_or(|s| s.as_str() == Some(""))
}

/// csaupgrade: the applier's entry (or, lacking one, the client-side manager's, turned into
/// it) takes the client-side manager's fields, whose entries then go.
fn upgrade(entries: &mut Vec<Value>, csa: &str, ssa: &str) -> bool {
    let target = match entries.iter().position(|e| is_entry(e, ssa, "Apply")) {
        Some(i) => i,
        None => {
            let Some(i) = entries.iter().position(|e| is_entry(e, csa, "Update")) else {
                return false;
            };
            entries[i]["operation"] = json!("Apply");
            entries[i]["manager"] = json!(ssa);
            i
        }
    };
    let version = entries[target].get("apiVersion").cloned();
    let source = entries
        .iter()
        .find(|e| is_entry(e, csa, "Update") && e.get("apiVersion").cloned() == version)
        .and_then(|e| e.get("fieldsV1").cloned());
    if let Some(fields) = source {
        let mut merged = entries[target]
            .get("fieldsV1")
            .cloned()
            .unwrap_or(json!({}));
        union_fields(&mut merged, &fields);
        entries[target]["fieldsV1"] = merged;
    }
    entries.retain(|e| !is_entry(e, csa, "Update"));
    true
}

/// The union of two FieldsV1 trees (a key in either is in the union).
fn union_fields(into: &mut Value, from: &Value) {
    let (Some(a), Some(b)) = (into.as_object_mut(), from.as_object()) else {
        return;
    };
    for (k, v) in b {
        match a.get_mut(k) {
            Some(existing) => union_fields(existing, v),
            None => {
                a.insert(k.clone(), v.clone());
            }
        }
    }
}
