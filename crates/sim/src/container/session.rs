//! A shell in a container, or one command there: the project's shell with the container's
//! environment, its files as the file system (relative to the working directory), and a host
//! that runs the programs of `programs.rs` and `exit`. The shell's aliases route those names to
//! the host, as `process.rs` does for `sleep`, `touch` and `rm`.

use std::cell::RefCell;
use std::rc::Rc;

use kubeplay_core::fs::{Fs, FsError};
use kubeplay_core::output::{Output, Stream};
use kubeplay_shell::{Feed, Host, Shell};

use super::layer::{absolute, Layer};
use super::programs::{self, Ctx, Flavor, HOSTED};
use super::{Container, Refusal};
use crate::network::{Net, PROGRAMS};

/// What the shell is told the hosted programs are (`kubectl` is the one name it hands out).
const MARK: &str = "\u{0}prog";
const EXIT: &str = "\u{0}exit";

/// Commands and scripts longer than this are not run.
const MAX_LINE: usize = 64 << 10;

/// What a line or a command gave: its output (both streams in order) and, once the shell has
/// exited, its exit code.
#[derive(Debug, Clone, PartialEq)]
pub struct Ran {
    pub output: Output,
    pub code: i32,
    pub exited: bool,
    /// Seconds its `sleep`s took, for the caller to move the clock by.
    pub slept: f64,
    /// The line left a command open (a quote, a heredoc): the shell wants more (`> `).
    pub more: bool,
}

#[derive(Debug)]
struct State {
    layer: Layer,
    cwd: String,
    exit: Option<i32>,
    slept: f64,
}

/// The files as the shell sees them.
struct Files(Rc<RefCell<State>>);

impl Fs for Files {
    fn read(&self, path: &str) -> Result<String, FsError> {
        let st = self
            .0
            .try_borrow()
            .map_err(|_| FsError::Other("busy".into()))?;
        let p = st.layer.resolve(&absolute(&st.cwd, path), true);
        if let Some(text) = st.layer.files.get(&p) {
            return Ok(text.clone());
        }
        Err(if st.layer.is_dir(&p) {
            FsError::IsDirectory
        } else {
            FsError::NotFound
        })
    }
    fn write(&mut self, path: &str, contents: &str) -> Result<(), FsError> {
        let mut st = self
            .0
            .try_borrow_mut()
            .map_err(|_| FsError::Other("busy".into()))?;
        let p = absolute(&st.cwd, path);
        st.layer.write(&p, contents)
    }
    fn is_dir(&self, path: &str) -> bool {
        self.0
            .try_borrow()
            .is_ok_and(|st| st.layer.is_dir(&absolute(&st.cwd, path)))
    }
    fn list_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        let st = self
            .0
            .try_borrow()
            .map_err(|_| FsError::Other("busy".into()))?;
        let p = absolute(&st.cwd, path);
        if !st.layer.is_dir(&p) {
            return Err(FsError::NotFound);
        }
        let base = match path {
            "" | "." => String::new(),
            p if p.ends_with('/') => p.to_string(),
            p => format!("{p}/"),
        };
        Ok(st
            .layer
            .children(&p)
            .into_iter()
            .map(|n| format!("{base}{n}"))
            .collect())
    }
}

struct Inside<'a> {
    st: Rc<RefCell<State>>,
    c: &'a Container,
    tty: bool,
    /// The cluster's network, for `nslookup`, `wget` and `curl`.
    net: Option<&'a Net<'a>>,
}

impl Inside<'_> {
    /// A network program, at the exec's time plus what the line has waited so far; the time
    /// it takes is waited too, and a file it saves is written.
    fn network(&self, st: &mut State, prog: &str, args: &[String]) -> Output {
        let Some(net) = self.net else {
            let mut o = Output::new();
            o.err(format!(
                "{prog}: the network between pods is not available here\n"
            ));
            o.exit_code = 1;
            return o;
        };
        let at_ms = self
            .c
            .now
            .0
            .saturating_mul(1000)
            .saturating_add((st.slept * 1000.0) as i64);
        let mut r = net.run(prog, args, at_ms);
        st.slept += r.took_ms as f64 / 1000.0;
        if let Some((path, text)) = r.wrote.take() {
            let p = absolute(&st.cwd, &path);
            if let Err(e) = st.layer.write(&p, &text) {
                r.output
                    .err(format!("{prog}: can't open '{path}': {}\n", super::why(&e)));
                r.code = 1;
            }
        }
        r.output.exit_code = r.code;
        r.output
    }
}

