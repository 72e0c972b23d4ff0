//! RBAC's escalation check on writes of roles and bindings: a user may only grant what they
//! hold themselves, unless allowed to `escalate` (roles) or `bind` (the referenced role), as the
//! rbac registry's storage wrappers refuse it.

use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::meta;
use kubeplay_core::api::status::Status;
use serde_json::Value;

use super::rbac::{self, CLUSTER_ROLES, ROLES};
use super::{Attributes, UserInfo, MASTERS};
use crate::server::ApiServer;
use crate::store::Key;
use kubeplay_core::sort::SortOnce;

impl ApiServer {
    /// Refuse a Role, ClusterRole or binding that would give more than the user holds.
    pub(crate) fn confirm_no_escalation(
        &self,
        user: &UserInfo,
        info: &ResourceInfo,
        ns: &str,
        obj: &Value,
    ) -> Result<(), Status> {
        if info.group != "rbac.authorization.k8s.io" || user.in_group(MASTERS) {
            return Ok(());
        }
        let name = meta::name(obj);
        let forbid = |why: String| {
            let mut s = Status::forbidden(format!(
                "{}.rbac.authorization.k8s.io {name:?} is forbidden: {why}",
                info.plural
            ));
            s.name = Some(name.to_string());
            s.group = Some(info.group.clone());
            s.kind = Some(info.plural.clone());
            s
        };
        let allowed = |verb: &str, resource: &str, target: &str, in_ns: &str| {
            let a = Attributes::resource(verb, &info.group, resource, in_ns, target);
            self.authorize(user, &a).allowed
        };
        let rules: Vec<Value> = match info.kind.as_str() {
            "Role" | "ClusterRole" => {
                if allowed("escalate", &info.plural, name, ns) {
                    return Ok(());
                }
                if obj.get("aggregationRule").is_some_and(|r| !r.is_null()) {
                    let everything = serde_json::json!([
                        {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
                        {"nonResourceURLs": ["*"], "verbs": ["*"]}
                    ]);
                    if self
                        .not_held(
                            user,
                            ns,
                            everything.as_array().map(|a| a.as_slice()).unwrap_or(&[]),
                        )
                        .is_some()
                    {
                        return Err(forbid(
                            "must have cluster-admin privileges to use the aggregationRule".into(),
                        ));
                    }
                }
                obj.get("rules")
                    .and_then(|r| r.as_array())
                    .cloned()
                    .unwrap_or_default()
            }
            "RoleBinding" | "ClusterRoleBinding" => {
                let s = |p: &str| obj.pointer(p).and_then(|v| v.as_str()).unwrap_or("");
                let (kind, role) = (s("/roleRef/kind"), s("/roleRef/name"));
                let resource = if kind == "ClusterRole" {
                    "clusterroles"
                } else {
                    "roles"
                };
                if allowed("bind", resource, role, ns) {
                    return Ok(());
                }
                let found = match kind {
                    "ClusterRole" => self.store.get(&Key::new(CLUSTER_ROLES, "", role)),
                    _ => self.store.get(&Key::new(ROLES, ns, role)),
                };
                match found {
                    Some(r) => r
                        .get("rules")
                        .and_then(|r| r.as_array())
                        .cloned()
                        .unwrap_or_default(),
                    None => {
                        return Err(forbid(format!(
                            "{}.rbac.authorization.k8s.io {role:?} not found",
                            kind.to_lowercase()
                        )))
                    }
                }
            }
            _ => return Ok(()),
        };
        match self.not_held(user, ns, &rules) {
            None => Ok(()),
            Some(missing) => {
                let groups: Vec<String> = user.groups.iter().map(|g| format!("{g:?}")).collect();
                Err(forbid(format!(
                    "user {:?} (groups=[{}]) is attempting to grant RBAC permissions not currently held:\n{missing}",
                    user.name,
                    groups.join(" ")
                )))
            }
        }
    }

    /// The rules the user lacks, described as the validation does, or None if they hold all.
    fn not_held(&self, user: &UserInfo, ns: &str, rules: &[Value]) -> Option<String> {
        let (held, _) = rbac::rules_for(self.store(), user, ns);
        let mut missing: Vec<Value> = Vec::new();
        for rule in rules {
            for sub in breakdown(rule) {
                if !held.iter().any(|h| covers(h, &sub)) {
                    missing.push(sub);
                }
            }
        }
        if missing.is_empty() {
            return None;
        }
        let mut lines: Vec<String> = compact(missing).iter().map(compact_string).collect();
        lines.sort_once();
        lines.dedup();
        Some(lines.join("\n"))
    }
}

fn strs(v: &Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// One rule per group, resource, verb (and name); one per URL and verb.
fn breakdown(rule: &Value) -> Vec<Value> {
    let verbs = strs(rule, "verbs");
    let names = strs(rule, "resourceNames");
    let mut out = Vec::new();
    for g in strs(rule, "apiGroups") {
        for r in strs(rule, "resources") {
            for v in &verbs {
                let base = serde_json::json!({"apiGroups": [g], "resources": [r], "verbs": [v]});
                if names.is_empty() {
                    out.push(base.clone());
                }
                for n in &names {
                    let mut one = base.clone();
                    one["resourceNames"] = serde_json::json!([n]);
                    out.push(one);
                }
            }
        }
    }
    for u in strs(rule, "nonResourceURLs") {
        for v in &verbs {
            out.push(serde_json::json!({"nonResourceURLs": [u], "verbs": [v]}));
        }
    }
    out
}

/// RBAC validation's `ruleCovers`: the owner's rule grants all of the broken-down one.
fn covers(owner: &Value, sub: &Value) -> bool {
    let has_all = |k: &str| {
        let own = strs(owner, k);
        own.iter().any(|x| x == "*") || strs(sub, k).iter().all(|x| own.contains(x))
    };
    let own_res = strs(owner, "resources");
    let resources = own_res.iter().any(|x| x == "*")
        || strs(sub, "resources").iter().all(|r| {
            own_res.contains(r)
                || r.split_once('/')
                    .is_some_and(|(_, s)| own_res.contains(&format!("*/{s}")))
        });
    let own_urls = strs(owner, "nonResourceURLs");
    let urls = strs(sub, "nonResourceURLs").iter().all(|u| {
        own_urls
            .iter()
            .any(|o| o == u || (o.ends_with('*') && u.starts_with(o.trim_end_matches('*'))))
    });
    let own_names = strs(owner, "resourceNames");
    let sub_names = strs(sub, "resourceNames");
    let names = own_names.is_empty()
        || (!sub_names.is_empty() && sub_names.iter().all(|n| own_names.contains(n)));
    has_all("verbs") && has_all("apiGroups") && resources && urls && names
}

/// Simple rules (one group, one resource, at most one name) on the same target merge verbs.
fn compact(rules: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for r in rules {
        let simple = r.get("nonResourceURLs").is_none();
        let same = out.iter_mut().find(|o| {
            simple
                && o.get("nonResourceURLs").is_none()
                && o.get("apiGroups") == r.get("apiGroups")
                && o.get("resources") == r.get("resources")
                && o.get("resourceNames") == r.get("resourceNames")
        });
        match same {
            Some(o) => {
                for v in strs(&r, "verbs") {
                    if let Some(verbs) = o.get_mut("verbs").and_then(|x| x.as_array_mut()) {
                        if !verbs.iter().any(|x| x.as_str() == Some(v.as_str())) {
                            verbs.push(Value::from(v));
                        }
                    }
                }
            }
            None => out.push(r),
        }
    }
    out
}

/// `{APIGroups:["apps"], Resources:["deployments"], Verbs:["delete"]}`.
fn compact_string(rule: &Value) -> String {
    let mut parts = Vec::new();
    for (key, label) in [
        ("apiGroups", "APIGroups"),
        ("resources", "Resources"),
        ("nonResourceURLs", "NonResourceURLs"),
        ("resourceNames", "ResourceNames"),
        ("verbs", "Verbs"),
    ] {
        let items = strs(rule, key);
        if !items.is_empty() {
            let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
            parts.push(format!("{label}:[{}]", quoted.join(" ")));
        }
    }
    format!("{{{}}}", parts.join(", "))
}
