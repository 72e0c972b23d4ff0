//! k3s's ServiceLB (klipper-lb): a LoadBalancer Service gets the node's address as its external
//! IP. Clusters without it (minikube without `minikube tunnel`) leave it `<pending>`.

use serde_json::json;

use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    if !sim.node.service_lb {
        return;
    }
    let Some(svc) = api.store().get(key) else {
        return;
    };
    if meta::str_at(svc, &["spec", "type"]) != "LoadBalancer" {
        return;
    }
    let ingress = json!([{"ip": sim.node.ip, "ipMode": "VIP"}]);
    if svc.pointer("/status/loadBalancer/ingress") == Some(&ingress) {
        return;
    }
    let mut updated = svc.clone();
    meta::set(
        &mut updated,
        &["status", "loadBalancer", "ingress"],
        ingress,
    );
    if let Some(info) = util::info(api, "/services") {
        let _ = util::write(api, &info, updated);
    }
}
