//! The resources this server serves, as discovery (`/api/v1`, `/apis/...`) and `kubectl
//! api-resources` present them. Built-ins come from one table; CRDs add entries at run time.

use serde_json::{json, Value};

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ResourceInfo {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub plural: String,
    pub singular: String,
    pub short_names: Vec<String>,
    pub namespaced: bool,
    pub verbs: Vec<String>,
    pub categories: Vec<String>,
}

impl ResourceInfo {
    /// `v1` or `apps/v1`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
    /// The store's key for this resource: `/pods`, `apps/deployments`.
    pub fn gr(&self) -> String {
        format!("{}/{}", self.group, self.plural)
    }
    /// `pods` or `deployments.apps`, as kubectl names a resource in messages.
    pub fn qualified_plural(&self) -> String {
        if self.group.is_empty() {
            self.plural.clone()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }
    /// `pod` or `deployment.apps`, as `kubectl get -o name` prints it.
    pub fn qualified_singular(&self) -> String {
        if self.group.is_empty() {
            self.singular.clone()
        } else {
            format!("{}.{}", self.singular, self.group)
        }
    }
    /// The URL prefix of the collection, with `{ns}` left to the caller.
    pub fn base_path(&self) -> String {
        if self.group.is_empty() {
            format!("/api/{}", self.version)
        } else {
            format!("/apis/{}/{}", self.group, self.version)
        }
    }
    pub fn collection_path(&self, namespace: Option<&str>) -> String {
        match namespace {
            Some(ns) if self.namespaced => {
                format!("{}/namespaces/{}/{}", self.base_path(), ns, self.plural)
            }
            _ => format!("{}/{}", self.base_path(), self.plural),
        }
    }
    pub fn object_path(&self, namespace: Option<&str>, name: &str) -> String {
        format!("{}/{}", self.collection_path(namespace), name)
    }
    pub fn has_verb(&self, verb: &str) -> bool {
        self.verbs.iter().any(|v| v == verb)
    }
}

const STD: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];
const NO_COLLECTION: &[&str] = &[
    "create", "delete", "get", "list", "patch", "update", "watch",
];
const CREATE_ONLY: &[&str] = &["create"];
const READ_ONLY: &[&str] = &["get", "list"];

/// (group of the parent, parent plural, subresource, its group/version when it differs from
/// the parent's, kind, verbs), as a v1.32 apiserver lists them.
type Subresource = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const GPU: &[&str] = &["get", "patch", "update"];
const SCALE: &str = "autoscaling/v1";

