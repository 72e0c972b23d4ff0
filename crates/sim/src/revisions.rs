//! The ControllerRevisions of a StatefulSet or DaemonSet: one per pod template it has had,
//! named after the template's hash, numbered in the order they were last used (a template coming back, as
//! after `kubectl rollout undo`, takes the next number), oldest pruned past
//! `revisionHistoryLimit`. `kubectl rollout history` and `undo` read them.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

use super::util;
use kubeplay_api::{meta, ApiServer};

/// What a revision keeps: the template as a strategic merge patch that replaces it.
fn data_of(template: &Value) -> Value {
    let mut t = template.clone();
    if let Some(m) = t.as_object_mut() {
        m.insert("$patch".into(), json!("replace"));
    }
    json!({"spec": {"template": t}})
}

fn number(cr: &Value) -> i64 {
    cr.get("revision").and_then(|r| r.as_i64()).unwrap_or(0)
}

fn owned(api: &ApiServer, owner: &Value) -> Vec<Value> {
    let uid = owner.uid().to_string();
    let mut list: Vec<Value> = api
        .store()
        .list("apps/controllerrevisions", Some(meta::namespace(owner)))
        .map(|(_, v)| v)
        .filter(|cr| util::controlled_by(cr, &uid))
        .cloned()
        .collect();
    list.sort_once_by_key(number);
    list
}

/// The name of the revision for the owner's current template (`name`), made or renumbered
/// as needed; `in_use` names the revisions its pods run, which are kept.
pub fn sync(api: &mut ApiServer, sts: &Value, name: &str, in_use: &[String]) -> String {
    let template = sts.pointer("/spec/template").cloned().unwrap_or_default();
    sync_template(api, sts, name, &template, in_use)
}

/// The same for a given template of the owner (`name` is the revision's name).
pub fn sync_template(
    api: &mut ApiServer,
    sts: &Value,
    name: &str,
    template: &Value,
    in_use: &[String],
) -> String {
    let Some(info) = util::info(api, "apps/controllerrevisions") else {
        return name.to_string();
    };
    let ns = meta::namespace(sts).to_string();
    let data = data_of(template);
    let list = owned(api, sts);
    let max = list.iter().map(number).max().unwrap_or(0);
    match list.iter().find(|cr| cr.get("data") == Some(&data)) {
        Some(cr) if number(cr) < max => {
            let mut updated = cr.clone();
            updated["revision"] = json!(max + 1);
            let n = meta::name(cr).to_string();
            let _ = api.update(&info, Some(&ns), &n, updated, false);
        }
        Some(_) => {}
        None => {
            let hash = name.rsplit('-').next().unwrap_or("");
            let mut labels = template.labels().cloned().unwrap_or(json!({}));
            meta::set_str(&mut labels, &["controller.kubernetes.io/hash"], hash);
            let body = json!({
                "apiVersion": "apps/v1",
                "kind": "ControllerRevision",
                "metadata": {
                    "labels": labels,
                    "name": name,
                    "namespace": ns,
                    "ownerReferences": [util::owner_ref(sts)],
                },
                "data": data,
                "revision": max + 1,
            });
            let _ = api.create(&info, Some(&ns), body, false);
        }
    }
    prune(api, sts, name, in_use);
    name.to_string()
}

/// `truncateHistory`: revisions no pod uses and that are not current, oldest first, beyond
/// the limit.
fn prune(api: &mut ApiServer, sts: &Value, current: &str, in_use: &[String]) {
    let limit = sts
        .pointer("/spec/revisionHistoryLimit")
        .and_then(|v| v.as_i64())
        .unwrap_or(10);
    let Some(info) = util::info(api, "apps/controllerrevisions") else {
        return;
    };
    let ns = meta::namespace(sts).to_string();
    let spare: Vec<String> = owned(api, sts)
        .iter()
        .map(|cr| meta::name(cr).to_string())
        .filter(|n| n != current && !in_use.contains(n))
        .collect();
    let extra = spare.len() as i64 - limit;
    for n in spare.iter().take(extra.max(0) as usize) {
        let _ = api.delete(&info, Some(&ns), n, false);
    }
}
