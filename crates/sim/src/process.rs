//! What a container's process does on the simulated clock: how long it runs, how it exits, and
//! what it prints when. `sh -c`/`bash -c` scripts run on the project's shell with `sleep` moving
//! a clock of their own; `sleep`, `tail -f`, `echo`, `true` and `false` run as themselves.
//! A process that never ends (`sleep infinity`, `tail -f /dev/null`, `while true` with a sleep
//! in it) is one that keeps running; the shell's command budget bounds a loop without end.

use std::sync::Arc;

use kubeplay_core::fs::{Fs, MemFs};
use kubeplay_core::output::{Output, Stream};
use kubeplay_shell::{Host, Shell};

use crate::images::Image;
use crate::network::Net;

/// One line the process printed, `ms` after it started.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct LogLine {
    pub ms: u64,
    pub stderr: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum End {
    /// It exits on its own `ms` after starting, with `code`.
    Exit { ms: u64, code: i32 },
    /// It keeps running.
    Never,
    /// Its program is not in the image: it never starts.
    NotFound(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Process {
    pub end: End,
    /// What it prints (bounded: the first `MAX_LINES`), for `kubectl logs`.
    pub log: Arc<[LogLine]>,
    /// Its files over time when it changes them (empty: the image's files throughout).
    pub files: Arc<files::States>,
    /// The memory it comes to hold, in bytes, when known (what a memory limit is checked on).
    pub memory: Option<u64>,
    /// The CPU it would burn, in millicores, when it is busy (limits throttle it).
    pub cpu: Option<u64>,
}

/// Lines kept per run.
const MAX_LINES: usize = 1000;

/// A sleep this long is forever (a script sleeping past it keeps running).
const HORIZON_MS: u64 = 1 << 45;

/// Scripts longer than this are not run (a pod spec is bounded anyway; this keeps it cheap).
const MAX_SCRIPT: usize = 64 << 10;

/// What `kubectl` inside a container answers: it is not in the image.
const NO_KUBECTL: &str = "sh: kubectl: not found\n";

/// What the shell is told `sleep` is, so each sleep leaves a marker in the output.
const SLEEP_MARK: &str = "\u{0}sleep";
/// What the shell is told `touch` and `rm` are: the container's host runs them on its files.
const TOUCH_MARK: &str = "\u{0}touch";
const RM_MARK: &str = "\u{0}rm";
/// And `tail`, whose `-f` follows forever.
const TAIL_MARK: &str = "\u{0}tail";
/// And the network programs, when the script runs with the cluster's network.
const NET_MARK: &str = "\u{0}net";

/// The process of a container whose stdin is kept open (`stdin: true`, as `kubectl run -i`
/// makes it): a shell then waits for input instead of exiting at once.
pub fn run_with_stdin(
    image: &Image,
    command: &[String],
    args: &[String],
    stdin: bool,
    net: Option<(&Net, i64)>,
) -> Option<Process> {
    let p = run_on(image, command, args, net)?;
    let argv: Vec<&String> = if command.is_empty() {
        image
            .entrypoint
            .iter()
            .chain(if args.is_empty() { &image.cmd } else { args })
            .collect()
    } else {
        command.iter().chain(args).collect()
    };
    let shell = argv
        .first()
        .is_some_and(|p| matches!(p.rsplit('/').next(), Some("sh" | "bash" | "ash")))
        && !argv.iter().any(|a| *a == "-c");
    Some(if stdin && shell && matches!(p.end, End::Exit { .. }) {
        forever(Vec::new())
    } else {
        p
    })
}

/// The process a container runs: its command (else the image's entrypoint) and its args (else,
/// without a command, the image's cmd). `None` when it is not one this module can run.
pub fn run(image: &Image, command: &[String], args: &[String]) -> Option<Process> {
    run_on(image, command, args, None)
}

/// `run`, with the cluster's network for its scripts' `nslookup`, `wget` and `curl`, the run
/// starting at the given moment (ms since the epoch).
pub fn run_on(
    image: &Image,
    command: &[String],
    args: &[String],
    net: Option<(&Net, i64)>,
) -> Option<Process> {
    let argv: Vec<String> = match (command.is_empty(), args.is_empty()) {
        (false, _) => command.iter().chain(args).cloned().collect(),
        (true, false) => image.entrypoint.iter().chain(args).cloned().collect(),
        (true, true) => image.default_process(),
    };
    let (prog, rest) = argv.split_first()?;
    let base = prog.rsplit('/').next().unwrap_or(prog);
    if let Some(missing) = missing(image, prog, base) {
        return Some(Process {
            end: End::NotFound(missing),
            log: Arc::from(Vec::new()),
            files: Arc::default(),
            memory: None,
            cpu: None,
        });
    }
    match base {
        "sh" | "bash" | "ash" => match rest.iter().position(|a| a == "-c") {
            Some(i) => script(image, rest.get(i + 1).map_or("", String::as_str), net),
            // No terminal attached: a shell with nothing to read exits at once.
            None => Some(exits(0, Vec::new(), 0)),
        },
        "sleep" => {
            let ms = sleep_ms(rest)?;
            Some(if ms >= HORIZON_MS {
                forever(Vec::new())
            } else {
                exits(ms, Vec::new(), 0)
            })
        }
        "tail" if rest.iter().any(|a| a == "-f" || a == "-F") => Some(forever(Vec::new())),
        "stress" => {
            let s = stress::parse(rest)?;
            let mut p = match s.timeout_ms {
                Some(ms) => exits(ms, s.log(), 0),
                None => forever(s.log()),
            };
            p.memory = Some(s.memory().saturating_add(image.memory));
            p.cpu = Some(s.cpu_millis());
            Some(p)
        }
        "echo" | "true" | "false" => {
            let line = rest.join(" ");
            let code = i32::from(base == "false");
            let log = if base == "echo" {
                vec![LogLine {
                    ms: 0,
                    stderr: false,
                    text: line,
                }]
            } else {
                Vec::new()
            };
            Some(exits(0, log, code))
        }
        _ => None,
    }
}

/// The program when the image surely lacks it: a shell the image does not have, or anything
/// but the image's own program in an image without a shell (distroless, scratch).
fn missing(image: &Image, prog: &str, base: &str) -> Option<String> {
    let lacks = match base {
        "bash" => !image.has_shell(true),
        "sh" | "ash" => !image.has_shell(false),
        _ => !image.has_shell(false) && image.default_process().first() != Some(&prog.to_string()),
    };
    lacks.then(|| prog.to_string())
}

fn exits(ms: u64, log: Vec<LogLine>, code: i32) -> Process {
    Process {
        end: End::Exit { ms, code },
        log: log.into(),
        files: Arc::default(),
        memory: None,
        cpu: None,
    }
}

fn forever(log: Vec<LogLine>) -> Process {
    Process {
        end: End::Never,
        log: log.into(),
        files: Arc::default(),
        memory: None,
        cpu: None,
    }
}

/// GNU sleep's operands (`5`, `1.5`, `2m`, `infinity`) added up, in ms.
fn sleep_ms(args: &[String]) -> Option<u64> {
    let mut total: f64 = 0.0;
    for a in args {
        let (num, unit) = match a.char_indices().last() {
            Some((i, c)) if c.is_ascii_alphabetic() && !a.starts_with("inf") => (&a[..i], c),
            _ => (a.as_str(), 's'),
        };
        let n: f64 = if num.starts_with("inf") {
            f64::INFINITY
        } else {
            num.parse().ok().filter(|n: &f64| *n >= 0.0)?
        };
        let mult = match unit {
            's' => 1.0,
            'm' => 60.0,
            'h' => 3600.0,
            'd' => 86400.0,
            _ => return None,
        };
        total += n * mult;
    }
    Some(if total * 1000.0 >= HORIZON_MS as f64 {
        HORIZON_MS
    } else {
        (total * 1000.0).ceil() as u64
    })
}

/// The shell's host inside a container: `sleep` moves the script's clock and marks the output,
/// `touch` and `rm` change its files; there is no kubectl in an image.
struct Container<'a> {
    /// The cluster's network and the moment the run started (ms since the epoch).
    net: Option<(&'a Net<'a>, i64)>,
    /// Each sleep's end, in ms since the start.
    sleeps: Vec<u64>,
    now_ms: u64,
    forever: bool,
    files: files::Shared,
    states: files::States,
}

impl<'a> Container<'a> {
    fn new(files: files::Shared, net: Option<(&'a Net<'a>, i64)>) -> Container<'a> {
        let start = files.snapshot();
        Container {
            net,
            sleeps: Vec::new(),
            now_ms: 0,
            forever: false,
            files,
            states: vec![(0, start)],
        }
    }
}

