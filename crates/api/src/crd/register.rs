//! What an established CRD adds to discovery: one resource per served version, with the names,
//! scope and categories it declares, so `/apis`, `api-resources` and kubectl's mapper see it.

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use crate::discovery::{Discovery, ResourceInfo};

const VERBS: &[&str] = &[
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "create",
    "update",
    "watch",
];

fn strs(v: Option<&Value>) -> Vec<String> {
    v.and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Kubernetes' version order: GA before beta before alpha, higher numbers first, then the rest
/// alphabetically. The first one is the group's preferred version.
pub fn version_priority(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(v: &str) -> (u8, i64, i64, String) {
        let parse = || -> Option<(u8, i64, i64)> {
            let rest = v.strip_prefix('v')?;
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            let major: i64 = digits.parse().ok()?;
            let tail = &rest[digits.len()..];
            if tail.is_empty() {
                return Some((0, -major, 0));
            }
            for (stage, rank) in [("beta", 1u8), ("alpha", 2u8)] {
                if let Some(n) = tail.strip_prefix(stage) {
                    let minor: i64 = n.parse().ok()?;
                    return Some((rank, -major, -minor));
                }
            }
            None
        };
        match parse() {
            Some((r, a, b)) => (r, a, b, String::new()),
            None => (3, 0, 0, v.to_string()),
        }
    }
    key(a).cmp(&key(b))
}

/// The resources a CRD serves, preferred version first.
pub fn resources(crd: &Value) -> Vec<ResourceInfo> {
    let spec = crd.get("spec").cloned().unwrap_or(Value::Null);
    let names = spec.get("names").cloned().unwrap_or(Value::Null);
    let s = |v: &Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    let mut versions: Vec<String> = spec
        .get("versions")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter(|v| v.get("served").and_then(|b| b.as_bool()) == Some(true))
        .map(|v| s(v, "name"))
        .collect();
    versions.sort_once_by(|a, b| version_priority(a, b));
    versions
        .into_iter()
        .map(|version| ResourceInfo {
            group: s(&spec, "group"),
            version,
            kind: s(&names, "kind"),
            plural: s(&names, "plural"),
            singular: s(&names, "singular"),
            short_names: strs(names.get("shortNames")),
            namespaced: s(&spec, "scope") == "Namespaced",
            verbs: VERBS.iter().map(|v| v.to_string()).collect(),
            categories: strs(names.get("categories")),
        })
        .collect()
}

/// Bring discovery in line with one CRD after it was written (`removed` false) or deleted:
/// its old entries go, its served versions come in. Other resources, built-in or not, stay.
pub fn update(discovery: &mut Discovery, crd: &Value, removed: bool) {
    let (group, plural) = super::group_and_plural(crd);
    if super::is_builtin(group, plural) {
        return;
    }
    discovery.remove(group, plural);
    if removed {
        return;
    }
    let mut all = discovery.all().to_vec();
    all.extend(resources(crd));
    // CRD groups come after the built-in ones (their APIServices have the lowest priority), by
    // group name; within a group, preferred version first, resources by name.
    let (builtin, mut custom): (Vec<ResourceInfo>, Vec<ResourceInfo>) = all
        .into_iter()
        .partition(|r| super::is_builtin(&r.group, &r.plural));
    custom.sort_once_by(|a, b| {
        a.group
            .cmp(&b.group)
            .then_with(|| version_priority(&a.version, &b.version))
            .then_with(|| a.plural.cmp(&b.plural))
    });
    let mut all = builtin;
    all.extend(custom);
    *discovery = Discovery::from_resources(all);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn preferred_version_first() {
        let mut v = vec!["v1alpha1", "v1beta1", "v2", "v1", "foo"];
        v.sort_once_by(|a, b| version_priority(a, b));
        assert_eq!(v, ["v2", "v1", "v1beta1", "v1alpha1", "foo"]);
    }

    #[test]
    fn served_versions_become_resources() {
        let crd = json!({"spec": {"group": "stable.example.com", "scope": "Cluster",
            "names": {"plural": "crontabs", "singular": "crontab", "kind": "CronTab",
                "shortNames": ["ct"], "categories": ["all"]},
            "versions": [{"name": "v1beta1", "served": true}, {"name": "v1", "served": true},
                {"name": "v0", "served": false}]}});
        let rs = resources(&crd);
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0].version, "v1");
        assert!(!rs[0].namespaced);
        assert_eq!(rs[0].short_names, ["ct"]);
        assert_eq!(rs[0].categories, ["all"]);
    }
}
