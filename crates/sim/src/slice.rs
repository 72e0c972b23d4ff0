//! A reconcile cut into slices, so the page can spread a big change (a thousand pods starting)
//! over many frames instead of freezing for a second.
//!
//! A reconcile walks the timers that fell due, each at its own moment, then answers what clients
//! wrote, then the heartbeats, each step followed by rounds of controller syncs. `Run` is where
//! such a walk stands: it stops only between two keys or two timer moments, and goes on from
//! there toward its own moment, so a reconcile done in slices does exactly what the same
//! reconcile done at once does. The budget counts keys and timer moments, never the machine's
//! time, so where the slices fall never changes what happens.

use std::collections::VecDeque;

use indexmap::IndexSet;

use kubeplay_api::store::Key;
use kubeplay_api::ApiServer;
use kubeplay_core::clock::Time;

use super::{heartbeat, is_passive, kubelet, Sim, MAX_ROUNDS, MAX_TIMER_STEPS};

/// How much one slice may do: keys synced plus timer moments walked; `None` is no limit.
#[derive(Debug, Clone, Copy)]
pub struct Budget(Option<usize>);

impl Budget {
    pub fn of(steps: usize) -> Budget {
        Budget(Some(steps))
    }

    pub fn unlimited() -> Budget {
        Budget(None)
    }

    /// Spend one step, or say the slice is over.
    fn take(&mut self) -> bool {
        match &mut self.0 {
            None => true,
            Some(0) => false,
            Some(n) => {
                *n -= 1;
                true
            }
        }
    }
}

/// What a reconcile does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Phase {
    /// Timers due at or before the target, each at its own moment.
    Timers,
    /// What clients wrote, at the target.
    Writes,
    /// The kubelets' heartbeats, when time moved.
    Heartbeat,
    /// Scripts that use the network follow what changed, and the reconcile ends.
    Network,
}

/// Controller rounds in progress at one moment: each round syncs what the previous one wrote.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Settling {
    rounds: usize,
    /// The keys of this round not synced yet, in order.
    work: VecDeque<Key>,
    /// The aggregation controller looked at ClusterRoles this round.
    roles_looked: bool,
}

/// A reconcile not finished yet (see the module's comment).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Run {
    /// The moment it catches up with.
    target: Time,
    /// The moment it is at.
    cur: Time,
    phase: Phase,
    timer_steps: usize,
    /// What clients wrote before it began, answered at the target.
    writes: Vec<Key>,
    settling: Option<Settling>,
}

impl Sim {
    /// Whether a reconcile stopped by its budget still has work to do.
    pub fn busy(&self) -> bool {
        self.run.is_some()
    }

    /// Catch up with `api.now`, spending at most `budget`: true once caught up. A reconcile a
    /// budget stopped ends first, toward its own moment, then a new one goes toward `api.now`,
    /// just as when the first had been done at once.
    pub fn reconcile_within(&mut self, api: &mut ApiServer, mut budget: Budget) -> bool {
        let target = api.now;
        if !self.go_on(api, &mut budget) {
            return false;
        }
        let mut run = self.begin(api, target);
        if !self.advance(api, &mut run, &mut budget) {
            self.run = Some(run);
            return false;
        }
        true
    }

    /// Go on with a reconcile a budget stopped, toward its own moment only: true once it ended
    /// (or there was none).
    pub fn resume(&mut self, api: &mut ApiServer, mut budget: Budget) -> bool {
        self.go_on(api, &mut budget)
    }

    fn go_on(&mut self, api: &mut ApiServer, budget: &mut Budget) -> bool {
        let Some(mut run) = self.run.take() else {
            return true;
        };
        let done = self.advance(api, &mut run, budget);
        if !done {
            self.run = Some(run);
        }
        done
    }

    fn begin(&mut self, api: &mut ApiServer, target: Time) -> Run {
        let (writes, lost) = api.take_journal();
        if lost {
            self.primed = false;
        }
        Run {
            target,
            cur: self.last.min(target),
            phase: Phase::Timers,
            timer_steps: 0,
            writes,
            settling: None,
        }
    }

