//! Who asks and whether they may: kube-apiserver's authentication (the cluster's own admin
//! certificate, service account bearer tokens), impersonation (`Impersonate-*` headers) and
//! authorization (the `system:masters` group, then RBAC), run on every request before it is
//! served, with the `Forbidden` and `Unauthorized` answers a v1.32 apiserver writes.

mod attributes;
mod authn;
mod escalation;
mod forbidden;
mod impersonate;
pub mod rbac;
mod review;
#[cfg(test)]
mod tests;

pub use attributes::Attributes;
pub use authn::{claims, ISSUER, LEGACY_ISSUER};

use kubeplay_core::api::status::Status;
use kubeplay_core::api::ApiRequest;

use crate::server::ApiServer;

/// The group every request of it is allowed for, before RBAC is asked (kube-apiserver's
/// privileged-group authorizer).
pub const MASTERS: &str = "system:masters";
pub const AUTHENTICATED: &str = "system:authenticated";
pub const UNAUTHENTICATED: &str = "system:unauthenticated";
pub const ANONYMOUS: &str = "system:anonymous";

/// An authenticated user, as `user.Info` holds it.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Default)]
pub struct UserInfo {
    pub name: String,
    pub uid: String,
    pub groups: Vec<String>,
    /// Extra attributes, in key order (`authentication.kubernetes.io/credential-id`, ...).
    pub extra: Vec<(String, Vec<String>)>,
}

impl UserInfo {
    /// A user authenticated by a client certificate: CN is the name, each O a group.
    pub fn certificate(name: &str, groups: &[&str]) -> UserInfo {
        let mut groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        groups.push(AUTHENTICATED.to_string());
        UserInfo {
            name: name.to_string(),
            groups,
            ..UserInfo::default()
        }
    }

    pub fn in_group(&self, group: &str) -> bool {
        self.groups.iter().any(|g| g == group)
    }
}

/// What the authorizer decided, and the reason it gives (RBAC's binding, or its errors).
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub allowed: bool,
    pub reason: String,
}

impl ApiServer {
    /// Authenticate a request, apply its impersonation, and authorize it: the user it is served
    /// as, or the Status to answer.
    pub fn gate(&self, req: &ApiRequest) -> Result<UserInfo, Status> {
        let user = self.authenticate(req)?;
        let user = self.impersonate(req, user)?;
        // The usual case, the cluster's admin, is let through before the URL is even read.
        if user.in_group(MASTERS) {
            return Ok(user);
        }
        let attrs = Attributes::of_request(req);
        let decision = self.authorize(&user, &attrs);
        if decision.allowed {
            Ok(user)
        } else {
            Err(forbidden::status(&user, &attrs, &decision.reason))
        }
    }

    /// The authorizer chain: `system:masters` may do anything, then RBAC decides.
    pub fn authorize(&self, user: &UserInfo, attrs: &Attributes) -> Decision {
        if user.in_group(MASTERS) {
            return Decision {
                allowed: true,
                reason: String::new(),
            };
        }
        rbac::authorize(self.store(), user, attrs)
    }
}
