//! The autoscaler's target through its scale subresource, as the controller's scale client
//! reads and writes it: its replicas, the replicas its status counts and its pod selector.

use serde_json::{json, Value};

use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer, ResourceInfo};
use kubeplay_core::api::patch::PatchKind;
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::sort::SortOnce;

/// What the Scale of the target says.
pub struct Scale {
    pub info: ResourceInfo,
    pub namespace: String,
    pub name: String,
    pub replicas: i64,
    /// None when the target has no selector (the Scale's is then empty).
    pub selector: Option<LabelSelector>,
    /// The selector as the Scale writes it (`app=web`).
    pub selector_text: String,
}

/// Kinds served with a scale subresource.
const SCALABLE: [&str; 4] = [
    "apps/deployments",
    "apps/replicasets",
    "apps/statefulsets",
    "/replicationcontrollers",
];

/// The target's Scale, or the error the controller reports (`FailedGetScale`).
pub fn scale(api: &ApiServer, hpa: &Value) -> Result<Scale, String> {
    let reference = hpa.pointer("/spec/scaleTargetRef").unwrap_or(&Value::Null);
    let s = |k: &str| meta::str_at(reference, &[k]).to_string();
    let (api_version, kind, name) = (s("apiVersion"), s("kind"), s("name"));
    let group = match api_version.rsplit_once('/') {
        Some((g, _)) => g.to_string(),
        None => String::new(),
    };
    let info = api
        .discovery
        .all()
        .iter()
        .find(|r| r.group == group && r.kind == kind)
        .cloned()
        .ok_or_else(|| format!("no matches for kind \"{kind}\" in group \"{group}\""))?;
    if !SCALABLE.contains(&info.gr().as_str()) {
        return Err(format!(
            "could not find scale subresource for {}/{}, Resource={} in discovery information",
            info.group, info.version, info.plural
        ));
    }
    let namespace = meta::namespace(hpa).to_string();
    let obj = api
        .store()
        .get(&Key::new(&info.gr(), &namespace, &name))
        .ok_or_else(|| format!("{} \"{name}\" not found", info.qualified_plural()))?;
    let replicas = obj
        .pointer("/spec/replicas")
        .and_then(|r| r.as_i64())
        .unwrap_or(1);
    let raw = obj
        .pointer("/spec/selector")
        .cloned()
        .unwrap_or(Value::Null);
    let selector = Some(LabelSelector::from_json(&raw)).filter(|s| !s.is_empty());
    let selector_text = selector_text(&raw);
    Ok(Scale {
        info,
        namespace,
        name,
        replicas,
        selector,
        selector_text,
    })
}

/// A selector as apimachinery's `labels.Selector` prints it: requirements sorted by key.
fn selector_text(sel: &Value) -> String {
    let mut reqs: Vec<(String, String)> = Vec::new();
    let labels = sel.get("matchLabels").unwrap_or(sel);
    for (k, v) in labels.as_object().into_iter().flatten() {
        if k != "matchLabels" && k != "matchExpressions" {
            reqs.push((k.clone(), format!("{k}={}", v.as_str().unwrap_or(""))));
        }
    }
    let exprs = sel.get("matchExpressions").and_then(|e| e.as_array());
    for e in exprs.into_iter().flatten() {
        let key = meta::str_at(e, &["key"]).to_string();
        let mut values: Vec<String> = e
            .get("values")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        values.sort_once();
        let text = match meta::str_at(e, &["operator"]) {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.clone(),
            _ => format!("!{key}"),
        };
        reqs.push((key, text));
    }
    reqs.sort_once();
    reqs.into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(",")
}

/// Set the target's replicas through its scale subresource.
pub fn set_replicas(api: &mut ApiServer, scale: &Scale, replicas: i64) -> Result<(), String> {
    let patch = json!({"spec": {"replicas": replicas}});
    api.patch(
        &scale.info,
        Some(&scale.namespace),
        &scale.name,
        PatchKind::Merge,
        &patch,
        false,
    )
    .map(|_| ())
    .map_err(|e| e.message)
}
