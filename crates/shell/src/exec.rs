//! Running a parsed program: `&&`/`||`/`;` lists, pipelines (each stage's stdout is the next
//! stage's stdin, stages run one after the other), redirections on the virtual files, and the
//! dispatch to kubectl, the builtins or "command not found".

use super::env::Env;
use super::files::fs_message;
use super::jobs::{Hold, State};
use super::lex::{HereDoc, RedirOp};
use super::limits::{MAX_RUNS, MAX_TEXT};
use super::parse::{AndOr, Command, Compound, Pipeline, Program, Redir, Target};
use super::Host;
use super::{brace, builtins};
use kubeplay_core::fs::Fs;
use kubeplay_core::output::{Output, Stream};

/// A failure that stops one command before it runs (bad redirect, bad substitution).
#[derive(Debug)]
pub struct Fail {
    pub msg: String,
    pub code: i32,
}

impl Fail {
    pub fn new(msg: impl Into<String>) -> Fail {
        Fail {
            msg: msg.into(),
            code: 1,
        }
    }
}

pub struct Exec<'a> {
    pub env: &'a mut Env,
    pub host: &'a mut dyn Host,
    pub fs: &'a mut dyn Fs,
    pub depth: usize,
    /// Commands run so far for this input.
    pub runs: usize,
    /// `exit` was run: the rest of the input is skipped.
    pub exit: Option<i32>,
    /// `break` or `continue` ran (true: continue) and the enclosing loop has not seen it yet.
    pub jump: Option<bool>,
    /// Standard input of the enclosing compound commands (`... | while read x`), with how much
    /// `read` has consumed.
    pub inputs: Vec<(String, usize)>,
    /// How many loops enclose the running command.
    pub loops: usize,
    /// Status of the last `$(...)` in the current command (what `X=$(false)` leaves in `$?`).
    pub subst_status: Option<i32>,
    /// Running a background job: Some, with the moment its last `sleep` ends, if any.
    pub background: Option<Option<i64>>,
    /// Lines background jobs printed while the current command ran (`Handling connection`):
    /// they go to the terminal, not down a pipe.
    pub notes: Vec<(Stream, String)>,
}

/// Where one file descriptor of a command writes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dest {
    /// The command's standard output (the pipe or the terminal).
    Out,
    /// The terminal's standard error.
    Err,
    /// The index into the open files.
    File(usize),
    Null,
    Closed,
}

const NFDS: usize = 10;

struct Redirected {
    fds: [Dest; NFDS],
    files: Vec<(String, String)>,
    stdin: Option<String>,
}

impl<'a> Exec<'a> {
    pub fn new(env: &'a mut Env, host: &'a mut dyn Host, fs: &'a mut dyn Fs) -> Self {
        Exec {
            env,
            host,
            fs,
            depth: 0,
            runs: 0,
            exit: None,
            jump: None,
            inputs: Vec::new(),
            loops: 0,
            subst_status: None,
            background: None,
            notes: Vec::new(),
        }
    }

    /// Runs every list of the program, writing to `out`; returns the last status.
    pub fn program(&mut self, prog: &Program, out: &mut Output) -> i32 {
        for item in &prog.items {
            if self.exit.is_some() {
                break;
            }
            let code = match item.background && self.env.job_control {
                true => self.background(item, &prog.heredocs, out),
                false => self.and_or(item, &prog.heredocs, out),
            };
            self.env.last = code;
        }
        if let Some(code) = self.exit {
            self.env.last = code;
        }
        self.env.last
    }

    /// `LIST &`: bash's `[N] PID`, then the list runs now with its output on the terminal;
    /// what holds on (a watch, a forward, a sleep) stays in the job table.
    fn background(&mut self, item: &AndOr, heredocs: &[HereDoc], out: &mut Output) -> i32 {
        let mut sub = Output::new();
        let outer = self.background.replace(None);
        let code = self.and_or(item, heredocs, &mut sub);
        let until = std::mem::replace(&mut self.background, outer).flatten();
        let state = match (sub.watch.take(), until) {
            (Some(spec), _) => State::Running(Hold::Watch(spec)),
            (None, Some(t)) => State::Running(Hold::Until(t)),
            (None, None) => State::Done(code),
        };
        let (id, pid) = self.env.jobs.start(item.text(), state);
        self.env.set("!", &pid.to_string());
        out.err(format!("[{id}] {pid}\n"));
        for (stream, text) in sub.chunks {
            match stream {
                Stream::Stdout => out.out(text),
                Stream::Stderr => out.err(text),
            }
        }
        0
    }

