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

/// The kinds placed first and last, kustomize's or a kustomization's own.
pub struct Order {
    first: Vec<String>,
    last: Vec<String>,
}

impl Default for Order {
    fn default() -> Order {
        Order {
            first: FIRST.iter().map(|s| s.to_string()).collect(),
            last: LAST.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Order {
    /// `sortOptions.legacySortOptions`: its lists replace kustomize's.
    pub fn custom(first: Vec<String>, last: Vec<String>) -> Order {
        Order { first, last }
    }

    fn rank(&self, kind: &str) -> i64 {
        if let Some(i) = self.first.iter().position(|k| k == kind) {
            return i as i64 - self.first.len() as i64;
        }
        self.last
            .iter()
            .position(|k| k == kind)
            .map_or(0, |i| i as i64 + 1)
    }
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

fn less(order: &Order, a: &Res, b: &Res) -> std::cmp::Ordering {
    let same_gvk = a.group() == b.group() && a.version() == b.version() && a.kind() == b.kind();
    if same_gvk {
        return id_key(a).cmp(&id_key(b));
    }
    let (ra, rb) = (order.rank(a.kind()), order.rank(b.kind()));
    if ra != rb {
        return ra.cmp(&rb);
    }
    let namespaces = a.kind() == "Namespace" && b.kind() == "Namespace";
    if namespaces && (a.group().is_empty() || b.group().is_empty()) {
        return gvk_key(b).cmp(&gvk_key(a));
    }
    gvk_key(a).cmp(&gvk_key(b))
}

pub fn legacy(rs: &mut [Res], order: &Order) {
    use kubeplay_core::sort::SortOnce;
    rs.sort_once_by(|a, b| less(order, a, b));
}