impl Container<'_> {
    /// A network program: it runs at the script's moment, its time passes as a sleep would.
    fn network(&mut self, args: &[String], o: &mut Output) {
        let Some((net, start_ms)) = self.net else {
            o.err(NO_KUBECTL);
            o.exit_code = 127;
            return;
        };
        let Some((prog, rest)) = args.split_first() else {
            return;
        };
        let at = start_ms.saturating_add(self.now_ms.min(i64::MAX as u64) as i64);
        let mut r = net.run(prog, rest, at);
        if let Some((path, text)) = r.wrote.take() {
            let p = if path.starts_with('/') {
                path
            } else {
                format!("/{path}")
            };
            let mut files = self.files.clone();
            let _ = files.write(&p, &text);
        }
        for (stream, chunk) in r.output.chunks.drain(..) {
            match stream {
                Stream::Stdout => o.out(chunk),
                Stream::Stderr => o.err(chunk),
            }
        }
        if r.took_ms > 0 {
            self.files.record(&mut self.states, self.now_ms);
            self.now_ms = self.now_ms.saturating_add(r.took_ms).min(HORIZON_MS);
            self.sleeps.push(self.now_ms);
            o.err(SLEEP_MARK);
        }
        o.exit_code = r.code;
    }

    /// `sleep`: the script's clock moves on, and the output is marked where it did.
    fn sleep_for(&mut self, args: &[String], o: &mut Output) {
        // The files as they stand while it sleeps.
        self.files.record(&mut self.states, self.now_ms);
        match sleep_ms(args) {
            Some(ms) => {
                self.now_ms = self.now_ms.saturating_add(ms).min(HORIZON_MS);
                self.forever |= self.now_ms >= HORIZON_MS;
                self.sleeps.push(self.now_ms);
                o.err(SLEEP_MARK);
            }
            None => {
                o.err(format!(
                    "sleep: invalid time interval '{}'\n",
                    args.join(" ")
                ));
                o.exit_code = 1;
            }
        }
    }
}

