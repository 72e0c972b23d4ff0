//! `kubectl describe persistentvolumeclaim`: class, phase, volume, finalizers, capacity and
//! access modes once bound, the pods that use it, conditions, then events.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::events;
use super::LEVEL_0;
use super::{annotations_multiline, arr, labels_multiline, name_namespace, s, Settings, W};
use crate::{Ctx, KError};
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, pvc: &Value, settings: &Settings) -> Result<String, KError> {
    let path = format!("/api/v1/namespaces/{}/pods", s(pvc, "/metadata/namespace"));
    let pods = ctx
        .call(ApiRequest::get(path))
        .map(|l| arr(&l, "/items").to_vec())
        .unwrap_or_default();
    let users = used_by(pvc, &pods);
    let evs = events::for_object(ctx, pvc, settings);
    Ok(render(pvc, &users, evs.as_deref(), settings.now))
}

/// The pods whose volumes name the claim, by name.
fn used_by(pvc: &Value, pods: &[Value]) -> Vec<String> {
    let claim = s(pvc, "/metadata/name");
    let mut names: Vec<String> = pods
        .iter()
        .filter(|p| {
            arr(p, "/spec/volumes")
                .iter()
                .any(|v| s(v, "/persistentVolumeClaim/claimName") == claim)
        })
        .map(|p| s(p, "/metadata/name").to_string())
        .collect();
    names.sort_once();
    names
}

/// Go's `%v` of a string slice: `[a b]`.
fn go_list(v: &[Value]) -> String {
    let items: Vec<&str> = v.iter().filter_map(|x| x.as_str()).collect();
    format!("[{}]", items.join(" "))
}

/// Access modes as the PVC table abbreviates them (`RWO,ROX`).
fn access_modes(pvc: &Value) -> String {
    arr(pvc, "/status/accessModes")
        .iter()
        .filter_map(|m| match m.as_str()? {
            "ReadWriteOnce" => Some("RWO"),
            "ReadOnlyMany" => Some("ROX"),
            "ReadWriteMany" => Some("RWX"),
            "ReadWriteOncePod" => Some("RWOP"),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub fn render(pvc: &Value, users: &[String], evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, pvc);
    w.write(
        LEVEL_0,
        &format!("StorageClass:\t{}\n", s(pvc, "/spec/storageClassName")),
    );
    match super::time_at(pvc, "/metadata/deletionTimestamp") {
        Some(t) => w.write(
            LEVEL_0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                super::since(Some(t), now)
            ),
        ),
        None => w.write(LEVEL_0, &format!("Status:\t{}\n", s(pvc, "/status/phase"))),
    }
    let volume = s(pvc, "/spec/volumeName");
    w.write(LEVEL_0, &format!("Volume:\t{volume}\n"));
    labels_multiline(&mut w, "", "Labels", pvc.labels());
    annotations_multiline(&mut w, "Annotations", pvc.annotations());
    w.write(
        LEVEL_0,
        &format!(
            "Finalizers:\t{}\n",
            go_list(arr(pvc, "/metadata/finalizers"))
        ),
    );
    // Capacity and access modes are the bound volume's, so only shown once bound.
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            s(pvc, "/status/capacity/storage").to_string(),
            access_modes(pvc),
        )
    };
    w.write(LEVEL_0, &format!("Capacity:\t{capacity}\n"));
    w.write(LEVEL_0, &format!("Access Modes:\t{modes}\n"));
    let mode = s(pvc, "/spec/volumeMode");
    if !mode.is_empty() {
        w.write(LEVEL_0, &format!("VolumeMode:\t{mode}\n"));
    }
    w.write(LEVEL_0, "Used By:\t");
    if users.is_empty() {
        w.write(LEVEL_0, "<none>\n");
    }
    for (i, name) in users.iter().enumerate() {
        if i > 0 {
            w.write(LEVEL_0, "\t");
        }
        w.write(LEVEL_0, &format!("{name}\n"));
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_pending_claim_shows_no_capacity() {
        let pvc = json!({"metadata": {"name": "d", "namespace": "default",
                "finalizers": ["kubernetes.io/pvc-protection"]},
            "spec": {"storageClassName": "fast", "volumeMode": "Filesystem"},
            "status": {"phase": "Pending"}});
        let out = render(&pvc, &[], None, Time(0));
        assert!(out.contains("StorageClass:  fast\nStatus:        Pending\nVolume:        \n"));
        assert!(out.contains("Finalizers:    [kubernetes.io/pvc-protection]\n"));
        assert!(out.contains("Used By:       <none>\n"));
    }

    #[test]
    fn users_are_the_pods_naming_it() {
        let pvc = json!({"metadata": {"name": "data-db-0"}});
        let pods = [
            json!({"metadata": {"name": "db-0"}, "spec": {"volumes": [
                {"name": "data", "persistentVolumeClaim": {"claimName": "data-db-0"}}]}}),
            json!({"metadata": {"name": "web"}, "spec": {}}),
        ];
        assert_eq!(used_by(&pvc, &pods), ["db-0"]);
    }
}
