//! The access and error lines nginx and httpd write for each request, in their formats:
//! nginx's `combined` with the image's `"$http_x_forwarded_for"`, httpd's `common`, and nginx's
//! `open() ... failed` error line for a missing file, numbered by connection.

use super::http::{Request, Response};
use crate::kubelet::common_log_time;

/// Where an nginx error line names its connection's number, which only the whole log knows
/// (see `number_connections`).
pub const CONNECTION: &str = "\u{0}conn";

/// nginx's error log line for a file it cannot open (on stderr, before the access line).
pub fn nginx_open_error(
    at_ms: i64,
    file: &str,
    client: &str,
    method: &str,
    path: &str,
    host: &str,
) -> String {
    format!(
        "{} [error] 29#29: *{CONNECTION} open() \"{file}\" failed (2: No such file or directory), client: {client}, server: localhost, request: \"{method} {path} HTTP/1.1\", host: \"{host}\"",
        crate::kubelet::slashed_time(at_ms)
    )
}

/// nginx numbers connections from 1: each request here comes on one of its own, so an error
/// line's number is one more than the access lines before it.
pub fn number_connections(lines: &mut [crate::Logged]) {
    let mut n = 0u64;
    for l in lines {
        if l.text.contains(CONNECTION) {
            l.text = l.text.replace(CONNECTION, &(n + 1).to_string());
        } else if !l.stderr && l.text.contains(" HTTP/1.1\" ") {
            n += 1;
        }
    }
}

pub(super) fn nginx_line(client: &str, req: &Request, r: &Response, at_ms: i64) -> String {
    let line = Line {
        method: req.method,
        path: req.path,
        status: r.status,
        bytes: sent(req, r),
        agent: req.agent,
    };
    line.nginx(client, at_ms)
}

/// The body bytes sent (none for HEAD).
fn sent(req: &Request, r: &Response) -> usize {
    if req.method == "HEAD" {
        0
    } else {
        r.body.len()
    }
}

/// What an access line says about a request.
pub struct Line<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub status: u16,
    pub bytes: usize,
    pub agent: &'a str,
}

impl Line<'_> {
    /// nginx's `combined` format with the image's `"$http_x_forwarded_for"`.
    pub fn nginx(&self, client: &str, at_ms: i64) -> String {
        format!(
            "{client} - - [{}] \"{} {} HTTP/1.1\" {} {} \"-\" \"{}\" \"-\"",
            common_log_time(at_ms),
            self.method,
            self.path,
            self.status,
            self.bytes,
            self.agent
        )
    }

    /// httpd's `common` format.
    pub fn common(&self, client: &str, at_ms: i64) -> String {
        format!(
            "{client} - - [{}] \"{} {} HTTP/1.1\" {} {}",
            common_log_time(at_ms),
            self.method,
            self.path,
            self.status,
            self.bytes
        )
    }
}

pub(super) fn common_line(client: &str, req: &Request, r: &Response, at_ms: i64) -> String {
    let line = Line {
        method: req.method,
        path: req.path,
        status: r.status,
        bytes: sent(req, r),
        agent: req.agent,
    };
    line.common(client, at_ms)
}
