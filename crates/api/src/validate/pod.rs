//! Pod and pod-template validation (ValidatePodSpec and what it calls), in the server's order:
//! volumes, containers, init containers, restart policy, DNS policy.

use crate::meta::ResourceExt;
use std::collections::HashSet;

use serde_json::Value;

use super::{arr, s, Errs};
use crate::names;

const PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];

pub fn pod(obj: &Value, e: &mut Errs) {
    let spec = obj.get("spec");
    pod_spec(spec, "spec", e);
    // Only a Pod (not a template) insists on a trimmed image.
    for (i, c) in arr(spec, "containers").iter().enumerate() {
        let img = s(c, "image");
        if img.trim() != img {
            e.invalid(
                &format!("spec.containers[{i}].image"),
                img,
                "must not have leading or trailing whitespace",
            );
        }
    }
}

/// A PodTemplateSpec at `path` (e.g. `spec.template`).
pub fn template(t: Option<&Value>, path: &str, e: &mut Errs) {
    if let Some(labels) = t.and_then(|t| t.labels()).and_then(|l| l.as_object()) {
        let field = format!("{path}.metadata.labels");
        for (k, v) in labels {
            for m in names::qualified_name(k) {
                e.invalid(&field, k, &m);
            }
            let v = v.as_str().unwrap_or("");
            for m in names::label_value(v) {
                e.invalid(&field, v, &m);
            }
        }
    }
    pod_spec(t.and_then(|t| t.get("spec")), &format!("{path}.spec"), e);
}

pub fn pod_spec(spec: Option<&Value>, path: &str, e: &mut Errs) {
    let volumes = volumes(arr(spec, "volumes"), &format!("{path}.volumes"), e);
    let containers = arr(spec, "containers");
    if containers.is_empty() {
        e.required(&format!("{path}.containers"));
    } else {
        container_list(containers, &volumes, &format!("{path}.containers"), e);
    }
    let init = arr(spec, "initContainers");
    if !init.is_empty() {
        container_list(init, &volumes, &format!("{path}.initContainers"), e);
        let app: HashSet<&str> = containers.iter().map(|c| s(c, "name")).collect();
        for (i, c) in init.iter().enumerate() {
            if app.contains(s(c, "name")) {
                e.duplicate(&format!("{path}.initContainers[{i}].name"), s(c, "name"));
            }
        }
    }
    let spec_v = spec.cloned().unwrap_or(Value::Null);
    match s(&spec_v, "restartPolicy") {
        "Always" | "OnFailure" | "Never" => {}
        "" => e.required(&format!("{path}.restartPolicy")),
        other => e.unsupported(
            &format!("{path}.restartPolicy"),
            other,
            &["Always", "OnFailure", "Never"],
        ),
    }
    match s(&spec_v, "dnsPolicy") {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => e.required(&format!("{path}.dnsPolicy")),
        other => e.unsupported(
            &format!("{path}.dnsPolicy"),
            other,
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        ),
    }
    if let Some(sel) = spec_v.get("nodeSelector").and_then(|n| n.as_object()) {
        for (k, v) in sel {
            for m in names::qualified_name(k) {
                e.invalid(&format!("{path}.nodeSelector"), k, &m);
            }
            let v = v.as_str().unwrap_or("");
            for m in names::label_value(v) {
                e.invalid(&format!("{path}.nodeSelector"), v, &m);
            }
        }
    }
    e.non_negative(
        &format!("{path}.terminationGracePeriodSeconds"),
        spec_v.get("terminationGracePeriodSeconds"),
    );
    if let Some(n) = spec_v.get("activeDeadlineSeconds").and_then(|v| v.as_i64()) {
        if n <= 0 {
            e.invalid_raw(
                &format!("{path}.activeDeadlineSeconds"),
                &n.to_string(),
                "must be between 1 and 2147483647, inclusive",
            );
        }
    }
    super::topology::topology_spread(spec, path, e);
}

/// Validates the volumes and returns their names (for the mounts to refer to).
fn volumes(vols: &[Value], path: &str, e: &mut Errs) -> HashSet<String> {
    let mut names_seen = HashSet::new();
    for (i, v) in vols.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let present: Vec<&str> = crate::defaults::pod::VOLUME_SOURCES
            .iter()
            .copied()
            .filter(|k| v.get(*k).is_some_and(|x| !x.is_null()))
            .collect();
        if present.len() > 1 {
            e.forbidden(
                &format!("{p}.{}", present[1]),
                "may not specify more than 1 volume type",
            );
        }
        // The one field each common source cannot do without.
        let needs = match present.first().copied() {
            Some("configMap") => Some(("configMap", "name")),
            Some("secret") => Some(("secret", "secretName")),
            Some("persistentVolumeClaim") => Some(("persistentVolumeClaim", "claimName")),
            Some("hostPath") => Some(("hostPath", "path")),
            _ => None,
        };
        if let Some((src, field)) = needs {
            if s(&v[src], field).is_empty() {
                e.required(&format!("{p}.{src}.{field}"));
            }
        }
        let name = s(v, "name");
        if name.is_empty() {
            e.required(&format!("{p}.name"));
        } else {
            for m in names::dns1123_label(name) {
                e.invalid(&format!("{p}.name"), name, &m);
            }
        }
        if !names_seen.insert(name.to_string()) {
            e.duplicate(&format!("{p}.name"), name);
        }
    }
    names_seen
}