const SUBRESOURCES: &[Subresource] = &[
    ("", "namespaces", "finalize", "", "Namespace", &["update"]),
    ("", "namespaces", "status", "", "Namespace", GPU),
    (
        "",
        "nodes",
        "proxy",
        "",
        "NodeProxyOptions",
        &["create", "delete", "get", "patch", "update"],
    ),
    ("", "nodes", "status", "", "Node", GPU),
    (
        "",
        "persistentvolumeclaims",
        "status",
        "",
        "PersistentVolumeClaim",
        GPU,
    ),
    (
        "",
        "persistentvolumes",
        "status",
        "",
        "PersistentVolume",
        GPU,
    ),
    (
        "",
        "pods",
        "attach",
        "",
        "PodAttachOptions",
        &["create", "get"],
    ),
    ("", "pods", "binding", "", "Binding", &["create"]),
    ("", "pods", "ephemeralcontainers", "", "Pod", GPU),
    ("", "pods", "eviction", "policy/v1", "Eviction", &["create"]),
    ("", "pods", "exec", "", "PodExecOptions", &["create", "get"]),
    ("", "pods", "log", "", "Pod", &["get"]),
    (
        "",
        "pods",
        "portforward",
        "",
        "PodPortForwardOptions",
        &["create", "get"],
    ),
    (
        "",
        "pods",
        "proxy",
        "",
        "PodProxyOptions",
        &["create", "delete", "get", "patch", "update"],
    ),
    ("", "pods", "status", "", "Pod", GPU),
    ("", "replicationcontrollers", "scale", SCALE, "Scale", GPU),
    (
        "",
        "replicationcontrollers",
        "status",
        "",
        "ReplicationController",
        GPU,
    ),
    ("", "resourcequotas", "status", "", "ResourceQuota", GPU),
    (
        "",
        "serviceaccounts",
        "token",
        "authentication.k8s.io/v1",
        "TokenRequest",
        &["create"],
    ),
    (
        "",
        "services",
        "proxy",
        "",
        "ServiceProxyOptions",
        &["create", "delete", "get", "patch", "update"],
    ),
    ("", "services", "status", "", "Service", GPU),
    ("apps", "daemonsets", "status", "", "DaemonSet", GPU),
    ("apps", "deployments", "scale", SCALE, "Scale", GPU),
    ("apps", "deployments", "status", "", "Deployment", GPU),
    ("apps", "replicasets", "scale", SCALE, "Scale", GPU),
    ("apps", "replicasets", "status", "", "ReplicaSet", GPU),
    ("apps", "statefulsets", "scale", SCALE, "Scale", GPU),
    ("apps", "statefulsets", "status", "", "StatefulSet", GPU),
    (
        "autoscaling",
        "horizontalpodautoscalers",
        "status",
        "",
        "HorizontalPodAutoscaler",
        GPU,
    ),
    ("batch", "cronjobs", "status", "", "CronJob", GPU),
    ("batch", "jobs", "status", "", "Job", GPU),
    (
        "certificates.k8s.io",
        "certificatesigningrequests",
        "approval",
        "",
        "CertificateSigningRequest",
        GPU,
    ),
    (
        "certificates.k8s.io",
        "certificatesigningrequests",
        "status",
        "",
        "CertificateSigningRequest",
        GPU,
    ),
    (
        "networking.k8s.io",
        "ingresses",
        "status",
        "",
        "Ingress",
        GPU,
    ),
    (
        "policy",
        "poddisruptionbudgets",
        "status",
        "",
        "PodDisruptionBudget",
        GPU,
    ),
    (
        "storage.k8s.io",
        "volumeattachments",
        "status",
        "",
        "VolumeAttachment",
        GPU,
    ),
];

/// (group, version, kind, plural, short names, namespaced, verbs, in `all`)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    bool,
    &'static [&'static str],
    bool,
);

