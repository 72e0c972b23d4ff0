//! The page's model: one `Playground` plus what the page adds around it — the terminal's screen
//! and history, the editor's open file, and the log that lets a reload rebuild the same cluster.
//!
//! Persistence replays rather than serializes: every command line (with the files as they were and
//! the time it ran) and every background tick that changed something is logged; on reload the log
//! is fed to a fresh cluster on a clock pinned to those times, so uids, IPs, ages and events come
//! back exactly as they were.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::clock::BrowserClock;
use super::files::{SharedFs, SAMPLE, SAMPLE_NAME};
use super::storage;
use crate::api::{ApiRequest, Transport};
use crate::fs::{Fs, MemFs};
use crate::kubectl;
use crate::output::{Output, Stream};
use crate::playground::Playground;
use crate::profile::Profile;
use crate::shell::Feed;

const MAX_SCREEN: usize = 4000;
const MAX_HISTORY: usize = 500;
const MAX_LINE: usize = 64 * 1024;
pub const PROMPT: &str = "$ ";

#[derive(Clone, PartialEq)]
pub enum Seg {
    /// A line as typed, after the prompt it was typed at.
    Echo(String, String),
    Out(String),
    Err(String),
    /// The page's own remarks (completion lists, `^C`).
    Note(String),
}

#[derive(Serialize, Deserialize, Clone, Default)]
struct Entry {
    t: i64,
    /// A line fed to the shell; absent for a background tick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<String>,
    /// The files, when they changed since the previous entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    files: Option<Vec<(String, String)>>,
    /// Ctrl-C dropped an open heredoc: the shell starts over.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    cancel: bool,
}

#[derive(Serialize, Deserialize, Default)]
struct ClusterLog {
    start: i64,
    entries: Vec<Entry>,
}

#[derive(Serialize, Deserialize, Default)]
struct SavedFiles {
    files: Vec<(String, String)>,
    active: String,
}

/// One row of a table the API server rendered (`kubectl get`'s columns).
#[derive(Clone, PartialEq)]
pub struct Row {
    pub name: String,
    pub namespace: String,
    pub cells: Vec<String>,
}

#[derive(Clone, PartialEq, Default)]
pub struct ClusterData {
    pub nodes: Vec<Row>,
    pub namespaces: Vec<Row>,
    pub pods: Vec<Row>,
    pub pod_columns: Vec<String>,
    pub error: Option<String>,
}

pub struct Engine {
    /// None until the cluster boots: right after the first paint, or at the first use before it.
    pg: Option<Playground>,
    /// The saved log a reload replays when the cluster boots.
    pending: Option<ClusterLog>,
    pub files: SharedFs,
    clock: BrowserClock,
    log: ClusterLog,
    logged_files: Vec<(String, String)>,
    last_rv: u64,
    pub screen: Vec<Seg>,
    pub history: Vec<String>,
    /// `Some("> ")` while a heredoc or quote is open.
    pub continuation: Option<String>,
    pub active: String,
    pub notice: Option<String>,
    /// Bumped whenever the cluster or files change, so views know to refresh.
    pub revision: u64,
    /// Bumped whenever the terminal's screen changes.
    pub screen_rev: u64,
}

fn snapshot(fs: &MemFs) -> Vec<(String, String)> {
    fs.paths()
        .map(|p| (p.to_string(), fs.read(p).unwrap_or_default()))
        .collect()
}

fn mem_from(files: &[(String, String)]) -> MemFs {
    files
        .iter()
        .fold(MemFs::new(), |fs, (p, c)| fs.with_file(p, c))
}

impl Engine {
    /// The engine as the last visit left it, or a fresh one.
    pub fn restore() -> Engine {
        super::mark("kubeplay:restore");
        let mut notice = None;
        let mut note = |r: Result<Option<String>, String>| match r {
            Ok(v) => v,
            Err(e) => {
                notice = Some(format!("{e}: your work will not survive a reload."));
                None
            }
        };
        let log: Option<ClusterLog> =
            note(storage::load("cluster")).and_then(|s| serde_json::from_str(&s).ok());
        let saved: Option<SavedFiles> =
            note(storage::load("files")).and_then(|s| serde_json::from_str(&s).ok());
        let history: Vec<String> = note(storage::load("history"))
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();

        let mut e = Engine::fresh(log.as_ref().map(|l| l.start));
        e.pending = log;
        match saved {
            Some(s) if !s.files.is_empty() => {
                *e.files.0.borrow_mut() = mem_from(&s.files);
                e.active = if s.files.iter().any(|(p, _)| *p == s.active) {
                    s.active
                } else {
                    s.files[0].0.clone()
                };
            }
            _ => {}
        }
        e.history = history;
        e.notice = notice;
        super::mark("kubeplay:restored");
        e
    }

