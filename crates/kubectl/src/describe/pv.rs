//! `kubectl describe persistentvolume`: class, phase, claim, policy, access modes, capacity,
//! node affinity and the volume's source.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::events;
use super::podspec::volume_source;
use super::{
    annotations_multiline, arr, go_value, labels_multiline, s, since, string_map, time_at,
    Settings, LEVEL_0, LEVEL_1, LEVEL_2, W,
};
use crate::{Ctx, KError};
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, pv: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, pv, settings);
    Ok(render(pv, evs.as_deref(), settings.now))
}

/// storageutil's `GetPersistentVolumeClass`: the beta annotation first, then the field.
fn class(pv: &Value) -> String {
    let beta = pv
        .annotations()
        .and_then(|a| a.get("volume.beta.kubernetes.io/storage-class"));
    beta.or(pv.pointer("/spec/storageClassName"))
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string()
}

/// storageutil's `GetAccessModesAsString`: always in the order RWO, ROX, RWX, RWOP.
pub fn access_modes(modes: &[Value]) -> String {
    let has = |m: &str| modes.iter().any(|x| x.as_str() == Some(m));
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(long, _)| has(long))
    .map(|(_, short)| *short)
    .collect::<Vec<_>>()
    .join(",")
}

/// Go's `%v` of a string slice.
fn go_strings(v: &[Value]) -> String {
    let items: Vec<String> = v.iter().map(go_value).collect();
    format!("[{}]", items.join(" "))
}

pub fn render(pv: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(pv, "/metadata/name")));
    labels_multiline(&mut w, "", "Labels", pv.labels());
    annotations_multiline(&mut w, "Annotations", pv.annotations());
    w.write(
        LEVEL_0,
        &format!(
            "Finalizers:\t{}\n",
            go_strings(arr(pv, "/metadata/finalizers"))
        ),
    );
    w.write(LEVEL_0, &format!("StorageClass:\t{}\n", class(pv)));
    match time_at(pv, "/metadata/deletionTimestamp") {
        Some(t) => w.write(
            LEVEL_0,
            &format!("Status:\tTerminating (lasts {})\n", since(Some(t), now)),
        ),
        None => w.write(LEVEL_0, &format!("Status:\t{}\n", s(pv, "/status/phase"))),
    }
    let claim = match pv.pointer("/spec/claimRef") {
        Some(c) => format!("{}/{}", s(c, "/namespace"), s(c, "/name")),
        None => String::new(),
    };
    w.write(LEVEL_0, &format!("Claim:\t{claim}\n"));
    w.write(
        LEVEL_0,
        &format!(
            "Reclaim Policy:\t{}\n",
            s(pv, "/spec/persistentVolumeReclaimPolicy")
        ),
    );
    w.write(
        LEVEL_0,
        &format!(
            "Access Modes:\t{}\n",
            access_modes(arr(pv, "/spec/accessModes"))
        ),
    );
    if let Some(mode) = pv.pointer("/spec/volumeMode") {
        w.write(LEVEL_0, &format!("VolumeMode:\t{}\n", go_value(mode)));
    }
    let capacity = pv
        .pointer("/spec/capacity/storage")
        .map(go_value)
        .unwrap_or_else(|| "0".into());
    w.write(LEVEL_0, &format!("Capacity:\t{capacity}\n"));
    node_affinity(&mut w, pv.pointer("/spec/nodeAffinity/required"));
    w.write(
        LEVEL_0,
        &format!("Message:\t{}\n", s(pv, "/status/message")),
    );
    w.write(LEVEL_0, "Source:\n");
    source(&mut w, pv.pointer("/spec").unwrap_or(&Value::Null));
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

/// `printVolumeNodeAffinity`.
fn node_affinity(w: &mut W, required: Option<&Value>) {
    w.write(LEVEL_0, "Node Affinity:\t");
    let Some(required) = required else {
        w.line("<none>");
        return;
    };
    w.line("");
    w.write(LEVEL_1, "Required Terms:\t");
    let terms = arr(required, "/nodeSelectorTerms");
    if terms.is_empty() {
        w.line("<none>");
        return;
    }
    w.line("");
    for (i, term) in terms.iter().enumerate() {
        w.write(LEVEL_2, &format!("Term {i}:\t"));
        let reqs = arr(term, "/matchExpressions");
        if reqs.is_empty() {
            w.line("<none>");
        }
        for (j, req) in reqs.iter().enumerate() {
            if j != 0 {
                w.write(LEVEL_2, "\t");
            }
            let mut expr = format!("{} {}", s(req, "/key"), s(req, "/operator").to_lowercase());
            let values: Vec<&str> = arr(req, "/values")
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            if !values.is_empty() {
                expr = format!("{expr} [{}]", values.join(", "));
            }
            w.write(LEVEL_0, &format!("{expr}\n"));
        }
    }
}

/// The sources a simulated cluster provisions or a learner writes; the others as kubectl's
/// pod volume printer shows them.
fn source(w: &mut W, spec: &Value) {
    if let Some(local) = spec.get("local") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{}\n",
                s(local, "/path")
            ),
        );
    } else if let Some(csi) = spec.get("csi") {
        let read_only = csi.get("readOnly").and_then(|b| b.as_bool()) == Some(true);
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    VolumeHandle:\t{}\n    ReadOnly:\t{read_only}\n",
                s(csi, "/driver"),
                s(csi, "/fsType"),
                s(csi, "/volumeHandle")
            ),
        );
        csi_attributes(w, csi.get("volumeAttributes"));
    } else {
        volume_source(w, spec);
    }
}

/// `printCSIPersistentVolumeAttributesMultilineIndent`, with its doubled prefixes.
fn csi_attributes(w: &mut W, attributes: Option<&Value>) {
    w.write(LEVEL_2, "VolumeAttributes:\t");
    let pairs = string_map(attributes);
    if pairs.is_empty() {
        w.line("<none>");
        return;
    }
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_2, "");
            w.write(LEVEL_2, "\t");
        }
        let line = format!("{k}={v}");
        let line = match line.get(..140) {
            Some(cut) if line.len() > 140 => format!("{cut}..."),
            _ => line,
        };
        w.write(LEVEL_2, &format!("{line}\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_provisioned_host_path_volume() {
        let pv = json!({
            "metadata": {"name": "pvc-1234", "finalizers": ["kubernetes.io/pv-protection"],
                         "annotations": {"pv.kubernetes.io/provisioned-by": "k8s.io/minikube-hostpath"}},
            "spec": {"storageClassName": "standard", "persistentVolumeReclaimPolicy": "Delete",
                     "accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem",
                     "capacity": {"storage": "1Gi"},
                     "claimRef": {"namespace": "default", "name": "data"},
                     "hostPath": {"path": "/tmp/hostpath-provisioner/default/data", "type": ""}},
            "status": {"phase": "Bound"}
        });
        assert_eq!(
            render(&pv, Some(&[]), Time(0)),
            "Name:            pvc-1234
Labels:          <none>
Annotations:     pv.kubernetes.io/provisioned-by: k8s.io/minikube-hostpath
Finalizers:      [kubernetes.io/pv-protection]
StorageClass:    standard
Status:          Bound
Claim:           default/data
Reclaim Policy:  Delete
Access Modes:    RWO
VolumeMode:      Filesystem
Capacity:        1Gi
Node Affinity:   <none>
Message:         
Source:
    Type:          HostPath (bare host directory volume)
    Path:          /tmp/hostpath-provisioner/default/data
    HostPathType:  
Events:            <none>
"
        );
    }
}