// Order matters: it is discovery order, which decides `kubectl get all` and `api-resources` order.
const BUILTINS: &[Row] = &[
    (
        "",
        "v1",
        "Binding",
        "bindings",
        &[],
        true,
        CREATE_ONLY,
        false,
    ),
    (
        "",
        "v1",
        "ComponentStatus",
        "componentstatuses",
        &["cs"],
        false,
        READ_ONLY,
        false,
    ),
    (
        "",
        "v1",
        "ConfigMap",
        "configmaps",
        &["cm"],
        true,
        STD,
        false,
    ),
    (
        "",
        "v1",
        "Endpoints",
        "endpoints",
        &["ep"],
        true,
        STD,
        false,
    ),
    ("", "v1", "Event", "events", &["ev"], true, STD, false),
    (
        "",
        "v1",
        "LimitRange",
        "limitranges",
        &["limits"],
        true,
        STD,
        false,
    ),
    (
        "",
        "v1",
        "Namespace",
        "namespaces",
        &["ns"],
        false,
        NO_COLLECTION,
        false,
    ),
    ("", "v1", "Node", "nodes", &["no"], false, STD, false),
    (
        "",
        "v1",
        "PersistentVolumeClaim",
        "persistentvolumeclaims",
        &["pvc"],
        true,
        STD,
        false,
    ),
    (
        "",
        "v1",
        "PersistentVolume",
        "persistentvolumes",
        &["pv"],
        false,
        STD,
        false,
    ),
    ("", "v1", "Pod", "pods", &["po"], true, STD, true),
    (
        "",
        "v1",
        "PodTemplate",
        "podtemplates",
        &[],
        true,
        STD,
        false,
    ),
    (
        "",
        "v1",
        "ReplicationController",
        "replicationcontrollers",
        &["rc"],
        true,
        STD,
        true,
    ),
    (
        "",
        "v1",
        "ResourceQuota",
        "resourcequotas",
        &["quota"],
        true,
        STD,
        false,
    ),
    ("", "v1", "Secret", "secrets", &[], true, STD, false),
    (
        "",
        "v1",
        "ServiceAccount",
        "serviceaccounts",
        &["sa"],
        true,
        STD,
        false,
    ),
    ("", "v1", "Service", "services", &["svc"], true, STD, true),
    (
        "admissionregistration.k8s.io",
        "v1",
        "MutatingWebhookConfiguration",
        "mutatingwebhookconfigurations",
        &[],
        false,
        STD,
        false,
    ),
    (
        "admissionregistration.k8s.io",
        "v1",
        "ValidatingAdmissionPolicy",
        "validatingadmissionpolicies",
        &[],
        false,
        STD,
        false,
    ),
    (
        "admissionregistration.k8s.io",
        "v1",
        "ValidatingAdmissionPolicyBinding",
        "validatingadmissionpolicybindings",
        &[],
        false,
        STD,
        false,
    ),
    (
        "admissionregistration.k8s.io",
        "v1",
        "ValidatingWebhookConfiguration",
        "validatingwebhookconfigurations",
        &[],
        false,
        STD,
        false,
    ),
    (
        "apiextensions.k8s.io",
        "v1",
        "CustomResourceDefinition",
        "customresourcedefinitions",
        &["crd", "crds"],
        false,
        STD,
        false,
    ),
    (
        "apiregistration.k8s.io",
        "v1",
        "APIService",
        "apiservices",
        &[],
        false,
        STD,
        false,
    ),
    (
        "apps",
        "v1",
        "ControllerRevision",
        "controllerrevisions",
        &[],
        true,
        STD,
        false,
    ),
    (
        "apps",
        "v1",
        "DaemonSet",
        "daemonsets",
        &["ds"],
        true,
        STD,
        true,
    ),
    (
        "apps",
        "v1",
        "Deployment",
        "deployments",
        &["deploy"],
        true,
        STD,
        true,
    ),
    (
        "apps",
        "v1",
        "ReplicaSet",
        "replicasets",
        &["rs"],
        true,
        STD,
        true,
    ),
    (
        "apps",
        "v1",
        "StatefulSet",
        "statefulsets",
        &["sts"],
        true,
        STD,
        true,
    ),
    (
        "authentication.k8s.io",
        "v1",
        "SelfSubjectReview",
        "selfsubjectreviews",
        &[],
        false,
        CREATE_ONLY,
        false,
    ),
    (
        "authentication.k8s.io",
        "v1",
        "TokenReview",
        "tokenreviews",
        &[],
        false,
        CREATE_ONLY,
        false,
    ),
    (
        "authorization.k8s.io",
        "v1",
        "LocalSubjectAccessReview",
        "localsubjectaccessreviews",
        &[],
        true,
        CREATE_ONLY,
        false,
    ),
    (
        "authorization.k8s.io",
        "v1",
        "SelfSubjectAccessReview",
        "selfsubjectaccessreviews",
        &[],
        false,
        CREATE_ONLY,
        false,
    ),
    (
        "authorization.k8s.io",
        "v1",
        "SelfSubjectRulesReview",
        "selfsubjectrulesreviews",
        &[],
        false,
        CREATE_ONLY,
        false,
    ),
    (
        "authorization.k8s.io",
        "v1",
        "SubjectAccessReview",
        "subjectaccessreviews",
        &[],
        false,
        CREATE_ONLY,
        false,
    ),
    (
        "autoscaling",
        "v2",
        "HorizontalPodAutoscaler",
        "horizontalpodautoscalers",
        &["hpa"],
        true,
        STD,
        true,
    ),
    // Also served in autoscaling/v1 (converted from v2, the storage version), after v2 so that
    // v2 stays the group's preferred version.
    (
        "autoscaling",
        "v1",
        "HorizontalPodAutoscaler",
        "horizontalpodautoscalers",
        &["hpa"],
        true,
        STD,
        true,
    ),
    (
        "batch",
        "v1",
        "CronJob",
        "cronjobs",
        &["cj"],
        true,
        STD,
        true,
    ),
    ("batch", "v1", "Job", "jobs", &[], true, STD, true),
    (
        "certificates.k8s.io",
        "v1",
        "CertificateSigningRequest",
        "certificatesigningrequests",
        &["csr"],
        false,
        STD,
        false,
    ),
    (
        "coordination.k8s.io",
        "v1",
        "Lease",
        "leases",
        &[],
        true,
        STD,
        false,
    ),
    (
        "discovery.k8s.io",
        "v1",
        "EndpointSlice",
        "endpointslices",
        &[],
        true,
        STD,
        false,
    ),
    (
        "events.k8s.io",
        "v1",
        "Event",
        "events",
        &["ev"],
        true,
        STD,
        false,
    ),
    (
        "flowcontrol.apiserver.k8s.io",
        "v1",
        "FlowSchema",
        "flowschemas",
        &[],
        false,
        STD,
        false,
    ),
    (
        "flowcontrol.apiserver.k8s.io",
        "v1",
        "PriorityLevelConfiguration",
        "prioritylevelconfigurations",
        &[],
        false,
        STD,
        false,
    ),
    (
        "networking.k8s.io",
        "v1",
        "IngressClass",
        "ingressclasses",
        &[],
        false,
        STD,
        false,
    ),
    (
        "networking.k8s.io",
        "v1",
        "Ingress",
        "ingresses",
        &["ing"],
        true,
        STD,
        false,
    ),
    (
        "networking.k8s.io",
        "v1",
        "NetworkPolicy",
        "networkpolicies",
        &["netpol"],
        true,
        STD,
        false,
    ),
    (
        "node.k8s.io",
        "v1",
        "RuntimeClass",
        "runtimeclasses",
        &[],
        false,
        STD,
        false,
    ),
    (
        "policy",
        "v1",
        "PodDisruptionBudget",
        "poddisruptionbudgets",
        &["pdb"],
        true,
        STD,
        false,
    ),
    (
        "rbac.authorization.k8s.io",
        "v1",
        "ClusterRoleBinding",
        "clusterrolebindings",
        &[],
        false,
        STD,
        false,
    ),
    (
        "rbac.authorization.k8s.io",
        "v1",
        "ClusterRole",
        "clusterroles",
        &[],
        false,
        STD,
        false,
    ),
    (
        "rbac.authorization.k8s.io",
        "v1",
        "RoleBinding",
        "rolebindings",
        &[],
        true,
        STD,
        false,
    ),
    (
        "rbac.authorization.k8s.io",
        "v1",
        "Role",
        "roles",
        &[],
        true,
        STD,
        false,
    ),
    (
        "scheduling.k8s.io",
        "v1",
        "PriorityClass",
        "priorityclasses",
        &["pc"],
        false,
        STD,
        false,
    ),
    (
        "storage.k8s.io",
        "v1",
        "CSIDriver",
        "csidrivers",
        &[],
        false,
        STD,
        false,
    ),
    (
        "storage.k8s.io",
        "v1",
        "CSINode",
        "csinodes",
        &[],
        false,
        STD,
        false,
    ),
    (
        "storage.k8s.io",
        "v1",
        "CSIStorageCapacity",
        "csistoragecapacities",
        &[],
        true,
        STD,
        false,
    ),
    (
        "storage.k8s.io",
        "v1",
        "StorageClass",
        "storageclasses",
        &["sc"],
        false,
        STD,
        false,
    ),
    (
        "storage.k8s.io",
        "v1",
        "VolumeAttachment",
        "volumeattachments",
        &[],
        false,
        STD,
        false,
    ),
];

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Discovery {
    resources: Vec<ResourceInfo>,
}

