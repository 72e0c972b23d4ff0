//! `kubectl describe serviceaccount`: pull, mountable and legacy token secrets, then events.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::events;
use super::LEVEL_0;
use super::{annotations_multiline, arr, labels_multiline, name_namespace, s, Settings, W};
use crate::{Ctx, KError};
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, sa: &Value, settings: &Settings) -> Result<String, KError> {
    let path = format!(
        "/api/v1/namespaces/{}/secrets",
        s(sa, "/metadata/namespace")
    );
    // kubectl describes the account even when it may not list secrets.
    let secrets = ctx
        .call(ApiRequest::get(path))
        .ok()
        .map(|l| arr(&l, "/items").to_vec());
    let evs = events::for_object(ctx, sa, settings);
    Ok(render(sa, secrets.as_deref(), evs.as_deref(), settings.now))
}

pub fn render(sa: &Value, secrets: Option<&[Value]>, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, sa);
    labels_multiline(&mut w, "", "Labels", sa.labels());
    annotations_multiline(&mut w, "Annotations", sa.annotations());
    let names = |pointer: &str| -> Vec<String> {
        arr(sa, pointer)
            .iter()
            .map(|r| s(r, "/name").to_string())
            .collect()
    };
    let pull = names("/imagePullSecrets");
    let mount = names("/secrets");
    let mut tokens: Vec<String> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    if let Some(secrets) = secrets {
        for sec in secrets {
            if s(sec, "/type") == "kubernetes.io/service-account-token"
                && s(
                    sec,
                    "/metadata/annotations/kubernetes.io~1service-account.name",
                ) == s(sa, "/metadata/name")
                && s(
                    sec,
                    "/metadata/annotations/kubernetes.io~1service-account.uid",
                ) == s(sa, "/metadata/uid")
            {
                tokens.push(s(sec, "/metadata/name").to_string());
            }
        }
        let exists = |n: &String| secrets.iter().any(|x| s(x, "/metadata/name") == n);
        missing = pull
            .iter()
            .chain(mount.iter())
            .filter(|n| !exists(n))
            .cloned()
            .collect();
    }
    // The three headers are padded to one width and printed in sorted order.
    for (header, list) in [
        ("Image pull secrets:", &pull),
        ("Mountable secrets: ", &mount),
        ("Tokens:            ", &tokens),
    ] {
        if list.is_empty() {
            w.write(LEVEL_0, &format!("{header}\t<none>\n"));
            continue;
        }
        let mut prefix = header;
        for name in list {
            let note = if missing.contains(name) {
                " (not found)"
            } else {
                ""
            };
            w.write(LEVEL_0, &format!("{prefix}\t{name}{note}\n"));
            prefix = "                   ";
        }
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn default_service_account() {
        let sa = json!({"metadata": {"name": "default", "namespace": "default", "uid": "u"}});
        assert_eq!(
            render(&sa, Some(&[]), Some(&[]), Time(0)),
            "Name:                default
Namespace:           default
Labels:              <none>
Annotations:         <none>
Image pull secrets:  <none>
Mountable secrets:   <none>
Tokens:              <none>
Events:              <none>
"
        );
    }
}
