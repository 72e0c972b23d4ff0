//! `kubeplay serve`: the cluster's `ApiRequest` boundary over real HTTP on 127.0.0.1, so a real
//! kubectl, client-go or the Python client can talk to the emulator. Native builds only.

pub mod actor;
mod exec;
mod openapi_proto;
mod protobuf;
mod watch;
mod websocket;

use crate::api::{ApiRequest, ApiResponse, Method, Transport};
use crate::cluster::Cluster;
use actor::ClusterHandle;

fn header(req: &tiny_http::Request, name: &str) -> String {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_string())
        .unwrap_or_default()
}

/// Turn an HTTP request into the API's plain request.
pub fn to_api_request(req: &mut tiny_http::Request) -> Option<ApiRequest> {
    let method = Method::parse(req.method().as_str())?;
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let mut raw = Vec::new();
    let _ = req.as_reader().read_to_end(&mut raw);
    let mut content_type = header(req, "Content-Type");
    // A typed client's protobuf (kubectl debug's pods) is read into the JSON the API takes.
    let body = if content_type.contains("protobuf") {
        match protobuf::decode(&raw) {
            Some(v) => {
                content_type = "application/json".into();
                v.to_string()
            }
            None => String::new(),
        }
    } else {
        String::from_utf8(raw).unwrap_or_default()
    };
    let mut accept = header(req, "Accept");
    if accept.is_empty() {
        accept = "application/json".into();
    }
    Some(ApiRequest {
        method,
        path: path.to_string(),
        query: form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        accept,
        content_type,
        body: if body.is_empty() { None } else { Some(body) },
        headers: identity_headers(req),
    })
}

/// The headers that say who asks: a bearer token and impersonation (`--as`, `--as-group`).
fn identity_headers(req: &tiny_http::Request) -> Vec<(String, String)> {
    req.headers()
        .iter()
        .filter(|h| {
            let name = h.field.as_str().as_str().to_ascii_lowercase();
            name == "authorization" || name.starts_with("impersonate-")
        })
        .map(|h| (h.field.as_str().to_string(), h.value.as_str().to_string()))
        .collect()
}

/// Serve until the process is stopped.
pub fn serve(addr: &str, cluster: &mut Cluster) -> Result<(), String> {
    let (handle, queue) = ClusterHandle::new();
    listen(addr, handle)?;
    actor::run(cluster, queue);
    Ok(())
}

/// The HTTP side of a served cluster, accepting until stopped.
pub struct Listener {
    pub port: u16,
    server: std::sync::Arc<tiny_http::Server>,
}

impl Listener {
    /// Stop accepting; the thread lets go of its cluster handle.
    pub fn stop(&self) {
        self.server.unblock();
    }
}

/// Accept requests on `addr` in the background, each on its own thread, answered on the cluster
/// behind `cluster`. `addr` may ask for port 0: the listener tells the port it got.
pub fn listen(addr: &str, cluster: ClusterHandle) -> Result<Listener, String> {
    let server = std::sync::Arc::new(tiny_http::Server::http(addr).map_err(|e| e.to_string())?);
    let port = server.server_addr().to_ip().map_or(0, |a| a.port());
    let accepting = std::sync::Arc::clone(&server);
    std::thread::spawn(move || {
        for req in accepting.incoming_requests() {
            let cluster = cluster.clone();
            std::thread::spawn(move || answer(req, &cluster));
        }
    });
    Ok(Listener { port, server })
}

/// One request: a watch streams, anything else is one call to the cluster.
fn answer(mut req: tiny_http::Request, cluster: &ClusterHandle) {
    if exec::is_upgrade(&req) {
        return exec::upgrade(req, cluster);
    }
    let Some(api_req) = to_api_request(&mut req) else {
        let status = crate::api::Status::method_not_allowed("method not allowed");
        let resp = ApiResponse {
            code: 405,
            body: status.to_json().to_string(),
        };
        return respond(req, resp, false);
    };
    if crate::cluster::watch::is_watch(&api_req) {
        return watch::stream(req, api_req, cluster);
    }
    if api_req.path == "/openapi/v2" && api_req.accept.contains("protobuf") {
        return openapi_v2_protobuf(req, api_req, cluster);
    }
    // A pod's log is plain text, as the kubelet streams it; everything else is JSON.
    let log = crate::cluster::logs::log_target(&api_req).is_some();
    let Some(resp) = cluster.with(move |c| c.call(api_req)) else {
        return;
    };
    let text = log && resp.is_success();
    respond(req, resp, text);
}

/// `/openapi/v2` as the protobuf kubectl asks for.
fn openapi_v2_protobuf(req: tiny_http::Request, mut api_req: ApiRequest, cluster: &ClusterHandle) {
    api_req.accept = "application/json".into();
    let Some(resp) = cluster.with(move |c| c.call(api_req)) else {
        return;
    };
    if !resp.is_success() {
        return respond(req, resp, false);
    }
    let doc: serde_json::Value = serde_json::from_str(&resp.body).unwrap_or_default();
    let mut out = tiny_http::Response::from_data(openapi_proto::encode(&doc));
    let ct = &b"application/com.github.proto-openapi.spec.v2.v1.0+protobuf"[..];
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], ct) {
        out = out.with_header(h);
    }
    let _ = req.respond(out);
}

/// Send a whole answer, as JSON or (a log) plain text.
fn respond(req: tiny_http::Request, resp: ApiResponse, text: bool) {
    let content_type: &[u8] = if text {
        b"text/plain"
    } else {
        b"application/json"
    };
    let mut body = resp.body;
    // Go's JSON encoder ends a document with a newline (`kubectl get --raw` prints it).
    if !text && (body.starts_with('{') || body.starts_with('[')) && !body.ends_with('\n') {
        body.push('\n');
    }
    let mut out = tiny_http::Response::from_string(body).with_status_code(resp.code);
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type) {
        out = out.with_header(h);
    }
    let _ = req.respond(out);
}
