//! What the program listening in a container answers an HTTP GET, from the image catalog and
//! the container's files: nginx and httpd serve files from their document roots (the image's
//! welcome page, or what an exec or a volume put there) and log each request in their access
//! log formats; http-echo answers its `-text`, whoami its report, agnhost's `netexec` its
//! `/hostname`, `/echo?msg=` and `/clientip`.

use kubeplay_api::meta;

use super::route::Target;
use super::{Access, Net};
use crate::kubelet::{common_log_time, http_date};
use crate::probe::Paths;

/// An HTTP answer (status 0: the server is not an HTTP one and closes the connection).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn reason(&self) -> &'static str {
        match self.status {
            200 => "OK",
            301 => "Moved Permanently",
            403 => "Forbidden",
            404 => "Not Found",
            500 => "Internal Server Error",
            _ => "Unknown",
        }
    }

    /// `HTTP/1.1 200 OK`.
    pub fn status_line(&self) -> String {
        format!("HTTP/1.1 {} {}", self.status, self.reason())
    }

    fn new(status: u16, server: Option<&str>, at_ms: i64, kind: &str, body: String) -> Response {
        let mut headers = Vec::new();
        if let Some(s) = server {
            headers.push(("Server".to_string(), s.to_string()));
        }
        headers.push(("Date".into(), http_date(at_ms)));
        headers.push(("Content-Type".into(), kind.to_string()));
        headers.push(("Content-Length".into(), body.len().to_string()));
        headers.push(("Connection".into(), "close".into()));
        Response {
            status,
            headers,
            body,
        }
    }
}

/// A request as the client sends it.
pub struct Request<'a> {
    pub method: &'a str,
    /// What the client puts in `Host:`.
    pub host: &'a str,
    pub path: &'a str,
    /// Its other headers, in the order it sends them.
    pub headers: Vec<(&'a str, String)>,
    pub agent: &'a str,
}

/// A GET from the node or a test: `curl`'s headers.
pub fn get(net: &Net, t: &Target, host: &str, path: &str, agent: &str, at_ms: i64) -> Response {
    let req = Request {
        method: "GET",
        host,
        path,
        headers: vec![("User-Agent", agent.to_string()), ("Accept", "*/*".into())],
        agent,
    };
    serve(net, t, &req, at_ms)
}

