use serde_json::{json, Value};

use super::decode::decode;
use super::*;
use crate::defaults;
use crate::status::Status;

/// The message the server would answer for `obj` after defaulting.
fn message(kind: &str, mut obj: Value) -> String {
    defaults::apply(kind, &mut obj);
    let name = obj
        .pointer("/metadata/name")
        .and_then(|n| n.as_str())
        .unwrap_or("")
        .to_string();
    let group = if kind == "Deployment" { "apps" } else { "" };
    Status::invalid(group, kind, &name, validate(kind, &obj)).message
}

fn pod(containers: Value) -> Value {
    json!({"metadata": {"name": "x"}, "spec": {"containers": containers}})
}

#[test]
fn pod_required_fields() {
    assert_eq!(
        message("Pod", pod(json!([]))),
        "Pod \"x\" is invalid: spec.containers: Required value"
    );
    assert_eq!(
        message("Pod", pod(json!([{"name": "web"}]))),
        "Pod \"x\" is invalid: spec.containers[0].image: Required value"
    );
    assert_eq!(
        message("Pod", pod(json!([{"name": "Web_1", "image": "nginx"}]))),
        "Pod \"x\" is invalid: spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    );
}

#[test]
fn pod_duplicates_ports_env_restart() {
    let m = message(
        "Pod",
        pod(json!([{"name": "a", "image": "x"}, {"name": "a", "image": "y"}])),
    );
    assert_eq!(
        m,
        "Pod \"x\" is invalid: spec.containers[1].name: Duplicate value: \"a\""
    );
    let m = message(
        "Pod",
        pod(
            json!([{"name": "a", "image": "x", "ports": [{"containerPort": 70000}, {"containerPort": 80, "protocol": "tcp"}]}]),
        ),
    );
    assert_eq!(
        m,
        "Pod \"x\" is invalid: [spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.containers[0].ports[1].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\"]"
    );
    let mut p = pod(json!([{"name": "a", "image": "x", "env": [{"name": "A=B", "value": "1"}]}]));
    p["spec"]["restartPolicy"] = json!("Sometimes");
    assert_eq!(
        message("Pod", p),
        "Pod \"x\" is invalid: [spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '=', spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"]"
    );
    let m = message(
        "Pod",
        pod(
            json!([{"name": "a", "image": "x", "volumeMounts": [{"name": "data", "mountPath": "/d"}]}]),
        ),
    );
    assert_eq!(
        m,
        "Pod \"x\" is invalid: spec.containers[0].volumeMounts[0].name: Not found: \"data\""
    );
    let m = message(
        "Pod",
        pod(
            json!([{"name": "a", "image": "x", "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}]),
        ),
    );
    assert_eq!(
        m,
        "Pod \"x\" is invalid: spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"
    );
}

fn deployment(sel: Value, labels: Value) -> Value {
    json!({"metadata": {"name": "web"}, "spec": {"selector": sel, "template": {
        "metadata": {"labels": labels},
        "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}})
}

#[test]
fn deployment_selector_must_match() {
    let m = message(
        "Deployment",
        deployment(json!({"matchLabels": {"app": "web"}}), json!({"app": "x"})),
    );
    assert_eq!(
        m,
        "Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`"
    );
    let mut d = deployment(json!(null), json!({"app": "x", "tier": "fe"}));
    d["spec"]["replicas"] = json!(-1);
    assert_eq!(
        message("Deployment", d),
        "Deployment.apps \"web\" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\", \"tier\":\"fe\"}: `selector` does not match template `labels`]"
    );
    let mut ok = deployment(json!({"matchLabels": {"app": "x"}}), json!({"app": "x"}));
    defaults::apply("Deployment", &mut ok);
    assert!(validate("Deployment", &ok).is_empty());
}

#[test]
fn service_and_configmap() {
    let s = json!({"metadata": {"name": "s"}, "spec": {"ports": [{"port": 0}]}});
    assert_eq!(
        message("Service", s),
        "Service \"s\" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: must be between 1 and 65535, inclusive]"
    );
    let s = json!({"metadata": {"name": "s"}, "spec": {"selector": {"app": "x"}}});
    assert_eq!(
        message("Service", s),
        "Service \"s\" is invalid: spec.ports: Required value"
    );
    let cm = json!({"metadata": {"name": "c"}, "data": {"bad key": "v"}});
    assert_eq!(
        message("ConfigMap", cm),
        "ConfigMap \"c\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
    );
}

#[test]
fn job_restart_policy() {
    let j = json!({"metadata": {"name": "j", "uid": "u"}, "spec": {"template": {"spec": {
        "containers": [{"name": "c", "image": "busybox"}]}}}});
    assert_eq!(
        message("Job", j),
        "Job \"j\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
    );
}

#[test]
fn immutable_fields() {
    let old = deployment(json!({"matchLabels": {"app": "x"}}), json!({"app": "x"}));
    let new = deployment(json!({"matchLabels": {"app": "y"}}), json!({"app": "y"}));
    let c = immutable("Deployment", &old, &new);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].field, "spec.selector");
    assert_eq!(
        c[0].message,
        "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"y\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
    );
    let old = pod(json!([{"name": "a", "image": "nginx:1"}]));
    let mut new = pod(json!([{"name": "a", "image": "nginx:2"}]));
    assert!(immutable("Pod", &old, &new).is_empty());
    new["spec"]["containers"][0]["name"] = json!("b");
    let c = immutable("Pod", &old, &new);
    assert_eq!(c[0].field, "spec");
    assert!(c[0].message.starts_with(
        "Forbidden: pod updates may not change fields other than `spec.containers[*].image`"
    ));
    let old = json!({"immutable": true, "data": {"a": "1"}});
    let new = json!({"immutable": true, "data": {"a": "2"}});
    let c = immutable("ConfigMap", &old, &new);
    assert_eq!(c[0].field, "data");
    assert_eq!(
        c[0].message,
        "Forbidden: field is immutable when `immutable` is set"
    );
}

#[test]
fn decode_type_errors() {
    let mut p = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
        "spec": {"containers": [{"name": "a", "image": "x", "env": [{"name": "A", "value": true}]}]}});
    assert_eq!(
        decode("Pod", "v1", &mut p, true).unwrap_err(),
        "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string"
    );
    let mut p = json!({"metadata": {"name": "x", "labels": {"a": 1}}});
    assert_eq!(
        decode("Pod", "v1", &mut p, false).unwrap_err(),
        "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"
    );
    let mut d = json!({"spec": {"replicas": "3"}});
    assert_eq!(
        decode("Deployment", "v1", &mut d, true).unwrap_err(),
        "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
    );
    let mut p = json!({"spec": {"containers": [{"name": "a", "ports": [{"containerPort": "80"}]}], "restartPolicy": 1}});
    assert_eq!(
        decode("Pod", "v1", &mut p, true).unwrap_err(),
        "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"
    );
    let mut p =
        json!({"spec": {"containers": [{"name": "a", "resources": {"limits": {"cpu": "lots"}}}]}});
    assert_eq!(
        decode("Pod", "v1", &mut p, true).unwrap_err(),
        "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    );
}

#[test]
fn decode_unknown_fields() {
    let body = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
        "spec": {"containers": [{"name": "a", "imagez": "x"}], "foo": 1}});
    let mut p = body.clone();
    assert_eq!(
        decode("Pod", "v1", &mut p, true).unwrap_err(),
        "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].imagez\", unknown field \"spec.foo\""
    );
    let mut p = body;
    assert!(decode("Pod", "v1", &mut p, false).is_ok());
    assert_eq!(p["spec"], json!({"containers": [{"name": "a"}]}));
    let mut cm = json!({"data": {"any key": "v"}});
    assert!(decode("ConfigMap", "v1", &mut cm, true).is_ok());
}

#[test]
fn job_selector_must_be_generated_and_host_ports_unique() {
    let j = json!({"metadata": {"name": "j", "uid": "u"}, "spec": {
        "selector": {"matchLabels": {"app": "x"}},
        "template": {"metadata": {"labels": {"app": "x"}}, "spec": {
        "containers": [{"name": "c", "image": "busybox"}], "restartPolicy": "Never"}}}});
    assert_eq!(
        message("Job", j),
        "Job \"j\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"x\", \"batch.kubernetes.io/controller-uid\":\"u\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated"
    );
    let p = pod(json!([
        {"name": "a", "image": "x", "ports": [{"containerPort": 80, "hostPort": 8080}]},
        {"name": "b", "image": "x", "ports": [{"containerPort": 81, "hostPort": 8080}]}
    ]));
    assert_eq!(
        message("Pod", p),
        "Pod \"x\" is invalid: spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""
    );
}

#[test]
fn secret_data_must_be_base64() {
    let mut sec = json!({"data": {"password": "admin"}});
    assert_eq!(
        decode("Secret", "v1", &mut sec, true).unwrap_err(),
        "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 4"
    );
}

#[test]
fn ingress_and_pvc() {
    let ing = json!({"metadata": {"name": "i"}, "spec": {"rules": [{"http": {"paths": [
        {"path": "/", "backend": {"service": {"name": "web", "port": {"number": 80}}}},
        {"path": "api", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {}}}}]}}]}});
    let c = validate("Ingress", &ing);
    let text: Vec<String> = c
        .iter()
        .map(|c| format!("{}: {}", c.field, c.message))
        .collect();
    assert_eq!(
        text,
        [
            "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
            "spec.rules[0].http.paths[1].path: Invalid value: \"api\": must be an absolute path",
            "spec.rules[0].http.paths[1].backend: Required value: port name or number is required",
        ]
    );
    let pvc = json!({"metadata": {"name": "d"}, "spec": {"resources": {}}});
    let c = validate("PersistentVolumeClaim", &pvc);
    let text: Vec<String> = c
        .iter()
        .map(|c| format!("{}: {}", c.field, c.message))
        .collect();
    assert_eq!(
        text,
        [
            "spec.accessModes: Required value: at least 1 access mode is required",
            "spec.resources[storage]: Required value",
        ]
    );
    let mut bad = json!({"spec": {"rules": [{"http": {"paths": [{"backend": {"serviceName": "web", "servicePort": 80}}]}}]}});
    assert_eq!(
        decode("Ingress", "v1", &mut bad, true).unwrap_err(),
        "Ingress in version \"v1\" cannot be handled as a Ingress: strict decoding error: unknown field \"spec.rules[0].http.paths[0].backend.serviceName\", unknown field \"spec.rules[0].http.paths[0].backend.servicePort\""
    );
}

