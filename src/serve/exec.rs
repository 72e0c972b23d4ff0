//! `kubectl exec`, `cp` and `attach` over real HTTP: kubectl v1.32 asks for a WebSocket
//! (`v5.channel.k8s.io`), then, if refused, for SPDY. A command without a terminal is served on
//! the WebSocket: its standard input read to the end (channel 0, closed by the v5 close signal),
//! the command run on the cluster in one go, then its stdout and stderr (channels 1 and 2) and
//! the kubelet's status (channel 3: success, or the NonZeroExitCode status kubectl turns into
//! "command terminated with exit code N"). A terminal session (`-it`) and SPDY are refused with
//! one status, which kubectl prints as "unable to upgrade connection".

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Mutex, OnceLock};

use serde_json::{json, Value};

use super::actor::ClusterHandle;
use super::websocket::{accept_key, read_frame, write_frame};
use crate::api::{ApiRequest, ApiResponse, Method, Status, Transport};

const PROTOCOLS: [&str; 2] = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
/// The most standard input taken (kubectl cp of a large tree is refused past it).
const MAX_STDIN: usize = 64 << 20;

/// Whether the request asks to switch protocols (its body is then the whole connection).
pub fn is_upgrade(req: &tiny_http::Request) -> bool {
    !super::header(req, "Upgrade").is_empty()
}

fn is_exec(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(
        parts.as_slice(),
        ["api", "v1", "namespaces", _, "pods", _, "exec" | "attach"]
    )
}

fn on(req: &ApiRequest, k: &str) -> bool {
    matches!(req.query_param(k), Some("true" | "1"))
}

/// The kubelet's own refusal (a container not running) is plain text, which kubectl prints
/// after "unable to upgrade connection: "; the cluster gives it as `{"upgrade": MESSAGE}`.
fn kubelet_text(resp: ApiResponse) -> ApiResponse {
    let v: Value = serde_json::from_str(&resp.body).unwrap_or_default();
    match v.get("upgrade").and_then(Value::as_str) {
        Some(m) => ApiResponse {
            code: resp.code,
            body: m.to_string(),
        },
        None => resp,
    }
}

/// The refusals of WebSocket requests, by URL, for the SPDY request kubectl retries with next:
/// it prints what that one is answered, so it gets the same refusal.
fn refusals() -> &'static Mutex<HashMap<String, ApiResponse>> {
    static R: OnceLock<Mutex<HashMap<String, ApiResponse>>> = OnceLock::new();
    R.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Remember a refusal (a few at most: each is taken by the retry that follows it).
fn remember(url: &str, resp: &ApiResponse) {
    if let Ok(mut r) = refusals().lock() {
        if r.len() > 64 {
            r.clear();
        }
        r.insert(url.to_string(), resp.clone());
    }
}

fn remembered(url: &str) -> Option<ApiResponse> {
    refusals().lock().ok()?.remove(url)
}

fn refuse(req: tiny_http::Request, message: &str) {
    if let Some(resp) = remembered(req.url()) {
        return super::respond(req, resp, false);
    }
    let status = Status::bad_request(message);
    let resp = ApiResponse {
        code: status.code,
        body: status.to_json().to_string(),
    };
    super::respond(req, resp, false);
}

/// The kubelet's status after the command: success, or its exit code.
fn exit_status(code: i64, argv: &[String]) -> Value {
    if code == 0 {
        return json!({"metadata": {}, "status": "Success"});
    }
    json!({"metadata": {}, "status": "Failure",
        "message": format!("command terminated with non-zero exit code: error executing command [{}], exit code {code}", argv.join(" ")),
        "reason": "NonZeroExitCode",
        "details": {"causes": [{"reason": "ExitCode", "message": code.to_string()}]}})
}

/// The client's standard input, up to the v5 close signal for it (or the end of the stream).
fn read_stdin<S: Read + Write + ?Sized>(ws: &mut S) -> Vec<u8> {
    let mut data = Vec::new();
    while let Some((opcode, payload)) = read_frame(ws) {
        match (opcode, payload.split_first()) {
            (8, _) => break,
            (_, Some((0, rest))) => data.extend_from_slice(rest),
            (_, Some((255, [0]))) => break,
            _ => {}
        }
        if data.len() > MAX_STDIN {
            break;
        }
    }
    data
}

/// Send what the command printed and how it ended, then close.
fn send_result<S: Write + ?Sized>(ws: &mut S, resp: &ApiResponse, argv: &[String]) {
    let v: Value = serde_json::from_str(&resp.body).unwrap_or_default();
    let status = if resp.is_success() {
        for chunk in v["output"].as_array().into_iter().flatten() {
            let channel = if chunk[0] == "stdout" { 1u8 } else { 2 };
            let mut frame = vec![channel];
            frame.extend_from_slice(chunk[1].as_str().unwrap_or_default().as_bytes());
            if write_frame(ws, 2, &frame).is_err() {
                return;
            }
        }
        exit_status(v["code"].as_i64().unwrap_or(0), argv)
    } else {
        v
    };
    let mut frame = vec![3u8];
    frame.extend_from_slice(status.to_string().as_bytes());
    let _ = write_frame(ws, 2, &frame);
    let _ = write_frame(ws, 8, &1000u16.to_be_bytes());
}

/// Answer an upgrade request.
pub fn upgrade(req: tiny_http::Request, cluster: &ClusterHandle) {
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let mut api_req = ApiRequest::new(Method::Post, path);
    api_req.query = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let offered = super::header(&req, "Sec-WebSocket-Protocol");
    let protocol = PROTOCOLS
        .into_iter()
        .find(|p| offered.split(',').any(|o| o.trim() == *p));
    let websocket = super::header(&req, "Upgrade").eq_ignore_ascii_case("websocket");
    let (true, true, Some(protocol)) = (websocket && is_exec(path), !on(&api_req, "tty"), protocol)
    else {
        return refuse(
            req,
            "kubeplay serve streams exec and attach without a terminal, over WebSocket only",
        );
    };
    let argv: Vec<String> = api_req
        .query
        .iter()
        .filter(|(k, _)| k == "command")
        .map(|(_, v)| v.clone())
        .collect();
    let stdin = on(&api_req, "stdin");
    // Without input the command runs first, so a pod or container that cannot run it is an
    // HTTP error as the apiserver's; with input it runs once the input is read.
    let early = if stdin {
        None
    } else {
        let r = api_req.clone();
        let Some(resp) = cluster.with(move |c| c.call(r)) else {
            return;
        };
        if !resp.is_success() {
            let resp = kubelet_text(resp);
            remember(&url, &resp);
            return super::respond(req, resp, false);
        }
        Some(resp)
    };
    let key = accept_key(&super::header(&req, "Sec-WebSocket-Key"));
    let mut switching = tiny_http::Response::empty(101);
    for (k, v) in [
        ("Sec-WebSocket-Accept", key.as_str()),
        ("Sec-WebSocket-Protocol", protocol),
    ] {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            switching.add_header(h);
        }
    }
    let mut ws = req.upgrade("websocket", switching);
    // client-go makes its streams once the connection is upgraded, and drops what comes on a
    // stream it has not made yet ("Unknown stream id"): a process starting takes longer.
    std::thread::sleep(std::time::Duration::from_millis(100));
    let resp = match early {
        Some(r) => r,
        None => {
            api_req.body = Some(String::from_utf8_lossy(&read_stdin(&mut *ws)).into_owned());
            let Some(resp) = cluster.with(move |c| c.call(api_req)) else {
                return;
            };
            resp
        }
    };
    send_result(&mut *ws, &resp, &argv);
}
