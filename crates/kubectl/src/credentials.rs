//! Who kubectl says it is on each request, as client-go's transport adds it: a bearer token
//! (`--token`, or the kubeconfig user's `token`) and impersonation (`--as`, `--as-group`,
//! `--as-uid`, or the user's `as`, `as-groups`, `as-uid`). A client certificate is not sent: the
//! server takes a request without a token as its own admin kubeconfig's user.

use kubeplay_core::api::{ApiRequest, ApiResponse, Transport};
use kubeplay_core::clock::Time;
use kubeplay_core::fs::Fs;
use serde_json::Value;

use crate::flags::Args;
use crate::{Kubeconfig, Session};

/// The transport a command talks through: the session's, with the identity headers added.
pub struct Credentialed<'a> {
    pub inner: &'a mut dyn Transport,
    pub headers: Vec<(String, String)>,
}

impl Transport for Credentialed<'_> {
    fn call(&mut self, mut req: ApiRequest) -> ApiResponse {
        req.headers.extend(self.headers.iter().cloned());
        self.inner.call(req)
    }
    fn call_value(&mut self, mut req: ApiRequest) -> (u16, Value) {
        req.headers.extend(self.headers.iter().cloned());
        self.inner.call_value(req)
    }
    fn clock(&self) -> Option<Time> {
        self.inner.clock()
    }
}

/// The identity headers for a command line's flags and kubeconfig, or client-go's refusal of
/// groups or a uid to impersonate without a user.
pub fn headers(
    session: &Session,
    fs: &dyn Fs,
    globals: &Args,
) -> Result<Vec<(String, String)>, String> {
    let kc = match globals.opt("kubeconfig") {
        Some(path) => fs
            .read(&path)
            .ok()
            .and_then(|t| Kubeconfig::parse(&t, &path).ok()),
        None => Some(session.kubeconfig.clone()),
    };
    let (user_name, user) = kc
        .as_ref()
        .and_then(|kc| user_of(kc, globals))
        .unwrap_or_default();
    let from_user = |k: &str| user.get(k).and_then(|v| v.as_str()).map(String::from);
    let flag = |k: &str| globals.opt(k).filter(|v| !v.is_empty());
    let mut out = Vec::new();
    if let Some(token) = flag("token")
        .or_else(|| from_user("token"))
        .filter(|t| !t.is_empty())
    {
        out.push(("Authorization".to_string(), format!("Bearer {token}")));
    }
    if let Some(name) = flag("as").or_else(|| from_user("as")) {
        out.push(("Impersonate-User".to_string(), name));
    }
    let mut groups = globals.list("as-group");
    if groups.is_empty() {
        groups = user
            .get("as-groups")
            .and_then(|g| g.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|g| g.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
    }
    out.extend(
        groups
            .into_iter()
            .map(|g| ("Impersonate-Group".to_string(), g)),
    );
    if let Some(uid) = flag("as-uid").or_else(|| from_user("as-uid")) {
        out.push(("Impersonate-Uid".to_string(), uid));
    }
    let impersonates = |h: &str| out.iter().any(|(k, _)| k == h);
    if !impersonates("Impersonate-User")
        && (impersonates("Impersonate-Group") || impersonates("Impersonate-Uid"))
    {
        return Err(format!(
            "requesting uid, groups or user-extra for {user_name} without impersonating a user"
        ));
    }
    Ok(out)
}

/// The kubeconfig user in effect, by name: `--user`, else the context's (`--context` or the
/// current).
fn user_of(kc: &Kubeconfig, globals: &Args) -> Option<(String, Value)> {
    let name = match globals.opt("user").filter(|u| !u.is_empty()) {
        Some(u) => u,
        None => {
            let ctx = globals
                .opt("context")
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| kc.current_context().to_string());
            kc.context(&ctx)?.get("user")?.as_str()?.to_string()
        }
    };
    let user = kc
        .list("users")
        .into_iter()
        .find(|u| u.get("name").and_then(|n| n.as_str()) == Some(name.as_str()))
        .and_then(|u| u.get("user").cloned())
        .unwrap_or(Value::Null);
    Some((name, user))
}
