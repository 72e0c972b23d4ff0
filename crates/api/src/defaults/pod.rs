//! Pod and pod-template defaults: SetDefaults_PodSpec/Container/Volume/Probe, the Pod-only
//! defaults (enableServiceLinks, requests from limits), and the admission plugins a Pod always
//! meets on a kubeadm/minikube cluster (ServiceAccount, Priority, DefaultTolerationSeconds).

use kubeplay_core::api::qos::qos_class;
use serde_json::{json, Map, Value};

use super::{each_item, obj_at, set_default};

const SA_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// A Pod as stored after create: spec defaults, admission additions and the initial status.
pub fn pod(obj: &mut Value) {
    let Some(spec) = obj_at(obj, &["spec"]) else {
        return;
    };
    pod_spec(spec);
    set_default(spec, "enableServiceLinks", json!(true));
    for key in ["containers", "initContainers"] {
        each_item(spec, key, requests_from_limits);
    }
    priority(spec);
    default_tolerations(spec);
    let qos = qos_class(obj);
    if let Some(status) = obj_at(obj, &["status"]) {
        set_default(status, "phase", json!("Pending"));
        set_default(status, "qosClass", json!(qos));
    }
}

/// A PodTemplateSpec inside a workload: spec defaults only, and Go's `creationTimestamp: null`.
pub fn template(t: &mut Value) {
    if let Some(m) = obj_at(t, &["metadata"]) {
        if !m.contains_key("creationTimestamp") {
            m.insert("creationTimestamp".into(), Value::Null);
        }
    }
    if let Some(spec) = obj_at(t, &["spec"]) {
        pod_spec(spec);
    }
}

pub fn pod_spec(spec: &mut Map<String, Value>) {
    set_default(spec, "dnsPolicy", json!("ClusterFirst"));
    set_default(spec, "restartPolicy", json!("Always"));
    set_default(spec, "terminationGracePeriodSeconds", json!(30));
    set_default(spec, "securityContext", json!({}));
    set_default(spec, "schedulerName", json!("default-scheduler"));
    let host_network = spec.get("hostNetwork").and_then(|v| v.as_bool()) == Some(true);
    for key in ["containers", "initContainers", "ephemeralContainers"] {
        each_item(spec, key, |c| container(c, host_network));
    }
    each_item(spec, "volumes", volume);
}

fn container(c: &mut Value, host_network: bool) {
    let Some(c) = c.as_object_mut() else { return };
    set_default(c, "terminationMessagePath", json!("/dev/termination-log"));
    set_default(c, "terminationMessagePolicy", json!("File"));
    let image = c.get("image").and_then(|v| v.as_str()).unwrap_or("");
    let policy = if image_is_latest(image) {
        "Always"
    } else {
        "IfNotPresent"
    };
    set_default(c, "imagePullPolicy", json!(policy));
    set_default(c, "resources", json!({}));
    each_item(c, "ports", |p| {
        if let Some(p) = p.as_object_mut() {
            set_default(p, "protocol", json!("TCP"));
            if host_network {
                if let Some(cp) = p.get("containerPort").cloned() {
                    set_default(p, "hostPort", cp);
                }
            }
        }
    });
    each_item(c, "env", |e| {
        if let Some(fr) = e
            .pointer_mut("/valueFrom/fieldRef")
            .and_then(|f| f.as_object_mut())
        {
            set_default(fr, "apiVersion", json!("v1"));
        }
    });
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(p) = c.get_mut(probe).and_then(|p| p.as_object_mut()) {
            probe_defaults(p);
        }
    }
    for hook in ["postStart", "preStop"] {
        if let Some(h) = c
            .get_mut("lifecycle")
            .and_then(|l| l.get_mut(hook))
            .and_then(|h| h.get_mut("httpGet"))
            .and_then(|h| h.as_object_mut())
        {
            set_default(h, "scheme", json!("HTTP"));
            set_default(h, "path", json!("/"));
        }
    }
}

/// `:latest` or no tag (and no digest) pulls Always; anything else IfNotPresent.
fn image_is_latest(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        Some((_, tag)) => tag == "latest",
        None => true,
    }
}

fn probe_defaults(p: &mut Map<String, Value>) {
    set_default(p, "timeoutSeconds", json!(1));
    set_default(p, "periodSeconds", json!(10));
    set_default(p, "successThreshold", json!(1));
    set_default(p, "failureThreshold", json!(3));
    if let Some(h) = p.get_mut("httpGet").and_then(|h| h.as_object_mut()) {
        set_default(h, "scheme", json!("HTTP"));
        set_default(h, "path", json!("/"));
    }
    if let Some(g) = p.get_mut("grpc").and_then(|h| h.as_object_mut()) {
        set_default(g, "service", json!(""));
    }
}

/// Every kind of volume source a pod volume may name (exactly one per volume).
pub(crate) const VOLUME_SOURCES: &[&str] = &[
    "hostPath",
    "emptyDir",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "secret",
    "nfs",
    "iscsi",
    "glusterfs",
    "persistentVolumeClaim",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "downwardAPI",
    "fc",
    "azureFile",
    "configMap",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "projected",
    "portworxVolume",
    "scaleIO",
    "storageos",
    "csi",
    "ephemeral",
    "image",
];

