//! The CRD lifecycle through the API server's REST interface.

use serde_json::{json, Value};

use crate::request::{ApiRequest, Method};
use crate::server::ApiServer;
use kubeplay_core::clock::Time;

fn server() -> ApiServer {
    let mut api = ApiServer::new(Time::parse_rfc3339("2026-11-25T10:00:00Z").unwrap());
    let ns = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}});
    let r =
        api.handle(&ApiRequest::new(Method::Post, "/api/v1/namespaces").with_body(ns.to_string()));
    assert_eq!(r.code, 201, "{}", r.body);
    api
}

fn crd() -> Value {
    json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "crontabs.stable.example.com"},
        "spec": {"group": "stable.example.com", "scope": "Namespaced",
            "names": {"plural": "crontabs", "kind": "CronTab", "shortNames": ["ct"]},
            "versions": [{"name": "v1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": {
                    "type": "object", "required": ["cronSpec"], "properties": {
                        "cronSpec": {"type": "string", "description": "The schedule."},
                        "replicas": {"type": "integer", "default": 1}}}}}}}]}})
}

const CRDS: &str = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
const CRONTABS: &str = "/apis/stable.example.com/v1/namespaces/default/crontabs";

fn post(api: &mut ApiServer, path: &str, body: &Value, strict: bool) -> (u16, Value) {
    let mut req = ApiRequest::new(Method::Post, path).with_body(body.to_string());
    if strict {
        req = req.with_query("fieldValidation", "Strict");
    }
    let r = api.handle(&req);
    (r.code, serde_json::from_str(&r.body).unwrap())
}

fn get(api: &mut ApiServer, path: &str) -> (u16, Value) {
    let r = api.handle(&ApiRequest::get(path));
    (r.code, serde_json::from_str(&r.body).unwrap_or(Value::Null))
}

#[test]
fn crd_serves_validates_documents_and_goes_away() {
    let mut api = server();
    assert_eq!(get(&mut api, CRONTABS).0, 404);
    let (code, created) = post(&mut api, CRDS, &crd(), true);
    assert_eq!(code, 201, "{created}");
    assert_eq!(created["status"]["storedVersions"], json!(["v1"]));

    let (_, list) = get(&mut api, "/apis/stable.example.com/v1");
    assert_eq!(list["resources"][0]["name"], "crontabs");
    assert_eq!(list["resources"][0]["shortNames"], json!(["ct"]));
    let (_, groups) = get(&mut api, "/apis");
    assert!(groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["name"] == "stable.example.com"));

    let bad = json!({"apiVersion": "stable.example.com/v1", "kind": "CronTab",
        "metadata": {"name": "x"}, "spec": {"replicas": "string"}});
    let (code, status) = post(&mut api, CRONTABS, &bad, true);
    assert_eq!(code, 422);
    assert_eq!(
        status["message"],
        "CronTab.stable.example.com \"x\" is invalid: [spec.cronSpec: Required value, spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"]"
    );
    let unknown = json!({"apiVersion": "stable.example.com/v1", "kind": "CronTab",
        "metadata": {"name": "x"}, "spec": {"cronSpec": "* * * * *", "foo": 1}});
    let (code, status) = post(&mut api, CRONTABS, &unknown, true);
    assert_eq!(code, 400);
    assert_eq!(
        status["message"],
        "CronTab in version \"v1\" cannot be handled as a CronTab: strict decoding error: unknown field \"spec.foo\""
    );
    assert_eq!(get(&mut api, CRONTABS).1["items"], json!([]));

    let (code, obj) = post(&mut api, CRONTABS, &unknown, false);
    assert_eq!(code, 201);
    assert_eq!(obj["spec"], json!({"cronSpec": "* * * * *", "replicas": 1}));

    let (_, doc) = get(&mut api, "/openapi/v3/apis/stable.example.com/v1");
    let schema = &doc["components"]["schemas"]["com.example.stable.v1.CronTab"];
    assert_eq!(
        schema["properties"]["spec"]["properties"]["cronSpec"]["description"],
        "The schedule."
    );
    assert_eq!(
        schema["x-kubernetes-group-version-kind"][0]["kind"],
        "CronTab"
    );
    assert!(
        doc["components"]["schemas"]["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].is_object()
    );
    let (_, index) = get(&mut api, "/openapi/v3");
    assert!(index["paths"]["apis/stable.example.com/v1"].is_object());

    let r = api.handle(&ApiRequest::new(
        Method::Delete,
        format!("{CRDS}/crontabs.stable.example.com"),
    ));
    assert_eq!(r.code, 200);
    assert_eq!(get(&mut api, CRONTABS).0, 404);
    assert!(api
        .store
        .list("stable.example.com/crontabs", None)
        .next()
        .is_none());
}

#[test]
fn invalid_crd_is_not_stored() {
    let mut api = server();
    let mut bad = crd();
    bad["metadata"]["name"] = json!("crontab.example.com");
    let (code, status) = post(&mut api, CRDS, &bad, true);
    assert_eq!(code, 422);
    assert_eq!(
        status["message"],
        "CustomResourceDefinition.apiextensions.k8s.io \"crontab.example.com\" is invalid: metadata.name: Invalid value: \"crontab.example.com\": must be spec.names.plural+\".\"+spec.group"
    );
    assert_eq!(get(&mut api, CRDS).1["items"], json!([]));
    assert_eq!(get(&mut api, "/apis/stable.example.com/v1").0, 404);
}

#[test]
fn versions_status_subresource_and_immutable_fields() {
    let mut api = server();
    let mut def = crd();
    let v1 = def["spec"]["versions"][0].clone();
    let mut beta = v1.clone();
    beta["name"] = json!("v1beta1");
    beta["storage"] = json!(false);
    def["spec"]["versions"] = json!([beta, v1]);
    def["spec"]["versions"][1]["subresources"] = json!({"status": {}});
    assert_eq!(post(&mut api, CRDS, &def, true).0, 201);
    let (_, groups) = get(&mut api, "/apis");
    let group = groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "stable.example.com")
        .unwrap()
        .clone();
    assert_eq!(group["preferredVersion"]["version"], "v1");

    let obj = json!({"apiVersion": "stable.example.com/v1", "kind": "CronTab",
        "metadata": {"name": "a"}, "spec": {"cronSpec": "* * * * *"}, "status": {"ok": true}});
    let (code, created) = post(&mut api, CRONTABS, &obj, false);
    assert_eq!(code, 201);
    assert!(created.get("status").is_none());
    let (_, beta_obj) = get(
        &mut api,
        "/apis/stable.example.com/v1beta1/namespaces/default/crontabs/a",
    );
    assert_eq!(beta_obj["apiVersion"], "stable.example.com/v1beta1");

    let mut changed = def.clone();
    changed["spec"]["scope"] = json!("Cluster");
    let r = api.handle(
        &ApiRequest::new(Method::Put, format!("{CRDS}/crontabs.stable.example.com"))
            .with_body(changed.to_string()),
    );
    assert_eq!(r.code, 422, "{}", r.body);
    assert!(r
        .body
        .contains("spec.scope: Invalid value: \\\"Cluster\\\": field is immutable"));
}