    /// Everything but the cluster, which `pg` boots on first use: the page paints its prompt
    /// before paying for the boot (and for compiling the code the boot runs).
    fn fresh(start: Option<i64>) -> Engine {
        let clock = BrowserClock::default();
        let start = start.unwrap_or_else(BrowserClock::wall);
        let files = SharedFs::default();
        files.0.borrow_mut().write(SAMPLE_NAME, SAMPLE).ok();
        Engine {
            pg: None,
            pending: None,
            files,
            clock,
            log: ClusterLog {
                start,
                entries: Vec::new(),
            },
            // Empty, so the first logged command carries the files it ran with.
            logged_files: Vec::new(),
            last_rv: 0,
            screen: Vec::new(),
            history: Vec::new(),
            continuation: None,
            active: SAMPLE_NAME.to_string(),
            notice: None,
            revision: 0,
            screen_rev: 0,
        }
    }

    /// The cluster, booted (and the saved log replayed) if this is its first use.
    fn pg(&mut self) -> &mut Playground {
        let pg = match self.pg.take() {
            Some(pg) => pg,
            None => self.boot(),
        };
        self.pg.insert(pg)
    }

    fn boot(&mut self) -> Playground {
        super::mark("kubeplay:boot");
        self.clock.pin(self.log.start);
        let mut pg = Playground::new(
            Profile::minikube(),
            Box::new(self.clock.clone()),
            Box::new(self.files.clone()),
        );
        match self.pending.take() {
            Some(log) => {
                // The log replays the files as each command saw them; the editor's are newer.
                let current = snapshot(&self.files.0.borrow());
                self.replay(&mut pg, log);
                *self.files.0.borrow_mut() = mem_from(&current);
            }
            None => {
                self.clock.resume();
                self.last_rv = pg.cluster.api.store().current_resource_version();
            }
        }
        super::mark("kubeplay:booted");
        pg
    }

    /// Boot now if nothing needed the cluster yet (the page calls this once it has painted).
    pub fn boot_now(&mut self) {
        self.pg();
    }

    fn replay(&mut self, pg: &mut Playground, log: ClusterLog) {
        for entry in &log.entries {
            self.clock.pin(entry.t);
            if let Some(files) = &entry.files {
                *self.files.0.borrow_mut() = mem_from(files);
            }
            if entry.cancel {
                pg.shell.cancel();
                continue;
            }
            match &entry.line {
                Some(line) => {
                    pg.feed_line(line);
                }
                None => pg.cluster.tick(),
            }
        }
        self.clock.resume();
        // A watch left running before the reload is not resumed (it changed nothing).
        pg.stop_watch();
        self.continuation = None;
        self.logged_files = snapshot(&self.files.0.borrow());
        self.last_rv = pg.cluster.api.store().current_resource_version();
        self.log = log;
    }

    /// Start over with a fresh cluster; files and history stay.
    pub fn reset_cluster(&mut self) {
        let files = snapshot(&self.files.0.borrow());
        let mut e = Engine::fresh(None);
        *e.files.0.borrow_mut() = mem_from(&files);
        e.active = std::mem::take(&mut self.active);
        e.history = std::mem::take(&mut self.history);
        e.notice = self.notice.take();
        e.revision = self.revision + 1;
        e.screen = std::mem::take(&mut self.screen);
        e.screen_rev = self.screen_rev + 1;
        e.screen.push(Seg::Note("The cluster was reset.\n".into()));
        *self = e;
        self.save_cluster();
    }

    fn record(&mut self, line: Option<String>) {
        let now = snapshot(&self.files.0.borrow());
        let files = if line.is_some() && now != self.logged_files {
            self.logged_files = now.clone();
            Some(now)
        } else {
            None
        };
        // The browser's time, without `sleep`'s offset: replaying the same `sleep` adds it back.
        let t = crate::clock::Clock::now(&self.clock).0;
        self.log.entries.push(Entry {
            t,
            line,
            files,
            cancel: false,
        });
    }