#[test]
fn rbac_rules_and_bindings() {
    let mut rb = json!({"metadata": {"name": "rb"}, "roleRef": {"kind": "Role", "name": "r"},
        "subjects": [{"kind": "User", "name": "alice"}, {"kind": "Robot", "name": "x"}]});
    defaults::apply("ClusterRoleBinding", &mut rb);
    let c = validate("ClusterRoleBinding", &rb);
    let text: Vec<String> = c
        .iter()
        .map(|c| format!("{}: {}", c.field, c.message))
        .collect();
    assert_eq!(
        text,
        [
            "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
            "subjects[1].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"",
        ]
    );
    let role = json!({"rules": [{"apiGroups": [""], "resources": ["pods"]}]});
    let c = validate("Role", &role);
    assert_eq!(c[0].field, "rules[0].verbs");
    assert_eq!(
        c[0].message,
        "Required value: verbs must contain at least one value"
    );
}

#[test]
fn probes_need_one_handler() {
    let p = pod(json!([{"name": "a", "image": "x",
        "livenessProbe": {"periodSeconds": 5},
        "readinessProbe": {"httpGet": {"port": 0}, "tcpSocket": {"port": 80}}}]));
    assert_eq!(
        message("Pod", p),
        "Pod \"x\" is invalid: [spec.containers[0].livenessProbe: Required value: must specify a handler type, spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type]"
    );
}

