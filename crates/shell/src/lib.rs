//! The shell: a bash-like subset in front of kubectl. Lines are tokenized with POSIX quoting
//! (`lex.rs`), parsed into `;`/`&&`/`||` lists of pipelines of simple and compound commands
//! (`parse.rs`), expanded (`brace.rs`, `expand.rs`, `arith.rs`, `glob.rs`) and run (`exec.rs`)
//! against kubectl (through `Host`), the virtual files (`Fs`) and the builtins: shell builtins
//! and the few coreutils a course needs (`builtins.rs`, `plumbing.rs`, `printf.rs`, `test.rs`),
//! text filters (`filters.rs` with `pattern.rs` for grep, `columns.rs`, `awk.rs`, `sed/`).
//! Everything a user types is bounded: input size, pipeline length, commands per input,
//! nesting, and the size of expansions and outputs.

// `KError`/`Status` carry whole API errors by value: rare and off the hot paths, so boxing them
// would only add noise at every `?`.
#![allow(clippy::result_large_err)]
// Outside tests nothing may unwrap: user input reaches this crate, and a panic kills the page.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod arith;
mod awk;
mod brace;
mod builtins;
mod columns;
mod env;
mod exec;
mod expand;
mod files;
mod filters;
mod glob;
mod help;
mod jobctl;
pub mod jobs;
mod lex;
mod limits;
mod net;
mod parse;
pub mod pattern;
mod plumbing;
mod printf;
mod reader;
mod saved;
mod sed;
mod test;

#[cfg(test)]
mod jobs_tests;
#[cfg(test)]
mod tests;

use env::Env;
use exec::Exec;
use kubeplay_core::fs::Fs;
use kubeplay_core::http;
use kubeplay_core::output::{Output, WatchSpec};
use lex::{LexError, Lexer, Open, Status, MAX_INPUT};
use parse::{ParseError, MAX_STAGES};
pub use reader::LineReader;
pub use saved::SavedShell;

/// What feeding one line produced: a finished command's output, or a request for more lines
/// (an open heredoc or quote), with the prompt to show.
#[derive(Debug)]
pub enum Feed {
    Done(Output),
    More(String),
}

/// What the shell may ask of the rest of the playground.
pub trait Host {
    fn kubectl(&mut self, args: &[String], stdin: Option<&str>, fs: &mut dyn Fs) -> Output;
    fn sleep(&mut self, seconds: f64);
    /// A command the host provides besides kubectl (`minikube` on that profile); None: the
    /// shell's own builtins, or "command not found".
    fn command(
        &mut self,
        _name: &str,
        _args: &[String],
        _stdin: Option<&str>,
        _fs: &mut dyn Fs,
    ) -> Option<Output> {
        None
    }
    /// The addresses and ports this machine's background forwards listen on, told before each
    /// command so that kubectl cannot listen there again.
    fn listening(&mut self, _taken: Vec<(String, u16)>) {}
    /// The simulated clock's second (background `sleep` jobs end by it).
    fn now(&self) -> i64 {
        0
    }
    /// One poll of a command left running in the background (a watch, a followed log, a
    /// port-forward): what it printed since, and its status once it is over.
    fn poll(&mut self, _spec: &mut WatchSpec, _fs: &mut dyn Fs) -> (Output, Option<i32>) {
        (Output::new(), None)
    }
    /// Whether this machine has `curl` and `wget` as the shell's own (the learner's does; a
    /// container's shell has only what its image ships, which its host runs).
    fn http_clients(&self) -> bool {
        false
    }
    /// An HTTP request from this machine (`curl`, `wget`).
    fn http(&mut self, _req: &http::Request) -> Result<http::Response, http::Failure> {
        Err(http::Failure::Resolve)
    }
}

const PS2: &str = "> ";

#[derive(Debug, Default)]
pub struct Shell {
    lexer: Lexer,
    env: Env,
    /// Output of commands that completed earlier in a multi-line `feed_line` whose last line
    /// is still open; shown with the next finished command.
    held: Option<Output>,
    /// `exit` ran in the last command: a script stops there.
    exited: bool,
}

impl Shell {
    pub fn new() -> Shell {
        Shell::default()
    }

    /// One line as typed at the prompt (a pasted block with newlines is taken line by line).
    pub fn feed_line(&mut self, line: &str, host: &mut dyn Host, fs: &mut dyn Fs) -> Feed {
        let mut done: Option<Output> = self.held.take();
        let mut open = false;
        for part in line.split('\n') {
            let part = part.strip_suffix('\r').unwrap_or(part);
            match self.feed_one(part, host, fs) {
                Some(out) => {
                    open = false;
                    match &mut done {
                        Some(d) => d.append(out),
                        None => done = Some(out),
                    }
                }
                None => open = true,
            }
        }
        if open {
            self.held = done;
            return Feed::More(PS2.to_string());
        }
        Feed::Done(done.unwrap_or_default())
    }

    /// A shell at the learner's terminal: with job control (`&`, `jobs`, `fg`, ...).
    pub fn interactive() -> Shell {
        let mut sh = Shell::new();
        sh.env.job_control = true;
        sh
    }

    /// Drops a half-typed command (Ctrl-C at the `> ` prompt).
    pub fn cancel(&mut self) {
        self.lexer = Lexer::new();
        self.held = None;
    }

    /// Whether a command is waiting for more lines.
    pub fn is_pending(&self) -> bool {
        !self.lexer.is_empty()
    }

