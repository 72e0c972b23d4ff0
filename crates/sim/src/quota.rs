//! The resource quota controller: each ResourceQuota's `status.hard` follows its spec and its
//! `status.used` is recounted from the namespace's objects whenever one of the kinds it limits
//! is written or removed (Kubernetes syncs a quota when its spec changes and "replenishes" it
//! when a pod ends or an object goes away; admission charges creates in between).

use kubeplay_api::admission::resourcequota;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

use super::util;

/// React to a write of `key`: the quota itself, or an object some quota of its namespace counts.
pub fn sync(api: &mut ApiServer, key: &Key) {
    if key.namespace.is_empty() {
        return;
    }
    let quotas: Vec<Key> = api
        .store()
        .list("/resourcequotas", Some(&key.namespace))
        .filter(|(k, q)| *k == *key || counts(q, &key.gr))
        .map(|(k, _)| k)
        .collect();
    for q in quotas {
        recount(api, &q);
    }
}

/// Whether a quota limits anything of resource `gr`.
fn counts(quota: &serde_json::Value, gr: &str) -> bool {
    quota
        .pointer("/spec/hard")
        .and_then(|h| h.as_object())
        .is_some_and(|h| {
            h.keys()
                .any(|n| resourcequota::resource_of(n).as_deref() == Some(gr))
        })
}

fn recount(api: &mut ApiServer, key: &Key) {
    let Some(quota) = api.store().get(key).cloned() else {
        return;
    };
    let status = resourcequota::calculate_status(api.store(), &quota, api.now);
    if quota.get("status") == Some(&status) {
        return;
    }
    let mut updated = quota;
    meta::set(&mut updated, &["status"], status);
    if let Some(info) = util::info(api, "/resourcequotas") {
        api.write_status(&info, updated);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_core::clock::Time;
    use serde_json::json;

    fn server() -> ApiServer {
        let mut api = ApiServer::new(Time(1_700_000_000));
        let info = util::info(&api, "/namespaces").unwrap();
        api.create(&info, None, json!({"metadata": {"name": "team"}}), false)
            .unwrap();
        let info = util::info(&api, "/serviceaccounts").unwrap();
        api.create(
            &info,
            Some("team"),
            json!({"metadata": {"name": "default"}}),
            false,
        )
        .unwrap();
        api
    }

    fn create(api: &mut ApiServer, gr: &str, body: serde_json::Value) -> Result<(), String> {
        let info = util::info(api, gr).unwrap();
        api.create(&info, Some("team"), body, false)
            .map(|_| ())
            .map_err(|e| e.message)
    }

    fn quota_status(api: &ApiServer) -> serde_json::Value {
        api.store()
            .get(&Key::new("/resourcequotas", "team", "compute"))
            .and_then(|q| q.get("status").cloned())
            .unwrap()
    }

    fn pod(name: &str, cpu: &str) -> serde_json::Value {
        json!({"metadata": {"name": name}, "spec": {"containers": [{"name": name, "image": "nginx",
            "resources": {"requests": {"cpu": cpu, "memory": "64Mi"}, "limits": {"cpu": cpu, "memory": "64Mi"}}}]}})
    }

    #[test]
    fn counts_then_refuses_past_hard() {
        let mut api = server();
        create(
            &mut api,
            "/resourcequotas",
            json!({"metadata": {"name": "compute"}, "spec": {"hard": {"requests.cpu": "1", "pods": "5", "requests.memory": "1Gi"}}}),
        )
        .unwrap();
        sync(&mut api, &Key::new("/resourcequotas", "team", "compute"));
        assert_eq!(
            quota_status(&api),
            json!({"hard": {"pods": "5", "requests.cpu": "1", "requests.memory": "1Gi"},
                   "used": {"pods": "0", "requests.cpu": "0", "requests.memory": "0"}})
        );
        create(&mut api, "/pods", pod("a", "600m")).unwrap();
        assert_eq!(
            quota_status(&api)["used"],
            json!({"pods": "1", "requests.cpu": "600m", "requests.memory": "64Mi"})
        );
        let err = create(&mut api, "/pods", pod("web", "500m")).unwrap_err();
        assert_eq!(err, "pods \"web\" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1");
        let err = create(
            &mut api,
            "/pods",
            json!({"metadata": {"name": "web"}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}}),
        )
        .unwrap_err();
        assert_eq!(err, "pods \"web\" is forbidden: failed quota: compute: must specify requests.cpu for: web; requests.memory for: web");
        sync(&mut api, &Key::new("/pods", "team", "a"));
        assert_eq!(
            quota_status(&api)["used"],
            json!({"pods": "1", "requests.cpu": "600m", "requests.memory": "64Mi"})
        );
    }

    #[test]
    fn unknown_status_refuses() {
        let mut api = server();
        create(
            &mut api,
            "/resourcequotas",
            json!({"metadata": {"name": "compute"}, "spec": {"hard": {"configmaps": "1"}}}),
        )
        .unwrap();
        // Not synced yet: no status.hard, so the quota matches nothing.
        create(&mut api, "/configmaps", json!({"metadata": {"name": "a"}})).unwrap();
        sync(&mut api, &Key::new("/resourcequotas", "team", "compute"));
        assert_eq!(quota_status(&api)["used"], json!({"configmaps": "1"}));
        let err = create(&mut api, "/configmaps", json!({"metadata": {"name": "b"}})).unwrap_err();
        assert_eq!(err, "configmaps \"b\" is forbidden: exceeded quota: compute, requested: configmaps=1, used: configmaps=1, limited: configmaps=1");
    }
}
