//! Name references: once names have their prefixes, suffixes and hashes, every field that names
//! another object of the build (a ConfigMap in `envFrom`, a Secret volume, a Service behind an
//! Ingress, a Role in a RoleBinding...) is changed to that object's final name, as kustomize's
//! name reference transformer does from its table of referring fields.

use serde_json::Value;

use kubeplay_core::api::discovery::Discovery;

use crate::fieldspec::walk;
use crate::namespace::is_namespaced;
use crate::res::Res;

/// Where a pod spec sits in each kind that holds one.
const POD_SPECS: &[(&str, &str)] = &[
    ("Pod", "spec"),
    ("PodTemplate", "template/spec"),
    ("Deployment", "spec/template/spec"),
    ("ReplicaSet", "spec/template/spec"),
    ("DaemonSet", "spec/template/spec"),
    ("StatefulSet", "spec/template/spec"),
    ("Job", "spec/template/spec"),
    ("CronJob", "spec/jobTemplate/spec/template/spec"),
    ("ReplicationController", "spec/template/spec"),
];

/// Fields of a pod spec naming an object of each kind.
const IN_POD_SPEC: &[(&str, &[&str])] = &[
    (
        "ConfigMap",
        &[
            "volumes/configMap/name",
            "containers/env/valueFrom/configMapKeyRef/name",
            "initContainers/env/valueFrom/configMapKeyRef/name",
            "containers/envFrom/configMapRef/name",
            "initContainers/envFrom/configMapRef/name",
            "volumes/projected/sources/configMap/name",
        ],
    ),
    (
        "Secret",
        &[
            "volumes/secret/secretName",
            "containers/env/valueFrom/secretKeyRef/name",
            "initContainers/env/valueFrom/secretKeyRef/name",
            "containers/envFrom/secretRef/name",
            "initContainers/envFrom/secretRef/name",
            "imagePullSecrets/name",
            "volumes/projected/sources/secret/name",
        ],
    ),
    ("ServiceAccount", &["serviceAccountName"]),
    (
        "PersistentVolumeClaim",
        &["volumes/persistentVolumeClaim/claimName"],
    ),
    ("PriorityClass", &["priorityClassName"]),
];

/// Other referring fields: (referred kind, referring kind, path).
const OTHERS: &[(&str, &str, &str)] = &[
    (
        "Deployment",
        "HorizontalPodAutoscaler",
        "spec/scaleTargetRef/name",
    ),
    (
        "ReplicaSet",
        "HorizontalPodAutoscaler",
        "spec/scaleTargetRef/name",
    ),
    (
        "StatefulSet",
        "HorizontalPodAutoscaler",
        "spec/scaleTargetRef/name",
    ),
    (
        "ReplicationController",
        "HorizontalPodAutoscaler",
        "spec/scaleTargetRef/name",
    ),
    ("Secret", "Ingress", "spec/tls/secretName"),
    ("Secret", "ServiceAccount", "imagePullSecrets/name"),
    ("Service", "StatefulSet", "spec/serviceName"),
    (
        "Service",
        "Ingress",
        "spec/rules/http/paths/backend/service/name",
    ),
    ("Service", "Ingress", "spec/defaultBackend/service/name"),
    (
        "Service",
        "Ingress",
        "spec/rules/http/paths/backend/serviceName",
    ),
    ("Service", "Ingress", "spec/backend/serviceName"),
    (
        "PersistentVolume",
        "PersistentVolumeClaim",
        "spec/volumeName",
    ),
    ("StorageClass", "PersistentVolume", "spec/storageClassName"),
    (
        "StorageClass",
        "PersistentVolumeClaim",
        "spec/storageClassName",
    ),
    (
        "StorageClass",
        "StatefulSet",
        "spec/volumeClaimTemplates/spec/storageClassName",
    ),
    ("IngressClass", "Ingress", "spec/ingressClassName"),
    ("ConfigMap", "Role", "rules/resourceNames"),
    ("ConfigMap", "ClusterRole", "rules/resourceNames"),
    ("Secret", "Role", "rules/resourceNames"),
    ("Secret", "ClusterRole", "rules/resourceNames"),
    ("PersistentVolume", "ClusterRole", "rules/resourceNames"),
    (
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "spec/policyName",
    ),
];

/// What a referring field needs to know of each object of the build.
struct Target {
    kind: String,
    /// The names it had before its current one, its original first.
    names: Vec<String>,
    namespace: String,
    orig_ns: String,
    cluster_scoped: bool,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    name: String,
}

impl Target {
    fn of(r: &Res, discovery: &Discovery) -> Target {
        Target {
            kind: r.kind().to_string(),
            names: r.previous_names(),
            namespace: r.namespace().to_string(),
            orig_ns: r.orig_ns.clone(),
            cluster_scoped: !is_namespaced(discovery, r),
            prefixes: r.prefixes.clone(),
            suffixes: r.suffixes.clone(),
            name: r.name().to_string(),
        }
    }

    /// kustomize's prefix/suffix comparison: one list ends the other (an empty one matches
    /// anything when `allow_empty`).
    fn same_affixes(&self, o: &Target, allow_empty: bool) -> bool {
        let matches = |a: &[String], b: &[String]| {
            (allow_empty && (a.is_empty() || b.is_empty())) || same_ending(a, b)
        };
        matches(&self.prefixes, &o.prefixes) && matches(&self.suffixes, &o.suffixes)
    }
}

