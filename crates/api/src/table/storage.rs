//! Columns of the storage kinds: PersistentVolume(Claim), StorageClass, CSI objects and
//! VolumeAttachment.

use crate::meta::ResourceExt;
use serde_json::{json, Value};

use super::{age, col, name, s, wide, Column, Ctx, Printer};

pub fn printer(group: &str, kind: &str) -> Option<Printer> {
    let (columns, cells): (&'static [Column], super::CellsFn) = match (group, kind) {
        ("", "PersistentVolume") => (PV, pv),
        ("", "PersistentVolumeClaim") => (PVC, pvc),
        ("storage.k8s.io", "StorageClass") => (STORAGE_CLASS, storage_class),
        ("storage.k8s.io", "CSIDriver") => (CSI_DRIVER, csi_driver),
        ("storage.k8s.io", "CSINode") => (CSI_NODE, csi_node),
        ("storage.k8s.io", "CSIStorageCapacity") => (CSI_CAPACITY, csi_capacity),
        ("storage.k8s.io", "VolumeAttachment") => (VOLUME_ATTACHMENT, volume_attachment),
        _ => return None,
    };
    Some(Printer { columns, cells })
}

/// `RWO,ROX,RWX,RWOP` in that fixed order, as kubectl abbreviates access modes.
pub fn access_modes(modes: Option<&Value>) -> String {
    let modes: Vec<&str> = modes
        .and_then(|m| m.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
        .unwrap_or_default();
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(m, _)| modes.contains(m))
    .map(|(_, a)| *a)
    .collect::<Vec<_>>()
    .join(",")
}

fn quantity(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => "0".into(),
    }
}

fn opt_or(v: &Value, ptr: &str, dflt: &str) -> String {
    v.pointer(ptr)
        .and_then(|x| x.as_str())
        .unwrap_or(dflt)
        .to_string()
}

fn storage_class_of(v: &Value) -> String {
    match v.pointer("/spec/storageClassName").and_then(|x| x.as_str()) {
        Some(c) => c.to_string(),
        None => opt_or(
            v,
            "/metadata/annotations/volume.beta.kubernetes.io~1storage-class",
            "",
        ),
    }
}

fn phase(v: &Value) -> String {
    if v.is_deleting() {
        "Terminating".into()
    } else {
        s(v, "/status/phase").to_string()
    }
}

const PV: &[Column] = &[
    col("Name"),
    col("Capacity"),
    col("Access Modes"),
    col("Reclaim Policy"),
    col("Status"),
    col("Claim"),
    col("StorageClass"),
    col("VolumeAttributesClass"),
    col("Reason"),
    col("Age"),
    wide("VolumeMode"),
];

fn pv(v: &Value, ctx: &Ctx) -> Vec<Value> {
    let claim = match v.pointer("/spec/claimRef") {
        Some(c) if c.is_object() => format!("{}/{}", s(c, "/namespace"), s(c, "/name")),
        _ => String::new(),
    };
    vec![
        json!(name(v)),
        json!(quantity(v.pointer("/spec/capacity/storage"))),
        json!(access_modes(v.pointer("/spec/accessModes"))),
        json!(s(v, "/spec/persistentVolumeReclaimPolicy")),
        json!(phase(v)),
        json!(claim),
        json!(storage_class_of(v)),
        json!(opt_or(v, "/spec/volumeAttributesClassName", "<unset>")),
        json!(s(v, "/status/reason")),
        json!(age(v, ctx.now)),
        json!(opt_or(v, "/spec/volumeMode", "<unset>")),
    ]
}

const PVC: &[Column] = &[
    col("Name"),
    col("Status"),
    col("Volume"),
    col("Capacity"),
    col("Access Modes"),
    col("StorageClass"),
    col("VolumeAttributesClass"),
    col("Age"),
    wide("VolumeMode"),
];

fn pvc(v: &Value, ctx: &Ctx) -> Vec<Value> {
    let volume = s(v, "/spec/volumeName");
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            quantity(v.pointer("/status/capacity/storage")),
            access_modes(v.pointer("/status/accessModes")),
        )
    };
    vec![
        json!(name(v)),
        json!(phase(v)),
        json!(volume),
        json!(capacity),
        json!(modes),
        json!(storage_class_of(v)),
        json!(opt_or(v, "/spec/volumeAttributesClassName", "<unset>")),
        json!(age(v, ctx.now)),
        json!(opt_or(v, "/spec/volumeMode", "<unset>")),
    ]
}

