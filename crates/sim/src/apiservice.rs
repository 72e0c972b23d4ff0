//! kube-apiserver's controller for its own Service, `default/kubernetes`: every 10 s it makes
//! sure the Service exists, so one a learner deletes comes back at the next round, with the
//! first address of the service range and the API server's port — and so do the Endpoints and
//! EndpointSlice its endpoint reconciler keeps (the endpoints controller removed them with the
//! Service).

use serde_json::{json, Value};

use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::ApiServer;

/// The apiserver's own endpoint objects, as they were when the Service went.
const ENDPOINT_KINDS: [&str; 2] = ["/endpoints", "discovery.k8s.io/endpointslices"];

/// The controller's reconcile interval.
const INTERVAL_SECS: i64 = 10;

fn is_it(key: &Key) -> bool {
    key.gr == "/services" && key.namespace == "default" && key.name == "kubernetes"
}

/// Called for every change of a Service; acts only on `default/kubernetes`.
pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key, exists: bool) {
    if !is_it(key) {
        return;
    }
    if exists {
        sim.kubernetes_service_due = None;
        return;
    }
    let now = api.now;
    match sim.kubernetes_service_due {
        None => {
            let due = now.plus(INTERVAL_SECS);
            sim.kubernetes_service_due = Some(due);
            sim.kubernetes_endpoints = ENDPOINT_KINDS
                .iter()
                .filter_map(|gr| {
                    let k = Key::new(gr, "default", "kubernetes");
                    api.store().get(&k).map(|o| (gr.to_string(), fresh(o)))
                })
                .collect();
            sim.wake(due, key);
        }
        Some(due) if now >= due => {
            sim.kubernetes_service_due = None;
            recreate(api);
            for (gr, obj) in std::mem::take(&mut sim.kubernetes_endpoints) {
                if let Some(info) = util::info(api, &gr) {
                    let k = Key::new(&gr, "default", "kubernetes");
                    if api.store().get(&k).is_none() {
                        let _ = api.create(&info, Some("default"), obj, false);
                    }
                }
            }
        }
        Some(_) => {}
    }
}

/// The first address of a `a.b.c.d/n` range: where the Service's cluster IP is.
fn first_address(cidr: &str) -> Option<String> {
    let base: std::net::Ipv4Addr = cidr.split('/').next()?.parse().ok()?;
    Some(std::net::Ipv4Addr::from(u32::from(base).wrapping_add(1)).to_string())
}

/// An object as a client would send it again: without what the server assigned.
fn fresh(obj: &Value) -> Value {
    let mut o = obj.clone();
    if let Some(md) = o.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        for f in [
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "generation",
            "managedFields",
        ] {
            md.remove(f);
        }
    }
    o
}

fn recreate(api: &mut ApiServer) {
    let Some(info) = util::info(api, "/services") else {
        return;
    };
    let ip = first_address(&api.info.service_cidr).unwrap_or_else(|| "10.96.0.1".into());
    let port: i64 = api
        .info
        .server_url
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or(6443);
    let svc = json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": "kubernetes",
            "namespace": "default",
            "labels": {"component": "apiserver", "provider": "kubernetes"},
        },
        "spec": {
            "type": "ClusterIP",
            "clusterIP": ip,
            "sessionAffinity": "None",
            "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": port}],
        },
        "status": {"loadBalancer": {}},
    });
    let _ = api.create(&info, Some("default"), svc, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_address_of_the_range() {
        assert_eq!(first_address("10.96.0.0/12").as_deref(), Some("10.96.0.1"));
        assert_eq!(first_address("10.43.0.0/16").as_deref(), Some("10.43.0.1"));
        assert_eq!(first_address("nope"), None);
    }

    #[test]
    fn only_the_kubernetes_service_is_kept() {
        assert!(is_it(&Key::new("/services", "default", "kubernetes")));
        assert!(!is_it(&Key::new("/services", "kube-system", "kubernetes")));
        assert!(!is_it(&Key::new("/services", "default", "web")));
    }
}
