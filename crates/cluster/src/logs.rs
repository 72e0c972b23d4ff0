//! The pod log subresource, `GET /api/v1/namespaces/NS/pods/NAME/log`. A real API server asks the
//! pod's kubelet; here the simulator is that kubelet, so the cluster, which holds both the server
//! and the simulator, answers: the pod from the store, the run its status names, the lines the
//! simulator says that run printed, then the query's cuts (since, tail, limit) and timestamps.

mod query;
mod source;

use kubeplay_api::store::Key;
use kubeplay_api::{ApiRequest, ApiResponse, Method, Status};
use serde_json::Value;

pub use query::{format_time_ms, parse_time_ms, LogQuery};

use crate::Cluster;

/// The namespace and pod a log request is for.
pub fn log_target(req: &ApiRequest) -> Option<(String, String)> {
    if req.method != Method::Get {
        return None;
    }
    let rest = req.path.strip_prefix("/api/v1/namespaces/")?;
    let mut parts = rest.split('/');
    match (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) {
        (Some(ns), Some("pods"), Some(name), Some("log"), None) if !ns.is_empty() => {
            Some((ns.to_string(), name.to_string()))
        }
        _ => None,
    }
}

fn refuse(s: Status) -> ApiResponse {
    ApiResponse {
        code: s.code,
        body: s.to_json().to_string(),
    }
}

impl Cluster {
    /// The answer to a pod log request, if `req` is one, read as things stand: the clock does
    /// not move and nothing runs (what read-only checks need; `call` lets time catch up first).
    pub fn read_pod_log(&mut self, req: &ApiRequest) -> Option<ApiResponse> {
        let (ns, name) = log_target(req)?;
        Some(self.pod_log(req, &ns, &name))
    }

    /// The log of one container of pod `ns/name`, as plain text.
    pub(crate) fn pod_log(&mut self, req: &ApiRequest, ns: &str, name: &str) -> ApiResponse {
        let get = ApiRequest::get(format!("/api/v1/namespaces/{ns}/pods/{name}"));
        let found = self.api.handle(&get);
        if !found.is_success() {
            return found;
        }
        let pod: Value = serde_json::from_str(&found.body).unwrap_or_default();
        match self.read_log(req, &pod, ns, name) {
            Ok(Some(text)) => ApiResponse::ok(text),
            // Not on a node yet: no kubelet to ask, and the server answers 204 No Content.
            Ok(None) => ApiResponse {
                code: 204,
                body: String::new(),
            },
            Err(s) => refuse(s),
        }
    }

    fn read_log(
        &self,
        req: &ApiRequest,
        pod: &Value,
        ns: &str,
        name: &str,
    ) -> Result<Option<String>, Status> {
        let q = LogQuery::parse(req, name)?;
        let container = source::container(pod, name, &q.container)?;
        if pod
            .pointer("/spec/nodeName")
            .and_then(|n| n.as_str())
            .unwrap_or("")
            .is_empty()
        {
            return Ok(None);
        }
        let cname = container.get("name").and_then(|n| n.as_str()).unwrap_or("");
        let started = source::run_start(pod, name, cname, q.previous)?;
        let now = self.now();
        let key = Key::new("/pods", ns, name);
        let lines = self.sim.run_log(&key, container, started, now);
        Ok(Some(render(&q, &lines, now)))
    }
}

/// The lines as the kubelet writes them: the last `tailLines`, those from `since` on, each with
/// its timestamp if asked, the whole cut at `limitBytes`.
fn render(q: &LogQuery, lines: &[kubeplay_sim::Logged], now: kubeplay_core::clock::Time) -> String {
    let tail = q.tail_lines.map_or(lines.len(), |t| {
        usize::try_from(t).unwrap_or(0).min(lines.len())
    });
    let since = q.since_ms(now);
    let mut out = String::new();
    for l in &lines[lines.len() - tail..] {
        if since.is_some_and(|s| l.at_ms < s) {
            continue;
        }
        if q.timestamps {
            out.push_str(&format_time_ms(l.at_ms));
            out.push(' ');
        }
        out.push_str(&l.text);
        out.push('\n');
    }
    if let Some(limit) = q.limit_bytes {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        if out.len() > limit {
            let mut cut = limit;
            // Bytes, as the kubelet cuts them; a split character would not be valid text here.
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use kubeplay_api::Transport;
    use serde_json::json;

    const PODS: &str = "/api/v1/namespaces/default/pods";

    fn log(c: &mut Cluster, q: &[(&str, &str)]) -> ApiResponse {
        let req = q
            .iter()
            .fold(ApiRequest::get(format!("{PODS}/web/log")), |r, (k, v)| {
                r.with_query(k, *v)
            });
        c.call(req)
    }

    #[test]
    fn a_container_s_startup_lines_show_from_its_first_second() {
        let mut c = fixture::minikube();
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
            "spec": {"containers": [{"name": "web", "image": "nginx"}]}});
        c.call(ApiRequest::new(Method::Post, PODS).with_body(pod.to_string()));
        let waiting = log(&mut c, &[]);
        assert_eq!(waiting.code, 400);
        assert!(waiting
            .body
            .contains("is waiting to start: ContainerCreating"));
        let mut seconds = 0;
        while log(&mut c, &[]).code != 200 && seconds < 60 {
            c.advance(1);
            seconds += 1;
        }
        let body = log(&mut c, &[]).body;
        assert_eq!(body.lines().count(), 12, "{body}");
        assert!(body.starts_with("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty"));
        let last = log(&mut c, &[("tailLines", "1"), ("timestamps", "true")]).body;
        assert!(
            last.ends_with(".012Z ") || last.contains(".012Z "),
            "{last}"
        );
        let previous = log(&mut c, &[("previous", "true")]);
        assert!(previous
            .body
            .contains("previous terminated container \\\"web\\\" in pod \\\"web\\\" not found"));
        assert_eq!(log(&mut c, &[("container", "x")]).code, 400);
        assert_eq!(
            c.call(ApiRequest::get(format!("{PODS}/nope/log"))).code,
            404
        );
    }

    #[test]
    fn only_get_on_a_pod_s_log_is_a_log_request() {
        let get = |p: &str| log_target(&ApiRequest::get(p));
        assert_eq!(
            get("/api/v1/namespaces/ns/pods/web/log"),
            Some(("ns".into(), "web".into()))
        );
        assert_eq!(get("/api/v1/namespaces/ns/pods/web"), None);
        assert_eq!(get("/api/v1/namespaces/ns/pods/web/log/x"), None);
        assert_eq!(get("/api/v1/namespaces/ns/services/web/log"), None);
    }
}
