//! Server-side apply and field ownership, after structured-merge-diff and the API server's field
//! manager: every write records in `metadata.managedFields` which fields its manager set
//! (`Update`), and an apply patch (`application/apply-patch+yaml`) merges a configuration,
//! owns exactly its fields (`Apply`), drops what the manager stopped applying when no one else
//! owns it, and fails on fields other managers own with other values unless forced.

pub mod fieldpath;
pub mod handler;
pub mod managers;
pub mod merge;
pub mod typed;

use kubeplay_core::sort::SortOnce;
use kubeplay_schema::Schema;
use serde_json::{json, Value};

use crate::{ResourceInfo, Status};
use fieldpath::{path_string, Set};
use managers::Entry;
use typed::Ty;

/// Who is writing: the field manager and the subresource, for the entry a write records.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Writer {
    pub manager: String,
    pub subresource: String,
}

impl Writer {
    /// A request's: its `fieldManager`, else kubectl's (the API server takes the user agent's
    /// first word, and kubectl is the one client here).
    pub fn of_request(req: &kubeplay_core::api::ApiRequest, sub: Option<&str>) -> Writer {
        Writer {
            manager: req
                .query_param("fieldManager")
                .unwrap_or("kubectl")
                .to_string(),
            subresource: sub.unwrap_or("").to_string(),
        }
    }

    /// The control plane's own writes: the kubelet's for a pod's status, else the controller
    /// manager's.
    pub fn controller(info: &ResourceInfo, subresource: &str) -> Writer {
        let manager = if info.kind == "Pod" && subresource == "status" {
            "kubelet"
        } else {
            "kube-controller-manager"
        };
        Writer {
            manager: manager.into(),
            subresource: subresource.into(),
        }
    }
}

/// The object before its creation, as the API server compares from: the Go zero value of the
/// kind, where the struct fields that are no pointers already exist, empty.
pub fn zero_value(s: &Schema, info: &ResourceInfo) -> Value {
    let template = json!({"metadata": {"creationTimestamp": null}, "spec": {"containers": null}});
    let mut v = json!({"metadata": {"creationTimestamp": null}});
    for field in ["spec", "status"] {
        if s.field(&info.group, &info.version, &info.kind, &[field])
            .is_some()
        {
            v[field] = json!({});
        }
    }
    match info.kind.as_str() {
        "Deployment" => {
            v["spec"] = json!({"template": template, "strategy": {}});
        }
        "StatefulSet" | "DaemonSet" => {
            v["spec"] = json!({"template": template, "updateStrategy": {}});
        }
        "ReplicaSet" | "Job" => v["spec"] = json!({"template": template}),
        "CronJob" => {
            v["spec"] = json!({"jobTemplate": {"metadata": {}, "spec": {"template": template}}});
        }
        "PersistentVolumeClaim" => v["spec"] = json!({"resources": {}}),
        "PodTemplate" => v["template"] = template,
        "Pod" => v["spec"] = json!({"containers": null}),
        _ => {}
    }
    v
}

/// The object as the API server holds it in Go: its struct fields there even when empty (the
/// zero value for a create).
fn with_zero_value(s: &Schema, info: &ResourceInfo, obj: Option<&Value>) -> Value {
    let mut out = zero_value(s, info);
    if let (Some(o), Some(m)) = (obj.map(without_managed_fields), out.as_object_mut()) {
        for (k, v) in o.as_object().into_iter().flatten() {
            m.insert(k.clone(), v.clone());
        }
    }
    out
}

/// `metadata.managedFields` and its position, removed from `v`.
fn take_managed_fields(v: &mut Value) -> Option<(usize, Value)> {
    let m = v.get_mut("metadata")?.as_object_mut()?;
    let at = m.keys().position(|k| k == "managedFields")?;
    m.shift_remove("managedFields").map(|f| (at, f))
}

fn put_back_managed_fields(v: &mut Value, held: Option<(usize, Value)>) {
    if let (Some((at, f)), Some(m)) = (held, v.get_mut("metadata").and_then(|m| m.as_object_mut()))
    {
        m.shift_insert(at.min(m.len()), "managedFields".into(), f);
    }
}

fn without_managed_fields(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        m.shift_remove("managedFields");
    }
    v
}

