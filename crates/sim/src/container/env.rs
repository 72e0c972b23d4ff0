//! A container's environment as the runtime starts it: the image's variables, `HOSTNAME`, then
//! what the kubelet adds (v1.32's `makeEnvironmentVariables`): `envFrom` sources, `env` entries
//! with `$(VAR)` references expanded and `valueFrom` resolved, and the service links — the
//! `<NAME>_SERVICE_HOST`/`_PORT` family of every Service of the pod's namespace (unless
//! `enableServiceLinks: false`) and of `kubernetes` in `default`, as they stood when the
//! container started. Image variables the kubelet also sets are overridden; `HOME` comes last
//! from the user's passwd entry when nothing set it.

use serde_json::Value;

use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

use super::base64_decode;
use crate::images::Image;

/// Variables in the order the process sees them.
pub type Vars = Vec<(String, String)>;

fn set(vars: &mut Vars, k: &str, v: &str) {
    match vars.iter_mut().find(|(n, _)| n == k) {
        Some(slot) => slot.1 = v.to_string(),
        None => vars.push((k.to_string(), v.to_string())),
    }
}

pub fn build(
    api: &ApiServer,
    image: &Image,
    pod: &Value,
    container: &Value,
    hostname: &str,
    started: Time,
    home: &str,
) -> Vars {
    let ns = meta::namespace(pod);
    let mut vars: Vars = Vec::new();
    for (k, v) in &image.env {
        set(&mut vars, k, v);
    }
    set(&mut vars, "HOSTNAME", hostname);
    let mut kubelet: Vars = Vec::new();
    for from in container
        .get("envFrom")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let prefix = meta::str_at(from, &["prefix"]);
        for (field, secret) in [("configMapRef", false), ("secretRef", true)] {
            if let Some(r) = from.get(field) {
                for (k, v) in data_of(api, ns, secret, meta::str_at(r, &["name"])) {
                    set(&mut kubelet, &format!("{prefix}{k}"), &v);
                }
            }
        }
    }
    for e in container
        .get("env")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = meta::str_at(e, &["name"]);
        let value = match e.get("valueFrom") {
            Some(from) => value_from(api, pod, container, from),
            None => expand(meta::str_at(e, &["value"]), &kubelet),
        };
        set(&mut kubelet, name, &value);
    }
    let links = pod
        .pointer("/spec/enableServiceLinks")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    for (k, v) in service_vars(api, ns, links, started) {
        if !kubelet.iter().any(|(n, _)| *n == k) {
            kubelet.push((k, v));
        }
    }
    for (k, v) in &kubelet {
        set(&mut vars, k, v);
    }
    if !vars.iter().any(|(k, _)| k == "HOME") {
        set(&mut vars, "HOME", home);
    }
    vars
}