impl Default for Discovery {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Discovery {
    pub fn builtin() -> Discovery {
        let resources = BUILTINS
            .iter()
            .map(
                |&(group, version, kind, plural, short, namespaced, verbs, all)| ResourceInfo {
                    group: group.into(),
                    version: version.into(),
                    kind: kind.into(),
                    plural: plural.into(),
                    singular: kind.to_lowercase(),
                    short_names: short.iter().map(|s| s.to_string()).collect(),
                    namespaced,
                    verbs: verbs.iter().map(|s| s.to_string()).collect(),
                    categories: if all { vec!["all".into()] } else { vec![] },
                },
            )
            .collect();
        Discovery { resources }
    }

    /// A discovery built from what a server reported (kubectl's side).
    pub fn from_resources(resources: Vec<ResourceInfo>) -> Discovery {
        Discovery { resources }
    }

    pub fn all(&self) -> &[ResourceInfo] {
        &self.resources
    }

    pub fn add(&mut self, info: ResourceInfo) {
        self.resources
            .retain(|r| !(r.group == info.group && r.plural == info.plural));
        self.resources.push(info);
    }

    pub fn remove(&mut self, group: &str, plural: &str) {
        self.resources
            .retain(|r| !(r.group == group && r.plural == plural));
    }

    /// The resource served at `group/version/plural`.
    pub fn by_plural(&self, group: &str, version: &str, plural: &str) -> Option<&ResourceInfo> {
        self.resources
            .iter()
            .find(|r| r.group == group && r.version == version && r.plural == plural)
    }

