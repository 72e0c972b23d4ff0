//! A container whose script uses the network (`wget`, `curl`, `nslookup` in a `sh -c` loop):
//! its script runs once when it is planned, asking the cluster at each moment it gets there;
//! when a Service, its endpoints, a pod or a NetworkPolicy changes later, it runs again and
//! what it prints from then on (and the requests it makes) follow the new answers, while what
//! it printed before stays.

use std::sync::Arc;

use kubeplay_api::store::Key;
use kubeplay_api::ApiServer;
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::clock::Time;
use serde_json::Value;

use super::{dns_ip, image_of, pod_containers, process_of, Known, PodCtx, Run, Sim};
use crate::network::{Access, Client, Net};
use crate::process::Process;

/// What planning a container's process gives when it may use the network: the process, the
/// requests that reached servers (ms from the run's start), and whether it used the network.
pub(super) fn script_run(
    sim: &Sim,
    api: &ApiServer,
    ctx: &PodCtx,
    c: &Value,
    start: Time,
) -> (Option<(Known, Process)>, Vec<Access>, bool) {
    let client = image_of(c).map(|image| {
        let key = Key::new("/pods", &ctx.namespace, &ctx.name);
        Client::of_pod(&key, &ctx.ip, None, &dns_ip(api), image)
    });
    let net = client.map(|cl| Net::new(api, sim, cl));
    let start_ms = start.0.saturating_mul(1000);
    let process = process_of(c, net.as_ref().map(|n| (n, start_ms)));
    let used = net.as_ref().is_some_and(Net::used);
    let mut requests = net.map(|n| n.take_accesses()).unwrap_or_default();
    for r in &mut requests {
        r.at_ms -= start_ms;
    }
    (process, requests, used)
}

/// Run again the scripts of containers that use the network, with the cluster as it is now;
/// what they print from `since` (when the first change came) on follows the new answers.
pub fn refresh(sim: &mut Sim, api: &ApiServer, since: Time) {
    let now = since;
    let keys: Vec<Key> = sim
        .plans
        .iter()
        .filter(|(_, p)| p.steps.iter().any(|s| s.net))
        .map(|(k, _)| k.clone())
        .collect();
    for key in keys {
        let Some(pod) = api.store().get(&key) else {
            continue;
        };
        let Some(plan) = sim.plans.get(&key).filter(|p| p.uid == pod.uid()) else {
            continue;
        };
        let ctx = PodCtx::of(pod, &plan.ip);
        let containers = pod_containers(pod);
        let mut updates = Vec::new();
        for (i, step) in plan.steps.iter().enumerate().filter(|(_, s)| s.net) {
            let run_start = match step.at(now) {
                Run::Waiting => step.start,
                Run::Running { start, .. } => start,
                Run::BackOff { next, .. } => next,
                // Done for good: nothing more to print.
                Run::Exited { .. } => continue,
            };
            let Some((c, _)) = containers
                .iter()
                .find(|(c, _)| kubeplay_api::meta::str_at(c, &["name"]) == step.name)
            else {
                continue;
            };
            let (process, requests, _) = script_run(sim, api, &ctx, c, run_start);
            let Some(((_, _, log, _), _)) = process else {
                continue;
            };
            let cut = now.since(run_start).max(0).saturating_mul(1000);
            let lines: Vec<_> = step
                .log
                .iter()
                .filter(|l| (l.ms as i64) < cut)
                .chain(log.iter().filter(|l| l.ms as i64 >= cut))
                .cloned()
                .collect();
            let reqs: Vec<Access> = step
                .requests
                .iter()
                .filter(|a| a.at_ms < cut)
                .chain(requests.iter().filter(|a| a.at_ms >= cut))
                .cloned()
                .collect();
            updates.push((i, lines, reqs));
        }
        if let Some(plan) = sim.plans.get_mut(&key) {
            for (i, lines, reqs) in updates {
                if let Some(step) = plan.steps.get_mut(i) {
                    step.log = Arc::from(lines);
                    step.requests = Arc::from(reqs);
                }
            }
        }
    }
}

impl Sim {
    /// A deleted pod's plan goes; the requests its scripts made by `now` stay in the logs of
    /// the servers they reached.
    pub(crate) fn forget_plan(&mut self, key: &Key, now: Time) {
        let Some(plan) = self.plans.remove(key) else {
            return;
        };
        let until = now.0.saturating_mul(1000);
        let mut kept = Vec::new();
        for step in plan.steps.iter().filter(|s| !s.requests.is_empty()) {
            for (start, end) in super::logs::all_runs(step, now) {
                let base = start.0.saturating_mul(1000);
                let stop = end.0.saturating_mul(1000).min(until);
                for a in step.requests.iter() {
                    let at = base.saturating_add(a.at_ms);
                    if at <= stop {
                        kept.push(Access {
                            at_ms: at,
                            ..a.clone()
                        });
                    }
                }
            }
        }
        self.keep_accesses(kept);
    }
}