    fn and_or(&mut self, item: &AndOr, heredocs: &[HereDoc], out: &mut Output) -> i32 {
        let mut code = self.pipeline(&item.first, heredocs, out);
        for (and, p) in &item.rest {
            if self.exit.is_some() || self.jump.is_some() {
                break;
            }
            self.env.last = code;
            if (code == 0) == *and {
                code = self.pipeline(p, heredocs, out);
            }
        }
        code
    }

    fn pipeline(&mut self, p: &Pipeline, heredocs: &[HereDoc], out: &mut Output) -> i32 {
        let mut input: Option<String> = None;
        let mut code = 0;
        let n = p.cmds.len();
        for (i, cmd) in p.cmds.iter().enumerate() {
            if self.exit.is_some() {
                break;
            }
            let res = self.command(cmd, heredocs, input.take(), out);
            out.clear |= res.clear;
            // A watch piped into another command is dropped: the pipe reader could never stop it.
            out.watch = None;
            if i + 1 == n {
                out.watch = res.watch;
                for (stream, text) in res.chunks {
                    match stream {
                        Stream::Stdout => out.out(text),
                        Stream::Stderr => out.err(text),
                    }
                }
            } else {
                let mut pipe = String::new();
                for (stream, text) in res.chunks {
                    if stream == Stream::Stdout || cmd.pipe_stderr {
                        pipe.push_str(&text);
                    } else {
                        out.err(text);
                    }
                }
                input = Some(pipe);
            }
            code = res.exit_code;
        }
        if p.bang {
            code = i32::from(code == 0);
        }
        code
    }

    /// One simple command. The result's stdout chunks are what it wrote to its standard output
    /// after redirections; stderr chunks go to the terminal.
    fn command(
        &mut self,
        cmd: &Command,
        heredocs: &[HereDoc],
        stdin: Option<String>,
        term: &mut Output,
    ) -> Output {
        self.runs += 1;
        if self.runs > MAX_RUNS {
            self.exit = Some(1);
            return failed(format!(
                "bash: too many commands in one input (limit {MAX_RUNS})\n"
            ));
        }
        self.subst_status = None;
        if let Some(c) = &cmd.compound {
            let mut r = match self.redirect(&cmd.redirs, heredocs, stdin, term) {
                Ok(r) => r,
                Err(f) => return fail_output(f),
            };
            let mut body = Output::new();
            let pushed = r.stdin.take().map(|s| self.inputs.push((s, 0))).is_some();
            body.exit_code = self.compound(c, heredocs, &mut body);
            if pushed {
                self.inputs.pop();
            }
            return self.route(body, &mut r);
        }
        let mut argv = Vec::new();
        let mut size = 0usize;
        let words: Vec<_> = cmd.words.iter().flat_map(brace::expand).collect();
        for w in &words {
            match self.expand_word(w, term) {
                Ok(fields) => {
                    size += fields.iter().map(|f| f.len() + 1).sum::<usize>();
                    if size > MAX_TEXT {
                        return failed(format!(
                            "bash: argument list too long (limit {} MiB)\n",
                            MAX_TEXT >> 20
                        ));
                    }
                    argv.extend(fields);
                }
                Err(f) => return fail_output(f),
            }
        }
        let mut assigns = Vec::new();
        for (name, w) in &cmd.assigns {
            match self.expand_one(w, term) {
                Ok(v) => assigns.push((name.clone(), v)),
                Err(f) => return fail_output(f),
            }
        }
        let mut r = match self.redirect(&cmd.redirs, heredocs, stdin, term) {
            Ok(r) => r,
            Err(f) => return fail_output(f),
        };
        let result = match argv.split_first() {
            None => {
                for (name, v) in &assigns {
                    self.env.set(name, v);
                }
                let mut o = Output::new();
                o.exit_code = self.subst_status.unwrap_or(0);
                o
            }
            Some((name, args)) => self.dispatch(name, args, r.stdin.as_deref()),
        };
        for (stream, note) in std::mem::take(&mut self.notes) {
            match stream {
                Stream::Stdout => term.out(note),
                Stream::Stderr => term.err(note),
            }
        }
        self.route(result, &mut r)
    }

