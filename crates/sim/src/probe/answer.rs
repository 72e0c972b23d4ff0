//! What a probe gets back from a container: from what its image serves (ports and paths from
//! the catalog) and from its files (exec probes run on the container's files as they are at
//! that moment). Each answer is a timeline: it holds from its `ms` (since the container
//! started) until the next one.

use std::sync::Arc;

use kubeplay_core::fs::MemFs;
use serde_json::Value;

use super::spec::{Action, Port};
use crate::images::{Image, Shell};
use crate::process::{self, files};

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Ok,
    /// The probe ran and failed: the kubelet's words for why.
    Failed(String),
    /// The probe could not run at all.
    Errored(String),
}

/// Which paths a web server answers 200 on.
#[derive(Debug, Clone, PartialEq)]
pub enum Paths {
    /// Every path (echo servers, apps).
    Any,
    /// These pages, 404 elsewhere (a static site's welcome page).
    Pages(&'static [&'static str]),
    /// agnhost's `liveness`: `/healthz` answers 200 for this long, then 500.
    HealthyFor(u64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Listener {
    pub port: i64,
    pub protocol: String,
    pub paths: Paths,
}

/// What listens in a container.
#[derive(Debug, Clone, PartialEq)]
pub enum Listening {
    /// A program this model does not know (it may serve anything): its probes pass.
    Unknown,
    Ports(Vec<Listener>),
}

/// The container a probe runs against.
pub struct Target<'a> {
    pub ip: &'a str,
    pub container: &'a Value,
    pub image: Option<&'static Image>,
    pub listening: Listening,
    /// Its files over time (empty: the image's files throughout).
    pub files: Arc<files::States>,
}

const STATIC_PAGES: &[&str] = &["/", "/index.html", "/50x.html"];

/// What listens when the container runs `argv` from `image`; `own`: the image's own program
/// runs (the pod gives no command), `known`: the process model knows the program it runs.
pub fn listening(image: &Image, args: &[String], own: bool, known: bool) -> Listening {
    if !own {
        // A command of the pod's own: a shell or sleep serves nothing; anything else may.
        return if known {
            Listening::Ports(Vec::new())
        } else {
            Listening::Unknown
        };
    }
    if image.name.ends_with("e2e-test-images/agnhost") {
        return agnhost(args);
    }
    let ports = image
        .serves
        .iter()
        .map(|s| Listener {
            port: i64::from(s.port),
            protocol: s.protocol.clone(),
            paths: if s.what.contains("welcome page") || s.what == "It works!" {
                Paths::Pages(STATIC_PAGES)
            } else {
                Paths::Any
            },
        })
        .collect();
    Listening::Ports(ports)
}

/// agnhost serves according to its subcommand (the first argument).
fn agnhost(args: &[String]) -> Listening {
    let http = |port: i64, paths: Paths| Listener {
        port,
        protocol: "http".into(),
        paths,
    };
    let flag_port = |name: &str, default: i64| {
        args.iter()
            .find_map(|a| a.strip_prefix(&format!("--{name}=")))
            .and_then(|p| p.parse().ok())
            .unwrap_or(default)
    };
    match args.first().map(String::as_str).unwrap_or("pause") {
        "netexec" => Listening::Ports(vec![http(flag_port("http-port", 8080), Paths::Any)]),
        "liveness" => Listening::Ports(vec![http(8080, Paths::HealthyFor(10_000))]),
        "serve-hostname" => Listening::Ports(vec![http(flag_port("port", 9376), Paths::Any)]),
        "test-webserver" => Listening::Ports(vec![http(flag_port("port", 80), Paths::Any)]),
        "pause" => Listening::Ports(Vec::new()),
        _ => Listening::Unknown,
    }
}

