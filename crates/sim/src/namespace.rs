//! Namespaces: a new one gets its `default` ServiceAccount and the `kube-root-ca.crt`
//! ConfigMap (the service-account and root-CA publisher controllers); a deleted one is emptied
//! and then goes away a second after its last object (pods terminate gracefully first),
//! showing `Terminating` meanwhile.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::json;

use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::ApiServer;
use kubeplay_core::clock::Time;

/// How long an emptied namespace stays `Terminating`.
const TERMINATING_SECS: i64 = 1;

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(ns) = api.store().get(key).cloned() else {
        return;
    };
    let name = key.name.clone();
    let deleting = ns
        .pointer("/metadata/deletionTimestamp")
        .and_then(|v| v.as_str())
        .and_then(Time::parse_rfc3339);
    match deleting {
        None => populate(api, &name),
        Some(since) => terminate(sim, api, key, since),
    }
}

fn populate(api: &mut ApiServer, ns: &str) {
    if !api
        .store()
        .contains(&Key::new("/serviceaccounts", ns, "default"))
    {
        if let Some(info) = util::info(api, "/serviceaccounts") {
            let body = json!({"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": "default", "namespace": ns}});
            let _ = api.create(&info, Some(ns), body, false);
        }
    }
    if !api
        .store()
        .contains(&Key::new("/configmaps", ns, "kube-root-ca.crt"))
    {
        let source = api
            .store()
            .get(&Key::new("/configmaps", "kube-system", "kube-root-ca.crt"))
            .cloned();
        if let (Some(info), Some(src)) = (util::info(api, "/configmaps"), source) {
            let mut md = json!({"name": "kube-root-ca.crt", "namespace": ns});
            if let Some(a) = src.annotations() {
                md["annotations"] = a.clone();
            }
            let body = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": md,
                "data": src.get("data").cloned().unwrap_or(json!({}))});
            let _ = api.create(&info, Some(ns), body, false);
        }
    }
}

fn terminate(sim: &mut Sim, api: &mut ApiServer, key: &Key, since: Time) {
    let ns = key.name.clone();
    let infos: Vec<_> = api
        .discovery
        .all()
        .iter()
        .filter(|i| i.namespaced)
        .cloned()
        .collect();
    let mut left = false;
    for info in infos {
        let names: Vec<String> = api
            .store()
            .list(&info.gr(), Some(&ns))
            .map(|(k, _)| k.name)
            .collect();
        for n in names {
            match api.delete(&info, Some(&ns), &n, false) {
                // A pod terminating gracefully stays until its kubelet has stopped it.
                Ok(_) if api.store().contains(&Key::new(&info.gr(), &ns, &n)) => left = true,
                Ok(_) => {}
                Err(_) => left = true,
            }
        }
    }
    let gone_at = since.plus(TERMINATING_SECS);
    if left || api.now < gone_at {
        sim.wake(gone_at.max(api.now.plus(1)), key);
        return;
    }
    // The namespace controller removes the `kubernetes` finalizer; the server then drops it.
    api.finalize_namespace(&ns);
}
