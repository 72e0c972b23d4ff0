//! What a command printed: stdout and stderr chunks in the order they happened, and the exit code.
//! Shared by kubectl, the shell and the front ends (terminal, CLI, tests).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub exit_code: i32,
    /// `clear` was run: the terminal should wipe its screen before showing chunks.
    pub clear: bool,
    /// `kubectl get -w` listed and now waits for changes: a front end that can be interrupted
    /// (the web terminal) keeps polling it; others just ignore it.
    pub watch: Option<WatchSpec>,
}

/// What an interrupted-by-Ctrl-C `kubectl get -w` keeps watching: the same command, and the rows
/// of the objects it has already shown, so a poll prints only what changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WatchSpec {
    /// kubectl's argv, re-run on every poll.
    pub args: Vec<String>,
    pub seen: Vec<WatchRow>,
    /// `kubectl port-forward`: what listens on the learner's machine while it runs.
    pub forward: Option<Forward>,
}

/// A running `kubectl port-forward`: local ports that lead to one pod's ports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forward {
    pub namespace: String,
    pub pod: String,
    /// The pod forwarded to: a new pod of the same name is another pod.
    pub uid: String,
    /// (local, remote) pairs, in the order given.
    pub ports: Vec<(u16, u16)>,
    /// The addresses listened on (`127.0.0.1`, `::1`, `0.0.0.0`, ...).
    pub addresses: Vec<String>,
    /// The pod went away: kubectl printed its error and ended with status 1.
    pub lost: bool,
}

impl Forward {
    /// The pod port a connection to `host:port` on this machine reaches, if this forward
    /// listens there.
    pub fn remote_for(&self, host: &str, port: u16) -> Option<u16> {
        if self.lost {
            return None;
        }
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let listens = self.addresses.iter().any(|a| {
            a == host
                || a == "0.0.0.0"
                || a == "::"
                || (host == "localhost" && (a == "127.0.0.1" || a == "::1"))
        });
        let remote = self.ports.iter().find(|(l, _)| *l == port).map(|(_, r)| *r);
        remote.filter(|_| listens)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WatchRow {
    /// namespace/name (with the type, when several types are watched).
    pub key: String,
    pub resource_version: String,
    /// The object's row, aligned on its own, with its newline.
    pub row: String,
}

impl Output {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn out(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Stdout, s.as_ref());
    }
    pub fn err(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Stderr, s.as_ref());
    }
    fn push(&mut self, stream: Stream, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((st, text)) if *st == stream => text.push_str(s),
            _ => self.chunks.push((stream, s.to_string())),
        }
    }
    pub fn append(&mut self, other: Output) {
        for (st, s) in other.chunks {
            self.push(st, &s);
        }
        self.exit_code = other.exit_code;
        self.clear |= other.clear;
        // Only the last command of a line may keep watching, as only it would still hold the
        // terminal in a real shell.
        self.watch = other.watch;
    }
    pub fn stdout(&self) -> String {
        self.collect(Some(Stream::Stdout))
    }
    pub fn stderr(&self) -> String {
        self.collect(Some(Stream::Stderr))
    }
    pub fn combined(&self) -> String {
        self.collect(None)
    }
    fn collect(&self, only: Option<Stream>) -> String {
        self.chunks
            .iter()
            .filter(|(st, _)| only.is_none_or(|o| o == *st))
            .map(|(_, s)| s.as_str())
            .collect()
    }
}
