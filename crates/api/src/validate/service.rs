//! Service validation (ValidateService), ports first as the server does.

use std::collections::HashSet;

use serde_json::Value;

use super::pod::{port_name_errors, PORT_RANGE};
use super::{arr, s, Errs};
use crate::names;

const TYPES: &[&str] = &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

pub fn service(obj: &Value, e: &mut Errs) {
    let spec = obj.get("spec");
    let spec_v = spec.cloned().unwrap_or(Value::Null);
    let ty = s(&spec_v, "type");
    let headless = s(&spec_v, "clusterIP") == "None";
    let ports = arr(spec, "ports");
    if ty != "ExternalName" && ports.is_empty() && !headless {
        e.required("spec.ports");
    }
    if ty == "ExternalName" {
        let name = s(&spec_v, "externalName");
        if name.is_empty() {
            e.required("spec.externalName");
        }
    }
    let ip = s(&spec_v, "clusterIP");
    if !ip.is_empty() && ip != "None" && ip.parse::<std::net::IpAddr>().is_err() {
        e.invalid(
            "spec.clusterIPs[0]",
            ip,
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        );
    }
    let mut names_seen = HashSet::new();
    for (i, p) in ports.iter().enumerate() {
        let path = format!("spec.ports[{i}]");
        let name = s(p, "name");
        if ports.len() > 1 && name.is_empty() {
            e.required(&format!("{path}.name"));
        } else if !name.is_empty() {
            for m in names::dns1123_label(name) {
                e.invalid(&format!("{path}.name"), name, &m);
            }
            if !names_seen.insert(name) {
                e.duplicate(&format!("{path}.name"), name);
            }
        }
        let port = p.get("port").and_then(|v| v.as_i64()).unwrap_or(0);
        if !(1..=65535).contains(&port) {
            e.invalid_raw(&format!("{path}.port"), &port.to_string(), PORT_RANGE);
        }
        match s(p, "protocol") {
            "" => e.required(&format!("{path}.protocol")),
            "TCP" | "UDP" | "SCTP" => {}
            other => e.unsupported(&format!("{path}.protocol"), other, &["SCTP", "TCP", "UDP"]),
        }
        match p.get("targetPort") {
            Some(Value::Number(n)) => {
                let n = n.as_i64().unwrap_or(0);
                if !(1..=65535).contains(&n) {
                    // The value is an intstr.IntOrString, which the server prints with %#v.
                    e.invalid_raw(
                        &format!("{path}.targetPort"),
                        &format!("intstr.IntOrString{{Type:0, IntVal:{n}, StrVal:\"\"}}"),
                        PORT_RANGE,
                    );
                }
            }
            Some(Value::String(t)) if !t.is_empty() => {
                for m in port_name_errors(t) {
                    e.invalid(&format!("{path}.targetPort"), t, m);
                }
            }
            _ => {}
        }
        if let Some(np) = p.get("nodePort").and_then(|v| v.as_i64()) {
            if np != 0 && !matches!(ty, "NodePort" | "LoadBalancer") {
                e.forbidden(
                    &format!("{path}.nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                );
            } else if np != 0 && !(30000..=32767).contains(&np) {
                e.invalid_raw(
                    &format!("{path}.nodePort"),
                    &np.to_string(),
                    "provided port is not in the valid range. The range of valid ports is 30000-32767",
                );
            }
        }
    }
    if !ty.is_empty() && !TYPES.contains(&ty) {
        e.unsupported("spec.type", ty, TYPES);
    }
    match s(&spec_v, "sessionAffinity") {
        "" | "None" | "ClientIP" => {}
        other => e.unsupported("spec.sessionAffinity", other, &["ClientIP", "None"]),
    }
    if let Some(sel) = spec_v.get("selector").and_then(|v| v.as_object()) {
        for (k, v) in sel {
            for m in names::qualified_name(k) {
                e.invalid("spec.selector", k, &m);
            }
            let v = v.as_str().unwrap_or("");
            for m in names::label_value(v) {
                e.invalid("spec.selector", v, &m);
            }
        }
    }
}
