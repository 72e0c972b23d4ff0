//! The RBAC authorizer: the rules of the ClusterRoleBindings, then of the RoleBindings of the
//! request's namespace, whose subjects name the user, tried in the store's order until one
//! allows. A binding whose role is missing adds its error to the reason of a refusal.

use kubeplay_core::api::meta;
use serde_json::Value;

use super::{Attributes, Decision, UserInfo};
use crate::store::Store;

pub const CLUSTER_ROLES: &str = "rbac.authorization.k8s.io/clusterroles";
pub const ROLES: &str = "rbac.authorization.k8s.io/roles";
pub const CLUSTER_ROLE_BINDINGS: &str = "rbac.authorization.k8s.io/clusterrolebindings";
pub const ROLE_BINDINGS: &str = "rbac.authorization.k8s.io/rolebindings";

/// Where a rule came from: the binding, the role and the subject that matched.
struct Source<'a> {
    binding: &'a Value,
    subject: &'a Value,
}

impl Source<'_> {
    /// `ClusterRoleBinding "x" of ClusterRole "y" to Group "z"`, as the authorizer says it.
    fn describe(&self) -> String {
        let s = |v: &Value, p: &str| {
            v.pointer(p)
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string()
        };
        let ns = meta::namespace(self.binding);
        let kind = s(self.subject, "/kind");
        let mut subject_name = s(self.subject, "/name");
        if kind == "ServiceAccount" {
            let sa_ns = s(self.subject, "/namespace");
            subject_name = format!(
                "{subject_name}/{}",
                if sa_ns.is_empty() { ns } else { &sa_ns }
            );
        }
        let binding = if ns.is_empty() {
            format!("ClusterRoleBinding {:?}", meta::name(self.binding))
        } else {
            format!(
                "RoleBinding {:?}",
                format!("{}/{ns}", meta::name(self.binding))
            )
        };
        format!(
            "{binding} of {} {:?} to {kind} {subject_name:?}",
            s(self.binding, "/roleRef/kind"),
            s(self.binding, "/roleRef/name"),
        )
    }
}

/// Decide one request.
pub fn authorize(store: &Store, user: &UserInfo, attrs: &Attributes) -> Decision {
    let mut errors: Vec<String> = Vec::new();
    let mut allowed_by = None;
    visit(store, user, &attrs.namespace, &mut |source, rule, err| {
        if let Some(rule) = rule {
            if rule_allows(attrs, rule) {
                allowed_by = Some(source.describe());
                return false;
            }
        }
        if let Some(e) = err {
            errors.push(e);
        }
        true
    });
    match allowed_by {
        Some(by) => Decision {
            allowed: true,
            reason: format!("RBAC: allowed by {by}"),
        },
        None => Decision {
            allowed: false,
            reason: match errors.len() {
                0 => String::new(),
                1 => format!("RBAC: {}", errors[0]),
                _ => format!("RBAC: [{}]", errors.join(", ")),
            },
        },
    }
}

/// Every rule that applies to the user in a namespace (SelfSubjectRulesReview), with the errors
/// of bindings whose role is missing.
pub fn rules_for(store: &Store, user: &UserInfo, namespace: &str) -> (Vec<Value>, Vec<String>) {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    visit(store, user, namespace, &mut |_, rule, err| {
        if let Some(r) = rule {
            rules.push(r.clone());
        }
        if let Some(e) = err {
            errors.push(e);
        }
        true
    });
    (rules, errors)
}

type Visitor<'v> = dyn FnMut(&Source, Option<&Value>, Option<String>) -> bool + 'v;

/// Walk the rules of the bindings that apply to the user; stop when the visitor says so.
fn visit(store: &Store, user: &UserInfo, namespace: &str, visitor: &mut Visitor) {
    let cluster = store.list(CLUSTER_ROLE_BINDINGS, None).map(|(_, b)| b);
    let local = store
        .list(ROLE_BINDINGS, Some(namespace))
        .filter(|_| !namespace.is_empty())
        .map(|(_, b)| b);
    for binding in cluster.chain(local) {
        let ns = meta::namespace(binding);
        let Some(subject) = subjects(binding).find(|s| applies_to(s, user, ns)) else {
            continue;
        };
        let source = Source { binding, subject };
        match role_rules(store, binding) {
            Ok(rules) => {
                for rule in rules {
                    if !visitor(&source, Some(rule), None) {
                        return;
                    }
                }
            }
            Err(e) => {
                if !visitor(&source, None, Some(e)) {
                    return;
                }
            }
        }
    }
}

fn subjects(binding: &Value) -> impl Iterator<Item = &Value> {
    binding
        .get("subjects")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
}