fn container_list(cs: &[Value], volumes: &HashSet<String>, path: &str, e: &mut Errs) {
    let mut seen = HashSet::new();
    for (i, c) in cs.iter().enumerate() {
        let p = format!("{path}[{i}]");
        container(c, volumes, &p, e);
        let name = s(c, "name");
        if !seen.insert(name) {
            e.duplicate(&format!("{p}.name"), name);
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            if let Some(pr) = c.get(probe).filter(|x| x.is_object()) {
                probe_checks(pr, probe, &format!("{p}.{probe}"), e);
            }
        }
    }
    // Host ports are unique across the containers, per protocol and host IP.
    let mut host_ports = HashSet::new();
    for (i, c) in cs.iter().enumerate() {
        for (j, port) in arr(Some(c), "ports").iter().enumerate() {
            let hp = port.get("hostPort").and_then(|v| v.as_i64()).unwrap_or(0);
            if hp == 0 {
                continue;
            }
            let key = format!("{}/{}/{hp}", s(port, "protocol"), s(port, "hostIP"));
            if !host_ports.insert(key.clone()) {
                e.duplicate(&format!("{path}[{i}].ports[{j}].hostPort"), &key);
            }
        }
    }
}

fn container(c: &Value, volumes: &HashSet<String>, p: &str, e: &mut Errs) {
    let name = s(c, "name");
    if name.is_empty() {
        e.required(&format!("{p}.name"));
    } else {
        for m in names::dns1123_label(name) {
            e.invalid(&format!("{p}.name"), name, &m);
        }
    }
    if s(c, "image").is_empty() {
        e.required(&format!("{p}.image"));
    }
    match s(c, "terminationMessagePolicy") {
        "File" | "FallbackToLogsOnError" => {}
        "" => e.required_detail(
            &format!("{p}.terminationMessagePolicy"),
            "must be 'File' or 'FallbackToLogsOnError'",
        ),
        other => e.invalid(
            &format!("{p}.terminationMessagePolicy"),
            other,
            "must be 'File' or 'FallbackToLogsOnError'",
        ),
    }
    ports(arr(Some(c), "ports"), &format!("{p}.ports"), e);
    env(arr(Some(c), "env"), &format!("{p}.env"), e);
    mounts(
        arr(Some(c), "volumeMounts"),
        volumes,
        &format!("{p}.volumeMounts"),
        e,
    );
    match s(c, "imagePullPolicy") {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => e.required(&format!("{p}.imagePullPolicy")),
        other => e.unsupported(
            &format!("{p}.imagePullPolicy"),
            other,
            &["Always", "IfNotPresent", "Never"],
        ),
    }
    resources(c.get("resources"), &format!("{p}.resources"), e);
}

pub fn port_name_errors(name: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    if name.len() > 15 {
        errs.push("must be no more than 15 characters");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)");
    }
    if name.contains("--") {
        errs.push("must not contain consecutive hyphens");
    }
    if name.starts_with('-') || name.ends_with('-') {
        errs.push("must not begin or end with a hyphen");
    }
    errs
}

pub const PORT_RANGE: &str = "must be between 1 and 65535, inclusive";

fn ports(ps: &[Value], path: &str, e: &mut Errs) {
    let mut names_seen = HashSet::new();
    for (i, port) in ps.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let name = s(port, "name");
        if !name.is_empty() {
            let errs = port_name_errors(name);
            if !errs.is_empty() {
                for m in errs {
                    e.invalid(&format!("{p}.name"), name, m);
                }
            } else if !names_seen.insert(name) {
                e.duplicate(&format!("{p}.name"), name);
            }
        }
        let cp = port
            .get("containerPort")
            .and_then(|v| v.as_i64())
            .unwrap_or(0);
        if cp == 0 {
            e.required(&format!("{p}.containerPort"));
        } else if !(1..=65535).contains(&cp) {
            e.invalid_raw(&format!("{p}.containerPort"), &cp.to_string(), PORT_RANGE);
        }
        let hp = port.get("hostPort").and_then(|v| v.as_i64()).unwrap_or(0);
        if hp != 0 && !(1..=65535).contains(&hp) {
            e.invalid_raw(&format!("{p}.hostPort"), &hp.to_string(), PORT_RANGE);
        }
        match s(port, "protocol") {
            "" => e.required(&format!("{p}.protocol")),
            pr if PROTOCOLS.contains(&pr) => {}
            pr => e.unsupported(&format!("{p}.protocol"), pr, PROTOCOLS),
        }
    }
}

const ENV_NAME_MSG: &str =
    "a valid environment variable name must consist only of printable ASCII characters other than '='";

