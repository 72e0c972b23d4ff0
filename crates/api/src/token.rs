//! The service accounts' `token` subresource (TokenRequest, `kubectl create token`): a JWT for
//! `system:serviceaccount:NS:NAME`, with the claims a v1.32 apiserver signs — issuer and default
//! audience `https://kubernetes.default.svc.cluster.local`, an hour by default, at least ten
//! minutes. Nothing checks its signature here, so the signature is random bytes of RS256's size.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::api::status::{cause, Status};
use kubeplay_core::api::ApiRequest;
use serde_json::{json, Value};

use crate::server::ApiServer;

use crate::auth::ISSUER;
const DEFAULT_SECS: i64 = 3600;
const MIN_SECS: i64 = 600;
/// An RSA-2048 signature's length.
const SIGNATURE_BYTES: usize = 256;

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

impl ApiServer {
    /// POST `serviceaccounts/NAME/token`.
    pub fn create_token(
        &mut self,
        req: &ApiRequest,
        ns: &str,
        name: &str,
    ) -> Result<(u16, Value), Status> {
        let request: Value = req
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or_else(|| json!({}));
        let secs = request
            .pointer("/spec/expirationSeconds")
            .and_then(|s| s.as_i64())
            .unwrap_or(DEFAULT_SECS);
        if secs < MIN_SECS {
            // An integer is printed bare, not quoted.
            let cause = cause(
                "FieldValueInvalid",
                "spec.expirationSeconds",
                format!("Invalid value: {secs}: may not specify a duration less than 10 minutes"),
            );
            return Err(Status::invalid(
                "authentication.k8s.io",
                "TokenRequest",
                name,
                vec![cause],
            ));
        }
        let info = self
            .discovery
            .by_kind("v1", "ServiceAccount")
            .cloned()
            .ok_or_else(Status::page_not_found)?;
        let sa = self.get(&info, Some(ns), name)?;
        let audiences = match request
            .pointer("/spec/audiences")
            .and_then(|a| a.as_array())
        {
            Some(list) if !list.is_empty() => Value::Array(list.clone()),
            _ => json!([ISSUER]),
        };
        let (iat, exp) = (self.now.0, self.now.0 + secs);
        let header = json!({"alg": "RS256", "kid": self.key_id()});
        let claims = json!({
            "aud": audiences,
            "exp": exp,
            "iat": iat,
            "iss": ISSUER,
            "jti": self.rng.uid(),
            "kubernetes.io": {
                "namespace": ns,
                "serviceaccount": {"name": name, "uid": sa.uid()},
            },
            "nbf": iat,
            "sub": format!("system:serviceaccount:{ns}:{name}"),
        });
        let token = self.sign(&header, &claims);
        let expires = kubeplay_core::clock::Time(exp).rfc3339();
        let mut spec = request.get("spec").cloned().unwrap_or_else(|| json!({}));
        spec["audiences"] = audiences;
        spec["expirationSeconds"] = json!(secs);
        if spec.get("boundObjectRef").is_none() {
            spec["boundObjectRef"] = Value::Null;
        }
        Ok((
            201,
            json!({
                "kind": "TokenRequest",
                "apiVersion": "authentication.k8s.io/v1",
                "metadata": {"name": name, "namespace": ns, "creationTimestamp": null},
                "spec": spec,
                "status": {"token": token, "expirationTimestamp": expires},
            }),
        ))
    }

    /// A token Secret's token, as v1.32's legacy token controller signs it: no expiry, bound to
    /// the Secret (it authenticates while the Secret holds it).
    pub fn legacy_token(&mut self, ns: &str, secret: &str, sa: &str, sa_uid: &str) -> String {
        let header = json!({"alg": "RS256", "kid": self.key_id()});
        let claims = json!({
            "iss": crate::auth::LEGACY_ISSUER,
            "kubernetes.io/serviceaccount/namespace": ns,
            "kubernetes.io/serviceaccount/secret.name": secret,
            "kubernetes.io/serviceaccount/service-account.name": sa,
            "kubernetes.io/serviceaccount/service-account.uid": sa_uid,
            "sub": format!("system:serviceaccount:{ns}:{sa}"),
        });
        self.sign(&header, &claims)
    }

    fn sign(&mut self, header: &Value, claims: &Value) -> String {
        let signature: Vec<u8> = (0..SIGNATURE_BYTES)
            .map(|_| self.rng.below(256) as u8)
            .collect();
        format!(
            "{}.{}.{}",
            b64(header),
            b64(claims),
            URL_SAFE_NO_PAD.encode(signature)
        )
    }

    /// The signing key's id: the same for every token of this cluster.
    fn key_id(&self) -> String {
        let seed = self
            .info
            .git_commit
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        let mut out = Vec::with_capacity(32);
        let mut x = seed;
        for _ in 0..32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            out.push((x >> 56) as u8);
        }
        URL_SAFE_NO_PAD.encode(out)
    }
}
