//! The unschedulable pods and when each is tried again: after five minutes in any case (the
//! real queue's `podMaxInUnschedulablePodsDuration`), at once when something that could make it
//! fit changes (a node's labels, taints, capacity or cordon; a pod leaving or landing; a claim).

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use kubeplay_api::store::Key;
use kubeplay_core::clock::Time;

/// How long an unschedulable pod waits for a retry when nothing changes.
pub const FLUSH_AFTER: i64 = 300;

#[derive(Debug, Clone, Default)]
pub struct Queue {
    /// Unschedulable pods with the time they may be tried again, and whether a pod landing
    /// somewhere may help them (their own pod affinity).
    waiting: BTreeMap<Key, (Time, bool)>,
    /// Each node's scheduling-relevant parts as last seen, to tell a heartbeat from a change.
    nodes: HashMap<String, Value>,
    /// Each claim's phase as last seen, likewise.
    claims: HashMap<Key, String>,
}

impl Queue {
    pub fn park(&mut self, key: &Key, retry_at: Time, wants_pods: bool) {
        self.waiting.insert(key.clone(), (retry_at, wants_pods));
    }

    pub fn forget(&mut self, key: &Key) {
        self.waiting.remove(key);
    }

    /// Whether an attempt for `key` is due at `now` (a pod never tried is).
    pub fn due(&self, key: &Key, now: Time) -> bool {
        self.waiting.get(key).is_none_or(|(at, _)| *at <= now)
    }

    /// Make every waiting pod due now; returns their keys to look at.
    pub fn release_all(&mut self, now: Time) -> Vec<Key> {
        self.release(now, false)
    }

    /// Make the pods waiting for other pods due now (a pod was bound).
    pub fn release_affine(&mut self, now: Time) -> Vec<Key> {
        self.release(now, true)
    }

    fn release(&mut self, now: Time, only_affine: bool) -> Vec<Key> {
        let mut out = Vec::new();
        for (k, (at, affine)) in self.waiting.iter_mut() {
            if !only_affine || *affine {
                *at = now;
                out.push(k.clone());
            }
        }
        out
    }

    /// Record a claim's phase (None: gone); true if it differs from the last one seen.
    pub fn claim_changed(&mut self, key: &Key, phase: Option<String>) -> bool {
        match phase {
            Some(p) => self.claims.insert(key.clone(), p.clone()) != Some(p),
            None => self.claims.remove(key).is_some(),
        }
    }

    /// Record a node's scheduling view; true if it differs from the last one seen.
    pub fn node_changed(&mut self, name: &str, view: Option<Value>) -> bool {
        match view {
            Some(v) => self.nodes.insert(name.to_string(), v.clone()) != Some(v),
            None => self.nodes.remove(name).is_some(),
        }
    }
}
