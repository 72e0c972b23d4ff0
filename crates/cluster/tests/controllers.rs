//! Controllers on a fixed clock, on a fresh minikube.

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer, ResourceInfo};
use kubeplay_cluster::fixture::{booted, START as NOW};
use kubeplay_cluster::profile::Profile;
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_sim::Sim;

struct T {
    api: ApiServer,
    sim: Sim,
}

impl T {
    fn new() -> T {
        let (api, sim) = booted(&Profile::minikube());
        T { api, sim }
    }

    fn at(&mut self, secs: i64) {
        self.api.now = NOW.plus(secs);
        self.sim.reconcile(&mut self.api);
    }

    fn create(&mut self, obj: Value) -> Value {
        let info = self
            .api
            .discovery
            .by_kind(meta::str_at(&obj, &["apiVersion"]), meta::kind(&obj))
            .cloned()
            .unwrap();
        let ns = meta::namespace(&obj).to_string();
        let ns = (!ns.is_empty()).then_some(ns.as_str());
        let out = self.api.create(&info, ns, obj, false).unwrap();
        self.sim.reconcile(&mut self.api);
        out
    }

    fn delete(&mut self, gr: &str, ns: &str, name: &str) {
        let info = info(&self.api, gr).unwrap();
        let ns = (!ns.is_empty()).then_some(ns);
        self.api.delete(&info, ns, name, false).unwrap();
        self.sim.reconcile(&mut self.api);
    }

    fn get(&self, gr: &str, ns: &str, name: &str) -> Option<Value> {
        self.api.store().get(&Key::new(gr, ns, name)).cloned()
    }

    fn list(&self, gr: &str, ns: &str) -> Vec<Value> {
        self.api
            .store()
            .list(gr, Some(ns))
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// (reason, message, component) of the events about `name`, oldest first.
    fn events(&self, ns: &str, name: &str) -> Vec<(String, String, String)> {
        let mut evs: Vec<Value> = self
            .list("/events", ns)
            .into_iter()
            .filter(|e| meta::str_at(e, &["involvedObject", "name"]) == name)
            .collect();
        evs.sort_once_by_key(|e| {
            let t = meta::str_at(e, &["lastTimestamp"]);
            if t.is_empty() {
                meta::str_at(e, &["eventTime"])
                    .chars()
                    .take(19)
                    .collect::<String>()
            } else {
                t.chars().take(19).collect()
            }
        });
        evs.iter()
            .map(|e| {
                let src = meta::str_at(e, &["source", "component"]);
                let src = if src.is_empty() {
                    meta::str_at(e, &["reportingComponent"])
                } else {
                    src
                };
                (
                    meta::str_at(e, &["reason"]).to_string(),
                    meta::str_at(e, &["message"]).to_string(),
                    src.to_string(),
                )
            })
            .collect()
    }
}

fn pod(ns: &str, name: &str, image: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": {"run": name}},
        "spec": {"containers": [{"name": name, "image": image}]}})
}

fn deployment(name: &str, replicas: i64) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": "default", "labels": {"app": name}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
                    "ports": [{"containerPort": 80}]}]}}}})
}

fn ready(p: &Value) -> bool {
    p["status"]["conditions"].as_array().is_some_and(|l| {
        l.iter()
            .any(|c| c["type"] == "Ready" && c["status"] == "True")
    })
}

