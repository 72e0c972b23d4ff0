//! kubectl: commands and printers. It talks to the API only through `ApiRequest`/`ApiResponse`
//! (the `Transport`), exactly as real kubectl talks HTTP to kube-apiserver, and reads files only
//! through `Fs`. Each command lives in `cmd/<name>.rs` (or `cmd/<name>/`) as an options struct
//! that goes Complete -> Validate -> Run (`create`'s generators and `config`'s subcommands
//! included, each with its own struct); what commands share is in `cmd/util`, and every
//! command that acts on objects finds them through `resources::Builder`. Only the command groups
//! (`config`, `create secret`, `create service` without a subcommand) and `cmd/unsupported.rs`
//! have no options: they print a help page or refuse.

// `KError`/`Status` carry whole API errors by value: rare and off the hot paths, so boxing them
// would only add noise at every `?`.
#![allow(clippy::result_large_err)]
// Outside tests nothing may unwrap: user input reaches this crate, and a panic kills the page.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod client;
pub mod cmd;
pub mod credentials;
pub mod describe;
pub mod error;
pub mod flags;
pub mod help;
pub mod kubeconfig;
pub mod printers;
pub mod reference;
pub mod resources;
#[cfg(test)]
mod testing;
pub mod usage;

use kubeplay_core::api::discovery::Discovery;
use kubeplay_core::api::Transport;
use kubeplay_core::fs::Fs;
use kubeplay_core::output::Output;

pub use error::KError;
use flags::{Args, Flag};
pub use kubeconfig::Kubeconfig;

/// The kubectl version we answer as.
pub const CLIENT_VERSION: &str = "v1.32.5";

/// The API types kubectl was built with (its client version's), which its client-side merges
/// (`patch --local`, `edit`, `apply`'s strategic merge) go by, whatever the server runs.
pub fn client_schema() -> &'static kubeplay_schema::Schema {
    kubeplay_schema::for_version(CLIENT_VERSION)
}
pub const KUSTOMIZE_VERSION: &str = "v5.5.0";

/// State that outlives one command: the default kubeconfig (`~/.kube/config`).
#[derive(Debug, Clone)]
pub struct Session {
    pub kubeconfig: Kubeconfig,
    /// Addresses and ports this machine already listens on (other `port-forward`s still
    /// running), which a new listener cannot take.
    pub listening: Vec<(String, u16)>,
    /// A `kubectl edit` whose file the page's editor has open, waiting for it to be saved or
    /// closed (`edit_closed`).
    pub editing: Option<Box<cmd::edit::Editing>>,
}

impl Session {
    pub fn new(kubeconfig_yaml: &str) -> Session {
        Session {
            kubeconfig: Kubeconfig::parse(kubeconfig_yaml, "~/.kube/config")
                .unwrap_or_else(|_| Kubeconfig::empty()),
            listening: Vec::new(),
            editing: None,
        }
    }
}

/// Everything one command invocation works with.
pub struct Ctx<'a> {
    pub api: &'a mut dyn Transport,
    pub fs: &'a mut dyn Fs,
    pub stdin: Option<&'a str>,
    pub out: Output,
    pub session: &'a mut Session,
    /// `get`, `config view`, `create deployment`: for error hints.
    pub cmd_path: String,
    pub globals: Args,
    discovery: Option<Discovery>,
    /// Whether the kubeconfig was found to name a reachable cluster (checked on the first call).
    connected: bool,
    /// Impersonation client-go refuses to set up (groups or a uid without a user), reported
    /// on the first call.
    identity_error: Option<String>,
}

impl Ctx<'_> {
    pub fn print(&mut self, s: impl AsRef<str>) {
        self.out.out(s);
    }
    pub fn eprint(&mut self, s: impl AsRef<str>) {
        self.out.err(s);
    }

    /// The kubeconfig in effect: `--kubeconfig` or the session's.
    pub fn kubeconfig(&self) -> Result<Kubeconfig, KError> {
        match self.globals.opt("kubeconfig") {
            Some(path) => match self.fs.read(&path) {
                Ok(text) => Kubeconfig::parse(&text, &path),
                Err(_) => Err(KError::msg(format!(
                    "stat {path}: no such file or directory"
                ))),
            },
            None => Ok(self.session.kubeconfig.clone()),
        }
    }

    /// Write back the kubeconfig in effect (config set-context, use-context, ...).
    pub fn save_kubeconfig(&mut self, kc: Kubeconfig) -> Result<(), KError> {
        match self.globals.opt("kubeconfig") {
            Some(path) => self
                .fs
                .write(&path, &kc.to_yaml())
                .map_err(|e| KError::msg(format!("open {path}: {e:?}"))),
            None => {
                self.session.kubeconfig = kc;
                Ok(())
            }
        }
    }

    /// `-n`, else the context's namespace, else `default`.
    pub fn namespace(&self) -> String {
        if let Some(ns) = self.globals.opt("namespace").filter(|n| !n.is_empty()) {
            return ns;
        }
        let ctx = self.globals.opt("context");
        self.kubeconfig()
            .ok()
            .and_then(|kc| kc.context_namespace(ctx.as_deref()))
            .unwrap_or_else(|| "default".to_string())
    }

    /// Whether `-n` was given (some commands then refuse a different namespace in a file).
    pub fn namespace_explicit(&self) -> bool {
        self.globals.opt("namespace").is_some_and(|n| !n.is_empty())
    }
}

