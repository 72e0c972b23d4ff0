use super::*;

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

#[test]
fn targets_read_as_kubectl_names_them() {
    let t = parse(&words("deploy/web"), "default").unwrap();
    assert_eq!(
        (t.kind, t.name.as_str(), t.namespace.as_str()),
        ("deployment", "web", "default")
    );
    let t = parse(&words("pods web -n shop"), "default").unwrap();
    assert_eq!((t.kind, t.namespace.as_str()), ("pod", "shop"));
    let t = parse(&words("svc.v1/web --namespace=shop"), "default").unwrap();
    assert_eq!((t.kind, t.namespace.as_str()), ("service", "shop"));
    assert!(parse(&words("web"), "default")
        .unwrap_err()
        .starts_with("usage: why"));
    assert!(parse(&words("configmap/x"), "default")
        .unwrap_err()
        .starts_with("cannot explain \"configmap\" yet"));
    assert!(parse(&words("pod/x -o yaml"), "default")
        .unwrap_err()
        .starts_with("unknown flag -o"));
}

#[test]
fn the_chain_prints_each_step_with_its_source_then_the_commands() {
    let mut e = Explanation::default();
    e.step(
        "deployment/web has 0/1 replicas available",
        "status.availableReplicas",
    );
    e.step("its pod web-1 is Pending", "status.phase");
    e.command("kubectl describe deployment web");
    e.command("kubectl describe deployment web");
    assert_eq!(
        e.render(),
        "deployment/web has 0/1 replicas available\n  (from status.availableReplicas)\n\
         → its pod web-1 is Pending\n    (from status.phase)\n\
         \nSee for yourself:\n  kubectl describe deployment web\n"
    );
}
