//! curl 7.88 (Debian 12's) for what courses type: `-s -S -v -i -I -o -O -L -k -f -m -X -H -d
//! -w`, several URLs, and its messages and exit codes for a refused, unreachable or unresolved
//! server, a TLS failure and an untrusted certificate. No progress meter is drawn.

use super::super::exec::Exec;
use super::{send, Url};
use kubeplay_core::http::{Failure, Response};
use kubeplay_core::output::Output;

const VERSION: &str = "7.88.1";
const TRY_HELP: &str = "curl: try 'curl --help' or 'curl --manual' for more information\n";
/// How long the kernel keeps trying an address nothing answers from (its SYN retries).
const KERNEL_CONNECT_MS: i64 = 130_981;

#[derive(Default)]
struct Opts {
    silent: bool,
    show_error: bool,
    verbose: bool,
    include: bool,
    head: bool,
    location: bool,
    insecure: bool,
    fail: bool,
    output: Option<String>,
    remote_name: bool,
    max_time: Option<f64>,
    method: Option<String>,
    headers: Vec<(String, String)>,
    data: Vec<String>,
    write_out: Option<String>,
    urls: Vec<String>,
}

/// Options taking a value, by short and long name.
const WITH_VALUE: &[(char, &str)] = &[
    ('o', "output"),
    ('m', "max-time"),
    ('X', "request"),
    ('H', "header"),
    ('d', "data"),
    ('w', "write-out"),
    ('A', "user-agent"),
];
const FLAGS: &[(char, &str)] = &[
    ('s', "silent"),
    ('S', "show-error"),
    ('v', "verbose"),
    ('i', "include"),
    ('I', "head"),
    ('L', "location"),
    ('k', "insecure"),
    ('f', "fail"),
    ('O', "remote-name"),
];

fn usage_error(msg: String) -> Output {
    let mut o = Output::new();
    o.err(format!("curl: {msg}\n{TRY_HELP}"));
    o.exit_code = 2;
    o
}

fn set(o: &mut Opts, name: &str, value: Option<String>) -> Result<(), String> {
    let v = value.unwrap_or_default();
    match name {
        "silent" => o.silent = true,
        "show-error" => o.show_error = true,
        "verbose" => o.verbose = true,
        "include" => o.include = true,
        "head" => o.head = true,
        "location" => o.location = true,
        "insecure" => o.insecure = true,
        "fail" => o.fail = true,
        "remote-name" => o.remote_name = true,
        "output" => o.output = Some(v),
        "max-time" | "connect-timeout" => {
            let secs = v
                .parse::<f64>()
                .map_err(|_| format!("option --{name}: expected a proper numerical parameter"))?;
            o.max_time = Some(secs);
        }
        "request" => o.method = Some(v),
        "header" => {
            if let Some((k, val)) = v.split_once(':') {
                o.headers
                    .push((k.trim().to_string(), val.trim().to_string()));
            }
        }
        "user-agent" => o.headers.push(("User-Agent".into(), v)),
        "data" | "data-raw" | "data-binary" => o.data.push(v),
        "write-out" => o.write_out = Some(v),
        "url" => o.urls.push(v),
        _ => return Err(format!("option --{name}: is unknown")),
    }
    Ok(())
}

fn parse(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts::default();
    let mut it = args.iter();
    let takes = |n: &str| {
        WITH_VALUE.iter().any(|(_, l)| *l == n)
            || matches!(n, "connect-timeout" | "url" | "data-raw" | "data-binary")
    };
    while let Some(a) = it.next() {
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let known = takes(name) || FLAGS.iter().any(|(_, l)| *l == name);
            if !known {
                return Err(format!("option {a}: is unknown"));
            }
            let value = match (takes(name), inline) {
                (true, Some(v)) => Some(v),
                (true, None) => Some(
                    it.next()
                        .cloned()
                        .ok_or_else(|| format!("option {a}: requires parameter"))?,
                ),
                (false, _) => None,
            };
            set(&mut o, name, value)?;
        } else if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if let Some((_, long)) = WITH_VALUE.iter().find(|(s, _)| s == c) {
                    let rest: String = chars[i + 1..].iter().collect();
                    let value = if rest.is_empty() {
                        it.next()
                            .cloned()
                            .ok_or_else(|| format!("option -{c}: requires parameter"))?
                    } else {
                        rest
                    };
                    set(&mut o, long, Some(value))?;
                    break;
                }
                match FLAGS.iter().find(|(s, _)| s == c) {
                    Some((_, long)) => set(&mut o, long, None)?,
                    None => return Err(format!("option -{c}: is unknown")),
                }
            }
        } else {
            o.urls.push(a.clone());
        }
    }
    Ok(o)
}