const STORAGE_CLASS: &[Column] = &[
    col("Name"),
    col("Provisioner"),
    col("ReclaimPolicy"),
    col("VolumeBindingMode"),
    col("AllowVolumeExpansion"),
    col("Age"),
];

fn storage_class(sc: &Value, ctx: &Ctx) -> Vec<Value> {
    let ann = |k: &str| {
        sc.annotations()
            .and_then(|a| a.get(k))
            .and_then(|v| v.as_str())
            == Some("true")
    };
    let mut n = name(sc).to_string();
    if ann("storageclass.kubernetes.io/is-default-class")
        || ann("storageclass.beta.kubernetes.io/is-default-class")
    {
        n.push_str(" (default)");
    }
    vec![
        json!(n),
        json!(s(sc, "/provisioner")),
        json!(opt_or(sc, "/reclaimPolicy", "Delete")),
        json!(opt_or(sc, "/volumeBindingMode", "Immediate")),
        json!(sc
            .get("allowVolumeExpansion")
            .and_then(|b| b.as_bool())
            .unwrap_or(false)),
        json!(age(sc, ctx.now)),
    ]
}

const CSI_DRIVER: &[Column] = &[
    col("Name"),
    col("AttachRequired"),
    col("PodInfoOnMount"),
    col("StorageCapacity"),
    col("TokenRequests"),
    col("RequiresRepublish"),
    col("Modes"),
    col("Age"),
];

fn csi_driver(d: &Value, ctx: &Ctx) -> Vec<Value> {
    let b = |k: &str, dflt: bool| {
        d.pointer(&format!("/spec/{k}"))
            .and_then(|v| v.as_bool())
            .unwrap_or(dflt)
    };
    let strings = |ptr: &str, field: Option<&str>| -> Vec<String> {
        d.pointer(ptr)
            .and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| match field {
                        Some(f) => x.get(f).and_then(|v| v.as_str()),
                        None => x.as_str(),
                    })
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    let tokens = strings("/spec/tokenRequests", Some("audience"));
    let modes = strings("/spec/volumeLifecycleModes", None);
    vec![
        json!(name(d)),
        json!(b("attachRequired", true)),
        json!(b("podInfoOnMount", false)),
        json!(b("storageCapacity", false)),
        json!(if tokens.is_empty() {
            "<unset>".to_string()
        } else {
            tokens.join(",")
        }),
        json!(b("requiresRepublish", false)),
        json!(if modes.is_empty() {
            "<none>".to_string()
        } else {
            modes.join(",")
        }),
        json!(age(d, ctx.now)),
    ]
}

const CSI_NODE: &[Column] = &[col("Name"), col("Drivers"), col("Age")];

fn csi_node(n: &Value, ctx: &Ctx) -> Vec<Value> {
    let drivers = n
        .pointer("/spec/drivers")
        .and_then(|d| d.as_array())
        .map_or(0, |d| d.len());
    vec![json!(name(n)), json!(drivers), json!(age(n, ctx.now))]
}

const CSI_CAPACITY: &[Column] = &[col("Name"), col("StorageClassName"), col("Capacity")];

fn csi_capacity(c: &Value, _ctx: &Ctx) -> Vec<Value> {
    let cap = match c.get("capacity") {
        Some(v) if !v.is_null() => quantity(Some(v)),
        _ => "<unset>".into(),
    };
    vec![json!(name(c)), json!(s(c, "/storageClassName")), json!(cap)]
}

const VOLUME_ATTACHMENT: &[Column] = &[
    col("Name"),
    col("Attacher"),
    col("PV"),
    col("Node"),
    col("Attached"),
    col("Age"),
];

fn volume_attachment(va: &Value, ctx: &Ctx) -> Vec<Value> {
    vec![
        json!(name(va)),
        json!(s(va, "/spec/attacher")),
        json!(s(va, "/spec/source/persistentVolumeName")),
        json!(s(va, "/spec/nodeName")),
        json!(va
            .pointer("/status/attached")
            .and_then(|b| b.as_bool())
            .unwrap_or(false)),
        json!(age(va, ctx.now)),
    ]
}
