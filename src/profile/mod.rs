//! Cluster profiles (minikube, k3s) as data: what a fresh cluster holds.

use crate::api::ApiServer;
use crate::clock::Time;
use crate::sim::Sim;

#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub node_name: String,
    /// The kubeconfig kubectl starts with, as YAML.
    pub kubeconfig: String,
}

impl Profile {
    pub fn by_name(name: &str) -> Option<Profile> {
        match name {
            "minikube" => Some(Profile {
                name: "minikube".into(),
                node_name: "minikube".into(),
                kubeconfig: String::new(),
            }),
            _ => None,
        }
    }

    pub fn minikube() -> Profile {
        Profile {
            name: "minikube".into(),
            node_name: "minikube".into(),
            kubeconfig: String::new(),
        }
    }

    /// Fill a fresh API server with the profile's objects, as if the cluster booted a little
    /// before `now`.
    pub fn bootstrap(&self, api: &mut ApiServer, sim: &mut Sim, now: Time) {
        let _ = (api, sim, now);
    }
}
