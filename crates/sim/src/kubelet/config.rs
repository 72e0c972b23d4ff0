//! What the kubelet needs to configure a container before creating it: the ConfigMaps and
//! Secrets its environment names (`envFrom`, then `env[].valueFrom`), in the order and words of
//! v1.32's `makeEnvironmentVariables` (`pkg/kubelet/kubelet_pods.go`). A missing object or key
//! that is not `optional` keeps the container waiting with `CreateContainerConfigError`.

use super::*;

/// The kind's store resource, and the resource its not-found error names (the kubelet's
/// object caches say `configmap`/`secret`).
fn lookup<'a>(api: &'a ApiServer, ns: &str, secret: bool, name: &str) -> Option<&'a Value> {
    let gr = if secret { "/secrets" } else { "/configmaps" };
    api.store().get(&Key::new(gr, ns, name))
}

fn optional(r: &Value) -> bool {
    r.get("optional").and_then(Value::as_bool).unwrap_or(false)
}

fn not_found(secret: bool, name: &str) -> String {
    let what = if secret { "secret" } else { "configmap" };
    format!("{what} \"{name}\" not found")
}

/// Why container `c` of a pod in `ns` cannot be configured now, in the kubelet's words.
pub(super) fn config_error(api: &ApiServer, ns: &str, c: &Value) -> Option<String> {
    let list = |field: &str| {
        c.get(field)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for from in list("envFrom") {
        for (field, secret) in [("configMapRef", false), ("secretRef", true)] {
            let Some(r) = from.get(field) else {
                continue;
            };
            let name = meta::str_at(r, &["name"]);
            if lookup(api, ns, secret, name).is_none() && !optional(r) {
                return Some(not_found(secret, name));
            }
        }
    }
    for var in list("env") {
        for (field, secret) in [("configMapKeyRef", false), ("secretKeyRef", true)] {
            let Some(r) = var.pointer(&format!("/valueFrom/{field}")) else {
                continue;
            };
            let name = meta::str_at(r, &["name"]);
            let key = meta::str_at(r, &["key"]);
            let Some(obj) = lookup(api, ns, secret, name) else {
                if optional(r) {
                    continue;
                }
                return Some(not_found(secret, name));
            };
            if obj.pointer(&format!("/data/{}", escape(key))).is_none() && !optional(r) {
                let kind = if secret { "Secret" } else { "ConfigMap" };
                return Some(format!("couldn't find key {key} in {kind} {ns}/{name}"));
            }
        }
    }
    None
}

/// A JSON pointer token.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Why a volume of the pod cannot be set up now, in the kubelet's words (the volume manager's
/// `MountVolume.SetUp failed` around `pkg/volume/configmap` or `pkg/volume/secret`'s error).
pub(super) fn mount_error(api: &ApiServer, pod: &Value) -> Option<String> {
    let ns = meta::namespace(pod);
    let volumes = pod.pointer("/spec/volumes").and_then(Value::as_array)?;
    for v in volumes {
        let vol = meta::str_at(v, &["name"]);
        for (field, secret, name_field) in
            [("configMap", false, "name"), ("secret", true, "secretName")]
        {
            let Some(src) = v.get(field) else {
                continue;
            };
            let name = meta::str_at(src, &[name_field]);
            if lookup(api, ns, secret, name).is_none() && !optional(src) {
                let why = not_found(secret, name);
                return Some(format!(
                    "MountVolume.SetUp failed for volume \"{vol}\" : {why}"
                ));
            }
        }
    }
    None
}

/// A pod held before its sandbox by a volume that cannot be set up: the volume manager tries
/// again after 0.5 s, doubling up to 2m2s, and each failure is a `FailedMount` warning.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct MountWait {
    /// The first attempt, in milliseconds.
    pub first_ms: i64,
    /// Each message with the attempt from which it holds.
    pub messages: Vec<(Time, String)>,
}

/// Attempts walked at most.
const MAX_MOUNTS: usize = 10_000;

impl MountWait {
    /// The seconds of the attempts up to `until`.
    pub fn attempts(&self, until: Time) -> Vec<Time> {
        let (mut ms, mut wait) = (self.first_ms, 500i64);
        let mut out = Vec::new();
        for _ in 0..MAX_MOUNTS {
            let t = Time(ms.div_euclid(1000));
            if t > until {
                break;
            }
            out.push(t);
            ms = ms.saturating_add(wait);
            wait = (wait * 2).min(122_000);
        }
        out
    }

    pub fn next_after(&self, now: Time) -> Option<Time> {
        self.attempts(now.plus(200)).into_iter().find(|t| *t > now)
    }

    pub fn message_at(&self, t: Time) -> &str {
        self.messages
            .iter()
            .rev()
            .find(|(from, _)| *from <= t)
            .or(self.messages.first())
            .map_or("", |(_, m)| m.as_str())
    }

    /// The `FailedMount` warnings of `(after, now]`.
    pub fn events(&self, after: Option<Time>, now: Time) -> Vec<(Time, String)> {
        let attempts = self.attempts(now);
        let skip = attempts.len().saturating_sub(10);
        attempts
            .into_iter()
            .skip(skip)
            .filter(|t| after.is_none_or(|a| *t > a))
            .map(|t| (t, self.message_at(t).to_string()))
            .collect()
    }
}
