use serde_json::{json, Value};

use super::*;
use crate::discovery::Discovery;
use crate::store::Store;
use kubeplay_core::clock::Time;

const NOW: &str = "2026-11-25T10:00:00Z";

fn now() -> Time {
    Time::parse_rfc3339(NOW).unwrap()
}

/// Header names (wide included) and the cells of one object of `resource`.
fn table(resource: &str, obj: Value) -> (Vec<String>, Vec<Value>) {
    let d = Discovery::builtin();
    let info = d.resolve(resource).unwrap().clone();
    let store = Store::new();
    let t = render(&info, &[&obj], now(), "None", &store);
    let headers = t["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    let cells = t["rows"][0]["cells"].as_array().unwrap().clone();
    (headers, cells)
}

fn meta(name: &str) -> Value {
    json!({"name": name, "namespace": "default", "creationTimestamp": "2026-11-25T09:55:00Z"})
}

#[test]
fn deployment_columns_and_cells() {
    let d = json!({"metadata": meta("web"), "spec": {"replicas": 3,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}, {"name": "side", "image": "busybox"}]}}},
        "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}});
    let (h, c) = table("deploy", d);
    assert_eq!(
        h,
        [
            "Name",
            "Ready",
            "Up-to-date",
            "Available",
            "Age",
            "Containers",
            "Images",
            "Selector"
        ]
    );
    assert_eq!(
        c,
        vec![
            json!("web"),
            json!("2/3"),
            json!(3),
            json!(2),
            json!("5m"),
            json!("nginx,side"),
            json!("nginx:1.27,busybox"),
            json!("app=web")
        ]
    );
}

#[test]
fn replica_and_daemon_sets() {
    let rs = json!({"metadata": meta("web-5d4f"), "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "5d4f"}}},
        "status": {"replicas": 2, "readyReplicas": 1}});
    let (h, c) = table("rs", rs);
    assert_eq!(h[..5], ["Name", "Desired", "Current", "Ready", "Age"]);
    assert_eq!(c[1..4], [json!(2), json!(2), json!(1)]);
    assert_eq!(c[7], json!("app=web,pod-template-hash=5d4f"));
    let ds = json!({"metadata": meta("agent"), "spec": {"template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"}}}},
        "status": {"desiredNumberScheduled": 1, "currentNumberScheduled": 1, "numberReady": 1, "updatedNumberScheduled": 1, "numberAvailable": 1}});
    let (h, c) = table("ds", ds);
    assert_eq!(h[6], "Node Selector");
    assert_eq!(c[6], json!("kubernetes.io/os=linux"));
    assert_eq!(c[10], json!("<none>"));
}