/// `$(VAR)` references to variables defined before; `$$` is a literal `$`.
fn expand(value: &str, defined: &Vars) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(close) = after.strip_prefix('(').and_then(|a| a.find(')')) {
            let name = &after[1..=close];
            match defined.iter().find(|(k, _)| k == name) {
                Some((_, v)) => out.push_str(v),
                None => out.push_str(&format!("$({name})")),
            }
            rest = &after[close + 2..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn data_of(api: &ApiServer, ns: &str, secret: bool, name: &str) -> Vec<(String, String)> {
    let gr = if secret { "/secrets" } else { "/configmaps" };
    let Some(obj) = api.store().get(&Key::new(gr, ns, name)) else {
        return Vec::new();
    };
    obj.get("data")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let text = v.as_str().unwrap_or_default();
                    let text = if secret {
                        base64_decode(text)
                    } else {
                        text.to_string()
                    };
                    (k.clone(), text)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn value_from(api: &ApiServer, pod: &Value, container: &Value, from: &Value) -> String {
    let ns = meta::namespace(pod);
    for (field, secret) in [("configMapKeyRef", false), ("secretKeyRef", true)] {
        if let Some(r) = from.get(field) {
            let key = meta::str_at(r, &["key"]);
            return data_of(api, ns, secret, meta::str_at(r, &["name"]))
                .into_iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or_default();
        }
    }
    if let Some(path) = from.pointer("/fieldRef/fieldPath").and_then(Value::as_str) {
        return super::fs::field_value(pod, path, false);
    }
    resource_value(container, from)
}

/// A `resourceFieldRef`: the container's limit or request as given (a divisor of 1); an unset
/// limit reads as the node's allocatable, which this model gives as 0.
pub fn resource_value(container: &Value, from: &Value) -> String {
    let Some(r) = from.get("resourceFieldRef") else {
        return String::new();
    };
    let res = meta::str_at(r, &["resource"]);
    let Some((kind, what)) = res.split_once('.') else {
        return String::new();
    };
    let value = container
        .pointer(&format!("/resources/{kind}/{what}"))
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| "0".to_string());
    match (what, value.strip_suffix('m')) {
        // CPU rounds up to whole cores with the default divisor.
        ("cpu", Some(milli)) => milli
            .parse::<u64>()
            .map(|m| m.div_ceil(1000).to_string())
            .unwrap_or(value),
        _ => value,
    }
}

/// The service links, by service name then port (`pkg/kubelet/envvars`).
fn service_vars(api: &ApiServer, ns: &str, links: bool, started: Time) -> Vars {
    let mut services: Vec<&Value> = Vec::new();
    if let Some(k) = api
        .store()
        .get(&Key::new("/services", "default", "kubernetes"))
    {
        services.push(k);
    }
    if links {
        for (key, svc) in api.store().iter() {
            if key.gr != "/services" || key.namespace != ns {
                continue;
            }
            if ns == "default" && key.name == "kubernetes" {
                continue;
            }
            let created =
                Time::parse_rfc3339(meta::str_at(svc, &["metadata", "creationTimestamp"]));
            if created.is_some_and(|t| t > started) {
                continue;
            }
            services.push(svc);
        }
    }
    let mut vars = Vars::new();
    for svc in services {
        let ip = meta::str_at(svc, &["spec", "clusterIP"]);
        if ip.is_empty() || ip == "None" {
            continue;
        }
        let name = meta::name(svc).to_uppercase().replace('-', "_");
        let ports: Vec<&Value> = svc
            .pointer("/spec/ports")
            .and_then(Value::as_array)
            .map(|p| p.iter().collect())
            .unwrap_or_default();
        let Some(first) = ports.first() else {
            continue;
        };
        let port_of = |p: &Value| p.get("port").and_then(Value::as_i64).unwrap_or(0);
        let proto_of = |p: &Value| {
            let s = meta::str_at(p, &["protocol"]);
            if s.is_empty() { "TCP" } else { s }.to_string()
        };
        vars.push((format!("{name}_SERVICE_HOST"), ip.to_string()));
        vars.push((format!("{name}_SERVICE_PORT"), port_of(first).to_string()));
        for p in &ports {
            let pn = meta::str_at(p, &["name"]);
            if !pn.is_empty() {
                vars.push((
                    format!(
                        "{name}_SERVICE_PORT_{}",
                        pn.to_uppercase().replace('-', "_")
                    ),
                    port_of(p).to_string(),
                ));
            }
        }
        vars.push((
            format!("{name}_PORT"),
            format!(
                "{}://{ip}:{}",
                proto_of(first).to_lowercase(),
                port_of(first)
            ),
        ));
        for p in &ports {
            let proto = proto_of(p);
            let prefix = format!("{name}_PORT_{}_{proto}", port_of(p));
            vars.push((
                prefix.clone(),
                format!("{}://{ip}:{}", proto.to_lowercase(), port_of(p)),
            ));
            vars.push((format!("{prefix}_PROTO"), proto.to_lowercase()));
            vars.push((format!("{prefix}_PORT"), port_of(p).to_string()));
            vars.push((format!("{prefix}_ADDR"), ip.to_string()));
        }
    }
    vars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_expand_to_earlier_variables() {
        let defined = vec![("A".to_string(), "x".to_string())];
        assert_eq!(expand("$(A)-$(B)-$$(A)", &defined), "x-$(B)-$(A)");
    }
}
