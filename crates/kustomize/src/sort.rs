//! kustomize's legacy output order: kinds in a fixed order (Namespaces first, webhooks last),
//! then by group, version and kind, then by namespace and name.

use crate::res::Res;

const FIRST: &[&str] = &[
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];

const LAST: &[&str] = &[
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

fn rank(kind: &str) -> i64 {
    if let Some(i) = FIRST.iter().position(|k| *k == kind) {
        return i as i64 - FIRST.len() as i64;
    }
    LAST.iter()
        .position(|k| *k == kind)
        .map_or(0, |i| i as i64 + 1)
}

fn or<'a>(s: &'a str, missing: &'a str) -> &'a str {
    if s.is_empty() {
        missing
    } else {
        s
    }
}

/// `group_version_kind` with kustomize's markers for missing parts.
fn gvk_key(r: &Res) -> String {
    format!(
        "{}_{}_{}",
        or(r.group(), "~G"),
        or(r.version(), "~V"),
        or(r.kind(), "~K")
    )
}

/// `Kind.version.group|namespace|name`, the order within one kind.
fn id_key(r: &Res) -> String {
    format!(
        "{}.{}.{}|{}|{}",
        or(r.kind(), "~K"),
        or(r.version(), "~V"),
        or(r.group(), "~G"),
        or(r.namespace(), "~X"),
        or(r.name(), "~N")
    )
}

fn less(a: &Res, b: &Res) -> std::cmp::Ordering {
    let same_gvk = a.group() == b.group() && a.version() == b.version() && a.kind() == b.kind();
    if same_gvk {
        return id_key(a).cmp(&id_key(b));
    }
    let (ra, rb) = (rank(a.kind()), rank(b.kind()));
    if ra != rb {
        return ra.cmp(&rb);
    }
    let namespaces = a.kind() == "Namespace" && b.kind() == "Namespace";
    if namespaces && (a.group().is_empty() || b.group().is_empty()) {
        return gvk_key(b).cmp(&gvk_key(a));
    }
    gvk_key(a).cmp(&gvk_key(b))
}

pub fn legacy(rs: &mut [Res]) {
    use kubeplay_core::sort::SortOnce;
    rs.sort_once_by(less);
}
