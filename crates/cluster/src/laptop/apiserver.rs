//! The API server answering `curl` from the learner's machine: without credentials a request is
//! `system:anonymous`, which may read only what the `system:public-info-viewer` role grants
//! (`/version`, `/healthz`, `/livez`, `/readyz`); anything else is the authorizer's 403 Status.
//! On k3s anonymous requests are refused outright (401). A bearer token goes to the API server,
//! which authenticates and authorizes it as it does kubectl's.

use serde_json::{json, Value};

use crate::Cluster;
use kubeplay_api::{ApiRequest, Transport};
use kubeplay_core::http::{Failure, Request, Response};

const PUBLIC: &[&str] = &["/version", "/healthz", "/livez", "/readyz"];

pub fn answer(cluster: &mut Cluster, req: &Request) -> Result<Response, Failure> {
    if req.scheme != "https" {
        // Go's TLS server answers plain HTTP with a 400 and this line.
        return Ok(response(
            cluster,
            400,
            "Bad Request",
            "text/plain; charset=utf-8",
            "Client sent an HTTP request to an HTTPS server.\n".into(),
        ));
    }
    let path = req.path.split('?').next().unwrap_or("/").to_string();
    let bare = path.trim_end_matches('/');
    let bearer = req
        .headers
        .iter()
        .find(|(k, v)| k.eq_ignore_ascii_case("authorization") && v.starts_with("Bearer "))
        .map(|(_, v)| v.clone());
    let authorized = bearer.is_some();
    if !authorized && cluster.profile.name == "k3s" {
        // k3s starts its API server with --anonymous-auth=false: no anonymous user at all.
        let status = json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "Unauthorized", "reason": "Unauthorized", "code": 401
        });
        return Ok(response(
            cluster,
            401,
            "Unauthorized",
            "application/json",
            pretty(&status),
        ));
    }
    if matches!(bare, "/healthz" | "/livez" | "/readyz") {
        return Ok(response(
            cluster,
            200,
            "OK",
            "text/plain; charset=utf-8",
            "ok".into(),
        ));
    }
    if !authorized && !PUBLIC.contains(&bare) {
        let status = json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": forbidden_message(&req.method, &path),
            "reason": "Forbidden", "details": {}, "code": 403
        });
        return Ok(response(
            cluster,
            403,
            "Forbidden",
            "application/json",
            pretty(&status),
        ));
    }
    let mut get = ApiRequest::get(req.path.clone());
    if let Some(b) = bearer {
        get = get.with_header("Authorization", b);
    }
    let api = cluster.call(get);
    let body = serde_json::from_str::<Value>(&api.body)
        .map(|v| pretty(&v))
        .unwrap_or(api.body);
    let reason = match api.code {
        200 => "OK",
        404 => "Not Found",
        403 => "Forbidden",
        401 => "Unauthorized",
        _ => "",
    };
    Ok(response(
        cluster,
        api.code,
        reason,
        "application/json",
        body,
    ))
}

/// kube-apiserver writes JSON for curl indented by two spaces, with a newline.
fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// The RBAC authorizer's reason for `system:anonymous`: a path, or a resource request.
fn forbidden_message(method: &str, path: &str) -> String {
    let user = "User \"system:anonymous\"";
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group, rest) = match parts.as_slice() {
        ["api", "v1", rest @ ..] => ("", rest),
        ["apis", group, _version, rest @ ..] => (*group, rest),
        _ => return format!("forbidden: {user} cannot get path \"{path}\""),
    };
    let verb_of = |named: bool| match (method, named) {
        ("POST", _) => "create",
        ("DELETE", _) => "delete",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        (_, true) => "get",
        (_, false) => "list",
    };
    match rest {
        [] => format!("forbidden: {user} cannot get path \"{path}\""),
        ["namespaces", ns, resource, name @ ..] => format!(
            "{resource} is forbidden: {user} cannot {} resource \"{resource}\" in API group \"{group}\" in the namespace \"{ns}\"",
            verb_of(!name.is_empty())
        ),
        [resource, name @ ..] => format!(
            "{resource} is forbidden: {user} cannot {} resource \"{resource}\" in API group \"{group}\" at the cluster scope",
            verb_of(!name.is_empty())
        ),
    }
}

fn response(cluster: &Cluster, status: u16, reason: &str, ctype: &str, body: String) -> Response {
    let date = cluster.now().http_date();
    Response {
        // Go's server speaks HTTP/2 over TLS; a plain request gets its HTTP/1.1 400.
        http2: status != 400,
        status,
        reason: reason.into(),
        headers: vec![
            ("Audit-Id".into(), audit_id(cluster.now().0, body.len())),
            ("Cache-Control".into(), "no-cache, private".into()),
            ("Content-Type".into(), ctype.into()),
            ("X-Content-Type-Options".into(), "nosniff".into()),
            ("Date".into(), date),
            ("Content-Length".into(), body.len().to_string()),
        ],
        body,
    }
}

/// A request's audit id, a UUID: fixed by the moment and the answer so a replay matches.
fn audit_id(t: i64, n: usize) -> String {
    let h = (t as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (n as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    let g = h.rotate_left(29).wrapping_mul(0x1656_67B1_9E37_79F9);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        h >> 32,
        (h >> 16) & 0xffff,
        h & 0xfff,
        0x8000 | (g >> 48) & 0x3fff,
        g & 0xffff_ffff_ffff
    )
}
