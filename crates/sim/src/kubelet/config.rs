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