#[test]
fn a_pod_is_scheduled_then_created_then_running() {
    let mut t = T::new();
    t.create(pod("default", "web", "nginx"));
    let p = t.get("/pods", "default", "web").unwrap();
    assert_eq!(p["spec"]["nodeName"], "minikube");
    assert_eq!(p["status"]["phase"], "Pending");
    assert_eq!(
        p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
        "ContainerCreating"
    );
    assert!(p["status"].get("podIP").is_none());
    assert_eq!(p["status"]["hostIP"], "192.168.49.2");
    t.at(1);
    let p = t.get("/pods", "default", "web").unwrap();
    assert_eq!(p["status"]["podIP"], "10.244.0.3");
    assert_eq!(p["status"]["phase"], "Pending");
    t.at(10);
    let p = t.get("/pods", "default", "web").unwrap();
    assert_eq!(p["status"]["phase"], "Running");
    assert!(ready(&p));
    let cs = &p["status"]["containerStatuses"][0];
    assert_eq!(cs["image"], "nginx:latest");
    assert!(cs["containerID"].as_str().unwrap().starts_with("docker://"));
    assert_eq!(cs["containerID"].as_str().unwrap().len(), 9 + 64);
    assert!(cs["imageID"]
        .as_str()
        .unwrap()
        .starts_with("docker-pullable://nginx@sha256:"));
    assert_eq!(p["status"]["qosClass"], "BestEffort");
    let types: Vec<&str> = p["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "PodReadyToStartContainers",
            "Initialized",
            "Ready",
            "ContainersReady",
            "PodScheduled"
        ]
    );
    let evs = t.events("default", "web");
    let reasons: Vec<&str> = evs.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        reasons,
        ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    );
    assert_eq!(evs[0].1, "Successfully assigned default/web to minikube");
    assert_eq!(evs[0].2, "default-scheduler");
    assert_eq!(evs[1].1, "Pulling image \"nginx\"");
    assert!(evs[2]
        .1
        .starts_with("Successfully pulled image \"nginx\" in "));
    assert!(evs[2]
        .1
        .ends_with("including waiting). Image size: 192004242 bytes."));
    assert_eq!(evs[3].1, "Created container: web");
    assert_eq!(evs[4].1, "Started container web");
    assert_eq!(evs[4].2, "kubelet");
}

#[test]
fn present_images_are_not_pulled_again() {
    let mut t = T::new();
    let mut p = pod("default", "dns", "registry.k8s.io/coredns/coredns:v1.11.3");
    p["spec"]["containers"][0]["imagePullPolicy"] = json!("IfNotPresent");
    t.create(p);
    t.at(1);
    let p = t.get("/pods", "default", "dns").unwrap();
    assert_eq!(p["status"]["phase"], "Running");
    let evs = t.events("default", "dns");
    assert_eq!(
        evs[1].1,
        "Container image \"registry.k8s.io/coredns/coredns:v1.11.3\" already present on machine"
    );
}

#[test]
fn pod_ips_are_handed_out_in_order() {
    let mut t = T::new();
    t.create(pod("default", "a", "nginx"));
    t.create(pod("default", "b", "nginx"));
    t.at(2);
    assert_eq!(
        t.get("/pods", "default", "a").unwrap()["status"]["podIP"],
        "10.244.0.3"
    );
    assert_eq!(
        t.get("/pods", "default", "b").unwrap()["status"]["podIP"],
        "10.244.0.4"
    );
}

