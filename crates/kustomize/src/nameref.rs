//! Name references: once names have their prefixes, suffixes and hashes, every field that names
//! another object of the build (a ConfigMap in `envFrom`, a Secret volume, a Service behind an
//! Ingress, a Role in a RoleBinding...) is changed to that object's final name, as kustomize's
//! name reference transformer does from its table of referring fields.

use serde_json::Value;

use crate::fieldspec::walk;
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
];

/// What a referring field needs to know of each object of the build.
struct Target {
    kind: String,
    names: Vec<String>,
    namespace: String,
    orig_ns: String,
    name: String,
}

pub fn fix(rs: &mut [Res]) {
    let targets: Vec<Target> = rs
        .iter()
        .map(|r| {
            let mut names = vec![r.orig_name.clone()];
            names.extend(r.prev_names.iter().cloned());
            Target {
                kind: r.kind().to_string(),
                names,
                namespace: r.namespace().to_string(),
                orig_ns: r.orig_ns.clone(),
                name: r.name().to_string(),
            }
        })
        .collect();
    for r in rs.iter_mut() {
        let ns = r.namespace().to_string();
        let kind = r.kind().to_string();
        let find = |want: &str, old: &str| -> Option<String> {
            let mut matching = targets
                .iter()
                .filter(|t| t.kind == want && t.names.iter().any(|n| n == old));
            let first = matching.next()?;
            let same_ns = std::iter::once(first)
                .chain(matching)
                .find(|t| t.namespace == ns || t.orig_ns == ns);
            Some(same_ns.unwrap_or(first).name.clone())
        };
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
    }
}

/// Replace the name at `path` (through lists) with the one `find` gives.
fn rename_at(obj: &mut Value, path: &str, find: &dyn Fn(&str) -> Option<String>) {
    let parts: Vec<&str> = path.split('/').collect();
    walk(obj, &parts, false, &mut |v| {
        if let Some(new) = v.as_str().and_then(find) {
            *v = Value::from(new);
        }
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
                && (ns.is_empty() || t.orig_ns == ns || t.namespace == ns)
        });
        if let Some(t) = t {
            m.insert("name".into(), Value::from(t.name.as_str()));
            if !t.namespace.is_empty() {
                m.insert("namespace".into(), Value::from(t.namespace.as_str()));
            }
        }
    }
}
