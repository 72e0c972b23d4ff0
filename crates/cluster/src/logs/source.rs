//! Which container and which of its runs a log request reads: the API server's choice of
//! container (`validateContainer` in the pod strategy's LogLocation), then the kubelet's reading
//! of the container's status (`validateContainerLogStatus`), in their words.

use serde_json::Value;

use kubeplay_api::Status;
use kubeplay_core::clock::Time;

/// The container a request names, or the pod's only one.
pub fn container<'a>(pod: &'a Value, name: &str, wanted: &str) -> Result<&'a Value, Status> {
    let all: Vec<&Value> = ["initContainers", "containers", "ephemeralContainers"]
        .iter()
        .filter_map(|f| {
            pod.pointer(&format!("/spec/{f}"))
                .and_then(|v| v.as_array())
        })
        .flatten()
        .collect();
    let name_of = |c: &Value| {
        c.get("name")
            .and_then(|n| n.as_str())
            .unwrap_or("")
            .to_string()
    };
    if !wanted.is_empty() {
        return all
            .into_iter()
            .find(|c| name_of(c) == wanted)
            .ok_or_else(|| {
                Status::bad_request(format!("container {wanted} is not valid for pod {name}"))
            });
    }
    let main: Vec<&Value> = pod
        .pointer("/spec/containers")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    match main.as_slice() {
        [only] => Ok(only),
        [] => Err(Status::bad_request(format!(
            "a container name must be specified for pod {name}"
        ))),
        _ => {
            let names: Vec<String> = all.iter().map(|c| name_of(c)).collect();
            Err(Status::bad_request(format!(
                "a container name must be specified for pod {name}, choose one of: [{}]",
                names.join(" ")
            )))
        }
    }
}

/// When the run to read started, from the container's status as the kubelet reported it.
pub fn run_start(pod: &Value, pod_name: &str, c: &str, previous: bool) -> Result<Time, Status> {
    let status = [
        "containerStatuses",
        "initContainerStatuses",
        "ephemeralContainerStatuses",
    ]
    .iter()
    .filter_map(|f| {
        pod.pointer(&format!("/status/{f}"))
            .and_then(|v| v.as_array())
    })
    .flatten()
    .find(|s| s.get("name").and_then(|n| n.as_str()) == Some(c));
    let fail =
        |why: &str| Status::bad_request(format!("container \"{c}\" in pod \"{pod_name}\" {why}"));
    let Some(st) = status else {
        return Err(fail("is not available"));
    };
    let last = st.pointer("/lastState/terminated").filter(|t| has_id(t));
    let started = |v: &Value| {
        v.get("startedAt")
            .and_then(|s| s.as_str())
            .and_then(Time::parse_rfc3339)
            .unwrap_or_default()
    };
    if previous {
        return last.map(started).ok_or_else(|| {
            Status::bad_request(format!(
                "previous terminated container \"{c}\" in pod \"{pod_name}\" not found"
            ))
        });
    }
    if let Some(running) = st.pointer("/state/running") {
        return Ok(started(running));
    }
    if let Some(t) = st.pointer("/state/terminated") {
        return match (has_id(t), last) {
            (true, _) => Ok(started(t)),
            (false, Some(l)) => Ok(started(l)),
            (false, None) => Err(fail("is terminated")),
        };
    }
    if let Some(t) = st.pointer("/lastState/terminated") {
        return if has_id(t) {
            Ok(started(t))
        } else {
            Err(fail("is terminated"))
        };
    }
    match st.pointer("/state/waiting") {
        Some(w) => Err(fail(
            &match w.get("reason").and_then(|r| r.as_str()).unwrap_or("") {
                "ErrImagePull" => "is waiting to start: image can't be pulled".to_string(),
                "ImagePullBackOff" => {
                    "is waiting to start: trying and failing to pull image".to_string()
                }
                reason => format!("is waiting to start: {reason}"),
            },
        )),
        None => Err(fail("is waiting to start - no logs yet")),
    }
}

/// A terminated state names a container that existed (one that never got created has no id).
fn has_id(t: &Value) -> bool {
    t.get("containerID")
        .and_then(|i| i.as_str())
        .is_some_and(|i| !i.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(statuses: Value) -> Value {
        json!({"metadata": {"name": "web"},
            "spec": {"initContainers": [{"name": "init"}], "containers": [{"name": "a"}, {"name": "b"}]},
            "status": {"containerStatuses": statuses}})
    }

    #[test]
    fn a_pod_of_several_containers_needs_a_name() {
        let p = pod(json!([]));
        assert_eq!(
            container(&p, "web", "").unwrap_err().message,
            "a container name must be specified for pod web, choose one of: [init a b]"
        );
        assert_eq!(
            container(&p, "web", "c").unwrap_err().message,
            "container c is not valid for pod web"
        );
        assert_eq!(container(&p, "web", "init").unwrap()["name"], "init");
    }

    #[test]
    fn the_run_follows_the_status() {
        let p = pod(json!([
            {"name": "a", "state": {"waiting": {"reason": "ContainerCreating"}}, "lastState": {}},
            {"name": "b", "state": {"waiting": {"reason": "CrashLoopBackOff"}},
             "lastState": {"terminated": {"containerID": "docker://1", "startedAt": "2024-12-07T10:00:05Z"}}}
        ]));
        assert_eq!(
            run_start(&p, "web", "a", false).unwrap_err().message,
            "container \"a\" in pod \"web\" is waiting to start: ContainerCreating"
        );
        assert_eq!(
            run_start(&p, "web", "a", true).unwrap_err().message,
            "previous terminated container \"a\" in pod \"web\" not found"
        );
        let t = Time::parse_rfc3339("2024-12-07T10:00:05Z").unwrap();
        assert_eq!(run_start(&p, "web", "b", false).unwrap(), t);
        assert_eq!(run_start(&p, "web", "b", true).unwrap(), t);
        assert_eq!(
            run_start(&p, "web", "init", false).unwrap_err().message,
            "container \"init\" in pod \"web\" is not available"
        );
    }

    #[test]
    fn pull_failures_have_their_own_words() {
        let p = pod(json!([{"name": "a", "state": {"waiting": {"reason": "ErrImagePull"}}}]));
        assert_eq!(
            run_start(&p, "web", "a", false).unwrap_err().message,
            "container \"a\" in pod \"web\" is waiting to start: image can't be pulled"
        );
        let p = pod(json!([{"name": "a", "state": {"waiting": {"reason": "ImagePullBackOff"}}}]));
        assert_eq!(
            run_start(&p, "web", "a", false).unwrap_err().message,
            "container \"a\" in pod \"web\" is waiting to start: trying and failing to pull image"
        );
    }
}