#[test]
fn a_deployment_makes_a_replicaset_and_pods() {
    let mut t = T::new();
    t.create(deployment("web", 3));
    let rss = t.list("apps/replicasets", "default");
    assert_eq!(rss.len(), 1);
    let rs = &rss[0];
    let rs_name = meta::name(rs).to_string();
    let hash = rs["metadata"]["labels"]["pod-template-hash"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(rs_name, format!("web-{hash}"));
    assert!(hash
        .chars()
        .all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)));
    assert_eq!(rs["metadata"]["ownerReferences"][0]["kind"], "Deployment");
    assert_eq!(rs["metadata"]["ownerReferences"][0]["controller"], true);
    assert_eq!(
        rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "1"
    );
    let pods = t.list("/pods", "default");
    assert_eq!(pods.len(), 3);
    for p in &pods {
        let n = meta::name(p);
        assert!(n.starts_with(&format!("{rs_name}-")) && n.len() == rs_name.len() + 6);
        assert_eq!(p["metadata"]["labels"]["pod-template-hash"], hash.as_str());
        assert_eq!(
            p["metadata"]["ownerReferences"][0]["blockOwnerDeletion"],
            true
        );
    }
    t.at(12);
    let d = t.get("apps/deployments", "default", "web").unwrap();
    assert_eq!(d["status"]["readyReplicas"], 3);
    assert_eq!(d["status"]["availableReplicas"], 3);
    assert_eq!(d["status"]["updatedReplicas"], 3);
    assert_eq!(d["status"]["observedGeneration"], 1);
    assert_eq!(d["status"]["conditions"][0]["type"], "Available");
    assert_eq!(
        d["status"]["conditions"][0]["reason"],
        "MinimumReplicasAvailable"
    );
    assert_eq!(
        d["status"]["conditions"][1]["reason"],
        "NewReplicaSetAvailable"
    );
    assert_eq!(
        d["status"]["conditions"][1]["message"],
        format!("ReplicaSet \"{rs_name}\" has successfully progressed.")
    );
    let evs = t.events("default", "web");
    assert_eq!(evs[0].0, "ScalingReplicaSet");
    assert_eq!(
        evs[0].1,
        format!("Scaled up replica set {rs_name} from 0 to 3")
    );
    let rs_evs = t.events("default", &rs_name);
    assert_eq!(rs_evs.len(), 3);
    assert!(rs_evs[0].1.starts_with(&format!("Created pod: {rs_name}-")));

    // Scaling down.
    let info = info(&t.api, "apps/deployments").unwrap();
    let mut d2 = d.clone();
    d2["spec"]["replicas"] = json!(1);
    t.api
        .update(&info, Some("default"), "web", d2, false)
        .unwrap();
    t.at(13);
    // The two removed pods terminate (nginx exits on SIGTERM within two seconds), then go.
    let live = |t: &T| {
        t.list("/pods", "default")
            .iter()
            .filter(|p| p["metadata"]["deletionTimestamp"].is_null())
            .count()
    };
    assert_eq!(live(&t), 1);
    t.at(15);
    assert_eq!(t.list("/pods", "default").len(), 1);
    let d = t.get("apps/deployments", "default", "web").unwrap();
    assert_eq!(d["status"]["replicas"], 1);
    assert_eq!(d["status"]["observedGeneration"], 2);
    let evs = t.events("default", "web");
    assert_eq!(
        evs[1].1,
        format!("Scaled down replica set {rs_name} from 3 to 1")
    );

    // Deleting the Deployment takes its ReplicaSet and pods along.
    t.delete("apps/deployments", "default", "web");
    assert!(t.list("apps/replicasets", "default").is_empty());
    assert_eq!(live(&t), 0);
    t.at(17);
    assert!(t.list("/pods", "default").is_empty());
}