fn resolve(port: &Port, container: &Value) -> Result<i64, String> {
    match port {
        Port::Number(n) => Ok(*n),
        Port::Name(name) => container
            .get("ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
            .and_then(|p| p.get("containerPort").and_then(Value::as_i64))
            .ok_or_else(|| format!("couldn't find port: {name}")),
    }
}

fn refused(ip: &str, port: i64) -> String {
    format!("dial tcp {ip}:{port}: connect: connection refused")
}

/// The probe's answers over the container's run.
pub fn timeline(action: &Action, timeout_secs: i64, t: &Target) -> Vec<(u64, Answer)> {
    let timeout_ms = u64::try_from(timeout_secs.max(1))
        .unwrap_or(1)
        .saturating_mul(1000);
    let one = |a: Answer| vec![(0, a)];
    let ports = match (&t.listening, action) {
        (_, Action::Exec(argv)) => return exec(argv, t, timeout_ms),
        (Listening::Unknown, _) => return one(Answer::Ok),
        (Listening::Ports(p), _) => p,
    };
    let port = match action {
        Action::Http { port, .. } | Action::Tcp { port } => match resolve(port, t.container) {
            Ok(p) => p,
            Err(e) => return one(Answer::Errored(e)),
        },
        Action::Grpc { port } => *port,
        Action::Exec(_) => 0,
    };
    let found = ports.iter().find(|l| l.port == port);
    match action {
        Action::Tcp { .. } => one(match found {
            Some(_) => Answer::Ok,
            None => Answer::Failed(refused(t.ip, port)),
        }),
        Action::Grpc { .. } => one(match found {
            Some(l) if l.protocol == "grpc" => Answer::Ok,
            _ => Answer::Failed(format!(
                "timeout: failed to connect service \"{}:{port}\" within 1s",
                t.ip
            )),
        }),
        Action::Http { path, https, .. } => {
            let scheme = if *https { "https" } else { "http" };
            let url = format!("{scheme}://{}:{port}{path}", t.ip);
            let get = |why: String| Answer::Failed(format!("Get \"{url}\": {why}"));
            let Some(l) = found else {
                return one(get(refused(t.ip, port)));
            };
            if l.protocol != "http" {
                return one(get("EOF".into()));
            }
            if *https {
                return one(get("http: server gave HTTP response to HTTPS client".into()));
            }
            let status =
                |code: u16| Answer::Failed(format!("HTTP probe failed with statuscode: {code}"));
            let page = path.split(['?', '#']).next().unwrap_or("/");
            match &l.paths {
                Paths::Any => one(Answer::Ok),
                Paths::Pages(pages) if pages.contains(&page) => one(Answer::Ok),
                Paths::Pages(_) => one(status(404)),
                Paths::HealthyFor(ms) if page == "/healthz" => {
                    vec![(0, Answer::Ok), (*ms, status(500))]
                }
                Paths::HealthyFor(_) => one(status(404)),
            }
        }
        Action::Exec(_) => one(Answer::Ok),
    }
}

/// The command line an exec probe's words make.
fn line_of(argv: &[String]) -> String {
    let base = argv
        .first()
        .map(|p| p.rsplit('/').next().unwrap_or(p))
        .unwrap_or("");
    if matches!(base, "sh" | "bash" | "ash") && argv.get(1).map(String::as_str) == Some("-c") {
        return argv.get(2).cloned().unwrap_or_default();
    }
    argv.iter()
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An exec probe at each state of the container's files.
fn exec(argv: &[String], t: &Target, timeout_ms: u64) -> Vec<(u64, Answer)> {
    let Some(prog) = argv.first() else {
        return vec![(0, Answer::Ok)];
    };
    let base = prog.rsplit('/').next().unwrap_or(prog);
    if let Some(image) = t.image {
        let shell = matches!(base, "sh" | "ash" | "bash");
        if (shell && !image.has_shell(base == "bash")) || image.shell == Shell::None {
            return vec![(0, Answer::Errored(not_found(prog)))];
        }
    }
    let states: Vec<(u64, MemFs)> = if t.files.is_empty() {
        vec![(0, t.image.map(files::of_image).unwrap_or_default())]
    } else {
        t.files.as_ref().clone()
    };
    let busybox = t.image.is_some_and(|i| i.shell == Shell::Sh);
    let line = line_of(argv);
    let mut out: Vec<(u64, Answer)> = Vec::new();
    for (ms, fs) in states {
        let answer = match process::exec_line_timed(fs, &line) {
            // The kubelet stops waiting at the probe's timeout.
            Some((_, _, took)) if took > timeout_ms => {
                Answer::Failed(format!("command {:?} timed out", argv.join(" ")))
            }
            Some((_, 0, _)) | None => Answer::Ok,
            Some((text, _, _)) => Answer::Failed(in_words_of(busybox, text.trim_end())),
        };
        if out.last().map(|(_, a)| a) != Some(&answer) {
            out.push((ms, answer));
        }
    }
    out
}

/// The runtime's words for a program the image lacks.
fn not_found(prog: &str) -> String {
    format!(
        "rpc error: code = Unknown desc = failed to exec in container: OCI runtime exec failed: exec failed: unable to start container process: exec: \"{prog}\": executable file not found in $PATH: unknown"
    )
}

/// Busybox's `cat` words a missing file its own way.
fn in_words_of(busybox: bool, text: &str) -> String {
    if !busybox {
        return text.to_string();
    }
    text.lines()
        .map(|l| {
            match l
                .strip_prefix("cat: ")
                .and_then(|r| r.strip_suffix(": No such file or directory"))
            {
                Some(path) => format!("cat: can't open '{path}': No such file or directory"),
                None => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