impl Host for Inside<'_> {
    fn kubectl(&mut self, args: &[String], stdin: Option<&str>, _fs: &mut dyn Fs) -> Output {
        let Ok(mut st) = self.st.try_borrow_mut() else {
            return Output::new();
        };
        match args.first().map(String::as_str) {
            Some(EXIT) => {
                // `exit` is aliased to `kubectl EXIT $?`, so a bare one exits with `$?`.
                let code = args
                    .last()
                    .filter(|_| args.len() > 1)
                    .and_then(|a| a.parse::<i64>().ok())
                    .map(|n| (n & 0xff) as i32)
                    .unwrap_or(0);
                st.exit = Some(code);
                let mut o = Output::new();
                o.exit_code = code;
                o
            }
            Some(MARK) if args.len() > 1 && PROGRAMS.contains(&args[1].as_str()) => {
                self.network(&mut st, &args[1], &args[2..])
            }
            Some(MARK) if args.len() > 1 => {
                let State { layer, cwd, .. } = &mut *st;
                let mut x = Ctx {
                    layer,
                    cwd,
                    c: self.c,
                    tty: self.tty,
                };
                programs::run(&mut x, &args[1], &args[2..], stdin)
            }
            _ => {
                let mut o = Output::new();
                o.err("bash: kubectl: command not found\n");
                o.exit_code = 127;
                o
            }
        }
    }

    fn sleep(&mut self, seconds: f64) {
        if let Ok(mut st) = self.st.try_borrow_mut() {
            if seconds.is_finite() && seconds > 0.0 {
                st.slept += seconds;
            }
        }
    }
}

/// A shell (or one command) running in a container.
#[derive(Debug)]
pub struct ContainerShell {
    pub container: Container,
    /// The files as the commands left them.
    pub layer: Layer,
    pub cwd: String,
    shell: Shell,
    tty: bool,
    prelude_done: bool,
    /// The shell is dash (`sh` in a Debian image).
    dash: bool,
    /// Seconds the last line's `sleep`s took.
    slept: f64,
}

/// `'text'` for the shell, whatever the text holds.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

impl ContainerShell {
    pub fn open(mut container: Container, tty: bool) -> ContainerShell {
        if tty && !container.env.iter().any(|(k, _)| k == "TERM") {
            // The runtime gives a process started on a terminal its type.
            container.env.push(("TERM".into(), "xterm".into()));
        }
        ContainerShell {
            layer: container.layer.clone(),
            cwd: container.workdir.clone(),
            container,
            shell: Shell::new(),
            tty,
            prelude_done: false,
            dash: false,
            slept: 0.0,
        }
    }

    /// The aliases for the hosted programs the image has, and the container's environment in
    /// place of the playground's.
    fn prelude(&self) -> String {
        let mut lines = vec![
            "unset HOME PWD USER SHELL PATH".to_string(),
            format!("alias exit='kubectl {EXIT} $?'"),
            format!("alias cd='kubectl {MARK} cd'"),
        ];
        for p in HOSTED {
            if programs::has(&self.container, p) {
                lines.push(format!("alias {p}='kubectl {MARK} {p}'"));
            }
        }
        for (k, v) in &self.container.env {
            if kubeplay_shell_name(k) {
                lines.push(format!("export {k}={}", quote(v)));
            }
        }
        lines.join("\n")
    }

    fn ensure_prelude(&mut self) {
        if self.prelude_done {
            return;
        }
        self.prelude_done = true;
        let text = self.prelude();
        self.run(&text, true, None);
    }

