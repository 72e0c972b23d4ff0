//! The engine: one `Playground` plus what the page adds around it — the terminal's screen and
//! history, the editor's files, and the command log that lets a reload rebuild the same cluster
//! (see `log`). Storage and the wall clock are given to it, so tests drive it like the page does.
//!
//! The cluster boots lazily: the page paints its prompt before paying for the boot (and for
//! compiling the code the boot runs), then boots it right after, or at the first use before that.

mod time;

use std::rc::Rc;

use super::clock::{Pace, PageClock};
use super::embed::Ran;
use super::files::{Files, SavedFiles, Snapshot};
use super::history::History;
use super::log::{ClusterLog, EditEnd, Entry, MAX_LINE};
use super::screen::Screen;
use super::snapshot;
use super::storage::{self, Persisted, Storage};
use super::words::Words;
use crate::clock::Clock;
use crate::cluster::Cluster;
use crate::kubectl;
use crate::output::Output;
use crate::playground::Playground;
use crate::profile::Profile;
use crate::shell::Feed;

pub const PROMPT: &str = "$ ";

/// A snapshot is taken once the log has this many entries it does not cover...
const SNAPSHOT_ENTRIES: usize = 50;
/// ...or the store this many writes it does not hold (a big Deployment's pods starting), as
/// replaying those is what makes a reload slow.
const SNAPSHOT_WRITES: u64 = 1000;
/// How much of the simulator's work one slice does (keys synced and timer moments walked): a
/// thousand pods starting are spread over frames, each well under a frame's time.
pub const SLICE: usize = 8;

/// What the page gives the engine: where to keep its state, what time it is, and where to leave
/// performance marks (the timing script reads them to say where the time to a prompt goes).
pub struct Setup {
    pub storage: Box<dyn Storage>,
    pub wall: Rc<dyn Clock>,
    pub mark: fn(&str),
}

pub struct Engine {
    /// None until the cluster boots.
    pg: Option<Playground>,
    /// The saved log a reload replays when the cluster boots.
    pending: Option<ClusterLog>,
    /// The saved snapshot that spares replaying the start of `pending`, if it belongs to it.
    pending_snapshot: Option<Vec<u8>>,
    /// The log's length and the store's resourceVersion the last snapshot held (or the boot).
    snapped: (usize, u64),
    files: Files,
    clock: PageClock,
    store: Persisted,
    mark: fn(&str),
    log: ClusterLog,
    /// The files as the last logged command saw them.
    logged_files: Snapshot,
    /// The store's resourceVersion when the log last caught up with the cluster.
    last_rv: u64,
    screen: Screen,
    history: History,
    /// `Some("> ")` while a heredoc or quote is open.
    continuation: Option<String>,
    /// The prompt of the container shell `kubectl exec -it` attached, while it is open.
    container_prompt: Option<String>,
    /// Commands finished since `take_ran`, kept only for a host page that listens (embeds).
    ran: Option<Vec<Ran>>,
    /// The lines of a command still open (a heredoc), for `ran`.
    typed: String,
    /// `why` refuses: an exam, or an exercise that says so, is open.
    why_hidden: bool,
    /// A `kubectl edit` (re)opened this file in the editor since `take_edit_opened`.
    edit_opened: Option<String>,
    /// The tab that was open when a `kubectl edit` opened its file: open again once it ends.
    edit_return: Option<String>,
    /// The wall clock's moment of the reconcile a tick began and its slices have not finished:
    /// logged at that moment once it ends, so a reload replays it at the same moment. None
    /// while what is unfinished is the rest of a command's (part of that command).
    tick_at: Option<i64>,
}

impl Engine {
    /// The engine as the last visit left it, or a fresh one.
    pub fn restore(setup: Setup) -> Engine {
        (setup.mark)("kubeplay:restore");
        let mut store = Persisted::new(setup.storage);
        let pending =
            store
                .load_text(storage::CLUSTER)
                .and_then(|text| match ClusterLog::parse(&text) {
                    Ok(log) => Some(log),
                    Err(e) => {
                        store.notice = Some(format!("{e}; a fresh cluster was started."));
                        None
                    }
                });
        let pending_snapshot = pending
            .as_ref()
            .and_then(|_| store.load_bytes(storage::SNAPSHOT));
        let files = Files::from_saved(store.load(storage::FILES));
        let history = store.load(storage::HISTORY).unwrap_or_default();
        let clock = PageClock::new(setup.wall);
        let start = pending.as_ref().map_or_else(|| clock.wall(), |l| l.start);
        let log = ClusterLog::new(start, pending.as_ref().map_or("minikube", |l| l.profile()));
        (setup.mark)("kubeplay:restored");
        Engine {
            pg: None,
            pending,
            pending_snapshot,
            snapped: (0, 0),
            files,
            clock,
            store,
            mark: setup.mark,
            log,
            // Empty, so the first logged command carries the files it ran with.
            logged_files: Vec::new(),
            last_rv: 0,
            screen: Screen::default(),
            history,
            continuation: None,
            container_prompt: None,
            ran: None,
            typed: String::new(),
            why_hidden: false,
            edit_opened: None,
            edit_return: None,
            tick_at: None,
        }
    }

