//! The terminal's scrollback: what was typed and what came back, as segments the view colours.
//! Shared with the view behind an `Rc`, so showing it costs nothing and a view can tell at once
//! whether it changed.

use std::rc::Rc;

use crate::output::{Output, Stream};

/// Segments kept; older ones scroll away.
const MAX_SEGMENTS: usize = 4000;

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Seg {
    /// A line as typed, after the prompt it was typed at.
    Echo(String, String),
    Out(String),
    Err(String),
    /// The page's own remarks (completion lists, `^C`).
    Note(String),
}

#[derive(Clone, Default)]
pub struct Screen {
    segs: Rc<Vec<Seg>>,
}

impl Screen {
    /// The segments as they are now (they do not change under the caller).
    pub fn segs(&self) -> Rc<Vec<Seg>> {
        self.segs.clone()
    }

    pub fn clear(&mut self) {
        self.segs = Rc::default();
    }

    pub fn echo(&mut self, prompt: &str, line: &str) {
        self.push([Seg::Echo(prompt.to_string(), line.to_string())]);
    }

    pub fn note(&mut self, text: String) {
        self.push([Seg::Note(text)]);
    }

    /// A command's output (`clear` wipes the screen first).
    pub fn show(&mut self, out: Output) {
        if out.clear {
            self.clear();
        }
        self.push(out.chunks.into_iter().map(|(stream, text)| match stream {
            Stream::Stdout => Seg::Out(text),
            Stream::Stderr => Seg::Err(text),
        }));
    }

    fn push(&mut self, segs: impl IntoIterator<Item = Seg>) {
        let v = Rc::make_mut(&mut self.segs);
        v.extend(segs);
        if v.len() > MAX_SEGMENTS {
            let extra = v.len() - MAX_SEGMENTS;
            v.drain(..extra);
        }
    }
}

/// Choices in columns, as a shell lists them after a double Tab.
pub fn columns(choices: &[String]) -> String {
    let width = choices.iter().map(|c| c.chars().count()).max().unwrap_or(0) + 2;
    let per_line = (100 / width.max(1)).max(1);
    let mut s = String::new();
    for (i, c) in choices.iter().enumerate() {
        s.push_str(c);
        if (i + 1) % per_line == 0 || i + 1 == choices.len() {
            s.push('\n');
        } else {
            s.push_str(&" ".repeat(width - c.chars().count()));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_segments_scroll_away_and_shown_ones_stay_as_they_were() {
        let mut s = Screen::default();
        s.note("first".into());
        let shown = s.segs();
        for i in 0..MAX_SEGMENTS {
            s.note(format!("{i}"));
        }
        assert_eq!(s.segs().len(), MAX_SEGMENTS);
        assert_eq!(s.segs()[0], Seg::Note("0".into()));
        assert_eq!(*shown, vec![Seg::Note("first".into())]);
    }

    #[test]
    fn output_keeps_its_streams_and_clear_wipes_first() {
        let mut s = Screen::default();
        s.echo("$ ", "ls");
        let mut out = Output::new();
        out.out("a\n");
        out.err("b\n");
        s.show(out.clone());
        assert_eq!(s.segs().len(), 3);
        out.clear = true;
        s.show(out);
        assert_eq!(
            *s.segs(),
            vec![Seg::Out("a\n".into()), Seg::Err("b\n".into())]
        );
    }

    #[test]
    fn choices_fill_lines_of_a_hundred_columns() {
        let words: Vec<String> = (0..12).map(|i| format!("choice-{i:02}")).collect();
        let text = columns(&words);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("choice-00  choice-01  "));
        assert!(lines.iter().all(|l| l.len() <= 100));
        assert_eq!(columns(&[]), "");
    }
}