    /// The resource for an object's apiVersion + kind.
    pub fn by_kind(&self, api_version: &str, kind: &str) -> Option<&ResourceInfo> {
        let (group, version) = split_api_version(api_version);
        self.resources
            .iter()
            .find(|r| r.group == group && r.version == version && r.kind == kind)
    }

    /// Whether any version of the group serves this kind (for "no matches for kind" vs version).
    pub fn group_versions(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.resources {
            let gv = r.api_version();
            if !out.contains(&gv) {
                out.push(gv);
            }
        }
        out
    }

    /// Resolve what a user typed (`po`, `pods`, `pod`, `Pod`, `deployments.apps`, `deploy.v1.apps`)
    /// as kubectl's RESTMapper does: plural, singular, short name, kind, optionally group-qualified.
    pub fn resolve(&self, typed: &str) -> Option<&ResourceInfo> {
        let lower = typed.to_lowercase();
        let (name, group_hint) = match lower.split_once('.') {
            Some((n, rest)) => (n.to_string(), Some(rest.to_string())),
            None => (lower.clone(), None),
        };
        let matches_group = |r: &ResourceInfo| match &group_hint {
            None => true,
            Some(g) => {
                r.group == *g
                    || format!("{}.{}", r.version, r.group) == *g
                    || (r.group.is_empty() && *g == r.version)
            }
        };
        let by = |pred: &dyn Fn(&ResourceInfo) -> bool| {
            // Core and well-known groups win ties, as kubectl's priority mapper prefers core/v1
            // `events` over `events.k8s.io`.
            self.resources.iter().find(|r| matches_group(r) && pred(r))
        };
        // kubectl's shortcut expander keeps only the group of `hpa.v1.autoscaling`, so a short
        // name resolves to the group's preferred version (listed first) whatever version it names.
        let group_only = |r: &ResourceInfo| match &group_hint {
            None => true,
            Some(g) => r.group == *g || g.split_once('.').is_some_and(|(_, rest)| rest == r.group),
        };
        by(&|r| r.plural == name)
            .or_else(|| by(&|r| r.singular == name))
            .or_else(|| {
                self.resources
                    .iter()
                    .find(|r| group_only(r) && r.short_names.contains(&name))
            })
            .or_else(|| by(&|r| r.kind.to_lowercase() == name))
    }

    /// Resources in a category such as `all`, in discovery order, each in its preferred version.
    pub fn category(&self, cat: &str) -> Vec<&ResourceInfo> {
        self.preferred()
            .into_iter()
            .filter(|r| r.categories.iter().any(|c| c == cat))
            .collect()
    }

    /// Each resource once, in its group's preferred version (the first one listed), as
    /// `api-resources` and categories see them; the other versions stay reachable by name
    /// (`hpa.v1.autoscaling`).
    pub fn preferred(&self) -> Vec<&ResourceInfo> {
        let mut out: Vec<&ResourceInfo> = Vec::new();
        for r in &self.resources {
            if !out
                .iter()
                .any(|o| o.group == r.group && o.plural == r.plural)
            {
                out.push(r);
            }
        }
        out
    }

