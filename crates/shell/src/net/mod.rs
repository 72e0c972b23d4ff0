//! `curl` and `wget` on the learner's machine: URLs, and where a request goes. A loopback
//! address with a `kubectl port-forward` job listening on its port reaches that job's pod (and
//! the job prints `Handling connection for PORT`); anything else the host answers (the API
//! server, the nodes' ports) or refuses.

pub mod curl;
pub mod wget;

use super::exec::Exec;
use kubeplay_core::clock::Time;
use kubeplay_core::http::{Failure, Request, Response, Target};
use kubeplay_core::output::Stream;

/// A URL as both clients take it: the scheme defaults to http, the port to the scheme's.
#[derive(Debug, Clone, PartialEq)]
pub struct Url {
    pub scheme: String,
    pub host: String,
    pub port: u16,
    /// With its query; `/` when none.
    pub path: String,
}

impl Url {
    pub fn parse(text: &str) -> Option<Url> {
        let (scheme, rest) = match text.split_once("://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r),
            None => ("http".to_string(), text),
        };
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let cut = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(cut);
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (h, after) = v6.split_once(']')?;
            (format!("[{h}]"), after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p)),
                None => (authority.to_string(), None),
            }
        };
        if host.is_empty() {
            return None;
        }
        let port = match port {
            Some(p) => p.parse().ok()?,
            None => default_port,
        };
        let path = match path {
            "" => "/".to_string(),
            p if p.starts_with('?') => format!("/{p}"),
            p => p.to_string(),
        };
        Some(Url {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
            path,
        })
    }

    /// `http://localhost:8080/` as the clients show it (the port only when not the default).
    pub fn text(&self) -> String {
        let default = matches!(
            (self.scheme.as_str(), self.port),
            ("http", 80) | ("https", 443)
        );
        match default {
            true => format!("{}://{}{}", self.scheme, self.host, self.path),
            false => format!("{}://{}:{}{}", self.scheme, self.host, self.port, self.path),
        }
    }

    /// The Host header.
    pub fn host_header(&self) -> String {
        let default = matches!(
            (self.scheme.as_str(), self.port),
            ("http", 80) | ("https", 443)
        );
        match default {
            true => self.host.clone(),
            false => format!("{}:{}", self.host, self.port),
        }
    }

    /// The address connected to: what `localhost` resolves to on this machine, else the host.
    pub fn address(&self) -> Option<String> {
        let bare = self.host.trim_matches(['[', ']']);
        if bare == "localhost" {
            return Some("127.0.0.1".into());
        }
        bare.parse::<std::net::IpAddr>()
            .ok()
            .map(|ip| ip.to_string())
    }
}

/// The request's answer. A forward's `Handling connection` line goes to the terminal at once.
pub fn send(
    ex: &mut Exec<'_>,
    url: &Url,
    method: &str,
    headers: Vec<(String, String)>,
    body: String,
) -> Result<Response, Failure> {
    let mut target = Target::Address {
        host: url.host.clone(),
        port: url.port,
    };
    if let Some(fwd) = ex
        .env
        .jobs
        .forwards()
        .find(|f| f.remote_for(&url.host, url.port).is_some())
    {
        let remote = fwd.remote_for(&url.host, url.port).unwrap_or(url.port);
        ex.notes.push((
            Stream::Stdout,
            format!("Handling connection for {}\n", url.port),
        ));
        target = Target::Pod {
            namespace: fwd.namespace.clone(),
            pod: fwd.pod.clone(),
            port: remote,
        };
    }
    let req = Request {
        target: target.clone(),
        scheme: url.scheme.clone(),
        method: method.to_string(),
        path: url.path.clone(),
        headers,
        body,
    };
    let answer = ex.host.http(&req);
    match (&target, answer) {
        // The forward reached the pod, but nothing listens there: the stream fails, the
        // connection is closed and kubectl's forwarding ends.
        (Target::Pod { .. }, Err(Failure::Refused)) => {
            if ex.env.jobs.lose_forward(&url.host, url.port) {
                ex.notes
                    .push((Stream::Stderr, "error: lost connection to pod\n".into()));
            }
            Err(Failure::Empty)
        }
        // A forward carries bytes: TLS to a plain server fails its handshake.
        (Target::Pod { .. }, Ok(_)) if url.scheme == "https" => Err(Failure::Tls),
        (_, a) => a,
    }
}

/// `2026-12-07 10:00:00`, as wget stamps its lines.
pub fn stamp(now: i64) -> String {
    Time(now)
        .rfc3339()
        .replace('T', " ")
        .trim_end_matches('Z')
        .to_string()
}