    fn rv(&self) -> u64 {
        match &self.pg {
            Some(pg) => pg.cluster.api.store().current_resource_version(),
            None => self.last_rv,
        }
    }

    /// Log a background change (controllers acting as time passes) so replay repeats it.
    fn note_background(&mut self) {
        let rv = self.rv();
        if rv != self.last_rv {
            self.last_rv = rv;
            self.record(None);
            self.revision += 1;
            self.save_cluster();
        }
    }

    /// The page's heartbeat: let simulated time follow the browser's.
    pub fn tick(&mut self) {
        let pg = self.pg();
        pg.cluster.tick();
        if let Some(rows) = pg.poll_watch() {
            if !rows.chunks.is_empty() {
                self.show(rows);
            }
        }
        self.note_background();
    }

    /// A `kubectl get -w` holds the terminal: no prompt until Ctrl-C.
    pub fn watching(&self) -> bool {
        self.pg.as_ref().is_some_and(Playground::is_watching)
    }

    /// Run one line typed at the prompt.
    pub fn submit(&mut self, line: &str) {
        let line: String = line.chars().take(MAX_LINE).collect();
        let prompt = self
            .continuation
            .clone()
            .unwrap_or_else(|| PROMPT.to_string());
        self.echo(&prompt, &line);
        if !line.trim().is_empty() && self.history.last() != Some(&line) {
            self.history.push(line.clone());
            if self.history.len() > MAX_HISTORY {
                self.history.remove(0);
            }
            self.save_history();
        }
        if self.continuation.is_none() && line.trim() == "clear" {
            self.clear_screen();
            return;
        }
        // Booting replays the saved log, which must not drop the entry recorded next.
        self.pg();
        self.note_background();
        self.record(Some(line.clone()));
        match self.pg().feed_line(&line) {
            Feed::Done(out) => {
                self.continuation = None;
                self.show(out);
            }
            Feed::More(p) => self.continuation = Some(p),
        }
        self.last_rv = self.rv();
        self.revision += 1;
        self.save_cluster();
    }

    /// Ctrl-C: drop the line (and any open heredoc) as a shell does.
    pub fn interrupt(&mut self, line: &str) {
        if self.watching() {
            // Stopping a watch changes nothing in the cluster, so nothing is logged.
            self.pg().stop_watch();
            self.note("^C\n".into());
            return;
        }
        let prompt = self
            .continuation
            .clone()
            .unwrap_or_else(|| PROMPT.to_string());
        self.echo(&prompt, &format!("{line}^C"));
        if self.continuation.take().is_some() {
            // Drop the open heredoc or quote; the shell keeps its variables.
            self.pg().shell.cancel();
            let t = crate::clock::Clock::now(&self.clock).0;
            self.log.entries.push(Entry {
                t,
                cancel: true,
                ..Entry::default()
            });
            self.save_cluster();
        }
    }

    pub fn clear_screen(&mut self) {
        self.screen.clear();
        self.screen_rev += 1;
    }

    pub fn echo(&mut self, prompt: &str, line: &str) {
        self.screen
            .push(Seg::Echo(prompt.to_string(), line.to_string()));
        self.trim_screen();
    }

    pub fn note(&mut self, text: String) {
        self.screen.push(Seg::Note(text));
        self.trim_screen();
    }

    fn show(&mut self, out: Output) {
        if out.clear {
            self.screen.clear();
        }
        for (stream, text) in out.chunks {
            self.screen.push(match stream {
                Stream::Stdout => Seg::Out(text),
                Stream::Stderr => Seg::Err(text),
            });
        }
        self.trim_screen();
    }

    fn trim_screen(&mut self) {
        self.screen_rev += 1;
        if self.screen.len() > MAX_SCREEN {
            let extra = self.screen.len() - MAX_SCREEN;
            self.screen.drain(..extra);
        }
    }

    /// kubectl run outside the terminal (the cluster view, completion): same session, same
    /// cluster, nothing printed or logged.
    pub fn kubectl_quiet(&mut self, args: &[&str]) -> Output {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let mut fs = self.files.clone();
        let pg = self.pg();
        let out = kubectl::run(&mut pg.session, &args, &mut pg.cluster, &mut fs, None);
        self.note_background();
        out
    }