#[test]
fn cron_schedules() {
    let cj = |sched: &str| {
        json!({"metadata": {"name": "c"}, "spec": {"schedule": sched, "jobTemplate": {"spec": {"template": {"spec": {
            "containers": [{"name": "c", "image": "busybox"}], "restartPolicy": "OnFailure"}}}}}})
    };
    assert!(validate("CronJob", &{
        let mut c = cj("*/5 * * * *");
        defaults::apply("CronJob", &mut c);
        c
    })
    .is_empty());
    let msg = |sched: &str| {
        let mut c = cj(sched);
        defaults::apply("CronJob", &mut c);
        validate("CronJob", &c)[0].message.clone()
    };
    assert_eq!(
        msg("bad"),
        "Invalid value: \"bad\": expected exactly 5 fields, found 1: [bad]"
    );
    assert_eq!(
        msg("61 * * * *"),
        "Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61"
    );
}

#[test]
fn rolling_update_bounds() {
    let mut d = deployment(json!({"matchLabels": {"app": "x"}}), json!({"app": "x"}));
    d["spec"]["strategy"] =
        json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "0%"}});
    assert_eq!(
        message("Deployment", d),
        "Deployment.apps \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"
    );
}

#[test]
fn decode_reaches_probes_env_sources_and_volumes() {
    let mut p = json!({"spec": {"containers": [{"name": "a", "image": "x",
        "livenessProbe": {"httpGet": {"path": "/", "port": 80}, "initialDelaySecond": 5},
        "env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "c", "key": "k", "optinal": true}}}]}],
        "volumes": [{"name": "v", "configMap": {"nam": "c"}}]}});
    assert_eq!(
        decode("Pod", "v1", &mut p, true).unwrap_err(),
        "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].env[0].valueFrom.configMapKeyRef.optinal\", unknown field \"spec.containers[0].livenessProbe.initialDelaySecond\", unknown field \"spec.volumes[0].configMap.nam\""
    );
    let mut p = json!({"spec": {"securityContext": {"runAsUser": "1000"}}});
    assert_eq!(
        decode("Pod", "v1", &mut p, true).unwrap_err(),
        "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSecurityContext.spec.securityContext.runAsUser of type int64"
    );
}

/// Through the server: decoding errors are 400s, validation errors 422s, defaults are stored.
#[test]
fn end_to_end_through_the_server() {
    use crate::request::{ApiRequest, Method};
    use crate::server::ApiServer;
    use kubeplay_core::clock::Time;
    let mut api = ApiServer::new(Time(1_795_600_800));
    let post = |api: &mut ApiServer, path: &str, body: Value, strict: bool| {
        let mut req = ApiRequest::new(Method::Post, path)
            .with_body(body.to_string())
            .with_content_type("application/json");
        if strict {
            req = req.with_query("fieldValidation", "Strict");
        }
        let resp = api.handle(&req);
        (
            resp.code,
            serde_json::from_str::<Value>(&resp.body).unwrap(),
        )
    };
    post(
        &mut api,
        "/api/v1/namespaces",
        json!({"metadata": {"name": "default"}}),
        false,
    );
    post(
        &mut api,
        "/api/v1/namespaces/default/serviceaccounts",
        json!({"metadata": {"name": "default"}}),
        false,
    );
    let (code, body) = post(
        &mut api,
        "/api/v1/namespaces/default/pods",
        json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "x", "imagez": "y"}]}}),
        true,
    );
    assert_eq!(code, 400);
    assert_eq!(
        body["message"],
        json!("Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].imagez\"")
    );
    let (code, body) = post(
        &mut api,
        "/api/v1/namespaces/default/pods",
        json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "imagez": "y"}]}}),
        false,
    );
    assert_eq!(code, 422);
    assert_eq!(
        body["message"],
        json!("Pod \"p\" is invalid: spec.containers[0].image: Required value")
    );
    let (code, body) = post(
        &mut api,
        "/api/v1/namespaces/default/pods",
        json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "nginx:1.27", "extra": 1}]}}),
        false,
    );
    assert_eq!(code, 201);
    assert!(body.pointer("/spec/containers/0/extra").is_none());
    assert_eq!(
        body["spec"]["containers"][0]["imagePullPolicy"],
        json!("IfNotPresent")
    );
    assert_eq!(
        body["status"],
        json!({"phase": "Pending", "qosClass": "BestEffort"})
    );
}
