//! One line of YAML into tokens, given the state the lines above left. Only what colouring needs:
//! a line never fails, whatever is typed, and the state carried to the next line is small (an
//! open block scalar, an open quoted scalar, the flow depth, the open indentations for guides).

use crate::yaml::{resolve_plain, Resolved};

/// What a run of characters is, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Key,
    /// A plain scalar read as a string.
    Str,
    /// A single- or double-quoted scalar.
    Quoted,
    Number,
    Bool,
    Null,
    Comment,
    Anchor,
    Alias,
    Tag,
    /// `---` and `...`.
    Document,
    /// `%YAML`, `%TAG`.
    Directive,
    /// `-`, `?`, `:`, `,` and a block scalar's header (`|-`, `>+`).
    Punct,
    /// `{`, `}`, `[`, `]` with their nesting depth modulo 3 (0 outermost): three colours in turn
    /// tell a bracket's partner.
    Bracket(u8),
    /// A line of a block scalar's content.
    Block,
}

impl Kind {
    /// The CSS class the page gives it.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Key => "hl-key",
            Kind::Str => "hl-str",
            Kind::Quoted => "hl-quoted",
            Kind::Number => "hl-num",
            Kind::Bool => "hl-bool",
            Kind::Null => "hl-null",
            Kind::Comment => "hl-comment",
            Kind::Anchor => "hl-anchor",
            Kind::Alias => "hl-alias",
            Kind::Tag => "hl-tag",
            Kind::Document => "hl-doc",
            Kind::Directive => "hl-directive",
            Kind::Punct => "hl-punct",
            Kind::Bracket(0) => "hl-br0",
            Kind::Bracket(1) => "hl-br1",
            Kind::Bracket(_) => "hl-br2",
            Kind::Block => "hl-block",
        }
    }
}

/// A token: bytes `start..end` of its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// What a line leaves open for the next one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// Inside a block scalar: the least indentation of its content lines.
    block: Option<usize>,
    /// Inside a quoted scalar begun on an earlier line: its quote.
    quote: Option<u8>,
    /// Flow collections (`{`, `[`) open.
    flow: usize,
    /// The indentations of the block lines above still open, outermost first.
    indents: Vec<usize>,
}

/// A line's tokens, its indent guides (columns) and the state after it.
pub struct Lexed {
    pub tokens: Vec<Token>,
    pub guides: Vec<usize>,
    pub end: State,
}

pub fn lex(line: &str, start: &State) -> Lexed {
    let mut l = Lexer {
        b: line.as_bytes(),
        line,
        pos: 0,
        s: start.clone(),
        out: Vec::new(),
        parent: None,
    };
    let indent = l.b.iter().take_while(|c| **c == b' ').count();
    let blank = line.trim().is_empty();
    let guides = l.guides(indent, blank);
    if let Some(min) = l.s.block {
        if (blank || indent >= min) && !is_document_marker(l.b) {
            l.push(indent, line.len(), Kind::Block);
            return l.done(guides);
        }
        l.s.block = None;
    }
    if let Some(q) = l.s.quote {
        l.pos = indent;
        l.quoted_from(indent, q, false);
    } else if l.document_marker() || l.directive() {
        return l.done(guides);
    }
    l.nodes();
    l.done(guides)
}

struct Lexer<'a> {
    b: &'a [u8],
    line: &'a str,
    pos: usize,
    s: State,
    out: Vec<Token>,
    /// The column of the node a block scalar's header on this line belongs to (its key, else its
    /// `-`), the content having to be indented past it.
    parent: Option<usize>,
}

/// Ends a plain scalar or an anchor in a flow collection.
fn flow_char(c: u8) -> bool {
    matches!(c, b',' | b'[' | b']' | b'{' | b'}')
}

