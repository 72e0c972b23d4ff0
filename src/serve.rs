//! `kubeplay serve`: the cluster's `ApiRequest` boundary over real HTTP on 127.0.0.1, so a real
//! kubectl, client-go or the Python client can talk to the emulator. Native builds only.

mod protobuf;

use crate::api::{ApiRequest, Method, Transport};
use crate::cluster::Cluster;

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
    let server = tiny_http::Server::http(addr).map_err(|e| e.to_string())?;
    for mut req in server.incoming_requests() {
        // A pod's log is plain text, as the kubelet streams it; everything else is JSON.
        let mut content_type = &b"application/json"[..];
        let resp = match to_api_request(&mut req) {
            Some(api_req) => {
                let log = crate::cluster::logs::log_target(&api_req).is_some();
                let resp = cluster.call(api_req);
                if log && resp.is_success() {
                    content_type = b"text/plain";
                }
                resp
            }
            None => crate::api::ApiResponse {
                code: 405,
                body: crate::api::Status::method_not_allowed("method not allowed")
                    .to_json()
                    .to_string(),
            },
        };
        let ct = tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type);
        let mut out = tiny_http::Response::from_string(resp.body).with_status_code(resp.code);
        if let Ok(h) = ct {
            out = out.with_header(h);
        }
        let _ = req.respond(out);
    }
    Ok(())
}