fn same_ending(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return long.is_empty();
    }
    long.ends_with(short)
}

/// The object a reference to `old` of kind `want` from `referrer` means, as kustomize's
/// referral selection sieves the candidates: by previous name and kind, by namespace, then by
/// the name prefixes and suffixes they share with the referrer.
fn select<'a>(
    targets: &'a [Target],
    referrer: &Target,
    want: &str,
    old: &str,
) -> Option<&'a Target> {
    let mut c: Vec<&Target> = targets
        .iter()
        .filter(|t| t.kind == want && t.names.iter().any(|n| n == old))
        .filter(|t| {
            referrer.cluster_scoped
                || t.cluster_scoped
                || t.kind == "ServiceAccount"
                || t.namespace == referrer.namespace
        })
        .collect();
    if c.len() == 1 {
        return c.first().copied();
    }
    c.retain(|t| t.same_affixes(referrer, true));
    if c.len() > 1 {
        c.retain(|t| t.same_affixes(referrer, false));
    }
    c.first().copied()
}

pub fn fix(rs: &mut [Res]) {
    let discovery = Discovery::builtin();
    let targets: Vec<Target> = rs.iter().map(|r| Target::of(r, &discovery)).collect();
    for (i, r) in rs.iter_mut().enumerate() {
        let Some(me) = targets.get(i) else { continue };
        let kind = r.kind().to_string();
        let find = |want: &str, old: &str| select(&targets, me, want, old).map(|t| t.name.clone());
        for (pod_kind, prefix) in POD_SPECS {
            if kind != *pod_kind {
                continue;
            }
            for (referred, paths) in IN_POD_SPEC {
                for p in paths.iter() {
                    rename_at(&mut r.obj, &format!("{prefix}/{p}"), &|old| {
                        find(referred, old)
                    });
                }
            }
        }
        for (referred, referring, path) in OTHERS {
            if kind == *referring {
                rename_at(&mut r.obj, path, &|old| find(referred, old));
            }
        }
        if kind == "RoleBinding" || kind == "ClusterRoleBinding" {
            role_ref(&mut r.obj, &|k, old| find(k, old));
            subjects(&mut r.obj, &targets);
        }
        if kind.ends_with("WebhookConfiguration") {
            let parts = ["webhooks", "clientConfig", "service"];
            walk(&mut r.obj, &parts, false, &mut |svc| {
                service_ref(svc, &targets);
            });
        }
    }
}

/// Replace the name at `path` (through lists) with the one `find` gives.
fn rename_at(obj: &mut Value, path: &str, find: &dyn Fn(&str) -> Option<String>) {
    let parts: Vec<&str> = path.split('/').collect();
    let rename = |v: &mut Value| {
        if let Some(new) = v.as_str().and_then(find) {
            *v = Value::from(new);
        }
    };
    walk(obj, &parts, false, &mut |v| match v {
        // A list of names (a Role's resourceNames).
        Value::Array(items) => items.iter_mut().for_each(rename),
        v => rename(v),
    });
}

fn role_ref(obj: &mut Value, find: &dyn Fn(&str, &str) -> Option<String>) {
    let Some(Value::Object(rr)) = obj.get_mut("roleRef") else {
        return;
    };
    let kind = rr
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let new = rr
        .get("name")
        .and_then(Value::as_str)
        .and_then(|old| find(&kind, old));
    if let Some(new) = new {
        rr.insert("name".into(), Value::from(new));
    }
}

/// A webhook's service (name and namespace) follows the Service it names.
fn service_ref(svc: &mut Value, targets: &[Target]) {
    let Value::Object(m) = svc else { return };
    let old = m
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let ns = m
        .get("namespace")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let t = targets.iter().find(|t| {
        t.kind == "Service" && t.names.contains(&old) && (t.orig_ns == ns || t.namespace == ns)
    });
    if let Some(t) = t {
        m.insert("name".into(), Value::from(t.name.as_str()));
        m.insert("namespace".into(), Value::from(t.namespace.as_str()));
    }
}

/// Namespaces compared as kustomize does, none standing for `default`.
fn same_ns(a: &str, b: &str) -> bool {
    let or_default = |s: &str| {
        if s.is_empty() {
            "default".to_string()
        } else {
            s.to_string()
        }
    };
    or_default(a) == or_default(b)
}

/// ServiceAccount subjects follow their account's name and namespace.
fn subjects(obj: &mut Value, targets: &[Target]) {
    let Some(Value::Array(subjects)) = obj.get_mut("subjects") else {
        return;
    };
    for s in subjects.iter_mut() {
        let Value::Object(m) = s else { continue };
        if m.get("kind").and_then(Value::as_str) != Some("ServiceAccount") {
            continue;
        }
        let old = m
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let ns = m
            .get("namespace")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let t = targets.iter().find(|t| {
            t.kind == "ServiceAccount"
                && t.names.contains(&old)
                && (ns.is_empty() || same_ns(&t.orig_ns, &ns) || same_ns(&t.namespace, &ns))
        });
        if let Some(t) = t {
            m.insert("name".into(), Value::from(t.name.as_str()));
            if !t.namespace.is_empty() {
                m.insert("namespace".into(), Value::from(t.namespace.as_str()));
            }
        }
    }
}
