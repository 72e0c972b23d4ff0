//! The unschedulable pods and when each is tried again: after five minutes in any case (the
//! real queue's `podMaxInUnschedulablePodsDuration`), as soon as its back-off allows when
//! something that could make it fit changes (a node's labels, taints, capacity or cordon; a pod
//! leaving or landing; a claim). The back-off is the queue's: 1 s after the first failed
//! attempt, doubling with each one up to 10 s, so a pod whose failure and cure repeat in the
//! same instant (a preemptor whose victim's replacement lands where it wants to go) is tried
//! again only once it has waited.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use kubeplay_api::store::Key;
use kubeplay_core::clock::Time;

/// How long an unschedulable pod waits for a retry when nothing changes.
pub const FLUSH_AFTER: i64 = 300;

/// `podInitialBackoffDuration` and `podMaxBackoffDuration`, in seconds.
const INITIAL_BACKOFF: i64 = 1;
const MAX_BACKOFF: i64 = 10;

/// The back-off after `attempts` failed attempts.
fn backoff(attempts: u32) -> i64 {
    let mut d = INITIAL_BACKOFF;
    for _ in 1..attempts {
        if d > MAX_BACKOFF - d {
            return MAX_BACKOFF;
        }
        d += d;
    }
    d
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct Queue {
    /// Unschedulable pods with the time they may be tried again, and whether a pod landing
    /// somewhere may help them (their pod affinity or spread constraints).
    waiting: BTreeMap<Key, (Time, bool)>,
    /// Each unschedulable pod's failed attempts and the end of its back-off.
    backoffs: HashMap<Key, (u32, Time)>,
    /// Each node's scheduling-relevant parts as last seen, to tell a heartbeat from a change.
    nodes: HashMap<String, Value>,
    /// Each claim's phase as last seen, likewise.
    claims: HashMap<Key, String>,
}

impl Queue {
    /// A failed attempt at `now`: the pod waits until `retry_at` unless released sooner.
    pub fn park(&mut self, key: &Key, now: Time, retry_at: Time, wants_pods: bool) {
        let attempts = self.backoffs.get(key).map_or(0, |(n, _)| *n) + 1;
        self.backoffs
            .insert(key.clone(), (attempts, now.plus(backoff(attempts))));
        self.waiting.insert(key.clone(), (retry_at, wants_pods));
    }

    /// The pod is bound or gone.
    pub fn forget(&mut self, key: &Key) {
        self.waiting.remove(key);
        self.backoffs.remove(key);
    }

    /// Whether an attempt for `key` is due at `now` (a pod never tried is).
    pub fn due(&self, key: &Key, now: Time) -> bool {
        self.waiting.get(key).is_none_or(|(at, _)| *at <= now)
    }

    /// Make every waiting pod due as soon as its back-off ends; returns their keys with when.
    pub fn release_all(&mut self, now: Time) -> Vec<(Key, Time)> {
        self.release(now, false)
    }

    /// Likewise for the pods waiting for other pods (a pod was bound).
    pub fn release_affine(&mut self, now: Time) -> Vec<(Key, Time)> {
        self.release(now, true)
    }

    fn release(&mut self, now: Time, only_affine: bool) -> Vec<(Key, Time)> {
        let mut out = Vec::new();
        for (k, (at, affine)) in self.waiting.iter_mut() {
            if !only_affine || *affine {
                let until = self.backoffs.get(k).map_or(now, |(_, t)| *t);
                *at = (*at).min(now.max(until));
                out.push((k.clone(), *at));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_ten_seconds() {
        let got: Vec<i64> = (1..=6).map(backoff).collect();
        assert_eq!(got, vec![1, 2, 4, 8, 10, 10]);
    }

    #[test]
    fn a_release_waits_for_the_backoff() {
        let mut q = Queue::default();
        let k = Key::new("/pods", "default", "p");
        q.park(&k, Time(100), Time(400), false);
        assert_eq!(q.release_all(Time(100)), vec![(k.clone(), Time(101))]);
        assert!(!q.due(&k, Time(100)));
        assert!(q.due(&k, Time(101)));
        q.park(&k, Time(101), Time(401), false);
        assert_eq!(q.release_all(Time(150)), vec![(k.clone(), Time(150))]);
        q.forget(&k);
        assert!(q.due(&k, Time(0)));
    }
}
