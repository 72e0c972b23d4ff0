//! Authentication. A request with no `Authorization` header comes from the holder of the
//! cluster's admin kubeconfig (its client certificate, which the transport does not carry); a
//! bearer token must be a service account token this cluster issued: a TokenRequest's (bound to
//! the account's uid, until it expires) or a token Secret's (as long as the Secret holds it).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::api::status::Status;
use kubeplay_core::api::ApiRequest;
use serde_json::Value;

use super::impersonate::service_account_groups;
use super::{UserInfo, AUTHENTICATED};
use crate::server::ApiServer;
use crate::store::Key;

/// The issuer of TokenRequest tokens, and of token Secrets' (the legacy controller's).
pub const ISSUER: &str = "https://kubernetes.default.svc.cluster.local";
pub const LEGACY_ISSUER: &str = "kubernetes/serviceaccount";

pub fn unauthorized() -> Status {
    let mut s = Status::forbidden("Unauthorized");
    s.code = 401;
    s.reason = "Unauthorized".into();
    s
}

/// The claims of a JWT, unverified.
pub fn claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

impl ApiServer {
    pub(super) fn authenticate(&self, req: &ApiRequest) -> Result<UserInfo, Status> {
        let Some(auth) = req.header("Authorization") else {
            return Ok(self.admin.clone());
        };
        let token = auth
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(unauthorized)?;
        self.service_account_token(token).ok_or_else(unauthorized)
    }

    fn service_account_token(&self, token: &str) -> Option<UserInfo> {
        let c = claims(token)?;
        let s = |p: &str| c.pointer(p).and_then(|v| v.as_str()).unwrap_or("");
        let (ns, name, uid, jti) = match s("/iss") {
            ISSUER => {
                if c.get("exp")
                    .and_then(|e| e.as_i64())
                    .is_none_or(|exp| exp <= self.now.0)
                {
                    return None;
                }
                (
                    s("/kubernetes.io/namespace"),
                    s("/kubernetes.io/serviceaccount/name"),
                    s("/kubernetes.io/serviceaccount/uid"),
                    s("/jti"),
                )
            }
            LEGACY_ISSUER => {
                let ns = s("/kubernetes.io~1serviceaccount~1namespace");
                let secret = self.store.get(&Key::new(
                    "/secrets",
                    ns,
                    s("/kubernetes.io~1serviceaccount~1secret.name"),
                ))?;
                let held = secret.pointer("/data/token").and_then(|t| t.as_str())?;
                if STANDARD.decode(held).ok()? != token.as_bytes() {
                    return None;
                }
                (
                    ns,
                    s("/kubernetes.io~1serviceaccount~1service-account.name"),
                    s("/kubernetes.io~1serviceaccount~1service-account.uid"),
                    "",
                )
            }
            _ => return None,
        };
        let sa = self.store.get(&Key::new("/serviceaccounts", ns, name))?;
        if sa.uid() != uid {
            return None;
        }
        let mut groups = service_account_groups(ns);
        groups.push(AUTHENTICATED.to_string());
        let extra = if jti.is_empty() {
            vec![]
        } else {
            vec![(
                "authentication.kubernetes.io/credential-id".to_string(),
                vec![format!("JTI={jti}")],
            )]
        };
        Some(UserInfo {
            name: format!("system:serviceaccount:{ns}:{name}"),
            uid: uid.to_string(),
            groups,
            extra,
        })
    }
}
