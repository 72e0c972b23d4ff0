//! busybox's `wget`: `-q`, `-O FILE` (`-O-` for stdout), `-S`, `--spider`, `-T SEC`, `-U AGENT`,
//! with its messages on stderr (`Connecting to`, `saving to`, the progress line as printed
//! without a terminal, `'index.html' saved`) and its errors. A connection nobody answers fails
//! when the kernel gives up (127 s of SYN retries, `Connection timed out`) or at `-T`
//! (`download timed out`), whichever comes first; that time passes on the clock.

use kubeplay_core::clock::Time;

use super::http::{self, Request};
use super::route::{self, Dial};
use super::{dns, Net, NetRun};

/// How long the kernel retries a SYN nobody answers (6 retries).
pub const SYN_TIMEOUT_MS: u64 = 127_000;

const USAGE: &str = "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n\n\t--spider\tOnly check URL existence: $? is 0 if exists\n\t--header STR\tAdd STR (of form 'header: value') to headers\n\t--post-data STR\tSend STR using POST method\n\t--post-file FILE\tSend FILE using POST method\n\t-c\t\tContinue retrieval of aborted transfer\n\t-q\t\tQuiet\n\t-P DIR\t\tSave to DIR (default .)\n\t-S    \t\tShow server response\n\t-T SEC\t\tNetwork read timeout is SEC seconds\n\t-O FILE\t\tSave to FILE ('-' for stdout)\n\t-o LOGFILE\tLog messages to FILE\n\t-U STR\t\tUse STR for User-Agent header\n\t-Y on/off\tUse proxy\n";

#[derive(Default)]
struct Opts {
    quiet: bool,
    show: bool,
    spider: bool,
    out: Option<String>,
    timeout: Option<u64>,
    agent: Option<String>,
    urls: Vec<String>,
    /// `--post-data` or `--post-file`: the request is a POST.
    post: bool,
}

fn parse(args: &[String]) -> Option<Opts> {
    let mut o = Opts::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--spider" => o.spider = true,
            "-q" | "--quiet" => o.quiet = true,
            "-S" | "--server-response" => o.show = true,
            "-O" | "--output-document" => o.out = Some(it.next()?.clone()),
            "-T" | "--timeout" => o.timeout = Some(it.next()?.parse().ok()?),
            "-U" | "--user-agent" => o.agent = Some(it.next()?.clone()),
            "-c" | "--no-check-certificate" => {}
            "--post-data" | "--post-file" => {
                o.post = true;
                it.next()?;
            }
            "-t" | "--tries" | "--header" | "-P" | "-Y" => {
                it.next()?;
            }
            s if s.starts_with("-O") && s.len() > 2 => o.out = Some(s[2..].to_string()),
            s if s.starts_with("-T") && s.len() > 2 => o.timeout = Some(s[2..].parse().ok()?),
            s if s.starts_with("--timeout=") => o.timeout = Some(s[10..].parse().ok()?),
            s if s.starts_with("--output-document=") => o.out = Some(s[18..].to_string()),
            s if s.starts_with('-') && s.len() > 1 => {
                // Bundled flags (`-qO-`, `-qS`).
                for (i, c) in s[1..].char_indices() {
                    match c {
                        'q' => o.quiet = true,
                        'S' => o.show = true,
                        'c' => {}
                        'O' => {
                            let rest = s.get(i + 2..).unwrap_or_default();
                            o.out = Some(if rest.is_empty() {
                                it.next()?.clone()
                            } else {
                                rest.to_string()
                            });
                            break;
                        }
                        'T' => {
                            let rest = s.get(i + 2..).unwrap_or_default();
                            let v = if rest.is_empty() {
                                it.next()?.as_str()
                            } else {
                                rest
                            };
                            o.timeout = Some(v.parse().ok()?);
                            break;
                        }
                        _ => return None,
                    }
                }
            }
            url => o.urls.push(url.to_string()),
        }
    }
    (!o.urls.is_empty()).then_some(o)
}

/// `http://host:port/path` → (host, port, path without its leading slash).
pub fn split_url(url: &str) -> Option<(String, i64, String)> {
    let (rest, default_port) = if let Some(r) = url.strip_prefix("http://") {
        (r, 80)
    } else if let Some(r) = url.strip_prefix("https://") {
        (r, 443)
    } else if url.contains("://") {
        return None;
    } else {
        (url, 80)
    };
    let (hostport, path) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], rest[i..].trim_start_matches('/')),
        None => (rest, ""),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (hostport, default_port),
    };
    Some((host.to_string(), port, path.to_string()))
}

