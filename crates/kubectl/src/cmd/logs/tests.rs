use super::request::{parse_rfc3339, LogRequest};
use super::targets::Target;
use crate::flags;
use crate::testing::run;
use kubeplay_core::clock::Time;
use serde_json::json;

fn request(argv: &[&str], selecting: bool) -> LogRequest {
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let args = flags::parse(super::FLAGS, &argv).unwrap();
    LogRequest::from_args(&args, args.str("container"), selecting).unwrap()
}

fn query(r: &LogRequest) -> Vec<(String, String)> {
    let t = Target {
        namespace: "default".into(),
        pod: json!({"metadata": {"name": "web"}}),
        container: "c".into(),
    };
    r.to_api(&t).query
}

#[test]
fn flags_become_the_query() {
    let r = request(
        &[
            "web",
            "-p",
            "--timestamps",
            "-f",
            "--tail=5",
            "--limit-bytes=100",
            "--since=90s",
        ],
        false,
    );
    let q = query(&r);
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("container"), Some("c"));
    assert_eq!(get("previous"), Some("true"));
    assert_eq!(get("timestamps"), Some("true"));
    assert_eq!(get("follow"), Some("true"));
    assert_eq!(get("tailLines"), Some("5"));
    assert_eq!(get("limitBytes"), Some("100"));
    assert_eq!(get("sinceSeconds"), Some("90"));
    assert_eq!(get("sinceTime"), None);
}

#[test]
fn a_selector_tails_ten_lines_unless_told() {
    assert_eq!(request(&[], true).tail_lines, Some(10));
    assert_eq!(request(&["--tail=-1"], true).tail_lines, None);
    assert_eq!(request(&["--tail=3"], true).tail_lines, Some(3));
    assert_eq!(request(&[], false).tail_lines, None);
}

#[test]
fn since_rounds_to_the_second_and_since_time_is_rfc3339() {
    assert_eq!(request(&["--since=1500ms"], false).since_seconds, Some(2));
    assert_eq!(request(&["--since=2m"], false).since_seconds, Some(120));
    let t = request(&["--since-time=2024-08-30T06:00:00.5Z"], false).since_time;
    assert_eq!(t, Time::parse_rfc3339("2024-08-30T06:00:00Z"));
    assert_eq!(
        parse_rfc3339("2024-08-30T08:00:00+02:00"),
        Time::parse_rfc3339("2024-08-30T06:00:00Z")
    );
    assert_eq!(parse_rfc3339("2024-08-30 06:00:00Z"), None);
    assert_eq!(parse_rfc3339("yesterday"), None);
}

#[test]
fn client_side_errors_in_kubectl_s_words() {
    let err = |line: &str| run(line).1;
    assert_eq!(
        err("kubectl logs"),
        "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n"
    );
    assert_eq!(
        err("kubectl logs web -l app=web"),
        "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n"
    );
    assert_eq!(
        err("kubectl logs web --pod-running-timeout=0s"),
        "error: --pod-running-timeout must be higher than zero\n"
    );
    assert_eq!(
        err("kubectl logs web --since-time=bad"),
        "error: parsing time \"bad\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"bad\" as \"2006\"\n"
    );
    assert_eq!(
        err("kubectl logs nope"),
        "error: error from server (NotFound): pods \"nope\" not found in namespace \"default\"\n"
    );
}
