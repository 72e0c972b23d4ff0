//! The namespace transformer: every namespaced object moves to the kustomization's namespace,
//! a Namespace object is renamed to it, and RoleBinding subjects naming the `default`
//! ServiceAccount follow.

use kubeplay_core::api::discovery::Discovery;
use serde_json::Value;

use crate::res::Res;

pub fn apply(ns: &str, rs: &mut [Res]) {
    if ns.is_empty() {
        return;
    }
    let discovery = Discovery::builtin();
    for r in rs.iter_mut() {
        if r.kind() == "Namespace" && r.api_version() == "v1" {
            r.set_name(ns);
            continue;
        }
        let service_ns = match (r.kind(), r.group()) {
            ("APIService", "apiregistration.k8s.io") => Some(("spec/service/namespace", true)),
            ("CustomResourceDefinition", "apiextensions.k8s.io") => Some((
                "spec/conversion/webhook/clientConfig/service/namespace",
                false,
            )),
            _ => None,
        };
        if let Some((path, create)) = service_ns {
            let parts: Vec<&str> = path.split('/').collect();
            crate::fieldspec::walk(&mut r.obj, &parts, create, &mut |v| *v = Value::from(ns));
        }
        if is_namespaced(&discovery, r) {
            r.set_namespace(ns);
        }
        if matches!(r.kind(), "RoleBinding" | "ClusterRoleBinding") {
            set_default_subjects(&mut r.obj, ns);
        }
    }
}

/// Whether the kind lives in a namespace (kinds kubeplay does not know are taken as namespaced,
/// as kustomize does).
pub fn is_namespaced(discovery: &Discovery, r: &Res) -> bool {
    let known = discovery
        .all()
        .iter()
        .find(|i| i.kind == r.kind() && i.group == r.group());
    known.is_none_or(|info| info.namespaced)
}

fn set_default_subjects(obj: &mut Value, ns: &str) {
    let Some(Value::Array(subjects)) = obj.get_mut("subjects") else {
        return;
    };
    for s in subjects.iter_mut() {
        let default_sa = s.get("name").and_then(Value::as_str) == Some("default");
        if let (true, Value::Object(m)) = (default_sa, s) {
            m.insert("namespace".into(), Value::from(ns));
        }
    }
}
