//! curl, where the image has it: `-s`, `-S`, `-v` (the common lines), `-I`, `-i`, `-o FILE`,
//! `-f`, `-m`/`--max-time`, `--connect-timeout`, `-w` (`%{http_code}`, `%{remote_ip}`), with
//! its progress meter and its error lines and exit codes (6: unresolved, 7: refused, 22: `-f`
//! and an error status, 28: timed out). Nobody answering: curl gives up at its own limit
//! (`Connection timed out after N milliseconds`) or when the kernel does (127 s); that time
//! passes on the clock.

use kubeplay_core::clock::Time;

use super::http::{self, Request, Response};
use super::route::{self, Dial};
use super::wget::{split_url, SYN_TIMEOUT_MS};
use super::{dns, Net, NetRun};
use crate::util;

#[derive(Default)]
struct Opts {
    silent: bool,
    show_error: bool,
    verbose: bool,
    head: bool,
    include: bool,
    fail: bool,
    out: Option<String>,
    limit_ms: Option<u64>,
    write: Option<String>,
    url: Option<String>,
    /// `-X METHOD`, or POST for `-d`.
    method: Option<String>,
    data: bool,
}

fn secs(v: &str) -> Option<u64> {
    v.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| (s * 1000.0) as u64)
}

fn parse(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts::default();
    let mut it = args.iter();
    let limit = |o: &mut Opts, v: Option<&String>| -> Result<(), String> {
        let v = v.ok_or("curl: option requires an argument")?;
        let ms = secs(v).ok_or("curl: (2) expected a proper numerical parameter")?;
        o.limit_ms = Some(o.limit_ms.map_or(ms, |m| m.min(ms)));
        Ok(())
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--silent" => o.silent = true,
            "--show-error" => o.show_error = true,
            "--verbose" => o.verbose = true,
            "--head" => o.head = true,
            "--include" => o.include = true,
            "--fail" => o.fail = true,
            "--location" | "--insecure" => {}
            "--output" => o.out = it.next().cloned(),
            "--max-time" | "--connect-timeout" => limit(&mut o, it.next())?,
            "--write-out" => o.write = it.next().cloned(),
            "--request" => o.method = it.next().cloned(),
            "--data" | "--data-raw" | "--data-binary" => {
                o.data = true;
                it.next();
            }
            "--header" | "--user-agent" => {
                it.next();
            }
            s if s.starts_with("--") => {
                return Err(format!(
                    "curl: option {s}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
                ))
            }
            s if s.starts_with('-') && s.len() > 1 => {
                for (i, c) in s[1..].char_indices() {
                    let rest = s.get(2 + i..).unwrap_or_default();
                    let value = |it: &mut std::slice::Iter<'_, String>| {
                        if rest.is_empty() {
                            it.next().cloned()
                        } else {
                            Some(rest.to_string())
                        }
                    };
                    match c {
                        's' => o.silent = true,
                        'S' => o.show_error = true,
                        'v' => o.verbose = true,
                        'I' => o.head = true,
                        'i' => o.include = true,
                        'f' => o.fail = true,
                        'L' | 'k' => {}
                        'o' => {
                            o.out = value(&mut it);
                            break;
                        }
                        'm' => {
                            let v = value(&mut it);
                            limit(&mut o, v.as_ref())?;
                            break;
                        }
                        'w' => {
                            o.write = value(&mut it);
                            break;
                        }
                        'X' => {
                            o.method = value(&mut it);
                            break;
                        }
                        'd' => {
                            o.data = true;
                            value(&mut it);
                            break;
                        }
                        'H' | 'A' => {
                            value(&mut it);
                            break;
                        }
                        _ => {
                            return Err(format!(
                                "curl: option -{c}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
                            ))
                        }
                    }
                }
            }
            url => o.url = Some(url.to_string()),
        }
    }
    Ok(o)
}

/// The client's curl version: the curl image's own, Debian bookworm's in other images.
fn version(net: &Net) -> String {
    let image = net.client.image;
    match image.map(|i| i.name.as_str()) {
        Some("curlimages/curl") => image
            .and_then(|i| i.env.get("CURL_RELEASE_VERSION"))
            .map(|v| v.replace('_', "."))
            .unwrap_or_else(|| "8.11.1".into()),
        Some("nicolaka/netshoot") => "8.7.1".into(),
        _ => "7.88.1".into(),
    }
}

