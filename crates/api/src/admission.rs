//! What happens to an object between the request and the store: name rules, defaulting,
//! validation, and the allocations the server makes (Service cluster IPs and node ports).

use crate::meta::ResourceExt;
use serde_json::{json, Value};

use super::discovery::ResourceInfo;
use super::status::{self, Status};
use super::{crd, defaults, meta, names, validate};
use crate::rng::Rng;
use crate::store::{Key, Store};
use kubeplay_core::clock::Time;

pub mod limitranger;
pub mod resourcequota;

/// What admission may see and use of the server: the stored objects (service accounts, priority
/// classes, storage classes, taken IPs and ports) to read, the random source for generated names
/// and allocations, the time, and the Service CIDR. Nothing else; it never writes the store.
pub struct Admission<'a> {
    pub store: &'a Store,
    pub rng: &'a mut Rng,
    pub now: Time,
    pub service_cidr: &'a str,
}

/// Kinds whose `metadata.generation` tracks spec changes.
pub fn has_generation(info: &ResourceInfo) -> bool {
    matches!(
        info.kind.as_str(),
        "Deployment"
            | "ReplicaSet"
            | "StatefulSet"
            | "DaemonSet"
            | "Job"
            | "CronJob"
            | "ReplicationController"
            | "HorizontalPodAutoscaler"
            | "Ingress"
            | "NetworkPolicy"
            | "PodDisruptionBudget"
            | "CustomResourceDefinition"
    ) || !crd::is_builtin(&info.group, &info.plural) // every custom resource, whatever its group
}

pub fn validate_name(info: &ResourceInfo, name: &str) -> Result<(), Status> {
    let errs = match info.kind.as_str() {
        "Namespace" => names::dns1123_label(name),
        "Service" => names::dns1035_label(name),
        "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding" => {
            names::path_segment_name(name)
        }
        _ => names::dns1123_subdomain(name),
    };
    if errs.is_empty() {
        return Ok(());
    }
    let causes = errs
        .iter()
        .map(|e| status::invalid_value("metadata.name", name, e))
        .collect();
    Err(Status::invalid(&info.group, &info.kind, name, causes))
}

fn validate_meta(obj: &Value) -> Vec<status::StatusCause> {
    let mut causes = Vec::new();
    if let Some(labels) = obj.labels().and_then(|l| l.as_object()) {
        for (k, v) in labels {
            for e in names::qualified_name(k) {
                causes.push(status::invalid_value("metadata.labels", k, &e));
            }
            let vs = v.as_str().unwrap_or("");
            for e in names::label_value(vs) {
                causes.push(status::invalid_value("metadata.labels", vs, &e));
            }
        }
    }
    if let Some(ann) = obj.annotations().and_then(|l| l.as_object()) {
        for k in ann.keys() {
            for e in names::qualified_name(k) {
                causes.push(status::invalid_value("metadata.annotations", k, &e));
            }
        }
    }
    causes
}

