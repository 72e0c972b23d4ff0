//! A whole cluster: the API server and the simulator on one clock. It is the `Transport` kubectl
//! talks to; every request first lets simulated time catch up, and afterwards lets the controllers
//! react, so `kubectl apply` of a Deployment is followed at once by its ReplicaSet and Pods.

#![allow(clippy::result_large_err)]
// Outside tests nothing may unwrap: user input reaches this crate, and a panic kills the page.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod exec;
#[cfg(any(test, feature = "fixture"))]
pub mod fixture;
mod laptop;
pub mod logs;
mod metrics;
mod minikube;
pub mod profile;
mod saved;
pub mod watch;
pub mod why;

pub use exec::Attached;
pub use saved::{Saved, SavedRef};

use crate::profile::Profile;
use kubeplay_api::request::Answer;
use kubeplay_api::{ApiRequest, ApiResponse, ApiServer, Transport};
use kubeplay_core::clock::{Clock, Time};
use kubeplay_sim::{Budget, Sim};

pub struct Cluster {
    pub api: ApiServer,
    pub sim: Sim,
    pub profile: Profile,
    clock: Box<dyn Clock>,
    /// Seconds added to the clock by `sleep`, so scripts need not wait for real.
    offset: i64,
    /// The shell `kubectl exec -it` or `run -it` left open, until it exits.
    pub shell: Option<Attached>,
    /// Execs started, for the runtime's exec ids.
    exec_seq: u64,
    /// The page's pause: the API server answers, the controllers wait until time is let pass
    /// (`advance`: `sleep`, a step, a command waiting on a watch) or the pause ends.
    pub paused: bool,
    /// When set (the page), what a write sets off is done for at most this many keys and timer
    /// moments before the answer; `tick_within` does the rest (see `slice.rs` in the sim).
    pub slice: Option<usize>,
}

impl Cluster {
    pub fn new(profile: Profile, clock: Box<dyn Clock>) -> Cluster {
        let now = clock.now();
        let mut api = ApiServer::new(now);
        let mut sim = profile.sim();
        profile.bootstrap(&mut api, &mut sim, now);
        let mut c = Cluster {
            api,
            sim,
            profile,
            clock,
            offset: 0,
            shell: None,
            exec_seq: 0,
            paused: false,
            slice: None,
        };
        c.tick();
        c
    }

    pub fn now(&self) -> Time {
        self.clock.now().plus(self.offset)
    }

    /// Move simulated time forward at once (the shell's `sleep`).
    pub fn advance(&mut self, secs: i64) {
        self.offset = self.offset.saturating_add(secs.max(0));
        self.catch_up();
    }

    /// Let the controllers catch up with the current time, unless paused.
    pub fn tick(&mut self) {
        self.api.now = self.now();
        if !self.paused {
            self.catch_up();
        }
    }

    /// Let the controllers catch up with the current time, paused or not (time let pass).
    pub fn catch_up(&mut self) {
        self.api.now = self.now();
        self.sim.reconcile(&mut self.api);
        self.sync_metrics_discovery();
    }

    /// One slice of `tick`, of at most `budget` keys and timer moments: true once caught up. A
    /// reconcile left unfinished goes on toward its own moment, and only the next call starts
    /// one toward the clock, so each reconcile keeps the moment it began at.
    pub fn tick_within(&mut self, budget: usize) -> bool {
        let done = if self.sim.busy() {
            self.sim.resume(&mut self.api, Budget::of(budget))
        } else if self.paused {
            // A reconcile already begun ends; a paused clock begins none.
            self.api.now = self.now();
            true
        } else {
            self.api.now = self.now();
            self.sim.reconcile_within(&mut self.api, Budget::of(budget))
        };
        if done {
            self.sync_metrics_discovery();
        }
        done
    }

    /// Whether a reconcile is left unfinished by its budget.
    pub fn busy(&self) -> bool {
        self.sim.busy()
    }

    /// Finish the reconcile left unfinished, toward its own moment only.
    pub fn finish(&mut self) {
        if self.sim.resume(&mut self.api, Budget::unlimited()) {
            self.sync_metrics_discovery();
        }
    }

    /// Answer a read as the store stands, without letting time catch up: the page's views read
    /// between the slices of a reconcile. Anything but a plain GET is refused.
    pub fn peek(&mut self, req: ApiRequest) -> ApiResponse {
        if req.method != kubeplay_api::Method::Get || watch::is_watch(&req) {
            let s = kubeplay_api::Status::method_not_allowed("a peek only reads");
            return ApiResponse {
                code: s.code,
                body: s.to_json().to_string(),
            };
        }
        match self.api.gate(&req) {
            Ok(user) => self.api.handle_as(&req, &user),
            Err(s) => ApiResponse {
                code: s.code,
                body: s.to_json().to_string(),
            },
        }
    }
}

impl Transport for Cluster {
    fn clock(&self) -> Option<Time> {
        Some(self.now())
    }
    fn call(&mut self, req: ApiRequest) -> ApiResponse {
        self.serve(req).into_response()
    }
    fn call_value(&mut self, req: ApiRequest) -> (u16, serde_json::Value) {
        self.serve(req).into_value()
    }
}

impl Cluster {
    /// A request's answer, its body not yet written out (kubectl in the same process reads it
    /// as it is).
    fn serve(&mut self, req: ApiRequest) -> Answer {
        self.tick();
        // Every request is authenticated and authorized first, whoever serves it below.
        let user = match self.api.gate(&req) {
            Ok(user) => user,
            Err(s) => return Answer::Json(s.code, s.to_json()),
        };
        if watch::is_watch(&req) {
            return Answer::Text(self.watch(&req));
        }
        if let Some((ns, name)) = logs::log_target(&req) {
            return Answer::Text(self.pod_log(&req, &ns, &name));
        }
        if let Some((ns, pod, attach)) = exec::target(&req) {
            return Answer::Text(self.exec(&req, &ns, &pod, attach));
        }
        if let Some(resp) = self.metrics(&req) {
            return Answer::Text(resp);
        }
        let answer = self.api.answer_as(&req, &user);
        if answer.is_success() && req.method != kubeplay_api::Method::Get && !self.paused {
            let budget = self.slice.map_or_else(Budget::unlimited, Budget::of);
            self.sim.reconcile_within(&mut self.api, budget);
        }
        answer
    }
}
