//! Serving a converted version: the request goes to the storage version's handler with its
//! body converted, and the answer comes back converted. A patch applies to the object as the
//! client sees it (in its version), then the result is stored converted.

use serde_json::Value;

use super::{from_storage, to_storage};
use crate::auth::UserInfo;
use crate::discovery::ResourceInfo;
use crate::patch::PatchKind;
use crate::request::{ApiRequest, Method};
use crate::server::{apply_patch, decode_body, parse_body, ApiServer};
use crate::status::Status;

impl ApiServer {
    // `resource`'s own parameters, and the stored version the request is converted to.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn converted(
        &mut self,
        req: &ApiRequest,
        user: &UserInfo,
        info: &ResourceInfo,
        storage: &ResourceInfo,
        ns: Option<&str>,
        name: Option<&str>,
        sub: Option<&str>,
    ) -> Result<(u16, Value), Status> {
        let mut inner = req.clone();
        inner.path = rewrite_path(&req.path, info, storage);
        match (req.method, name) {
            (Method::Post, None) | (Method::Put, Some(_)) => {
                let obj = decode_body(self.schema(), req, info)?;
                inner.body = Some(to_storage(info, &obj).to_string());
            }
            (Method::Patch, Some(n)) => {
                let out = self.patch_converted(req, info, storage, ns, n)?;
                return Ok((200, from_storage(info, out)));
            }
            _ => {}
        }
        let (code, out) = self.resource(&inner, user, storage, ns, name, sub)?;
        Ok((code, from_storage(info, out)))
    }

    /// The patch on the served version's object, stored converted.
    fn patch_converted(
        &mut self,
        req: &ApiRequest,
        info: &ResourceInfo,
        storage: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
    ) -> Result<Value, Status> {
        let body = parse_body(req)?;
        let kind = PatchKind::from_content_type(&req.content_type).ok_or_else(|| Status {
            code: 415,
            reason: "UnsupportedMediaType".into(),
            message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml".to_string(),
            name: None,
            group: None,
            kind: None,
            causes: vec![],
        })?;
        let stored = self.get(storage, ns, name)?;
        let mut obj = from_storage(info, stored);
        apply_patch(self.schema(), info, &mut obj, kind, &body)?;
        let mut obj = to_storage(info, &obj);
        if body.pointer("/metadata/resourceVersion").is_none() {
            if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                m.shift_remove("resourceVersion");
            }
        }
        let dry_run = req.query_param("dryRun") == Some("All");
        self.update(storage, ns, name, obj, dry_run)
    }
}

/// The same request's path in the storage version (`/apis/autoscaling/v1/…` → `…/v2/…`).
fn rewrite_path(path: &str, info: &ResourceInfo, storage: &ResourceInfo) -> String {
    let from = info.base_path();
    match path.strip_prefix(&from) {
        Some(rest) => format!("{}{rest}", storage.base_path()),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::request::{ApiRequest, Method};
    use crate::server::ApiServer;
    use kubeplay_core::clock::Time;

    const V1: &str = "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers";
    const V2: &str = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";

    fn call(api: &mut ApiServer, req: ApiRequest) -> (u16, Value) {
        let r = api.handle(&req);
        (r.code, serde_json::from_str(&r.body).unwrap_or(Value::Null))
    }

    fn server() -> ApiServer {
        let mut api = ApiServer::new(Time::parse_rfc3339("2026-11-25T10:00:00Z").unwrap());
        let ns = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}});
        let req = ApiRequest::new(Method::Post, "/api/v1/namespaces").with_body(ns.to_string());
        assert_eq!(call(&mut api, req).0, 201);
        api
    }

    fn hpa(cpu: i64) -> Value {
        json!({"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "web"},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                "maxReplicas": 3, "targetCPUUtilizationPercentage": cpu}})
    }

    #[test]
    fn v1_is_stored_as_v2_and_patched_as_v1() {
        let mut api = server();
        let (code, body) = call(
            &mut api,
            ApiRequest::new(Method::Post, V1).with_body(hpa(0).to_string()),
        );
        assert_eq!(code, 422);
        assert_eq!(body["message"], "HorizontalPodAutoscaler.autoscaling \"web\" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0");
        let req = ApiRequest::new(Method::Post, V1).with_body(hpa(50).to_string());
        let (code, body) = call(&mut api, req);
        assert_eq!(code, 201);
        assert_eq!(body["apiVersion"], "autoscaling/v1");
        assert_eq!(body["spec"]["minReplicas"], 1);
        let (_, v2) = call(&mut api, ApiRequest::get(format!("{V2}/web")));
        assert_eq!(
            v2.pointer("/spec/metrics/0/resource/target/averageUtilization"),
            Some(&json!(50))
        );
        assert_eq!(
            v2["status"],
            json!({"desiredReplicas": 0, "currentMetrics": null})
        );
        let p = json!({"spec": {"targetCPUUtilizationPercentage": 70}});
        let req = ApiRequest::new(Method::Patch, format!("{V1}/web"))
            .with_content_type("application/merge-patch+json")
            .with_body(p.to_string());
        let (code, body) = call(&mut api, req);
        assert_eq!(code, 200, "{body}");
        assert_eq!(body["spec"]["targetCPUUtilizationPercentage"], 70);
        let (_, list) = call(&mut api, ApiRequest::get(V1));
        assert_eq!(list["kind"], "HorizontalPodAutoscalerList");
        assert_eq!(list["apiVersion"], "autoscaling/v1");
        assert_eq!(
            list.pointer("/items/0/spec/targetCPUUtilizationPercentage"),
            Some(&json!(70))
        );
    }
}