/// What `t` answers `req` at `at_ms`; the request is noted in the server's access log.
pub fn serve(net: &Net, t: &Target, req: &Request, at_ms: i64) -> Response {
    let name = t.image.map(|i| i.name.as_str()).unwrap_or_default();
    let page = req.path.split(['?', '#']).next().unwrap_or("/");
    let version = |var: &str, default: &str| {
        t.image
            .and_then(|i| i.env.get(var))
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let Some(listener) = &t.listener else {
        return Response::new(200, None, at_ms, "text/plain", String::new());
    };
    if listener.protocol != "http" {
        return Response {
            status: 0,
            headers: Vec::new(),
            body: String::new(),
        };
    }
    let resp = if name.contains("nginx") {
        let server = format!("nginx/{}", version("NGINX_VERSION", "1.27.3"));
        let r = static_file(net, t, "/usr/share/nginx/html", page, at_ms, &server);
        log(net, t, at_ms, nginx_line(&peer(net, t), req, &r, at_ms));
        r
    } else if name == "httpd" {
        let r = static_file(
            net,
            t,
            "/usr/local/apache2/htdocs",
            page,
            at_ms,
            "Apache/2.4.62 (Unix)",
        );
        log(net, t, at_ms, common_line(&peer(net, t), req, &r, at_ms));
        r
    } else if name == "hashicorp/http-echo" {
        let text = flag(&t.argv, "text").unwrap_or_default();
        let mut r = Response::new(
            200,
            None,
            at_ms,
            "text/plain; charset=utf-8",
            format!("{text}\n"),
        );
        r.headers
            .insert(0, ("X-App-Name".into(), "http-echo".into()));
        r.headers
            .insert(1, ("X-App-Version".into(), "1.0.0".into()));
        r
    } else if name == "traefik/whoami" {
        Response::new(
            200,
            None,
            at_ms,
            "text/plain; charset=utf-8",
            whoami(net, t, req),
        )
    } else if name.ends_with("agnhost") {
        agnhost(net, t, page, req.path, &listener.paths, at_ms)
    } else if name.ends_with("hello-app") {
        let body = format!("Hello, world!\nVersion: 1.0.0\nHostname: {}\n", t.hostname);
        Response::new(200, None, at_ms, "text/plain; charset=utf-8", body)
    } else if name.ends_with("kubernetes-bootcamp") {
        let body = format!(
            "Hello Kubernetes bootcamp! | Running on: {} | v=1\n",
            t.hostname
        );
        Response::new(200, None, at_ms, "text/plain", body)
    } else {
        let status = match &listener.paths {
            Paths::Pages(pages) if !pages.contains(&page) => 404,
            _ => 200,
        };
        Response::new(status, None, at_ms, "text/plain", String::new())
    };
    resp
}

/// A file under `root` from the container's files as they are now (the image's, else).
fn static_file(
    net: &Net,
    t: &Target,
    root: &str,
    page: &str,
    at_ms: i64,
    server: &str,
) -> Response {
    let mut path = format!("{root}{page}");
    if path.ends_with('/') {
        path.push_str("index.html");
    }
    let now = net
        .sim
        .container(net.api, &t.pod.namespace, &t.pod.name, &t.container);
    let text = match &now {
        Ok(c) if c.now.0.saturating_mul(1000) <= at_ms + 999 => {
            let layer = &c.layer;
            let p = layer.resolve(&path, true);
            let p = if layer.is_dir(&p) {
                format!("{p}/index.html")
            } else {
                p
            };
            layer.files.get(&layer.resolve(&p, true)).cloned()
        }
        _ => t.image.and_then(|i| i.files.get(&path)).cloned(),
    };
    match text {
        Some(body) => {
            let mut r = Response::new(200, Some(server), at_ms, "text/html", body);
            r.headers.push(("Accept-Ranges".into(), "bytes".into()));
            r
        }
        None if server.starts_with("nginx") => {
            let body = format!("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n");
            Response::new(404, Some(server), at_ms, "text/html", body)
        }
        None => {
            let body = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n".to_string();
            Response::new(
                404,
                Some(server),
                at_ms,
                "text/html; charset=iso-8859-1",
                body,
            )
        }
    }
}

/// The address the server sees the client at.
fn peer(net: &Net, t: &Target) -> String {
    if t.local {
        "127.0.0.1".to_string()
    } else {
        net.client.ip.clone()
    }
}

fn log(net: &Net, t: &Target, at_ms: i64, text: String) {
    net.note(Access {
        pod: t.pod.clone(),
        uid: t.uid.clone(),
        container: t.container.clone(),
        at_ms,
        stderr: false,
        text,
    });
}

/// nginx's `combined` format with the image's `"$http_x_forwarded_for"`.
fn nginx_line(client: &str, req: &Request, r: &Response, at_ms: i64) -> String {
    format!(
        "{} - - [{}] \"{} {} HTTP/1.1\" {} {} \"-\" \"{}\" \"-\"",
        client,
        common_log_time(at_ms),
        req.method,
        req.path,
        r.status,
        r.body.len(),
        req.agent
    )
}

/// httpd's `common` format.
fn common_line(client: &str, req: &Request, r: &Response, at_ms: i64) -> String {
    format!(
        "{} - - [{}] \"{} {} HTTP/1.1\" {} {}",
        client,
        common_log_time(at_ms),
        req.method,
        req.path,
        r.status,
        r.body.len()
    )
}

/// `-NAME=VALUE` or `-NAME VALUE` (one or two dashes).
fn flag(argv: &[String], name: &str) -> Option<String> {
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

fn whoami(net: &Net, t: &Target, req: &Request) -> String {
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
    headers.retain(|(k, _)| *k != "Connection" || req.agent == "Wget");
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

fn agnhost(net: &Net, t: &Target, page: &str, full: &str, paths: &Paths, at_ms: i64) -> Response {
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
        _ => {
            let _ = meta::name;
            text(format!(
                "NOW: {}",
                crate::kubelet::slashed_time(at_ms).replace('/', "-")
            ))
        }
    }
}
