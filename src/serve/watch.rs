//! A watch over real HTTP, streamed as kube-apiserver streams it: the response stays open and
//! each change is a chunk holding one JSON event (`{"type":"ADDED","object":{...}}`) and a
//! newline. A watch without a resourceVersion (or with "0") starts with an ADDED event per
//! object, as the apiserver does; one from a list's version starts from there.
//!
//! Time passes as `Cluster::watch` lets it: while the client waits, the clock moves to the next
//! moment the simulator has planned (a pod starting, a grace period ending), so `kubectl delete`,
//! `rollout status` and `wait` do not wait for real. After each event the stream pauses a
//! moment before moving the clock again, so a client that had what it waited for (and hangs up)
//! leaves the clock where the change happened. With nothing planned it waits in real time for
//! another client's change, until its `timeoutSeconds` (on the simulated clock) run out.

use std::io::Write;
use std::thread::sleep;
use std::time::Duration;

use serde_json::{json, Value};

use super::actor::ClusterHandle;
use crate::api::{ApiRequest, ApiResponse};
use crate::cluster::watch::{as_list, events, items};
use crate::cluster::Cluster;
use kubeplay_core::clock::Time;

/// kube-apiserver's `--min-request-timeout`, the longest a watch without a timeout lasts.
const DEFAULT_TIMEOUT_SECS: i64 = 1800;
/// kubectl waits at most a week.
const MAX_TIMEOUT_SECS: i64 = 7 * 24 * 3600;
/// After sending events, how many pauses (and how long each) before the clock moves again; a
/// heartbeat between pauses finds a client that hung up.
const SETTLE_PAUSES: u32 = 8;
const PAUSE: Duration = Duration::from_millis(25);
/// The longest wait before the clock moves far (20 ms per simulated second up to this).
const MAX_PATIENCE: Duration = Duration::from_millis(1500);
/// With nothing planned, how often the selection is looked at again.
const IDLE: Duration = Duration::from_millis(100);

/// The chunked response: the status line and headers, then one chunk per write.
struct Chunks {
    out: Box<dyn Write + Send>,
}

impl Chunks {
    fn start(mut out: Box<dyn Write + Send>) -> std::io::Result<Chunks> {
        out.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-cache, private\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        )?;
        out.flush()?;
        Ok(Chunks { out })
    }

    fn send(&mut self, data: &[u8]) -> std::io::Result<()> {
        write!(self.out, "{:x}\r\n", data.len())?;
        self.out.write_all(data)?;
        self.out.write_all(b"\r\n")?;
        self.out.flush()
    }

    /// A newline between events (JSON decoders skip it): fails once the client has gone.
    fn heartbeat(&mut self) -> std::io::Result<()> {
        self.send(b"\n")
    }

    /// Whether the client is still there: the first write to a closed connection draws its
    /// reset, the second fails.
    fn alive(&mut self) -> bool {
        if self.heartbeat().is_err() {
            return false;
        }
        sleep(Duration::from_millis(1));
        self.heartbeat().is_ok()
    }

    fn end(mut self) {
        let _ = self.out.write_all(b"0\r\n\r\n");
        let _ = self.out.flush();
    }
}

/// What the request selects, one entry per object: the object itself (with its kind and
/// apiVersion, which list items may leave out), or for a Table its row under `row` beside the
/// row's metadata.
fn entries(list: &Value, table: bool) -> Vec<Value> {
    if table {
        let rows = list.get("rows").and_then(Value::as_array);
        return rows
            .into_iter()
            .flatten()
            .map(|r| json!({"metadata": r.pointer("/object/metadata").cloned().unwrap_or_default(), "row": r}))
            .collect();
    }
    let kind = list
        .get("kind")
        .and_then(Value::as_str)
        .and_then(|k| k.strip_suffix("List"))
        .unwrap_or_default();
    let api_version = list.get("apiVersion").cloned().unwrap_or_default();
    let mut out = items(list);
    for o in &mut out {
        if let Some(m) = o.as_object_mut() {
            m.entry("kind").or_insert_with(|| json!(kind));
            m.entry("apiVersion").or_insert_with(|| api_version.clone());
        }
    }
    out
}

/// One look at the selection from the cluster's thread.
struct Step {
    entries: Vec<Value>,
    /// The Table's columns (Table watches only).
    columns: Value,
    now: Time,
    /// The clock moved to a planned moment.
    moved: bool,
}

fn look(
    c: &mut Cluster,
    list: &ApiRequest,
    table: bool,
) -> Result<(Vec<Value>, Value), ApiResponse> {
    let resp = c.api.handle(list);
    if !resp.is_success() {
        return Err(resp);
    }
    let v: Value = serde_json::from_str(&resp.body).unwrap_or_default();
    let columns = v.get("columnDefinitions").cloned().unwrap_or_default();
    Ok((entries(&v, table), columns))
}

/// The selection now; if it is as `before` and `jump`, the clock moves to the next planned
/// moment before `deadline` first.
fn step(
    c: &mut Cluster,
    list: &ApiRequest,
    table: bool,
    before: Option<&[Value]>,
    deadline: Time,
) -> Result<Step, ApiResponse> {
    c.tick();
    let (mut entries, mut columns) = look(c, list, table)?;
    let mut moved = false;
    let unchanged = before.is_some_and(|b| events(b, &entries).is_empty());
    let now = c.now();
    if unchanged {
        if let Some(t) = c.sim.next_wake().filter(|t| *t > now && *t < deadline) {
            c.advance(t.since(now));
            moved = true;
            (entries, columns) = look(c, list, table)?;
        }
    }
    Ok(Step {
        entries,
        columns,
        now: c.now(),
        moved,
    })
}

