//! The shell: a command line -> argv (quotes, pipes, heredocs), builtins, virtual files.
//! (Interim: one command per line, split with shell quoting, `kubectl`/`k` only.)

use crate::fs::Fs;
use crate::output::Output;

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
}

#[derive(Debug, Default)]
pub struct Shell {}

impl Shell {
    pub fn new() -> Shell {
        Shell {}
    }

    pub fn feed_line(&mut self, line: &str, host: &mut dyn Host, fs: &mut dyn Fs) -> Feed {
        let mut out = Output::new();
        let words = shlex::split(line).unwrap_or_default();
        match words.first().map(String::as_str) {
            None => {}
            Some("kubectl") | Some("k") => out = host.kubectl(&words[1..], None, fs),
            Some(other) => {
                out.err(format!("{other}: command not found\n"));
                out.exit_code = 127;
            }
        }
        Feed::Done(out)
    }

    pub fn run_script(
        &mut self,
        script: &str,
        host: &mut dyn Host,
        fs: &mut dyn Fs,
    ) -> Vec<(String, Output)> {
        let mut res = Vec::new();
        for line in script.lines() {
            if let Feed::Done(out) = self.feed_line(line, host, fs) {
                res.push((line.to_string(), out));
            }
        }
        res
    }
}