pub fn run(ex: &mut Exec<'_>, args: &[String]) -> Output {
    let opts = match parse(args) {
        Ok(o) => o,
        Err(msg) => return usage_error(msg),
    };
    if opts.urls.is_empty() {
        return usage_error("no URL specified!".into());
    }
    let mut out = Output::new();
    for u in &opts.urls {
        let code = fetch(ex, &opts, u, &mut out);
        out.exit_code = code;
    }
    out
}

fn method(o: &Opts) -> String {
    match (&o.method, o.head, o.data.is_empty()) {
        (Some(m), _, _) => m.clone(),
        (None, true, _) => "HEAD".into(),
        (None, false, false) => "POST".into(),
        _ => "GET".into(),
    }
}

fn fail(o: &Opts, out: &mut Output, code: i32, msg: String) -> i32 {
    if !o.silent || o.show_error {
        out.err(format!("curl: ({code}) {msg}\n"));
    }
    code
}

/// One URL, following redirects with `-L`: curl's status for it.
fn fetch(ex: &mut Exec<'_>, o: &Opts, text: &str, out: &mut Output) -> i32 {
    let Some(mut url) = Url::parse(text) else {
        let scheme = text.split("://").next().unwrap_or(text);
        return match text.contains("://") {
            true => fail(
                o,
                out,
                1,
                format!("Protocol \"{scheme}\" not supported or disabled in libcurl"),
            ),
            false => fail(
                o,
                out,
                3,
                "URL using bad/illegal format or missing URL".into(),
            ),
        };
    };
    let mut redirects = 0;
    loop {
        let Some(addr) = url.address() else {
            if o.verbose {
                out.err(format!("* Could not resolve host: {}\n", url.host));
            }
            return fail(o, out, 6, format!("Could not resolve host: {}", url.host));
        };
        if o.verbose {
            let shown = if addr.contains(':') {
                format!("[{addr}]")
            } else {
                addr.clone()
            };
            out.err(format!("*   Trying {shown}:{}...\n", url.port));
        }
        let answer = exchange(ex, o, &url, out, &addr);
        let resp = match answer {
            Ok(r) => r,
            Err(code) => return code,
        };
        let location = resp.header("location").map(String::from);
        let redirect = o.location && (300..400).contains(&resp.status) && location.is_some();
        if o.fail && resp.status >= 400 {
            return fail(
                o,
                out,
                22,
                format!("The requested URL returned error: {}", resp.status),
            );
        }
        if o.include || o.head {
            out_write(ex, o, out, &head_text(&resp));
        }
        if !redirect {
            if !o.head {
                out_write(ex, o, out, &resp.body);
            }
            if o.verbose {
                out.err(format!(
                    "* Connection #0 to host {} left intact\n",
                    url.host
                ));
            }
            if let Some(w) = &o.write_out {
                out.out(write_out(w, &url, &resp, redirects));
            }
            return 0;
        }
        redirects += 1;
        if redirects > 50 {
            return fail(o, out, 47, "Maximum (50) redirects followed".into());
        }
        let next = location.unwrap_or_default();
        let resolved = match next.starts_with('/') {
            true => format!("{}://{}{next}", url.scheme, url.host_header()),
            false => next,
        };
        match Url::parse(&resolved) {
            Some(u) => url = u,
            None => {
                return fail(
                    o,
                    out,
                    3,
                    "URL using bad/illegal format or missing URL".into(),
                )
            }
        }
    }
}

