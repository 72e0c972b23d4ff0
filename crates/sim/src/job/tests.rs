use serde_json::{json, Value};

use super::backoff::{finished_at, Record};
use super::failure::{is_pod_failed, verdict, Verdict};
use super::status::{finish, Finish, Outcome};
use super::ttl::finish_time;
use super::Spec;
use kubeplay_core::clock::Time;

const T0: i64 = 1_800_000_000;

fn at(secs: i64) -> String {
    Time(T0 + secs).rfc3339()
}

/// A pod of phase `phase` whose container `main` ended with `code` at `end` seconds.
fn ended(name: &str, phase: &str, code: i64, end: i64) -> Value {
    json!({
        "metadata": {"name": name, "namespace": "ns", "uid": name, "creationTimestamp": at(0)},
        "status": {"phase": phase, "containerStatuses": [{
            "name": "main", "restartCount": 0,
            "state": {"terminated": {"exitCode": code, "finishedAt": at(end)}}
        }]}
    })
}

fn running(name: &str, restarts: i64) -> Value {
    json!({
        "metadata": {"name": name, "namespace": "ns", "uid": name, "creationTimestamp": at(0)},
        "status": {"phase": "Running", "containerStatuses": [{
            "name": "main", "restartCount": restarts, "state": {"running": {}}
        }]}
    })
}

fn outcome(failed: i64, start: Option<Time>) -> Outcome {
    Outcome {
        succeeded: 0,
        failed,
        active: 0,
        ready: 0,
        terminating: 0,
        start,
        conditions: vec![],
        events: vec![],
        done_indexes: None,
        failed_indexes: None,
    }
}

fn failure_of(f: Option<Finish>) -> Option<(String, String)> {
    match f {
        Some(Finish::Failure { reason, message }) => Some((reason, message)),
        _ => None,
    }
}

#[test]
fn back_off_doubles_from_ten_seconds_up_to_ten_minutes() {
    let mut r = Record::default();
    assert_eq!(r.remaining(Time(T0)), 0);
    let first = ended("a", "Failed", 1, 5);
    r = r.after(&[], &[&first]);
    assert_eq!(r.failures_after_last_success, 1);
    assert_eq!(r.remaining(Time(T0 + 5)), 10);
    assert_eq!(r.remaining(Time(T0 + 12)), 3);
    assert_eq!(r.remaining(Time(T0 + 20)), 0);
    let second = ended("b", "Failed", 1, 30);
    r = r.after(&[], &[&second]);
    assert_eq!(r.remaining(Time(T0 + 30)), 20);
    for _ in 0..10 {
        r = r.after(&[], &[&second]);
    }
    assert_eq!(r.remaining(Time(T0 + 30)), 600);
}

#[test]
fn a_success_resets_the_back_off_but_later_failures_count() {
    let failed_before = ended("a", "Failed", 1, 5);
    let ok = ended("b", "Succeeded", 0, 10);
    let failed_after = ended("c", "Failed", 1, 15);
    let r = Record::default().after(&[], &[&failed_before]);
    let r = r.after(&[&ok], &[&failed_before, &failed_after]);
    assert_eq!(r.failures_after_last_success, 1);
    assert_eq!(r.last_failure, Some(Time(T0 + 15)));
    let r = r.after(&[&ok], &[]);
    assert_eq!(r, Record::default());
}

#[test]
fn a_pod_finishes_with_its_last_container_or_its_deletion() {
    assert_eq!(finished_at(&ended("a", "Failed", 1, 7)), Time(T0 + 7));
    let deleting = json!({"metadata": {"creationTimestamp": at(0),
        "deletionTimestamp": at(40), "deletionGracePeriodSeconds": 30}});
    assert_eq!(finished_at(&deleting), Time(T0 + 10));
}

#[test]
fn deleted_pods_fail_unless_only_failed_pods_are_replaced() {
    let mut p = running("a", 0);
    p["metadata"]["deletionTimestamp"] = json!(at(30));
    assert!(is_pod_failed(&p, false));
    assert!(!is_pod_failed(&p, true));
    assert!(is_pod_failed(&ended("b", "Failed", 1, 1), true));
}