    /// The cluster, booted (and the saved log replayed) if this is its first use, with what the
    /// tick's slices left finished first: whoever asks it starts from a cluster caught up.
    fn pg(&mut self) -> &mut Playground {
        self.finish_slices();
        self.pg_as_is()
    }

    /// The cluster, booted if needed, as the last slice left it.
    fn pg_as_is(&mut self) -> &mut Playground {
        let pg = match self.pg.take() {
            Some(pg) => pg,
            None => self.boot(),
        };
        self.pg.insert(pg)
    }

    fn boot(&mut self) -> Playground {
        (self.mark)("kubeplay:boot");
        self.clock.pin(self.log.start);
        self.clock.set_pace(Pace::default());
        let snapshot = self.pending_snapshot.take();
        let mut pg = match self.pending.take() {
            Some(log) => {
                // The log replays the files as each command saw them; the editor's are newer.
                let current = self.files.snapshot();
                let (mut pg, covered) = match snapshot.and_then(|s| self.restore_snapshot(&s, &log))
                {
                    Some(restored) => restored,
                    None => (self.fresh_playground(), 0),
                };
                self.snapped = (covered, self.rv_of(&pg));
                self.replay(&mut pg, log, covered);
                self.files.replace(&current);
                pg
            }
            None => {
                let pg = self.fresh_playground();
                self.clock.resume();
                self.last_rv = self.rv_of(&pg);
                self.snapped = (0, self.last_rv);
                pg
            }
        };
        pg.why_hidden = self.why_hidden;
        // Replayed at once; from now on what a write sets off is sliced across frames.
        pg.cluster.slice = Some(SLICE);
        (self.mark)("kubeplay:booted");
        pg
    }

    fn fresh_playground(&self) -> Playground {
        let profile = Profile::by_name(self.profile()).unwrap_or_else(Profile::minikube);
        Playground::new(
            profile,
            Box::new(self.clock.clone()),
            Box::new(self.files.fs()),
        )
    }

    /// The playground a stored snapshot of `log` holds, with the entries it covers; None (the
    /// whole log is replayed) when it is of another log or version, or damaged.
    fn restore_snapshot(&mut self, bytes: &[u8], log: &ClusterLog) -> Option<(Playground, usize)> {
        (self.mark)("kubeplay:snapshot-restore");
        let restored = snapshot::restore(
            bytes,
            log,
            Box::new(self.clock.clone()),
            Box::new(self.files.fs()),
        );
        let Ok((pg, covered)) = restored else {
            (self.mark)("kubeplay:snapshot-refused");
            return None;
        };
        (self.mark)("kubeplay:snapshot-restored");
        let mut pg = pg;
        // The pace the covered entries left (paused, 10×), which the snapshot's cluster holds
        // only as its pause flag: the clock is the engine's.
        let seen = log.entries.get(..covered).unwrap_or_default();
        if let Some(pace) = seen.iter().rev().find_map(|e| e.clock) {
            time::follow(&self.clock, &mut pg, pace, false);
        }
        // The files as the last covered command saw them, for the commands replayed after it.
        if let Some(files) = seen.iter().rev().find_map(|e| e.files.as_ref()) {
            self.files.replace(files);
        }
        Some((pg, covered))
    }

    fn rv_of(&self, pg: &Playground) -> u64 {
        pg.cluster.api.store().current_resource_version()
    }

    /// Boot now if nothing needed the cluster yet (the page calls this once it has painted).
    pub fn boot_now(&mut self) {
        self.pg();
    }