/// busybox's `smart_ulltoa5`: five columns.
fn size5(n: usize) -> String {
    if n < 100_000 {
        format!("{n:>5}")
    } else {
        format!("{:>4}k", n / 1024)
    }
}

pub fn run(net: &Net, args: &[String], at_ms: i64) -> NetRun {
    let mut r = NetRun::new();
    let Some(o) = parse(args) else {
        r.err(USAGE, 1);
        return r;
    };
    for url in &o.urls {
        if !one(net, &o, url, at_ms, &mut r) {
            break;
        }
    }
    r
}

fn one(net: &Net, o: &Opts, url: &str, at_ms: i64, r: &mut NetRun) -> bool {
    let Some((host, port, path)) = split_url(url) else {
        r.err(format!("wget: not an http or ftp url: {url}\n"), 1);
        return false;
    };
    let at = at_ms.saturating_add(r.took_ms as i64);
    let ip = match dns::resolve(net, &host, Time(at.div_euclid(1000))) {
        Ok(ip) => ip,
        Err(why) => {
            // A resolver that never answers is waited for (or until -T), then the same words.
            if why == dns::Unresolved::TimedOut {
                let limit = o.timeout.map_or(u64::MAX, |s| s.saturating_mul(1000));
                let wait = dns::resolver_wait_ms(net);
                if limit < wait {
                    r.took_ms += limit;
                    r.err("wget: download timed out\n", 1);
                    return false;
                }
                r.took_ms += wait;
            }
            r.err(format!("wget: bad address '{host}'\n"), 1);
            return false;
        }
    };
    if !o.quiet {
        r.output
            .err(format!("Connecting to {host} ({ip}:{port})\n"));
    }
    let t = match route::dial(net, &ip, port, at) {
        Dial::Connected(t) => t,
        Dial::Refused(ip) => {
            r.err(
                format!("wget: can't connect to remote host ({ip}): Connection refused\n"),
                1,
            );
            return false;
        }
        Dial::Unmodelled(what) => {
            r.err(format!("wget: {what}\n"), 1);
            return false;
        }
        Dial::Timeout => {
            let limit = o.timeout.map_or(900_000, |s| s.saturating_mul(1000));
            if limit < SYN_TIMEOUT_MS {
                r.took_ms += limit;
                r.err("wget: download timed out\n", 1);
            } else {
                r.took_ms += SYN_TIMEOUT_MS;
                r.err(
                    format!("wget: can't connect to remote host ({ip}): Connection timed out\n"),
                    1,
                );
            }
            return false;
        }
    };
    let agent = o.agent.clone().unwrap_or_else(|| "Wget".to_string());
    let full = format!("/{path}");
    let req = Request {
        method: if o.post { "POST" } else { "GET" },
        host: &host,
        path: &full,
        headers: vec![("User-Agent", agent.clone())],
        agent: &agent,
        close: true,
    };
    let resp = http::serve(net, &t, &req, at);
    if resp.status == 0 {
        r.err(
            "wget: error getting response: Connection reset by peer\n",
            1,
        );
        return false;
    }
    if o.show {
        r.output.err(format!("  {}\n", resp.status_line()));
        for (k, v) in &resp.headers {
            r.output.err(format!("  {k}: {v}\n"));
        }
    }
    if !(200..=204).contains(&resp.status) {
        r.err(
            format!("wget: server returned error: {}\n", resp.status_line()),
            1,
        );
        return false;
    }
    if o.spider {
        if !o.quiet {
            r.output.err("remote file exists\n");
        }
        return true;
    }
    let name = match &o.out {
        Some(f) => f.clone(),
        None => {
            let last = path.split('?').next().unwrap_or_default();
            let last = last.rsplit('/').next().unwrap_or_default();
            if last.is_empty() {
                "index.html".to_string()
            } else {
                last.to_string()
            }
        }
    };
    let stdout = name == "-";
    if !o.quiet {
        r.output.err(if stdout {
            "writing to stdout\n".to_string()
        } else {
            format!("saving to '{name}'\n")
        });
    }
    if stdout {
        r.output.out(&resp.body);
    } else {
        r.save(&name, resp.body.clone());
    }
    if !o.quiet {
        let cur = name.rsplit('/').next().unwrap_or(&name);
        let size = resp.body.len();
        let bar = if size == 0 {
            format!("{:<20.20} {} --:--:-- ETA\n", cur, size5(0))
        } else {
            format!(
                "{:<20.20} 100% |{}| {}  0:00:00 ETA\n",
                cur,
                "*".repeat(32),
                size5(size)
            )
        };
        r.output.err(bar);
        r.output.err(if stdout {
            "written to stdout\n".to_string()
        } else {
            format!("'{name}' saved\n")
        });
    }
    true
}