    /// Sends a command's output where its redirections point, and writes the files.
    fn route(&mut self, result: Output, r: &mut Redirected) -> Output {
        let mut routed = Output::new();
        routed.exit_code = result.exit_code;
        routed.clear = result.clear;
        if r.fds.get(1).copied() == Some(Dest::Out) {
            routed.watch = result.watch;
        }
        for (stream, text) in result.chunks {
            let fd = if stream == Stream::Stdout { 1 } else { 2 };
            match r.fds.get(fd).copied().unwrap_or(Dest::Null) {
                Dest::Out => routed.out(&text),
                Dest::Err => routed.err(&text),
                Dest::File(i) => {
                    if let Some((_, content)) = r.files.get_mut(i) {
                        content.push_str(&text);
                    }
                }
                Dest::Null | Dest::Closed => {}
            }
        }
        for (path, content) in std::mem::take(&mut r.files) {
            if content.len() > MAX_TEXT {
                routed.err(format!("bash: {path}: File too large\n"));
                routed.exit_code = 1;
                continue;
            }
            if let Err(e) = self.fs.write(&path, &content) {
                routed.err(format!("bash: {path}: {}\n", fs_message(&e)));
                routed.exit_code = 1;
            }
        }
        routed
    }

    fn list(&mut self, items: &[AndOr], heredocs: &[HereDoc], out: &mut Output) -> i32 {
        let mut code = 0;
        for item in items {
            if self.exit.is_some() || self.jump.is_some() {
                break;
            }
            code = self.and_or(item, heredocs, out);
            self.env.last = code;
        }
        code
    }

    /// Loops stop when the input's command budget (`MAX_RUNS`) is spent, so `while true` ends.
    fn compound(&mut self, c: &Compound, heredocs: &[HereDoc], out: &mut Output) -> i32 {
        match c {
            Compound::For { var, words, body } => {
                let mut values = Vec::new();
                for w in words.iter().flat_map(brace::expand) {
                    match self.expand_word(&w, out) {
                        Ok(f) => values.extend(f),
                        Err(f) => {
                            out.err(f.msg);
                            return f.code;
                        }
                    }
                }
                let mut code = 0;
                self.loops += 1;
                for v in values {
                    if self.exit.is_some() {
                        break;
                    }
                    self.env.set(var, &v);
                    code = self.list(body, heredocs, out);
                    if self.jump.take() == Some(false) {
                        break;
                    }
                }
                self.loops -= 1;
                code
            }
            Compound::If { arms, otherwise } => {
                for (cond, body) in arms {
                    let c = self.list(cond, heredocs, out);
                    if self.exit.is_some() {
                        return c;
                    }
                    if c == 0 {
                        return self.list(body, heredocs, out);
                    }
                }
                match otherwise {
                    Some(e) => self.list(e, heredocs, out),
                    None => 0,
                }
            }
            Compound::Loop { until, cond, body } => {
                let mut code = 0;
                self.loops += 1;
                while self.exit.is_none() {
                    let c = self.list(cond, heredocs, out);
                    if self.exit.is_some() || (c == 0) == *until {
                        break;
                    }
                    code = self.list(body, heredocs, out);
                    if self.jump.take() == Some(false) {
                        break;
                    }
                }
                self.loops -= 1;
                code
            }
            Compound::Group(items) => self.list(items, heredocs, out),
        }
    }

    /// Runs a command by name: an alias (one level), kubectl, a builtin, or "not found".
    pub fn dispatch(&mut self, name: &str, args: &[String], stdin: Option<&str>) -> Output {
        if let Some(value) = self.env.aliases.get(name) {
            let words: Vec<String> = value.split_whitespace().map(str::to_string).collect();
            if let Some((first, rest)) = words.split_first() {
                let mut argv = rest.to_vec();
                argv.extend_from_slice(args);
                return self.run_named(first, &argv, stdin);
            }
        }
        self.run_named(name, args, stdin)
    }

    fn run_named(&mut self, name: &str, args: &[String], stdin: Option<&str>) -> Output {
        // What the running forwards hold, so that another listener on them fails.
        self.host.listening(self.env.jobs.listening());
        if let Some(out) = self.host.command(name, args, stdin, self.fs) {
            return out;
        }
        match name {
            "kubectl" | "k" => self.host.kubectl(args, stdin, self.fs),
            _ => match builtins::run(self, name, args, stdin) {
                Some(out) => out,
                None => {
                    let mut o = Output::new();
                    if builtins::KEYWORDS.contains(&name) {
                        o.err(format!(
                            "bash: {name}: not supported here (this shell has pipes, lists, for, if, while, until and {{ }} groups)\n"
                        ));
                        o.exit_code = 2;
                    } else {
                        o.err(format!("bash: {name}: command not found\n"));
                        o.exit_code = 127;
                    }
                    o
                }
            },
        }
    }

