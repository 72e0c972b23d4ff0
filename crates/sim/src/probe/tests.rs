use std::sync::Arc;

use serde_json::{json, Value};

use super::*;
use crate::images::catalog;
use crate::process;

fn target<'a>(c: &'a Value, image: &str, own: bool) -> (Target<'a>, Option<i64>) {
    let image = catalog().image(image).unwrap();
    let words = |f: &str| -> Vec<String> {
        c.get(f)
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|w| w.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let p = process::run(image, &words("command"), &words("args"));
    let end = match p.as_ref().map(|p| &p.end) {
        Some(process::End::Exit { ms, .. }) => Some((ms.div_ceil(1000) as i64).max(1)),
        _ => None,
    };
    let t = Target {
        ip: "10.244.0.5",
        container: c,
        image: Some(image),
        listening: listening(image, &words("args"), own, p.is_some()),
        files: p.map(|p| p.files).unwrap_or_else(|| Arc::new(Vec::new())),
    };
    (t, end)
}

#[test]
fn the_docs_exec_liveness_example_is_killed_after_the_file_goes() {
    let c = json!({
        "name": "liveness", "image": "registry.k8s.io/busybox",
        "args": ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
        "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]}, "initialDelaySeconds": 5, "periodSeconds": 5},
    });
    let (t, end) = target(&c, "registry.k8s.io/busybox", true);
    let r = plan(&t, end).unwrap();
    assert_eq!(r.kill, Some((40, Kind::Liveness)));
    let f = r.failures_in(0, 100);
    assert_eq!(f.iter().map(|x| x.0).collect::<Vec<_>>(), [30, 35, 40]);
    assert_eq!(
        f[0].1,
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    );
}

#[test]
fn agnhost_liveness_fails_after_ten_seconds() {
    let c = json!({
        "name": "liveness", "image": "registry.k8s.io/e2e-test-images/agnhost:2.40",
        "args": ["liveness"],
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "initialDelaySeconds": 3, "periodSeconds": 3},
    });
    let (t, end) = target(&c, "registry.k8s.io/e2e-test-images/agnhost", true);
    let r = plan(&t, end).unwrap();
    assert_eq!(r.kill, Some((18, Kind::Liveness)));
    assert_eq!(
        r.failures_in(0, 18)[0],
        (
            12,
            "Liveness probe failed: HTTP probe failed with statuscode: 500"
        )
    );
}

#[test]
fn readiness_on_a_page_nginx_lacks_keeps_failing() {
    let c = json!({
        "name": "web", "image": "nginx",
        "readinessProbe": {"httpGet": {"path": "/ready", "port": 80}, "periodSeconds": 5},
    });
    let (t, end) = target(&c, "nginx", true);
    let r = plan(&t, end).unwrap();
    assert!(!r.ready_at(1000));
    assert_eq!(r.kill, None);
    let f = r.failures_in(-1, 60);
    assert_eq!(f.len(), 13);
    assert_eq!(
        f[12],
        (
            60,
            "Readiness probe failed: HTTP probe failed with statuscode: 404"
        )
    );
}

#[test]
fn readiness_passes_on_the_welcome_page_after_its_delay() {
    let c = json!({
        "name": "web", "image": "nginx",
        "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "initialDelaySeconds": 5},
        "livenessProbe": {"tcpSocket": {"port": 80}},
    });
    let (t, end) = target(&c, "nginx", true);
    let r = plan(&t, end).unwrap();
    assert_eq!(r.ready, [(5, true)]);
    assert!(r.failures_in(0, 1000).is_empty());
    assert_eq!(r.next_after(5), None);
}

#[test]
fn a_wrong_port_is_refused_and_a_startup_probe_holds_the_others() {
    let c = json!({
        "name": "web", "image": "nginx",
        "startupProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 10, "failureThreshold": 3},
        "readinessProbe": {"httpGet": {"path": "/", "port": 80}},
    });
    let (t, end) = target(&c, "nginx", true);
    let r = plan(&t, end).unwrap();
    assert_eq!(r.started, None);
    assert_eq!(r.kill, Some((20, Kind::Startup)));
    assert_eq!(
        r.failures_in(0, 20)[0].1,
        "Startup probe failed: dial tcp 10.244.0.5:8080: connect: connection refused"
    );
}

#[test]
fn a_sleeping_container_serves_nothing() {
    let c = json!({
        "name": "s", "image": "busybox", "command": ["sleep", "3600"],
        "readinessProbe": {"httpGet": {"path": "/", "port": 80}},
    });
    let (t, end) = target(&c, "busybox", false);
    let r = plan(&t, end).unwrap();
    assert!(r.ready.is_empty());
    assert_eq!(
        r.failures_in(-1, 0)[0].1,
        "Readiness probe failed: Get \"http://10.244.0.5:80/\": dial tcp 10.244.0.5:80: connect: connection refused"
    );
}

#[test]
fn an_exec_probe_slower_than_its_timeout_fails() {
    let c = json!({
        "name": "s", "image": "busybox", "command": ["sleep", "3600"],
        "readinessProbe": {"exec": {"command": ["sh", "-c", "sleep 3"]}, "timeoutSeconds": 2},
    });
    let (t, end) = target(&c, "busybox", false);
    let r = plan(&t, end).unwrap();
    assert_eq!(
        r.failures_in(-1, 0)[0].1,
        "Readiness probe failed: command \"sh -c sleep 3\" timed out"
    );
}
