//! `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE ...`: the pod an object stands for (waiting
//! for one as `AttachablePodForObject` does), its ports (named ones resolved, a service's
//! through its targetPort), then, once the pod runs, client-go's `Forwarding from ...` lines.
//! The listening itself is the playground's: the command's output carries a `Forward` that
//! holds until interrupted, and each connection through it prints `Handling connection for N`.

mod pod;
mod ports;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{flag, parse_duration, Args, Flag, Kind};
use super::super::resources::Builder;
use super::super::Ctx;
use kubeplay_core::api::meta;
use kubeplay_core::api::{ApiRequest, Transport};
use kubeplay_core::output::{Forward, Output, WatchSpec};

pub const FLAGS: &[Flag] = &[
    flag("address", None, Kind::Slice, "[localhost]", "Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind."),
    flag("pod-running-timeout", None, Kind::Duration, "1m0s", "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running"),
];

pub const USAGE: &str = "kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]";
pub const LONG: &str = "Forward one or more local ports to a pod.

 Use resource type/name such as deployment/mydeployment to select a pod. Resource type defaults to 'pod' if omitted.

 If there are multiple pods matching the criteria, a pod will be selected automatically. The forwarding session ends when the selected pod terminates, and a rerun of the command is needed to resume forwarding.";
pub const EXAMPLES: &str = "  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod
  kubectl port-forward pod/mypod 5000 6000

  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in a pod selected by the deployment
  kubectl port-forward deployment/mydeployment 5000 6000

  # Listen on port 8443 locally, forwarding to the targetPort of the service's port named \"https\" in a pod selected by the service
  kubectl port-forward service/myservice 8443:https

  # Listen on port 8888 locally, forwarding to 5000 in the pod
  kubectl port-forward pod/mypod 8888:5000

  # Listen on port 8888 on all addresses, forwarding to 5000 in the pod
  kubectl port-forward --address 0.0.0.0 pod/mypod 8888:5000

  # Listen on port 8888 on localhost and selected IP, forwarding to 5000 in the pod
  kubectl port-forward --address localhost,10.19.21.23 pod/mypod 8888:5000

  # Listen on a random port locally, forwarding to 5000 in the pod
  kubectl port-forward pod/mypod :5000";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = PortForwardOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

pub struct PortForwardOptions {
    namespace: String,
    pod: String,
    addresses: Vec<String>,
    /// `[LOCAL:]REMOTE` with numbers only, after the named ports were resolved.
    ports: Vec<String>,
}

impl PortForwardOptions {
    fn complete(ctx: &mut Ctx, args: &Args) -> Result<PortForwardOptions, KError> {
        let pos = &args.positionals;
        if pos.len() < 2 {
            return Err(KError::Usage(
                "TYPE/NAME and list of ports are required for port-forward".into(),
            ));
        }
        let namespace = ctx.namespace();
        let timeout = parse_duration(&args.str("pod-running-timeout")).unwrap_or(0.0);
        if timeout <= 0.0 {
            return Err(KError::Usage(
                "--pod-running-timeout must be higher than zero".into(),
            ));
        }
        // `builder.ResourceNames("pods", NAME)`: a bare name is a pod.
        let words = match pos[0].contains('/') {
            true => vec![pos[0].clone()],
            false => vec!["pods".to_string(), pos[0].clone()],
        };
        let (infos, errors) = Builder::new(ctx)
            .resource_type_or_name_args(&words)
            .latest()
            .visit()?
            .split();
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        let info = infos
            .into_iter()
            .next()
            .ok_or_else(|| KError::msg("no objects passed to port-forward"))?;
        let obj = info.live.clone().unwrap_or(Value::Null);
        let kind = info.resource.kind.clone();
        let ns = info.namespace.clone().unwrap_or_else(|| namespace.clone());
        let pod = pod::forwardable(ctx, &kind, &obj, &ns, timeout.ceil() as i64)?;
        let wanted = &pos[1..];
        let ports = if kind == "Service" {
            ports::refuse_udp(wanted, &obj, true)?;
            ports::through_service(wanted, &obj, &pod)?
        } else {
            ports::refuse_udp(wanted, &pod, false)?;
            ports::in_pod(wanted, &pod)?
        };
        Ok(PortForwardOptions {
            namespace: ns,
            pod: meta::name(&pod).to_string(),
            addresses: match args.list("address") {
                given if given.is_empty() => vec!["localhost".to_string()],
                given => given,
            },
            ports,
        })
    }

    fn validate(&self) -> Result<(), KError> {
        if self.pod.is_empty() {
            return Err(KError::msg(
                "pod name or resource type/name must be specified",
            ));
        }
        if self.ports.is_empty() {
            return Err(KError::msg("at least 1 PORT is required for port-forward"));
        }
        Ok(())
    }

    fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let pod = ctx.call(ApiRequest::get(format!(
            "/api/v1/namespaces/{}/pods/{}",
            self.namespace, self.pod
        )))?;
        let phase = meta::str_at(&pod, &["status", "phase"]);
        if phase != "Running" {
            return Err(KError::msg(format!(
                "unable to forward port because pod is not running. Current status={phase}"
            )));
        }
        let addresses = ports::addresses(&self.addresses)?;
        let mut pairs = ports::parse(&self.ports)?;
        let uid = meta::str_at(&pod, &["metadata", "uid"]).to_string();
        let mut listening = Vec::new();
        for (i, pair) in pairs.iter_mut().enumerate() {
            if pair.0 == 0 {
                pair.0 = ephemeral_port(&uid, i, pair.1);
            }
            match listen(ctx, *pair, &addresses) {
                Ok(()) => listening.push(*pair),
                Err(e) => ctx.eprint(format!("Unable to listen on port {}: {e}\n", pair.0)),
            }
        }
        if listening.is_empty() {
            let all: Vec<String> = pairs.iter().map(|(l, r)| format!("{{{l} {r}}}")).collect();
            return Err(KError::msg(format!(
                "unable to listen on any of the requested ports: [{}]",
                all.join(" ")
            )));
        }
        ctx.out.watch = Some(WatchSpec {
            forward: Some(Forward {
                namespace: self.namespace.clone(),
                pod: self.pod.clone(),
                uid,
                ports: listening,
                addresses: addresses
                    .into_iter()
                    .filter(|a| ports::can_bind(a))
                    .collect(),
                lost: false,
            }),
            ..WatchSpec::default()
        });
        Ok(())
    }
}

/// One port on every address (client-go's `listenOnPort`): `Forwarding from` per listener; an
/// address this machine does not have fails the port.
fn listen(ctx: &mut Ctx, (local, remote): (u16, u16), addresses: &[String]) -> Result<(), String> {
    let mut errors = Vec::new();
    let taken = |a: &str| {
        ctx.session.listening.iter().any(|(addr, port)| {
            *port == local && (addr == a || addr == "0.0.0.0" || a == "0.0.0.0")
        })
    };
    let proto = |a: &str| if a.contains(':') { "tcp6" } else { "tcp4" };
    let fail = |a: &str, why: &str| {
        format!(
            "unable to create listener: Error listen {} {}: bind: {why}",
            proto(a),
            ports::join_host_port(a, local)
        )
    };
    let (mut all_ok, mut all_failed, mut any_failed) = (0, 0, 0);
    let mut lines = Vec::new();
    for a in addresses {
        // `localhost`'s two loopbacks need one of them; any other address must bind.
        let loopback = a == "127.0.0.1" || a == "::1";
        let error = if !ports::can_bind(a) {
            Some(fail(a, "cannot assign requested address"))
        } else if taken(a) {
            Some(fail(a, "address already in use"))
        } else {
            None
        };
        match (error, loopback) {
            (Some(e), true) => {
                errors.push(e);
                all_failed += 1;
            }
            (Some(e), false) => {
                errors.push(e);
                any_failed += 1;
            }
            (None, _) => {
                if loopback {
                    all_ok += 1;
                }
                lines.push(format!(
                    "Forwarding from {} -> {remote}\n",
                    ports::join_host_port(a, local)
                ));
            }
        }
    }
    for l in lines {
        ctx.print(l);
    }
    if (all_ok == 0 && all_failed > 0) || any_failed > 0 {
        return Err(format!(
            "Listeners failed to create with the following errors: [{}]",
            errors.join(" ")
        ));
    }
    Ok(())
}

/// The port the system hands out for `:REMOTE`: in Linux's ephemeral range, fixed by the pod
/// and the port so a replay picks the same one.
fn ephemeral_port(uid: &str, index: usize, remote: u16) -> u16 {
    let mut h: u32 = 2166136261;
    for b in uid
        .bytes()
        .chain([index as u8, remote as u8, (remote >> 8) as u8])
    {
        h = (h ^ u32::from(b)).wrapping_mul(16777619);
    }
    32768 + (h % 28232) as u16
}

/// One poll of a running forward: it ends, as kubectl does, once its pod is gone or stopped.
pub fn poll(spec: &mut WatchSpec, api: &mut dyn Transport) -> Output {
    let mut out = Output::new();
    let Some(fwd) = spec.forward.as_mut() else {
        return out;
    };
    if fwd.lost {
        // Lost while a connection was handled (its error already printed): status 1.
        out.exit_code = 1;
        return out;
    }
    let resp = api.call(ApiRequest::get(format!(
        "/api/v1/namespaces/{}/pods/{}",
        fwd.namespace, fwd.pod
    )));
    let pod: Value = serde_json::from_str(&resp.body).unwrap_or(Value::Null);
    let same = resp.is_success() && meta::str_at(&pod, &["metadata", "uid"]) == fwd.uid;
    if !same || meta::str_at(&pod, &["status", "phase"]) != "Running" {
        fwd.lost = true;
        out.err("error: lost connection to pod\n");
        out.exit_code = 1;
    }
    out
}
