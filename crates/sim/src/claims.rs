//! A StatefulSet's claims: one per volumeClaimTemplate and pod (`<template>-<set>-<ordinal>`),
//! labelled as the controller labels them, and owned according to the set's
//! `persistentVolumeClaimRetentionPolicy`: with `whenDeleted: Delete` the set owns them (the
//! garbage collector removes them with it), with `whenScaled: Delete` a pod being scaled away
//! owns its claims (they go with it); Retain, the default, leaves them in place.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Value};

use super::util;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

/// The templates of a set.
pub fn templates(sts: &Value) -> Vec<Value> {
    sts.pointer("/spec/volumeClaimTemplates")
        .and_then(|t| t.as_array())
        .cloned()
        .unwrap_or_default()
}

/// The claim of `template` for the pod `pod_name`.
pub fn claim_name(template: &Value, pod_name: &str) -> String {
    format!("{}-{pod_name}", meta::name(template))
}

fn policy(sts: &Value, field: &str) -> bool {
    let path = format!("/spec/persistentVolumeClaimRetentionPolicy/{field}");
    sts.pointer(&path).and_then(|p| p.as_str()) == Some("Delete")
}

/// A new claim from `template` for the pod `pod_name`: the template's labels with the set's
/// selector labels over them; owned by the set when claims go with it.
pub fn new_claim(sts: &Value, template: &Value, pod_name: &str) -> Value {
    let mut labels = template.labels().cloned().unwrap_or(json!({}));
    if let Some(sel) = sts
        .pointer("/spec/selector/matchLabels")
        .and_then(|l| l.as_object())
    {
        for (k, v) in sel {
            labels[k] = v.clone();
        }
    }
    let mut claim = json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"labels": labels, "name": claim_name(template, pod_name),
            "namespace": meta::namespace(sts)},
        "spec": template.get("spec").cloned().unwrap_or(json!({}))});
    if policy(sts, "whenDeleted") {
        claim["metadata"]["ownerReferences"] = json!([util::owner_ref(sts)]);
    }
    claim
}

/// Before `pod` is scaled away: with `whenScaled: Delete` its claims pass to the pod, so they
/// are collected when it is gone.
pub fn release_to_pod(api: &mut ApiServer, sts: &Value, pod: &Value) {
    if !policy(sts, "whenScaled") {
        return;
    }
    let Some(info) = util::info(api, "/persistentvolumeclaims") else {
        return;
    };
    let ns = meta::namespace(sts).to_string();
    for t in templates(sts) {
        let key = Key::new(
            "/persistentvolumeclaims",
            &ns,
            &claim_name(&t, meta::name(pod)),
        );
        let Some(mut claim) = api.store().get(&key).cloned() else {
            continue;
        };
        claim["metadata"]["ownerReferences"] = json!([util::owner_ref(pod)]);
        let _ = util::write(api, &info, claim);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(policy: Value) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "db", "namespace": "default", "uid": "u1"},
            "spec": {"selector": {"matchLabels": {"app": "db"}},
                "persistentVolumeClaimRetentionPolicy": policy}})
    }

    #[test]
    fn claims_are_named_labelled_and_owned_by_policy() {
        let t = json!({"metadata": {"name": "data", "labels": {"app": "x", "tier": "disk"}},
            "spec": {"accessModes": ["ReadWriteOnce"]}});
        let kept = new_claim(&set(json!({"whenDeleted": "Retain"})), &t, "db-0");
        assert_eq!(kept["metadata"]["name"], "data-db-0");
        assert_eq!(
            kept["metadata"]["labels"],
            json!({"app": "db", "tier": "disk"})
        );
        assert!(kept["metadata"]["ownerReferences"].is_null());
        let owned = new_claim(&set(json!({"whenDeleted": "Delete"})), &t, "db-0");
        assert_eq!(owned["metadata"]["ownerReferences"][0]["uid"], "u1");
    }
}