#[test]
fn a_new_template_rolls_to_a_new_replicaset() {
    let mut t = T::new();
    t.create(deployment("web", 2));
    t.at(10);
    let info = info(&t.api, "apps/deployments").unwrap();
    let mut d = t.get("apps/deployments", "default", "web").unwrap();
    d["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.26");
    t.api
        .update(&info, Some("default"), "web", d, false)
        .unwrap();
    t.at(11);
    let rss = t.list("apps/replicasets", "default");
    assert_eq!(rss.len(), 2);
    let new = rss
        .iter()
        .find(|r| r["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2")
        .unwrap();
    // 2 replicas at 25%: one surge pod, none unavailable, so the new ReplicaSet starts at 1.
    assert_eq!(new["spec"]["replicas"], 1);
    let d = t.get("apps/deployments", "default", "web").unwrap();
    assert_eq!(
        d["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "2"
    );
    // Pod by pod, as the new ones become ready, the old ReplicaSet goes to zero.
    t.at(60);
    let sizes: Vec<(String, i64)> = t
        .list("apps/replicasets", "default")
        .iter()
        .map(|r| {
            let rev = r["metadata"]["annotations"]["deployment.kubernetes.io/revision"].clone();
            (
                rev.as_str().unwrap_or("").to_string(),
                r["spec"]["replicas"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert!(sizes.contains(&("2".to_string(), 2)), "{sizes:?}");
    assert!(sizes.contains(&("1".to_string(), 0)), "{sizes:?}");
    let d = t.get("apps/deployments", "default", "web").unwrap();
    assert_eq!(d["status"]["updatedReplicas"], 2);
    assert_eq!(
        d["status"]["conditions"][1]["reason"],
        "NewReplicaSetAvailable"
    );
}

#[test]
fn services_get_endpoints_of_ready_pods() {
    let mut t = T::new();
    t.create(deployment("web", 2));
    t.create(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 80, "protocol": "TCP"}]}}));
    t.at(1);
    let ep = t.get("/endpoints", "default", "web").unwrap();
    assert_eq!(
        ep["subsets"][0]["notReadyAddresses"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    t.at(12);
    let ep = t.get("/endpoints", "default", "web").unwrap();
    let ips: Vec<&str> = ep["subsets"][0]["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ip"].as_str().unwrap())
        .collect();
    assert_eq!(ips, ["10.244.0.3", "10.244.0.4"]);
    assert_eq!(
        ep["subsets"][0]["ports"],
        json!([{"port": 80, "protocol": "TCP"}])
    );
    let slices: Vec<Value> = t
        .list("discovery.k8s.io/endpointslices", "default")
        .into_iter()
        .filter(|s| s["metadata"]["labels"]["kubernetes.io/service-name"] == "web")
        .collect();
    assert_eq!(slices.len(), 1);
    assert!(meta::name(&slices[0]).starts_with("web-"));
    assert_eq!(slices[0]["endpoints"].as_array().unwrap().len(), 2);
    t.delete("/services", "default", "web");
    assert!(t.get("/endpoints", "default", "web").is_none());
    assert!(t
        .list("discovery.k8s.io/endpointslices", "default")
        .iter()
        .all(|s| s["metadata"]["labels"]["kubernetes.io/service-name"] != "web"));
}

#[test]
fn namespaces_are_populated_and_terminated() {
    let mut t = T::new();
    t.create(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "tp"}}));
    assert!(t.get("/serviceaccounts", "tp", "default").is_some());
    let cm = t.get("/configmaps", "tp", "kube-root-ca.crt").unwrap();
    assert!(cm["data"]["ca.crt"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    t.create(pod("tp", "web", "nginx"));
    t.at(5);
    t.delete("/namespaces", "", "tp");
    // The running pod terminates gracefully first; the namespace waits for it.
    let p = t.get("/pods", "tp", "web").unwrap();
    assert_eq!(p["metadata"]["deletionGracePeriodSeconds"], 30);
    assert_eq!(
        t.get("/namespaces", "", "tp").unwrap()["status"]["phase"],
        "Terminating"
    );
    t.at(7);
    assert!(t.list("/pods", "tp").is_empty());
    assert!(t.get("/namespaces", "", "tp").is_some());
    t.at(8);
    assert!(t.get("/namespaces", "", "tp").is_none());
    assert!(t.list("/serviceaccounts", "tp").is_empty());
}

#[test]
fn a_job_runs_to_completion() {
    let mut t = T::new();
    t.create(json!({"apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "pi", "namespace": "default"},
        "spec": {"template": {"spec": {"restartPolicy": "Never",
            "containers": [{"name": "pi", "image": "perl:5.34", "command": ["perl", "-e", "print 1"]}]}}}}));
    let pods = t.list("/pods", "default");
    assert_eq!(pods.len(), 1);
    assert!(meta::name(&pods[0]).starts_with("pi-"));
    assert_eq!(pods[0]["metadata"]["labels"]["job-name"], "pi");
    t.at(30);
    let p = &t.list("/pods", "default")[0];
    assert_eq!(p["status"]["phase"], "Succeeded");
    assert_eq!(
        p["status"]["containerStatuses"][0]["state"]["terminated"]["reason"],
        "Completed"
    );
    let j = t.get("batch/jobs", "default", "pi").unwrap();
    assert_eq!(j["status"]["succeeded"], 1);
    assert!(j["status"]["completionTime"].is_string());
    assert_eq!(j["status"]["conditions"][1]["type"], "Complete");
    let evs = t.events("default", "pi");
    assert_eq!(evs.last().unwrap().1, "Job completed");
}

#[test]
fn a_daemonset_runs_one_pod_on_the_node() {
    let mut t = T::new();
    t.create(json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "agent", "namespace": "default"},
        "spec": {"selector": {"matchLabels": {"app": "agent"}},
            "template": {"metadata": {"labels": {"app": "agent"}},
                "spec": {"containers": [{"name": "a", "image": "busybox", "command": ["sleep", "infinity"]}]}}}}));
    t.at(10);
    let pods = t.list("/pods", "default");
    assert_eq!(pods.len(), 1);
    assert_eq!(pods[0]["status"]["phase"], "Running");
    let ds = t.get("apps/daemonsets", "default", "agent").unwrap();
    assert_eq!(ds["status"]["numberReady"], 1);
    assert_eq!(ds["status"]["desiredNumberScheduled"], 1);
}