/// Whether a binding's subject names the user (a service account's namespace defaults to the
/// binding's).
fn applies_to(subject: &Value, user: &UserInfo, binding_ns: &str) -> bool {
    let s = |k: &str| subject.get(k).and_then(|v| v.as_str()).unwrap_or("");
    match s("kind") {
        "User" => s("name") == user.name,
        "Group" => user.in_group(s("name")),
        "ServiceAccount" => {
            let ns = if s("namespace").is_empty() {
                binding_ns
            } else {
                s("namespace")
            };
            !ns.is_empty()
                && user
                    .name
                    .strip_prefix("system:serviceaccount:")
                    .and_then(|rest| rest.split_once(':'))
                    .is_some_and(|(n, name)| n == ns && name == s("name"))
        }
        _ => false,
    }
}

/// The rules of the role a binding refers to, or the lister's not-found error.
fn role_rules<'a>(store: &'a Store, binding: &Value) -> Result<&'a [Value], String> {
    let kind = binding
        .pointer("/roleRef/kind")
        .and_then(|k| k.as_str())
        .unwrap_or("");
    let name = binding
        .pointer("/roleRef/name")
        .and_then(|k| k.as_str())
        .unwrap_or("");
    let ns = meta::namespace(binding);
    let role = match kind {
        "ClusterRole" => store
            .get(&crate::store::Key::new(CLUSTER_ROLES, "", name))
            .ok_or_else(|| format!("clusterrole.rbac.authorization.k8s.io {name:?} not found"))?,
        "Role" if !ns.is_empty() => store
            .get(&crate::store::Key::new(ROLES, ns, name))
            .ok_or_else(|| format!("role.rbac.authorization.k8s.io {name:?} not found"))?,
        other => return Err(format!("unsupported role reference kind: {other:?}")),
    };
    Ok(role
        .get("rules")
        .and_then(|r| r.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[]))
}

fn strs<'a>(rule: &'a Value, key: &str) -> impl Iterator<Item = &'a str> {
    rule.get(key)
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
}

/// Whether one PolicyRule allows the request.
pub fn rule_allows(attrs: &Attributes, rule: &Value) -> bool {
    let verb = strs(rule, "verbs").any(|v| v == "*" || v == attrs.verb);
    if !verb {
        return false;
    }
    if !attrs.resource_request {
        return strs(rule, "nonResourceURLs").any(|u| {
            u == "*"
                || u == attrs.path
                || (u.ends_with('*') && attrs.path.starts_with(u.trim_end_matches('*')))
        });
    }
    let combined = if attrs.subresource.is_empty() {
        attrs.resource.clone()
    } else {
        format!("{}/{}", attrs.resource, attrs.subresource)
    };
    let sub = attrs.subresource.as_str();
    strs(rule, "apiGroups").any(|g| g == "*" || g == attrs.api_group)
        && strs(rule, "resources").any(|r| {
            r == "*" || r == combined || (!sub.is_empty() && r.strip_prefix("*/") == Some(sub))
        })
        && {
            let mut names = strs(rule, "resourceNames").peekable();
            names.peek().is_none() || names.any(|n| n == attrs.name)
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn attrs(verb: &str, group: &str, resource: &str, sub: &str, name: &str) -> Attributes {
        let mut a = Attributes::resource(verb, group, resource, "default", name);
        a.subresource = sub.into();
        a
    }

    #[test]
    fn rules_match_as_rbac_does() {
        let rule =
            json!({"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list"]});
        assert!(rule_allows(&attrs("get", "", "pods", "log", "web"), &rule));
        assert!(!rule_allows(
            &attrs("get", "", "pods", "exec", "web"),
            &rule
        ));
        assert!(!rule_allows(&attrs("delete", "", "pods", "", "web"), &rule));
        assert!(!rule_allows(
            &attrs("get", "apps", "pods", "", "web"),
            &rule
        ));
        let sub = json!({"apiGroups": ["*"], "resources": ["*/scale"], "verbs": ["*"]});
        assert!(rule_allows(
            &attrs("update", "apps", "deployments", "scale", "d"),
            &sub
        ));
        assert!(!rule_allows(
            &attrs("update", "apps", "deployments", "", "d"),
            &sub
        ));
        let named = json!({"apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["a"], "verbs": ["get"]});
        assert!(rule_allows(
            &attrs("get", "", "configmaps", "", "a"),
            &named
        ));
        assert!(!rule_allows(
            &attrs("get", "", "configmaps", "", "b"),
            &named
        ));
        let urls = json!({"nonResourceURLs": ["/apis/*", "/version"], "verbs": ["get"]});
        let mut a = Attributes {
            verb: "get".into(),
            path: "/apis/apps/v1".into(),
            ..Attributes::default()
        };
        assert!(rule_allows(&a, &urls));
        a.path = "/healthz".into();
        assert!(!rule_allows(&a, &urls));
    }

    #[test]
    fn service_account_subjects_default_to_the_binding_namespace() {
        let user = UserInfo {
            name: "system:serviceaccount:dev:sa".into(),
            ..UserInfo::default()
        };
        let subject = json!({"kind": "ServiceAccount", "name": "sa"});
        assert!(applies_to(&subject, &user, "dev"));
        assert!(!applies_to(&subject, &user, "default"));
        assert!(!applies_to(&subject, &user, ""));
    }
}