    fn subresource_json(parent: &ResourceInfo, s: &Subresource) -> Value {
        let (_, plural, sub, gv, kind, verbs) = *s;
        let mut o = json!({
            "name": format!("{plural}/{sub}"),
            "singularName": "",
            "namespaced": parent.namespaced,
            "kind": kind,
            "verbs": verbs,
        });
        if let Some((g, v)) = gv.split_once('/') {
            o["group"] = json!(g);
            o["version"] = json!(v);
        }
        o
    }

    fn resource_json(r: &ResourceInfo) -> Value {
        let mut o = json!({
            "name": r.plural,
            "singularName": r.singular,
            "namespaced": r.namespaced,
            "kind": r.kind,
            "verbs": r.verbs,
        });
        if !r.short_names.is_empty() {
            o["shortNames"] = json!(r.short_names);
        }
        if !r.categories.is_empty() {
            o["categories"] = json!(r.categories);
        }
        o
    }

    /// `GET /api/v1` or `/apis/{group}/{version}`: each resource followed by its subresources,
    /// which clients look up there (kubectl's scale client for `*/scale`, drain for
    /// `pods/eviction`).
    pub fn resource_list(&self, group: &str, version: &str) -> Option<Value> {
        let rs: Vec<Value> = self
            .resources
            .iter()
            .filter(|r| r.group == group && r.version == version)
            .flat_map(|r| {
                let subs = SUBRESOURCES
                    .iter()
                    .filter(|s| s.0 == r.group && s.1 == r.plural)
                    .map(|s| Self::subresource_json(r, s));
                std::iter::once(Self::resource_json(r)).chain(subs)
            })
            .collect();
        if rs.is_empty() {
            return None;
        }
        let gv = if group.is_empty() {
            version.to_string()
        } else {
            format!("{group}/{version}")
        };
        Some(json!({
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": gv,
            "resources": rs,
        }))
    }

    /// `GET /api`.
    pub fn core_versions(&self) -> Value {
        json!({"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": "192.168.49.2:8443"}]})
    }

    /// `GET /apis`.
    pub fn group_list(&self) -> Value {
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for r in self.resources.iter().filter(|r| !r.group.is_empty()) {
            match groups.iter_mut().find(|(g, _)| *g == r.group) {
                Some((_, vs)) => {
                    if !vs.contains(&r.version) {
                        vs.push(r.version.clone())
                    }
                }
                None => groups.push((r.group.clone(), vec![r.version.clone()])),
            }
        }
        let groups: Vec<Value> = groups
            .iter()
            .map(|(g, vs)| {
                let versions: Vec<Value> = vs
                    .iter()
                    .map(|v| json!({"groupVersion": format!("{g}/{v}"), "version": v}))
                    .collect();
                json!({
                    "name": g,
                    "versions": versions,
                    "preferredVersion": {"groupVersion": format!("{g}/{}", vs[0]), "version": vs[0]},
                })
            })
            .collect();
        json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
    }
}

pub fn split_api_version(api_version: &str) -> (&str, &str) {
    match api_version.rsplit_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_kubectl() {
        let d = Discovery::builtin();
        assert!(d.all().len() >= 30);
        assert_eq!(d.resolve("po").map(|r| r.kind.as_str()), Some("Pod"));
        assert_eq!(
            d.resolve("Deployment").map(|r| r.plural.as_str()),
            Some("deployments")
        );
        assert_eq!(
            d.resolve("deploy.apps").map(|r| r.kind.as_str()),
            Some("Deployment")
        );
        assert_eq!(
            d.resolve("deployments.v1.apps").map(|r| r.kind.as_str()),
            Some("Deployment")
        );
        assert_eq!(d.resolve("ev").map(|r| r.group.as_str()), Some(""));
        assert_eq!(d.resolve("svc").map(|r| r.kind.as_str()), Some("Service"));
        assert!(d.resolve("nope").is_none());
        let all: Vec<&str> = d
            .category("all")
            .iter()
            .map(|r| r.plural.as_str())
            .collect();
        assert_eq!(
            all,
            vec![
                "pods",
                "replicationcontrollers",
                "services",
                "daemonsets",
                "deployments",
                "replicasets",
                "statefulsets",
                "horizontalpodautoscalers",
                "cronjobs",
                "jobs"
            ]
        );
    }
}
