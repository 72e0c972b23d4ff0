//! A pod's `ephemeralcontainers` subresource (what `kubectl debug` patches): the only way to
//! add an ephemeral container. The patch or the object sent is read for its
//! `spec.ephemeralContainers` alone; the rest of the pod stays as it is. As the API server's
//! `ValidatePodEphemeralContainersUpdate`: existing ephemeral containers may be neither removed
//! nor changed, and a new one may not carry what would make it part of the workload (ports,
//! probes, resources, lifecycle).

use serde_json::{json, Value};

use crate::discovery::ResourceInfo;
use crate::meta;
use crate::patch::{self, PatchKind};
use crate::server::ApiServer;
use crate::status::{cause, required, Status, StatusCause};
use crate::store::Key;

/// The fields a new ephemeral container may not set (the allowlist's complement that matters).
const FORBIDDEN: &[&str] = &[
    "ports",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "resources",
    "resizePolicy",
    "lifecycle",
    "restartPolicy",
];

fn list<'a>(pod: &'a Value, field: &str) -> Vec<&'a Value> {
    pod.pointer(&format!("/spec/{field}"))
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn name_of(c: &Value) -> &str {
    meta::str_at(c, &["name"])
}

/// Whether a field is set (`resources: {}` as defaulting leaves it is not).
fn set(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Object(m)) => !m.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(_) => true,
    }
}

/// What is wrong with going from `old`'s ephemeral containers to `new`'s.
pub fn validate(old: &Value, new: &Value) -> Vec<StatusCause> {
    let mut errs = Vec::new();
    let path = "spec.ephemeralContainers";
    let olds = list(old, "ephemeralContainers");
    let news = list(new, "ephemeralContainers");
    for o in &olds {
        match news.iter().find(|n| name_of(n) == name_of(o)) {
            None => errs.push(cause(
                "FieldValueForbidden",
                path,
                format!(
                    "Forbidden: existing ephemeral containers {:?} may not be removed",
                    name_of(o)
                ),
            )),
            Some(n) if n != o => errs.push(cause(
                "FieldValueForbidden",
                &format!("{path}[{}]", name_of(o)),
                format!(
                    "Forbidden: existing ephemeral containers {:?} may not be changed",
                    name_of(o)
                ),
            )),
            Some(_) => {}
        }
    }
    let mut seen: Vec<String> = ["containers", "initContainers"]
        .iter()
        .flat_map(|f| list(new, f))
        .map(|c| name_of(c).to_string())
        .collect();
    let targets = seen.clone();
    for (i, c) in news.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let name = name_of(c);
        if olds.iter().any(|o| name_of(o) == name) {
            seen.push(name.to_string());
            continue;
        }
        if name.is_empty() {
            errs.push(required(&format!("{at}.name")));
        } else if seen.iter().any(|n| n == name) {
            errs.push(cause(
                "FieldValueDuplicate",
                &format!("{at}.name"),
                format!("Duplicate value: {name:?}"),
            ));
        }
        seen.push(name.to_string());
        if meta::str_at(c, &["image"]).is_empty() {
            errs.push(required(&format!("{at}.image")));
        }
        for f in FORBIDDEN {
            if set(c.get(*f)) {
                errs.push(cause(
                    "FieldValueForbidden",
                    &format!("{at}.{f}"),
                    "Forbidden: cannot be set for an Ephemeral Container",
                ));
            }
        }
        let target = meta::str_at(c, &["targetContainerName"]);
        if !target.is_empty() && !targets.iter().any(|n| n == target) {
            errs.push(cause(
                "FieldValueNotFound",
                &format!("{at}.targetContainerName"),
                format!("Not found: {target:?}"),
            ));
        }
    }
    errs
}