    /// What the cluster view shows, asked of the API server as kubectl would (server-side tables).
    pub fn cluster_data(&mut self) -> ClusterData {
        let mut data = ClusterData::default();
        let pg = self.pg();
        let mut table = |path: &str| -> Result<(Vec<String>, Vec<Row>), String> {
            let resp = pg
                .cluster
                .call(ApiRequest::get(path).with_accept(kubectl::client::TABLE_ACCEPT));
            let v: Value = serde_json::from_str(&resp.body).unwrap_or(Value::Null);
            if !resp.is_success() {
                return Err(v["message"]
                    .as_str()
                    .unwrap_or("request failed")
                    .to_string());
            }
            Ok(parse_table(&v))
        };
        let mut error = None;
        match table("/api/v1/nodes") {
            Ok((_, rows)) => data.nodes = rows,
            Err(e) => error = Some(e),
        }
        match table("/api/v1/namespaces") {
            Ok((_, rows)) => data.namespaces = rows,
            Err(e) => error = Some(e),
        }
        match table("/api/v1/pods") {
            Ok((cols, rows)) => {
                data.pod_columns = cols;
                data.pods = rows;
            }
            Err(e) => error = Some(e),
        }
        data.error = error;
        self.note_background();
        data
    }

    // Files (the editor's tabs).

    pub fn file_names(&self) -> Vec<String> {
        self.files.0.borrow().paths().map(String::from).collect()
    }

    pub fn read_file(&self, name: &str) -> String {
        self.files.0.borrow().read(name).unwrap_or_default()
    }

    pub fn write_file(&mut self, name: &str, text: &str) {
        self.files.0.borrow_mut().write(name, text).ok();
        self.save_files();
    }

    pub fn new_file(&mut self) -> String {
        let names = self.file_names();
        let name = (1..)
            .map(|i| format!("file{i}.yaml"))
            .find(|n| !names.contains(n))
            .unwrap_or_else(|| "new.yaml".into());
        self.files.0.borrow_mut().write(&name, "").ok();
        self.active = name.clone();
        self.save_files();
        name
    }

    pub fn rename_file(&mut self, from: &str, to: &str) -> Result<(), String> {
        let to = to.trim();
        if to.is_empty() || to.contains(char::is_whitespace) {
            return Err("a file name cannot be empty or contain spaces".into());
        }
        if to != from && self.file_names().iter().any(|n| n == to) {
            return Err(format!("{to} already exists"));
        }
        self.files.0.borrow_mut().rename(from, to);
        if self.active == from {
            self.active = to.to_string();
        }
        self.save_files();
        Ok(())
    }

    pub fn delete_file(&mut self, name: &str) {
        self.files.0.borrow_mut().remove(name);
        if self.file_names().is_empty() {
            self.files.0.borrow_mut().write("file1.yaml", "").ok();
        }
        if self.active == name {
            self.active = self.file_names().first().cloned().unwrap_or_default();
        }
        self.save_files();
    }

    pub fn set_active(&mut self, name: &str) {
        self.active = name.to_string();
        self.save_files();
    }

    // Storage.

    fn saved(&mut self, r: Result<(), String>) {
        match r {
            Ok(()) => {}
            Err(e) => {
                self.notice = Some(format!("{e}: your work will not survive a reload."));
            }
        }
    }

    pub fn save_files(&mut self) {
        let s = SavedFiles {
            files: snapshot(&self.files.0.borrow()),
            active: self.active.clone(),
        };
        let r = storage::save("files", &serde_json::to_string(&s).unwrap_or_default());
        self.saved(r);
    }

    fn save_history(&mut self) {
        let r = storage::save(
            "history",
            &serde_json::to_string(&self.history).unwrap_or_default(),
        );
        self.saved(r);
    }

    fn save_cluster(&mut self) {
        let r = storage::save(
            "cluster",
            &serde_json::to_string(&self.log).unwrap_or_default(),
        );
        self.saved(r);
    }
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<none>".into(),
        other => other.to_string(),
    }
}

fn parse_table(v: &Value) -> (Vec<String>, Vec<Row>) {
    let cols = v["columnDefinitions"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| c["name"].as_str().unwrap_or("").to_uppercase())
                .collect()
        })
        .unwrap_or_default();
    let rows = v["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| Row {
                    name: r["object"]["metadata"]["name"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                    namespace: r["object"]["metadata"]["namespace"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                    cells: r["cells"]
                        .as_array()
                        .map(|c| c.iter().map(cell_text).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    (cols, rows)
}
