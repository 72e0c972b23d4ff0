//! The cluster's DNS, as CoreDNS's kubernetes plugin answers in `cluster.local`: a Service's
//! name gives its cluster IP, a headless Service's the IPs of its ready pods (and a pod with a
//! `hostname` and that Service as `subdomain` its own name), `A-B-C-D.NS.pod.cluster.local`
//! gives that address (`pods insecure`), anything else in the zone does not exist. The cluster
//! has no way out, so names outside it do not resolve either. `resolve` is the C library's
//! side: the search domains of `/etc/resolv.conf` tried first for a name with fewer than five
//! dots (`ndots:5`).

use kubeplay_api::meta;
use kubeplay_api::store::Key;
use kubeplay_core::clock::Time;
use serde_json::Value;

use super::{route, Net};
use crate::util;

const ZONE: &str = "cluster.local";

/// What the server answers for one name.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A records.
    Records(Vec<String>),
    NxDomain,
}

/// The A records of absolute name `name` at `at`.
pub fn lookup(net: &Net, name: &str, at: Time) -> Answer {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let Some(rest) = name.strip_suffix(&format!(".{ZONE}")) else {
        return Answer::NxDomain;
    };
    let labels: Vec<&str> = rest.split('.').collect();
    match labels.as_slice() {
        [svc, ns, "svc"] => service(net, ns, svc, at),
        [host, svc, ns, "svc"] => pod_of_headless(net, ns, svc, host, at),
        [ip, _ns, "pod"] => {
            let dotted = ip.replace('-', ".");
            match util::parse_ip(&dotted) {
                Some(n) => Answer::Records(vec![util::format_ip(n)]),
                None => Answer::NxDomain,
            }
        }
        _ => Answer::NxDomain,
    }
}

fn service(net: &Net, ns: &str, name: &str, at: Time) -> Answer {
    let Some(svc) = net.api.store().get(&Key::new("/services", ns, name)) else {
        return Answer::NxDomain;
    };
    let ip = meta::str_at(svc, &["spec", "clusterIP"]);
    if !ip.is_empty() && ip != "None" {
        return Answer::Records(vec![ip.to_string()]);
    }
    let ips: Vec<String> = route::ready_endpoints(net, svc, at)
        .iter()
        .map(|p| meta::str_at(p, &["status", "podIP"]).to_string())
        .collect();
    if ips.is_empty() {
        Answer::NxDomain
    } else {
        Answer::Records(ips)
    }
}

fn pod_of_headless(net: &Net, ns: &str, svc: &str, host: &str, at: Time) -> Answer {
    let Some(s) = net.api.store().get(&Key::new("/services", ns, svc)) else {
        return Answer::NxDomain;
    };
    let found = route::ready_endpoints(net, s, at)
        .into_iter()
        .find(|p: &Value| {
            meta::str_at(p, &["spec", "hostname"]) == host
                && meta::str_at(p, &["spec", "subdomain"]) == svc
        });
    match found {
        Some(p) => Answer::Records(vec![meta::str_at(&p, &["status", "podIP"]).to_string()]),
        None => Answer::NxDomain,
    }
}

/// The names the C library asks for, in order, for `name` with the client's search path and
/// `ndots:5`.
pub fn candidates(net: &Net, name: &str) -> Vec<String> {
    if let Some(abs) = name.strip_suffix('.') {
        return vec![abs.to_string()];
    }
    let searched = net.client.search.iter().map(|d| format!("{name}.{d}"));
    if name.matches('.').count() >= 5 {
        std::iter::once(name.to_string()).chain(searched).collect()
    } else {
        searched.chain(std::iter::once(name.to_string())).collect()
    }
}

/// Why a name gave no address.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unresolved {
    /// No such name.
    NotFound,
    /// The DNS server never answered (a NetworkPolicy drops the queries).
    TimedOut,
}

/// How long the C library waits for a DNS server that never answers: `timeout:5` and
/// `attempts:2` for each of the names it tries (the search domains and the name itself).
pub fn resolver_wait_ms(net: &Net) -> u64 {
    (net.client.search.len() as u64 + 1) * 2 * 5_000
}

/// What `getaddrinfo` gives for `host`: an address literal as is, else the first A record of
/// the first candidate name that has one.
pub fn resolve(net: &Net, host: &str, at: Time) -> Result<String, Unresolved> {
    if let Some(n) = util::parse_ip(host) {
        return Ok(util::format_ip(n));
    }
    if host.eq_ignore_ascii_case("localhost") {
        return Ok("127.0.0.1".into());
    }
    // The pod's own name is in its /etc/hosts.
    if let Some(key) = &net.client.pod {
        let own = net.api.store().get(key);
        let hostname = own.map(|p| {
            let h = meta::str_at(p, &["spec", "hostname"]);
            if h.is_empty() {
                key.name.as_str()
            } else {
                h
            }
        });
        if hostname == Some(host) {
            return Ok(net.client.ip.clone());
        }
    }
    if !super::policy::dns_allowed(net) {
        return Err(Unresolved::TimedOut);
    }
    candidates(net, host)
        .iter()
        .find_map(|n| match lookup(net, n, at) {
            Answer::Records(ips) => ips.first().cloned(),
            _ => None,
        })
        .ok_or(Unresolved::NotFound)
}
