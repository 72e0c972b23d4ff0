//! Whether a container's image can be had: the pull policy, the reference and the image
//! catalog decide; how long a pull takes; the DNS server a failing lookup names.

use super::*;

/// Whether a container's image cannot be had, and why: the pull policy forbids pulling a
/// missing image, or the registries (the image catalog) do not have it.
pub(super) fn pull_fate(
    sim: &Sim,
    image: &str,
    present: bool,
    policy: &str,
    at: Time,
    h: u64,
) -> Option<PullFail> {
    let fail = |cause, secs| {
        Some(PullFail {
            image: image.to_string(),
            cause,
            first: at,
            secs,
        })
    };
    if let Some(why) = images::invalid(image) {
        let message = format!(
            "Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": {why}"
        );
        let (reason, event) = ("InvalidImageName", "InspectFailed");
        return fail(
            Cause::Refused {
                reason,
                event,
                message,
            },
            0,
        );
    }
    if policy == "Never" {
        if present {
            return None;
        }
        let message =
            format!("Container image \"{image}\" is not present with pull policy of Never");
        let (reason, event) = ("ErrImageNeverPull", "ErrImageNeverPull");
        return fail(
            Cause::Refused {
                reason,
                event,
                message,
            },
            0,
        );
    }
    if present && policy != "Always" {
        return None;
    }
    let reference = Reference::parse(image)?;
    let found = images::lookup(&reference);
    let msg = images::pull::error(sim.node.runtime, &reference, found, &resolver(&sim.node.ip))?;
    // A registry's "not found" comes back within a second or two.
    fail(Cause::Pull(msg), 1 + (h % 2) as i64)
}

/// How long a first pull takes: a registry round trip, then the compressed layers at about
/// 30 MB/s (download and unpack), so busybox is under a second and postgres takes six.
pub(super) fn pull_ms_for(image: &str, h: u64) -> u64 {
    let size = match Reference::parse(image).map(|r| images::lookup(&r)) {
        Some(images::Lookup::Found(found)) => found.size,
        _ => 20_000_000 + h % 40_000_000,
    };
    600 + size / 30_000 + h % 400
}

/// The node's DNS server: the gateway of its network (`192.168.49.1:53` for minikube's).
pub(super) fn resolver(node_ip: &str) -> String {
    match node_ip.rsplit_once('.') {
        Some((net, _)) => format!("{net}.1:53"),
        None => "127.0.0.53:53".into(),
    }
}
