//! Roles and bindings.

use serde_json::Value;

use super::{arr, go_quote, s, Errs};

pub fn role(obj: &Value, namespaced: bool, e: &mut Errs) {
    for (i, rule) in arr(Some(obj), "rules").iter().enumerate() {
        if arr(Some(rule), "verbs").is_empty() {
            e.required_detail(
                &format!("rules[{i}].verbs"),
                "verbs must contain at least one value",
            );
        }
        let urls = arr(Some(rule), "nonResourceURLs");
        if !urls.is_empty() {
            let quoted: Vec<String> = urls
                .iter()
                .map(|u| go_quote(u.as_str().unwrap_or("")))
                .collect();
            let value = format!("[]string{{{}}}", quoted.join(", "));
            if namespaced {
                e.invalid_raw(
                    &format!("rules[{i}].nonResourceURLs"),
                    &value,
                    "namespaced rules cannot apply to non-resource URLs",
                );
            }
            if ["apiGroups", "resources", "resourceNames"]
                .iter()
                .any(|k| !arr(Some(rule), k).is_empty())
            {
                e.invalid_raw(
                    &format!("rules[{i}].nonResourceURLs"),
                    &value,
                    "rules cannot apply to both regular resources and non-resource URLs",
                );
            }
            continue;
        }
        if arr(Some(rule), "apiGroups").is_empty() {
            e.required_detail(
                &format!("rules[{i}].apiGroups"),
                "resource rules must supply at least one api group",
            );
        }
        if arr(Some(rule), "resources").is_empty() {
            e.required_detail(
                &format!("rules[{i}].resources"),
                "resource rules must supply at least one resource",
            );
        }
    }
}

pub fn binding(obj: &Value, cluster: bool, e: &mut Errs) {
    let rr = obj.get("roleRef").cloned().unwrap_or(Value::Null);
    let kinds: &[&str] = if cluster {
        &["ClusterRole"]
    } else {
        &["Role", "ClusterRole"]
    };
    if s(&rr, "apiGroup") != "rbac.authorization.k8s.io" {
        e.unsupported(
            "roleRef.apiGroup",
            s(&rr, "apiGroup"),
            &["rbac.authorization.k8s.io"],
        );
    }
    if !kinds.contains(&s(&rr, "kind")) {
        e.unsupported("roleRef.kind", s(&rr, "kind"), kinds);
    }
    if s(&rr, "name").is_empty() {
        e.required("roleRef.name");
    }
    for (i, sub) in arr(Some(obj), "subjects").iter().enumerate() {
        let at = format!("subjects[{i}]");
        if s(sub, "name").is_empty() {
            e.required(&format!("{at}.name"));
        }
        match s(sub, "kind") {
            "ServiceAccount" => {
                if cluster && s(sub, "namespace").is_empty() {
                    e.required(&format!("{at}.namespace"));
                }
            }
            "User" | "Group" => {
                if s(sub, "apiGroup") != "rbac.authorization.k8s.io" {
                    e.unsupported(
                        &format!("{at}.apiGroup"),
                        s(sub, "apiGroup"),
                        &["rbac.authorization.k8s.io"],
                    );
                }
            }
            other => e.unsupported(
                &format!("{at}.kind"),
                other,
                &["ServiceAccount", "User", "Group"],
            ),
        }
    }
}