pub type RunFn = fn(&mut Ctx, &Args) -> Result<(), KError>;

/// One command of the tree: its flags, help and what it runs.
pub struct Command {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// One line for the command list.
    pub short: &'static str,
    /// `kubectl run NAME --image=image [...]`
    pub usage: &'static str,
    pub long: &'static str,
    pub examples: &'static str,
    pub flags: &'static [Flag],
    pub run: RunFn,
    pub subcommands: &'static [Command],
}

fn is_flag_with_separate_value(arg: &str) -> bool {
    // Global flags that take a value, written as `--kubeconfig x` or `-n x`, before the command.
    flags::GLOBAL.iter().any(|f| {
        !matches!(f.kind, flags::Kind::Bool | flags::Kind::OptStr(_))
            && (arg == format!("--{}", f.long) || f.short.is_some_and(|c| arg == format!("-{c}")))
    })
}

/// Find the command words in argv (flags may come first, as cobra allows).
pub(crate) fn find_command(args: &[String]) -> (Vec<&'static Command>, Vec<String>) {
    let mut path: Vec<&'static Command> = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    let mut level: &'static [Command] = cmd::COMMANDS;
    let mut i = 0;
    let mut done = false;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            rest.extend(args[i..].iter().cloned());
            break;
        }
        if a.starts_with('-') && a.len() > 1 {
            rest.push(a.clone());
            if is_flag_with_separate_value(a) {
                if let Some(v) = args.get(i + 1) {
                    rest.push(v.clone());
                    i += 1;
                }
            }
        } else if !done {
            match level
                .iter()
                .find(|c| c.name == a || c.aliases.contains(&a.as_str()))
            {
                Some(c) => {
                    path.push(c);
                    level = c.subcommands;
                    if level.is_empty() {
                        done = true;
                    }
                }
                None => {
                    done = true;
                    rest.push(a.clone());
                }
            }
        } else {
            rest.push(a.clone());
        }
        i += 1;
    }
    (path, rest)
}