#[test]
fn failure_policy_rules_match_in_order_with_the_controllers_message() {
    let policy = json!({"rules": [
        {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]},
        {"action": "FailJob", "onExitCodes": {"containerName": "main", "operator": "In", "values": [42]}},
        {"action": "Count", "onExitCodes": {"operator": "NotIn", "values": [3]}},
        {"action": "Ignore", "onExitCodes": {"operator": "In", "values": [3]}},
    ]});
    assert_eq!(
        verdict(Some(&policy), &ended("p", "Failed", 42, 1)),
        Verdict::FailJob(
            "Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1"
                .into()
        )
    );
    assert_eq!(
        verdict(Some(&policy), &ended("p", "Failed", 3, 1)),
        Verdict::Ignore
    );
    assert_eq!(
        verdict(Some(&policy), &ended("p", "Failed", 7, 1)),
        Verdict::Count
    );
    assert_eq!(verdict(None, &ended("p", "Failed", 42, 1)), Verdict::Count);
    let mut disrupted = ended("p", "Failed", 137, 1);
    disrupted["status"]["conditions"] = json!([{"type": "DisruptionTarget", "status": "True"}]);
    assert_eq!(verdict(Some(&policy), &disrupted), Verdict::Ignore);
    let fail_on_condition = json!({"rules": [
        {"action": "FailJob", "onPodConditions": [{"type": "DisruptionTarget"}]},
    ]});
    assert_eq!(
        verdict(Some(&fail_on_condition), &disrupted),
        Verdict::FailJob(
            "Pod ns/p has condition DisruptionTarget matching FailJob rule at index 0".into()
        )
    );
}