    /// Carry `run` on until it ends (true) or the budget is spent (false).
    fn advance(&mut self, api: &mut ApiServer, run: &mut Run, budget: &mut Budget) -> bool {
        api.now = run.cur;
        loop {
            if let Some(settling) = &mut run.settling {
                if !self.settle(api, settling, budget) {
                    return false;
                }
                run.settling = None;
            }
            match run.phase {
                Phase::Timers => {
                    let due = self.timers.first().map(|(at, _)| *at);
                    match due {
                        Some(at) if at <= run.target.0 && run.timer_steps < MAX_TIMER_STEPS => {
                            if !budget.take() {
                                return false;
                            }
                            run.timer_steps += 1;
                            run.cur = Time(at.max(run.cur.0));
                            api.now = run.cur;
                            self.fire_timers(run.cur);
                            run.settling = Some(Settling::default());
                        }
                        _ => run.phase = Phase::Writes,
                    }
                }
                Phase::Writes => {
                    run.cur = run.target;
                    api.now = run.cur;
                    self.queue.append(&mut run.writes);
                    run.settling = Some(Settling::default());
                    run.phase = Phase::Heartbeat;
                }
                Phase::Heartbeat => {
                    if self.last < run.target {
                        heartbeat::beat(api);
                        run.settling = Some(Settling::default());
                    }
                    run.phase = Phase::Network;
                }
                Phase::Network => {
                    self.last = run.target;
                    // Scripts that use the network follow what changed, once per reconcile.
                    if let Some(since) = self.net_changed.take() {
                        kubelet::refresh_network(self, api, since);
                    }
                    return true;
                }
            }
        }
    }

    /// Queue the keys of every timer due at `cur`.
    fn fire_timers(&mut self, cur: Time) {
        while let Some(first) = self.timers.first() {
            if first.0 > cur.0 {
                break;
            }
            if let Some((_, key)) = self.timers.pop_first() {
                self.queue.push(key);
            }
        }
    }

    /// Let the controllers react to what was written, at `api.now`, until quiet (bounded) or
    /// the budget is spent (false).
    fn settle(&mut self, api: &mut ApiServer, s: &mut Settling, budget: &mut Budget) -> bool {
        loop {
            if s.work.is_empty() {
                if s.rounds >= MAX_ROUNDS {
                    return true;
                }
                let work = self.next_round(api);
                if work.is_empty() {
                    return true;
                }
                s.rounds += 1;
                s.work = work;
                // The aggregation controller looks at every aggregated ClusterRole whichever
                // role changed, so once a round is enough (the bootstrap policy alone is ~70).
                s.roles_looked = false;
            }
            while !s.work.is_empty() {
                if !budget.take() {
                    return false;
                }
                let Some(key) = s.work.pop_front() else {
                    break;
                };
                let aggregate = key.gr == kubeplay_api::auth::rbac::CLUSTER_ROLES
                    && !std::mem::replace(&mut s.roles_looked, true);
                self.sync(api, &key, aggregate);
            }
        }
    }

    /// The keys one round looks at: what was written and queued since the last round.
    fn next_round(&mut self, api: &mut ApiServer) -> VecDeque<Key> {
        let (keys, lost) = api.take_journal();
        let mut work: IndexSet<Key> = IndexSet::new();
        if lost || !self.primed {
            self.primed = true;
            work.extend(api.store().iter().map(|(k, _)| k));
        }
        work.extend(keys);
        work.extend(self.queue.drain(..));
        work.retain(|k| !is_passive(&k.gr));
        let changed = work.iter().any(|k| {
            matches!(
                k.gr.as_str(),
                "/services" | "/endpoints" | "networking.k8s.io/networkpolicies" | "/namespaces"
            ) || (k.gr == "/pods" && !api.store().contains(k))
        });
        if changed && self.net_changed.is_none() {
            self.net_changed = Some(api.now);
        }
        work.into_iter().collect()
    }
}
