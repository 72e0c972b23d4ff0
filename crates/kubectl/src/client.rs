//! kubectl's side of the API: requests over the `Transport`, Status errors, and the discovery
//! mapper (what `pods`, `po`, `deploy.apps` mean), fetched from the server as real kubectl does.

use serde_json::Value;

use super::error::KError;
use super::Ctx;
use kubeplay_core::api::discovery::{Discovery, ResourceInfo};
use kubeplay_core::api::status::Status;
use kubeplay_core::api::{parse_body, ApiRequest, ApiResponse};

pub const TABLE_ACCEPT: &str =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

pub fn decode(resp: ApiResponse) -> Result<Value, KError> {
    decode_value(resp.code, parse_body(&resp.body))
}

/// The body of a success, or the Status error of a failure.
pub fn decode_value(code: u16, v: Value) -> Result<Value, KError> {
    if (200..300).contains(&code) {
        return Ok(v);
    }
    match Status::from_json(&v) {
        Some(s) => Err(KError::Status(s)),
        None => Err(KError::msg(format!(
            "the server returned HTTP {code} with an unexpected body"
        ))),
    }
}

impl Ctx<'_> {
    pub fn call(&mut self, req: ApiRequest) -> Result<Value, KError> {
        if !self.connected {
            self.check_connection()?;
            self.connected = true;
        }
        let (code, body) = self.api.call_value(req);
        decode_value(code, body)
    }

    /// Before the first request, kubectl resolves the kubeconfig: a context that does not exist is
    /// a configuration error, and with no context or cluster it falls back to localhost:8080,
    /// where nothing listens. (kubectl also logs each failed discovery attempt with a timestamp
    /// and process id first; only its final message is kept.)
    fn check_connection(&mut self) -> Result<(), KError> {
        if let Some(e) = &self.identity_error {
            return Err(KError::msg(e.clone()));
        }
        if self.globals.opt("server").is_some_and(|s| !s.is_empty()) {
            return Ok(());
        }
        let kc = self.kubeconfig()?;
        let name = match self.globals.opt("context").filter(|c| !c.is_empty()) {
            Some(c) => c,
            None => kc.current_context().to_string(),
        };
        let refused = || {
            KError::Raw(
                "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n"
                    .to_string(),
            )
        };
        if name.is_empty() {
            return Err(refused());
        }
        let Some(context) = kc.context(&name) else {
            return Err(KError::Raw(format!(
                "Error in configuration: context was not found for specified context: {name}\n"
            )));
        };
        let cluster = self
            .globals
            .opt("cluster")
            .filter(|c| !c.is_empty())
            .or_else(|| {
                context
                    .get("cluster")
                    .and_then(|c| c.as_str())
                    .map(String::from)
            })
            .unwrap_or_default();
        let has_server = kc
            .cluster(&cluster)
            .and_then(|c| c.get("server"))
            .and_then(|s| s.as_str())
            .is_some_and(|s| !s.is_empty());
        if !has_server {
            return Err(refused());
        }
        Ok(())
    }

    /// Discovery, fetched once per command as kubectl's memory cache does.
    pub fn mapper(&mut self) -> Result<Discovery, KError> {
        if let Some(d) = &self.discovery {
            return Ok(d.clone());
        }
        let mut resources: Vec<ResourceInfo> = Vec::new();
        let mut gvs = vec![("".to_string(), "v1".to_string())];
        // Other versions come after every preferred one, so a plain name resolves to the
        // preferred version and `hpa.v1.autoscaling` still finds its own.
        let mut others: Vec<(String, String)> = Vec::new();
        let groups = self.call(ApiRequest::get("/apis"))?;
        for g in groups
            .get("groups")
            .and_then(|g| g.as_array())
            .cloned()
            .unwrap_or_default()
        {
            let name = g.get("name").and_then(|n| n.as_str()).unwrap_or("");
            let preferred = g
                .pointer("/preferredVersion/version")
                .and_then(|v| v.as_str());
            if let Some(v) = preferred {
                gvs.push((name.to_string(), v.to_string()));
            }
            let versions = g.get("versions").and_then(|v| v.as_array());
            for v in versions.into_iter().flatten() {
                let v = v.get("version").and_then(|v| v.as_str()).unwrap_or("");
                if !v.is_empty() && Some(v) != preferred {
                    others.push((name.to_string(), v.to_string()));
                }
            }
        }
        gvs.extend(others);
        for (group, version) in gvs {
            let path = if group.is_empty() {
                format!("/api/{version}")
            } else {
                format!("/apis/{group}/{version}")
            };
            let list = self.call(ApiRequest::get(path))?;
            for r in list
                .get("resources")
                .and_then(|r| r.as_array())
                .cloned()
                .unwrap_or_default()
            {
                let s = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
                let strs = |k: &str| -> Vec<String> {
                    r.get(k)
                        .and_then(|v| v.as_array())
                        .map(|a| {
                            a.iter()
                                .filter_map(|x| x.as_str().map(String::from))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                if s("name").contains('/') {
                    continue;
                }
                resources.push(ResourceInfo {
                    group: group.clone(),
                    version: version.clone(),
                    kind: s("kind"),
                    plural: s("name"),
                    singular: s("singularName"),
                    short_names: strs("shortNames"),
                    namespaced: r
                        .get("namespaced")
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false),
                    verbs: strs("verbs"),
                    categories: strs("categories"),
                });
            }
        }
        let d = Discovery::from_resources(resources);
        self.discovery = Some(d.clone());
        Ok(d)
    }

    /// What the user typed as a resource type -> the resource, or kubectl's error.
    pub fn resolve(&mut self, typed: &str) -> Result<ResourceInfo, KError> {
        let d = self.mapper()?;
        d.resolve(typed).cloned().ok_or_else(|| {
            KError::msg(format!(
                "the server doesn't have a resource type \"{typed}\""
            ))
        })
    }
}

/// kubectl's resource builder rewords a BadRequest or NotFound from a list, naming what it listed
/// and the selectors, while keeping it an API error.
pub fn list_error(e: KError, info: &ResourceInfo, label: &str, field: &str) -> KError {
    match e {
        KError::Status(mut s) if s.code == 400 || s.code == 404 => {
            // A GroupVersionResource prints as `apps/v1, Resource=deployments`, `/v1, ...` for core.
            let gvr = format!("{}/{}, Resource={}", info.group, info.version, info.plural);
            s.message = if label.is_empty() && field.is_empty() {
                format!(
                    "Unable to list {}: {}",
                    kubeplay_core::api::status::go_quote(&gvr),
                    s.message
                )
            } else {
                format!(
                    "Unable to find {} that match label selector {}, field selector {}: {}",
                    kubeplay_core::api::status::go_quote(&gvr),
                    kubeplay_core::api::status::go_quote(label),
                    kubeplay_core::api::status::go_quote(field),
                    s.message
                )
            };
            KError::Status(s)
        }
        other => other,
    }
}