#[test]
fn jobs_and_cronjobs() {
    let j = json!({"metadata": meta("pi"), "spec": {"completions": 1, "parallelism": 1},
        "status": {"succeeded": 1, "startTime": "2026-11-25T09:55:00Z", "completionTime": "2026-11-25T09:55:12Z",
            "conditions": [{"type": "Complete", "status": "True"}]}});
    let (h, c) = table("job", j);
    assert_eq!(h[..5], ["Name", "Status", "Completions", "Duration", "Age"]);
    assert_eq!(
        c[1..5],
        [json!("Complete"), json!("1/1"), json!("12s"), json!("5m")]
    );
    let running = json!({"metadata": meta("r"), "spec": {"completions": 3}, "status": {"startTime": "2026-11-25T09:59:30Z"}});
    let (_, c) = table("job", running);
    assert_eq!(c[1..4], [json!("Running"), json!("0/3"), json!("30s")]);
    let cj = json!({"metadata": meta("hello"), "spec": {"schedule": "*/1 * * * *", "suspend": false,
        "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "hello", "image": "busybox"}]}}}}}});
    let (h, c) = table("cj", cj);
    assert_eq!(
        h[..7],
        [
            "Name",
            "Schedule",
            "Timezone",
            "Suspend",
            "Active",
            "Last Schedule",
            "Age"
        ]
    );
    assert_eq!(
        c[1..6],
        [
            json!("*/1 * * * *"),
            json!("<none>"),
            json!("False"),
            json!(0),
            json!("<none>")
        ]
    );
}

#[test]
fn pod_status_column() {
    let base = |status: Value| json!({"metadata": meta("p"), "spec": {"containers": [{"name": "c"}]}, "status": status});
    let (h, c) = table("po", base(json!({"phase": "Pending"})));
    assert_eq!(
        h,
        [
            "Name",
            "Ready",
            "Status",
            "Restarts",
            "Age",
            "IP",
            "Node",
            "Nominated Node",
            "Readiness Gates"
        ]
    );
    assert_eq!(c[1..4], [json!("0/1"), json!("Pending"), json!("0")]);
    let creating = base(
        json!({"phase": "Pending", "containerStatuses": [{"name": "c", "ready": false, "restartCount": 0,
        "state": {"waiting": {"reason": "ContainerCreating"}}}]}),
    );
    assert_eq!(table("po", creating).1[2], json!("ContainerCreating"));
    let crash = base(
        json!({"phase": "Running", "podIP": "10.244.0.5", "podIPs": [{"ip": "10.244.0.5"}],
        "containerStatuses": [{"name": "c", "ready": false, "restartCount": 5,
        "state": {"waiting": {"reason": "CrashLoopBackOff"}},
        "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "2026-11-25T09:58:00Z"}}}]}),
    );
    let c = table("po", crash).1;
    assert_eq!(c[2..4], [json!("CrashLoopBackOff"), json!("5 (2m ago)")]);
    assert_eq!(c[5], json!("10.244.0.5"));
    let mut init = base(
        json!({"phase": "Pending", "initContainerStatuses": [{"name": "i", "restartCount": 0,
        "state": {"waiting": {"reason": "PodInitializing"}}}]}),
    );
    init["spec"]["initContainers"] = json!([{"name": "i"}]);
    assert_eq!(table("po", init).1[2], json!("Init:0/1"));
    let done = base(
        json!({"phase": "Succeeded", "containerStatuses": [{"name": "c", "ready": false, "restartCount": 0,
        "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}),
    );
    assert_eq!(table("po", done).1[2], json!("Completed"));
    let mut term = base(
        json!({"phase": "Running", "containerStatuses": [{"name": "c", "ready": true, "restartCount": 0,
        "state": {"running": {"startedAt": NOW}}}]}),
    );
    term["metadata"]["deletionTimestamp"] = json!(NOW);
    let c = table("po", term).1;
    assert_eq!(c[1..3], [json!("1/1"), json!("Terminating")]);
}

#[test]
fn config_rbac_storage_cells() {
    let (h, c) = table(
        "cm",
        json!({"metadata": meta("kube-root-ca.crt"), "data": {"ca.crt": "x"}}),
    );
    assert_eq!(h, ["Name", "Data", "Age"]);
    assert_eq!(c[1], json!(1));
    let (h, c) = table(
        "secret",
        json!({"metadata": meta("s"), "type": "Opaque", "data": {"a": "YQ==", "b": "Yg=="}}),
    );
    assert_eq!(h, ["Name", "Type", "Data", "Age"]);
    assert_eq!(c[1..3], [json!("Opaque"), json!(2)]);
    let (h, c) = table("clusterrole", json!({"metadata": meta("admin")}));
    assert_eq!(h, ["Name", "Created At"]);
    assert_eq!(c[1], json!("2026-11-25T09:55:00Z"));
    let rb = json!({"metadata": meta("rb"), "roleRef": {"kind": "ClusterRole", "name": "view"},
        "subjects": [{"kind": "User", "name": "alice"}, {"kind": "ServiceAccount", "name": "default", "namespace": "dev"}]});
    let (h, c) = table("rolebinding", rb);
    assert_eq!(
        h,
        ["Name", "Role", "Age", "Users", "Groups", "ServiceAccounts"]
    );
    assert_eq!(
        c[1..],
        [
            json!("ClusterRole/view"),
            json!("5m"),
            json!("alice"),
            json!(""),
            json!("dev/default")
        ]
    );
    let pvc = json!({"metadata": meta("data"), "spec": {"storageClassName": "standard", "volumeMode": "Filesystem", "volumeName": "pvc-1"},
        "status": {"phase": "Bound", "capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"]}});
    let (h, c) = table("pvc", pvc);
    assert_eq!(
        h,
        [
            "Name",
            "Status",
            "Volume",
            "Capacity",
            "Access Modes",
            "StorageClass",
            "VolumeAttributesClass",
            "Age",
            "VolumeMode"
        ]
    );
    assert_eq!(
        c[1..],
        [
            json!("Bound"),
            json!("pvc-1"),
            json!("1Gi"),
            json!("RWO"),
            json!("standard"),
            json!("<unset>"),
            json!("5m"),
            json!("Filesystem")
        ]
    );
    let sc = json!({"metadata": {"name": "standard", "creationTimestamp": "2026-11-25T09:55:00Z",
        "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
        "provisioner": "k8s.io/minikube-hostpath", "reclaimPolicy": "Delete", "volumeBindingMode": "Immediate"});
    let (_, c) = table("sc", sc);
    assert_eq!(
        c,
        vec![
            json!("standard (default)"),
            json!("k8s.io/minikube-hostpath"),
            json!("Delete"),
            json!("Immediate"),
            json!(false),
            json!("5m")
        ]
    );
}

#[test]
fn networking_and_events() {
    let ep = json!({"metadata": meta("web"), "subsets": [{"addresses": [{"ip": "10.244.0.3"}, {"ip": "10.244.0.4"}],
        "ports": [{"port": 80, "protocol": "TCP"}]}]});
    assert_eq!(table("ep", ep).1[1], json!("10.244.0.3:80,10.244.0.4:80"));
    let ing = json!({"metadata": meta("ing"), "spec": {"ingressClassName": "nginx", "rules": [{"host": "a.com"}, {"host": "b.com"}]}});
    let (h, c) = table("ing", ing);
    assert_eq!(h, ["Name", "Class", "Hosts", "Address", "Ports", "Age"]);
    assert_eq!(
        c[1..5],
        [json!("nginx"), json!("a.com,b.com"), json!(""), json!("80")]
    );
    let ev = json!({"metadata": meta("p.1"), "type": "Normal", "reason": "Scheduled",
        "involvedObject": {"kind": "Pod", "name": "p"}, "message": "Successfully assigned default/p to minikube",
        "source": {"component": "default-scheduler"}, "firstTimestamp": "2026-11-25T09:59:00Z", "lastTimestamp": "2026-11-25T09:59:00Z", "count": 1});
    let (h, c) = table("ev", ev);
    assert_eq!(
        h,
        [
            "Last Seen",
            "Type",
            "Reason",
            "Object",
            "Subobject",
            "Source",
            "Message",
            "First Seen",
            "Count",
            "Name"
        ]
    );
    assert_eq!(
        c,
        vec![
            json!("60s"),
            json!("Normal"),
            json!("Scheduled"),
            json!("pod/p"),
            json!(""),
            json!("default-scheduler"),
            json!("Successfully assigned default/p to minikube"),
            json!("60s"),
            json!(1),
            json!("p.1")
        ]
    );
}

#[test]
fn hpa_and_quota() {
    let hpa = json!({"metadata": meta("web"), "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"},
        "minReplicas": 1, "maxReplicas": 10,
        "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]},
        "status": {"currentReplicas": 1}});
    let (h, c) = table("hpa", hpa);
    assert_eq!(
        h,
        [
            "Name",
            "Reference",
            "Targets",
            "MinPods",
            "MaxPods",
            "Replicas",
            "Age"
        ]
    );
    assert_eq!(
        c[1..6],
        [
            json!("Deployment/web"),
            json!("cpu: <unknown>/80%"),
            json!("1"),
            json!(10),
            json!(1)
        ]
    );
    let q = json!({"metadata": meta("q"), "status": {"hard": {"pods": "4", "requests.cpu": "1", "limits.memory": "2Gi"},
        "used": {"pods": "1", "requests.cpu": "0", "limits.memory": "0"}}});
    let (h, c) = table("quota", q);
    assert_eq!(h, ["Name", "Age", "Request", "Limit"]);
    assert_eq!(
        c[2..],
        [
            json!("pods: 1/4, requests.cpu: 0/1"),
            json!("limits.memory: 0/2Gi")
        ]
    );
}

#[test]
fn node_without_conditions_is_unknown() {
    let n = json!({"metadata": {"name": "minikube", "creationTimestamp": "2026-11-25T09:55:00Z",
        "labels": {"node-role.kubernetes.io/control-plane": ""}}, "status": {"nodeInfo": {"kubeletVersion": "v1.32.0"}}});
    let (_, c) = table("no", n);
    assert_eq!(
        c[..5],
        [
            json!("minikube"),
            json!("Unknown"),
            json!("control-plane"),
            json!("5m"),
            json!("v1.32.0")
        ]
    );
}

#[test]
fn custom_resources_use_printer_columns() {
    let mut d = Discovery::builtin();
    let mut info = d.resolve("po").unwrap().clone();
    info.group = "stable.example.com".into();
    info.version = "v1".into();
    info.kind = "CronTab".into();
    info.plural = "crontabs".into();
    d.add(info.clone());
    let mut store = Store::new();
    let crd = json!({"metadata": {"name": "crontabs.stable.example.com"}, "spec": {"versions": [{"name": "v1",
        "additionalPrinterColumns": [
            {"name": "Spec", "type": "string", "jsonPath": ".spec.cronSpec"},
            {"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"},
            {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"},
            {"name": "Image", "type": "string", "jsonPath": ".spec.image", "priority": 1}]}]}});
    store.put(
        crate::store::Key::new(
            "apiextensions.k8s.io/customresourcedefinitions",
            "",
            "crontabs.stable.example.com",
        ),
        crd,
    );
    let obj = json!({"metadata": meta("my-new-cron-object"), "spec": {"cronSpec": "* * * * */5", "replicas": 1}});
    let t = render(&info, &[&obj], now(), "None", &store);
    let names: Vec<&str> = t["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Name", "Spec", "Replicas", "Age", "Image"]);
    assert_eq!(t["columnDefinitions"][4]["priority"], json!(1));
    assert_eq!(
        t["rows"][0]["cells"],
        json!(["my-new-cron-object", "* * * * */5", 1, "5m", null])
    );
}