#[test]
fn unrelated_writes_cost_no_controller_work() {
    let mut t = T::new();
    let info = info(&t.api, "/configmaps").unwrap();
    for i in 0..3000 {
        let cm = json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": format!("cm-{i}"), "namespace": "default"}});
        t.api.create(&info, Some("default"), cm, false).unwrap();
        t.sim.reconcile(&mut t.api);
    }
    let rv = t.api.store().current_resource_version();
    t.at(0);
    assert_eq!(t.api.store().current_resource_version(), rv);
}

#[test]
fn a_container_that_exits_is_restarted_with_back_off() {
    let mut t = T::new();
    t.create(pod("default", "bb", "busybox"));
    t.at(30);
    let state = |t: &T| {
        let p = t.get("/pods", "default", "bb").unwrap();
        let cs = p["status"]["containerStatuses"][0].clone();
        (p["status"]["phase"].as_str().unwrap().to_string(), cs)
    };
    let (phase, cs) = state(&t);
    assert_eq!(phase, "Running");
    assert!(cs["restartCount"].as_i64().unwrap() >= 1, "{cs:#}");
    assert_eq!(cs["lastState"]["terminated"]["reason"], "Completed");
    t.at(600);
    let (_, cs) = state(&t);
    assert!(cs["restartCount"].as_i64().unwrap() >= 4);
    let waiting = &cs["state"]["waiting"];
    if waiting.is_object() {
        assert_eq!(waiting["reason"], "CrashLoopBackOff");
    }
    let backoffs: Vec<Value> = t
        .list("/events", "default")
        .into_iter()
        .filter(|e| e["reason"] == "BackOff")
        .collect();
    assert_eq!(backoffs.len(), 1);
    assert!(backoffs[0]["count"].as_i64().unwrap() >= 4);
    assert_eq!(backoffs[0]["type"], "Warning");
}

#[test]
fn a_cronjob_starts_jobs_on_schedule() {
    let mut t = T::new();
    t.create(json!({"apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": "hello", "namespace": "default"},
        "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": {
            "restartPolicy": "OnFailure",
            "containers": [{"name": "hello", "image": "busybox", "command": ["date"]}]}}}}}}));
    assert!(t.list("batch/jobs", "default").is_empty());
    t.at(60);
    let jobs = t.list("batch/jobs", "default");
    assert_eq!(jobs.len(), 1);
    assert_eq!(meta::name(&jobs[0]), format!("hello-{}", (NOW.0 + 60) / 60));
    let cj = t.get("batch/cronjobs", "default", "hello").unwrap();
    assert_eq!(cj["status"]["lastScheduleTime"], "2026-11-25T10:01:00Z");
    assert_eq!(cj["status"]["active"].as_array().unwrap().len(), 1);
    t.at(90);
    let cj = t.get("batch/cronjobs", "default", "hello").unwrap();
    assert!(cj["status"].get("active").is_none(), "{cj:#}");
    assert!(cj["status"]["lastSuccessfulTime"].is_string());
    t.at(306);
    // Every minute ran; the three newest finished Jobs are kept.
    let mut names: Vec<String> = t
        .list("batch/jobs", "default")
        .iter()
        .map(|j| meta::name(j).to_string())
        .collect();
    names.sort_once();
    let minute = |m: i64| format!("hello-{}", (NOW.0 + 60 * m) / 60);
    assert_eq!(names, [minute(3), minute(4), minute(5)]);
    let j = t.get("batch/jobs", "default", &minute(3)).unwrap();
    assert_eq!(j["metadata"]["creationTimestamp"], "2026-11-25T10:03:00Z");
    let deleted = t
        .events("default", "hello")
        .into_iter()
        .filter(|e| e.0 == "SuccessfulDelete")
        .count();
    assert_eq!(deleted, 2);
}

