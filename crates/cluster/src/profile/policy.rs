//! The API server's bootstrap RBAC policy (`rbac.json`): the ClusterRoles and ClusterRoleBindings
//! a v1.32 kube-apiserver writes at start with its default feature gates (cluster-admin, admin,
//! edit, view and their aggregation sources, every `system:` role, each controller's
//! `system:controller:` role bound to its kube-system service account), the Roles and
//! RoleBindings it writes in kube-system and kube-public, and the profile's own (kind's
//! `kubeadm:cluster-admins`). Controllers here act on the store directly, not through the
//! authorizer, so these roles only answer the learner's and impersonated requests. They are seeded aside from the boot's random source and
//! resourceVersion counter, so the rest of the cluster is numbered as before they existed.

use kubeplay_api::rng::Rng;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;
use kubeplay_sim::clusterroleaggregation::aggregated_rules;
use serde_json::{json, Value};

const DATA: &str = include_str!("rbac.json");

pub fn seed(profile: &str, api: &mut ApiServer, boot: Time) {
    let Ok(data) = serde_json::from_str::<Value>(DATA) else {
        return;
    };
    let mut rng = Rng::new(0x7262_6163);
    let objects = data
        .get("objects")
        .and_then(|o| o.as_array())
        .cloned()
        .unwrap_or_default();
    let mut aggregated = Vec::new();
    for (i, mut obj) in objects.into_iter().enumerate() {
        if let Some(only) = obj.get("profiles").and_then(|p| p.as_array()) {
            if !only.iter().any(|p| p.as_str() == Some(profile)) {
                continue;
            }
        }
        if let Some(o) = obj.as_object_mut() {
            o.shift_remove("profiles");
        }
        let identity = json!({
            "creationTimestamp": boot.rfc3339(),
            "uid": rng.uid(),
            "resourceVersion": (i + 1).to_string(),
        });
        for (k, v) in identity.as_object().into_iter().flatten() {
            meta::set(&mut obj, &["metadata", k], v.clone());
        }
        let Some(info) = api
            .discovery
            .by_kind(meta::str_at(&obj, &["apiVersion"]), meta::kind(&obj))
            .cloned()
        else {
            continue;
        };
        if obj.get("aggregationRule").is_some() {
            aggregated.push((info.clone(), obj.clone()));
        }
        api.restore(&info, obj);
    }
    // The aggregation controller's work, done here so it finds nothing to write; roles that
    // aggregate aggregated roles (admin takes edit's, which takes view's) need a pass per level.
    for _ in 0..aggregated.len() {
        for (info, role) in &mut aggregated {
            if let Some(rules) = aggregated_rules(api.store(), role) {
                meta::set(role, &["rules"], Value::Array(rules));
                api.restore(info, role.clone());
            }
        }
    }
}
