//! Why a pull fails, in the words of the node's runtime as the kubelet receives them over CRI
//! (a gRPC status: `rpc error: code = ... desc = ...`). Docker's texts are the daemon's (through
//! cri-dockerd), containerd's are its resolver's.

use super::{Lookup, Reference};
use crate::Runtime;

/// The runtime's error for a pull of `r` that the registries answered with `found`, or `None`
/// when the pull succeeds. `resolver` is the DNS server the node asks (`192.168.49.1:53`).
pub fn error(runtime: Runtime, r: &Reference, found: Lookup, resolver: &str) -> Option<String> {
    let text = match (runtime, found) {
        (_, Lookup::Found(_)) => return None,
        (Runtime::Docker, Lookup::NoTag(_)) => format!(
            "Error response from daemon: manifest for {} not found: manifest unknown: manifest unknown",
            r.familiar()
        ),
        (Runtime::Docker, Lookup::NoRepository) => format!(
            "Error response from daemon: pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
            r.familiar_name()
        ),
        (Runtime::Docker, Lookup::NoRegistry) => format!(
            "Error response from daemon: Get \"https://{}/v2/\": dial tcp: lookup {} on {resolver}: no such host",
            r.domain,
            host(&r.domain)
        ),
        (Runtime::Containerd, Lookup::NoTag(_)) => {
            return Some(format!(
                "rpc error: code = NotFound desc = failed to pull and unpack image \"{0}\": failed to resolve reference \"{0}\": {0}: not found",
                r.full()
            ))
        }
        (Runtime::Containerd, Lookup::NoRepository) => format!(
            "failed to pull and unpack image \"{0}\": failed to resolve reference \"{0}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed",
            r.full()
        ),
        (Runtime::Containerd, Lookup::NoRegistry) => format!(
            "failed to pull and unpack image \"{0}\": failed to resolve reference \"{0}\": failed to do request: Head \"https://{1}/v2/{2}/manifests/{3}\": dial tcp: lookup {4} on {resolver}: no such host",
            r.full(),
            r.domain,
            r.path,
            r.manifest_ref(),
            host(&r.domain)
        ),
    };
    Some(format!("rpc error: code = Unknown desc = {text}"))
}

/// The host part of a registry domain (`localhost:5000` -> `localhost`).
fn host(domain: &str) -> &str {
    domain.split(':').next().unwrap_or(domain)
}
