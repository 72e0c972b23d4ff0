//! Server-side validation, per kind, with the API server's field paths and messages (the
//! StatusCauses of a 422 Invalid), plus the typed decoding a body goes through first (`decode`).

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::status::{self, go_quote, StatusCause};

mod autoscaling;
mod config;
pub mod decode;
mod decode_schema;
mod decode_state;
mod immutable;
mod job_indexed;
pub mod locate;
mod networking;
mod pod;
mod pod_failure_policy;
mod quota;
mod rbac;
mod schema;
mod service;
mod storage;
mod success_policy;
mod topology;
mod workloads;

pub use immutable::immutable;

pub fn validate(kind: &str, obj: &Value) -> Vec<StatusCause> {
    let mut e = Errs::default();
    match kind {
        "Pod" => pod::pod(obj, &mut e),
        "PodTemplate" => pod::template(obj.get("template"), "template", &mut e),
        "Deployment" => workloads::deployment(obj, &mut e),
        "ReplicaSet" => workloads::replica_set(obj, &mut e),
        "DaemonSet" => workloads::daemon_set(obj, &mut e),
        "StatefulSet" => workloads::stateful_set(obj, &mut e),
        "Job" => workloads::job(obj, &mut e),
        "CronJob" => workloads::cron_job(obj, &mut e),
        "Service" => service::service(obj, &mut e),
        "ConfigMap" => config::config_map(obj, &mut e),
        "Secret" => config::secret(obj, &mut e),
        "Ingress" => networking::ingress(obj, &mut e),
        "Role" => rbac::role(obj, true, &mut e),
        "ClusterRole" => rbac::role(obj, false, &mut e),
        "RoleBinding" => rbac::binding(obj, false, &mut e),
        "ClusterRoleBinding" => rbac::binding(obj, true, &mut e),
        "PersistentVolumeClaim" => storage::pvc(obj, &mut e),
        "ResourceQuota" => quota::resource_quota(obj, &mut e),
        "HorizontalPodAutoscaler" => autoscaling::hpa(obj, &mut e),
        _ => {}
    }
    e.0
}

/// The causes collected so far, with constructors named after Go's `field.*` errors.
#[derive(Default)]
pub(crate) struct Errs(pub Vec<StatusCause>);

impl Errs {
    pub fn required(&mut self, field: &str) {
        self.0.push(status::required(field));
    }
    pub fn required_detail(&mut self, field: &str, detail: &str) {
        self.0.push(status::cause(
            "FieldValueRequired",
            field,
            format!("Required value: {detail}"),
        ));
    }
    pub fn invalid(&mut self, field: &str, value: &str, why: &str) {
        self.0.push(status::invalid_value(field, value, why));
    }
    /// An invalid value printed as Go prints it (numbers bare, structs with %#v).
    pub fn invalid_raw(&mut self, field: &str, value: &str, why: &str) {
        self.0.push(status::cause(
            "FieldValueInvalid",
            field,
            format!("Invalid value: {value}: {why}"),
        ));
    }
    pub fn unsupported(&mut self, field: &str, value: &str, supported: &[&str]) {
        self.0
            .push(status::unsupported_value(field, value, supported));
    }
    pub fn duplicate(&mut self, field: &str, value: &str) {
        self.0.push(status::cause(
            "FieldValueDuplicate",
            field,
            format!("Duplicate value: {}", go_quote(value)),
        ));
    }
    pub fn not_found(&mut self, field: &str, value: &str) {
        self.0.push(status::cause(
            "FieldValueNotFound",
            field,
            format!("Not found: {}", go_quote(value)),
        ));
    }
    pub fn forbidden(&mut self, field: &str, detail: &str) {
        self.0.push(status::cause(
            "FieldValueForbidden",
            field,
            format!("Forbidden: {detail}"),
        ));
    }
    pub fn non_negative(&mut self, field: &str, v: Option<&Value>) {
        if let Some(n) = v.and_then(|v| v.as_i64()) {
            if n < 0 {
                self.invalid_raw(field, &n.to_string(), "must be greater than or equal to 0");
            }
        }
    }
}

pub(crate) fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(|x| x.as_str()).unwrap_or("")
}

pub(crate) fn arr<'a>(v: Option<&'a Value>, key: &str) -> &'a [Value] {
    v.and_then(|v| v.get(key))
        .and_then(|a| a.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
}

/// Go's `%#v` of a `map[string]string` (keys sorted, `(nil)` when absent).
pub(crate) fn go_string_map(m: Option<&Value>) -> String {
    let Some(m) = m.and_then(|m| m.as_object()) else {
        return "map[string]string(nil)".into();
    };
    let mut pairs: Vec<(&String, &Value)> = m.iter().collect();
    pairs.sort_once_by(|a, b| a.0.cmp(b.0));
    let inner: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v.as_str().unwrap_or(""))))
        .collect();
    format!("map[string]string{{{}}}", inner.join(", "))
}

/// Go's `%#v` of a metav1.LabelSelector (match expressions are summarised, not reproduced).
pub(crate) fn go_label_selector(sel: &Value) -> String {
    let ml = match sel.get("matchLabels") {
        Some(m) if m.is_object() => go_string_map(Some(m)),
        _ => "map[string]string(nil)".into(),
    };
    let me = match sel.get("matchExpressions").and_then(|m| m.as_array()) {
        Some(a) if !a.is_empty() => {
            let items: Vec<String> = a
                .iter()
                .map(|e| {
                    let vals: Vec<String> = arr(Some(e), "values")
                        .iter()
                        .map(|v| go_quote(v.as_str().unwrap_or("")))
                        .collect();
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:[]string{{{}}}}}",
                        go_quote(s(e, "key")),
                        go_quote(s(e, "operator")),
                        vals.join(", ")
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
        }
        Some(_) => "[]v1.LabelSelectorRequirement{}".into(),
        None => "[]v1.LabelSelectorRequirement(nil)".into(),
    };
    format!("v1.LabelSelector{{MatchLabels:{ml}, MatchExpressions:{me}}}")
}

#[cfg(test)]
mod tests;