    /// Ctrl-C at a `> ` prompt: drop the half-typed command.
    pub fn cancel(&mut self) {
        self.shell.cancel();
    }

    pub fn container_name(&self) -> &str {
        &self.container.name
    }

    /// Whether `argv` starts a shell this image has (for `-it`).
    pub fn check_shell(&mut self, argv: &[String]) -> Result<(), Refusal> {
        let prog = argv.first().map(String::as_str).unwrap_or_default();
        if !programs::has(&self.container, prog) {
            return Err(Refusal::Missing(prog.to_string()));
        }
        // Debian's `sh` is dash, with a bare prompt and its own messages.
        self.dash =
            self.container.flavor == Flavor::Coreutils && prog.rsplit('/').next() == Some("sh");
        Ok(())
    }

    /// The prompt the image's shell shows: ash's `\w \$ ` or Debian's bash `\u@\h:\w\$ `.
    pub fn prompt(&self) -> String {
        let u = &self.container.user;
        let sign = if u.uid == 0 { '#' } else { '$' };
        let home = &u.home;
        let w = if self.cwd == *home && home != "/" {
            "~".to_string()
        } else if let Some(rest) = self
            .cwd
            .strip_prefix(&format!("{home}/"))
            .filter(|_| home != "/")
        {
            format!("~/{rest}")
        } else {
            self.cwd.clone()
        };
        match self.container.flavor {
            Flavor::Coreutils if self.dash => format!("{sign} "),
            Flavor::Coreutils => {
                let name = u.name.clone().unwrap_or_else(|| "I have no name!".into());
                format!("{name}@{}:{w}{sign} ", self.container.hostname)
            }
            _ => format!("{w} {sign} "),
        }
    }

    /// Run text on the shell against the container's files: the output of its commands,
    /// whether it exited, whether a command is left open.
    fn run(&mut self, text: &str, script: bool, net: Option<&Net>) -> (Output, bool, bool) {
        let st = Rc::new(RefCell::new(State {
            layer: std::mem::take(&mut self.layer),
            cwd: self.cwd.clone(),
            exit: None,
            slept: 0.0,
        }));
        let mut files = Files(st.clone());
        let c = self.container.clone();
        let mut host = Inside {
            st: st.clone(),
            c: &c,
            tty: self.tty,
            net,
        };
        let mut out = Output::new();
        let mut pending = false;
        if script {
            for (_, o) in self.shell.run_script(text, &mut host, &mut files) {
                out.append(o);
                if st.try_borrow().is_ok_and(|s| s.exit.is_some()) {
                    break;
                }
            }
        } else {
            match self.shell.feed_line(text, &mut host, &mut files) {
                Feed::Done(o) => out = o,
                Feed::More(_) => pending = true,
            }
        }
        drop(host);
        drop(files);
        if let Ok(s) = Rc::try_unwrap(st).map(RefCell::into_inner) {
            self.layer = s.layer;
            self.cwd = s.cwd;
            self.slept = s.slept;
            if let Some(code) = s.exit {
                out.exit_code = code;
                return (self.words(out), true, false);
            }
        }
        (self.words(out), false, pending)
    }

    /// The shell's messages in the image's shell's words (`sh: curl: not found`).
    fn words(&self, mut out: Output) -> Output {
        if self.container.flavor == Flavor::Coreutils && !self.dash {
            return out;
        }
        // dash numbers its messages with the line of its input.
        let sh = if self.dash { "sh: 1:" } else { "sh:" };
        for (_, chunk) in out.chunks.iter_mut() {
            let fixed: Vec<String> = chunk
                .split_inclusive('\n')
                .map(|l| match l.strip_prefix("bash: ") {
                    Some(rest) => match rest.strip_suffix(": command not found\n") {
                        Some(name) => format!("{sh} {name}: not found\n"),
                        None => match rest.strip_prefix("cd: ").filter(|_| self.dash) {
                            Some(why) => {
                                let dir = why.split(": ").next().unwrap_or_default();
                                format!("{sh} cd: can't cd to {dir}\n")
                            }
                            None => format!("{sh} {rest}"),
                        },
                    },
                    None => l.to_string(),
                })
                .collect();
            *chunk = fixed.concat();
        }
        out
    }

