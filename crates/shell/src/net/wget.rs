//! GNU Wget 1.21 (the learner's machine has GNU wget, not busybox's): `-q`, `-O FILE` / `-O-`,
//! `-S`, `--no-check-certificate`, its log on stderr with the bar a terminal shows, the file
//! saved as `index.html` (`.1`, `.2` when taken), and its exit codes (4 network, 5 TLS, 8 an
//! error status).

use super::super::exec::Exec;
use super::{send, stamp, Url};
use kubeplay_core::http::{Failure, Response};
use kubeplay_core::output::Output;

#[derive(Default)]
struct Opts {
    quiet: bool,
    output: Option<String>,
    server_response: bool,
    insecure: bool,
    urls: Vec<String>,
}

const TRY_HELP: &str = "Usage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n";

fn parse(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quiet" => o.quiet = true,
            "--server-response" => o.server_response = true,
            "--no-check-certificate" => o.insecure = true,
            "--output-document" => o.output = it.next().cloned(),
            long if long.starts_with("--output-document=") => {
                o.output = long.split_once('=').map(|(_, v)| v.to_string());
            }
            long if long.starts_with("--") => {
                return Err(format!("wget: unrecognized option '{long}'\n"));
            }
            short if short.len() > 1 && short.starts_with('-') => {
                let chars: Vec<char> = short[1..].chars().collect();
                for (i, c) in chars.iter().enumerate() {
                    match c {
                        'q' => o.quiet = true,
                        'S' => o.server_response = true,
                        'O' => {
                            let rest: String = chars[i + 1..].iter().collect();
                            o.output = match rest.is_empty() {
                                true => it.next().cloned(),
                                false => Some(rest),
                            };
                            break;
                        }
                        _ => return Err(format!("wget: invalid option -- '{c}'\n")),
                    }
                }
            }
            url => o.urls.push(url.to_string()),
        }
    }
    Ok(o)
}

pub fn run(ex: &mut Exec<'_>, args: &[String]) -> Output {
    let mut out = Output::new();
    let opts = match parse(args) {
        Ok(o) => o,
        Err(msg) => {
            out.err(format!("{msg}{TRY_HELP}"));
            out.exit_code = 2;
            return out;
        }
    };
    if opts.urls.is_empty() {
        out.err(format!("wget: missing URL\n{TRY_HELP}"));
        out.exit_code = 1;
        return out;
    }
    let mut code = 0;
    for u in &opts.urls {
        let c = fetch(ex, &opts, u, &mut out);
        if c != 0 {
            code = c;
        }
    }
    out.exit_code = code;
    out
}

fn log(o: &Opts, out: &mut Output, text: String) {
    if !o.quiet {
        out.err(text);
    }
}

fn fetch(ex: &mut Exec<'_>, o: &Opts, text: &str, out: &mut Output) -> i32 {
    let Some(url) = Url::parse(text) else {
        log(o, out, format!("{text}: Unsupported scheme.\n"));
        return 1;
    };
    let now = ex.host.now();
    log(o, out, format!("--{}--  {}\n", stamp(now), url.text()));
    let bare = url.host.trim_matches(['[', ']']).to_string();
    let ip = bare.parse::<std::net::IpAddr>().is_ok();
    let Some(addr) = url.address() else {
        log(o, out, format!("Resolving {bare} ({bare})... failed: Name or service not known.\nwget: unable to resolve host address ‘{bare}’\n"));
        return 4;
    };
    let connecting = match ip {
        true => format!("Connecting to {bare}:{}... ", url.port),
        false => {
            log(o, out, format!("Resolving {bare} ({bare})... {addr}\n"));
            format!("Connecting to {bare} ({bare})|{addr}|:{}... ", url.port)
        }
    };
    let headers = vec![
        ("User-Agent".to_string(), "Wget/1.21.3".to_string()),
        ("Accept".to_string(), "*/*".to_string()),
        ("Accept-Encoding".to_string(), "identity".to_string()),
        ("Host".to_string(), url.host_header()),
        ("Connection".to_string(), "Keep-Alive".to_string()),
    ];
    let answer = match send(ex, &url, "GET", headers, String::new()) {
        Ok(_) if url.scheme == "https" && !o.insecure => Err(Failure::Certificate),
        a => a,
    };
    let resp = match answer {
        Ok(r) => r,
        Err(f) => return failed(ex, o, out, f, &connecting, &bare),
    };
    log(o, out, format!("{connecting}connected.\n"));
    received(ex, o, out, &url, &resp)
}

