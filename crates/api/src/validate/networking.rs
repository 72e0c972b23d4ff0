//! Ingress paths and backends.

use serde_json::Value;

use super::pod::{port_name_errors, PORT_RANGE};
use super::{arr, s, Errs};
use crate::names;

const PATH_TYPES: &[&str] = &["Exact", "ImplementationSpecific", "Prefix"];

pub fn ingress(obj: &Value, e: &mut Errs) {
    let spec = obj.get("spec");
    if let Some(b) = spec
        .and_then(|s| s.get("defaultBackend"))
        .filter(|b| !b.is_null())
    {
        backend(b, "spec.defaultBackend", e);
    }
    for (i, rule) in arr(spec, "rules").iter().enumerate() {
        let host = s(rule, "host");
        // Wildcard hosts (`*.example.com`) follow their own rule, not modelled here.
        if !host.is_empty() && !host.contains('*') {
            for msg in names::dns1123_subdomain(host) {
                e.invalid(&format!("spec.rules[{i}].host"), host, &msg);
            }
        }
        let Some(http) = rule.get("http").filter(|h| !h.is_null()) else {
            continue;
        };
        let paths = arr(Some(http), "paths");
        if paths.is_empty() {
            e.required(&format!("spec.rules[{i}].http.paths"));
        }
        for (j, p) in paths.iter().enumerate() {
            let at = format!("spec.rules[{i}].http.paths[{j}]");
            path(p, &at, e);
        }
    }
}

fn path(p: &Value, at: &str, e: &mut Errs) {
    let text = s(p, "path");
    match p.get("pathType").and_then(|t| t.as_str()) {
        None => {
            e.required_detail(&format!("{at}.pathType"), "pathType must be specified");
            return;
        }
        Some("Exact") | Some("Prefix") => {
            if !text.starts_with('/') {
                e.invalid(&format!("{at}.path"), text, "must be an absolute path");
            }
            for seq in ["//", "/./", "/../", "%2f", "%2F"] {
                if text.contains(seq) {
                    e.invalid(
                        &format!("{at}.path"),
                        text,
                        &format!("must not contain '{seq}'"),
                    );
                }
            }
            for suffix in ["/..", "/."] {
                if text.ends_with(suffix) {
                    e.invalid(
                        &format!("{at}.path"),
                        text,
                        &format!("cannot end with '{suffix}'"),
                    );
                }
            }
        }
        Some("ImplementationSpecific") => {
            if !text.is_empty() && !text.starts_with('/') {
                e.invalid(&format!("{at}.path"), text, "must be an absolute path");
            }
        }
        Some(other) => e.unsupported(&format!("{at}.pathType"), other, PATH_TYPES),
    }
    match p.get("backend") {
        Some(b) if !b.is_null() => backend(b, &format!("{at}.backend"), e),
        _ => e.invalid(
            &format!("{at}.backend"),
            "",
            "resource or service backend is required",
        ),
    }
}

fn backend(b: &Value, at: &str, e: &mut Errs) {
    let svc = b.get("service").filter(|x| !x.is_null());
    let res = b.get("resource").filter(|x| !x.is_null());
    match (svc, res) {
        (Some(_), Some(_)) => e.invalid(at, "", "cannot set both resource and service backends"),
        (None, Some(_)) => {}
        (None, None) => e.invalid(at, "", "resource or service backend is required"),
        (Some(svc), None) => {
            let name = s(svc, "name");
            if name.is_empty() {
                e.required(&format!("{at}.service.name"));
            } else {
                for m in names::dns1035_label(name) {
                    e.invalid(&format!("{at}.service.name"), name, &m);
                }
            }
            let port = svc.get("port").cloned().unwrap_or(Value::Null);
            let pname = s(&port, "name");
            let pnum = port.get("number").and_then(|n| n.as_i64()).unwrap_or(0);
            if !pname.is_empty() && pnum != 0 {
                e.invalid(at, "", "cannot set both port name & port number");
            } else if !pname.is_empty() {
                for m in port_name_errors(pname) {
                    e.invalid(&format!("{at}.service.port.name"), pname, m);
                }
            } else if pnum != 0 {
                if !(1..=65535).contains(&pnum) {
                    e.invalid_raw(
                        &format!("{at}.service.port.number"),
                        &pnum.to_string(),
                        PORT_RANGE,
                    );
                }
            } else {
                e.required_detail(at, "port name or number is required");
            }
        }
    }
}
