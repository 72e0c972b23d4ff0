//! Impersonation: `Impersonate-User`, `Impersonate-Group`, `Impersonate-Uid` and
//! `Impersonate-Extra-*` headers (`kubectl --as`, `--as-group`, `--as-uid`). The requester must be
//! allowed to `impersonate` each one, and the request is then served as that user.

use kubeplay_core::api::status::Status;
use kubeplay_core::api::ApiRequest;

use super::{forbidden, Attributes, UserInfo, ANONYMOUS, AUTHENTICATED, UNAUTHENTICATED};
use crate::server::ApiServer;

/// The groups of a service account's tokens.
pub fn service_account_groups(namespace: &str) -> Vec<String> {
    vec![
        "system:serviceaccounts".to_string(),
        format!("system:serviceaccounts:{namespace}"),
    ]
}

impl ApiServer {
    pub(super) fn impersonate(
        &self,
        req: &ApiRequest,
        requester: UserInfo,
    ) -> Result<UserInfo, Status> {
        let name = req.header("Impersonate-User");
        let groups: Vec<&str> = req.headers_named("Impersonate-Group").collect();
        let uid = req.header("Impersonate-Uid");
        let extras: Vec<(String, &str)> = req
            .headers
            .iter()
            .filter_map(|(k, v)| {
                let key = k.to_ascii_lowercase();
                key.strip_prefix("impersonate-extra-")
                    .map(|rest| (rest.to_string(), v.as_str()))
            })
            .collect();
        let Some(name) = name else {
            if groups.is_empty() && uid.is_none() && extras.is_empty() {
                return Ok(requester);
            }
            return Err(Status::internal(
                "Internal Server Error: requested impersonation without impersonating a user",
            ));
        };
        let check = |attrs: Attributes| -> Result<(), Status> {
            let d = self.authorize(&requester, &attrs);
            if d.allowed {
                Ok(())
            } else {
                Err(forbidden::status(&requester, &attrs, &d.reason))
            }
        };
        let mut user = UserInfo {
            name: name.to_string(),
            ..UserInfo::default()
        };
        match name
            .strip_prefix("system:serviceaccount:")
            .and_then(|r| r.split_once(':'))
        {
            Some((ns, sa)) => {
                check(Attributes::resource(
                    "impersonate",
                    "",
                    "serviceaccounts",
                    ns,
                    sa,
                ))?;
                if groups.is_empty() {
                    user.groups = service_account_groups(ns);
                }
            }
            None => check(Attributes::resource("impersonate", "", "users", "", name))?,
        }
        for g in &groups {
            check(Attributes::resource("impersonate", "", "groups", "", g))?;
            user.groups.push(g.to_string());
        }
        for (key, value) in extras {
            let mut attrs = Attributes::resource(
                "impersonate",
                "authentication.k8s.io",
                "userextras",
                "",
                value,
            );
            attrs.subresource = key.clone();
            check(attrs)?;
            match user.extra.iter_mut().find(|(k, _)| *k == key) {
                Some((_, values)) => values.push(value.to_string()),
                None => user.extra.push((key, vec![value.to_string()])),
            }
        }
        if let Some(uid) = uid {
            check(Attributes::resource(
                "impersonate",
                "authentication.k8s.io",
                "uids",
                "",
                uid,
            ))?;
            user.uid = uid.to_string();
        }
        if user.name == ANONYMOUS {
            if !user.in_group(UNAUTHENTICATED) {
                user.groups.push(UNAUTHENTICATED.to_string());
            }
        } else if !user.in_group(AUTHENTICATED) && !user.in_group(UNAUTHENTICATED) {
            user.groups.push(AUTHENTICATED.to_string());
        }
        Ok(user)
    }
}
