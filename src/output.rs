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
