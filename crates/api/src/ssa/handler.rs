//! The PATCH with `application/apply-patch+yaml`: the configuration applied by its field
//! manager, creating the object when it does not exist yet.

use serde_json::Value;

use super::{apply, ApplyRequest};
use crate::store::Key;
use crate::{meta, ApiServer, ResourceInfo, Status};
use kubeplay_core::api::ApiRequest;

/// Where and how an apply patch asks to be applied.
pub struct ApplyTarget<'a> {
    pub ns: Option<&'a str>,
    pub name: &'a str,
    pub subresource: Option<&'a str>,
    pub dry_run: bool,
}

impl ApiServer {
    pub(crate) fn apply_patch(
        &mut self,
        req: &ApiRequest,
        info: &ResourceInfo,
        t: &ApplyTarget,
    ) -> Result<Value, Status> {
        let mut config = parse_config(req)?;
        // The status subresource takes the configuration's status alone.
        if t.subresource == Some("status") {
            if let Some(m) = config.as_object_mut() {
                m.retain(|k, _| {
                    matches!(k.as_str(), "apiVersion" | "kind" | "metadata" | "status")
                });
            }
        }
        let Some(manager) = req.query_param("fieldManager").filter(|m| !m.is_empty()) else {
            return Err(Status::bad_request(
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
            ));
        };
        let body_name = meta::name(&config);
        if body_name != t.name {
            return Err(Status::bad_request(format!(
                "the name of the object ({body_name}) does not match the name on the URL ({})",
                t.name
            )));
        }
        let key = Key::new(
            &info.gr(),
            if info.namespaced {
                t.ns.unwrap_or("")
            } else {
                ""
            },
            t.name,
        );
        let live = self.store.get(&key).cloned();
        let now = self.now.rfc3339();
        let request = ApplyRequest {
            config: &config,
            manager,
            subresource: t.subresource.unwrap_or(""),
            force: req.query_param("force") == Some("true"),
            now: &now,
        };
        let Some(mut obj) = apply(info, live.as_ref(), &request)? else {
            return Ok(live.unwrap_or_default());
        };
        // What the merge made must still decode as the kind's Go type.
        crate::validate::decode::decode_in(&info.group, &info.kind, &info.version, &mut obj, false)
            .map_err(Status::bad_request)?;
        self.applying = true;
        let out = match live {
            Some(_) => {
                if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                    m.shift_remove("resourceVersion");
                }
                self.update(info, t.ns, t.name, obj, t.dry_run)
            }
            None => self.create(info, t.ns, obj, t.dry_run),
        };
        self.applying = false;
        out
    }
}

/// An apply patch is YAML (JSON being YAML too).
fn parse_config(req: &ApiRequest) -> Result<Value, Status> {
    let body = req.body.as_deref().unwrap_or("");
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        return Ok(v);
    }
    match kubeplay_yaml::parse_documents(body) {
        Ok(docs) => match docs.into_iter().next() {
            Some(d) if d.value.is_object() => Ok(d.value),
            _ => Err(Status::bad_request("error decoding YAML: object expected")),
        },
        Err(e) => Err(Status::bad_request(format!("error decoding YAML: {e}"))),
    }
}
