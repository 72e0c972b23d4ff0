//! What the workspace's tests start from: one fixed "now" and a cluster booted at it. Tests of
//! every layer build on these instead of each wiring its own clock and profile, so they agree on
//! the moment the transcripts were recorded at. Compiled only with the `fixture` feature, which
//! only dev-dependencies turn on: the page never carries it.

use crate::profile::Profile;
use crate::Cluster;
use kubeplay_api::ApiServer;
use kubeplay_core::clock::{Clock, FixedClock, Time};
use kubeplay_sim::Sim;

/// 2026-11-25T10:00:00Z: "now" for the transcripts and most tests (a profile boots its objects
/// five minutes before it, so `kubectl get` shows `5m`).
pub const START: Time = Time(1_795_600_800);

/// A clock standing still at `START`; tests move time with `Cluster::advance`.
pub fn clock() -> Box<dyn Clock> {
    clock_at(START)
}

/// A clock standing still at `t`, for tests whose expected texts were written at another time.
pub fn clock_at(t: Time) -> Box<dyn Clock> {
    Box::new(FixedClock::new(t))
}

/// A freshly booted minikube at `START`.
pub fn minikube() -> Cluster {
    minikube_at(START)
}

/// A freshly booted minikube at `t`.
pub fn minikube_at(t: Time) -> Cluster {
    Cluster::new(Profile::minikube(), clock_at(t))
}

/// A profile's API server and simulator right after boot at `START`, before any reconcile and
/// without a `Cluster` around them: for tests that set `api.now` themselves to step the
/// controllers.
pub fn booted(profile: &Profile) -> (ApiServer, Sim) {
    let mut api = ApiServer::new(START);
    let mut sim = profile.sim();
    profile.bootstrap(&mut api, &mut sim, START);
    (api, sim)
}
