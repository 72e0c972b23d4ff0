//! busybox's `nc` (its netcat 1.10 compatible build) as NetworkPolicy exercises use it: a port
//! scan, `nc -z [-v] [-w SEC] HOST PORT`. With `-v` an open port says `HOST (IP:PORT) open`; a
//! refusal is printed only with `-vv` (`nc: HOST (IP:PORT): Connection refused`), a timeout
//! with `-v`; the exit code is 1 when it did not connect. Sending and receiving data is not
//! modelled: without `-z` it says so.

use kubeplay_core::clock::Time;

use super::route::{self, Dial};
use super::wget::SYN_TIMEOUT_MS;
use super::{dns, Net, NetRun};

const USAGE: &str = "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n\n\t-e PROG\tRun PROG after connect (must be last)\n\t-l\tListen mode, for inbound connects\n\t-lk\tWith -e, provides persistent server\n\t-p PORT\tLocal port\n\t-s ADDR\tLocal address\n\t-w SEC\tTimeout for connects and final net reads\n\t-i SEC\tDelay interval for lines sent\n\t-n\tDon't do DNS resolution\n\t-u\tUDP mode\n\t-b\tAllow broadcasts\n\t-v\tVerbose\n\t-o FILE\tHex dump traffic\n\t-z\tZero-I/O mode (scanning)\n";

pub fn run(net: &Net, args: &[String], at_ms: i64) -> NetRun {
    let mut r = NetRun::new();
    let (mut verbose, mut zero, mut wait) = (0, false, None::<u64>);
    let mut operands = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-w" => match it.next().and_then(|w| w.parse().ok()) {
                Some(w) => wait = Some(w),
                None => {
                    r.err(USAGE, 1);
                    return r;
                }
            },
            s if s.starts_with('-') && s.len() > 1 => {
                for c in s[1..].chars() {
                    match c {
                        'v' => verbose += 1,
                        'z' => zero = true,
                        'n' => {}
                        _ => {
                            r.err(USAGE, 1);
                            return r;
                        }
                    }
                }
            }
            _ => operands.push(a.clone()),
        }
    }
    let [host, port] = operands.as_slice() else {
        r.err(USAGE, 1);
        return r;
    };
    let Ok(port) = port.parse::<i64>() else {
        r.err(format!("nc: bad port '{port}'\n"), 1);
        return r;
    };
    if !zero {
        r.err("nc: only port scans (nc -z) are modelled in kubeplay\n", 1);
        return r;
    }
    let ip = match dns::resolve(net, host, Time(at_ms.div_euclid(1000))) {
        Ok(ip) => ip,
        Err(why) => {
            if why == dns::Unresolved::TimedOut {
                r.took_ms = dns::resolver_wait_ms(net);
            }
            r.err(format!("nc: bad address '{host}'\n"), 1);
            return r;
        }
    };
    let dotted = format!("{ip}:{port}");
    match route::dial(net, &ip, port, at_ms) {
        Dial::Connected(_) => {
            if verbose > 0 {
                r.output.err(format!("{host} ({dotted}) open\n"));
            }
        }
        Dial::Refused(_) => {
            if verbose > 1 {
                r.output
                    .err(format!("nc: {host} ({dotted}): Connection refused\n"));
            }
            r.code = 1;
        }
        Dial::Unmodelled(what) => {
            r.err(format!("nc: {what}\n"), 1);
        }
        Dial::Timeout => {
            r.took_ms = wait.map_or(SYN_TIMEOUT_MS, |w| {
                w.saturating_mul(1000).min(SYN_TIMEOUT_MS)
            });
            if verbose > 0 {
                r.output
                    .err(format!("nc: {host} ({dotted}): Connection timed out\n"));
            }
            r.code = 1;
        }
    }
    if verbose > 1 {
        r.output.err("sent 0, rcvd 0\n");
    }
    r
}