/// Whether curl version `v` is at least `min` (major, minor).
fn newer_than(v: &str, min: (u32, u32)) -> bool {
    let mut parts = v.split('.').filter_map(|p| p.parse::<u32>().ok());
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) >= min
}

/// `curl_easy_strerror(CURLE_COULDNT_CONNECT)`, reworded in curl 8.10.
fn couldnt_connect(v: &str) -> &'static str {
    if newer_than(v, (8, 10)) {
        "Could not connect to server"
    } else {
        "Couldn't connect to server"
    }
}

/// curl's `max5data`: five columns.
fn max5(n: u64) -> String {
    if n < 100_000 {
        format!("{n:>5}")
    } else if n < 10_000 * 1024 {
        format!("{:>4}k", n / 1024)
    } else {
        format!("{:>4}M", n / (1024 * 1024))
    }
}

fn meter_line(pct: u64, size: u64, got: u64, speed: u64) -> String {
    let none = "--:--:--";
    format!(
        "\r{pct:>3} {}  {pct:>3} {}  {:>3} {}  {}  {} {none} {none} {none} {}",
        max5(size),
        max5(got),
        0,
        max5(0),
        max5(speed),
        max5(0),
        max5(speed)
    )
}

const METER_HEAD: &str = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n";

pub fn run(net: &Net, args: &[String], at_ms: i64) -> NetRun {
    let mut r = NetRun::new();
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            r.err(e, 2);
            return r;
        }
    };
    let Some(url) = o.url.clone() else {
        r.err(
            "curl: try 'curl --help' or 'curl --manual' for more information\n",
            2,
        );
        return r;
    };
    let meter = !o.silent && !o.verbose;
    let mut code = 0;
    let mut status = 0u16;
    let result = fetch(net, &o, &url, at_ms, &mut r);
    let (msg, resp) = match result {
        Ok(resp) => {
            status = resp.status;
            (None, Some(resp))
        }
        Err((c, m)) => {
            code = c;
            (Some(m), None)
        }
    };
    if let Some(resp) = &resp {
        if o.fail && resp.status >= 400 {
            code = 22;
        }
        let mut text = String::new();
        if o.head || o.include {
            text.push_str(&format!("{}\r\n", resp.status_line()));
            for (k, v) in &resp.headers {
                text.push_str(&format!("{k}: {v}\r\n"));
            }
            text.push_str("\r\n");
        }
        if !o.head && code == 0 {
            text.push_str(&resp.body);
        }
        let size = resp.body.len() as u64;
        if meter {
            r.output.err(METER_HEAD);
            r.output.err(meter_line(0, 0, 0, 0));
            // HEAD and a refused status (-f) read no body: nothing of it is received.
            let last = if o.head || code == 22 {
                meter_line(0, size, 0, 0)
            } else {
                meter_line(100, size, size, size * 1000)
            };
            r.output.err(format!("{last}\n"));
        }
        match &o.out {
            Some(f) => r.save(f, text),
            _ => r.output.out(text),
        }
        if code == 22 && (!o.silent || o.show_error) {
            r.output.err(format!(
                "curl: (22) The requested URL returned error: {}\n",
                resp.status
            ));
        }
    } else if meter {
        r.output.err(METER_HEAD);
        r.output.err(format!("{}\n", meter_line(0, 0, 0, 0)));
    }
    if let Some(m) = msg {
        if code == -1 {
            code = 7;
            r.output.err(format!("curl: {m}\n"));
        } else if !o.silent || o.show_error {
            r.output.err(format!("curl: ({code}) {m}\n"));
        }
    }
    if let Some(w) = &o.write {
        let remote = resp.as_ref().map(|_| String::new()).unwrap_or_default();
        r.output.out(
            w.replace("%{http_code}", &format!("{status:03}"))
                .replace("%{response_code}", &format!("{status:03}"))
                .replace("%{remote_ip}", &remote)
                .replace("\\n", "\n"),
        );
    }
    r.code = code;
    r
}