/// Admit a create; on success, the quotas whose `status.used` it charges, for the server to
/// write with the object (nothing for a dry run).
pub fn on_create(
    api: &mut Admission,
    info: &ResourceInfo,
    obj: &mut Value,
) -> Result<Vec<Value>, Status> {
    let name = meta::name(obj).to_string();
    if info.kind == "Pod" {
        let ns = meta::namespace(obj).to_string();
        let sa = obj
            .pointer("/spec/serviceAccountName")
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .unwrap_or("default")
            .to_string();
        let Some(account) = api.store.get(&Key::new("/serviceaccounts", &ns, &sa)) else {
            return Err(Status::forbidden(format!(
                "pods \"{name}\" is forbidden: error looking up service account {ns}/{sa}: serviceaccount \"{sa}\" not found"
            )));
        };
        let automount = account
            .get("automountServiceAccountToken")
            .and_then(|v| v.as_bool());
        let suffix = api.rng.suffix(5);
        defaults::pod_service_account_with(obj, &sa, &suffix, automount);
        priority_admission(api, obj, &name)?;
    }
    if info.kind == "PersistentVolumeClaim" && obj.pointer("/spec/storageClassName").is_none() {
        // DefaultStorageClass admission: a claim that names no class gets the default one.
        let default_class = api
            .store
            .list("storage.k8s.io/storageclasses", None)
            .map(|(_, sc)| sc)
            .find(|sc| {
                sc.pointer("/metadata/annotations/storageclass.kubernetes.io~1is-default-class")
                    .and_then(|v| v.as_str())
                    == Some("true")
            })
            .map(|sc| meta::name(sc).to_string());
        if let Some(class) = default_class {
            meta::set_str(obj, &["spec", "storageClassName"], &class);
        }
    }
    if info.kind == "PersistentVolumeClaim" {
        // StorageObjectInUseProtection admission: a claim in use is not removed until no pod
        // uses it.
        let fin = obj.pointer("/metadata/finalizers").cloned();
        let mut list: Vec<Value> = fin.and_then(|f| f.as_array().cloned()).unwrap_or_default();
        let protection = Value::from("kubernetes.io/pvc-protection");
        if !list.contains(&protection) {
            list.push(protection);
            meta::set(obj, &["metadata", "finalizers"], Value::Array(list));
        }
    }
    if info.kind == "Job" {
        // The generated selector names the Job's uid, so the uid is assigned before defaulting.
        let uid = api.rng.uid();
        meta::set_str(obj, &["metadata", "uid"], &uid);
    }
    // Hook: CRDs and custom objects follow their own rules (src/api/crd).
    let now = api.now.rfc3339();
    if let Some(errs) = crd::admit(api.store, info, None, obj, &now) {
        check_custom(info, &name, obj, errs)?;
        return resourcequota::admit(
            api.store,
            &info.gr(),
            &info.qualified_plural(),
            obj,
            None,
            api.now,
        );
    }
    defaults::apply(&info.kind, obj);
    match info.kind.as_str() {
        "Pod" => limitranger::mutate(api.store, obj),
        "LimitRange" => limitranger::default_items(obj),
        _ => {}
    }
    let mut causes = validate_meta(obj);
    causes.extend(validate::validate(&info.kind, obj));
    // Ephemeral containers come only through the pod's ephemeralcontainers subresource.
    let ephemeral = obj
        .pointer("/spec/ephemeralContainers")
        .and_then(|v| v.as_array())
        .is_some_and(|a| !a.is_empty());
    if info.kind == "Pod" && ephemeral {
        causes.push(crate::status::cause(
            "FieldValueForbidden",
            "spec.ephemeralContainers",
            "Forbidden: cannot be set on create",
        ));
    }
    if !causes.is_empty() {
        return Err(Status::invalid(&info.group, &info.kind, &name, causes));
    }
    match info.kind.as_str() {
        "Service" => allocate_service(api, obj, &name)?,
        "Namespace" => {
            meta::set(
                obj,
                &["metadata", "labels", "kubernetes.io/metadata.name"],
                json!(name),
            );
        }
        _ => {}
    }
    if matches!(info.kind.as_str(), "Pod" | "PersistentVolumeClaim") && info.group.is_empty() {
        limitranger::validate(api.store, &info.kind, &info.qualified_plural(), obj)?;
    }
    resourcequota::admit(
        api.store,
        &info.gr(),
        &info.qualified_plural(),
        obj,
        None,
        api.now,
    )
}

/// Admit an update; on success, the quotas it charges (a Service turned NodePort, a claim
/// grown), as for a create.
pub fn on_update(
    api: &mut Admission,
    info: &ResourceInfo,
    old: &Value,
    obj: &mut Value,
) -> Result<Vec<Value>, Status> {
    let name = meta::name(old).to_string();
    // Hook: CRDs and custom objects follow their own rules (src/api/crd).
    let now = api.now.rfc3339();
    if let Some(errs) = crd::admit(api.store, info, Some(old), obj, &now) {
        check_custom(info, &name, obj, errs)?;
        return Ok(vec![]);
    }
    if info.kind == "Service" {
        defaults::drop_type_dependent_fields(old, obj);
    }
    defaults::apply(&info.kind, obj);
    if info.kind == "LimitRange" {
        limitranger::default_items(obj);
    }
    let mut causes = validate_meta(obj);
    causes.extend(validate::validate(&info.kind, obj));
    causes.extend(validate::immutable(&info.kind, old, obj));
    if !causes.is_empty() {
        return Err(Status::invalid(&info.group, &info.kind, &name, causes));
    }
    if info.kind == "Service" {
        // Keep what was allocated unless the client asked for something specific.
        for f in ["clusterIP", "clusterIPs"] {
            if obj.pointer(&format!("/spec/{f}")).is_none() {
                if let Some(v) = old.pointer(&format!("/spec/{f}")) {
                    meta::set(obj, &["spec", f], v.clone());
                }
            }
        }
        allocate_service(api, obj, &name)?;
    }
    if info.kind == "Namespace" {
        meta::set(
            obj,
            &["metadata", "labels", "kubernetes.io/metadata.name"],
            json!(name),
        );
    }
    if info.namespaced && info.group.is_empty() {
        return resourcequota::admit(
            api.store,
            &info.gr(),
            &info.qualified_plural(),
            obj,
            Some(old),
            api.now,
        );
    }
    Ok(vec![])
}

/// Metadata errors first, then those of the CRD or custom object.
fn check_custom(
    info: &ResourceInfo,
    name: &str,
    obj: &Value,
    errs: Vec<status::StatusCause>,
) -> Result<(), Status> {
    let mut causes = validate_meta(obj);
    causes.extend(errs);
    if causes.is_empty() {
        Ok(())
    } else {
        Err(Status::invalid(&info.group, &info.kind, name, causes))
    }
}

