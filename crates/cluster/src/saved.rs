//! A cluster as a snapshot holds it: the API server (store, discovery with its CRDs, random
//! state) and the simulator with all its controllers' memory. The profile and the clock are
//! not data: the profile is rebuilt by name and the clock given again, with the seconds `sleep`
//! added to it (see `Cluster::offset`).

use serde::{Deserialize, Serialize};

use super::Cluster;
use crate::profile::Profile;
use kubeplay_api::ApiServer;
use kubeplay_core::clock::Clock;
use kubeplay_sim::Sim;

/// The cluster's state, borrowed, to write a snapshot.
#[derive(Serialize)]
pub struct SavedRef<'a> {
    api: &'a ApiServer,
    sim: &'a Sim,
    exec_seq: u64,
}

/// The cluster's state read back from a snapshot.
#[derive(Deserialize)]
pub struct Saved {
    api: ApiServer,
    sim: Sim,
    exec_seq: u64,
}

impl Cluster {
    /// The state to snapshot; None while a container shell is attached (it is not kept) or a
    /// reconcile is left unfinished between the page's slices (the next moment at rest will do).
    pub fn saved(&self) -> Option<SavedRef<'_>> {
        (self.shell.is_none() && !self.sim.busy()).then_some(SavedRef {
            api: &self.api,
            sim: &self.sim,
            exec_seq: self.exec_seq,
        })
    }

    /// The cluster a snapshot holds, on `clock` moved on by `offset` seconds as it was.
    pub fn from_saved(
        profile: Profile,
        clock: Box<dyn Clock>,
        saved: Saved,
        offset: i64,
    ) -> Cluster {
        Cluster {
            api: saved.api,
            sim: saved.sim,
            profile,
            clock,
            offset,
            shell: None,
            exec_seq: saved.exec_seq,
            // The page's log says whether time was paused; it sets this after the restore.
            paused: false,
            // The page slices what writes set off once it has restored (`Engine::boot`).
            slice: None,
        }
    }

    /// The seconds `sleep` has added to the clock.
    pub fn offset(&self) -> i64 {
        self.offset
    }
}