impl Host for Container<'_> {
    fn kubectl(&mut self, args: &[String], stdin: Option<&str>, _fs: &mut dyn Fs) -> Output {
        let mut o = Output::new();
        let first = args.first().map(String::as_str);
        if first == Some(TAIL_MARK) {
            let follow = files_cmd::tail(&self.files, &args[1..], stdin, &mut o);
            if follow {
                // It never returns: the script sleeps forever here.
                self.sleep_for(&["infinity".to_string()], &mut o);
            }
            return o;
        }
        if first == Some(TOUCH_MARK) || first == Some(RM_MARK) {
            let code = if first == Some(TOUCH_MARK) {
                files_cmd::touch(&self.files, &args[1..], &mut o)
            } else {
                files_cmd::rm(&self.files, &args[1..], &mut o)
            };
            o.exit_code = code;
            return o;
        }
        if first == Some(NET_MARK) {
            self.network(&args[1..], &mut o);
        } else if first == Some(SLEEP_MARK) {
            self.sleep_for(&args[1..], &mut o);
        } else {
            o.err(NO_KUBECTL);
            o.exit_code = 127;
        }
        o
    }

    fn sleep(&mut self, _seconds: f64) {}
}

/// Run a `-c` script: its lines with the time each was printed, and how it ends. With the
/// cluster's network, `wget`, `nslookup` and `curl` (where the image has them) ask it at the
/// script's moments. `None` when it runs a program the shell does not have (kubectl, or a
/// network client without a network to ask): what it would do is beyond this model, so the
/// caller guesses.
fn script(image: &Image, text: &str, net: Option<(&Net, i64)>) -> Option<Process> {
    if text.len() > MAX_SCRIPT {
        return None;
    }
    let mut shell = Shell::new();
    let mut fs = files::Shared::new(files::of_image(image));
    let mut host = Container::new(fs.clone(), net);
    shell.run_script(&prelude(), &mut host, &mut fs);
    if net.is_some() {
        shell.run_script(&net_prelude(image), &mut host, &mut fs);
    }
    let outputs = shell.run_script(text, &mut host, &mut fs);
    fs.record(&mut host.states, host.now_ms);
    let states = if host.states.len() > 1 {
        Arc::new(std::mem::take(&mut host.states))
    } else {
        Arc::default()
    };
    let mut log = Vec::new();
    let mut at = 0u64;
    let mut marks = host.sleeps.iter();
    let mut code = 0;
    let mut endless = host.forever;
    for (_, out) in &outputs {
        code = out.exit_code;
        for (stream, chunk) in &out.chunks {
            if chunk.contains(": command not found\n") || chunk.contains(NO_KUBECTL) {
                return None;
            }
            let budget = chunk
                .lines()
                .find(|l| l.contains("too many commands in one input"));
            let chunk = match budget {
                // The budget ran out: a loop without end (what it printed before stays).
                Some(line) => {
                    endless = true;
                    chunk.replace(&format!("{line}\n"), "")
                }
                None => chunk.clone(),
            };
            // Output of one stream arrives merged: each sleep's mark moves the clock on.
            for (i, piece) in chunk.split(SLEEP_MARK).enumerate() {
                if i > 0 {
                    at = marks.next().copied().unwrap_or(at);
                }
                if at >= HORIZON_MS {
                    continue;
                }
                for line in piece.lines() {
                    if log.len() < MAX_LINES {
                        log.push(LogLine {
                            ms: at,
                            stderr: *stream == Stream::Stderr,
                            text: line.to_string(),
                        });
                    }
                }
            }
        }
    }
    let mut p = if endless {
        forever(log)
    } else {
        exits(at, log, code)
    };
    p.files = states;
    Some(p)
}

