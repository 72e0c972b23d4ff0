//! The clusterrole-aggregation controller: a ClusterRole with an `aggregationRule` gets as its
//! `rules` the distinct rules of every other ClusterRole one of its `clusterRoleSelectors`
//! selects, taken in name order, and follows them as they change.

use kubeplay_api::auth::rbac::CLUSTER_ROLES;
use kubeplay_api::selector::LabelSelector;
use kubeplay_api::store::{Key, Store};
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::util;

/// A ClusterRole was written or removed: every aggregated ClusterRole looks again (any role's
/// labels may now match or stop matching).
pub fn sync(api: &mut ApiServer, key: &Key) {
    if key.gr != CLUSTER_ROLES {
        return;
    }
    let updates: Vec<Value> = api
        .store()
        .list(CLUSTER_ROLES, None)
        .filter_map(|(_, role)| {
            let rules = aggregated_rules(api.store(), role)?;
            // Compared as the controller's semantic equality does: no rules and `[]` are alike.
            let current = role.get("rules").filter(|r| !r.is_null());
            let same = match current {
                Some(Value::Array(have)) => *have == rules,
                _ => rules.is_empty(),
            };
            (!same).then(|| {
                let mut updated = role.clone();
                meta::set(&mut updated, &["rules"], Value::Array(rules));
                updated
            })
        })
        .collect();
    let Some(info) = util::info(api, CLUSTER_ROLES) else {
        return;
    };
    for role in updates {
        let name = meta::name(&role).to_string();
        let _ = api.update(&info, None, &name, role, false);
    }
}

/// The rules an aggregated ClusterRole should hold; None for a role without `aggregationRule`.
pub fn aggregated_rules(store: &Store, role: &Value) -> Option<Vec<Value>> {
    let selectors: Vec<LabelSelector> = role
        .pointer("/aggregationRule/clusterRoleSelectors")?
        .as_array()?
        .iter()
        .map(LabelSelector::from_json)
        .collect();
    let own = meta::name(role);
    let mut picked: Vec<&Value> = store
        .list(CLUSTER_ROLES, None)
        .map(|(_, r)| r)
        .filter(|r| meta::name(r) != own)
        .filter(|r| {
            let labels = r.pointer("/metadata/labels");
            selectors.iter().any(|s| s.matches(labels))
        })
        .collect();
    picked.sort_once_by(|a, b| meta::name(a).cmp(meta::name(b)));
    let mut rules: Vec<Value> = Vec::new();
    for r in picked {
        for rule in r
            .get("rules")
            .and_then(|x| x.as_array())
            .into_iter()
            .flatten()
        {
            if !rules.contains(rule) {
                rules.push(rule.clone());
            }
        }
    }
    Some(rules)
}