fn failed(
    ex: &mut Exec<'_>,
    o: &Opts,
    out: &mut Output,
    f: Failure,
    connecting: &str,
    host: &str,
) -> i32 {
    match f {
        Failure::Refused => {
            log(o, out, format!("{connecting}failed: Connection refused.\n"));
            4
        }
        Failure::Timeout => {
            ex.host.sleep(131.0);
            log(
                o,
                out,
                format!("{connecting}failed: Connection timed out.\nGiving up.\n\n"),
            );
            4
        }
        Failure::Resolve => {
            log(o, out, format!("Resolving {host} ({host})... failed: Name or service not known.\nwget: unable to resolve host address ‘{host}’\n"));
            4
        }
        Failure::Certificate => {
            log(o, out, format!("{connecting}connected.\nERROR: cannot verify {host}'s certificate, issued by ‘CN=minikubeCA’:\n  Unable to locally verify the issuer's authority.\nTo connect to {host} insecurely, use `--no-check-certificate'.\n"));
            5
        }
        Failure::Tls => {
            log(o, out, format!("{connecting}connected.\nGnuTLS: An unexpected TLS packet was received.\nUnable to establish SSL connection.\n"));
            4
        }
        Failure::Empty => {
            log(o, out, format!("{connecting}connected.\nHTTP request sent, awaiting response... No data received.\nRetrying.\n\n"));
            4
        }
    }
}

/// After the answer: its status, and the body saved (or an error status reported).
fn received(ex: &mut Exec<'_>, o: &Opts, out: &mut Output, url: &Url, resp: &Response) -> i32 {
    let now = ex.host.now();
    let status = format!("{} {}", resp.status, resp.reason);
    if o.server_response {
        let version = if resp.http2 { "HTTP/2" } else { "HTTP/1.1" };
        let mut head = format!("HTTP request sent, awaiting response... \n  {version} {status}\n");
        for (k, v) in &resp.headers {
            head.push_str(&format!("  {k}: {v}\n"));
        }
        log(o, out, head);
    } else {
        log(
            o,
            out,
            format!("HTTP request sent, awaiting response... {status}\n"),
        );
    }
    if resp.status >= 400 {
        log(o, out, format!("{} ERROR {status}.\n\n", stamp(now)));
        return 8;
    }
    let size = resp.body.len();
    let ctype = resp.header("content-type").unwrap_or("text/plain");
    let ctype = ctype.split(';').next().unwrap_or(ctype);
    let human = if size >= 1024 {
        // wget's human_readable: one decimal below 10.
        let k = size as f64 / 1024.0;
        match k < 10.0 {
            true => format!(" ({k:.1}K)"),
            false => format!(" ({k:.0}K)"),
        }
    } else {
        String::new()
    };
    log(o, out, format!("Length: {size}{human} [{ctype}]\n"));
    let file = match &o.output {
        Some(f) => f.clone(),
        None => free_name(ex, url),
    };
    let shown = if file == "-" {
        "STDOUT".to_string()
    } else {
        file.clone()
    };
    log(o, out, format!("Saving to: ‘{shown}’\n\n"));
    match file.as_str() {
        "-" => out.out(&resp.body),
        "/dev/null" => {}
        path => {
            let _ = ex.fs.write(path, &resp.body);
        }
    }
    let name: String = shown.chars().take(18).collect();
    let bar =
        format!("{name:<18}  100%[===================>] {size:>7}  --.-KB/s    in 0s      \n\n");
    log(o, out, bar);
    log(
        o,
        out,
        format!(
            "{} (52.6 MB/s) - ‘{shown}’ saved [{size}/{size}]\n\n",
            stamp(now)
        ),
    );
    0
}

/// The file name wget picks: the URL's last segment (`index.html` for a directory), with
/// `.1`, `.2`, ... while the name is taken.
fn free_name(ex: &Exec<'_>, url: &Url) -> String {
    let path = url.path.split('?').next().unwrap_or("/");
    let base = match path.rsplit('/').next() {
        Some(b) if !b.is_empty() => b.to_string(),
        _ => "index.html".to_string(),
    };
    if ex.fs.read(&base).is_err() {
        return base;
    }
    (1..1000)
        .map(|n| format!("{base}.{n}"))
        .find(|n| ex.fs.read(n).is_err())
        .unwrap_or(base)
}