/// The aliases that hand `sleep`, `touch` and `rm` to the container's host.
fn prelude() -> String {
    format!("alias sleep='kubectl {SLEEP_MARK}'\nalias touch='kubectl {TOUCH_MARK}'\nalias rm='kubectl {RM_MARK}'\nalias tail='kubectl {TAIL_MARK}'")
}

/// The aliases that hand the network programs the image has to the container's host.
fn net_prelude(image: &Image) -> String {
    let curl = ["curlimages/curl", "nicolaka/netshoot", "nginx"].contains(&image.name.as_str());
    let busybox = image.shell == crate::images::Shell::Sh;
    let mut lines = Vec::new();
    if busybox {
        lines.push(format!("alias wget='kubectl {NET_MARK} wget'"));
        lines.push(format!("alias nslookup='kubectl {NET_MARK} nslookup'"));
        lines.push(format!("alias nc='kubectl {NET_MARK} nc'"));
    }
    if curl {
        lines.push(format!("alias curl='kubectl {NET_MARK} curl'"));
    }
    lines.join("\n")
}

/// Run one command line in a container whose files are `start` (an exec probe, later `kubectl
/// exec`): its output (both streams, in order) and exit code. `None` when it runs a program the
/// shell does not have, so what it would answer is unknown.
pub fn exec_line(start: MemFs, line: &str) -> Option<(String, i32)> {
    exec_line_timed(start, line).map(|(text, code, _)| (text, code))
}

/// `exec_line`, with how long the line ran (its sleeps), in ms.
pub fn exec_line_timed(start: MemFs, line: &str) -> Option<(String, i32, u64)> {
    if line.len() > MAX_SCRIPT {
        return None;
    }
    let mut shell = Shell::new();
    let mut fs = files::Shared::new(start);
    let mut host = Container::new(fs.clone(), None);
    shell.run_script(&prelude(), &mut host, &mut fs);
    let outputs = shell.run_script(line, &mut host, &mut fs);
    let mut text = String::new();
    let mut code = 0;
    for (_, out) in &outputs {
        code = out.exit_code;
        for (_, chunk) in &out.chunks {
            if chunk.contains(": command not found\n") || chunk.contains(NO_KUBECTL) {
                return None;
            }
            text.push_str(&chunk.replace(SLEEP_MARK, ""));
        }
    }
    Some((text, code, host.now_ms))
}

pub mod files;
mod files_cmd;
mod stress;

pub mod start;

#[cfg(test)]
mod tests;