/// The Priority plugin: a named PriorityClass must exist and gives the pod its value and policy.
fn priority_admission(api: &Admission, obj: &mut Value, name: &str) -> Result<(), Status> {
    let class = meta::str_at(obj, &["spec", "priorityClassName"]).to_string();
    if class.is_empty() {
        return Ok(());
    }
    let key = Key::new("scheduling.k8s.io/priorityclasses", "", &class);
    let pc = match api.store.get(&key) {
        Some(pc) => pc.clone(),
        None if matches!(
            class.as_str(),
            "system-node-critical" | "system-cluster-critical"
        ) =>
        {
            return Ok(());
        }
        None => {
            return Err(Status::forbidden(format!(
                "pods \"{name}\" is forbidden: no PriorityClass with name {class} was found"
            )));
        }
    };
    let value = pc.get("value").cloned().unwrap_or(json!(0));
    let policy = pc
        .get("preemptionPolicy")
        .cloned()
        .unwrap_or(json!("PreemptLowerPriority"));
    meta::set(obj, &["spec", "priority"], value);
    meta::set(obj, &["spec", "preemptionPolicy"], policy);
    Ok(())
}

fn used_values(api: &Admission, ptr: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (_, svc) in api.store.list("/services", None) {
        if ptr == "nodePort" {
            if let Some(ports) = svc.pointer("/spec/ports").and_then(|p| p.as_array()) {
                out.extend(
                    ports
                        .iter()
                        .filter_map(|p| p.get("nodePort").and_then(|n| n.as_u64()))
                        .map(|n| n.to_string()),
                );
            }
        } else if let Some(ip) = svc.pointer(ptr).and_then(|v| v.as_str()) {
            out.push(ip.to_string());
        }
    }
    out
}

/// `10.96.0.0/12` -> (first address as a number, number of addresses).
fn parse_cidr(cidr: &str) -> Option<(u32, u64)> {
    let (addr, bits) = cidr.split_once('/')?;
    let bits: u32 = bits.parse().ok().filter(|b| *b <= 32)?;
    let mut n: u32 = 0;
    let mut parts = 0;
    for p in addr.split('.') {
        n = (n << 8) | p.parse::<u8>().ok()? as u32;
        parts += 1;
    }
    if parts != 4 {
        return None;
    }
    let size = 1u64 << (32 - bits);
    let mask = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    };
    Some((n & mask, size))
}

fn allocate_service(api: &mut Admission, obj: &mut Value, name: &str) -> Result<(), Status> {
    let svc_type = meta::str_at(obj, &["spec", "type"]).to_string();
    let cluster_ip = meta::str_at(obj, &["spec", "clusterIP"]).to_string();
    if svc_type != "ExternalName" && cluster_ip.is_empty() {
        let used = used_values(api, "/spec/clusterIP");
        let (base, size) = parse_cidr(api.service_cidr).unwrap_or((0x0a60_0000, 1 << 20));
        // Skip the range's first eleven addresses, which the cluster keeps for its own services
        // (the API server's `.1`, DNS's `.10`), and the broadcast address.
        let span = size.saturating_sub(12).max(1);
        let mut ip = String::new();
        for _ in 0..1000 {
            let n = base
                .wrapping_add(11)
                .wrapping_add(api.rng.below(span) as u32);
            let candidate = format!(
                "{}.{}.{}.{}",
                n >> 24,
                (n >> 16) & 0xff,
                (n >> 8) & 0xff,
                n & 0xff
            );
            if !used.contains(&candidate) {
                ip = candidate;
                break;
            }
        }
        meta::set(obj, &["spec", "clusterIP"], json!(ip));
        meta::set(obj, &["spec", "clusterIPs"], json!([ip]));
    } else if svc_type != "ExternalName" && obj.pointer("/spec/clusterIPs").is_none() {
        meta::set(obj, &["spec", "clusterIPs"], json!([cluster_ip]));
    }
    if matches!(svc_type.as_str(), "NodePort" | "LoadBalancer") {
        let used = used_values(api, "nodePort");
        let count = obj
            .pointer("/spec/ports")
            .and_then(|p| p.as_array())
            .map_or(0, |a| a.len());
        for i in 0..count {
            let has = obj
                .pointer(&format!("/spec/ports/{i}/nodePort"))
                .and_then(|v| v.as_u64())
                .is_some();
            if has {
                continue;
            }
            let port = loop {
                let p = 30000 + api.rng.below(2768);
                if !used.contains(&p.to_string()) {
                    break p;
                }
            };
            if let Some(slot) = obj
                .pointer_mut(&format!("/spec/ports/{i}"))
                .and_then(|v| v.as_object_mut())
            {
                slot.insert("nodePort".into(), json!(port));
            }
        }
    }
    let _ = name;
    Ok(())
}