/// The response, or curl's exit code and message.
fn fetch(
    net: &Net,
    o: &Opts,
    url: &str,
    at_ms: i64,
    r: &mut NetRun,
) -> Result<Response, (i32, String)> {
    let Some((host, port, path)) = split_url(url) else {
        return Err((
            1,
            format!(
                "Protocol \"{}\" not supported",
                url.split("://").next().unwrap_or("")
            ),
        ));
    };
    let v = version(net);
    let mut ip = match dns::resolve(net, &host, Time(at_ms.div_euclid(1000))) {
        Ok(ip) => ip,
        Err(why) => {
            if why == dns::Unresolved::TimedOut {
                let wait = dns::resolver_wait_ms(net);
                if let Some(l) = o.limit_ms.filter(|l| *l < wait) {
                    r.took_ms += l;
                    return Err((
                        28,
                        format!("Resolving timed out after {} milliseconds", l + 1),
                    ));
                }
                r.took_ms += wait;
            }
            return Err((6, format!("Could not resolve host: {host}")));
        }
    };
    // `localhost` is also `::1` in the pod's /etc/hosts, and curl tries IPv6 first.
    if host.eq_ignore_ascii_case("localhost") {
        ip = "::1".to_string();
    }
    let modern = newer_than(&v, (8, 4));
    if o.verbose {
        if modern && util::parse_ip(&host).is_none() {
            let (v6, v4) = if ip == "::1" {
                ("::1", "127.0.0.1".to_string())
            } else {
                ("(none)", ip.clone())
            };
            r.output.err(format!(
                "* Host {host}:{port} was resolved.\n* IPv6: {v6}\n* IPv4: {v4}\n"
            ));
        }
        let shown = if ip.contains(':') {
            format!("[{ip}]")
        } else {
            ip.clone()
        };
        r.output.err(format!("*   Trying {shown}:{port}...\n"));
    }
    let t = match route::dial(net, &ip, port, at_ms) {
        Dial::Connected(t) => t,
        Dial::Refused(_) => {
            return Err((
                7,
                format!(
                    "Failed to connect to {host} port {port} after 0 ms: {}",
                    couldnt_connect(&v)
                ),
            ))
        }
        // kubeplay's own notice, printed even under -s (code -1 marks it).
        Dial::Unmodelled(what) => return Err((-1, what)),
        Dial::Timeout => {
            return Err(match o.limit_ms.filter(|l| *l < SYN_TIMEOUT_MS) {
                Some(l) => {
                    r.took_ms += l;
                    (
                        28,
                        format!("Connection timed out after {} milliseconds", l + 1),
                    )
                }
                None => {
                    r.took_ms += SYN_TIMEOUT_MS;
                    (
                        28,
                        format!(
                            "Failed to connect to {host} port {port} after {SYN_TIMEOUT_MS} ms: {}",
                            couldnt_connect(&v)
                        ),
                    )
                }
            })
        }
    };
    let agent = format!("curl/{v}");
    let full = format!("/{path}");
    let host_header = if port == 80 {
        host.clone()
    } else {
        format!("{host}:{port}")
    };
    let method = match (&o.method, o.head, o.data) {
        (Some(m), _, _) => m.as_str(),
        (None, true, _) => "HEAD",
        (None, false, true) => "POST",
        _ => "GET",
    };
    let req = Request {
        method,
        host: &host_header,
        path: &full,
        headers: vec![("User-Agent", agent.clone()), ("Accept", "*/*".into())],
        agent: &agent,
        close: false,
    };
    let resp = http::serve(net, &t, &req, at_ms);
    if resp.status == 0 {
        return Err((52, "Empty reply from server".into()));
    }
    if o.verbose {
        let (connection, using, sent) = if modern {
            ("", "* using HTTP/1.x\n", "* Request completely sent off\n")
        } else {
            (" (#0)", "", "")
        };
        r.output.err(format!(
            "* Connected to {host} ({ip}) port {port}{connection}\n{using}> {method} {full} HTTP/1.1\r\n> Host: {host_header}\r\n> User-Agent: {agent}\r\n> Accept: */*\r\n> \r\n{sent}< {}\r\n",
            resp.status_line()
        ));
        for (k, val) in &resp.headers {
            r.output.err(format!("< {k}: {val}\r\n"));
        }
        r.output.err(format!(
            "< \r\n{{ [{} bytes data]\n* Connection #0 to host {host} left intact\n",
            resp.body.len()
        ));
    }
    Ok(resp)
}
