//! The kubelet's httpGet probes, as the web server they reach logs them: one access line per
//! probe from the node's side of the pod network (the bridge's gateway, `.1` of the pod's
//! subnet) with the agent `kube-probe/1.32`, at each probe's moments (`initialDelaySeconds`,
//! then every `periodSeconds`; a startup probe until it passes, the others from then on).

use kubeplay_api::meta;
use serde_json::Value;

use super::access::{nginx_open_error, Line};
use super::http::{nginx_404, static_server, HTTPD_404};
use super::route::listening_of;
use crate::images::{self, Reference};
use crate::probe::{Action, Kind, Listening, Port, Spec};

/// Lines per probe and run at most (a long run's older lines are the ones cut).
const MAX_PER_PROBE: i64 = 5_000;

/// The probe lines of container `c` (of the pod at `pod_ip`) in the run that started at
/// `start_ms`, up to `until_ms`; `started`: seconds into the run when its startup probe passed.
/// A line's moment, whether it goes to stderr, and its text.
type Lines = Vec<(i64, bool, String)>;

/// The kubelet's first probes come just after the container's start (after its first lines).
const FIRST_MS: i64 = 100;

pub fn lines(c: &Value, pod_ip: &str, started: Option<i64>, start_ms: i64, until_ms: i64) -> Lines {
    let Some(image) = Reference::parse(meta::str_at(c, &["image"]))
        .and_then(|r| images::catalog().image(&r.familiar_name()))
    else {
        return Vec::new();
    };
    let Some((root, server)) = static_server(image) else {
        return Vec::new();
    };
    let Listening::Ports(ports) = listening_of(image, c) else {
        return Vec::new();
    };
    let gateway = match pod_ip.rsplit_once('.') {
        Some((net, _)) => format!("{net}.1"),
        None => return Vec::new(),
    };
    let mut out = Vec::new();
    for spec in Spec::all(c) {
        let Action::Http {
            port,
            path,
            https: false,
        } = &spec.action
        else {
            continue;
        };
        let port = match port {
            Port::Number(n) => Some(*n),
            Port::Name(name) => named(c, name),
        };
        if !ports
            .iter()
            .any(|l| Some(l.port) == port && l.protocol == "http")
        {
            continue;
        }
        let page = path.split(['?', '#']).next().unwrap_or("/");
        let mut file = format!("{root}{page}");
        if file.ends_with('/') {
            file.push_str("index.html");
        }
        let (status, bytes) = match image.files.get(&file) {
            Some(body) => (200, body.len()),
            None if server.starts_with("nginx") => (404, nginx_404(&server).len()),
            None => (404, HTTPD_404.len()),
        };
        let line = Line {
            method: "GET",
            path,
            status,
            bytes,
            agent: "kube-probe/1.32",
        };
        let (delay, period) = (spec.delay, spec.period.max(1));
        for k in 0..MAX_PER_PROBE {
            let t = delay + k * period;
            let at = start_ms
                .saturating_add(t.saturating_mul(1000))
                .saturating_add(FIRST_MS);
            if at > until_ms {
                break;
            }
            // A startup probe runs until it passes; the others once it has.
            let after_start = started.is_some_and(|s| s <= t);
            let runs = match spec.kind {
                Kind::Startup => started.is_none_or(|s| t <= s),
                _ => after_start,
            };
            if runs {
                let text = if server.starts_with("nginx") {
                    if status == 404 {
                        let host = format!("{pod_ip}:{}", port.unwrap_or(80));
                        let error = nginx_open_error(at, &file, &gateway, "GET", path, &host);
                        out.push((at, true, error));
                    }
                    line.nginx(&gateway, at)
                } else {
                    line.common(&gateway, at)
                };
                out.push((at, false, text));
            }
        }
    }
    out
}

fn named(c: &Value, name: &str) -> Option<i64> {
    c.get("ports")?
        .as_array()?
        .iter()
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))?
        .get("containerPort")?
        .as_i64()
}
