//! What a pod answers on a port and path, for requests from the learner's machine.
//!
//! `http_to_pod` is the one adapter between this crate and what the simulator knows of the
//! servers in containers: today the image catalog and the probes' model of who listens where
//! (`kubeplay_sim::probe::listening`); once the simulator's network answers requests itself
//! (with the access-log lines it leaves), this function should call it instead.

use serde_json::Value;

use crate::Cluster;
use kubeplay_api::{ApiRequest, Transport};
use kubeplay_core::http::{Failure, Request, Response};
use kubeplay_sim::images::{self, Image, Reference};
use kubeplay_sim::probe::{listening, Listening};

/// The answer of the container of `namespace/pod` listening on `port`.
pub fn http_to_pod(
    cluster: &mut Cluster,
    namespace: &str,
    pod: &str,
    port: u16,
    req: &Request,
) -> Result<Response, Failure> {
    let resp = cluster.call(ApiRequest::get(format!(
        "/api/v1/namespaces/{namespace}/pods/{pod}"
    )));
    let pod_obj: Value = serde_json::from_str(&resp.body).map_err(|_| Failure::Refused)?;
    if !resp.is_success()
        || pod_obj.pointer("/status/phase").and_then(Value::as_str) != Some("Running")
    {
        return Err(Failure::Refused);
    }
    let containers = pod_obj
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for c in &containers {
        let Some(image) = image_of(c) else {
            continue;
        };
        let own = c.get("command").is_none();
        let args: Vec<String> = c
            .get("args")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let Listening::Ports(ports) = listening(image, &args, own, true) else {
            continue;
        };
        if let Some(l) = ports.iter().find(|l| l.port == i64::from(port)) {
            if l.protocol != "http" {
                // Not HTTP: the server closes on the request.
                return Err(Failure::Empty);
            }
            let date = cluster.now().http_date();
            return Ok(serve(image, pod, &pod_obj, &date, req));
        }
    }
    Err(Failure::Refused)
}

fn image_of(container: &Value) -> Option<&'static Image> {
    let name = container.get("image").and_then(Value::as_str)?;
    match images::lookup(&Reference::parse(name)?) {
        images::Lookup::Found(i) => Some(i),
        _ => None,
    }
}

const IMAGE_FILES_DATE: &str = "Tue, 26 Nov 2024 16:55:21 GMT";
const IMAGE_FILES_MTIME: i64 = 1_732_640_121;

/// nginx's (and httpd's) static pages, or what an app answers on any path.
fn serve(image: &Image, pod: &str, pod_obj: &Value, date: &str, req: &Request) -> Response {
    let nginx = image.env.get("NGINX_VERSION").map(|v| format!("nginx/{v}"));
    let path = req.path.split('?').next().unwrap_or("/");
    let docroot = match image.name.as_str() {
        "httpd" => Some("/usr/local/apache2/htdocs"),
        _ if nginx.is_some() => Some("/usr/share/nginx/html"),
        _ => None,
    };
    let mut static_file = false;
    let (status, reason, body, ctype) = match docroot {
        Some(root) => {
            let file = if path.ends_with('/') {
                format!("{root}{path}index.html")
            } else {
                format!("{root}{path}")
            };
            match image.files.get(&file) {
                Some(text) => {
                    static_file = true;
                    (200, "OK", text.clone(), "text/html")
                }
                None => (
                    404,
                    "Not Found",
                    not_found(nginx.as_deref(), path),
                    "text/html",
                ),
            }
        }
        None => (
            200,
            "OK",
            app_body(image, pod, pod_obj, req),
            "text/plain; charset=utf-8",
        ),
    };
    let mut headers = Vec::new();
    if let Some(server) = &nginx {
        headers.push(("Server".to_string(), server.clone()));
    }
    headers.push(("Date".into(), date.to_string()));
    headers.push(("Content-Type".into(), ctype.into()));
    headers.push(("Content-Length".into(), body.len().to_string()));
    if static_file {
        // The image's files date from its build (nginx 1.27.3's, here for every image).
        headers.push(("Last-Modified".into(), IMAGE_FILES_DATE.into()));
    }
    headers.push(("Connection".into(), "keep-alive".into()));
    if static_file {
        headers.push((
            "ETag".into(),
            format!("\"{IMAGE_FILES_MTIME:x}-{:x}\"", body.len()),
        ));
        headers.push(("Accept-Ranges".into(), "bytes".into()));
    }
    Response {
        http2: false,
        status,
        reason: reason.into(),
        headers,
        body: if req.method == "HEAD" {
            String::new()
        } else {
            body
        },
    }
}

fn not_found(server: Option<&str>, path: &str) -> String {
    match server {
        Some(s) => format!(
            "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>{s}</center>\r\n</body>\r\n</html>\r\n"
        ),
        None => format!(
            "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL {path} was not found on this server.</p>\n</body></html>\n"
        ),
    }
}

/// What the catalog's apps answer, from what it says they serve.
fn app_body(image: &Image, pod: &str, pod_obj: &Value, req: &Request) -> String {
    let what = image
        .serves
        .first()
        .map(|s| s.what.as_str())
        .unwrap_or_default();
    let ip = pod_obj
        .pointer("/status/podIP")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if what.starts_with("Hello, world!") {
        return format!("Hello, world!\nVersion: 1.0.0\nHostname: {pod}\n");
    }
    if what.starts_with("Hello Kubernetes bootcamp!") {
        return format!("Hello Kubernetes bootcamp! | Running on: {pod} | v=1\n");
    }
    if what.starts_with("OK!") {
        return "OK!".into();
    }
    if what.starts_with("the text of its -text argument") {
        let text = pod_obj
            .pointer("/spec/containers/0/args")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .find_map(|a| a.strip_prefix("-text=").or(a.strip_prefix("--text=")))
            .unwrap_or("");
        return format!("{text}\n");
    }
    if what.contains("echoed back") || what.contains("the request it got") {
        let mut lines = vec![format!("Hostname: {pod}"), format!("IP: {ip}")];
        lines.push(format!("{} {} HTTP/1.1", req.method, req.path));
        lines.extend(req.headers.iter().map(|(k, v)| format!("{k}: {v}")));
        return lines.join("\n") + "\n";
    }
    String::new()
}

/// Whether the pod is Ready (an endpoint kube-proxy sends to).
pub fn is_ready(pod: &Value) -> bool {
    pod.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| c["type"] == "Ready" && c["status"] == "True")
        })
}

/// The container port a service port leads to in this pod (a named targetPort looked up in
/// its containers).
pub fn target_port(svc_port: &Value, pod: &Value) -> Option<u16> {
    let number = |v: &Value| v.as_i64().and_then(|n| u16::try_from(n).ok());
    match svc_port.get("targetPort") {
        Some(Value::String(name)) => pod
            .pointer("/spec/containers")
            .and_then(Value::as_array)?
            .iter()
            .filter_map(|c| c.get("ports").and_then(Value::as_array))
            .flatten()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
            .and_then(|p| p.get("containerPort").and_then(number)),
        Some(v) => number(v),
        None => svc_port.get("port").and_then(number),
    }
}
