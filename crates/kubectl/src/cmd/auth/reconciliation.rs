//! RBAC reconciliation as `k8s.io/component-helpers/auth/rbac/reconciliation` does it: which
//! rules a role lacks (broken down to one verb, group, resource and name each, compared with
//! RBAC's covering rules), which subjects a binding lacks, and the object to write.

use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Operation {
    None,
    Create,
    Update,
    Recreate,
}

/// What reconciling one object found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub object: Value,
    pub operation: Operation,
    /// `rbac.authorization.kubernetes.io/autoupdate: "false"` on the live object.
    pub protected: bool,
    pub missing: Vec<Value>,
    pub extra: Vec<Value>,
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

fn rules(role: &Value) -> Vec<Value> {
    role.get("rules")
        .and_then(|r| r.as_array())
        .cloned()
        .unwrap_or_default()
}

/// One rule per verb, group, resource (and name); one per URL and verb.
fn breakdown(rule: &Value) -> Vec<Value> {
    let (verbs, groups, resources, names) = (
        strs(rule, "verbs"),
        strs(rule, "apiGroups"),
        strs(rule, "resources"),
        strs(rule, "resourceNames"),
    );
    let mut out = Vec::new();
    for g in &groups {
        for r in &resources {
            for v in &verbs {
                if names.is_empty() {
                    out.push(json!({"verbs": [v], "apiGroups": [g], "resources": [r]}));
                }
                for n in &names {
                    out.push(json!({"verbs": [v], "apiGroups": [g], "resources": [r], "resourceNames": [n]}));
                }
            }
        }
    }
    for u in strs(rule, "nonResourceURLs") {
        for v in &verbs {
            out.push(json!({"verbs": [v], "nonResourceURLs": [u]}));
        }
    }
    out
}

fn has_all(set: &[String], wanted: &[String]) -> bool {
    wanted.iter().all(|w| set.contains(w))
}

/// RBAC validation's `ruleCovers`.
fn covers(owner: &Value, sub: &Value) -> bool {
    let (ov, og, or, on, ou) = (
        strs(owner, "verbs"),
        strs(owner, "apiGroups"),
        strs(owner, "resources"),
        strs(owner, "resourceNames"),
        strs(owner, "nonResourceURLs"),
    );
    let star = |s: &[String]| s.iter().any(|x| x == "*");
    let verbs = star(&ov) || has_all(&ov, &strs(sub, "verbs"));
    let groups = star(&og) || has_all(&og, &strs(sub, "apiGroups"));
    let resources = star(&or)
        || strs(sub, "resources").iter().all(|r| {
            or.contains(r)
                || r.split_once('/')
                    .is_some_and(|(_, s)| or.contains(&format!("*/{s}")))
        });
    let urls = strs(sub, "nonResourceURLs").iter().all(|u| {
        ou.iter()
            .any(|o| o == u || (o.ends_with('*') && u.starts_with(o.trim_end_matches('*'))))
    });
    let sub_names = strs(sub, "resourceNames");
    let names = on.is_empty() || (!sub_names.is_empty() && has_all(&on, &sub_names));
    verbs && groups && resources && urls && names
}

/// The broken-down rules of `servant` that no rule of `owner` covers.
fn uncovered(owner: &[Value], servant: &[Value]) -> Vec<Value> {
    servant
        .iter()
        .flat_map(breakdown)
        .filter(|sub| !owner.iter().any(|o| covers(o, sub)))
        .collect()
}

/// Expected labels and annotations under the live ones (the live values win).
fn merge_meta(object: &mut Value, expected: &Value, key: &str) -> bool {
    let live = object.pointer(&format!("/metadata/{key}")).cloned();
    let mut merged: Map<String, Value> = expected
        .pointer(&format!("/metadata/{key}"))
        .and_then(|m| m.as_object())
        .cloned()
        .unwrap_or_default();
    for (k, v) in live
        .as_ref()
        .and_then(|l| l.as_object())
        .into_iter()
        .flatten()
    {
        merged.insert(k.clone(), v.clone());
    }
    let changed = live
        .as_ref()
        .and_then(|l| l.as_object())
        .map(|m| m.len())
        .unwrap_or(0)
        != merged.len();
    if changed {
        object["metadata"][key] = Value::Object(merged);
    }
    changed
}

fn protected(live: &Value) -> bool {
    live.pointer("/metadata/annotations/rbac.authorization.kubernetes.io~1autoupdate")
        .and_then(|v| v.as_str())
        == Some("false")
}