    /// Replay the log's entries from `from` on (those before are in the playground already).
    fn replay(&mut self, pg: &mut Playground, log: ClusterLog, from: usize) {
        for entry in log.entries.get(from..).unwrap_or_default() {
            self.clock.pin(entry.t);
            if let Some(files) = &entry.files {
                self.files.replace(files);
            }
            if let Some(pace) = entry.clock {
                time::follow(&self.clock, pg, pace, entry.step);
                continue;
            }
            if let Some(end) = entry.edit {
                pg.edit_closed(end == EditEnd::Save);
                continue;
            }
            if entry.cancel {
                match pg.editing() {
                    Some(_) => pg.interrupt_edit(),
                    None => pg.cancel_line(),
                }
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
        // A container shell left open before the reload is open again, and so is an edit.
        self.container_prompt = pg.container_prompt();
        self.edit_opened = pg.editing().map(String::from);
        self.logged_files = self.files.snapshot();
        self.last_rv = pg.cluster.api.store().current_resource_version();
        self.log = log;
    }

    /// Start over with a fresh cluster; files, history and the screen stay.
    pub fn reset_cluster(&mut self, words: &Words) {
        let profile = self.profile().to_string();
        self.fresh_cluster(&profile);
        self.screen.note(words.cluster_was_reset.into());
        self.save_cluster();
    }

    /// The profile of the cluster shown (or about to boot).
    pub fn profile(&self) -> &str {
        self.pending.as_ref().unwrap_or(&self.log).profile()
    }

    /// The wall clock's time, for what the page times itself (an exam's limit).
    pub fn wall(&self) -> i64 {
        self.clock.wall()
    }

    fn fresh_cluster(&mut self, profile: &str) {
        self.pg = None;
        self.pending = None;
        self.log = ClusterLog::new(self.clock.wall(), profile);
        self.logged_files = Vec::new();
        self.last_rv = 0;
        self.continuation = None;
        self.container_prompt = None;
        self.typed.clear();
        self.edit_opened = None;
    }

    /// The command log of the cluster shown, as stored (booting it first if it has not yet),
    /// so the page can keep it aside and bring it back with `resume_log`.
    pub fn log_text(&mut self) -> String {
        self.pg();
        serde_json::to_string(&self.log).unwrap_or_default()
    }

    /// Show the cluster a stored log (`log_text`) rebuilds instead of this one; false, with
    /// nothing changed, when the text is not a log.
    pub fn resume_log(&mut self, text: &str) -> bool {
        let Ok(log) = ClusterLog::parse(text) else {
            return false;
        };
        self.pg = None;
        self.log = ClusterLog::new(log.start, log.profile());
        self.pending = Some(log);
        self.continuation = None;
        self.pg();
        self.save_cluster();
        true
    }

    /// The files, the command log and the history, as a share link holds them (the cluster
    /// booted first, so the log is the one shown).
    pub fn shared_parts(&mut self) -> (ClusterLog, SavedFiles, History) {
        self.pg();
        (self.log.clone(), self.files.saved(), self.history.clone())
    }

    /// Show what a share link (or the work kept aside) holds: its files and history, and the
    /// cluster its log rebuilds; saved as this browser's own. The screen stays.
    pub fn import(&mut self, log: ClusterLog, files: SavedFiles, history: History) {
        self.fresh_cluster(log.profile());
        self.log = ClusterLog::new(log.start, log.profile());
        self.pending = Some(log);
        self.files = Files::from_saved(Some(files));
        self.history = history;
        self.pg();
        self.save_cluster();
        self.save_files();
        self.store.save(storage::HISTORY, &self.history);
    }

    /// A line the page answers itself (`share`): echoed and remembered like any line, but not
    /// run by the shell nor logged, as it changes nothing in the cluster.
    pub fn echo_builtin(&mut self, line: &str) {
        let prompt = self.prompt().to_string();
        self.screen.echo(&prompt, line);
        if self.history.push(line) {
            self.store.save(storage::HISTORY, &self.history);
        }
    }

    /// Start an exercise: a fresh cluster of its profile, the exercise's files among the
    /// editor's (the first one open), and its setup run unseen. The setup is logged like any
    /// command, so a reload replays it with the rest.
    pub fn start_exercise(&mut self, profile: &str, files: &[(String, String)], setup: &[String]) {
        self.fresh_cluster(profile);
        for (name, text) in files {
            self.files.write(name, text);
        }
        if let Some((first, _)) = files.first() {
            self.files.set_active(first);
        }
        self.save_files();
        for line in setup {
            self.run_unseen(line);
        }
        if self.continuation.take().is_some() {
            self.pg().cancel_line();
        }
        self.save_cluster();
    }

    /// Whether `why` refuses (an exam, or an exercise that asks it), now and after a reboot.
    pub fn hide_why(&mut self, hidden: bool) {
        self.why_hidden = hidden;
        if let Some(pg) = &mut self.pg {
            pg.why_hidden = hidden;
        }
    }

    /// Run a line as typed, logged, but not shown and not in the history.
    fn run_unseen(&mut self, line: &str) {
        let line: String = line.chars().take(MAX_LINE).collect();
        self.pg();
        self.note_background();
        self.record(Some(line.clone()));
        if let Feed::More(p) = self.pg().feed_line(&line) {
            self.continuation = Some(p);
        } else {
            self.continuation = None;
        }
        self.last_rv = self.rv();
    }

    /// The cluster as it is now (booted if it was not), for the exercise's read-only checks.
    pub fn playground(&mut self) -> &mut Playground {
        self.pg()
    }

    /// The Kubernetes version the cluster runs (its API schema's), or before it boots the one
    /// kubectl was built for.
    pub fn server_version(&self) -> &str {
        match &self.pg {
            Some(pg) => &pg.cluster.api.info.git_version,
            None => crate::kubectl::CLIENT_VERSION,
        }
    }

    /// The store's resourceVersion: it moves whenever the cluster changes.
    pub fn resource_version(&self) -> u64 {
        self.rv()
    }

    /// Storage, for what the page keeps besides the cluster (language, exercise progress).
    pub fn persisted(&mut self) -> &mut Persisted {
        &mut self.store
    }

    fn record(&mut self, line: Option<String>) {
        let now = self.files.snapshot();
        let files = if line.is_some() && now != self.logged_files {
            self.logged_files = now.clone();
            Some(now)
        } else {
            None
        };
        // The wall clock's time, without `sleep`'s offset: replaying the same `sleep` adds it back.
        self.log.push(Entry {
            t: self.clock.now().0,
            line,
            files,
            ..Entry::default()
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
        self.note_background_at(self.clock.now().0);
    }

    /// Log a background change made by the reconcile that began at wall time `t`.
    fn note_background_at(&mut self, t: i64) {
        let rv = self.rv();
        if rv != self.last_rv {
            self.last_rv = rv;
            self.log.push(Entry {
                t,
                ..Entry::default()
            });
            self.save_cluster();
        }
    }

    /// The page's heartbeat: one slice of letting simulated time follow the wall clock. True
    /// once caught up; until then the page calls it again on the next frames (see `busy`).
    pub fn tick(&mut self) -> bool {
        let wall = self.clock.now().0;
        let cluster = &mut self.pg_as_is().cluster;
        let fresh = !cluster.busy();
        let done = cluster.tick_within(SLICE);
        if fresh {
            self.tick_at = Some(wall);
        }
        if !done {
            return false;
        }
        self.slices_ended();
        if let Some(rows) = self.pg_as_is().poll_watch() {
            if !rows.chunks.is_empty() {
                self.screen.show(rows);
            }
        }
        self.note_background();
        true
    }

    /// Whether the simulator has work a slice left for the next frames.
    pub fn busy(&self) -> bool {
        self.pg.as_ref().is_some_and(|pg| pg.cluster.busy())
    }

    /// Finish at once what the slices left (a command is about to run).
    fn finish_slices(&mut self) {
        let Some(pg) = &mut self.pg else { return };
        if pg.cluster.busy() {
            pg.cluster.finish();
            self.slices_ended();
        }
    }

    /// A reconcile done in slices ended: one a tick began is logged at that tick's moment; the
    /// rest of a command's is part of the command, which a reload replays whole.
    fn slices_ended(&mut self) {
        match self.tick_at.take() {
            Some(t) => self.note_background_at(t),
            None => self.last_rv = self.rv(),
        }
    }

    /// Read the cluster as the last slice left it, letting nothing run (the cluster view).
    pub fn peek<T>(&mut self, ask: impl FnOnce(&mut Cluster) -> T) -> T {
        ask(&mut self.pg_as_is().cluster)
    }

    /// A `kubectl get -w` (or a `kubectl edit` waiting for the editor) holds the terminal: no
    /// prompt until Ctrl-C.
    pub fn watching(&self) -> bool {
        self.pg
            .as_ref()
            .is_some_and(|pg| pg.is_watching() || pg.editing().is_some())
    }

    /// The file a waiting `kubectl edit` has open in the editor.
    pub fn editing(&self) -> Option<&str> {
        self.pg.as_ref().and_then(Playground::editing)
    }

    /// The file a `kubectl edit` opened (or reopened) since the last call, once.
    pub fn take_edit_opened(&mut self) -> Option<String> {
        self.edit_opened.take()
    }

    /// Save (or close, `EditEnd::Close`) the file of the waiting `kubectl edit`: logged with the
    /// files, so a reload replays the same save; kubectl's answer goes to the terminal.
    pub fn end_edit(&mut self, end: EditEnd) {
        if self.editing().is_none() {
            return;
        }
        self.note_background();
        self.logged_files = self.files.snapshot();
        self.log.push(Entry {
            t: self.clock.now().0,
            files: Some(self.logged_files.clone()),
            edit: Some(end),
            ..Entry::default()
        });
        let out = self.pg().edit_closed(end == EditEnd::Save);
        self.screen.show(out);
        self.after_edit();
        self.last_rv = self.rv();
        self.save_cluster();
        self.save_files();
    }

    /// After a step of an edit: the file it opened is the one shown, and once it is over the
    /// open tab is one that still exists.
    fn after_edit(&mut self) {
        match self.pg_as_is().editing().map(String::from) {
            Some(file) => {
                if self.edit_return.is_none() {
                    self.edit_return = Some(self.files.active().to_string());
                }
                self.files.set_active(&file);
                self.edit_opened = Some(file);
            }
            None => self.edit_over(),
        }
    }

    /// The edit ended: the tab open before it is open again, if it is still there.
    fn edit_over(&mut self) {
        if let Some(back) = self.edit_return.take() {
            if self.files.names().contains(&back) {
                self.files.set_active(&back);
            }
        }
        self.files.keep_a_tab_open();
    }

    /// The prompt the next line is typed at: a continuation's, an attached container shell's
    /// (`/ # `), or the playground's.
    pub fn prompt(&self) -> &str {
        self.continuation
            .as_deref()
            .or(self.container_prompt.as_deref())
            .unwrap_or(PROMPT)
    }

    /// Whether a container shell holds the terminal (`kubectl exec -it ... -- sh`).
    pub fn in_container(&self) -> bool {
        self.container_prompt.is_some()
    }

    /// Ctrl-D on an empty line: an attached container shell exits (logged as `exit`, which
    /// replays the same way); elsewhere nothing happens, as the page has no shell to leave.
    pub fn end_input(&mut self) {
        if !self.in_container() || self.continuation.is_some() {
            return;
        }
        let prompt = self.prompt().to_string();
        self.screen.echo(&prompt, "");
        self.note_background();
        self.record(Some("exit".to_string()));
        if let Some(out) = self.pg().end_input() {
            self.screen.show(out);
        }
        self.container_prompt = self.pg_as_is().container_prompt();
        self.last_rv = self.rv();
        self.save_cluster();
    }

    /// Whether a heredoc or quote is open.
    pub fn continuing(&self) -> bool {
        self.continuation.is_some()
    }

    /// Run one line typed at the prompt.
    pub fn submit(&mut self, line: &str) {
        let line: String = line.chars().take(MAX_LINE).collect();
        let prompt = self.prompt().to_string();
        self.screen.echo(&prompt, &line);
        if self.history.push(&line) {
            self.store.save(storage::HISTORY, &self.history);
        }
        if self.continuation.is_none() && line.trim() == "clear" {
            self.screen.clear();
            return;
        }
        // Booting replays the saved log, which must not drop the entry recorded next.
        self.pg();
        self.note_background();
        self.record(Some(line.clone()));
        match self.pg().feed_line(&line) {
            Feed::Done(out) => {
                self.continuation = None;
                self.keep_ran(&line, &out);
                self.screen.show(out);
            }
            Feed::More(p) => {
                self.continuation = Some(p);
                self.typed.push_str(&line);
                self.typed.push('\n');
            }
        }
        self.container_prompt = self.pg_as_is().container_prompt();
        if self.editing().is_some() {
            self.after_edit();
            self.save_files();
        }
        self.last_rv = self.rv();
        self.save_cluster();
    }

    /// From now on, keep what each command printed for `take_ran` (a host page listens).
    pub fn keep_commands(&mut self) {
        self.ran.get_or_insert_with(Vec::new);
    }

    /// The commands finished since the last call, with their output and exit status.
    pub fn take_ran(&mut self) -> Vec<Ran> {
        self.ran.as_mut().map(std::mem::take).unwrap_or_default()
    }

    fn keep_ran(&mut self, line: &str, out: &Output) {
        let typed = std::mem::take(&mut self.typed);
        if let Some(ran) = &mut self.ran {
            let output = out.chunks.iter().map(|(_, t)| t.as_str()).collect();
            ran.push(Ran {
                line: format!("{typed}{line}"),
                output,
                status: out.exit_code,
            });
        }
    }

    /// Ctrl-C: drop the line (and any open heredoc) as a shell does, or stop a watch.
    pub fn interrupt(&mut self, line: &str) {
        if self.editing().is_some() {
            self.pg().interrupt_edit();
            self.screen.note("^C\n".into());
            self.log.push(Entry {
                t: self.clock.now().0,
                cancel: true,
                ..Entry::default()
            });
            self.edit_over();
            self.save_files();
            self.save_cluster();
            return;
        }
        if self.watching() {
            // Stopping a watch changes nothing in the cluster, so nothing is logged.
            self.pg().stop_watch();
            self.screen.note("^C\n".into());
            return;
        }
        let prompt = self.prompt().to_string();
        self.screen.echo(&prompt, &format!("{line}^C"));
        self.typed.clear();
        if self.continuation.take().is_some() {
            // Drop the open heredoc or quote; the shell keeps its variables.
            self.pg().cancel_line();
            self.log.push(Entry {
                t: self.clock.now().0,
                cancel: true,
                ..Entry::default()
            });
            self.save_cluster();
        }
    }

    /// kubectl run outside the terminal (the cluster view, completion): same session, same
    /// cluster, nothing printed or logged but what the controllers did meanwhile.
    pub fn kubectl_quiet(&mut self, args: &[&str]) -> Output {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let mut fs = self.files.fs();
        let pg = self.pg();
        let out = kubectl::run(&mut pg.session, &args, &mut pg.cluster, &mut fs, None);
        self.note_background();
        out
    }

    /// `why ARGS`, not logged and not shown: the side panel's Why.
    pub fn why_quiet(&mut self, args: &[String]) -> Output {
        self.pg().why(args)
    }

    /// Ask the cluster directly (the API requests the cluster view makes, as kubectl would).
    pub fn query<T>(&mut self, ask: impl FnOnce(&mut Cluster) -> T) -> T {
        let answer = ask(&mut self.pg().cluster);
        self.note_background();
        answer
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn screen_mut(&mut self) -> &mut Screen {
        &mut self.screen
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn files(&self) -> &Files {
        &self.files
    }

    /// The files, to change; `save_files` afterwards keeps the change.
    pub fn files_mut(&mut self) -> &mut Files {
        &mut self.files
    }

    pub fn save_files(&mut self) {
        let saved = self.files.saved();
        self.store.save(storage::FILES, &saved);
    }

    fn save_cluster(&mut self) {
        self.store.save(storage::CLUSTER, &self.log);
        let (entries, rv) = self.snapped;
        if self.log.entries.len().saturating_sub(entries) >= SNAPSHOT_ENTRIES
            || self.rv().saturating_sub(rv) >= SNAPSHOT_WRITES
        {
            self.save_snapshot();
        }
    }

    /// Keep a snapshot of the cluster as the log leaves it (the page calls this as it is
    /// hidden too), so a reload replays only what comes after. Nothing when the cluster has
    /// not booted, nothing was logged since the last one, or it is not at rest (a command or a
    /// container shell open, an edit waiting): the next save will try again. Storage refusing
    /// it (quota) loses nothing: the log is saved on its own.
    pub fn save_snapshot(&mut self) {
        let Some(pg) = &self.pg else {
            return;
        };
        if self.snapped.0 == self.log.entries.len() {
            return;
        }
        (self.mark)("kubeplay:snapshot");
        let Some(bytes) = snapshot::take(pg, &self.log) else {
            return;
        };
        // Whether kept or refused, the next try waits for as much new work again.
        self.snapped = (self.log.entries.len(), self.rv_of(pg));
        let _refused = self.store.save_bytes(storage::SNAPSHOT, &bytes);
        (self.mark)("kubeplay:snapshotted");
    }

    /// What went wrong with storage, in the user's words.
    pub fn notice(&self) -> Option<&str> {
        self.store.notice.as_deref()
    }
}
