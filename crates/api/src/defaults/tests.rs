use crate::meta::ResourceExt;
use serde_json::json;

use super::*;

#[test]
fn minimal_pod_is_fully_defaulted() {
    let mut pod = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "nginx", "namespace": "default", "labels": {"run": "nginx"}},
        "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}
    });
    pod_service_account(&mut pod, "default", "abcde");
    apply("Pod", &mut pod);
    let want = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "nginx", "namespace": "default", "labels": {"run": "nginx"}},
        "spec": {
            "containers": [{
                "name": "nginx", "image": "nginx",
                "volumeMounts": [{"name": "kube-api-access-abcde", "readOnly": true,
                    "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}],
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "imagePullPolicy": "Always",
                "resources": {}
            }],
            "serviceAccountName": "default",
            "serviceAccount": "default",
            "volumes": [{"name": "kube-api-access-abcde", "projected": {
                "sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                    {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                    {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}
                ],
                "defaultMode": 420}}],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "securityContext": {},
            "schedulerName": "default-scheduler",
            "enableServiceLinks": true,
            "priority": 0,
            "preemptionPolicy": "PreemptLowerPriority",
            "tolerations": [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
            ]
        },
        "status": {"phase": "Pending", "qosClass": "BestEffort"}
    });
    assert_eq!(pod, want);
    let again = {
        let mut p = pod.clone();
        pod_service_account(&mut p, "default", "zzzzz");
        apply("Pod", &mut p);
        p
    };
    assert_eq!(again, want, "defaulting is idempotent");
}

#[test]
fn image_pull_policy_follows_tag() {
    assert!(pod::latest("nginx"));
    assert!(pod::latest("nginx:latest"));
    assert!(pod::latest("localhost:5000/nginx"));
    assert!(!pod::latest("nginx:1.27"));
    assert!(!pod::latest("nginx@sha256:abc"));
}

#[test]
fn qos_and_requests_from_limits() {
    let mut pod = json!({"spec": {"containers": [{"name": "a", "image": "x:1",
        "resources": {"limits": {"cpu": "100m", "memory": "64Mi"}}}]}});
    apply("Pod", &mut pod);
    assert_eq!(
        pod.pointer("/spec/containers/0/resources/requests"),
        Some(&json!({"cpu": "100m", "memory": "64Mi"}))
    );
    assert_eq!(pod.pointer("/status/qosClass"), Some(&json!("Guaranteed")));
    let mut pod = json!({"spec": {"containers": [{"name": "a", "image": "x:1",
        "resources": {"requests": {"cpu": "100m"}}}]}});
    apply("Pod", &mut pod);
    assert_eq!(pod.pointer("/status/qosClass"), Some(&json!("Burstable")));
}

#[test]
fn deployment_defaults() {
    let mut d = json!({"metadata": {"name": "web"}, "spec": {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}]}}}});
    apply("Deployment", &mut d);
    let want = json!({"metadata": {"name": "web"}, "spec": {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}, "creationTimestamp": null},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
                "ports": [{"containerPort": 80, "protocol": "TCP"}],
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "imagePullPolicy": "IfNotPresent",
                "resources": {}}],
                "dnsPolicy": "ClusterFirst", "restartPolicy": "Always",
                "terminationGracePeriodSeconds": 30, "securityContext": {},
                "schedulerName": "default-scheduler"}},
        "replicas": 1, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}}});
    assert_eq!(d, want);
    let mut again = d.clone();
    apply("Deployment", &mut again);
    assert_eq!(again, want);
}

#[test]
fn job_selector_and_labels_come_from_uid() {
    let mut j = json!({"metadata": {"name": "pi", "uid": "u-1"}, "spec": {"template": {"spec": {
        "containers": [{"name": "pi", "image": "perl"}], "restartPolicy": "Never"}}}});
    apply("Job", &mut j);
    let labels = json!({"batch.kubernetes.io/controller-uid": "u-1",
        "batch.kubernetes.io/job-name": "pi", "controller-uid": "u-1", "job-name": "pi"});
    assert_eq!(j.labels(), Some(&labels));
    assert_eq!(j.pointer("/spec/template/metadata/labels"), Some(&labels));
    assert_eq!(
        j.pointer("/spec/selector"),
        Some(&json!({"matchLabels": {"batch.kubernetes.io/controller-uid": "u-1"}}))
    );
    for (k, v) in [
        ("backoffLimit", json!(6)),
        ("completions", json!(1)),
        ("parallelism", json!(1)),
        ("completionMode", json!("NonIndexed")),
        ("suspend", json!(false)),
        ("podReplacementPolicy", json!("TerminatingOrFailed")),
    ] {
        assert_eq!(j["spec"][k], v, "{k}");
    }
    assert!(j["spec"].get("manualSelector").is_none());
}

#[test]
fn job_failure_settings_defaults() {
    let mut j = json!({"metadata": {"name": "ix", "uid": "u-2"}, "spec": {
        "completionMode": "Indexed", "completions": 2, "backoffLimitPerIndex": 1,
        "podFailurePolicy": {"rules": [{"action": "Ignore",
            "onPodConditions": [{"type": "DisruptionTarget"}]}]},
        "template": {"spec": {"containers": [{"name": "c", "image": "busybox"}],
            "restartPolicy": "Never"}}}});
    apply("Job", &mut j);
    assert_eq!(j["spec"]["backoffLimit"], json!(i32::MAX));
    assert_eq!(j["spec"]["podReplacementPolicy"], json!("Failed"));
    assert_eq!(
        j["spec"]["podFailurePolicy"]["rules"][0]["onPodConditions"][0]["status"],
        json!("True")
    );
}