fn resource_version(obj: &Value) -> u64 {
    obj.pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The event as sent: for a Table, a Table of the one row.
fn wire(mut event: Value, table: bool, columns: &Value) -> Value {
    if table {
        let row = event.pointer("/object/row").cloned().unwrap_or_default();
        event["object"] = json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {},
            "columnDefinitions": columns, "rows": [row]});
    }
    event
}

/// The events that start the stream: every object, or those newer than the version asked for.
fn initial(req: &ApiRequest, entries: &[Value]) -> Vec<Value> {
    match req.query_param("resourceVersion").unwrap_or("") {
        "" | "0" => entries
            .iter()
            .map(|o| json!({"type": "ADDED", "object": o}))
            .collect(),
        rv => {
            let since = rv.parse::<u64>().unwrap_or(0);
            entries
                .iter()
                .filter(|o| resource_version(o) > since)
                .map(|o| json!({"type": "MODIFIED", "object": o}))
                .collect()
        }
    }
}

/// The request as the plain list each look takes.
fn list_request(req: &ApiRequest) -> ApiRequest {
    let mut list = as_list(req);
    list.query.retain(|(k, _)| {
        !matches!(
            k.as_str(),
            "allowWatchBookmarks" | "resourceVersionMatch" | "sendInitialEvents"
        )
    });
    list
}

/// Answer `req`, a watch, on `http` until it times out or the client hangs up.
pub fn stream(http: tiny_http::Request, req: ApiRequest, cluster: &ClusterHandle) {
    let list = list_request(&req);
    let table = req.wants_table();
    let timeout = req
        .query_param("timeoutSeconds")
        .and_then(|t| t.parse::<i64>().ok())
        .unwrap_or(DEFAULT_TIMEOUT_SECS)
        .clamp(0, MAX_TIMEOUT_SECS);
    let first = {
        let list = list.clone();
        cluster.with(move |c| {
            let deadline = c.now().plus(timeout);
            step(c, &list, table, None, deadline).map(|s| (s, deadline))
        })
    };
    let (first, deadline) = match first {
        Some(Ok(f)) => f,
        Some(Err(resp)) => return super::respond(http, resp, false),
        None => return,
    };
    let Ok(mut out) = Chunks::start(http.into_writer()) else {
        return;
    };
    let mut before = first.entries;
    let mut columns = first.columns;
    let mut pending = initial(&req, &before);
    let mut now = first.now;
    loop {
        if !pending.is_empty() {
            for e in pending.drain(..) {
                let line = wire(e, table, &columns).to_string() + "\n";
                if out.send(line.as_bytes()).is_err() {
                    return;
                }
            }
            for _ in 0..SETTLE_PAUSES {
                sleep(PAUSE);
                if out.heartbeat().is_err() {
                    return;
                }
            }
        }
        if now >= deadline {
            break;
        }
        // A client that hung up must not leave a watch walking the clock on its own: the
        // farther the clock would move, the longer the stream makes sure the client is there.
        let wake = cluster.with(|c| c.sim.next_wake()).flatten();
        let ahead = wake
            .filter(|t| *t < deadline)
            .map_or(0, |t| t.since(now).max(0));
        let patience = Duration::from_millis(u64::try_from(ahead).unwrap_or(0).saturating_mul(20))
            .min(MAX_PATIENCE);
        for _ in 0..patience.as_millis() / PAUSE.as_millis() {
            sleep(PAUSE);
            if out.heartbeat().is_err() {
                return;
            }
        }
        if !out.alive() {
            return;
        }
        let (list, prev) = (list.clone(), before.clone());
        let Some(Ok(s)) = cluster.with(move |c| step(c, &list, table, Some(&prev), deadline))
        else {
            break;
        };
        let mut changes = events(&before, &s.entries);
        // A deleted object's row is the one last seen: keep the columns it was drawn with.
        if !s.columns.is_null() {
            columns = s.columns;
        }
        pending.append(&mut changes);
        before = s.entries;
        now = s.now;
        if pending.is_empty() && !s.moved {
            sleep(IDLE);
            if out.heartbeat().is_err() {
                return;
            }
        }
    }
    out.end();
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpStream;

    use serde_json::json;

    use super::super::{actor, listen};
    use crate::api::{ApiRequest, Method, Transport};

    /// A served minikube on its own thread, and its port.
    fn served() -> (actor::ClusterHandle, u16) {
        let (handle, queue) = actor::ClusterHandle::new();
        let _ = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || actor::run(&mut crate::cluster::fixture::minikube(), queue));
        let listener = listen("127.0.0.1:0", handle.clone()).unwrap();
        (handle, listener.port)
    }

    #[test]
    fn a_watch_streams_each_change_while_the_clock_moves() {
        let (cluster, port) = served();
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
            "spec": {"containers": [{"name": "web", "image": "busybox", "command": ["sleep", "3600"]}]}});
        let post = ApiRequest::new(Method::Post, "/api/v1/namespaces/default/pods")
            .with_body(pod.to_string());
        assert!(cluster.with(move |c| c.call(post)).unwrap().is_success());
        let mut conn = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let path = "/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dweb&timeoutSeconds=600";
        write!(conn, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut lines = BufReader::new(conn).lines().map_while(Result::ok);
        assert_eq!(lines.next().as_deref(), Some("HTTP/1.1 200 OK"));
        // Chunk sizes, blank lines and heartbeats aside, each line is one event.
        let events: Vec<serde_json::Value> = lines
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
            .filter(|v| v.get("type").is_some())
            .take(3)
            .collect();
        assert_eq!(events[0]["type"], "ADDED");
        assert_eq!(events[0]["object"]["kind"], "Pod");
        assert_eq!(events[1]["type"], "MODIFIED");
        assert_eq!(events[2]["type"], "MODIFIED");
    }
}
