//! What the catalog's small web apps answer: whoami's report of the request, agnhost's
//! `netexec` (`/hostname`, `/echo?msg=`, `/clientip`, `/healthz` of `liveness`), and the flags
//! they read from their command line.

use super::http::{Request, Response};
use super::route::Target;
use super::Net;
use crate::probe::Paths;

/// `-NAME=VALUE` or `-NAME VALUE` (one or two dashes).
pub(super) fn flag(argv: &[String], name: &str) -> Option<String> {
    argv.iter().enumerate().find_map(|(i, a)| {
        let a = a.trim_start_matches('-');
        if let Some(v) = a.strip_prefix(&format!("{name}=")) {
            return Some(v.to_string());
        }
        (a == name).then(|| argv.get(i + 1).cloned()).flatten()
    })
}

/// A client's source port, as the kernel would pick one (deterministic here).
pub fn source_port(net: &Net, at_ms: i64) -> u64 {
    let seed = format!("{}/{at_ms}", net.client.ip);
    32768 + crate::util::fnv64(seed.as_bytes()) % 28232
}

pub(super) fn whoami(net: &Net, t: &Target, req: &Request) -> String {
    let mut out = format!(
        "Hostname: {}\nIP: 127.0.0.1\nIP: ::1\nIP: {}\n",
        t.hostname, t.ip
    );
    out.push_str(&format!(
        "RemoteAddr: {}:{}\n{} {} HTTP/1.1\nHost: {}\n",
        net.client.ip,
        source_port(net, 0),
        req.method,
        req.path,
        req.host
    ));
    // Go writes the other headers sorted by name.
    let mut headers: Vec<(&str, String)> = req.headers.clone();
    headers.push(("Connection", "close".into()));
    headers.retain(|(k, _)| *k != "Connection" || req.close);
    let mut names: Vec<&str> = headers.iter().map(|(k, _)| *k).collect();
    kubeplay_core::sort::SortOnce::sort_once(names.as_mut_slice());
    names.dedup();
    for n in names {
        if let Some((_, v)) = headers.iter().find(|(k, _)| *k == n) {
            out.push_str(&format!("{n}: {v}\n"));
        }
    }
    out.push('\n');
    out
}

pub(super) fn agnhost(
    net: &Net,
    t: &Target,
    page: &str,
    full: &str,
    paths: &Paths,
    at_ms: i64,
) -> Response {
    let text = |s: String| Response::new(200, None, at_ms, "text/plain; charset=utf-8", s);
    let sub = t.argv.get(1).map(String::as_str).unwrap_or("pause");
    match (sub, page) {
        ("serve-hostname", _) | (_, "/hostname") => text(t.hostname.clone()),
        (_, "/echo") => {
            let msg = full
                .split_once('?')
                .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("msg=")))
                .unwrap_or_default();
            text(msg.to_string())
        }
        (_, "/clientip") => text(format!("{}:{}", net.client.ip, source_port(net, at_ms))),
        (_, "/healthz") => match paths {
            Paths::HealthyFor(ms) => {
                let started = net
                    .api
                    .store()
                    .get(&t.pod)
                    .and_then(|p| {
                        p.pointer("/status/containerStatuses/0/state/running/startedAt")
                            .and_then(serde_json::Value::as_str)
                            .and_then(kubeplay_core::clock::Time::parse_rfc3339)
                    })
                    .map_or(0, |s| s.0.saturating_mul(1000));
                if at_ms.saturating_sub(started) < *ms as i64 {
                    text("ok".into())
                } else {
                    let mut r = text(format!("error: {}", (at_ms - started) / 1000));
                    r.status = 500;
                    r
                }
            }
            _ => text(String::new()),
        },
        _ => text(format!(
            "NOW: {}",
            crate::kubelet::slashed_time(at_ms).replace('/', "-")
        )),
    }
}