#[test]
fn deleted_children_are_replaced() {
    let mut t = T::new();
    t.create(deployment("web", 2));
    t.at(10);
    let pod = meta::name(&t.list("/pods", "default")[0]).to_string();
    t.delete("/pods", "default", &pod);
    // The deleted pod terminates; its replacement is made at once.
    let live: Vec<Value> = t
        .list("/pods", "default")
        .into_iter()
        .filter(|p| p["metadata"]["deletionTimestamp"].is_null())
        .collect();
    assert_eq!(live.len(), 2);
    assert!(live.iter().all(|p| meta::name(p) != pod));
    t.at(12);
    assert_eq!(t.list("/pods", "default").len(), 2);
    let rs = meta::name(&t.list("apps/replicasets", "default")[0]).to_string();
    t.delete("apps/replicasets", "default", &rs);
    let rss = t.list("apps/replicasets", "default");
    assert_eq!(rss.len(), 1);
    // The old pods terminate beside the new ReplicaSet's.
    t.at(14);
    assert_eq!(t.list("/pods", "default").len(), 2);
}

fn claim(name: &str, class: Option<&str>) -> Value {
    let mut c = json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}});
    if let Some(cl) = class {
        c["spec"]["storageClassName"] = json!(cl);
    }
    c
}

#[test]
fn claims_are_provisioned_and_bound() {
    let mut t = T::new();
    t.create(claim("data", None));
    let c = t.get("/persistentvolumeclaims", "default", "data").unwrap();
    assert_eq!(c["status"]["phase"], "Bound");
    assert_eq!(c["spec"]["storageClassName"], "standard");
    let pv_name = c["spec"]["volumeName"].as_str().unwrap().to_string();
    assert_eq!(pv_name, format!("pvc-{}", c.uid()));
    let pv = t.get("/persistentvolumes", "", &pv_name).unwrap();
    assert_eq!(pv["status"]["phase"], "Bound");
    assert_eq!(
        pv["spec"]["hostPath"]["path"],
        "/tmp/hostpath-provisioner/default/data"
    );
    assert_eq!(pv["spec"]["claimRef"]["name"], "data");
    let evs = t.events("default", "data");
    assert_eq!(
        evs.last().unwrap().1,
        format!("Successfully provisioned volume {pv_name}")
    );
    // The claim goes, and its dynamically made volume with it.
    t.delete("/persistentvolumeclaims", "default", "data");
    assert!(t.get("/persistentvolumes", "", &pv_name).is_none());
}

#[test]
fn claims_bind_to_matching_volumes() {
    let mut t = T::new();
    t.create(json!({"apiVersion": "v1", "kind": "PersistentVolume",
        "metadata": {"name": "pv1"},
        "spec": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "2Gi"},
            "storageClassName": "manual", "hostPath": {"path": "/data"},
            "persistentVolumeReclaimPolicy": "Retain"}}));
    assert_eq!(
        t.get("/persistentvolumes", "", "pv1").unwrap()["status"]["phase"],
        "Available"
    );
    t.create(claim("c1", Some("manual")));
    let c = t.get("/persistentvolumeclaims", "default", "c1").unwrap();
    assert_eq!(c["spec"]["volumeName"], "pv1");
    assert_eq!(c["status"]["capacity"]["storage"], "2Gi");
    t.delete("/persistentvolumeclaims", "default", "c1");
    assert_eq!(
        t.get("/persistentvolumes", "", "pv1").unwrap()["status"]["phase"],
        "Released"
    );
}