fn volume(v: &mut Value) {
    let Some(v) = v.as_object_mut() else { return };
    if !VOLUME_SOURCES.iter().any(|s| v.contains_key(*s)) {
        v.insert("emptyDir".into(), json!({}));
    }
    for src in ["secret", "configMap", "downwardAPI", "projected"] {
        if let Some(s) = v.get_mut(src).and_then(|s| s.as_object_mut()) {
            set_default(s, "defaultMode", json!(420));
        }
    }
    if let Some(h) = v.get_mut("hostPath").and_then(|s| s.as_object_mut()) {
        set_default(h, "type", json!(""));
    }
    if let Some(items) = v
        .get_mut("downwardAPI")
        .and_then(|d| d.get_mut("items"))
        .and_then(|i| i.as_array_mut())
    {
        for it in items {
            if let Some(fr) = it.get_mut("fieldRef").and_then(|f| f.as_object_mut()) {
                set_default(fr, "apiVersion", json!("v1"));
            }
        }
    }
}

/// A Pod (not a template) whose container sets limits but not requests asks for its limits.
fn requests_from_limits(c: &mut Value) {
    let Some(limits) = c.pointer("/resources/limits").and_then(|l| l.as_object()) else {
        return;
    };
    let limits = limits.clone();
    if limits.is_empty() {
        return;
    }
    if let Some(req) = obj_at(c, &["resources", "requests"]) {
        for (k, v) in limits {
            req.entry(k).or_insert(v);
        }
    }
}

/// The Priority admission plugin: no class means priority 0 and the default preemption policy.
fn priority(spec: &mut Map<String, Value>) {
    let class = spec
        .get("priorityClassName")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let value = match class {
        "system-node-critical" => 2000001000,
        "system-cluster-critical" => 2000000000,
        _ => 0,
    };
    set_default(spec, "priority", json!(value));
    set_default(spec, "preemptionPolicy", json!("PreemptLowerPriority"));
}

/// DefaultTolerationSeconds: tolerate not-ready/unreachable nodes for 300s unless the pod
/// already says how long.
fn default_tolerations(spec: &mut Map<String, Value>) {
    let existing = spec
        .get("tolerations")
        .and_then(|t| t.as_array())
        .cloned()
        .unwrap_or_default();
    let covers = |key: &str| {
        existing.iter().any(|t| {
            let effect = t.get("effect").and_then(|v| v.as_str()).unwrap_or("");
            let k = t.get("key").and_then(|v| v.as_str()).unwrap_or("");
            let op = t.get("operator").and_then(|v| v.as_str()).unwrap_or("");
            (effect.is_empty() || effect == "NoExecute")
                && (k == key || (k.is_empty() && op == "Exists"))
        })
    };
    let mut add = Vec::new();
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        if !covers(key) {
            add.push(
                json!({"key": key, "operator": "Exists", "effect": "NoExecute",
                "tolerationSeconds": 300}),
            );
        }
    }
    if add.is_empty() {
        return;
    }
    let mut all = existing;
    all.extend(add);
    spec.insert("tolerations".into(), Value::Array(all));
}

/// The ServiceAccount admission plugin: name the account and project its token into every
/// container, unless the pod opted out or already mounts something at the token path.
pub fn pod_service_account(obj: &mut Value, sa: &str, suffix: &str) {
    pod_service_account_with(obj, sa, suffix, None);
}

/// As `pod_service_account`, knowing the account's own `automountServiceAccountToken` (the
/// pod's setting, when it has one, wins).
pub fn pod_service_account_with(
    obj: &mut Value,
    sa: &str,
    suffix: &str,
    account_automount: Option<bool>,
) {
    let Some(spec) = obj_at(obj, &["spec"]) else {
        return;
    };
    spec.insert("serviceAccountName".into(), json!(sa));
    spec.insert("serviceAccount".into(), json!(sa));
    let automount = spec
        .get("automountServiceAccountToken")
        .and_then(|v| v.as_bool())
        .or(account_automount)
        .unwrap_or(true);
    if !automount {
        return;
    }
    let has_volume = spec
        .get("volumes")
        .and_then(|v| v.as_array())
        .is_some_and(|vs| {
            vs.iter().any(|v| {
                v.get("name")
                    .and_then(|n| n.as_str())
                    .is_some_and(|n| n.starts_with("kube-api-access-"))
            })
        });
    if has_volume {
        return;
    }
    let vol_name = format!("kube-api-access-{suffix}");
    let mut mounted = false;
    for key in ["initContainers", "containers"] {
        each_item(spec, key, |c| {
            let Some(c) = c.as_object_mut() else { return };
            let already = c
                .get("volumeMounts")
                .and_then(|m| m.as_array())
                .is_some_and(|ms| {
                    ms.iter()
                        .any(|m| m.get("mountPath").and_then(|p| p.as_str()) == Some(SA_MOUNT_PATH))
                });
            if already {
                return;
            }
            let mount = json!({"name": vol_name, "readOnly": true, "mountPath": SA_MOUNT_PATH});
            match c.get_mut("volumeMounts").and_then(|m| m.as_array_mut()) {
                Some(ms) => ms.push(mount),
                None => {
                    c.insert("volumeMounts".into(), json!([mount]));
                }
            }
            mounted = true;
        });
    }
    if !mounted {
        return;
    }
    let vol = json!({
        "name": vol_name,
        "projected": {
            "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}
            ],
            "defaultMode": 420
        }
    });
    match spec.get_mut("volumes").and_then(|v| v.as_array_mut()) {
        Some(vs) => vs.push(vol),
        None => {
            spec.insert("volumes".into(), json!([vol]));
        }
    }
}

#[cfg(test)]
pub(crate) fn latest(image: &str) -> bool {
    image_is_latest(image)
}
