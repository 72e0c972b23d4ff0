//! ResourceQuota: the names `spec.hard` may limit, non-negative amounts, and scopes that exist,
//! do not contradict each other and apply to what the quota limits.

use serde_json::Value;

use super::Errs;
use kubeplay_core::api::quantity;
use kubeplay_core::sort::SortOnce;

/// `IsStandardQuotaResourceName` (also `IsStandardResourceName`: the two sets agree).
fn standard(name: &str) -> bool {
    matches!(
        name,
        "cpu"
            | "memory"
            | "ephemeral-storage"
            | "requests.cpu"
            | "requests.memory"
            | "requests.storage"
            | "requests.ephemeral-storage"
            | "limits.cpu"
            | "limits.memory"
            | "limits.ephemeral-storage"
            | "pods"
            | "services"
            | "replicationcontrollers"
            | "resourcequotas"
            | "secrets"
            | "persistentvolumeclaims"
            | "configmaps"
            | "services.nodeports"
            | "services.loadbalancers"
    ) || name.starts_with("hugepages-")
        || name.starts_with("requests.hugepages-")
}

const SCOPES: &[&str] = &[
    "Terminating",
    "NotTerminating",
    "BestEffort",
    "NotBestEffort",
    "PriorityClass",
    "CrossNamespacePodAffinity",
];

/// `IsResourceQuotaScopeValidForResource`.
fn scope_fits(scope: &str, resource: &str) -> bool {
    let count = matches!(resource, "pods" | "count/pods");
    let compute = matches!(
        resource,
        "cpu" | "memory" | "requests.cpu" | "requests.memory" | "limits.cpu" | "limits.memory"
    );
    match scope {
        "BestEffort" => count,
        "Terminating"
        | "NotTerminating"
        | "NotBestEffort"
        | "PriorityClass"
        | "CrossNamespacePodAffinity" => count || compute,
        _ => false,
    }
}

pub fn resource_quota(obj: &Value, e: &mut Errs) {
    let hard = obj
        .pointer("/spec/hard")
        .and_then(|h| h.as_object())
        .cloned()
        .unwrap_or_default();
    for (k, v) in &hard {
        let path = format!("spec.hard[{k}]");
        if !k.contains('/') && !standard(k) {
            e.invalid(
                &path,
                k,
                "must be a standard resource type or fully qualified",
            );
            e.invalid(&path, k, "must be a standard resource for quota");
        }
        if let Some(q) = quantity::from_json(v) {
            if q.cmp_value(&quantity::Quantity::default()).is_lt() {
                e.invalid(
                    &path,
                    &q.to_canonical(),
                    "must be greater than or equal to 0",
                );
            }
        }
    }
    let scopes: Vec<&str> = obj
        .pointer("/spec/scopes")
        .and_then(|s| s.as_array())
        .map(|a| a.iter().filter_map(|s| s.as_str()).collect())
        .unwrap_or_default();
    if scopes.is_empty() {
        return;
    }
    // Go prints the whole list with %#v.
    let shown = format!(
        "[]core.ResourceQuotaScope{{{}}}",
        scopes
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut names: Vec<&String> = hard.keys().collect();
    names.sort_once();
    for scope in &scopes {
        if !SCOPES.contains(scope) {
            e.invalid_raw("spec.scopes", &shown, "unsupported scope");
        }
        for k in &names {
            if standard(k) && !scope_fits(scope, k) {
                e.invalid_raw(
                    "spec.scopes",
                    &shown,
                    "unsupported scope applied to resource",
                );
            }
        }
    }
    for (a, b) in [
        ("BestEffort", "NotBestEffort"),
        ("Terminating", "NotTerminating"),
    ] {
        if scopes.contains(&a) && scopes.contains(&b) {
            e.invalid_raw("spec.scopes", &shown, "conflicting scopes");
        }
    }
}
