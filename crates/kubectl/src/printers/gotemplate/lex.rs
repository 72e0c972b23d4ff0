//! Go text/template's lexer: text and actions between `{{` and `}}`, with `{{- ` and ` -}}`
//! trimming the spaces around an action and `{{/* */}}` comments.

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Text(String),
    Left,
    Right,
    Space,
    Field(String),
    Variable(String),
    Dot,
    Ident(String),
    Keyword(&'static str),
    Bool(bool),
    Nil,
    Str(String),
    Number(String),
    Char(String),
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    /// Any other printable character; the parser finds it unexpected.
    Punct(char),
    Eof,
    /// A lexing error: the parser reports it when it gets there, as Go's does.
    Error(String),
}

#[derive(Debug, Clone)]
pub struct Token {
    pub kind: Kind,
    /// Byte offset in the template.
    pub pos: usize,
    pub line: usize,
}

const KEYWORDS: [&str; 10] = [
    "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
];

pub fn lex(src: &str) -> Vec<Token> {
    let mut l = Lexer {
        src,
        pos: 0,
        line: 1,
        out: Vec::new(),
        parens: 0,
    };
    l.run();
    l.out
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    line: usize,
    out: Vec<Token>,
    parens: usize,
}

/// `{{- ` and ` -}}`: the marker needs a space beside it, or it is a negative number.
fn is_trim_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn emit(&mut self, kind: Kind, start: usize) {
        let line = self.line;
        self.out.push(Token {
            kind,
            pos: start,
            line,
        });
        self.line += self.src[start..self.pos].matches('\n').count();
    }

    fn error(&mut self, msg: impl Into<String>) {
        let (pos, line) = (self.pos, self.line);
        self.out.push(Token {
            kind: Kind::Error(msg.into()),
            pos,
            line,
        });
    }

    fn run(&mut self) {
        let mut trim_next = false;
        loop {
            let start = self.pos;
            let end = self
                .rest()
                .find("{{")
                .map(|i| self.pos + i)
                .unwrap_or(self.src.len());
            let mut text = &self.src[start..end];
            if trim_next {
                text = text.trim_start_matches(|c: char| c.is_ascii_whitespace());
            }
            let after = &self.src[end..];
            let trim_left = after.len() > 3
                && after.as_bytes()[2] == b'-'
                && is_trim_space(after.as_bytes()[3]);
            if trim_left {
                text = text.trim_end_matches(|c: char| c.is_ascii_whitespace());
            }
            self.pos = end;
            if !text.is_empty() {
                let line = self.line;
                self.out.push(Token {
                    kind: Kind::Text(text.to_string()),
                    pos: start,
                    line,
                });
            }
            self.line += self.src[start..end].matches('\n').count();
            if end == self.src.len() {
                let pos = self.pos;
                self.emit(Kind::Eof, pos);
                return;
            }
            match self.action(trim_left) {
                Some(t) => trim_next = t,
                None => return,
            }
        }
    }

    /// One `{{ ... }}`; answers whether it trims the text after it, None after an error.
    fn action(&mut self, trim_left: bool) -> Option<bool> {
        let start = self.pos;
        self.pos += if trim_left { 4 } else { 2 };
        // Comments are whole actions of their own.
        let after_space = self
            .rest()
            .trim_start_matches(|c: char| c.is_ascii_whitespace());
        if self.rest().starts_with("/*") || (trim_left && after_space.starts_with("/*")) {
            return self.comment(start);
        }
        self.emit(Kind::Left, start);
        loop {
            let r = self.rest();
            if r.is_empty() {
                self.error("unclosed action");
                return None;
            }
            let b = r.as_bytes();
            if b.len() >= 4 && is_trim_space(b[0]) && b[1] == b'-' && b[2] == b'}' && b[3] == b'}' {
                if self.parens > 0 {
                    self.error("unclosed left paren");
                    return None;
                }
                let s = self.pos;
                self.pos += 4;
                self.emit(Kind::Right, s);
                return Some(true);
            }
            if r.starts_with("}}") {
                if self.parens > 0 {
                    self.error("unclosed left paren");
                    return None;
                }
                let s = self.pos;
                self.pos += 2;
                self.emit(Kind::Right, s);
                return Some(false);
            }
            if !self.token() {
                return None;
            }
        }
    }

    fn comment(&mut self, start: usize) -> Option<bool> {
        let Some(end) = self.rest().find("*/") else {
            self.error("unclosed comment");
            return None;
        };
        self.pos += end + 2;
        let r = self.rest();
        let trim = if r.len() >= 4 && is_trim_space(r.as_bytes()[0]) && r[1..].starts_with("-}}") {
            self.pos += 4;
            true
        } else if r.starts_with("}}") {
            self.pos += 2;
            false
        } else {
            self.error("comment ends before closing delimiter");
            return None;
        };
        self.line += self.src[start..self.pos].matches('\n').count();
        Some(trim)
    }

    /// One token inside an action; false after an error.
    fn token(&mut self) -> bool {
        let s = self.pos;
        let r = self.rest();
        let Some(c) = r.chars().next() else {
            return false;
        };
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                let n = r.len() - r.trim_start_matches([' ', '\t', '\r', '\n']).len();
                // Keep ` -}}` for the action's end.
                let n = if r[n..].starts_with("-}}") && n > 0 {
                    n - 1
                } else {
                    n
                };
                self.pos += n.max(1);
                self.emit(Kind::Space, s);
            }
            '|' => self.one(Kind::Pipe),
            ',' => self.one(Kind::Comma),
            '(' => {
                self.parens += 1;
                self.one(Kind::LeftParen)
            }
            ')' => {
                if self.parens == 0 {
                    self.error("unexpected right paren");
                    return false;
                }
                self.parens -= 1;
                self.one(Kind::RightParen)
            }
            ':' => {
                if !r.starts_with(":=") {
                    self.error("expected :=");
                    return false;
                }
                self.pos += 2;
                self.emit(Kind::Declare, s);
            }
            '=' => self.one(Kind::Assign),
            '"' => return self.quoted(),
            '`' => return self.raw_quoted(),
            '\'' => return self.char_const(),
            '$' => {
                let n = 1 + alnum_len(&r[1..]);
                self.pos += n;
                if !self.at_terminator() {
                    return false;
                }
                self.emit(Kind::Variable(r[..n].to_string()), s);
            }
            '.' => {
                if r[1..].starts_with(|c: char| c.is_ascii_digit()) {
                    return self.number();
                }
                let n = alnum_len(&r[1..]);
                self.pos += 1 + n;
                if !self.at_terminator() {
                    return false;
                }
                let k = if n == 0 {
                    Kind::Dot
                } else {
                    Kind::Field(r[1..=n].to_string())
                };
                self.emit(k, s);
            }
            '+' | '-' | '0'..='9' => return self.number(),
            c if c.is_alphabetic() || c == '_' => {
                let n = alnum_len(r);
                let word = &r[..n];
                self.pos += n;
                if !self.at_terminator() {
                    return false;
                }
                let k = match word {
                    "true" => Kind::Bool(true),
                    "false" => Kind::Bool(false),
                    "nil" => Kind::Nil,
                    w => match KEYWORDS.iter().find(|k| **k == w) {
                        Some(k) => Kind::Keyword(k),
                        None => Kind::Ident(w.to_string()),
                    },
                };
                self.emit(k, s);
            }
            c if c.is_ascii_graphic() => self.one(Kind::Punct(c)),
            c => {
                self.error(format!("unrecognized character in action: {}", go_rune(c)));
                return false;
            }
        }
        true
    }

    /// Go's lexer wants a word to end at a space, punctuation it knows or the action's end;
    /// otherwise it reports the character (false).
    fn at_terminator(&mut self) -> bool {
        let r = self.rest();
        let Some(c) = r.chars().next() else {
            return true;
        };
        if matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '|' | ':' | ')' | '('
        ) || r.starts_with("}}")
        {
            return true;
        }
        self.error(format!("bad character {}", go_rune(c)));
        false
    }

    fn one(&mut self, k: Kind) {
        let s = self.pos;
        self.pos += 1;
        self.emit(k, s);
    }

    fn quoted(&mut self) -> bool {
        let s = self.pos;
        let b = self.rest().as_bytes();
        let mut i = 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'\n' => break,
                b'"' => {
                    self.pos += i + 1;
                    let text = self.src[s..self.pos].to_string();
                    self.emit(Kind::Str(text), s);
                    return true;
                }
                _ => i += 1,
            }
        }
        self.error("unterminated quoted string");
        false
    }

    fn raw_quoted(&mut self) -> bool {
        let s = self.pos;
        match self.rest()[1..].find('`') {
            Some(i) => {
                self.pos += i + 2;
                let text = self.src[s..self.pos].to_string();
                self.emit(Kind::Str(text), s);
                true
            }
            None => {
                self.error("unterminated raw quoted string");
                false
            }
        }
    }

    fn char_const(&mut self) -> bool {
        let s = self.pos;
        let b = self.rest().as_bytes();
        let mut i = 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'\n' => break,
                b'\'' => {
                    self.pos += i + 1;
                    let text = self.src[s..self.pos].to_string();
                    self.emit(Kind::Char(text), s);
                    return true;
                }
                _ => i += 1,
            }
        }
        self.error("unterminated character constant");
        false
    }

    fn number(&mut self) -> bool {
        let s = self.pos;
        let r = self.rest();
        let mut n = 0;
        let b = r.as_bytes();
        if n < b.len() && (b[n] == b'+' || b[n] == b'-') {
            n += 1;
        }
        while n < b.len() {
            let c = b[n];
            let exp_sign =
                (c == b'+' || c == b'-') && n > 0 && matches!(b[n - 1], b'e' | b'E' | b'p' | b'P');
            if c.is_ascii_alphanumeric() || c == b'.' || c == b'_' || exp_sign {
                n += 1;
            } else {
                break;
            }
        }
        let text = &r[..n];
        if text == "+" || text == "-" {
            self.error(format!("bad number syntax: \"{text}\""));
            return false;
        }
        self.pos += n;
        self.emit(Kind::Number(text.to_string()), s);
        true
    }
}

fn alnum_len(s: &str) -> usize {
    s.char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map(|(i, _)| i)
        .unwrap_or(s.len())
}

/// Go's `%#U`: `U+0023 '#'`.
fn go_rune(c: char) -> String {
    format!("U+{:04X} '{c}'", c as u32)
}
