//! Graceful deletion, as the generic registry's `BeforeDelete` and the pod strategy's
//! `CheckGracefulDelete` decide it: a pod on a node is not removed at once but marked with
//! `deletionTimestamp` (the moment its grace period ends) and `deletionGracePeriodSeconds`; the
//! kubelet stops its containers and then deletes it again with a grace period of 0.

use serde_json::{json, Value};

use crate::meta;
use crate::request::{ApiRequest, Method};
use kubeplay_core::clock::Time;

/// The pod's own grace period when neither it nor the request names one.
pub const DEFAULT_POD_GRACE_SECS: i64 = 30;

/// What a DELETE asks for beyond the object's name (metav1.DeleteOptions, in part).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeleteOptions {
    pub dry_run: bool,
    /// `gracePeriodSeconds`: `None` lets the object's kind decide.
    pub grace_period_seconds: Option<i64>,
}

impl DeleteOptions {
    /// Deletion with a grace period of 0: what the kubelet sends once the containers stopped.
    pub fn immediate() -> DeleteOptions {
        DeleteOptions {
            dry_run: false,
            grace_period_seconds: Some(0),
        }
    }

    /// The options of a DELETE request: `gracePeriodSeconds` from the query or the body.
    pub fn of_request(req: &ApiRequest, dry_run: bool) -> DeleteOptions {
        let body = (req.method == Method::Delete)
            .then_some(req.body.as_deref())
            .flatten()
            .and_then(|b| serde_json::from_str::<Value>(b).ok());
        let from_body = body
            .as_ref()
            .and_then(|b| b.get("gracePeriodSeconds"))
            .and_then(|g| g.as_i64());
        let from_query = req
            .query_param("gracePeriodSeconds")
            .and_then(|g| g.parse().ok());
        DeleteOptions {
            dry_run,
            grace_period_seconds: from_query.or(from_body),
        }
    }
}

/// What a delete does to an object that may terminate gracefully.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Remove it now.
    Remove,
    /// Store it with these deletion marks (first mark, or a shortened grace period).
    Mark(Value),
    /// Already terminating with a grace period no longer than the one asked for: unchanged.
    Pending,
}

/// The grace period the pod strategy settles on: the request's, else the pod's own; 0 for a
/// pod that never reached a node or has already finished.
fn pod_grace(pod: &Value, requested: Option<i64>) -> i64 {
    let own = pod
        .pointer("/spec/terminationGracePeriodSeconds")
        .and_then(|g| g.as_i64())
        .unwrap_or(DEFAULT_POD_GRACE_SECS);
    let unscheduled = meta::str_at(pod, &["spec", "nodeName"]).is_empty();
    let finished = matches!(
        meta::str_at(pod, &["status", "phase"]),
        "Succeeded" | "Failed"
    );
    if unscheduled || finished {
        return 0;
    }
    requested.unwrap_or(own).max(0)
}

/// Decide a pod's deletion at `now` (other kinds are removed at once).
pub fn pod_outcome(pod: &Value, opts: &DeleteOptions, now: Time) -> Outcome {
    let marked_at = pod
        .pointer("/metadata/deletionTimestamp")
        .and_then(|t| t.as_str())
        .and_then(Time::parse_rfc3339);
    let marked_grace = pod
        .pointer("/metadata/deletionGracePeriodSeconds")
        .and_then(|g| g.as_i64());
    if let Some(at) = marked_at {
        // Already terminating: only a shorter grace period changes anything, counted from
        // the first request (the old deadline less the old period, plus the new one).
        let old = match marked_grace {
            None | Some(0) => return Outcome::Remove,
            Some(g) => g,
        };
        return match opts.grace_period_seconds {
            Some(g) if g < old => {
                if g <= 0 {
                    return Outcome::Remove;
                }
                Outcome::Mark(marked(pod, at.plus(g - old), g))
            }
            _ => Outcome::Pending,
        };
    }
    let grace = pod_grace(pod, opts.grace_period_seconds);
    if grace == 0 {
        return Outcome::Remove;
    }
    Outcome::Mark(marked(pod, now.plus(grace), grace))
}

/// Whether the object names finalizers that must be removed before it goes.
pub fn has_finalizers(obj: &Value) -> bool {
    obj.pointer("/metadata/finalizers")
        .and_then(|f| f.as_array())
        .is_some_and(|f| !f.is_empty())
}

/// An object held by finalizers: marked as deleted now (or when first marked), with no grace
/// period left to run.
pub fn finalizer_mark(obj: &Value, now: Time) -> Value {
    let since = obj
        .pointer("/metadata/deletionTimestamp")
        .and_then(|t| t.as_str())
        .and_then(Time::parse_rfc3339)
        .unwrap_or(now);
    marked(obj, since, 0)
}

/// A deleted object with neither finalizers nor a grace period still running may be removed.
pub fn deletion_done(obj: &Value) -> bool {
    obj.pointer("/metadata/deletionTimestamp").is_some()
        && !has_finalizers(obj)
        && obj
            .pointer("/metadata/deletionGracePeriodSeconds")
            .and_then(|g| g.as_i64())
            .unwrap_or(0)
            == 0
        && obj.get("kind").and_then(|k| k.as_str()) != Some("Namespace")
}

