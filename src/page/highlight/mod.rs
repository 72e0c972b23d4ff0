//! The editor's YAML colours, kept up with typing: each line is lexed from the state the line
//! above left (`lex`), and after an edit only the changed lines are lexed again, then the lines
//! below them until one starts in the same state as before (an opened quote or block scalar
//! carries on further, an ordinary keystroke stops at once). The page draws the tokens of the
//! lines in view as spans with each kind's CSS class over the textarea.

mod lex;
#[cfg(test)]
mod tests;

pub use lex::{Kind, State, Token};

/// One line as the page draws it.
#[derive(Clone, Debug)]
pub struct Line {
    pub text: String,
    pub tokens: Vec<Token>,
    /// Columns of the indent guides drawn across this line.
    pub guides: Vec<usize>,
    start: State,
    end: State,
}

impl Line {
    fn lexed(text: &str, start: State) -> Line {
        let l = lex::lex(text, &start);
        Line {
            text: text.to_string(),
            tokens: l.tokens,
            guides: l.guides,
            start,
            end: l.end,
        }
    }

    /// The line cut into (text, CSS class) runs, unstyled text with no class.
    pub fn runs(&self) -> Vec<(&str, Option<&'static str>)> {
        let mut out = Vec::with_capacity(self.tokens.len() * 2 + 1);
        let mut at = 0;
        for t in &self.tokens {
            let (Some(gap), Some(tok)) =
                (self.text.get(at..t.start), self.text.get(t.start..t.end))
            else {
                continue;
            };
            if !gap.is_empty() {
                out.push((gap, None));
            }
            out.push((tok, Some(t.kind.class())));
            at = t.end;
        }
        if let Some(rest) = self.text.get(at..).filter(|r| !r.is_empty()) {
            out.push((rest, None));
        }
        out
    }
}

/// The lexed lines of the text last given to `update`.
#[derive(Default)]
pub struct Highlighter {
    lines: Vec<Line>,
}

impl Highlighter {
    /// Brings the lines up to `text`; returns how many lines were lexed again.
    pub fn update(&mut self, text: &str) -> usize {
        let new: Vec<&str> = text.split('\n').collect();
        let old = &self.lines;
        let same = |a: &Line, b: &&str| a.text == *b;
        let prefix = old.iter().zip(&new).take_while(|(a, b)| same(a, b)).count();
        let room = old.len().min(new.len()) - prefix;
        let suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(room)
            .take_while(|(a, b)| same(a, b))
            .count();
        if prefix == old.len() && prefix == new.len() {
            return 0;
        }
        let tail = self.lines.split_off(self.lines.len() - suffix);
        self.lines.truncate(prefix);
        let mut lexed = 0;
        for text in &new[prefix..new.len() - suffix] {
            self.lines.push(Line::lexed(text, self.end_state()));
            lexed += 1;
        }
        let mut tail = tail.into_iter();
        for line in tail.by_ref() {
            let start = self.end_state();
            if line.start == start {
                self.lines.push(line);
                break;
            }
            self.lines.push(Line::lexed(&line.text, start));
            lexed += 1;
        }
        self.lines.extend(tail);
        lexed
    }

    fn end_state(&self) -> State {
        self.lines.last().map(|l| l.end.clone()).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Lines `from..to` (clamped to the text).
    pub fn lines(&self, from: usize, to: usize) -> &[Line] {
        let to = to.min(self.lines.len());
        self.lines.get(from.min(to)..to).unwrap_or_default()
    }
}
