//! A watch (`GET ...?watch=true`) on a simulated clock. A real watch holds the connection open
//! while time passes; here nothing happens unless the clock moves, so the cluster moves it: from
//! one moment the simulator has work planned to the next (a container exiting, a grace period
//! ending), until what the request selects changes or its `timeoutSeconds` run out. The answer
//! is the stream a real server would have sent by then: one JSON watch event per line. A watch
//! on an empty selection ends at once without moving the clock.

use serde_json::{json, Value};

use crate::Cluster;
use kubeplay_api::{ApiRequest, ApiResponse, Method};

/// The server's default watch timeout (kube-apiserver's `--min-request-timeout`).
const DEFAULT_TIMEOUT_SECS: i64 = 1800;
/// No watch outlasts a week (kubectl's longest wait) ...
const MAX_TIMEOUT_SECS: i64 = 7 * 24 * 3600;
/// ... nor walks through more planned moments than this; then the clock jumps to its end.
const MAX_STEPS: usize = 10_000;

pub fn is_watch(req: &ApiRequest) -> bool {
    req.method == Method::Get && matches!(req.query_param("watch"), Some("true" | "1"))
}

/// The same request as a plain list.
pub fn as_list(req: &ApiRequest) -> ApiRequest {
    let mut list = req.clone();
    list.query
        .retain(|(k, _)| !matches!(k.as_str(), "watch" | "resourceVersion" | "timeoutSeconds"));
    list
}

/// The objects of a list answer.
pub fn items(list: &Value) -> Vec<Value> {
    list.get("items")
        .and_then(|i| i.as_array())
        .cloned()
        .unwrap_or_default()
}

fn name_and_version(obj: &Value) -> (String, String) {
    let md = |k: &str| {
        obj.pointer(&format!("/metadata/{k}"))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    (md("uid"), md("resourceVersion"))
}

/// The watch events that turn `before` into `after`.
pub fn events(before: &[Value], after: &[Value]) -> Vec<Value> {
    let find =
        |list: &[Value], uid: &str| list.iter().find(|o| name_and_version(o).0 == uid).cloned();
    let mut out = Vec::new();
    for old in before {
        let (uid, _) = name_and_version(old);
        if find(after, &uid).is_none() {
            out.push(json!({"type": "DELETED", "object": old}));
        }
    }
    for new in after {
        let (uid, rv) = name_and_version(new);
        match find(before, &uid) {
            None => out.push(json!({"type": "ADDED", "object": new})),
            Some(old) if name_and_version(&old).1 != rv => {
                out.push(json!({"type": "MODIFIED", "object": new}))
            }
            Some(_) => {}
        }
    }
    out
}

impl Cluster {
    /// Answer a watch by letting simulated time pass until the selection changes.
    pub(crate) fn watch(&mut self, req: &ApiRequest) -> ApiResponse {
        let list = as_list(req);
        let first = self.api.handle(&list);
        if !first.is_success() {
            return first;
        }
        let parse = |r: &ApiResponse| serde_json::from_str::<Value>(&r.body).unwrap_or_default();
        let before = items(&parse(&first));
        // Nothing selected yet: only a creation could answer, which no timer foresees, so the
        // clock stays put and the (empty) stream ends at once. A client re-watches; and one that
        // has what it waited for (kubectl's informer after the DELETED event) stops.
        if before.is_empty() {
            return ApiResponse::ok(String::new());
        }
        let timeout = req
            .query_param("timeoutSeconds")
            .and_then(|t| t.parse::<i64>().ok())
            .unwrap_or(DEFAULT_TIMEOUT_SECS)
            .clamp(0, MAX_TIMEOUT_SECS);
        let deadline = self.now().plus(timeout);
        for step in 0..=MAX_STEPS {
            let now = self.now();
            if now >= deadline {
                break;
            }
            let next = match self.sim.next_wake() {
                Some(t) if t > now && t < deadline && step < MAX_STEPS => t,
                _ => deadline,
            };
            self.advance(next.since(now));
            let after = self.api.handle(&list);
            let changes = events(&before, &items(&parse(&after)));
            if !changes.is_empty() {
                let lines: Vec<String> = changes.iter().map(|e| e.to_string()).collect();
                return ApiResponse::ok(lines.join("\n") + "\n");
            }
        }
        ApiResponse::ok(String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use kubeplay_api::Transport;

    const PODS: &str = "/api/v1/namespaces/default/pods";

    fn call(c: &mut Cluster, req: ApiRequest) -> Value {
        serde_json::from_str(&c.call(req).body).unwrap_or_default()
    }

    fn watch_web() -> ApiRequest {
        ApiRequest::get(PODS)
            .with_query("fieldSelector", "metadata.name=web")
            .with_query("timeoutSeconds", "600")
            .with_query("watch", "true")
    }

    #[test]
    fn a_watch_moves_the_clock_to_the_change() {
        let mut c = fixture::minikube();
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
            "spec": {"containers": [{"name": "web", "image": "busybox", "command": ["sleep", "3600"]}]}});
        let post = ApiRequest::new(Method::Post, PODS).with_body(pod.to_string());
        call(&mut c, post);
        c.advance(20);
        let del = ApiRequest::new(Method::Delete, format!("{PODS}/web"))
            .with_body(json!({"gracePeriodSeconds": 7}).to_string());
        let marked = call(&mut c, del);
        assert_eq!(marked["metadata"]["deletionGracePeriodSeconds"], 7);
        let start = c.now();
        let body = c.call(watch_web()).body;
        // `sleep` ignores SIGTERM: the pod goes when its grace period ends, not before.
        assert_eq!(c.now().since(start), 7);
        let ev: Value = serde_json::from_str(body.trim()).unwrap_or_default();
        assert_eq!(ev["type"], "DELETED");
        // Nothing left to watch: the clock stays.
        let now = c.now();
        assert_eq!(c.call(watch_web()).body, "");
        assert_eq!(c.now(), now);
    }

    fn obj(uid: &str, rv: &str) -> Value {
        json!({"metadata": {"uid": uid, "resourceVersion": rv}})
    }

    #[test]
    fn events_name_what_changed() {
        let before = [obj("a", "1"), obj("b", "2")];
        let after = [obj("b", "3"), obj("c", "4")];
        let types: Vec<Value> = events(&before, &after)
            .iter()
            .map(|e| e["type"].clone())
            .collect();
        assert_eq!(types, [json!("DELETED"), json!("MODIFIED"), json!("ADDED")]);
        assert!(events(&after, &after).is_empty());
    }
}
