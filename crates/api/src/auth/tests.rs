use kubeplay_core::api::{ApiRequest, Method};
use kubeplay_core::clock::Time;
use serde_json::json;

use super::UserInfo;
use crate::server::ApiServer;

fn server() -> ApiServer {
    let mut api = ApiServer::new(Time(1_000_000));
    let post = |api: &mut ApiServer, path: &str, body: serde_json::Value| {
        let r = api.handle(&ApiRequest::new(Method::Post, path).with_body(body.to_string()));
        assert!(r.is_success(), "{}", r.body);
    };
    post(
        &mut api,
        "/api/v1/namespaces",
        json!({"metadata": {"name": "default"}}),
    );
    post(
        &mut api,
        "/api/v1/namespaces/default/serviceaccounts",
        json!({"metadata": {"name": "sa"}}),
    );
    api
}

fn token(api: &mut ApiServer, secs: i64) -> String {
    let req = ApiRequest::new(
        Method::Post,
        "/api/v1/namespaces/default/serviceaccounts/sa/token",
    )
    .with_body(json!({"spec": {"expirationSeconds": secs}}).to_string());
    let r = api.handle(&req);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    v["status"]["token"].as_str().unwrap().to_string()
}

#[test]
fn no_credentials_is_the_admin() {
    let api = server();
    let user = api.gate(&ApiRequest::get("/api/v1/nodes")).unwrap();
    assert_eq!(
        user,
        UserInfo::certificate("kubernetes-admin", &["system:masters"])
    );
}

#[test]
fn a_service_account_token_authenticates_until_it_expires() {
    let mut api = server();
    let t = token(&mut api, 600);
    let req = ApiRequest::get("/api/v1/namespaces/default/pods")
        .with_header("Authorization", format!("Bearer {t}"));
    let refused = api.gate(&req).unwrap_err();
    assert_eq!(refused.code, 403);
    assert!(refused
        .message
        .starts_with("pods is forbidden: User \"system:serviceaccount:default:sa\""));
    api.now = Time(1_000_000 + 601);
    assert_eq!(api.gate(&req).unwrap_err().code, 401);
    let forged = ApiRequest::get("/api").with_header("Authorization", "Bearer a.b.c");
    assert_eq!(api.gate(&forged).unwrap_err().code, 401);
}

#[test]
fn impersonation_needs_the_impersonate_verb() {
    let mut api = server();
    let t = token(&mut api, 3600);
    let req = ApiRequest::get("/api")
        .with_header("Authorization", format!("Bearer {t}"))
        .with_header("Impersonate-User", "jane");
    let refused = api.gate(&req).unwrap_err();
    assert_eq!(
        refused.message,
        "users \"jane\" is forbidden: User \"system:serviceaccount:default:sa\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope"
    );
    let as_admin = ApiRequest::get("/api")
        .with_header("Impersonate-User", "jane")
        .with_header("Impersonate-Group", "devs");
    let user = api.gate(&as_admin).unwrap_err();
    // jane may not even read discovery: no bootstrap policy was seeded in this bare server.
    assert_eq!(
        user.message,
        "forbidden: User \"jane\" cannot get path \"/api\""
    );
}
