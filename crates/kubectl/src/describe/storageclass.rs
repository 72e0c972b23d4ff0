//! `kubectl describe storageclass`: default or not, provisioner, parameters and policies.

use serde_json::Value;

use super::cronjob::bool_ptr;
use super::events;
use super::selector::format_labels;
use super::{arr, go_value, s, Settings, LEVEL_0, LEVEL_1, W};
use crate::{Ctx, KError};
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, sc: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, sc, settings);
    Ok(render(sc, evs.as_deref(), settings.now))
}

/// storageutil's `IsDefaultAnnotationText`.
fn is_default(sc: &Value) -> &'static str {
    let annotation = |k: &str| {
        sc.annotations()
            .and_then(|a| a.get(k))
            .and_then(|v| v.as_str())
            == Some("true")
    };
    if annotation("storageclass.kubernetes.io/is-default-class")
        || annotation("storageclass.beta.kubernetes.io/is-default-class")
    {
        "Yes"
    } else {
        "No"
    }
}

pub fn render(sc: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(sc, "/metadata/name")));
    w.write(LEVEL_0, &format!("IsDefaultClass:\t{}\n", is_default(sc)));
    w.write(
        LEVEL_0,
        &format!("Annotations:\t{}\n", format_labels(sc.annotations())),
    );
    w.write(
        LEVEL_0,
        &format!("Provisioner:\t{}\n", s(sc, "/provisioner")),
    );
    w.write(
        LEVEL_0,
        &format!("Parameters:\t{}\n", format_labels(sc.get("parameters"))),
    );
    w.write(
        LEVEL_0,
        &format!(
            "AllowVolumeExpansion:\t{}\n",
            bool_ptr(sc.get("allowVolumeExpansion"))
        ),
    );
    let options = arr(sc, "/mountOptions");
    if options.is_empty() {
        w.write(LEVEL_0, "MountOptions:\t<none>\n");
    } else {
        w.write(LEVEL_0, "MountOptions:\n");
        for o in options {
            w.write(LEVEL_1, &format!("{}\n", go_value(o)));
        }
    }
    for (title, field) in [
        ("ReclaimPolicy", "reclaimPolicy"),
        ("VolumeBindingMode", "volumeBindingMode"),
    ] {
        if let Some(v) = sc.get(field) {
            w.write(LEVEL_0, &format!("{title}:\t{}\n", go_value(v)));
        }
    }
    if let Some(terms) = sc.get("allowedTopologies").and_then(|t| t.as_array()) {
        allowed_topologies(&mut w, terms);
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

fn allowed_topologies(w: &mut W, terms: &[Value]) {
    w.write(LEVEL_0, "AllowedTopologies:\t");
    if terms.is_empty() {
        w.line("<none>");
        return;
    }
    w.line("");
    for (i, term) in terms.iter().enumerate() {
        w.write(LEVEL_1, &format!("Term {i}:\t"));
        let reqs = arr(term, "/matchLabelExpressions");
        if reqs.is_empty() {
            w.line("<none>");
        }
        for (j, req) in reqs.iter().enumerate() {
            if j != 0 {
                w.write(LEVEL_1, "\t");
            }
            let values: Vec<&str> = arr(req, "/values")
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            let mut expr = format!("{} in", s(req, "/key"));
            if !values.is_empty() {
                expr = format!("{expr} [{}]", values.join(", "));
            }
            w.write(LEVEL_0, &format!("{expr}\n"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn minikube_standard_class() {
        let sc = json!({
            "metadata": {"name": "standard", "annotations": {
                "storageclass.kubernetes.io/is-default-class": "true"},
                "labels": {"addonmanager.kubernetes.io/mode": "EnsureExists"}},
            "provisioner": "k8s.io/minikube-hostpath",
            "reclaimPolicy": "Delete", "volumeBindingMode": "Immediate"
        });
        assert_eq!(
            render(&sc, Some(&[]), Time(0)),
            "Name:                  standard
IsDefaultClass:        Yes
Annotations:           storageclass.kubernetes.io/is-default-class=true
Provisioner:           k8s.io/minikube-hostpath
Parameters:            <none>
AllowVolumeExpansion:  <unset>
MountOptions:          <none>
ReclaimPolicy:         Delete
VolumeBindingMode:     Immediate
Events:                <none>
"
        );
    }
}