#[test]
fn service_defaults() {
    let mut s =
        json!({"spec": {"type": "NodePort", "selector": {"app": "web"}, "ports": [{"port": 80}]}});
    apply("Service", &mut s);
    assert_eq!(
        s["spec"]["ports"],
        json!([{"port": 80, "protocol": "TCP", "targetPort": 80}])
    );
    assert_eq!(s["spec"]["sessionAffinity"], json!("None"));
    assert_eq!(s["spec"]["externalTrafficPolicy"], json!("Cluster"));
    assert_eq!(s["spec"]["internalTrafficPolicy"], json!("Cluster"));
    assert_eq!(s["spec"]["ipFamilies"], json!(["IPv4"]));
    assert_eq!(s["spec"]["ipFamilyPolicy"], json!("SingleStack"));
    let mut e = json!({"spec": {"type": "ExternalName", "externalName": "x.com"}});
    apply("Service", &mut e);
    assert!(e["spec"].get("ipFamilies").is_none());
}

#[test]
fn small_kinds() {
    let mut ns = json!({"metadata": {"name": "x"}});
    apply("Namespace", &mut ns);
    assert_eq!(ns["spec"], json!({"finalizers": ["kubernetes"]}));
    assert_eq!(ns["status"], json!({"phase": "Active"}));
    let mut sec = json!({"metadata": {"name": "x"}});
    apply("Secret", &mut sec);
    assert_eq!(sec["type"], json!("Opaque"));
    let mut cj = json!({"spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "busybox"}], "restartPolicy": "OnFailure"}}}}}});
    apply("CronJob", &mut cj);
    assert_eq!(cj["spec"]["concurrencyPolicy"], json!("Allow"));
    assert_eq!(cj["spec"]["successfulJobsHistoryLimit"], json!(3));
    assert_eq!(cj["spec"]["failedJobsHistoryLimit"], json!(1));
    assert_eq!(
        cj.pointer("/spec/jobTemplate/metadata"),
        Some(&json!({"creationTimestamp": null}))
    );
    let mut sts = json!({"spec": {"volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {"accessModes": ["ReadWriteOnce"]}}]}});
    apply("StatefulSet", &mut sts);
    assert_eq!(
        sts["spec"]["updateStrategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
    );
    assert_eq!(
        sts["spec"]["volumeClaimTemplates"][0]["status"],
        json!({"phase": "Pending"})
    );
}

#[test]
fn service_type_change_drops_node_ports() {
    let old = json!({"spec": {"type": "NodePort", "clusterIP": "10.96.0.20", "externalTrafficPolicy": "Cluster",
        "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP", "targetPort": 80}]}});
    let mut new = old.clone();
    new["spec"]["type"] = json!("ClusterIP");
    drop_type_dependent_fields(&old, &mut new);
    apply("Service", &mut new);
    assert_eq!(
        new["spec"]["ports"],
        json!([{"port": 80, "protocol": "TCP", "targetPort": 80}])
    );
    assert!(new["spec"].get("externalTrafficPolicy").is_none());
}

#[test]
fn every_kind_is_idempotent() {
    let tmpl = json!({"metadata": {"labels": {"app": "a"}}, "spec": {
        "containers": [{"name": "c", "image": "nginx", "ports": [{"containerPort": 80}],
            "livenessProbe": {"httpGet": {"port": 80}}, "env": [{"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}],
        "volumes": [{"name": "v"}, {"name": "cm", "configMap": {"name": "x"}}]}});
    let samples = [
        (
            "Pod",
            json!({"metadata": {"name": "p"}, "spec": tmpl["spec"].clone()}),
        ),
        ("Deployment", json!({"spec": {"template": tmpl.clone()}})),
        ("ReplicaSet", json!({"spec": {"template": tmpl.clone()}})),
        (
            "ReplicationController",
            json!({"spec": {"template": tmpl.clone()}}),
        ),
        ("DaemonSet", json!({"spec": {"template": tmpl.clone()}})),
        ("StatefulSet", json!({"spec": {"template": tmpl.clone()}})),
        (
            "Job",
            json!({"metadata": {"name": "j", "uid": "u"}, "spec": {"template": tmpl.clone()}}),
        ),
        (
            "CronJob",
            json!({"spec": {"jobTemplate": {"spec": {"template": tmpl.clone()}}}}),
        ),
        (
            "Service",
            json!({"spec": {"type": "LoadBalancer", "ports": [{"port": 80}]}}),
        ),
        ("Secret", json!({"stringData": {"a": "b"}})),
        ("Namespace", json!({})),
        ("PersistentVolumeClaim", json!({"spec": {}})),
        ("PersistentVolume", json!({"spec": {}})),
        (
            "NetworkPolicy",
            json!({"spec": {"egress": [{"ports": [{"port": 53}]}]}}),
        ),
        (
            "HorizontalPodAutoscaler",
            json!({"spec": {"maxReplicas": 3}}),
        ),
        (
            "RoleBinding",
            json!({"roleRef": {"kind": "Role", "name": "r"}, "subjects": [{"kind": "User", "name": "u"}]}),
        ),
        ("StorageClass", json!({})),
        ("PriorityClass", json!({"value": 5})),
        ("CSIDriver", json!({"spec": {}})),
    ];
    for (kind, obj) in samples {
        let mut once = obj.clone();
        apply(kind, &mut once);
        let mut twice = once.clone();
        apply(kind, &mut twice);
        assert_eq!(once, twice, "{kind}");
        assert_ne!(once, obj, "{kind} got no defaults");
    }
}
