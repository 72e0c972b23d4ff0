//! `kubectl describe role|clusterrole|rolebinding|clusterrolebinding`: rules broken down to one
//! verb, resource and name each, compacted back per resource and sorted as kubectl's
//! `pkg/util/rbac` does; bindings with their role and subjects.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::{annotations_multiline, arr, labels_multiline, s, Settings, LEVEL_0, LEVEL_1, W};
use crate::{Ctx, KError};

/// One policy rule with each list as Go holds it.
#[derive(Debug, Clone, Default, PartialEq)]
struct Rule {
    verbs: Vec<String>,
    groups: Vec<String>,
    resources: Vec<String>,
    names: Vec<String>,
    urls: Vec<String>,
}

fn strings(v: &Value, pointer: &str) -> Vec<String> {
    arr(v, pointer)
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

impl Rule {
    fn from_json(v: &Value) -> Rule {
        Rule {
            verbs: strings(v, "/verbs"),
            groups: strings(v, "/apiGroups"),
            resources: strings(v, "/resources"),
            names: strings(v, "/resourceNames"),
            urls: strings(v, "/nonResourceURLs"),
        }
    }

    /// The generated `PolicyRule.String()` kubectl sorts by.
    fn go_string(&self) -> String {
        format!(
            "&PolicyRule{{Verbs:{},APIGroups:{},Resources:{},ResourceNames:{},NonResourceURLs:{},}}",
            go_list(&self.verbs),
            go_list(&self.groups),
            go_list(&self.resources),
            go_list(&self.names),
            go_list(&self.urls)
        )
    }
}

/// Go's `%v` of a string slice.
fn go_list(v: &[String]) -> String {
    format!("[{}]", v.join(" "))
}

/// `BreakdownRule`: one rule per group, resource, verb (and name); non-resource URLs per verb.
fn breakdown(rule: &Rule) -> Vec<Rule> {
    let mut out = Vec::new();
    let one = |x: &String| vec![x.clone()];
    for g in &rule.groups {
        for r in &rule.resources {
            for v in &rule.verbs {
                let base = Rule {
                    verbs: one(v),
                    groups: one(g),
                    resources: one(r),
                    ..Rule::default()
                };
                if rule.names.is_empty() {
                    out.push(base);
                } else {
                    out.extend(rule.names.iter().map(|n| Rule {
                        names: one(n),
                        ..base.clone()
                    }));
                }
            }
        }
    }
    for u in &rule.urls {
        for v in &rule.verbs {
            out.push(Rule {
                verbs: one(v),
                urls: one(u),
                ..Rule::default()
            });
        }
    }
    out
}

/// `CompactRules` then the stable sort by `String()`: rules on one resource (and name) gather
/// their verbs; the others stay as they are.
fn compact(rules: Vec<Rule>) -> Vec<Rule> {
    let mut complex = Vec::new();
    let mut simple: Vec<Rule> = Vec::new();
    for rule in rules {
        let is_simple = rule.urls.is_empty()
            && rule.names.len() <= 1
            && rule.groups.len() == 1
            && rule.resources.len() == 1;
        if !is_simple {
            complex.push(rule);
            continue;
        }
        let same = simple.iter_mut().find(|r| {
            r.groups == rule.groups && r.resources == rule.resources && r.names == rule.names
        });
        match same {
            Some(existing) => {
                for v in rule.verbs {
                    if !existing.verbs.contains(&v) {
                        existing.verbs.push(v);
                    }
                }
            }
            None => simple.push(rule),
        }
    }
    complex.extend(simple);
    complex.sort_once_by_key(|r| r.go_string());
    complex
}

/// `CombineResourceGroup`: `resource.group/subresource`.
fn resource_group(r: &Rule) -> String {
    let Some(first) = r.resources.first() else {
        return String::new();
    };
    let (name, sub) = match first.split_once('/') {
        Some((n, s)) => (n, Some(s)),
        None => (first.as_str(), None),
    };
    let mut out = name.to_string();
    if let Some(g) = r.groups.first().filter(|g| !g.is_empty()) {
        out.push('.');
        out.push_str(g);
    }
    if let Some(sub) = sub {
        out.push('/');
        out.push_str(sub);
    }
    out
}

/// Role and ClusterRole.
pub fn describe_role(_: &mut Ctx, role: &Value, _: &Settings) -> Result<String, KError> {
    Ok(render_role(role))
}

pub fn render_role(role: &Value) -> String {
    let rules: Vec<Rule> = arr(role, "/rules")
        .iter()
        .flat_map(|r| breakdown(&Rule::from_json(r)))
        .collect();
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(role, "/metadata/name")));
    labels_multiline(&mut w, "", "Labels", role.labels());
    annotations_multiline(&mut w, "Annotations", role.annotations());
    w.write(LEVEL_0, "PolicyRule:\n");
    w.write(
        LEVEL_1,
        "Resources\tNon-Resource URLs\tResource Names\tVerbs\n",
    );
    w.write(
        LEVEL_1,
        "---------\t-----------------\t--------------\t-----\n",
    );
    for r in compact(rules) {
        w.write(
            LEVEL_1,
            &format!(
                "{}\t{}\t{}\t{}\n",
                resource_group(&r),
                go_list(&r.urls),
                go_list(&r.names),
                go_list(&r.verbs)
            ),
        );
    }
    w.finish()
}

