//! Controllers that run on the simulated clock: scheduler, kubelet, Deployment -> ReplicaSet ->
//! Pods, Services -> Endpoints, namespace termination, garbage collection.

use crate::api::ApiServer;
use crate::profile::Profile;

#[derive(Debug, Clone, Default)]
pub struct Sim {}

impl Sim {
    pub fn new(profile: &Profile) -> Sim {
        let _ = profile;
        Sim {}
    }

    /// Run every controller until nothing changes (bounded), at `api.now`.
    pub fn reconcile(&mut self, api: &mut ApiServer) {
        let _ = api;
    }
}
