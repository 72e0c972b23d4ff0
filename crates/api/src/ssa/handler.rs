//! The PATCH with `application/apply-patch+yaml`: the configuration applied by its field
//! manager, creating the object when it does not exist yet.

use serde_json::Value;

use super::{apply, ApplyRequest};
use crate::store::Key;
use crate::{meta, ApiServer, ResourceInfo, Status};
use kubeplay_core::api::status::cause;
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
            let cause = cause(
                "FieldValueRequired",
                "fieldManager",
                "Required value: is required for apply patch",
            );
            return Err(Status::invalid(
                "meta.k8s.io",
                "PatchOptions",
                "",
                vec![cause],
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
        // Only the main resource is created by an apply; a subresource needs its object.
        if let (None, Some(sub)) = (&live, t.subresource) {
            let plural = if sub == "status" {
                info.plural.clone()
            } else {
                format!("{}/{sub}", info.plural)
            };
            return Err(Status::not_found(&info.group, &plural, t.name));
        }
        if let Some(sub) = t.subresource.filter(|s| *s != "status") {
            return Err(Status::not_found(
                &info.group,
                &format!("{}/{sub}", info.plural),
                t.name,
            ));
        }
        let now = self.now.rfc3339();
        let request = ApplyRequest {
            schema: self.schema(),
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
        crate::validate::decode::decode_in(
            self.schema(),
            &info.group,
            &info.kind,
            &info.version,
            &mut obj,
            false,
        )
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

/// The API server's check of a request's field manager: at most 128 bytes.
pub fn check_field_manager(req: &ApiRequest, options: &str) -> Result<(), Status> {
    match req.query_param("fieldManager") {
        Some(m) if m.len() > 128 => {
            let c = cause(
                "FieldValueTooLong",
                "fieldManager",
                "Too long: may not be more than 128 bytes",
            );
            Err(Status::invalid("meta.k8s.io", options, "", vec![c]))
        }
        _ => Ok(()),
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
