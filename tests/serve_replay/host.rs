//! The shell's host for a replay on real kubectl: `kubectl` (and `minikube kubectl --`) is the
//! real binary talking to `kubeplay serve`, run in a directory holding the shell's files; `sleep`,
//! `minikube` and `curl` act on the served cluster through its thread, as the playground's own
//! host does.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use kubeplay::fs::Fs;
use kubeplay::output::{Output, Stream, WatchSpec};
use kubeplay::serve::actor::ClusterHandle;
use kubeplay::shell::Host;
use kubeplay_core::http;

/// A command that keeps running (a watch, a followed log, a forward) is stopped after this long.
const FOLLOW_FOR: Duration = Duration::from_secs(3);
/// Anything else is stopped after this long, as hung.
const AT_MOST: Duration = Duration::from_secs(30);

pub struct RealHost {
    pub kubectl: PathBuf,
    pub cluster: ClusterHandle,
    /// The kubectl's home: its kubeconfig and discovery cache.
    pub home: PathBuf,
    /// The working directory: the shell's files are written here before each run.
    pub work: PathBuf,
    /// How many real kubectl commands ran.
    pub runs: usize,
}

/// Whether these arguments make kubectl run until stopped.
fn follows(args: &[String]) -> bool {
    let has = |f: &str| {
        args.iter()
            .any(|a| a == f || a.starts_with(&format!("{f}=")))
    };
    let first = args.first().map(String::as_str).unwrap_or("");
    has("-w")
        || has("--watch")
        || has("--watch-only")
        || (first == "logs" && (has("-f") || has("--follow")))
        || matches!(first, "port-forward" | "attach" | "proxy")
        || (has("-it") || has("-ti") || has("-i") || has("--stdin"))
}

/// Every file of `fs`, written under `to` (directories walked once each: a listing may name
/// its own directory).
fn write_tree(fs: &dyn Fs, to: &Path) {
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![String::new()];
    while let Some(dir) = todo.pop() {
        if !seen.insert(dir.clone()) || seen.len() > 10_000 {
            continue;
        }
        for p in fs.list_dir(&dir).unwrap_or_default() {
            if fs.is_dir(&p) {
                todo.push(p);
            } else if let Ok(text) = fs.read(&p) {
                let dest = to.join(p.trim_start_matches('/'));
                if let Some(parent) = dest.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                let _ = std::fs::write(dest, text);
            }
        }
    }
}

/// Files real kubectl wrote under `from` (`kubectl cp` from a pod) read back into `fs`.
fn read_back(from: &Path, fs: &mut dyn Fs) {
    let mut todo = vec![from.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
                continue;
            }
            let (Ok(rel), Ok(text)) = (p.strip_prefix(from), std::fs::read_to_string(&p)) else {
                continue;
            };
            let rel = rel.to_string_lossy();
            if fs.read(&rel).ok().as_deref() != Some(text.as_str()) {
                let _ = fs.write(&rel, &text);
            }
        }
    }
}

impl RealHost {
    /// Run the real kubectl with `args`, its stdout and stderr in the order it wrote them.
    fn run(&mut self, args: &[String], stdin: Option<&str>, fs: &mut dyn Fs) -> Output {
        self.runs += 1;
        write_tree(fs, &self.work);
        // Named `kubectl`, as `--record` writes the program's name into the change cause.
        let link = self.home.join("bin/kubectl");
        if !link.exists() {
            let _ = std::fs::create_dir_all(self.home.join("bin"));
            let _ = std::os::unix::fs::symlink(&self.kubectl, &link);
        }
        let mut cmd = Command::new(&link);
        cmd.args(args)
            .current_dir(&self.work)
            .env_clear()
            .env("HOME", &self.home)
            .env("KUBECONFIG", self.home.join(".kube/config"))
            .env("EDITOR", "false")
            .env("PATH", "/usr/bin:/bin")
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut out = Output::new();
        let Ok(mut child) = cmd.spawn() else {
            out.err("replay: real kubectl did not start\n");
            out.exit_code = 127;
            return out;
        };
        if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
            let text = text.to_string();
            std::thread::spawn(move || {
                let _ = std::io::Write::write_all(&mut pipe, text.as_bytes());
            });
        }
        let (tx, rx) = channel();
        for (stream, pipe) in [
            (
                Stream::Stdout,
                child
                    .stdout
                    .take()
                    .map(|p| Box::new(p) as Box<dyn Read + Send>),
            ),
            (
                Stream::Stderr,
                child
                    .stderr
                    .take()
                    .map(|p| Box::new(p) as Box<dyn Read + Send>),
            ),
        ] {
            let (tx, Some(mut pipe)) = (tx.clone(), pipe) else {
                continue;
            };
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n @ 1..) = pipe.read(&mut buf) {
                    let _ = tx.send((stream, buf[..n].to_vec()));
                }
            });
        }
        drop(tx);
        let limit = if follows(args) { FOLLOW_FOR } else { AT_MOST };
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(s)) => break s.code().unwrap_or(1),
                Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(5)),
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break 0;
                }
            }
        };
        let (mut text, mut last) = (Vec::new(), None);
        for (stream, bytes) in rx {
            if last.is_some_and(|l| l != stream) {
                push(&mut out, last, &mut text);
            }
            last = Some(stream);
            text.extend(bytes);
        }
        push(&mut out, last, &mut text);
        out.exit_code = status;
        read_back(&self.work, fs);
        if start.elapsed() > Duration::from_secs(2) {
            eprintln!(
                "serve_replay: slow ({:?}): kubectl {}",
                start.elapsed(),
                args.join(" ")
            );
        }
        out
    }
}

fn push(out: &mut Output, stream: Option<Stream>, text: &mut Vec<u8>) {
    let s = String::from_utf8_lossy(text).into_owned();
    text.clear();
    match stream {
        Some(Stream::Stdout) => out.out(s),
        Some(Stream::Stderr) => out.err(s),
        None => {}
    }
}

impl Host for RealHost {
    fn kubectl(&mut self, args: &[String], stdin: Option<&str>, fs: &mut dyn Fs) -> Output {
        self.run(args, stdin, fs)
    }

    fn sleep(&mut self, seconds: f64) {
        let secs = if seconds.is_finite() && seconds > 0.0 {
            seconds.ceil().min(1e9) as i64
        } else {
            0
        };
        self.cluster.with(move |c| c.advance(secs));
    }

    fn command(
        &mut self,
        name: &str,
        args: &[String],
        stdin: Option<&str>,
        fs: &mut dyn Fs,
    ) -> Option<Output> {
        if name != "minikube" {
            return None;
        }
        if args.first().map(String::as_str) == Some("kubectl") {
            let rest = args.get(1..).unwrap_or_default();
            let rest = rest.strip_prefix(&["--".to_string()]).unwrap_or(rest);
            return Some(self.run(rest, stdin, fs));
        }
        let args = args.to_vec();
        self.cluster.with(move |c| c.minikube(&args)).flatten()
    }

    fn now(&self) -> i64 {
        self.cluster.with(|c| c.now().0).unwrap_or(0)
    }

    fn poll(&mut self, _spec: &mut WatchSpec, _fs: &mut dyn Fs) -> (Output, Option<i32>) {
        (Output::new(), Some(0))
    }

    fn http_clients(&self) -> bool {
        true
    }

    fn http(&mut self, req: &http::Request) -> Result<http::Response, http::Failure> {
        let req = req.clone();
        self.cluster
            .with(move |c| c.http_from_laptop(&req))
            .unwrap_or(Err(http::Failure::Resolve))
    }
}