fn marked(pod: &Value, deadline: Time, grace: i64) -> Value {
    let mut obj = pod.clone();
    meta::set_str(
        &mut obj,
        &["metadata", "deletionTimestamp"],
        &deadline.rfc3339(),
    );
    meta::set(
        &mut obj,
        &["metadata", "deletionGracePeriodSeconds"],
        json!(grace),
    );
    obj
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Time = Time(1_700_000_000);

    fn running() -> Value {
        json!({"metadata": {"name": "web"}, "spec": {"nodeName": "minikube"},
            "status": {"phase": "Running"}})
    }

    fn opts(g: Option<i64>) -> DeleteOptions {
        DeleteOptions {
            dry_run: false,
            grace_period_seconds: g,
        }
    }

    fn marks(o: Outcome) -> (String, i64) {
        match o {
            Outcome::Mark(v) => (
                meta::str_at(&v, &["metadata", "deletionTimestamp"]).to_string(),
                v["metadata"]["deletionGracePeriodSeconds"]
                    .as_i64()
                    .unwrap_or(-1),
            ),
            other => panic!("not marked: {other:?}"),
        }
    }

    #[test]
    fn a_running_pod_gets_its_own_grace_period() {
        let (at, g) = marks(pod_outcome(&running(), &opts(None), NOW));
        assert_eq!((at, g), (NOW.plus(30).rfc3339(), 30));
        let mut p = running();
        p["spec"]["terminationGracePeriodSeconds"] = json!(5);
        assert_eq!(marks(pod_outcome(&p, &opts(None), NOW)).1, 5);
        assert_eq!(marks(pod_outcome(&p, &opts(Some(1)), NOW)).1, 1);
    }

    #[test]
    fn unscheduled_finished_or_zero_is_removed_at_once() {
        let mut p = running();
        assert_eq!(pod_outcome(&p, &opts(Some(0)), NOW), Outcome::Remove);
        p["status"]["phase"] = json!("Succeeded");
        assert_eq!(pod_outcome(&p, &opts(None), NOW), Outcome::Remove);
        let p = json!({"metadata": {"name": "x"}, "spec": {}});
        assert_eq!(pod_outcome(&p, &opts(None), NOW), Outcome::Remove);
    }

    #[test]
    fn the_grace_period_comes_from_the_body_or_the_query() {
        let req = ApiRequest::new(Method::Delete, "/api/v1/namespaces/default/pods/web");
        let body = req
            .clone()
            .with_body(r#"{"gracePeriodSeconds":0,"propagationPolicy":"Background"}"#);
        assert_eq!(
            DeleteOptions::of_request(&body, false).grace_period_seconds,
            Some(0)
        );
        let query = req.clone().with_query("gracePeriodSeconds", "5");
        assert_eq!(
            DeleteOptions::of_request(&query, false).grace_period_seconds,
            Some(5)
        );
        assert_eq!(DeleteOptions::of_request(&req, true), opts_dry(None));
    }

    fn opts_dry(g: Option<i64>) -> DeleteOptions {
        DeleteOptions {
            dry_run: true,
            grace_period_seconds: g,
        }
    }

    #[test]
    fn finalizers_hold_until_the_last_is_gone() {
        let cm = json!({"kind": "ConfigMap", "metadata": {"name": "c", "finalizers": ["x/y"]}});
        assert!(has_finalizers(&cm));
        let held = finalizer_mark(&cm, NOW);
        assert_eq!(held["metadata"]["deletionTimestamp"], NOW.rfc3339());
        assert_eq!(held["metadata"]["deletionGracePeriodSeconds"], 0);
        // A second delete keeps the first moment.
        assert_eq!(finalizer_mark(&held, NOW.plus(9)), held);
        assert!(!deletion_done(&held));
        let mut released = held.clone();
        released["metadata"]["finalizers"] = json!([]);
        assert!(deletion_done(&released));
        // A pod still in its grace period waits for its kubelet.
        let Outcome::Mark(pod) = pod_outcome(&running(), &opts(None), NOW) else {
            panic!("not marked");
        };
        assert!(!deletion_done(&pod));
    }

    #[test]
    fn a_terminating_pod_only_shortens() {
        let Outcome::Mark(p) = pod_outcome(&running(), &opts(None), NOW) else {
            panic!("not marked");
        };
        let later = NOW.plus(10);
        assert_eq!(pod_outcome(&p, &opts(None), later), Outcome::Pending);
        assert_eq!(pod_outcome(&p, &opts(Some(40)), later), Outcome::Pending);
        assert_eq!(
            marks(pod_outcome(&p, &opts(Some(5)), later)),
            (NOW.plus(5).rfc3339(), 5)
        );
        assert_eq!(pod_outcome(&p, &opts(Some(0)), later), Outcome::Remove);
    }
}