#[test]
fn exit_code_zero_and_other_containers_never_match() {
    let policy = json!({"rules": [
        {"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [1]}},
        {"action": "FailJob", "onExitCodes": {"containerName": "side", "operator": "In", "values": [2]}},
    ]});
    assert_eq!(
        verdict(Some(&policy), &ended("p", "Failed", 0, 1)),
        Verdict::Count
    );
    assert_eq!(
        verdict(Some(&policy), &ended("p", "Failed", 2, 1)),
        Verdict::FailJob(
            "Container main for pod ns/p failed with exit code 2 matching FailJob rule at index 0"
                .into()
        )
    );
}

#[test]
fn the_job_fails_past_its_backoff_limit_or_deadline() {
    let job = json!({"spec": {"backoffLimit": 2, "activeDeadlineSeconds": 60,
        "template": {"spec": {"restartPolicy": "Never"}}}});
    let spec = Spec::of(&job);
    let start = Some(Time(T0));
    assert!(failure_of(finish(&job, &spec, &[], &outcome(2, start), Time(T0 + 10))).is_none());
    assert_eq!(
        failure_of(finish(&job, &spec, &[], &outcome(3, start), Time(T0 + 10))),
        Some((
            "BackoffLimitExceeded".into(),
            "Job has reached the specified backoff limit".into()
        ))
    );
    assert_eq!(
        failure_of(finish(&job, &spec, &[], &outcome(0, start), Time(T0 + 60))),
        Some((
            "DeadlineExceeded".into(),
            "Job was active longer than specified deadline".into()
        ))
    );
}

#[test]
fn restarts_count_against_the_limit_with_on_failure() {
    let job = json!({"spec": {"backoffLimit": 2,
        "template": {"spec": {"restartPolicy": "OnFailure"}}}});
    let spec = Spec::of(&job);
    let now = Time(T0);
    let out = outcome(0, Some(now));
    assert!(finish(&job, &spec, &[running("a", 1)], &out, now).is_none());
    assert!(failure_of(finish(&job, &spec, &[running("a", 2)], &out, now)).is_some());
    let zero = json!({"spec": {"backoffLimit": 0,
        "template": {"spec": {"restartPolicy": "OnFailure"}}}});
    let spec = Spec::of(&zero);
    assert!(failure_of(finish(&zero, &spec, &[running("a", 1)], &out, now)).is_some());
}

#[test]
fn a_finished_job_is_timed_from_its_terminal_condition() {
    let job = json!({"status": {"conditions": [
        {"type": "FailureTarget", "status": "True", "lastTransitionTime": at(5)},
        {"type": "Failed", "status": "True", "lastTransitionTime": at(9)},
    ]}});
    assert_eq!(finish_time(&job), Some(Time(T0 + 9)));
    assert_eq!(finish_time(&json!({"status": {}})), None);
}

#[test]
fn completed_indexes_are_written_as_the_controller_writes_them() {
    use super::indexed::{format, parse};
    let set = parse("0-2,4,6,7,9-20", 12);
    assert_eq!(format(&set), "0-2,4,6,7,9-11");
    assert_eq!(format(&parse("", 3)), "");
    assert_eq!(format(&parse("x,1,3-2", 5)), "1");
}

#[test]
fn the_lowest_free_indexes_start_first_and_repeated_ones_go() {
    use super::indexed::{index_of, pending, pod_for, surplus};
    let base = json!({"metadata": {"generateName": "j-", "labels": {"job-name": "j"}},
        "spec": {"containers": [{"name": "main"}]}});
    let job = json!({"metadata": {"name": "j"}});
    let one = pod_for(&base, &job, 1);
    assert_eq!(index_of(&one), Some(1));
    assert_eq!(one["metadata"]["generateName"], "j-1-");
    assert_eq!(one["spec"]["hostname"], "j-1");
    assert_eq!(
        one["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"],
        "1"
    );
    assert_eq!(
        one["spec"]["containers"][0]["env"][0]["name"],
        "JOB_COMPLETION_INDEX"
    );
    let busy = [0, 1].into_iter().collect();
    assert_eq!(pending(&busy, 5, 2), vec![2, 3]);
    let again = pod_for(&base, &job, 1);
    let stray = pod_for(&base, &job, 9);
    let gone = surplus(&[&one, &again, &stray], 5, |p| p.to_string());
    assert_eq!(gone.len(), 2);
}

#[test]
fn a_pod_its_kubelet_is_done_with_counts_as_failed_even_when_only_failed_pods_are_replaced() {
    let mut p = running("a", 0);
    p["metadata"]["deletionTimestamp"] = json!(at(30));
    p["metadata"]["deletionGracePeriodSeconds"] = json!(0);
    assert!(is_pod_failed(&p, true));
}

#[test]
fn the_tracking_finalizer_is_added_once() {
    use super::tracking::{add_finalizer, has_finalizer};
    let mut pod = json!({"metadata": {"name": "p"}});
    assert!(!has_finalizer(&pod));
    add_finalizer(&mut pod);
    add_finalizer(&mut pod);
    assert_eq!(
        pod["metadata"]["finalizers"],
        json!(["batch.kubernetes.io/job-tracking"])
    );
}

#[test]
fn each_index_counts_its_own_failures() {
    use super::per_index::{annotate, fails_index, remaining, replaced, FAILURE_COUNT_KEY};
    let job = json!({"spec": {"completionMode": "Indexed", "completions": 2,
        "backoffLimitPerIndex": 1, "template": {"spec": {"restartPolicy": "Never"}}}});
    let spec = Spec::of(&job);
    let mut first = ended("a", "Failed", 1, 5);
    first["metadata"]["annotations"] = json!({
        "batch.kubernetes.io/job-completion-index": "0", FAILURE_COUNT_KEY: "0"});
    assert!(!fails_index(&first, &spec, 1));
    let pods = vec![first.clone()];
    let last = replaced(&pods, 0, &spec);
    assert!(last.is_some());
    assert!(replaced(&pods, 1, &spec).is_none());
    assert_eq!(remaining(last, Time(T0 + 5)), 10);
    let mut next = json!({"metadata": {"annotations": {}}});
    annotate(&mut next, last, &spec);
    assert_eq!(next["metadata"]["annotations"][FAILURE_COUNT_KEY], "1");
    let mut second = ended("b", "Failed", 1, 20);
    second["metadata"]["annotations"] = next["metadata"]["annotations"].clone();
    assert!(fails_index(&second, &spec, 1));
}

#[test]
fn a_fail_index_rule_fails_the_index_at_once() {
    use super::per_index::fails_index;
    let job = json!({"spec": {"completionMode": "Indexed", "completions": 2,
        "backoffLimitPerIndex": 5, "podFailurePolicy": {"rules": [
            {"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [42]}}]},
        "template": {"spec": {"restartPolicy": "Never"}}}});
    let spec = Spec::of(&job);
    assert!(fails_index(&ended("a", "Failed", 42, 1), &spec, 5));
    assert!(!fails_index(&ended("a", "Failed", 1, 1), &spec, 5));
}

#[test]
fn a_success_policy_rule_is_met_by_indexes_or_a_count() {
    use super::success::matched;
    let policy = json!({"rules": [
        {"succeededIndexes": "0,2-3", "succeededCount": 2},
        {"succeededCount": 3},
    ]});
    let done = |v: &[i64]| v.iter().copied().collect();
    assert_eq!(matched(Some(&policy), 5, &done(&[])), None);
    assert_eq!(matched(Some(&policy), 5, &done(&[0])), None);
    assert_eq!(
        matched(Some(&policy), 5, &done(&[0, 3])),
        Some("Matched rules at index 0".into())
    );
    assert_eq!(
        matched(Some(&policy), 5, &done(&[1, 2, 4])),
        Some("Matched rules at index 1".into())
    );
}