/// Run one kubectl command line (argv without `kubectl`).
pub fn run(
    session: &mut Session,
    args: &[String],
    api: &mut dyn Transport,
    fs: &mut dyn Fs,
    stdin: Option<&str>,
) -> Output {
    let (path, rest) = find_command(args);
    let cmd_path: Vec<&str> = path.iter().map(|c| c.name).collect();
    let cmd_path = cmd_path.join(" ");
    // Who the requests say they come from, from the flags parsed again in `dispatch`.
    let identity = match path.last() {
        Some(cmd) => flags::parse(cmd.flags, &rest)
            .map(|g| credentials::headers(session, fs, &g))
            .unwrap_or(Ok(Vec::new())),
        None => Ok(Vec::new()),
    };
    let (identity, identity_error) = match identity {
        Ok(h) => (h, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let mut api = credentials::Credentialed {
        inner: api,
        headers: identity,
    };
    let mut ctx = Ctx {
        api: &mut api,
        fs,
        stdin,
        out: Output::new(),
        session,
        cmd_path: cmd_path.clone(),
        globals: Args::default(),
        discovery: None,
        connected: false,
        identity_error,
    };
    // cobra's hidden completion commands, which the scripts of `kubectl completion` call.
    let complete = match args.first().map(String::as_str) {
        Some(cmd::complete::COMPLETE) => Some(true),
        Some(cmd::complete::COMPLETE_NO_DESC) => Some(false),
        _ => None,
    };
    if let Some(descriptions) = complete {
        cmd::complete::run(&mut ctx, &args[1..], descriptions);
        return ctx.out;
    }
    // Real kubectl's commands and flags that kubeplay lacks are refused before anything else.
    let result = match cmd::unsupported::refuse_missing(&path, &rest) {
        Err(e) => Err(e),
        Ok(()) => dispatch(&mut ctx, &path, &rest),
    };
    if let Err(e) = result {
        let text = e.render(&cmd_path);
        ctx.eprint(text);
        ctx.out.exit_code = e.exit_code();
    }
    if let Some(w) = ctx.out.watch.as_mut() {
        w.args = args.to_vec();
    }
    ctx.out
}

/// Parse the flags of the command found and run it (the root alone prints its help).
fn dispatch(ctx: &mut Ctx, path: &[&'static Command], rest: &[String]) -> Result<(), KError> {
    match path.last() {
        // A word that is no command is cobra's error, but not a global flag's value (`-n x`).
        None => match flags::parse(&[], rest) {
            Ok(parsed) => match parsed.positionals.first() {
                Some(unknown) => Err(KError::Raw(help::unknown_command(unknown))),
                None => {
                    ctx.print(help::root_help());
                    Ok(())
                }
            },
            Err(e) => match rest.iter().find(|a| !a.starts_with('-')) {
                Some(unknown) => Err(KError::Raw(help::unknown_command(unknown))),
                None => Err(e),
            },
        },
        Some(cmd) => match flags::parse(cmd.flags, rest) {
            Ok(parsed) => {
                ctx.globals = parsed.clone();
                if parsed.help() {
                    ctx.print(help::help_for(path));
                    Ok(())
                } else {
                    (cmd.run)(ctx, &parsed)
                }
            }
            Err(e) => Err(e),
        },
    }
}

/// One poll of a `get -w` (see `cmd::get::watch`): the rows of what changed since the last poll;
/// or of a `logs -f` (see `cmd::logs::follow`): the lines printed since.
pub fn poll_watch(
    session: &mut Session,
    spec: &mut kubeplay_core::output::WatchSpec,
    api: &mut dyn Transport,
    fs: &mut dyn Fs,
) -> Output {
    // Each poll asks as the command did (`get -w --as=jane`).
    let (path, rest) = find_command(&spec.args);
    let identity = path
        .last()
        .and_then(|c| flags::parse(c.flags, &rest).ok())
        .and_then(|g| credentials::headers(session, fs, &g).ok())
        .unwrap_or_default();
    let mut api = credentials::Credentialed {
        inner: api,
        headers: identity,
    };
    if spec.forward.is_some() {
        return cmd::port_forward::poll(spec, &mut api);
    }
    if follows_logs(spec) {
        return cmd::logs::follow::poll(spec, &mut api);
    }
    cmd::get::watch::poll(session, spec, &mut api, fs)
}

/// Whether a watch has nothing left to show: a `logs -f` whose containers all stopped, a
/// `port-forward` whose pod went (a
/// `get -w` goes on until interrupted).
pub fn watch_ended(spec: &kubeplay_core::output::WatchSpec) -> bool {
    if let Some(f) = &spec.forward {
        return f.lost;
    }
    follows_logs(spec) && spec.seen.is_empty()
}

fn follows_logs(spec: &kubeplay_core::output::WatchSpec) -> bool {
    find_command(&spec.args)
        .0
        .last()
        .is_some_and(|c| c.name == "logs")
}

/// The file a waiting `kubectl edit` has open in the page's editor.
pub fn editing_file(session: &Session) -> Option<&str> {
    session.editing.as_deref().map(cmd::edit::Editing::file)
}

/// The page's editor saved (or closed without saving) the file of the waiting `kubectl edit`:
/// what kubectl prints as it carries on. The session keeps waiting when the file is reopened.
pub fn edit_closed(
    session: &mut Session,
    saved: bool,
    api: &mut dyn Transport,
    fs: &mut dyn Fs,
) -> Output {
    let Some(mut editing) = session.editing.take() else {
        return Output::new();
    };
    let globals = editing.globals.clone();
    // The edit goes on as the user it started as (`--as`, `--token`).
    let (identity, identity_error) = match credentials::headers(session, fs, &globals) {
        Ok(h) => (h, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let mut api = credentials::Credentialed {
        inner: api,
        headers: identity,
    };
    let mut ctx = Ctx {
        api: &mut api,
        fs,
        stdin: None,
        out: Output::new(),
        session,
        cmd_path: "edit".to_string(),
        globals,
        discovery: None,
        connected: false,
        identity_error,
    };
    match editing.closed(&mut ctx, saved) {
        cmd::edit::Next::Reopen => {
            editing.drop_previous(&mut *ctx.fs);
            ctx.session.editing = Some(editing);
        }
        cmd::edit::Next::Done(Ok(())) => {}
        cmd::edit::Next::Done(Err(e)) => {
            let text = e.render("edit");
            ctx.eprint(text);
            ctx.out.exit_code = e.exit_code();
        }
    }
    ctx.out
}

/// Ctrl-C while a `kubectl edit` waits for the page's editor: it ends, its files removed.
pub fn edit_interrupted(session: &mut Session, fs: &mut dyn Fs) {
    if let Some(editing) = session.editing.take() {
        editing.interrupted(fs);
    }
}

/// Run a kubectl command written as one shell-quoted string (tests and examples).
pub fn run_line(
    session: &mut Session,
    line: &str,
    api: &mut dyn Transport,
    fs: &mut dyn Fs,
    stdin: Option<&str>,
) -> Output {
    let words = shlex::split(line).unwrap_or_default();
    let args: Vec<String> = match words.first().map(|s| s.as_str()) {
        Some("kubectl") | Some("k") => words[1..].to_vec(),
        _ => words,
    };
    run(session, &args, api, fs, stdin)
}