/// Record an update in `new`'s managedFields: the fields it added or changed become the
/// writer's, and no other manager keeps a field it changed or removed. `old` is None for a
/// create. The entries come from `new` when it carries some, else from `old`.
pub fn record_update(
    s: &'static Schema,
    info: &ResourceInfo,
    old: Option<&Value>,
    new: &mut Value,
    writers: &[Writer],
    now: &str,
) {
    let mut entries = managers::decode(new);
    if entries.is_empty() {
        entries = old.map(managers::decode).unwrap_or_default();
    }
    let before = with_zero_value(s, info, old);
    // Compared without its managedFields, taken out and put back in place rather than copying
    // the whole object.
    let held = take_managed_fields(new);
    let c = typed::compare(&before, new, Ty::root(s, info));
    put_back_managed_fields(new, held);
    let changed = c.modified.union(&c.added);
    for e in &mut entries {
        e.set = e.set.difference(&changed).difference(&c.removed);
    }
    for w in writers {
        let mine = managers::strip(&managers::reset_filter(&changed, &w.subresource));
        take(&mut entries, info, w, mine, now);
    }
    managers::encode(new, entries);
}

/// Add what a writer changed to its entry (made if needed, its time now).
fn take(entries: &mut Vec<Entry>, info: &ResourceInfo, w: &Writer, mine: Set, now: &str) {
    // The scale subresource hands its entries back to the object without their time (the API
    // server's ScaleHandler takes the object's time for them, which it never had).
    let now = if w.subresource == "scale" { "" } else { now };
    if !mine.is_empty() {
        let entry = Entry {
            manager: w.manager.clone(),
            apply: false,
            api_version: info.api_version(),
            subresource: w.subresource.clone(),
            time: now.to_string(),
            set: Set::default(),
        };
        match entries.iter_mut().find(|e| e.same_identity(&entry)) {
            Some(e) => {
                e.set = e.set.union(&mine);
                e.time = now.to_string();
            }
            None => entries.push(Entry { set: mine, ..entry }),
        }
    }
}

/// What an apply asks: the configuration, the manager, and whether to force conflicts.
pub struct ApplyRequest<'a> {
    /// The schema of the server's version.
    pub schema: &'static Schema,
    pub config: &'a Value,
    pub manager: &'a str,
    pub subresource: &'a str,
    pub force: bool,
    pub now: &'a str,
}

/// Apply a configuration to the live object (None: it does not exist yet). The object to store
/// with its managedFields, or None when nothing changes; a conflict is the API server's 409.
pub fn apply(
    info: &ResourceInfo,
    live: Option<&Value>,
    a: &ApplyRequest,
) -> Result<Option<Value>, Status> {
    let ty = Ty::root(a.schema, info);
    check_typed(info, a.config, ty)?;
    let entries = live.map(managers::decode).unwrap_or_default();
    let base = with_zero_value(a.schema, info, live);
    let config_set = managers::strip(&managers::reset_filter(
        &typed::field_set(a.config, ty),
        a.subresource,
    ));
    let me = Entry {
        manager: a.manager.to_string(),
        apply: true,
        api_version: info.api_version(),
        subresource: a.subresource.to_string(),
        time: a.now.to_string(),
        set: config_set,
    };
    let (mine, others): (Vec<Entry>, Vec<Entry>) =
        entries.into_iter().partition(|e| e.same_identity(&me));
    let mut merged = merge::merge(&base, a.config, ty);
    if let Some(last) = mine.first() {
        merge::remove(&mut merged, &dropped(&last.set, &me.set, &others), ty);
    }
    let c = typed::compare(&base, &merged, ty);
    let changed = c.modified.union(&c.added);
    let conflicts = conflicts(ty, info, live, a.manager, &others, &changed);
    if !a.force && !conflicts.is_empty() {
        return Err(conflict_status(info, live, &conflicts));
    }
    // The applier takes what it changed; no one keeps what it removed.
    let mut next: Vec<Entry> = others
        .iter()
        .cloned()
        .map(|mut e| {
            e.set = e.set.difference(&changed).difference(&c.removed);
            e
        })
        .collect();
    let same_object = live.is_some_and(|l| without_managed_fields(l) == merged);
    if same_object && next == others && mine.first().is_some_and(|o| o.set == me.set) {
        return Ok(None);
    }
    next.push(me);
    if a.manager == "kubectl" && live.is_some_and(|l| l.pointer(LAST_APPLIED_POINTER).is_some()) {
        set_last_applied(&mut merged, a.config);
    }
    managers::encode(&mut merged, next);
    Ok(Some(merged))
}

/// What an applier stopped applying and no one else owns: it goes from the object (not a
/// member under which the configuration or another manager still holds fields).
fn dropped(last: &Set, config: &Set, others: &[Entry]) -> Set {
    let owned = others
        .iter()
        .fold(Set::default(), |acc, e| acc.union(&e.set));
    last.difference(config)
        .difference(&owned)
        .without_parents_of(config)
        .without_parents_of(&owned)
}

