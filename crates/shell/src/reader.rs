//! Lines followed as the shell reads them, without running anything: whether a command is still
//! open after each line (a heredoc, a quote, a compound command waiting for its end). The page's
//! timeline uses it to offer only the moments between whole commands.

use crate::lex::{Lexer, Status};
use crate::parse::{self, ParseError};

#[derive(Debug, Default)]
pub struct LineReader {
    lexer: Lexer,
}

impl LineReader {
    pub fn new() -> LineReader {
        LineReader::default()
    }

    /// Read one line as typed (a pasted block line by line); true when a command is still open
    /// after it. The decisions are `Shell::feed_line`'s: a syntax error ends the command too.
    pub fn feed(&mut self, line: &str) -> bool {
        for part in line.split('\n') {
            let part = part.strip_suffix('\r').unwrap_or(part);
            match self.lexer.feed(part) {
                Ok(Status::More) => {
                    let refused = self.lexer.closed_copy().is_some_and(|copy| {
                        matches!(parse::parse(copy), Err(ParseError::Unexpected(_)))
                    });
                    if refused {
                        self.cancel();
                    }
                }
                Ok(Status::Complete) => {
                    if self.lexer.compound_depth() == 0 {
                        self.cancel();
                    }
                }
                Err(_) => self.cancel(),
            }
        }
        !self.lexer.is_empty()
    }

    /// Ctrl-C: the open command is dropped.
    pub fn cancel(&mut self) {
        self.lexer = Lexer::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredocs_quotes_and_compounds_stay_open_until_they_end() {
        let mut r = LineReader::new();
        assert!(!r.feed("kubectl get pods"));
        assert!(r.feed("cat <<EOF | kubectl apply -f -"));
        assert!(r.feed("kind: Namespace"));
        assert!(!r.feed("EOF"));
        assert!(r.feed("echo 'open"));
        assert!(!r.feed("closed'"));
        assert!(r.feed("for i in 1 2; do"));
        assert!(!r.feed("echo $i; done"));
        assert!(!r.feed("| bad"));
        assert!(r.feed("echo \"x"));
        r.cancel();
        assert!(!r.feed("echo y"));
    }
}
