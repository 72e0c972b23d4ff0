//! The review APIs, answered and never stored: SelfSubjectAccessReview (`kubectl auth can-i`),
//! SelfSubjectRulesReview (`can-i --list`), SubjectAccessReview and LocalSubjectAccessReview
//! (for another user), and SelfSubjectReview (`kubectl auth whoami`).

use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::status::Status;
use serde_json::{json, Map, Value};

use super::{rbac, Attributes, UserInfo};
use crate::server::ApiServer;

impl ApiServer {
    /// The review kinds are only ever created.
    pub(crate) fn is_review(info: &ResourceInfo) -> bool {
        matches!(
            info.group.as_str(),
            "authorization.k8s.io" | "authentication.k8s.io"
        )
    }

    /// Answer a POST of a review kind, or None for any other resource.
    pub(crate) fn review(
        &self,
        info: &ResourceInfo,
        ns: Option<&str>,
        body: &Value,
        user: &UserInfo,
    ) -> Option<Result<(u16, Value), Status>> {
        let spec = body.get("spec").cloned().unwrap_or_else(|| json!({}));
        let status = match (info.group.as_str(), info.kind.as_str()) {
            ("authorization.k8s.io", "SelfSubjectAccessReview") => self.access(user, &spec, None),
            ("authorization.k8s.io", "SubjectAccessReview") => {
                self.access(&subject(&spec), &spec, None)
            }
            ("authorization.k8s.io", "LocalSubjectAccessReview") => {
                self.access(&subject(&spec), &spec, ns)
            }
            ("authorization.k8s.io", "SelfSubjectRulesReview") => self.rules(user, &spec),
            ("authentication.k8s.io", "SelfSubjectReview") => {
                json!({"userInfo": user_info_json(user)})
            }
            ("authentication.k8s.io", "TokenReview") => self.token_review(&spec),
            _ => return None,
        };
        // Only SelfSubjectReview's answer is stamped with the time.
        let mut meta = json!({"creationTimestamp": null});
        if info.kind == "SelfSubjectReview" {
            meta["creationTimestamp"] = json!(self.now.rfc3339());
        }
        if let Some(ns) = ns.filter(|_| info.namespaced) {
            meta["namespace"] = json!(ns);
        }
        let mut out = json!({
            "kind": info.kind,
            "apiVersion": info.api_version(),
            "metadata": meta,
            "spec": spec,
            "status": status,
        });
        if info.kind == "SelfSubjectReview" {
            if let Some(o) = out.as_object_mut() {
                o.remove("spec");
            }
        }
        Some(Ok((201, out)))
    }

    /// Whether a bearer token authenticates, and as whom.
    fn token_review(&self, spec: &Value) -> Value {
        let token = spec.get("token").and_then(|t| t.as_str()).unwrap_or("");
        let probe = kubeplay_core::api::ApiRequest::get("/")
            .with_header("Authorization", format!("Bearer {token}"));
        match self.authenticate(&probe) {
            Ok(user) if !token.is_empty() => json!({
                "authenticated": true,
                "user": user_info_json(&user),
                "audiences": [super::ISSUER],
            }),
            _ => {
                json!({"user": {}, "error": "[invalid bearer token, service account token has been invalidated]"})
            }
        }
    }

    fn access(&self, user: &UserInfo, spec: &Value, ns: Option<&str>) -> Value {
        let s = |p: &str| {
            spec.pointer(p)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let attrs = if spec.get("resourceAttributes").is_some() {
            Attributes {
                verb: s("/resourceAttributes/verb"),
                resource_request: true,
                api_group: s("/resourceAttributes/group"),
                api_version: s("/resourceAttributes/version"),
                resource: s("/resourceAttributes/resource"),
                subresource: s("/resourceAttributes/subresource"),
                namespace: ns
                    .map(String::from)
                    .unwrap_or_else(|| s("/resourceAttributes/namespace")),
                name: s("/resourceAttributes/name"),
                path: String::new(),
            }
        } else {
            Attributes {
                verb: s("/nonResourceAttributes/verb"),
                path: s("/nonResourceAttributes/path"),
                ..Attributes::default()
            }
        };
        let d = self.authorize(user, &attrs);
        let mut status = json!({"allowed": d.allowed});
        if !d.reason.is_empty() {
            status["reason"] = json!(d.reason);
        }
        status
    }

    fn rules(&self, user: &UserInfo, spec: &Value) -> Value {
        let ns = spec.get("namespace").and_then(|n| n.as_str()).unwrap_or("");
        let (rules, errors) = rbac::rules_for(self.store(), user, ns);
        let mut resource_rules = Vec::new();
        let mut non_resource_rules = Vec::new();
        for r in &rules {
            let has = |k: &str| {
                r.get(k)
                    .and_then(|v| v.as_array())
                    .is_some_and(|a| !a.is_empty())
            };
            let pick = |keys: &[&str]| {
                let mut m = Map::new();
                for k in keys {
                    if let Some(v) = r
                        .get(*k)
                        .filter(|v| v.as_array().is_some_and(|a| !a.is_empty()) || *k == "verbs")
                    {
                        m.insert(k.to_string(), v.clone());
                    }
                }
                Value::Object(m)
            };
            if has("resources") {
                resource_rules.push(pick(&["verbs", "apiGroups", "resources", "resourceNames"]));
            }
            if has("nonResourceURLs") {
                non_resource_rules.push(pick(&["verbs", "nonResourceURLs"]));
            }
        }
        let mut status = json!({
            "resourceRules": resource_rules,
            "nonResourceRules": non_resource_rules,
            "incomplete": false,
        });
        if !errors.is_empty() {
            status["evaluationError"] = json!(if errors.len() == 1 {
                errors[0].clone()
            } else {
                format!("[{}]", errors.join(", "))
            });
        }
        status
    }
}

/// The user a SubjectAccessReview's spec names.
fn subject(spec: &Value) -> UserInfo {
    let s = |k: &str| {
        spec.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let mut groups: Vec<String> = spec
        .get("groups")
        .and_then(|g| g.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|g| g.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    groups.dedup();
    UserInfo {
        name: s("user"),
        uid: s("uid"),
        groups,
        extra: vec![],
    }
}

fn user_info_json(user: &UserInfo) -> Value {
    let mut v = json!({"username": user.name});
    if !user.uid.is_empty() {
        v["uid"] = json!(user.uid);
    }
    if !user.groups.is_empty() {
        v["groups"] = json!(user.groups);
    }
    if !user.extra.is_empty() {
        let extra: Map<String, Value> = user
            .extra
            .iter()
            .map(|(k, vals)| (k.clone(), json!(vals)))
            .collect();
        v["extra"] = Value::Object(extra);
    }
    v
}
