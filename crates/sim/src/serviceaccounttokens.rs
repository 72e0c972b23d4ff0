//! The legacy service account token controller (v1.32's TokensController): a Secret of type
//! `kubernetes.io/service-account-token` naming a ServiceAccount in its
//! `kubernetes.io/service-account.name` annotation gets `token`, `ca.crt` and `namespace`, and
//! the account's uid in its annotations; one naming an account that does not exist is deleted.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kubeplay_api::graceful::DeleteOptions;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::util;

const TYPE: &str = "kubernetes.io/service-account-token";
const NAME: &str = "kubernetes.io/service-account.name";
const UID: &str = "kubernetes.io/service-account.uid";

pub fn sync(api: &mut ApiServer, key: &Key) {
    let Some(secret) = api.store().get(key).cloned() else {
        return;
    };
    if secret.get("type").and_then(|t| t.as_str()) != Some(TYPE) || secret.is_deleting() {
        return;
    }
    let annotation = |k: &str| {
        secret
            .pointer(&format!("/metadata/annotations/{}", k.replace('/', "~1")))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let (sa_name, wanted_uid) = (annotation(NAME), annotation(UID));
    let Some(info) = util::info(api, "/secrets") else {
        return;
    };
    let sa_uid = api
        .store()
        .get(&Key::new("/serviceaccounts", &key.namespace, &sa_name))
        .map(|sa| sa.uid().to_string())
        .filter(|uid| wanted_uid.is_empty() || *uid == wanted_uid);
    let Some(sa_uid) = sa_uid else {
        let opts = DeleteOptions::default();
        let _ = api.delete_with(&info, Some(&key.namespace), &key.name, &opts);
        return;
    };
    if secret.pointer("/data/token").is_some() {
        return;
    }
    let token = api.legacy_token(&key.namespace, &key.name, &sa_name, &sa_uid);
    let ca = api
        .store()
        .get(&Key::new("/configmaps", &key.namespace, "kube-root-ca.crt"))
        .and_then(|cm| cm.pointer("/data/ca.crt"))
        .and_then(|c| c.as_str())
        .unwrap_or("")
        .to_string();
    let mut updated = secret;
    meta::set(
        &mut updated,
        &["metadata", "annotations", UID],
        Value::from(sa_uid),
    );
    for (k, v) in [
        ("ca.crt", ca.as_str()),
        ("namespace", &key.namespace),
        ("token", &token),
    ] {
        meta::set(&mut updated, &["data", k], Value::from(STANDARD.encode(v)));
    }
    let _ = api.update(&info, Some(&key.namespace), &key.name, updated, false);
}