    fn redirect(
        &mut self,
        redirs: &[Redir],
        heredocs: &[HereDoc],
        stdin: Option<String>,
        term: &mut Output,
    ) -> Result<Redirected, Fail> {
        let mut r = Redirected {
            fds: [Dest::Closed; NFDS],
            files: Vec::new(),
            stdin,
        };
        r.fds[1] = Dest::Out;
        r.fds[2] = Dest::Err;
        for redir in redirs {
            let default_fd = match redir.op {
                RedirOp::In | RedirOp::DupIn | RedirOp::HereDoc { .. } | RedirOp::HereStr => 0,
                _ => 1,
            };
            let fd = redir.fd.unwrap_or(default_fd) as usize;
            if fd >= NFDS {
                return Err(Fail::new(format!("bash: {fd}: Bad file descriptor\n")));
            }
            let word = match &redir.target {
                Target::HereDoc(id) => {
                    let Some(h) = heredocs.get(*id) else {
                        continue;
                    };
                    let body = if h.expand {
                        self.expand_text(&h.body, term)?
                    } else {
                        h.body.clone()
                    };
                    if fd == 0 {
                        r.stdin = Some(body);
                    }
                    continue;
                }
                Target::Word(w) => w,
            };
            if redir.op == RedirOp::HereStr {
                let mut s = self.expand_one(word, term)?;
                s.push('\n');
                if fd == 0 {
                    r.stdin = Some(s);
                }
                continue;
            }
            let fields = self.expand_word(word, term)?;
            let [path] = fields.as_slice() else {
                return Err(Fail::new(format!(
                    "bash: {}: ambiguous redirect\n",
                    word.raw()
                )));
            };
            match redir.op {
                RedirOp::In => {
                    let text = match path.as_str() {
                        "/dev/null" => String::new(),
                        "/dev/stdin" => r.stdin.clone().unwrap_or_default(),
                        _ => self.fs.read(path).map_err(|e| {
                            Fail::new(format!("bash: {path}: {}\n", fs_message(&e)))
                        })?,
                    };
                    if fd == 0 {
                        r.stdin = Some(text);
                    }
                }
                RedirOp::DupIn => {}
                RedirOp::Out | RedirOp::Append => {
                    let dest = self.open(&mut r, path, redir.op == RedirOp::Append)?;
                    set_fd(&mut r, fd, dest);
                }
                RedirOp::AllOut | RedirOp::AllAppend => {
                    let dest = self.open(&mut r, path, redir.op == RedirOp::AllAppend)?;
                    r.fds[1] = dest;
                    r.fds[2] = dest;
                }
                RedirOp::DupOut => {
                    if path == "-" {
                        set_fd(&mut r, fd, Dest::Closed);
                    } else if let Ok(src) = path.parse::<usize>() {
                        match r.fds.get(src).copied() {
                            Some(d) if d != Dest::Closed => set_fd(&mut r, fd, d),
                            _ => {
                                return Err(Fail::new(format!(
                                    "bash: {src}: Bad file descriptor\n"
                                )))
                            }
                        }
                    } else if redir.fd.is_none() {
                        let dest = self.open(&mut r, path, false)?;
                        r.fds[1] = dest;
                        r.fds[2] = dest;
                    } else {
                        return Err(Fail::new(format!("bash: {path}: ambiguous redirect\n")));
                    }
                }
                RedirOp::HereDoc { .. } | RedirOp::HereStr => {}
            }
        }
        Ok(r)
    }

    fn open(&mut self, r: &mut Redirected, path: &str, append: bool) -> Result<Dest, Fail> {
        match path {
            "/dev/null" => return Ok(Dest::Null),
            "/dev/stdout" => return Ok(r.fds[1]),
            "/dev/stderr" => return Ok(r.fds[2]),
            _ => {}
        }
        if path.is_empty() {
            return Err(Fail::new("bash: : No such file or directory\n"));
        }
        if self.fs.is_dir(path) {
            return Err(Fail::new(format!("bash: {path}: Is a directory\n")));
        }
        let start = if append {
            self.fs.read(path).unwrap_or_default()
        } else {
            String::new()
        };
        if let Some(i) = r.files.iter().position(|(p, _)| p == path) {
            if let Some(f) = r.files.get_mut(i) {
                f.1 = start;
            }
            return Ok(Dest::File(i));
        }
        r.files.push((path.to_string(), start));
        Ok(Dest::File(r.files.len() - 1))
    }
}

fn set_fd(r: &mut Redirected, fd: usize, dest: Dest) {
    if let Some(slot) = r.fds.get_mut(fd) {
        *slot = dest;
    }
}

fn failed(msg: String) -> Output {
    let mut o = Output::new();
    o.err(msg);
    o.exit_code = 1;
    o
}

fn fail_output(f: Fail) -> Output {
    let mut o = Output::new();
    o.err(f.msg);
    o.exit_code = f.code;
    o
}