/// A Role or ClusterRole from a file against the live one (None: it does not exist).
pub fn role(expected: &Value, live: Option<&Value>, remove_extra: bool) -> Outcome {
    let Some(live) = live else {
        return Outcome {
            object: expected.clone(),
            operation: Operation::Create,
            protected: false,
            missing: rules(expected),
            extra: vec![],
        };
    };
    let mut object = live.clone();
    let mut operation = Operation::None;
    for key in ["annotations", "labels"] {
        if merge_meta(&mut object, expected, key) {
            operation = Operation::Update;
        }
    }
    let both_aggregated =
        expected.get("aggregationRule").is_some() && live.get("aggregationRule").is_some();
    let extra = if both_aggregated {
        vec![]
    } else {
        uncovered(&rules(expected), &rules(live))
    };
    let missing = uncovered(&rules(live), &rules(expected));
    if !remove_extra && !missing.is_empty() {
        let mut all = rules(live);
        all.extend(missing.iter().cloned());
        object["rules"] = Value::Array(all);
        operation = Operation::Update;
    } else if remove_extra && (!missing.is_empty() || !extra.is_empty()) {
        object["rules"] = Value::Array(rules(expected));
        operation = Operation::Update;
    }
    if expected.get("aggregationRule").is_some()
        && live.get("aggregationRule") != expected.get("aggregationRule")
    {
        object["aggregationRule"] = expected["aggregationRule"].clone();
        operation = Operation::Update;
    }
    Outcome {
        object,
        operation,
        protected: protected(live),
        missing,
        extra,
    }
}

fn subjects(b: &Value) -> Vec<Value> {
    b.get("subjects")
        .and_then(|s| s.as_array())
        .cloned()
        .unwrap_or_default()
}

/// A RoleBinding or ClusterRoleBinding from a file against the live one.
pub fn binding(expected: &Value, live: Option<&Value>, remove_extra: bool) -> Outcome {
    let Some(live) = live else {
        return Outcome {
            object: expected.clone(),
            operation: Operation::Create,
            protected: false,
            missing: subjects(expected),
            extra: vec![],
        };
    };
    if live.get("roleRef") != expected.get("roleRef") {
        return Outcome {
            object: expected.clone(),
            operation: Operation::Recreate,
            protected: protected(live),
            missing: vec![],
            extra: vec![],
        };
    }
    let mut object = live.clone();
    let mut operation = Operation::None;
    for key in ["annotations", "labels"] {
        if merge_meta(&mut object, expected, key) {
            operation = Operation::Update;
        }
    }
    let (want, have) = (subjects(expected), subjects(live));
    let missing: Vec<Value> = want.iter().filter(|s| !have.contains(s)).cloned().collect();
    let extra: Vec<Value> = have.iter().filter(|s| !want.contains(s)).cloned().collect();
    if !remove_extra && !missing.is_empty() {
        let mut all = have.clone();
        all.extend(missing.iter().cloned());
        object["subjects"] = Value::Array(all);
        operation = Operation::Update;
    } else if remove_extra && (!missing.is_empty() || !extra.is_empty()) {
        object["subjects"] = Value::Array(want);
        operation = Operation::Update;
    }
    Outcome {
        object,
        operation,
        protected: protected(live),
        missing,
        extra,
    }
}

/// Go's `%+v` of an rbacv1.PolicyRule.
pub fn rule_text(rule: &Value) -> String {
    let l = |k: &str| format!("[{}]", strs(rule, k).join(" "));
    format!(
        "{{Verbs:{} APIGroups:{} Resources:{} ResourceNames:{} NonResourceURLs:{}}}",
        l("verbs"),
        l("apiGroups"),
        l("resources"),
        l("resourceNames"),
        l("nonResourceURLs")
    )
}

/// Go's `%+v` of an rbacv1.Subject.
pub fn subject_text(s: &Value) -> String {
    let f = |k: &str| s.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    format!(
        "{{Kind:{} APIGroup:{} Name:{} Namespace:{}}}",
        f("kind"),
        f("apiGroup"),
        f("name"),
        f("namespace")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_rules_are_added_broken_down() {
        let live = json!({"metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]});
        let file = json!({"metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}]});
        let o = role(&file, Some(&live), false);
        assert_eq!(o.operation, Operation::Update);
        assert_eq!(o.missing.len(), 1);
        assert_eq!(
            rule_text(&o.missing[0]),
            "{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}"
        );
        let o = role(&live, Some(&file), false);
        assert_eq!(o.operation, Operation::None);
        assert_eq!(o.extra.len(), 1);
        assert_eq!(role(&live, Some(&file), true).operation, Operation::Update);
    }
}