    fn feed_one(&mut self, line: &str, host: &mut dyn Host, fs: &mut dyn Fs) -> Option<Output> {
        match self.lexer.feed(line) {
            Ok(Status::More) => {
                // bash reports `| a |` at once instead of asking for the rest.
                let copy = self.lexer.closed_copy()?;
                match parse::parse(copy) {
                    Err(ParseError::Unexpected(tok)) => {
                        self.lexer = Lexer::new();
                        Some(self.error(
                            format!("bash: syntax error near unexpected token `{tok}'\n"),
                            2,
                        ))
                    }
                    _ => None,
                }
            }
            Ok(Status::Complete) => {
                if self.lexer.compound_depth() > 0 {
                    return None;
                }
                let lexed = self.lexer.take();
                Some(self.execute(lexed, host, fs))
            }
            Err(e) => {
                self.lexer = Lexer::new();
                let msg = match e {
                    LexError::Unexpected(tok) => {
                        format!("bash: syntax error near unexpected token `{tok}'\n")
                    }
                    LexError::BadSubst(text) => format!("bash: {text}: bad substitution\n"),
                    LexError::TooLarge => {
                        format!("bash: command too long (limit {} MiB)\n", MAX_INPUT >> 20)
                    }
                };
                Some(self.error(msg, 2))
            }
        }
    }

    fn error(&mut self, msg: String, code: i32) -> Output {
        let mut out = Output::new();
        out.err(msg);
        out.exit_code = code;
        self.env.last = code;
        out
    }

    fn execute(&mut self, lexed: lex::Lexed, host: &mut dyn Host, fs: &mut dyn Fs) -> Output {
        let prog = match parse::parse(lexed) {
            Ok(p) => p,
            Err(ParseError::Unexpected(tok)) => {
                return self.error(
                    format!("bash: syntax error near unexpected token `{tok}'\n"),
                    2,
                )
            }
            Err(ParseError::Incomplete) => {
                return self.error("bash: syntax error: unexpected end of file\n".into(), 2)
            }
            Err(ParseError::TooManyStages) => {
                return self.error(
                    format!("bash: pipeline too long (limit {MAX_STAGES} commands)\n"),
                    2,
                )
            }
            Err(ParseError::TooManyCommands) => {
                return self.error(
                    format!(
                        "bash: too many commands in one input (limit {})\n",
                        parse::MAX_COMMANDS
                    ),
                    2,
                )
            }
        };
        let mut out = Output::new();
        self.env.jobs.next_line();
        let mut ex = Exec::new(&mut self.env, host, fs);
        let code = ex.program(&prog, &mut out);
        self.exited = ex.exit.is_some();
        if !self.env.jobs.is_empty() {
            // Before the next prompt: what the background jobs printed meanwhile, then bash's
            // notices of those that ended.
            let watch = out.watch.take();
            out.append(self.env.jobs.poll(host, fs));
            out.err(self.env.jobs.notices());
            out.watch = watch;
        }
        out.exit_code = code;
        out
    }

    /// What the background jobs printed as the clock moved (a front end's heartbeat); their
    /// end is told after the next command line.
    pub fn poll_jobs(&mut self, host: &mut dyn Host, fs: &mut dyn Fs) -> Output {
        if self.env.jobs.is_empty() {
            return Output::new();
        }
        self.env.jobs.poll(host, fs)
    }

    /// Whether a background job is still running or waiting to be told.
    pub fn has_jobs(&self) -> bool {
        !self.env.jobs.is_empty()
    }

    /// The end of the input came in the middle of a command: bash runs a command whose heredoc
    /// is unterminated (with a warning) and rejects an open quote or a dangling operator.
    fn finish(&mut self, first_line: usize, host: &mut dyn Host, fs: &mut dyn Fs) -> Output {
        match self.lexer.open() {
            Open::Nothing if self.lexer.compound_depth() > 0 => {
                self.lexer = Lexer::new();
                self.error("bash: syntax error: unexpected end of file\n".into(), 2)
            }
            Open::Nothing => {
                let lexed = self.lexer.take();
                self.execute(lexed, host, fs)
            }
            Open::HereDoc { delim, line } => {
                let lexed = self.lexer.take();
                let mut out = Output::new();
                out.err(format!(
                    "bash: warning: here-document at line {} delimited by end-of-file (wanted `{delim}')\n",
                    first_line + line
                ));
                out.append(self.execute(lexed, host, fs));
                out
            }
            Open::Quote(c) => {
                self.lexer = Lexer::new();
                self.error(
                    format!("bash: unexpected EOF while looking for matching `{c}'\n"),
                    2,
                )
            }
            Open::Continuation => {
                self.lexer = Lexer::new();
                self.error("bash: syntax error: unexpected end of file\n".into(), 2)
            }
        }
    }

    /// A whole script: one (command text with its heredoc lines, output) per complete command.
    /// Blank lines produce nothing; `exit` ends the script.
    pub fn run_script(
        &mut self,
        script: &str,
        host: &mut dyn Host,
        fs: &mut dyn Fs,
    ) -> Vec<(String, Output)> {
        let mut res = Vec::new();
        let mut text: Vec<&str> = Vec::new();
        let mut first_line = 0;
        self.exited = false;
        for (n, line) in script.lines().enumerate() {
            if text.is_empty() {
                first_line = n;
            }
            text.push(line);
            let line = line.strip_suffix('\r').unwrap_or(line);
            if let Some(out) = self.feed_one(line, host, fs) {
                let cmd = text.join("\n");
                text.clear();
                if !cmd.trim().is_empty() || out != Output::new() {
                    res.push((cmd, out));
                }
                if self.exited {
                    return res;
                }
            }
        }
        if !text.is_empty() && !self.lexer.is_empty() {
            let out = self.finish(first_line, host, fs);
            res.push((text.join("\n"), out));
        }
        res
    }
}