/// RoleBinding and ClusterRoleBinding.
pub fn describe_binding(_: &mut Ctx, b: &Value, _: &Settings) -> Result<String, KError> {
    Ok(render_binding(b))
}

pub fn render_binding(b: &Value) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(b, "/metadata/name")));
    labels_multiline(&mut w, "", "Labels", b.labels());
    annotations_multiline(&mut w, "Annotations", b.annotations());
    w.write(LEVEL_0, "Role:\n");
    w.write(LEVEL_1, &format!("Kind:\t{}\n", s(b, "/roleRef/kind")));
    w.write(LEVEL_1, &format!("Name:\t{}\n", s(b, "/roleRef/name")));
    w.write(LEVEL_0, "Subjects:\n");
    w.write(LEVEL_1, "Kind\tName\tNamespace\n");
    w.write(LEVEL_1, "----\t----\t---------\n");
    for subject in arr(b, "/subjects") {
        w.write(
            LEVEL_1,
            &format!(
                "{}\t{}\t{}\n",
                s(subject, "/kind"),
                s(subject, "/name"),
                s(subject, "/namespace")
            ),
        );
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_are_broken_down_compacted_and_sorted_as_their_go_strings() {
        let role = json!({
            "metadata": {"name": "pod-reader", "namespace": "default"},
            "rules": [
                {"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"]},
                {"apiGroups": ["apps"], "resources": ["deployments"], "resourceNames": ["web"], "verbs": ["get"]},
                {"nonResourceURLs": ["/healthz"], "verbs": ["get"]}
            ]
        });
        assert_eq!(
            render_role(&role),
            "Name:         pod-reader
Labels:       <none>
Annotations:  <none>
PolicyRule:
  Resources         Non-Resource URLs  Resource Names  Verbs
  ---------         -----------------  --------------  -----
  pods/log          []                 []              [get list watch]
  pods              []                 []              [get list watch]
                    [/healthz]         []              [get]
  deployments.apps  []                 [web]           [get]
"
        );
    }

    #[test]
    fn a_binding_lists_its_subjects() {
        let b = json!({
            "metadata": {"name": "read-pods", "namespace": "default"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"},
            "subjects": [{"kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"},
                         {"kind": "ServiceAccount", "name": "bot", "namespace": "default"}]
        });
        assert_eq!(
            render_binding(&b),
            "Name:         read-pods
Labels:       <none>
Annotations:  <none>
Role:
  Kind:  Role
  Name:  pod-reader
Subjects:
  Kind            Name  Namespace
  ----            ----  ---------
  User            jane  
  ServiceAccount  bot   default
"
        );
    }
}
