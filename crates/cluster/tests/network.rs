//! The network between pods through the simulator's public entry point for requests from the
//! node (`Sim::http_request`): a pod's IP and port, a pod by name, a Service's cluster IP, a
//! NodePort on the node's IP; and the access line each request leaves in nginx's log.

use serde_json::{json, Value};

use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_cluster::fixture::{booted, START as NOW};
use kubeplay_cluster::profile::Profile;
use kubeplay_sim::network::{Dial, HostRequest};
use kubeplay_sim::Sim;

fn create(api: &mut ApiServer, sim: &mut Sim, obj: Value) {
    let info = api
        .discovery
        .by_kind(meta::str_at(&obj, &["apiVersion"]), meta::kind(&obj))
        .cloned()
        .unwrap();
    api.create(&info, Some("default"), obj, false).unwrap();
    sim.reconcile(api);
}

/// An nginx pod labelled `app=web` and a NodePort Service for it, running after 20 s.
fn world() -> (ApiServer, Sim) {
    let (mut api, mut sim) = booted(&Profile::minikube());
    api.now = NOW;
    create(
        &mut api,
        &mut sim,
        json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx",
                "ports": [{"name": "http", "containerPort": 80}]}]}}),
    );
    create(
        &mut api,
        &mut sim,
        json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {"type": "NodePort", "selector": {"app": "web"},
                "ports": [{"port": 8080, "targetPort": "http", "nodePort": 30080}]}}),
    );
    api.now = NOW.plus(20);
    sim.reconcile(&mut api);
    (api, sim)
}

fn ip_of(api: &ApiServer, gr: &str, name: &str, field: &[&str]) -> String {
    let obj = api.store().get(&Key::new(gr, "default", name)).unwrap();
    meta::str_at(obj, field).to_string()
}

/// A GET from the node's curl.
fn get<'a>(host: &'a str, port: u16, path: &'a str) -> HostRequest<'a> {
    HostRequest {
        namespace: "default",
        host,
        port,
        path,
        agent: "curl/7.81.0",
        from: "192.168.49.2",
    }
}

fn log(api: &ApiServer, sim: &Sim) -> Vec<String> {
    let key = Key::new("/pods", "default", "web");
    sim.container_log(&key, "nginx", api.now, false)
        .unwrap()
        .into_iter()
        .map(|l| l.text)
        .collect()
}

#[test]
fn the_node_reaches_a_pod_a_service_and_a_node_port() {
    let (api, mut sim) = world();
    let pod_ip = ip_of(&api, "/pods", "web", &["status", "podIP"]);
    let svc_ip = ip_of(&api, "/services", "web", &["spec", "clusterIP"]);
    for (host, port) in [
        (pod_ip.as_str(), 80),
        ("web", 80),
        (svc_ip.as_str(), 8080),
        ("192.168.49.2", 30080),
    ] {
        let r = sim
            .http_request(&api, &get(host, port, "/"))
            .unwrap_or_else(|e| panic!("{host}:{port}: {e:?}"));
        assert_eq!(r.status, 200, "{host}:{port}");
        assert!(r.body.contains("Welcome to nginx!"));
    }
    let nope = sim.http_request(&api, &get("web", 80, "/nope")).unwrap();
    assert_eq!(nope.status, 404);
    let lines = log(&api, &sim);
    let access: Vec<&String> = lines.iter().filter(|l| l.contains("HTTP/1.1\" ")).collect();
    assert_eq!(access.len(), 5, "{lines:#?}");
    assert!(access[0].starts_with("192.168.49.2 - - ["), "{}", access[0]);
    assert!(access[4].contains("\"GET /nope HTTP/1.1\" 404 153"));
}

#[test]
fn what_nothing_answers_is_refused_or_dropped() {
    let (api, mut sim) = world();
    let pod_ip = ip_of(&api, "/pods", "web", &["status", "podIP"]);
    let svc_ip = ip_of(&api, "/services", "web", &["spec", "clusterIP"]);
    // Nothing listens on 81 in the pod: its kernel refuses.
    assert!(matches!(
        sim.http_request(&api, &get(&pod_ip, 81, "/")),
        Err(Dial::Refused(ip)) if ip == pod_ip
    ));
    // The Service has no port 80: kube-proxy forwards nothing there.
    assert!(matches!(
        sim.http_request(&api, &get(&svc_ip, 80, "/")),
        Err(Dial::Timeout)
    ));
    // An address no pod has.
    assert!(matches!(
        sim.http_request(&api, &get("10.244.0.200", 80, "/")),
        Err(Dial::Timeout)
    ));
}
