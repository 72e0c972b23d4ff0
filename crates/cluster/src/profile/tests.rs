use super::*;
use crate::fixture::{booted, START as NOW};
use kubeplay_api::ApiServer;
use kubeplay_core::sort::SortOnce;

fn names(api: &ApiServer, gr: &str, ns: Option<&str>) -> Vec<String> {
    api.store().list(gr, ns).map(|(k, _)| k.name).collect()
}

#[test]
fn fresh_minikube_holds_what_minikube_boots_with() {
    let p = Profile::minikube();
    let (api, _) = booted(&p);
    let mut ns = names(&api, "/namespaces", None);
    ns.sort_once();
    assert_eq!(
        ns,
        ["default", "kube-node-lease", "kube-public", "kube-system"]
    );
    assert_eq!(names(&api, "/nodes", None), ["minikube"]);
    let mut pods = names(&api, "/pods", Some("kube-system"));
    pods.sort_once();
    assert_eq!(pods.len(), 7);
    assert!(pods[0].starts_with("coredns-668d6bf9bc-"));
    assert_eq!(
        &pods[1..4],
        [
            "etcd-minikube",
            "kube-apiserver-minikube",
            "kube-controller-manager-minikube"
        ]
    );
    assert!(pods[4].starts_with("kube-proxy-"));
    assert_eq!(
        &pods[5..],
        ["kube-scheduler-minikube", "storage-provisioner"]
    );
    assert_eq!(names(&api, "apps/deployments", None), ["coredns"]);
    assert_eq!(
        names(&api, "apps/replicasets", None),
        ["coredns-668d6bf9bc"]
    );
    assert_eq!(names(&api, "apps/daemonsets", None), ["kube-proxy"]);
    let mut svcs = names(&api, "/services", None);
    svcs.sort_once();
    assert_eq!(svcs, ["kube-dns", "kubernetes"]);
    assert_eq!(names(&api, "/endpoints", None).len(), 2);
    assert_eq!(
        names(&api, "discovery.k8s.io/endpointslices", None).len(),
        2
    );
    for n in ["default", "kube-node-lease", "kube-public", "kube-system"] {
        assert!(api.store().contains(&kubeplay_api::store::Key::new(
            "/serviceaccounts",
            n,
            "default"
        )));
        assert!(api.store().contains(&kubeplay_api::store::Key::new(
            "/configmaps",
            n,
            "kube-root-ca.crt"
        )));
    }
    assert!(names(&api, "/serviceaccounts", Some("kube-system")).len() > 30);
    // Everything `get all` shows was created five minutes before the course starts.
    let pod = api
        .store()
        .list("/pods", Some("kube-system"))
        .find(|(k, _)| k.name == "etcd-minikube")
        .map(|(_, v)| v.clone())
        .unwrap();
    assert_eq!(pod["metadata"]["creationTimestamp"], "2026-11-25T09:55:06Z");
    assert_eq!(pod["status"]["phase"], "Running");
    assert_eq!(pod["status"]["podIP"], "192.168.49.2");
    assert!(pod["status"]["containerStatuses"][0]["containerID"]
        .as_str()
        .unwrap()
        .starts_with("docker://"));
    let dns = api
        .store()
        .get(&kubeplay_api::store::Key::new(
            "/endpoints",
            "kube-system",
            "kube-dns",
        ))
        .unwrap();
    assert_eq!(dns["subsets"][0]["addresses"][0]["ip"], "10.244.0.2");
}

#[test]
fn a_booted_cluster_is_at_rest() {
    let p = Profile::minikube();
    let (mut api, mut sim) = booted(&p);
    let rv = api.store().current_resource_version();
    api.now = NOW;
    sim.reconcile(&mut api);
    assert_eq!(api.store().current_resource_version(), rv);
    // Later, only the kubelet's heartbeats write: its lease, renewed on the ten-second beat,
    // and the node's conditions, re-posted every five minutes.
    api.now = NOW.plus(30);
    sim.reconcile(&mut api);
    assert_eq!(api.store().current_resource_version(), rv + 2);
    let lease = api
        .store()
        .get(&kubeplay_api::store::Key::new(
            "coordination.k8s.io/leases",
            "kube-node-lease",
            "minikube",
        ))
        .unwrap();
    assert_eq!(lease["spec"]["renewTime"], "2026-11-25T10:00:26.104517Z");
}

#[test]
fn profiles_by_name() {
    assert_eq!(
        Profile::by_name("minikube").map(|p| p.node_name),
        Some("minikube".into())
    );
    assert!(Profile::by_name("k3s").is_some());
    assert_eq!(
        Profile::by_name("kind").map(|p| p.node_name),
        Some("kind-control-plane".into())
    );
    assert!(Profile::by_name("kind-kind").is_none());
}

