use serde_json::json;

use kubeplay_api::store::Key;
use kubeplay_api::ApiServer;
use kubeplay_core::clock::Time;

use super::*;
use crate::{util, Node, Runtime};

const NOW: Time = Time(1_795_600_800);

fn cluster() -> (ApiServer, Sim) {
    let mut api = ApiServer::new(NOW);
    let info = util::info(&api, "/namespaces").unwrap();
    api.create(&info, None, json!({"metadata": {"name": "default"}}), false)
        .unwrap();
    let info = util::info(&api, "/services").unwrap();
    api.create(
        &info,
        Some("default"),
        json!({"metadata": {"name": "empty"}, "spec": {"selector": {"app": "none"},
            "ports": [{"port": 80}]}}),
        false,
    )
    .unwrap();
    let node = Node {
        name: "minikube".into(),
        ip: "192.168.49.2".into(),
        runtime: Runtime::Docker,
        service_lb: false,
        network_policy: false,
    };
    (api, Sim::new(node, "10.244.0.3"))
}

fn client(image: &str) -> Client {
    let image = crate::images::catalog().image(image).unwrap();
    Client::of_pod(
        &Key::new("/pods", "default", "box"),
        "10.244.0.9",
        None,
        "10.96.0.10",
        image,
    )
}

fn run(api: &ApiServer, sim: &Sim, image: &str, line: &[&str]) -> NetRun {
    let net = Net::new(api, sim, client(image));
    let args: Vec<String> = line[1..].iter().map(|s| s.to_string()).collect();
    net.run(line[0], &args, NOW.0 * 1000)
}

#[test]
fn nslookup_tries_each_search_domain_for_a_and_aaaa() {
    let (api, sim) = cluster();
    let r = run(&api, &sim, "busybox", &["nslookup", "nope"]);
    let expected = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n".to_string()
        + &[
            "nope.default.svc.cluster.local",
            "nope.svc.cluster.local",
            "nope.cluster.local",
        ]
        .repeat(2)
        .iter()
        .map(|n| format!("** server can't find {n}: NXDOMAIN\n\n"))
        .collect::<String>();
    assert_eq!(r.output.stdout(), expected);
    assert_eq!(r.code, 1);
    let r = run(
        &api,
        &sim,
        "busybox",
        &["nslookup", "10-244-0-7.default.pod.cluster.local"],
    );
    assert!(r.output.stdout().contains("Address: 10.244.0.7\n"));
    assert_eq!(r.code, 0);
}

#[test]
fn a_service_resolves_to_its_cluster_ip_and_refuses_without_endpoints() {
    let (api, sim) = cluster();
    let ip = api
        .store()
        .get(&Key::new("/services", "default", "empty"))
        .map(|s| s["spec"]["clusterIP"].as_str().unwrap().to_string())
        .unwrap();
    let r = run(&api, &sim, "busybox", &["wget", "empty"]);
    assert_eq!(
        r.output.stderr(),
        format!("Connecting to empty ({ip}:80)\nwget: can't connect to remote host ({ip}): Connection refused\n")
    );
    assert_eq!(r.code, 1);
    let r = run(
        &api,
        &sim,
        "curlimages/curl",
        &["curl", "-s", "empty.default"],
    );
    assert_eq!((r.output.combined(), r.code), (String::new(), 7));
    let r = run(&api, &sim, "curlimages/curl", &["curl", "-sS", "empty"]);
    assert_eq!(
        r.output.stderr(),
        "curl: (7) Failed to connect to empty port 80 after 0 ms: Could not connect to server\n"
    );
}

#[test]
fn unknown_names_and_silent_addresses_fail_as_the_clients_say() {
    let (api, sim) = cluster();
    let r = run(&api, &sim, "busybox", &["wget", "-q", "nope"]);
    assert_eq!(r.output.stderr(), "wget: bad address 'nope'\n");
    let r = run(&api, &sim, "nginx", &["curl", "nope"]);
    assert!(r
        .output
        .stderr()
        .ends_with("curl: (6) Could not resolve host: nope\n"));
    assert_eq!(r.code, 6);
    let r = run(
        &api,
        &sim,
        "busybox",
        &["wget", "-q", "-T", "3", "10.244.0.99"],
    );
    assert_eq!(
        (r.output.stderr(), r.took_ms),
        ("wget: download timed out\n".into(), 3000)
    );
    let r = run(
        &api,
        &sim,
        "nginx",
        &["curl", "-s", "--connect-timeout", "2", "10.244.0.99"],
    );
    assert_eq!((r.code, r.took_ms), (28, 2000));
    let r = run(&api, &sim, "nginx", &["curl", "-sS", "10.244.0.99"]);
    assert_eq!(
        r.output.stderr(),
        "curl: (28) Failed to connect to 10.244.0.99 port 80 after 127000 ms: Couldn't connect to server\n"
    );
}

#[test]
fn urls_split_into_host_port_and_path() {
    assert_eq!(
        wget::split_url("http://web:8080/a/b?x=1"),
        Some(("web".into(), 8080, "a/b?x=1".into()))
    );
    assert_eq!(
        wget::split_url("web"),
        Some(("web".into(), 80, String::new()))
    );
    assert_eq!(wget::split_url("ftp://x"), None);
}

#[test]
fn ip_blocks_hold_their_addresses() {
    assert!(policy::cidr_contains("10.244.0.0/16", "10.244.3.7"));
    assert!(!policy::cidr_contains("10.244.0.0/24", "10.244.1.7"));
    assert!(policy::cidr_contains("0.0.0.0/0", "8.8.8.8"));
}

#[test]
fn nginx_error_lines_name_the_connection_of_their_request() {
    let line = |stderr: bool, text: &str| crate::Logged {
        at_ms: 0,
        stderr,
        text: text.to_string(),
    };
    let mut lines = vec![
        line(
            false,
            "a - - [x] \"GET / HTTP/1.1\" 200 615 \"-\" \"Wget\" \"-\"",
        ),
        line(true, &format!("e *{} open()", access::CONNECTION)),
        line(
            false,
            "a - - [x] \"GET /x HTTP/1.1\" 404 153 \"-\" \"Wget\" \"-\"",
        ),
    ];
    number_connections(&mut lines);
    assert_eq!(lines[1].text, "e *2 open()");
}

#[test]
fn mangled_arguments_never_panic() {
    let (api, sim) = cluster();
    let words = [
        "-",
        "-O",
        "-T",
        "-Tx",
        "-qé",
        "-é",
        "-m",
        "--max-time",
        "-w",
        "http://",
        "http://:x/",
        "https://empty",
        "ftp://x",
        "é",
        "-type=a",
        "10.0.0",
        "1.2.3.4.5",
        "a..b",
        ".",
        "",
        "--timeout=",
        "-o",
        "-sSvIif",
        "http://empty:99999/",
    ];
    for prog in PROGRAMS {
        for a in words {
            for b in words {
                let r = run(&api, &sim, "curlimages/curl", &[prog, a, b]);
                assert!(r.code >= 0);
            }
        }
    }
}