/// Connect, send, and read the answer, printing `-v`'s lines; Err is curl's exit status.
fn exchange(
    ex: &mut Exec<'_>,
    o: &Opts,
    url: &Url,
    out: &mut Output,
    addr: &str,
) -> Result<Response, i32> {
    let mut headers = vec![
        ("Host".to_string(), url.host_header()),
        ("User-Agent".to_string(), format!("curl/{VERSION}")),
        ("Accept".to_string(), "*/*".to_string()),
    ];
    for (k, v) in &o.headers {
        match headers.iter_mut().find(|(h, _)| h.eq_ignore_ascii_case(k)) {
            Some(slot) => slot.1 = v.clone(),
            None => headers.push((k.clone(), v.clone())),
        }
    }
    let body = o.data.join("&");
    if !o.data.is_empty() {
        headers.push(("Content-Length".into(), body.len().to_string()));
        headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    let m = method(o);
    let answer = send(ex, url, &m, headers.clone(), body.clone());
    let port = url.port;
    let host = url.host.trim_matches(['[', ']']).to_string();
    let answer = match answer {
        Ok(_) if url.scheme == "https" && !o.insecure => Err(Failure::Certificate),
        a => a,
    };
    let resp = match answer {
        Ok(r) => r,
        Err(Failure::Refused) => {
            return Err(fail(o, out, 7, format!("Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server")));
        }
        Err(Failure::Resolve) => {
            return Err(fail(o, out, 6, format!("Could not resolve host: {host}")))
        }
        Err(Failure::Timeout) => {
            return Err(match o.max_time {
                Some(secs) => {
                    let ms = (secs * 1000.0).round() as i64 + 1;
                    ex.host.sleep(secs);
                    fail(
                        o,
                        out,
                        28,
                        format!("Connection timed out after {ms} milliseconds"),
                    )
                }
                None => {
                    ex.host.sleep(KERNEL_CONNECT_MS as f64 / 1000.0);
                    fail(o, out, 7, format!("Failed to connect to {host} port {port} after {KERNEL_CONNECT_MS} ms: Couldn't connect to server"))
                }
            });
        }
        Err(e) => {
            if o.verbose {
                out.err(format!("* Connected to {host} ({addr}) port {port} (#0)\n"));
            }
            return Err(match e {
                Failure::Tls => fail(
                    o,
                    out,
                    35,
                    "error:0A00010B:SSL routines::wrong version number".into(),
                ),
                Failure::Certificate => {
                    let code = fail(
                        o,
                        out,
                        60,
                        "SSL certificate problem: unable to get local issuer certificate".into(),
                    );
                    if !o.silent || o.show_error {
                        out.err("More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n");
                    }
                    code
                }
                _ => fail(o, out, 52, "Empty reply from server".into()),
            });
        }
    };
    if o.verbose {
        out.err(format!("* Connected to {host} ({addr}) port {port} (#0)\n"));
        let version = if resp.http2 { "HTTP/2" } else { "HTTP/1.1" };
        if url.scheme == "https" {
            out.err("* ALPN: offers h2,http/1.1\n* SSL connection using TLSv1.3 / TLS_AES_128_GCM_SHA256\n");
            out.err(if resp.http2 {
                "* ALPN: server accepted h2\n* using HTTP/2\n"
            } else {
                "* ALPN: server accepted http/1.1\n"
            });
        }
        let mut sent = format!("> {m} {} {version}\n", url.path);
        for (k, v) in &headers {
            let k = if resp.http2 {
                k.to_ascii_lowercase()
            } else {
                k.clone()
            };
            let k = if resp.http2 && k == "host" {
                "Host".to_string()
            } else {
                k
            };
            sent.push_str(&format!("> {k}: {v}\n"));
        }
        sent.push_str("> \n");
        out.err(sent);
        let received: String = head_text(&resp)
            .lines()
            .map(|l| format!("< {l}\n"))
            .collect();
        out.err(received);
    }
    Ok(resp)
}

/// The status line and headers as curl shows them (`-i`, `-I`, `-v`), with the blank line.
fn head_text(resp: &Response) -> String {
    let mut s = if resp.http2 {
        format!("HTTP/2 {} \n", resp.status)
    } else {
        format!("HTTP/1.1 {} {}\n", resp.status, resp.reason)
    };
    for (k, v) in &resp.headers {
        let k = if resp.http2 {
            k.to_ascii_lowercase()
        } else {
            k.clone()
        };
        s.push_str(&format!("{k}: {v}\n"));
    }
    s.push('\n');
    s
}

/// The body (or headers) to stdout, or to `-o FILE` / `-O`'s file.
fn out_write(ex: &mut Exec<'_>, o: &Opts, out: &mut Output, text: &str) {
    let file = match (&o.output, o.remote_name) {
        (Some(f), _) => Some(f.clone()),
        (None, true) => o
            .urls
            .first()
            .and_then(|u| Url::parse(u))
            .map(|u| u.path.rsplit('/').next().unwrap_or_default().to_string()),
        _ => None,
    };
    match file.as_deref() {
        None | Some("-") => out.out(text),
        Some("/dev/null") => {}
        Some(path) => {
            let before = ex.fs.read(path).unwrap_or_default();
            // Each write of one transfer appends; a new transfer starts the file anew.
            let _ = ex.fs.write(path, &(before + text));
        }
    }
}

/// `-w`: curl's variables, and `\n`, `\t`.
fn write_out(format: &str, url: &Url, resp: &Response, redirects: usize) -> String {
    let mut s = format.replace("\\n", "\n").replace("\\t", "\t");
    let vars = [
        ("http_code", format!("{:03}", resp.status)),
        ("response_code", format!("{:03}", resp.status)),
        ("size_download", resp.body.len().to_string()),
        (
            "content_type",
            resp.header("content-type").unwrap_or_default().to_string(),
        ),
        ("url_effective", url.text()),
        ("num_redirects", redirects.to_string()),
        ("remote_ip", url.address().unwrap_or_default()),
        ("remote_port", url.port.to_string()),
        ("time_total", "0.001502".to_string()),
    ];
    for (k, v) in vars {
        s = s.replace(&format!("%{{{k}}}"), &v);
    }
    s
}
