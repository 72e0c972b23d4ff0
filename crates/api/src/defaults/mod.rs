//! Server-side defaults, per kind, as a real API server fills them in (the versioned defaulting
//! functions plus the admission plugins that always run: ServiceAccount, Priority,
//! DefaultTolerationSeconds). Every function here is idempotent: defaulting twice changes nothing.

use serde_json::{json, Map, Value};

mod apps;
mod batch;
mod misc;
pub(crate) mod pod;
mod service;

pub use pod::{pod_service_account, pod_service_account_with};
pub use service::drop_type_dependent_fields;

/// Fill in the defaults of `kind`.
pub fn apply(kind: &str, obj: &mut Value) {
    match kind {
        "Pod" => pod::pod(obj),
        "PodTemplate" => {
            if let Some(t) = obj.get_mut("template") {
                pod::template(t);
            }
        }
        "Deployment" => apps::deployment(obj),
        "ReplicaSet" => apps::replica_set(obj),
        "ReplicationController" => apps::replication_controller(obj),
        "DaemonSet" => apps::daemon_set(obj),
        "StatefulSet" => apps::stateful_set(obj),
        "Job" => batch::job(obj),
        "CronJob" => batch::cron_job(obj),
        "Service" => service::service(obj),
        "Endpoints" => service::endpoints(obj),
        "EndpointSlice" => service::endpoint_slice(obj),
        _ => misc::apply(kind, obj),
    }
}

/// The object at `path`, created as `{}` when absent (non-objects are left alone: None).
pub(crate) fn obj_at<'a>(v: &'a mut Value, path: &[&str]) -> Option<&'a mut Map<String, Value>> {
    let mut cur = v;
    for p in path {
        let m = cur.as_object_mut()?;
        cur = m.entry(p.to_string()).or_insert_with(|| json!({}));
        if cur.is_null() {
            *cur = json!({});
        }
    }
    cur.as_object_mut()
}

/// `obj_at` starting from a map.
pub(crate) fn obj_in<'a>(
    m: &'a mut Map<String, Value>,
    path: &[&str],
) -> Option<&'a mut Map<String, Value>> {
    let Some((first, rest)) = path.split_first() else {
        return Some(m);
    };
    let v = m.entry(first.to_string()).or_insert_with(|| json!({}));
    if v.is_null() {
        *v = json!({});
    }
    obj_at(v, rest)
}

/// Insert `value` under `key` when the key is missing or null.
pub(crate) fn set_default(m: &mut Map<String, Value>, key: &str, value: Value) {
    match m.get(key) {
        Some(v) if !v.is_null() => {}
        _ => {
            m.insert(key.to_string(), value);
        }
    }
}

/// Run `f` on every object element of the array at `key` (if it is an array).
pub(crate) fn each_item(m: &mut Map<String, Value>, key: &str, mut f: impl FnMut(&mut Value)) {
    if let Some(Value::Array(a)) = m.get_mut(key) {
        for it in a.iter_mut().filter(|v| v.is_object()) {
            f(it);
        }
    }
}

#[cfg(test)]
mod tests;
