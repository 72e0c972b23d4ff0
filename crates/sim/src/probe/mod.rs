//! The kubelet's probes: startup, liveness and readiness, each an httpGet, tcpSocket, grpc or
//! exec check run on its period against what the container serves and holds. Their results
//! drive the container's `started` and `ready` fields (and so the Service endpoints), the
//! `Unhealthy` events, and the kills that restart a container whose liveness fails.

mod answer;
mod run;
mod spec;

#[cfg(test)]
mod tests;

pub use answer::{listening, Answer, Listener, Listening, Paths, Target};
pub use run::{Repeat, RunProbes};
pub use spec::{Action, Kind, Port, Spec};

/// The course of one run of a container under its probes, or None when it has none.
/// `end`: seconds after its start when it exits on its own, if it does.
pub fn plan(target: &Target, end: Option<i64>) -> Option<RunProbes> {
    let specs = Spec::all(target.container);
    if specs.is_empty() {
        return None;
    }
    let probes: Vec<(Spec, Vec<(u64, Answer)>)> = specs
        .into_iter()
        .map(|s| {
            let answers = answer::timeline(&s.action, s.timeout, target);
            (s, answers)
        })
        .collect();
    Some(run::run(&probes, end))
}