    /// One line typed at the shell's prompt. `exited` once it ran `exit`.
    pub fn feed(&mut self, line: &str, net: Option<&Net>) -> Ran {
        self.ensure_prelude();
        if line.len() > MAX_LINE {
            let mut o = Output::new();
            o.err(format!("{}: line too long\n", self.container.flavor.sh()));
            o.exit_code = 2;
            return Ran {
                code: 2,
                output: o,
                exited: false,
                more: false,
                slept: 0.0,
            };
        }
        let (output, exited, more) = self.run(line, false, net);
        Ran {
            code: output.exit_code,
            output,
            exited,
            more,
            slept: self.slept,
        }
    }

    /// Ctrl-D at the prompt: the shell exits with the last status.
    pub fn end(&mut self) -> Ran {
        self.feed("exit", None)
    }

    /// Run one command with `stdin` as its input (`kubectl exec -i`, `kubectl cp`'s `tar xmf -`):
    /// a program this model hosts reads it directly; others run as without input.
    pub fn exec_with_input(
        &mut self,
        argv: &[String],
        stdin: Option<&str>,
        net: Option<&Net>,
    ) -> Result<Ran, Refusal> {
        let prog = argv.first().map(String::as_str).unwrap_or_default();
        let base = prog.rsplit('/').next().unwrap_or(prog);
        let (Some(input), true) = (stdin, HOSTED.contains(&base) && base != "cd") else {
            return self.exec(argv, net);
        };
        if !programs::has(&self.container, prog) {
            return Err(Refusal::Missing(prog.to_string()));
        }
        let mut x = Ctx {
            layer: &mut self.layer,
            cwd: &mut self.cwd,
            c: &self.container,
            tty: self.tty,
        };
        let output = programs::run(&mut x, base, &argv[1..], Some(input));
        Ok(Ran {
            code: output.exit_code,
            output,
            exited: true,
            more: false,
            slept: 0.0,
        })
    }

    /// Run one command as `kubectl exec` does without a terminal: the program must be in the
    /// image; `sh -c SCRIPT` runs the script.
    pub fn exec(&mut self, argv: &[String], net: Option<&Net>) -> Result<Ran, Refusal> {
        let prog = argv.first().map(String::as_str).unwrap_or_default();
        if !programs::has(&self.container, prog) {
            return Err(Refusal::Missing(prog.to_string()));
        }
        self.ensure_prelude();
        let base = prog.rsplit('/').next().unwrap_or(prog);
        let is_shell = matches!(base, "sh" | "bash" | "ash");
        let text = if is_shell {
            match argv.get(1).map(String::as_str) {
                Some("-c") => argv.get(2).cloned().unwrap_or_default(),
                // A shell with no terminal and no input reads nothing and exits.
                _ => String::new(),
            }
        } else if self.container.flavor == Flavor::Bare {
            // The image's own program started again: what it does is its log's business.
            String::new()
        } else {
            let words: Vec<String> = std::iter::once(base.to_string())
                .chain(argv[1..].iter().map(|a| quote(a)))
                .collect();
            words.join(" ")
        };
        if text.len() > MAX_LINE {
            return Err(Refusal::Missing(prog.to_string()));
        }
        let (mut output, _, _) = self.run(&text, true, net);
        if !is_shell {
            // Without a shell around it, a failing program prints its own name, not sh's.
            let sh = format!("{}: ", self.container.flavor.sh());
            for (stream, chunk) in output.chunks.iter_mut() {
                if *stream == Stream::Stderr {
                    if let Some(rest) = chunk.strip_prefix(&sh) {
                        *chunk = rest.to_string();
                    }
                }
            }
        }
        Ok(Ran {
            code: output.exit_code,
            output,
            exited: true,
            more: false,
            slept: self.slept,
        })
    }
}

/// Whether `k` can be a shell variable's name (others are in the environment but not visible
/// to a shell either).
fn kubeplay_shell_name(k: &str) -> bool {
    let mut chars = k.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