/// The other managers' fields the apply changes, as (manager, path), less those kubectl's
/// first server-side apply may take over from client-side apply.
fn conflicts(
    ty: Ty,
    info: &ResourceInfo,
    live: Option<&Value>,
    manager: &str,
    others: &[Entry],
    changed: &Set,
) -> Vec<(String, String)> {
    let allowed = allowed_by_last_applied(ty, info, live, manager);
    others
        .iter()
        .flat_map(|e| {
            let clash = e.set.intersection(changed);
            let paths = clash.paths().into_iter().map(|p| path_string(&p));
            paths.map(|p| (e.describe(), p)).collect::<Vec<_>>()
        })
        .filter(|(_, p)| !allowed.contains(p))
        .collect()
}

/// The configuration must fit the kind's schema; the API server (v1.32) answers a 500 when
/// it does not.
fn check_typed(info: &ResourceInfo, config: &Value, ty: Ty) -> Result<(), Status> {
    let errors = typed::undeclared(config, ty);
    if errors.is_empty() {
        return Ok(());
    }
    let detail = match errors.as_slice() {
        [one] => one.clone(),
        many => format!("errors:\n  {}", many.join("\n  ")),
    };
    let ns = crate::meta::namespace(config);
    let name = crate::meta::name(config);
    let gvk = format!("{}/{}, Kind={}", info.group, info.version, info.kind);
    Err(Status {
        code: 500,
        reason: String::new(),
        message: format!("failed to create typed patch object ({ns}/{name}; {gvk}): {detail}"),
        name: None,
        group: None,
        kind: None,
        causes: vec![],
    })
}

const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
const LAST_APPLIED_POINTER: &str =
    "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration";

/// kubectl's server-side apply keeps a client-side apply annotation up to date, so that a
/// later client-side apply starts from this configuration.
fn set_last_applied(obj: &mut Value, config: &Value) {
    let mut cfg = config.clone();
    if let Some(a) = cfg
        .pointer_mut("/metadata/annotations")
        .and_then(|a| a.as_object_mut())
    {
        a.shift_remove(LAST_APPLIED);
    }
    if cfg
        .pointer("/metadata/annotations")
        .and_then(|a| a.as_object())
        .is_some_and(|a| a.is_empty())
    {
        if let Some(m) = cfg.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            m.shift_remove("annotations");
        }
    }
    let text = crate::meta::sorted(&cfg).to_string() + "\n";
    if let Some(a) = obj
        .pointer_mut("/metadata/annotations")
        .and_then(|a| a.as_object_mut())
    {
        a.insert(LAST_APPLIED.into(), json!(text));
    }
}

/// The paths kubectl's first server-side apply may take from client-side apply without a
/// conflict: those of the last-applied configuration whose live value it still has.
fn allowed_by_last_applied(
    ty: Ty,
    info: &ResourceInfo,
    live: Option<&Value>,
    manager: &str,
) -> Vec<String> {
    let Some(text) = live
        .filter(|_| manager == "kubectl")
        .and_then(|l| l.pointer(LAST_APPLIED_POINTER))
        .and_then(|t| t.as_str())
    else {
        return Vec::new();
    };
    let Ok(last) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    if last.get("apiVersion").and_then(|v| v.as_str()) != Some(info.api_version().as_str()) {
        return Vec::new();
    }
    let live = live.map(without_managed_fields).unwrap_or_default();
    let set = typed::field_set(&last, ty);
    let c = typed::compare(&last, &live, ty);
    set.difference(&c.modified)
        .difference(&c.added)
        .difference(&c.removed)
        .paths()
        .iter()
        .map(|p| path_string(p))
        .collect()
}

fn conflict_status(
    info: &ResourceInfo,
    live: Option<&Value>,
    conflicts: &[(String, String)],
) -> Status {
    let message = if let [(who, path)] = conflicts {
        format!("Apply failed with 1 conflict: conflict with {who}: {path}")
    } else {
        let mut by_manager: Vec<(&String, Vec<&String>)> = Vec::new();
        for (who, path) in conflicts {
            match by_manager.iter_mut().find(|(w, _)| *w == who) {
                Some((_, paths)) => paths.push(path),
                None => by_manager.push((who, vec![path])),
            }
        }
        by_manager.sort_once_by(|a, b| a.0.cmp(b.0));
        let mut lines = Vec::new();
        for (who, paths) in by_manager {
            lines.push(format!("conflicts with {who}:"));
            lines.extend(paths.into_iter().map(|p| format!("- {p}")));
        }
        format!(
            "Apply failed with {} conflicts: {}",
            conflicts.len(),
            lines.join("\n")
        )
    };
    let name = live.map(|l| crate::meta::name(l).to_string());
    Status {
        code: 409,
        reason: "Conflict".into(),
        message,
        name,
        group: Some(info.group.clone()),
        kind: Some(info.plural.clone()),
        causes: vec![],
    }
}

#[cfg(test)]
mod tests;