#[test]
fn readiness_waits_for_the_probe_delay() {
    let mut t = T::new();
    let mut p = pod("default", "slow", "nginx:1.27");
    // nginx answers `/` on port 80: the probe passes once its delay is over.
    p["spec"]["containers"][0]["readinessProbe"] =
        json!({"initialDelaySeconds": 5, "httpGet": {"path": "/", "port": 80}});
    t.create(p);
    let running = (1..60)
        .find(|i| {
            t.at(*i);
            t.get("/pods", "default", "slow").unwrap()["status"]["phase"] == "Running"
        })
        .unwrap();
    let p = t.get("/pods", "default", "slow").unwrap();
    assert!(!ready(&p));
    assert_eq!(p["status"]["containerStatuses"][0]["ready"], false);
    t.at(running + 4);
    assert!(!ready(&t.get("/pods", "default", "slow").unwrap()));
    t.at(running + 5);
    assert!(ready(&t.get("/pods", "default", "slow").unwrap()));
}

#[test]
fn readiness_on_a_port_nothing_listens_on_never_passes() {
    let mut t = T::new();
    let mut p = pod("default", "paused", "registry.k8s.io/pause:3.10");
    p["spec"]["containers"][0]["imagePullPolicy"] = json!("IfNotPresent");
    p["spec"]["containers"][0]["readinessProbe"] = json!({"httpGet": {"path": "/", "port": 80}});
    t.create(p);
    t.at(60);
    let p = t.get("/pods", "default", "paused").unwrap();
    assert_eq!(p["status"]["phase"], "Running");
    assert!(!ready(&p));
}

#[test]
fn a_statefulset_makes_ordered_pods_with_claims() {
    let mut t = T::new();
    t.create(json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "db", "namespace": "default"},
        "spec": {"replicas": 2, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
            "template": {"metadata": {"labels": {"app": "db"}},
                "spec": {"containers": [{"name": "db", "image": "nginx"}]}},
            "volumeClaimTemplates": [{"metadata": {"name": "data"},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}}));
    let names = |t: &T| -> Vec<String> {
        t.list("/pods", "default")
            .iter()
            .map(|p| meta::name(p).to_string())
            .collect()
    };
    assert_eq!(names(&t), ["db-0"]);
    let p = t.get("/pods", "default", "db-0").unwrap();
    assert_eq!(p["spec"]["hostname"], "db-0");
    assert_eq!(p["spec"]["subdomain"], "db");
    assert_eq!(p["metadata"]["labels"]["apps.kubernetes.io/pod-index"], "0");
    let c = t
        .get("/persistentvolumeclaims", "default", "data-db-0")
        .unwrap();
    assert_eq!(c["status"]["phase"], "Bound");
    t.at(10);
    assert_eq!(names(&t), ["db-0", "db-1"]);
    t.at(20);
    let s = t.get("apps/statefulsets", "default", "db").unwrap();
    assert_eq!(s["status"]["readyReplicas"], 2);
    let info = info(&t.api, "apps/statefulsets").unwrap();
    let mut s2 = s.clone();
    s2["spec"]["replicas"] = json!(0);
    t.api
        .update(&info, Some("default"), "db", s2, false)
        .unwrap();
    // One at a time from the top: db-1 terminates (two seconds for nginx), then db-0.
    t.at(21);
    let p = t.get("/pods", "default", "db-1").unwrap();
    assert!(!p["metadata"]["deletionTimestamp"].is_null());
    assert!(t.get("/pods", "default", "db-0").unwrap()["metadata"]["deletionTimestamp"].is_null());
    t.at(23);
    assert_eq!(names(&t), ["db-0"]);
    t.at(26);
    assert!(names(&t).is_empty());
    // Claims stay.
    assert!(t
        .get("/persistentvolumeclaims", "default", "data-db-1")
        .is_some());
}

fn info(api: &ApiServer, gr: &str) -> Option<ResourceInfo> {
    api.discovery.all().iter().find(|r| r.gr() == gr).cloned()
}