fn env(vars: &[Value], path: &str, e: &mut Errs) {
    for (i, v) in vars.iter().enumerate() {
        let p = format!("{path}[{i}].name");
        let name = s(v, "name");
        if name.is_empty() {
            e.required(&p);
            e.invalid(&p, name, "environment variable name must be non-empty");
        } else if name.chars().any(|c| !(' '..='~').contains(&c) || c == '=') {
            e.invalid(&p, name, ENV_NAME_MSG);
        }
        if v.get("value")
            .is_some_and(|x| x.as_str().is_some_and(|x| !x.is_empty()))
            && v.get("valueFrom").is_some_and(|x| !x.is_null())
        {
            e.invalid(
                &format!("{path}[{i}].valueFrom"),
                "",
                "may not be specified when `value` is not empty",
            );
        }
    }
}

fn mounts(ms: &[Value], volumes: &HashSet<String>, path: &str, e: &mut Errs) {
    let mut paths = HashSet::new();
    for (i, m) in ms.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let name = s(m, "name");
        if name.is_empty() {
            e.required(&format!("{p}.name"));
        }
        if !volumes.contains(name) {
            e.not_found(&format!("{p}.name"), name);
        }
        let mp = s(m, "mountPath");
        if mp.is_empty() {
            e.required(&format!("{p}.mountPath"));
        }
        if !paths.insert(mp) {
            e.invalid(&format!("{p}.mountPath"), mp, "must be unique");
        }
    }
}

/// A resource quantity as a number (`100m`, `1Gi`, `2`, `1e3`); None when it does not parse.
pub fn quantity(q: &Value) -> Option<f64> {
    let text = match q {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(t.len());
    let (num, suffix) = t.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "u" => 1e-6,
        "n" => 1e-9,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s if s.starts_with(['e', 'E']) => 10f64.powi(s[1..].parse().ok()?),
        _ => return None,
    };
    Some(n * mult)
}

fn quantity_text(q: &Value) -> String {
    match q {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn resources(r: Option<&Value>, path: &str, e: &mut Errs) {
    let Some(r) = r else { return };
    let limits = r.get("limits").and_then(|l| l.as_object());
    let requests = r.get("requests").and_then(|l| l.as_object());
    for (kind, m) in [("limits", limits), ("requests", requests)] {
        for (k, v) in m.into_iter().flatten() {
            if quantity(v).is_some_and(|n| n < 0.0) {
                e.invalid(
                    &format!("{path}.{kind}[{k}]"),
                    &quantity_text(v),
                    "must be greater than or equal to 0",
                );
            }
        }
    }
    let (Some(limits), Some(requests)) = (limits, requests) else {
        return;
    };
    for (k, req) in requests {
        let Some(lim) = limits.get(k) else { continue };
        if let (Some(a), Some(b)) = (quantity(req), quantity(lim)) {
            if a > b {
                e.invalid(
                    &format!("{path}.requests"),
                    &quantity_text(req),
                    &format!(
                        "must be less than or equal to {k} limit of {}",
                        quantity_text(lim)
                    ),
                );
            }
        }
    }
}

fn port_num_or_name(port: Option<&Value>, at: &str, e: &mut Errs) {
    match port {
        Some(Value::Number(n)) => {
            let n = n.as_i64().unwrap_or(0);
            if !(1..=65535).contains(&n) {
                e.invalid_raw(at, &n.to_string(), PORT_RANGE);
            }
        }
        Some(Value::String(name)) => {
            for m in port_name_errors(name) {
                e.invalid(at, name, m);
            }
        }
        _ => e.invalid_raw(at, "0", PORT_RANGE),
    }
}

fn probe_checks(pr: &Value, kind: &str, at: &str, e: &mut Errs) {
    let mut handlers = 0;
    for h in ["exec", "httpGet", "tcpSocket", "grpc"] {
        let Some(hv) = pr.get(h).filter(|x| !x.is_null()) else {
            continue;
        };
        if handlers > 0 {
            e.forbidden(
                &format!("{at}.{h}"),
                "may not specify more than 1 handler type",
            );
            continue;
        }
        handlers += 1;
        match h {
            "exec" if arr(Some(hv), "command").is_empty() => {
                e.required(&format!("{at}.exec.command"));
            }
            "httpGet" => {
                port_num_or_name(hv.get("port"), &format!("{at}.httpGet.port"), e);
                match s(hv, "scheme") {
                    "HTTP" | "HTTPS" => {}
                    other => {
                        e.unsupported(&format!("{at}.httpGet.scheme"), other, &["HTTP", "HTTPS"])
                    }
                }
            }
            "tcpSocket" => port_num_or_name(hv.get("port"), &format!("{at}.tcpSocket.port"), e),
            _ => {}
        }
    }
    if handlers == 0 {
        e.required_detail(at, "must specify a handler type");
    }
    for f in [
        "initialDelaySeconds",
        "timeoutSeconds",
        "periodSeconds",
        "successThreshold",
        "failureThreshold",
    ] {
        e.non_negative(&format!("{at}.{f}"), pr.get(f));
    }
    if kind != "readinessProbe" {
        let st = pr
            .get("successThreshold")
            .and_then(|v| v.as_i64())
            .unwrap_or(1);
        if st != 1 {
            e.invalid_raw(
                &format!("{at}.successThreshold"),
                &st.to_string(),
                "must be 1",
            );
        }
    }
}
