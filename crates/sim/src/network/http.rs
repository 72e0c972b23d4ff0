//! What the program listening in a container answers an HTTP GET, from the image catalog and
//! the container's files: nginx and httpd serve files from their document roots (the image's
//! welcome page, or what an exec or a volume put there) and log each request (`access.rs`);
//! http-echo answers its `-text`, and the small apps of `apps.rs` their own.

use kubeplay_core::sort::SortOnce;

use super::access::{common_line, nginx_line, nginx_open_error};
use super::apps::{agnhost, flag, whoami};
use super::route::Target;
use super::{Access, Net};
use crate::kubelet::http_date;
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
            405 => "Not Allowed",
            500 => "Internal Server Error",
            _ => "Unknown",
        }
    }

    /// `HTTP/1.1 200 OK`.
    pub fn status_line(&self) -> String {
        format!("HTTP/1.1 {} {}", self.status, self.reason())
    }

    pub(super) fn new(
        status: u16,
        server: Option<&str>,
        at_ms: i64,
        kind: &str,
        body: String,
    ) -> Response {
        let mut headers = Vec::new();
        if let Some(s) = server {
            headers.push(("Server".to_string(), s.to_string()));
        }
        headers.push(("Date".into(), http_date(at_ms)));
        headers.push(("Content-Type".into(), kind.to_string()));
        headers.push(("Content-Length".into(), body.len().to_string()));
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
    /// It asks the server to close the connection after the answer (busybox wget does).
    pub close: bool,
}

/// A GET from the node or a test: `curl`'s headers.
pub fn get(net: &Net, t: &Target, host: &str, path: &str, agent: &str, at_ms: i64) -> Response {
    let req = Request {
        method: "GET",
        host,
        path,
        headers: vec![("User-Agent", agent.to_string()), ("Accept", "*/*".into())],
        agent,
        close: false,
    };
    serve(net, t, &req, at_ms)
}

/// What `t` answers `req` at `at_ms`; the request is noted in the server's access log.
pub fn serve(net: &Net, t: &Target, req: &Request, at_ms: i64) -> Response {
    let name = t.image.map(|i| i.name.as_str()).unwrap_or_default();
    let page = req.path.split(['?', '#']).next().unwrap_or("/");
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
    let resp = if let Some((root, server)) = t.image.and_then(static_server) {
        let r = if server.starts_with("nginx") && !matches!(req.method, "GET" | "HEAD") {
            // nginx's static module serves only GET and HEAD.
            let mut r = Response::new(
                405,
                Some(&server),
                at_ms,
                "text/html",
                nginx_error_page(405, "Not Allowed", &server),
            );
            let connection = if req.close { "close" } else { "keep-alive" };
            r.headers.push(("Connection".into(), connection.into()));
            r
        } else {
            static_file(net, t, (root, page), at_ms, &server, req.close)
        };
        let client = peer(net, t);
        let line = if server.starts_with("nginx") {
            if r.status == 404 {
                let file = format!("{root}{page}");
                let error = nginx_open_error(at_ms, &file, &client, req.method, req.path, req.host);
                log_to(net, t, at_ms, error, true);
            }
            nginx_line(&client, req, &r, at_ms)
        } else {
            common_line(&client, req, &r, at_ms)
        };
        log(net, t, at_ms, line);
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
    go_headers(resp, req.close)
}

/// Go's servers write the handler's headers sorted, then `Date`, `Content-Length`,
/// `Content-Type` and `Connection: close` when the client asked to close.
fn go_headers(mut r: Response, close: bool) -> Response {
    if r.headers.iter().any(|(k, _)| k == "Server") {
        return r;
    }
    let extra = ["Date", "Content-Length", "Content-Type"];
    let mut own: Vec<(String, String)> = r
        .headers
        .iter()
        .filter(|(k, _)| !extra.contains(&k.as_str()))
        .cloned()
        .collect();
    own.sort_once_by(|a, b| a.0.cmp(&b.0));
    for k in extra {
        if let Some(h) = r.headers.iter().find(|(n, _)| n == k) {
            own.push(h.clone());
        }
    }
    if close {
        own.push(("Connection".into(), "close".into()));
    }
    r.headers = own;
    r
}

/// A file under `root` from the container's files as they are now (the image's, else).
fn static_file(
    net: &Net,
    t: &Target,
    (root, page): (&str, &str),
    at_ms: i64,
    server: &str,
    close: bool,
) -> Response {
    let mut path = format!("{root}{page}");
    if path.ends_with('/') {
        path.push_str("index.html");
    }
    let now = net.container(t);
    // Files date from the container's start, as `ls -l` shows them inside.
    let modified = match now.as_deref() {
        Some(c) => c.started.0,
        None => at_ms.div_euclid(1000),
    };
    let text = match now.as_deref() {
        Some(c) if c.now.0.saturating_mul(1000) <= at_ms + 999 => {
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
    let connection = if close { "close" } else { "keep-alive" };
    let mut r = match text {
        Some(body) => {
            let size = body.len();
            let mut r = Response::new(200, Some(server), at_ms, "text/html", body);
            r.headers.push((
                "Last-Modified".into(),
                http_date(modified.saturating_mul(1000)),
            ));
            r.headers.push(("Connection".into(), connection.into()));
            r.headers
                .push(("ETag".into(), format!("\"{modified:x}-{size:x}\"")));
            r.headers.push(("Accept-Ranges".into(), "bytes".into()));
            return r;
        }
        None if server.starts_with("nginx") => {
            Response::new(404, Some(server), at_ms, "text/html", nginx_404(server))
        }
        None => Response::new(
            404,
            Some(server),
            at_ms,
            "text/html; charset=iso-8859-1",
            HTTPD_404.to_string(),
        ),
    };
    r.headers.push(("Connection".into(), connection.into()));
    r
}

/// The address the server sees the client at.
fn peer(net: &Net, t: &Target) -> String {
    t.local.clone().unwrap_or_else(|| net.client.ip.clone())
}

/// nginx's own page for an error status.
fn nginx_error_page(status: u16, reason: &str, server: &str) -> String {
    format!("<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n")
}

/// nginx's own 404 page.
pub fn nginx_404(server: &str) -> String {
    format!("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n")
}

/// httpd's 404 page.
pub const HTTPD_404: &str = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n";

/// The document root of a static web server image, with its `Server` name.
pub fn static_server(image: &crate::images::Image) -> Option<(&'static str, String)> {
    if image.name.contains("nginx") {
        let v = image
            .env
            .get("NGINX_VERSION")
            .cloned()
            .unwrap_or_else(|| "1.27.3".into());
        Some(("/usr/share/nginx/html", format!("nginx/{v}")))
    } else if image.name == "httpd" {
        Some((
            "/usr/local/apache2/htdocs",
            "Apache/2.4.62 (Unix)".to_string(),
        ))
    } else {
        None
    }
}

fn log(net: &Net, t: &Target, at_ms: i64, text: String) {
    log_to(net, t, at_ms, text, false);
}

fn log_to(net: &Net, t: &Target, at_ms: i64, text: String, stderr: bool) {
    net.note(Access {
        pod: t.pod.clone(),
        uid: t.uid.clone(),
        container: t.container.clone(),
        at_ms,
        stderr,
        text,
    });
}