impl Lexer<'_> {
    fn done(self, guides: Vec<usize>) -> Lexed {
        Lexed {
            tokens: self.out,
            guides,
            end: self.s,
        }
    }

    fn push(&mut self, start: usize, end: usize, kind: Kind) {
        if end > start {
            self.out.push(Token { start, end, kind });
        }
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    /// A space, a tab or the end of the line at `i`.
    fn blank_at(&self, i: usize) -> bool {
        matches!(self.at(i), None | Some(b' ' | b'\t' | b'\r'))
    }

    /// The guides of this line: the open indentations left of it. A blank line keeps those of
    /// the line above but its own. Lines inside flow collections leave them as they are.
    fn guides(&mut self, indent: usize, blank: bool) -> Vec<usize> {
        let open = &mut self.s.indents;
        if blank {
            let keep = open.len().saturating_sub(1);
            return open[..keep].to_vec();
        }
        if self.s.flow == 0 && self.s.quote.is_none() && self.s.block.is_none_or(|m| indent < m) {
            while open.last().is_some_and(|i| *i >= indent) {
                open.pop();
            }
            let guides = open.clone();
            open.push(indent);
            return guides;
        }
        open.iter().copied().filter(|c| *c < indent).collect()
    }

    /// `---` or `...` at the start of the line ends the document: everything open is closed.
    fn document_marker(&mut self) -> bool {
        if !is_document_marker(self.b) {
            return false;
        }
        self.s = State::default();
        self.push(0, 3, Kind::Document);
        self.pos = 3;
        self.nodes();
        true
    }

    fn directive(&mut self) -> bool {
        if self.at(0) != Some(b'%') {
            return false;
        }
        let end = self.line.find(" #").unwrap_or(self.b.len());
        self.push(0, end, Kind::Directive);
        self.pos = end;
        self.nodes();
        true
    }

    /// The rest of the line: indicators, properties and scalars, with flow collections.
    fn nodes(&mut self) {
        while self.pos < self.b.len() {
            let p = self.pos;
            let c = self.b[p];
            match c {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'#' if p == 0 || self.blank_at(p - 1) => {
                    self.push(p, self.b.len(), Kind::Comment);
                    self.pos = self.b.len();
                }
                b'-' | b'?' if self.blank_at(p + 1) && self.s.flow == 0 => {
                    self.parent = Some(p);
                    self.punct(p)
                }
                b':' if self.blank_at(p + 1) || self.s.flow > 0 => self.punct(p),
                b',' if self.s.flow > 0 => self.punct(p),
                b'{' | b'[' => {
                    self.push(p, p + 1, Kind::Bracket(depth(self.s.flow)));
                    self.s.flow += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    self.s.flow = self.s.flow.saturating_sub(1);
                    self.push(p, p + 1, Kind::Bracket(depth(self.s.flow)));
                    self.pos += 1;
                }
                b'&' => self.word(Kind::Anchor),
                b'*' => self.word(Kind::Alias),
                b'!' => self.word(Kind::Tag),
                b'|' | b'>' if self.s.flow == 0 => self.block_header(),
                b'"' | b'\'' => {
                    self.pos += 1;
                    self.quoted_from(p, c, true);
                }
                _ => self.plain(),
            }
        }
    }

    fn punct(&mut self, p: usize) {
        self.push(p, p + 1, Kind::Punct);
        self.pos = p + 1;
    }

    /// An anchor, alias or tag: up to a blank (or a flow indicator inside a flow collection).
    fn word(&mut self, kind: Kind) {
        let start = self.pos;
        let mut end = start + 1;
        while let Some(c) = self.at(end) {
            if matches!(c, b' ' | b'\t' | b'\r') || (self.s.flow > 0 && flow_char(c)) {
                break;
            }
            end += 1;
        }
        self.push(start, end, kind);
        self.pos = end;
    }

    /// `|` or `>` with its indicators: the lines below more indented than the node are its text.
    fn block_header(&mut self) {
        let start = self.pos;
        let mut end = start + 1;
        while self
            .at(end)
            .is_some_and(|c| matches!(c, b'-' | b'+') || c.is_ascii_digit())
        {
            end += 1;
        }
        if !self.blank_at(end) {
            // `|foo` is a plain scalar (go-yaml refuses it; colour it as typed).
            self.plain();
            return;
        }
        self.push(start, end, Kind::Punct);
        self.pos = end;
        self.s.block = Some(self.parent.map_or(0, |p| p + 1));
    }

    /// A quoted scalar whose text starts at `from` (its opening quote, or the line's start when
    /// it goes on from the line above); the scan starts at `self.pos`. A key when a `:` follows.
    fn quoted_from(&mut self, from: usize, q: u8, may_be_key: bool) {
        let mut i = self.pos;
        let mut closed = None;
        while let Some(c) = self.at(i) {
            if q == b'"' && c == b'\\' {
                i += 2;
                continue;
            }
            if c == q {
                if q == b'\'' && self.at(i + 1) == Some(b'\'') {
                    i += 2;
                    continue;
                }
                closed = Some(i + 1);
                break;
            }
            i += 1;
        }
        let Some(end) = closed else {
            self.push(from, self.b.len(), Kind::Quoted);
            self.pos = self.b.len();
            self.s.quote = Some(q);
            return;
        };
        self.s.quote = None;
        let kind = if may_be_key && self.key_follows(end) {
            self.parent = Some(from);
            Kind::Key
        } else {
            Kind::Quoted
        };
        self.push(from, end, kind);
        self.pos = end;
    }

    /// A `:` after `i` (spaces allowed) that makes what is before it a key.
    fn key_follows(&self, i: usize) -> bool {
        let mut j = i;
        while self.at(j) == Some(b' ') {
            j += 1;
        }
        self.at(j) == Some(b':') && (self.blank_at(j + 1) || self.s.flow > 0)
    }

    /// A plain scalar: up to `: `, ` #` (or a flow indicator in a flow collection); a key when it
    /// stops at a `:`, else coloured by what it resolves to.
    fn plain(&mut self) {
        let start = self.pos;
        let mut i = start;
        let mut key = false;
        while let Some(c) = self.at(i) {
            let flow = self.s.flow > 0;
            if c == b':'
                && (self.blank_at(i + 1) || (flow && self.at(i + 1).is_some_and(flow_char)))
            {
                key = true;
                break;
            }
            if c == b'#' && i > start && self.blank_at(i - 1) {
                break;
            }
            if flow && flow_char(c) {
                break;
            }
            i += 1;
        }
        let end = start + self.line[start..i].trim_end().len();
        let kind = if key {
            self.parent = Some(start);
            Kind::Key
        } else {
            match resolve_plain(&self.line[start..end]) {
                Resolved::Null => Kind::Null,
                Resolved::Bool(_) => Kind::Bool,
                Resolved::Int(_) | Resolved::Uint(_) | Resolved::Float(_) => Kind::Number,
                Resolved::Timestamp | Resolved::Str => Kind::Str,
            }
        };
        self.push(start, end, kind);
        self.pos = i.max(start + 1);
    }
}

/// `---` or `...` at the start of a line, alone or before a blank.
fn is_document_marker(b: &[u8]) -> bool {
    (b.starts_with(b"---") || b.starts_with(b"..."))
        && matches!(b.get(3), None | Some(b' ' | b'\t' | b'\r'))
}

fn depth(flow: usize) -> u8 {
    u8::try_from(flow % 3).unwrap_or(0)
}
