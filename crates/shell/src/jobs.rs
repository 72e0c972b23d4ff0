//! Background jobs (`CMD &`): bash's job table on the simulated clock. A job runs at once and
//! what it prints goes to the terminal; a command that holds on (`kubectl get -w`, `logs -f`,
//! `port-forward`) keeps its watch here and is polled through the host as time passes, and a
//! `sleep` ends at its moment. `jobs`, `kill`, `fg` and `wait` act on the table, and a job's end
//! is told (`[1]+  Done  ...`) after the next command line, as bash does before its prompt.

use super::Host;
use kubeplay_core::fs::Fs;
use kubeplay_core::output::{Forward, Output, WatchSpec};

/// What keeps a job running.
#[derive(Debug, Clone, PartialEq)]
pub enum Hold {
    /// A command that goes on printing until stopped (or until it ends by itself).
    Watch(WatchSpec),
    /// A `sleep`: over at this second of the simulated clock.
    Until(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum State {
    Running(Hold),
    /// Ended with this status (`Done`, `Exit N`).
    Done(i32),
    /// Ended by this signal (`kill`).
    Signalled(i32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: usize,
    pub pid: u32,
    pub text: String,
    pub state: State,
    /// The command line it ended in, and whether its end waits for the line after to be told
    /// (it ended at once, or by `kill`: bash's prompt came first).
    ended: Option<(u64, bool)>,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct Jobs {
    /// Not in a snapshot: one is taken only while no job runs (see `SavedShell`).
    #[serde(skip)]
    list: Vec<Job>,
    /// Command lines run so far.
    line: u64,
    last_pid: u32,
}

/// The first process id handed out: after the shell's own (`$$` is 4242).
const FIRST_PID: u32 = 4310;

/// Bash's names for the signals `kill` takes, with their numbers.
pub const SIGNALS: &[(&str, i32, &str)] = &[
    ("HUP", 1, "Hangup"),
    ("INT", 2, "Interrupt"),
    ("QUIT", 3, "Quit"),
    ("KILL", 9, "Killed"),
    ("USR1", 10, "User defined signal 1"),
    ("USR2", 12, "User defined signal 2"),
    ("TERM", 15, "Terminated"),
];

impl Jobs {
    /// A new job; its number and process id.
    pub fn start(&mut self, text: String, state: State) -> (usize, u32) {
        let id = self.list.iter().map(|j| j.id).max().unwrap_or(0) + 1;
        self.last_pid = match self.last_pid {
            0 => FIRST_PID,
            p => p + 1,
        };
        let ended = match state {
            State::Running(_) => None,
            _ => Some((self.line, true)),
        };
        self.list.push(Job {
            id,
            pid: self.last_pid,
            text,
            state,
            ended,
        });
        (id, self.last_pid)
    }

    /// A command line begins.
    pub fn next_line(&mut self) {
        self.line += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The forwards of running `port-forward` jobs.
    pub fn forwards(&self) -> impl Iterator<Item = &Forward> {
        self.list.iter().filter_map(|j| match &j.state {
            State::Running(Hold::Watch(w)) => w.forward.as_ref(),
            _ => None,
        })
    }

    /// The forward listening on `host:port` lost its connection to the pod (client-go closes
    /// it when a connection's stream fails): it ends as kubectl does.
    pub fn lose_forward(&mut self, host: &str, port: u16) -> bool {
        let found = self.list.iter_mut().find_map(|j| match &mut j.state {
            State::Running(Hold::Watch(w)) => w
                .forward
                .as_mut()
                .filter(|f| f.remote_for(host, port).is_some()),
            _ => None,
        });
        match found {
            Some(f) => {
                f.lost = true;
                true
            }
            None => false,
        }
    }

    /// The (address, port) pairs the running forwards listen on.
    pub fn listening(&self) -> Vec<(String, u16)> {
        self.forwards()
            .flat_map(|f| {
                f.addresses
                    .iter()
                    .flat_map(|a| f.ports.iter().map(move |(l, _)| (a.clone(), *l)))
            })
            .collect()
    }

    /// Let each running job catch up with the clock: what it printed, in job order.
    pub fn poll(&mut self, host: &mut dyn Host, fs: &mut dyn Fs) -> Output {
        let mut out = Output::new();
        let now = host.now();
        let line = self.line;
        for job in &mut self.list {
            let ended = match &mut job.state {
                State::Running(Hold::Until(t)) => (now >= *t).then_some(0),
                State::Running(Hold::Watch(spec)) => {
                    let (printed, end) = host.poll(spec, fs);
                    for (stream, text) in printed.chunks {
                        match stream {
                            kubeplay_core::output::Stream::Stdout => out.out(text),
                            kubeplay_core::output::Stream::Stderr => out.err(text),
                        }
                    }
                    end
                }
                _ => None,
            };
            if let Some(code) = ended {
                job.state = State::Done(code);
                job.ended = Some((line, false));
            }
        }
        out
    }

    /// Bash's notices for the jobs that ended (dropped from the table once told), as printed
    /// before the prompt after the current line.
    pub fn notices(&mut self) -> String {
        let line = self.line;
        let due = |j: &Job| matches!(j.ended, Some((l, deferred)) if l < line || !deferred);
        let mut out = String::new();
        for j in self.list.iter().filter(|j| due(j)) {
            out.push_str(&self.describe(j, false));
        }
        self.list.retain(|j| !due(j));
        out
    }

    /// `jobs`: every job, the ended ones told (and dropped) as `notices` would.
    pub fn listing(&mut self) -> String {
        let out: String = self.list.iter().map(|j| self.describe(j, true)).collect();
        self.list.retain(|j| j.ended.is_none());
        out
    }

    /// `[1]+  Running                 sleep 100 &`
    fn describe(&self, j: &Job, listing: bool) -> String {
        let status = match &j.state {
            State::Running(_) => "Running".to_string(),
            State::Done(0) => "Done".to_string(),
            State::Done(n) => format!("Exit {n}"),
            State::Signalled(s) => SIGNALS
                .iter()
                .find(|(_, n, _)| n == s)
                .map(|(_, _, name)| name.to_string())
                .unwrap_or_else(|| format!("Signal {s}")),
        };
        let amp = if listing && matches!(j.state, State::Running(_)) {
            " &"
        } else {
            ""
        };
        format!(
            "[{}]{}  {status:<22}  {}{amp}\n",
            j.id,
            self.mark(j.id),
            j.text
        )
    }

    /// `+` for the current job (the newest), `-` for the one before, else a space.
    fn mark(&self, id: usize) -> char {
        let n = self.list.len();
        match self.list.iter().position(|j| j.id == id) {
            Some(i) if i + 1 == n => '+',
            Some(i) if i + 2 == n => '-',
            _ => ' ',
        }
    }

    /// The job a jobspec names (`%1`, `%%`, `%+`, `%-`, `%kubectl`), or bash's reason.
    pub fn find(&self, spec: &str) -> Result<usize, String> {
        let n = self.list.len();
        let idx = match spec {
            "%%" | "%+" | "%" => n.checked_sub(1),
            "%-" => n.checked_sub(2).or(n.checked_sub(1)),
            _ => match spec.strip_prefix('%').map(str::parse::<usize>) {
                Some(Ok(id)) => self.list.iter().position(|j| j.id == id),
                _ => {
                    let prefix = spec.trim_start_matches('%');
                    self.list.iter().position(|j| j.text.starts_with(prefix))
                }
            },
        };
        idx.ok_or_else(|| {
            if matches!(spec, "%%" | "%+" | "%") {
                "current: no such job".to_string()
            } else {
                format!("{spec}: no such job")
            }
        })
    }

    /// The job with this process id.
    pub fn by_pid(&self, pid: u32) -> Option<usize> {
        self.list.iter().position(|j| j.pid == pid)
    }

    pub fn get(&self, idx: usize) -> Option<&Job> {
        self.list.get(idx)
    }

    /// `kill`: a running job ends by the signal, told after the next line.
    pub fn signal(&mut self, idx: usize, sig: i32) {
        let line = self.line;
        if let Some(j) = self.list.get_mut(idx) {
            if matches!(j.state, State::Running(_)) {
                j.state = State::Signalled(sig);
                j.ended = Some((line, true));
            }
        }
    }

    /// `fg`, `wait`: the job leaves the table.
    pub fn take(&mut self, idx: usize) -> Option<Job> {
        (idx < self.list.len()).then(|| self.list.remove(idx))
    }

    /// The latest moment a running `sleep` job ends.
    pub fn last_deadline(&self) -> Option<i64> {
        self.list
            .iter()
            .filter_map(|j| match j.state {
                State::Running(Hold::Until(t)) => Some(t),
                _ => None,
            })
            .max()
    }
}