#[test]
fn fresh_k3s_holds_what_k3s_boots_with() {
    let p = Profile::k3s();
    let (mut api, mut sim) = booted(&p);
    assert_eq!(names(&api, "/nodes", None), ["k3s-server"]);
    let mut deps = names(&api, "apps/deployments", Some("kube-system"));
    deps.sort_once();
    assert_eq!(
        deps,
        [
            "coredns",
            "local-path-provisioner",
            "metrics-server",
            "traefik"
        ]
    );
    assert_eq!(names(&api, "batch/jobs", Some("kube-system")).len(), 2);
    assert_eq!(names(&api, "/pods", Some("kube-system")).len(), 7);
    let dns = api
        .store()
        .get(&kubeplay_api::store::Key::new(
            "/services",
            "kube-system",
            "kube-dns",
        ))
        .unwrap();
    assert_eq!(dns["spec"]["clusterIP"], "10.43.0.10");
    let pod = api
        .store()
        .list("/pods", Some("kube-system"))
        .find(|(k, _)| k.name.starts_with("coredns-"))
        .map(|(_, v)| v.clone())
        .unwrap();
    assert!(pod["status"]["containerStatuses"][0]["containerID"]
        .as_str()
        .unwrap()
        .starts_with("containerd://"));
    assert_eq!(api.info.git_version, "v1.32.0+k3s1");
    // At rest, and new Services come from 10.43.0.0/16.
    let rv = api.store().current_resource_version();
    sim.reconcile(&mut api);
    assert_eq!(api.store().current_resource_version(), rv);
    let info = api.discovery.by_kind("v1", "Service").cloned().unwrap();
    let svc = serde_json::json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {"ports": [{"port": 80}]}});
    let out = api.create(&info, Some("default"), svc, false).unwrap();
    assert!(out["spec"]["clusterIP"]
        .as_str()
        .unwrap()
        .starts_with("10.43."));
}

#[test]
fn k3s_claims_wait_for_their_first_consumer() {
    let p = Profile::k3s();
    let (mut api, mut sim) = booted(&p);
    let pvc_info = api
        .discovery
        .by_kind("v1", "PersistentVolumeClaim")
        .cloned()
        .unwrap();
    let pod_info = api.discovery.by_kind("v1", "Pod").cloned().unwrap();
    let pvc = serde_json::json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"name": "data", "namespace": "default"},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}});
    api.create(&pvc_info, Some("default"), pvc, false).unwrap();
    sim.reconcile(&mut api);
    let key = kubeplay_api::store::Key::new("/persistentvolumeclaims", "default", "data");
    assert_eq!(api.store().get(&key).unwrap()["status"]["phase"], "Pending");
    let pod = serde_json::json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {"containers": [{"name": "web", "image": "nginx"}],
            "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "data"}}]}});
    api.create(&pod_info, Some("default"), pod, false).unwrap();
    sim.reconcile(&mut api);
    let c = api.store().get(&key).unwrap();
    assert_eq!(c["status"]["phase"], "Bound");
    assert_eq!(c["spec"]["storageClassName"], "local-path");
    assert_eq!(
        c["metadata"]["annotations"]["volume.kubernetes.io/selected-node"],
        "k3s-server"
    );
}

#[test]
fn the_api_server_accepts_every_profile_object() {
    for p in [Profile::minikube(), Profile::k3s(), Profile::kind()] {
        let mut api = ApiServer::new(NOW);
        let mut sim = p.sim();
        let problems = boot::load(&p, &mut api, &mut sim, NOW, boot::Admit::Checked);
        assert!(problems.is_empty(), "{}: {problems:#?}", p.name);
    }
}

#[test]
fn a_trusted_boot_stores_what_a_checked_boot_stores() {
    for p in [Profile::minikube(), Profile::k3s(), Profile::kind()] {
        let boot = |admit| {
            let mut api = ApiServer::new(NOW);
            let mut sim = p.sim();
            boot::load(&p, &mut api, &mut sim, NOW, admit);
            // The next uid drawn shows the random source was used alike.
            let next = api.rng.uid();
            let objects: Vec<(String, String)> = api
                .store()
                .iter()
                .map(|(k, v)| (format!("{k:?}"), v.to_string()))
                .collect();
            let resources: Vec<String> = api.discovery.all().iter().map(|i| i.gr()).collect();
            (objects, resources, next)
        };
        let (trusted, checked) = (boot(boot::Admit::Trusted), boot(boot::Admit::Checked));
        assert_eq!(trusted.0.len(), checked.0.len(), "{}", p.name);
        for (t, c) in trusted.0.iter().zip(&checked.0) {
            assert_eq!(t, c, "{}", p.name);
        }
        assert_eq!(trusted.1, checked.1, "{}", p.name);
        assert_eq!(trusted.2, checked.2, "{}", p.name);
    }
}

#[test]
fn fresh_kind_has_three_nodes_and_a_daemon_pod_on_each() {
    let p = Profile::kind();
    let (mut api, mut sim) = booted(&p);
    assert_eq!(
        names(&api, "/nodes", None),
        ["kind-control-plane", "kind-worker", "kind-worker2"]
    );
    let mut on_nodes: Vec<String> = api
        .store()
        .list("/pods", Some("kube-system"))
        .filter(|(k, _)| k.name.starts_with("kindnet-") || k.name.starts_with("kube-proxy-"))
        .map(|(_, p)| p["spec"]["nodeName"].as_str().unwrap().to_string())
        .collect();
    on_nodes.sort_once();
    assert_eq!(
        on_nodes,
        [
            "kind-control-plane",
            "kind-control-plane",
            "kind-worker",
            "kind-worker",
            "kind-worker2",
            "kind-worker2"
        ]
    );
    // At rest: the DaemonSets want no more pods.
    let rv = api.store().current_resource_version();
    sim.reconcile(&mut api);
    assert_eq!(api.store().current_resource_version(), rv);
}
