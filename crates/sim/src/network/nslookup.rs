//! busybox's `nslookup` (its own resolver, `FEATURE_NSLOOKUP_BIG`): it reads the nameserver and
//! search domains from `/etc/resolv.conf`, and for a name without a dot asks for A and then
//! AAAA records of the name in each search domain (a name with a dot is asked as it is); an
//! address is looked up backwards (PTR). Each reply is printed as it comes: the records, or
//! `** server can't find NAME: NXDOMAIN`, each followed by an empty line; any error reply makes
//! the exit code 1.

use kubeplay_api::meta;
use kubeplay_core::clock::Time;

use super::dns::{self, Answer};
use super::{route, Net, NetRun};
use crate::util;

const USAGE: &str = "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n";

pub fn run(net: &Net, args: &[String], at_ms: i64) -> NetRun {
    let mut r = NetRun::new();
    let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let (name, server) = match operands.as_slice() {
        [name] => (name.as_str(), net.client.nameserver.clone()),
        [name, server] => (name.as_str(), server.to_string()),
        _ => {
            r.err(USAGE, 1);
            return r;
        }
    };
    if args
        .iter()
        .any(|a| a.starts_with('-') && !a.starts_with("-type="))
    {
        r.err(USAGE, 1);
        return r;
    }
    let at = Time(at_ms.div_euclid(1000));
    if !super::policy::dns_allowed(net) {
        // No reply within its 5 seconds: the Server lines come with the first reply only.
        r.took_ms = 5_000;
        r.output
            .out(";; connection timed out; no servers could be reached\n\n");
        r.code = 1;
        return r;
    }
    let mut out = format!("Server:\t\t{server}\nAddress:\t{server}:53\n\n");
    let mut failed = false;
    if let Some(ip) = util::parse_ip(name) {
        let ptr = ptr_name(ip);
        match reverse(net, name, at) {
            Some(host) => out.push_str(&format!("{ptr}\tname = {host}\n\n")),
            None => {
                out.push_str(&format!("** server can't find {ptr}: NXDOMAIN\n\n"));
                failed = true;
            }
        }
    } else {
        let names: Vec<String> = if name.contains('.') || net.client.search.is_empty() {
            vec![name.trim_end_matches('.').to_string()]
        } else {
            net.client
                .search
                .iter()
                .map(|d| format!("{name}.{d}"))
                .collect()
        };
        let answers: Vec<(String, Answer)> = names
            .iter()
            .map(|n| (n.clone(), dns::lookup(net, n, at)))
            .collect();
        // The A replies, then the AAAA ones (the cluster has no IPv6: found names are empty).
        for (n, a) in &answers {
            match a {
                Answer::Records(ips) => {
                    for ip in ips {
                        out.push_str(&format!("Name:\t{n}\nAddress: {ip}\n"));
                    }
                    out.push('\n');
                }
                Answer::NxDomain => {
                    out.push_str(&format!("** server can't find {n}: NXDOMAIN\n\n"));
                    failed = true;
                }
            }
        }
        for (n, a) in &answers {
            if *a == Answer::NxDomain {
                out.push_str(&format!("** server can't find {n}: NXDOMAIN\n\n"));
            } else {
                out.push('\n');
            }
        }
    }
    r.output.out(out);
    r.code = i32::from(failed);
    r
}

/// `10.96.0.10` → `10.0.96.10.in-addr.arpa`.
fn ptr_name(ip: u32) -> String {
    let b = ip.to_be_bytes();
    format!("{}.{}.{}.{}.in-addr.arpa", b[3], b[2], b[1], b[0])
}

/// The name CoreDNS gives an address: a Service's for its cluster IP, and for a pod behind a
/// Service, its dashed address under that Service.
fn reverse(net: &Net, ip: &str, at: Time) -> Option<String> {
    let store = net.api.store();
    if let Some((_, s)) = store
        .list("/services", None)
        .find(|(_, s)| meta::str_at(s, &["spec", "clusterIP"]) == ip)
    {
        return Some(format!(
            "{}.{}.svc.cluster.local",
            meta::name(s),
            meta::namespace(s)
        ));
    }
    store.list("/services", None).find_map(|(_, s)| {
        route::ready_endpoints(net, s, at)
            .iter()
            .any(|p| meta::str_at(p, &["status", "podIP"]) == ip)
            .then(|| {
                format!(
                    "{}.{}.{}.svc.cluster.local",
                    ip.replace('.', "-"),
                    meta::name(s),
                    meta::namespace(s)
                )
            })
    })
}
