use serde_json::{json, Value};

use super::*;

fn configmaps() -> ResourceInfo {
    ResourceInfo {
        group: String::new(),
        version: "v1".into(),
        kind: "ConfigMap".into(),
        plural: "configmaps".into(),
        singular: "configmap".into(),
        short_names: vec![],
        namespaced: true,
        verbs: vec![],
        categories: vec![],
    }
}

fn cm(data: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "d"}, "data": data})
}

fn apply_as(
    live: Option<&Value>,
    config: &Value,
    manager: &str,
    force: bool,
) -> Result<Option<Value>, Status> {
    let req = ApplyRequest {
        schema: kubeplay_schema::for_version("v1.32.0"),
        config,
        manager,
        subresource: "",
        force,
        now: "2026-01-01T00:00:00Z",
    };
    apply(&configmaps(), live, &req)
}

fn owners(obj: &Value) -> Vec<(String, Value)> {
    managers::decode(obj)
        .into_iter()
        .map(|e| (e.manager, e.set.to_fields_v1()))
        .collect()
}

#[test]
fn an_applier_owns_what_it_applies_and_drops_what_it_stops_applying() {
    let first = apply_as(None, &cm(json!({"a": "1", "b": "2"})), "kubectl", false);
    let first = first.ok().flatten().unwrap_or_default();
    assert_eq!(
        owners(&first),
        vec![("kubectl".into(), json!({"f:data": {"f:a": {}, "f:b": {}}}))]
    );
    // The same configuration again changes nothing.
    let again = apply_as(
        Some(&first),
        &cm(json!({"a": "1", "b": "2"})),
        "kubectl",
        false,
    );
    assert_eq!(again.ok(), Some(None));
    let second = apply_as(Some(&first), &cm(json!({"a": "1"})), "kubectl", false);
    let second = second.ok().flatten().unwrap_or_default();
    assert_eq!(second["data"], json!({"a": "1"}));
}

#[test]
fn another_manager_conflicts_on_a_changed_value_and_co_owns_an_equal_one() {
    let live = apply_as(None, &cm(json!({"a": "1"})), "kubectl", false);
    let live = live.ok().flatten().unwrap_or_default();
    let err = apply_as(Some(&live), &cm(json!({"a": "2"})), "team", false).err();
    assert_eq!(
        err.map(|s| (s.code, s.message)),
        Some((
            409,
            "Apply failed with 1 conflict: conflict with \"kubectl\": .data.a".into()
        ))
    );
    let shared = apply_as(Some(&live), &cm(json!({"a": "1"})), "team", false);
    let shared = shared.ok().flatten().unwrap_or_default();
    assert_eq!(owners(&shared).len(), 2);
    // Forced, the field changes hands.
    let forced = apply_as(Some(&live), &cm(json!({"a": "2"})), "team", true);
    let forced = forced.ok().flatten().unwrap_or_default();
    assert_eq!(
        owners(&forced),
        vec![("team".into(), json!({"f:data": {"f:a": {}}}))]
    );
}

#[test]
fn a_field_another_manager_owns_stays_when_the_applier_drops_it() {
    let live = apply_as(None, &cm(json!({"a": "1"})), "kubectl", false);
    let live = live.ok().flatten().unwrap_or_default();
    let shared = apply_as(Some(&live), &cm(json!({"a": "1"})), "team", false);
    let shared = shared.ok().flatten().unwrap_or_default();
    let dropped = apply_as(Some(&shared), &cm(json!({})), "kubectl", false);
    let dropped = dropped.ok().flatten().unwrap_or_default();
    assert_eq!(dropped["data"], json!({"a": "1"}));
}

#[test]
fn an_update_takes_the_fields_it_changes_from_their_owners() {
    let live = apply_as(None, &cm(json!({"a": "1", "b": "2"})), "kubectl", false);
    let live = live.ok().flatten().unwrap_or_default();
    let mut edited = live.clone();
    edited["data"]["a"] = json!("9");
    let w = Writer {
        manager: "kubectl-edit".into(),
        subresource: String::new(),
    };
    record_update(
        kubeplay_schema::for_version("v1.32.0"),
        &configmaps(),
        Some(&live),
        &mut edited,
        &[w],
        "2026-01-01T00:00:01Z",
    );
    assert_eq!(
        owners(&edited),
        vec![
            ("kubectl".into(), json!({"f:data": {"f:b": {}}})),
            ("kubectl-edit".into(), json!({"f:data": {"f:a": {}}})),
        ]
    );
}