impl ApiServer {
    /// PATCH or PUT on `pods/NAME/ephemeralcontainers`: the pod with the ephemeral containers
    /// the request gives, the rest unchanged.
    pub(crate) fn ephemeral_containers(
        &mut self,
        info: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
        body: &Value,
        kind: Option<PatchKind>,
        dry_run: bool,
    ) -> Result<Value, Status> {
        let key = Key::new(&info.gr(), ns.unwrap_or_default(), name);
        let old = self
            .store
            .get(&key)
            .cloned()
            .ok_or_else(|| Status::not_found(&info.group, &info.plural, name))?;
        let mut sent = old.clone();
        match kind {
            None => sent = body.clone(),
            Some(PatchKind::Strategic) => patch::strategic_merge(&mut sent, body),
            Some(PatchKind::Json) => patch::json_patch(&mut sent, body).map_err(|e| {
                Status::invalid("", "Pod", name, vec![cause("FieldValueInvalid", "", e)])
            })?,
            Some(_) => patch::merge_patch(&mut sent, body),
        }
        let mut new = old.clone();
        let ephemeral = sent
            .pointer("/spec/ephemeralContainers")
            .cloned()
            .unwrap_or(json!([]));
        meta::set(&mut new, &["spec", "ephemeralContainers"], ephemeral);
        if let Some(spec) = new.get_mut("spec").and_then(Value::as_object_mut) {
            crate::defaults::pod::pod_spec(spec);
        }
        let errs = validate(&old, &new);
        if !errs.is_empty() {
            return Err(Status::invalid("", "Pod", name, errs));
        }
        if new == old || dry_run {
            return Ok(meta::canonical(info, new));
        }
        Ok(self.commit(info, key, new))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{ApiRequest, Method};
    use kubeplay_core::clock::Time;

    fn send(api: &mut ApiServer, method: Method, path: &str, body: Value) -> (u16, Value) {
        let req = ApiRequest::new(method, path)
            .with_body(body.to_string())
            .with_content_type("application/strategic-merge-patch+json");
        let r = api.handle(&req);
        (r.code, serde_json::from_str(&r.body).unwrap())
    }

    #[test]
    fn the_subresource_adds_and_keeps_ephemeral_containers_and_nothing_else() {
        let mut api = ApiServer::new(Time(1_795_600_800));
        send(
            &mut api,
            Method::Post,
            "/api/v1/namespaces",
            json!({"metadata": {"name": "default"}}),
        );
        let sa = "/api/v1/namespaces/default/serviceaccounts";
        send(
            &mut api,
            Method::Post,
            sa,
            json!({"metadata": {"name": "default"}}),
        );
        let pods = "/api/v1/namespaces/default/pods";
        let (code, _) = send(
            &mut api,
            Method::Post,
            pods,
            json!({"metadata": {"name": "web"}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}}),
        );
        assert_eq!(code, 201);
        let sub = format!("{pods}/web/ephemeralcontainers");
        let add = json!({"spec": {"ephemeralContainers": [{"name": "d1", "image": "busybox",
            "resources": {}, "terminationMessagePolicy": "File"}], "nodeName": "elsewhere"}});
        let (code, pod) = send(&mut api, Method::Patch, &sub, add);
        assert_eq!(code, 200, "{pod}");
        assert_eq!(
            pod["spec"]["ephemeralContainers"][0]["imagePullPolicy"],
            json!("Always")
        );
        assert!(
            pod["spec"].get("nodeName").is_none(),
            "only ephemeral containers change"
        );
        let second = json!({"spec": {"ephemeralContainers": [{"name": "d2", "image": "busybox"}]}});
        let (code, pod) = send(&mut api, Method::Patch, &sub, second);
        assert_eq!(code, 200);
        assert_eq!(
            pod["spec"]["ephemeralContainers"].as_array().unwrap().len(),
            2
        );
        let mut put = pod.clone();
        put["spec"]["ephemeralContainers"] = json!([pod["spec"]["ephemeralContainers"][1]]);
        let (code, status) = send(&mut api, Method::Put, &sub, put);
        assert_eq!(code, 422);
        assert_eq!(status["message"], json!("Pod \"web\" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers \"d1\" may not be removed"));
        let probe = json!({"spec": {"ephemeralContainers": [{"name": "d3", "image": "busybox",
            "readinessProbe": {"exec": {"command": ["true"]}}}]}});
        let (code, status) = send(&mut api, Method::Patch, &sub, probe);
        assert_eq!(code, 422);
        assert_eq!(status["message"], json!("Pod \"web\" is invalid: spec.ephemeralContainers[2].readinessProbe: Forbidden: cannot be set for an Ephemeral Container"));
        let (code, got) = send(&mut api, Method::Get, &sub, json!({}));
        assert_eq!((code, got["kind"].clone()), (200, json!("Pod")));
    }

    fn pod(ephemeral: Value) -> Value {
        json!({"spec": {"containers": [{"name": "web", "image": "nginx"}],
            "ephemeralContainers": ephemeral}})
    }

    #[test]
    fn new_ephemeral_containers_are_checked_and_old_ones_kept() {
        let old = pod(json!([{"name": "debugger-a", "image": "busybox"}]));
        assert!(validate(&old, &old).is_empty());
        let gone = validate(&old, &pod(json!([])));
        assert_eq!(
            gone[0].message,
            "Forbidden: existing ephemeral containers \"debugger-a\" may not be removed"
        );
        let bad = pod(json!([{"name": "debugger-a", "image": "busybox"},
            {"name": "web", "image": "busybox", "ports": [{"containerPort": 80}],
             "resources": {}, "targetContainerName": "nope"}]));
        let fields: Vec<String> = validate(&old, &bad).into_iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            vec![
                "spec.ephemeralContainers[1].name",
                "spec.ephemeralContainers[1].ports",
                "spec.ephemeralContainers[1].targetContainerName"
            ]
        );
    }
}
