//! The tokenizer. It is fed one line at a time and keeps its state between lines, so an open
//! quote, a trailing `\` or `|`, or a heredoc waiting for its terminator simply asks for the next
//! line, and a long heredoc is read in linear time. Words keep which parts were quoted, because
//! expansion (done later, at run time) treats quoted and unquoted parts differently.

use std::collections::VecDeque;

/// A whole command (all its lines and heredoc bodies) may not be larger than this.
pub const MAX_INPUT: usize = 4 << 20;

/// One piece of a word.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    /// Unquoted literal text.
    Lit(String),
    /// Text that was inside quotes or escaped: never split, never a glob.
    Quoted(String),
    /// `$NAME`, `$?` (expr `NAME`, `?`) or `${...}` (expr `{...}`).
    Param { expr: String, quoted: bool },
    /// `$(...)` or a backquoted command.
    Subst { script: String, quoted: bool },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Word {
    pub segs: Vec<Seg>,
}

impl Word {
    fn push(&mut self, c: char, quoted: bool) {
        match (self.segs.last_mut(), quoted) {
            (Some(Seg::Lit(s)), false) | (Some(Seg::Quoted(s)), true) => s.push(c),
            _ if quoted => self.segs.push(Seg::Quoted(c.to_string())),
            _ => self.segs.push(Seg::Lit(c.to_string())),
        }
    }

    /// Whether any part was quoted or escaped (a quoted heredoc delimiter turns expansion off).
    pub fn has_quotes(&self) -> bool {
        self.segs.iter().any(|s| match s {
            Seg::Quoted(_) => true,
            Seg::Param { quoted, .. } | Seg::Subst { quoted, .. } => *quoted,
            Seg::Lit(_) => false,
        })
    }

    /// The word with quotes removed but nothing expanded (heredoc delimiters, messages).
    pub fn raw(&self) -> String {
        let mut out = String::new();
        for s in &self.segs {
            match s {
                Seg::Lit(t) | Seg::Quoted(t) => out.push_str(t),
                Seg::Param { expr, .. } => {
                    out.push('$');
                    out.push_str(expr);
                }
                Seg::Subst { script, .. } => {
                    out.push_str("$(");
                    out.push_str(script);
                    out.push(')');
                }
            }
        }
        out
    }

    /// The text when the word is only unquoted literal text.
    pub fn plain(&self) -> Option<&str> {
        match self.segs.as_slice() {
            [Seg::Lit(s)] => Some(s),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Pipe,
    PipeAmp,
    And,
    Or,
    Semi,
    DSemi,
    Amp,
    LParen,
    RParen,
    Newline,
}

impl Op {
    pub fn text(self) -> &'static str {
        match self {
            Op::Pipe => "|",
            Op::PipeAmp => "|&",
            Op::And => "&&",
            Op::Or => "||",
            Op::Semi => ";",
            Op::DSemi => ";;",
            Op::Amp => "&",
            Op::LParen => "(",
            Op::RParen => ")",
            Op::Newline => "newline",
        }
    }

    /// Operators after which a command must follow, so a line ending with them continues.
    fn wants_more(self) -> bool {
        matches!(self, Op::Pipe | Op::PipeAmp | Op::And | Op::Or)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirOp {
    /// `<`
    In,
    /// `>` and `>|`
    Out,
    /// `>>`
    Append,
    /// `>&`
    DupOut,
    /// `<&`
    DupIn,
    /// `&>`
    AllOut,
    /// `&>>`
    AllAppend,
    /// `<<` and `<<-`
    HereDoc { strip_tabs: bool },
    /// `<<<`
    HereStr,
}

impl RedirOp {
    pub fn text(self) -> &'static str {
        match self {
            RedirOp::In => "<",
            RedirOp::Out => ">",
            RedirOp::Append => ">>",
            RedirOp::DupOut => ">&",
            RedirOp::DupIn => "<&",
            RedirOp::AllOut => "&>",
            RedirOp::AllAppend => "&>>",
            RedirOp::HereDoc { strip_tabs: false } => "<<",
            RedirOp::HereDoc { strip_tabs: true } => "<<-",
            RedirOp::HereStr => "<<<",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Word(Word),
    Op(Op),
    Redir {
        fd: Option<u32>,
        op: RedirOp,
    },
    /// Stands where a heredoc's delimiter word was; the index into `Lexed::heredocs`.
    HereDocBody(usize),
}

impl Tok {
    /// How bash names the token in "syntax error near unexpected token".
    pub fn text(&self) -> String {
        match self {
            Tok::Word(w) => w.raw(),
            Tok::Op(op) => op.text().to_string(),
            Tok::Redir { op, .. } => op.text().to_string(),
            Tok::HereDocBody(_) => "newline".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct HereDoc {
    pub delim: String,
    pub strip_tabs: bool,
    /// Unquoted delimiter: `$VAR`, `$(...)` and `\` escapes are expanded in the body.
    pub expand: bool,
    pub body: String,
    /// Line (counted from 1 in this command) holding the `<<`.
    pub line: usize,
}

/// A complete command line: its tokens and heredoc bodies.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lexed {
    pub toks: Vec<Tok>,
    pub heredocs: Vec<HereDoc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexError {
    /// `syntax error near unexpected token `X'`.
    Unexpected(String),
    /// `${...}` that does not close on its line.
    BadSubst(String),
    TooLarge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Complete,
    More,
}

/// Why the input stopped in the middle of a command, for the end-of-input message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Open {
    Nothing,
    /// The matching quote character bash names: `'`, `"`, `)` or `` ` ``.
    Quote(char),
    HereDoc {
        delim: String,
        line: usize,
    },
    /// A trailing `|`, `&&`, `||` or `\`.
    Continuation,
}

/// Scans a `$(...)` or backquoted command up to its end, tracking nested parens and quotes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SubstScan {
    pub text: String,
    depth: u32,
    quote: Option<char>,
    escaped: bool,
    backtick: bool,
    /// The substitution sits inside double quotes.
    pub in_double: bool,
}

impl SubstScan {
    pub fn new(backtick: bool, in_double: bool) -> Self {
        SubstScan {
            backtick,
            in_double,
            ..Default::default()
        }
    }

    /// Takes one character; true when it closed the substitution (and was not kept).
    pub fn feed(&mut self, c: char) -> bool {
        if self.backtick {
            if self.escaped {
                self.escaped = false;
                if !matches!(c, '`' | '$' | '\\') {
                    self.text.push('\\');
                }
                self.text.push(c);
                return false;
            }
            match c {
                '\\' => self.escaped = true,
                '`' => return true,
                _ => self.text.push(c),
            }
            return false;
        }
        if self.escaped {
            self.escaped = false;
            self.text.push(c);
            return false;
        }
        match self.quote {
            Some('\'') => {
                if c == '\'' {
                    self.quote = None;
                }
            }
            Some(_) => match c {
                '\\' => self.escaped = true,
                '"' => self.quote = None,
                _ => {}
            },
            None => match c {
                '\\' => self.escaped = true,
                '\'' | '"' => self.quote = Some(c),
                '(' => self.depth += 1,
                ')' if self.depth == 0 => return true,
                ')' => self.depth -= 1,
                _ => {}
            },
        }
        self.text.push(c);
        false
    }
}

/// What a `$` at `chars[i]` starts.
pub enum Dollar {
    /// A parameter; the index after it.
    Param(String, usize),
    /// `$(`: the index after the paren.
    Subst(usize),
    /// A lone `$`.
    Literal,
    /// `${` without its `}`.
    Unclosed,
}

pub fn scan_dollar(chars: &[char], i: usize) -> Dollar {
    let is_name_start = |c: char| c.is_ascii_alphabetic() || c == '_';
    match chars.get(i + 1) {
        Some('{') => {
            let close = chars
                .iter()
                .skip(i + 2)
                .position(|&c| c == '}' || c == '\n');
            match close.map(|p| p + i + 2) {
                Some(end) if chars.get(end) == Some(&'}') => {
                    let expr: String = chars.get(i + 1..=end).unwrap_or(&[]).iter().collect();
                    Dollar::Param(expr, end + 1)
                }
                _ => Dollar::Unclosed,
            }
        }
        Some('(') => Dollar::Subst(i + 2),
        Some(&c) if is_name_start(c) => {
            let mut end = i + 1;
            while chars
                .get(end)
                .is_some_and(|&c| c.is_ascii_alphanumeric() || c == '_')
            {
                end += 1;
            }
            let name: String = chars.get(i + 1..end).unwrap_or(&[]).iter().collect();
            Dollar::Param(name, end)
        }
        Some(&c) if c.is_ascii_digit() || "?$#@*!-".contains(c) => {
            Dollar::Param(c.to_string(), i + 2)
        }
        _ => Dollar::Literal,
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
enum Mode {
    #[default]
    Normal,
    Single,
    Double,
    /// `$'...'`: the raw text so far, and whether the last character was a backslash.
    AnsiC(String, bool),
    Subst(SubstScan),
}

/// The streaming tokenizer for one command (possibly spanning lines).
#[derive(Debug, Clone, Default)]
pub struct Lexer {
    out: Lexed,
    word: Option<Word>,
    mode: Mode,
    /// A `<<` was read; the next word is its delimiter (`true`: `<<-`).
    want_delim: Option<bool>,
    /// Heredocs whose bodies come on the next lines, in order.
    queue: VecDeque<usize>,
    /// After the newline that ends a line with `<<`: lines are heredoc bodies.
    reading: bool,
    continued: bool,
    bytes: usize,
    lines: usize,
    /// Compound commands opened and not yet closed, counted over `out.toks[..scanned]`.
    depth: i64,
    scanned: usize,
    /// The next word would be an argument, not a command name (where keywords count).
    in_args: bool,
}

impl Lexer {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many compound commands (`for`, `if`, `while`, `until`, `{`) are still open. Counted
    /// incrementally so a long loop body costs linear time; the parser has the last word.
    pub fn compound_depth(&mut self) -> i64 {
        while let Some(tok) = self.out.toks.get(self.scanned) {
            self.scanned += 1;
            match tok {
                Tok::Op(_) => self.in_args = false,
                Tok::Word(w) if !self.in_args => match w.plain() {
                    Some("if" | "while" | "until" | "{") => self.depth += 1,
                    Some("for") => {
                        self.depth += 1;
                        self.in_args = true;
                    }
                    Some("done" | "fi" | "}") => {
                        self.depth -= 1;
                        self.in_args = true;
                    }
                    Some("do" | "then" | "else" | "elif" | "!") => {}
                    _ => self.in_args = true,
                },
                _ => {}
            }
        }
        self.depth
    }

    /// Nothing read yet (or everything consumed).
    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    pub fn take(&mut self) -> Lexed {
        let out = std::mem::take(&mut self.out);
        *self = Lexer::new();
        out
    }

    /// The tokens so far, closed with a placeholder command, when the input only waits for the
    /// command after a trailing `|`, `&&` or `||` (to report a syntax error before that).
    pub fn closed_copy(&self) -> Option<Lexed> {
        if !self.queue.is_empty() || self.mode != Mode::Normal || !self.wants_more() {
            return None;
        }
        let mut copy = self.out.clone();
        copy.toks.push(Tok::Word(Word {
            segs: vec![Seg::Lit("true".into())],
        }));
        Some(copy)
    }

    /// What is still open after the last line.
    pub fn open(&self) -> Open {
        if let Some(&id) = self.queue.front() {
            if let Some(h) = self.out.heredocs.get(id) {
                return Open::HereDoc {
                    delim: h.delim.clone(),
                    line: h.line,
                };
            }
        }
        match &self.mode {
            Mode::Single | Mode::AnsiC(..) => Open::Quote('\''),
            Mode::Double => Open::Quote('"'),
            Mode::Subst(s) if s.backtick => Open::Quote('`'),
            Mode::Subst(_) => Open::Quote(')'),
            Mode::Normal if self.continued || self.wants_more() => Open::Continuation,
            Mode::Normal => Open::Nothing,
        }
    }

    fn wants_more(&self) -> bool {
        matches!(self.out.toks.last(), Some(Tok::Op(op)) if op.wants_more())
    }

    /// Reads one line (without its newline).
    pub fn feed(&mut self, line: &str) -> Result<Status, LexError> {
        self.bytes = self.bytes.saturating_add(line.len() + 1);
        if self.bytes > MAX_INPUT {
            return Err(LexError::TooLarge);
        }
        self.lines += 1;
        if self.reading {
            self.heredoc_line(line);
        } else {
            self.continued = false;
            let chars: Vec<char> = line.chars().chain(std::iter::once('\n')).collect();
            self.scan(&chars)?;
        }
        let open = !self.queue.is_empty()
            || self.mode != Mode::Normal
            || self.continued
            || self.wants_more();
        Ok(if open { Status::More } else { Status::Complete })
    }

    fn heredoc_line(&mut self, line: &str) {
        let Some(&id) = self.queue.front() else {
            self.reading = false;
            return;
        };
        let Some(h) = self.out.heredocs.get_mut(id) else {
            self.queue.pop_front();
            return;
        };
        let text = if h.strip_tabs {
            line.trim_start_matches('\t')
        } else {
            line
        };
        if text == h.delim {
            self.queue.pop_front();
            self.reading = !self.queue.is_empty();
        } else {
            h.body.push_str(text);
            h.body.push('\n');
        }
    }

    fn word(&mut self) -> &mut Word {
        self.word.get_or_insert_with(Word::default)
    }

    fn finish_word(&mut self) {
        let Some(w) = self.word.take() else {
            return;
        };
        if let Some(strip_tabs) = self.want_delim.take() {
            let id = self.out.heredocs.len();
            self.out.heredocs.push(HereDoc {
                delim: w.raw(),
                strip_tabs,
                expand: !w.has_quotes(),
                body: String::new(),
                line: self.lines,
            });
            self.queue.push_back(id);
            self.out.toks.push(Tok::HereDocBody(id));
        } else {
            self.out.toks.push(Tok::Word(w));
        }
    }

    fn push_tok(&mut self, tok: Tok) -> Result<(), LexError> {
        if self.want_delim.is_some() {
            return Err(LexError::Unexpected(tok.text()));
        }
        if let Tok::Redir {
            op: RedirOp::HereDoc { strip_tabs },
            ..
        } = tok
        {
            self.want_delim = Some(strip_tabs);
        }
        self.out.toks.push(tok);
        Ok(())
    }

    fn scan(&mut self, chars: &[char]) -> Result<(), LexError> {
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let next = chars.get(i + 1).copied();
            match &mut self.mode {
                Mode::Single => {
                    if c == '\'' {
                        self.mode = Mode::Normal;
                    } else {
                        self.word().push(c, true);
                    }
                    i += 1;
                }
                Mode::AnsiC(raw, escaped) => {
                    if c == '\'' && !*escaped {
                        let text = unescape_ansi(raw);
                        self.mode = Mode::Normal;
                        let w = self.word();
                        for ch in text.chars() {
                            w.push(ch, true);
                        }
                    } else {
                        *escaped = c == '\\' && !*escaped;
                        raw.push(c);
                    }
                    i += 1;
                }
                Mode::Subst(scan) => {
                    if scan.feed(c) {
                        let in_double = scan.in_double;
                        let script = std::mem::take(&mut scan.text);
                        self.mode = if in_double {
                            Mode::Double
                        } else {
                            Mode::Normal
                        };
                        self.word().segs.push(Seg::Subst {
                            script,
                            quoted: in_double,
                        });
                    }
                    i += 1;
                }
                Mode::Double => match c {
                    '"' => {
                        self.mode = Mode::Normal;
                        i += 1;
                    }
                    '\\' => match next {
                        Some('\n') => {
                            self.continued = true;
                            i += 2;
                        }
                        Some(n @ ('$' | '`' | '"' | '\\')) => {
                            self.word().push(n, true);
                            i += 2;
                        }
                        _ => {
                            self.word().push('\\', true);
                            i += 1;
                        }
                    },
                    '$' => i = self.dollar(chars, i, true)?,
                    '`' => {
                        self.mode = Mode::Subst(SubstScan::new(true, true));
                        i += 1;
                    }
                    _ => {
                        self.word().push(c, true);
                        i += 1;
                    }
                },
                Mode::Normal => i = self.normal(chars, i, c, next)?,
            }
        }
        Ok(())
    }

    fn normal(
        &mut self,
        chars: &[char],
        i: usize,
        c: char,
        next: Option<char>,
    ) -> Result<usize, LexError> {
        match c {
            '\n' => {
                self.finish_word();
                if self.want_delim.is_some() {
                    return Err(LexError::Unexpected("newline".into()));
                }
                if !self.wants_more() {
                    self.out.toks.push(Tok::Op(Op::Newline));
                }
                if !self.queue.is_empty() {
                    self.reading = true;
                }
                Ok(i + 1)
            }
            ' ' | '\t' => {
                self.finish_word();
                Ok(i + 1)
            }
            '\'' | '"' => {
                // An empty quoted part still makes a word: `''` is an empty argument.
                let w = self.word();
                if !matches!(w.segs.last(), Some(Seg::Quoted(_))) {
                    w.segs.push(Seg::Quoted(String::new()));
                }
                self.mode = if c == '\'' {
                    Mode::Single
                } else {
                    Mode::Double
                };
                Ok(i + 1)
            }
            '\\' => match next {
                Some('\n') => {
                    self.continued = true;
                    Ok(i + 2)
                }
                Some(n) => {
                    self.word().push(n, true);
                    Ok(i + 2)
                }
                None => Ok(i + 1),
            },
            '$' if next == Some('\'') => {
                let w = self.word();
                if !matches!(w.segs.last(), Some(Seg::Quoted(_))) {
                    w.segs.push(Seg::Quoted(String::new()));
                }
                self.mode = Mode::AnsiC(String::new(), false);
                Ok(i + 2)
            }
            '$' if next == Some('"') => Ok(i + 1),
            '$' => self.dollar(chars, i, false),
            '`' => {
                self.word();
                self.mode = Mode::Subst(SubstScan::new(true, false));
                Ok(i + 1)
            }
            '#' if self.word.is_none() => Ok(chars.len().saturating_sub(1).max(i + 1)),
            '|' | '&' | ';' | '(' | ')' | '<' | '>' => self.operator(chars, i, c),
            _ => {
                self.word().push(c, false);
                Ok(i + 1)
            }
        }
    }

    fn dollar(&mut self, chars: &[char], i: usize, quoted: bool) -> Result<usize, LexError> {
        match scan_dollar(chars, i) {
            Dollar::Param(expr, end) => {
                self.word().segs.push(Seg::Param { expr, quoted });
                Ok(end)
            }
            Dollar::Subst(end) => {
                self.word();
                self.mode = Mode::Subst(SubstScan::new(false, quoted));
                Ok(end)
            }
            Dollar::Literal => {
                self.word().push('$', quoted);
                Ok(i + 1)
            }
            Dollar::Unclosed => {
                let rest: String = chars.get(i..).unwrap_or(&[]).iter().collect();
                Err(LexError::BadSubst(rest.trim_end().to_string()))
            }
        }
    }

    fn operator(&mut self, chars: &[char], i: usize, c: char) -> Result<usize, LexError> {
        let at = |k: usize| chars.get(i + k).copied();
        // Digits right before `<` or `>` name the file descriptor (`2>&1`).
        let mut fd = None;
        if matches!(c, '<' | '>') {
            if let Some(w) = &self.word {
                if let Some(d) = w.plain() {
                    if !d.is_empty() && d.len() <= 4 && d.bytes().all(|b| b.is_ascii_digit()) {
                        fd = d.parse::<u32>().ok();
                    }
                }
            }
            if fd.is_some() {
                self.word = None;
            }
        }
        self.finish_word();
        let (tok, len) = match (c, at(1), at(2)) {
            ('|', Some('|'), _) => (Tok::Op(Op::Or), 2),
            ('|', Some('&'), _) => (Tok::Op(Op::PipeAmp), 2),
            ('|', _, _) => (Tok::Op(Op::Pipe), 1),
            ('&', Some('&'), _) => (Tok::Op(Op::And), 2),
            ('&', Some('>'), Some('>')) => (redir(None, RedirOp::AllAppend), 3),
            ('&', Some('>'), _) => (redir(None, RedirOp::AllOut), 2),
            ('&', _, _) => (Tok::Op(Op::Amp), 1),
            (';', Some(';'), _) => (Tok::Op(Op::DSemi), 2),
            (';', _, _) => (Tok::Op(Op::Semi), 1),
            ('(', _, _) => (Tok::Op(Op::LParen), 1),
            (')', _, _) => (Tok::Op(Op::RParen), 1),
            ('<', Some('<'), Some('<')) => (redir(fd, RedirOp::HereStr), 3),
            ('<', Some('<'), Some('-')) => (redir(fd, RedirOp::HereDoc { strip_tabs: true }), 3),
            ('<', Some('<'), _) => (redir(fd, RedirOp::HereDoc { strip_tabs: false }), 2),
            ('<', Some('&'), _) => (redir(fd, RedirOp::DupIn), 2),
            ('<', Some('>'), _) => (redir(fd, RedirOp::In), 2),
            ('<', _, _) => (redir(fd, RedirOp::In), 1),
            ('>', Some('>'), _) => (redir(fd, RedirOp::Append), 2),
            ('>', Some('&'), _) => (redir(fd, RedirOp::DupOut), 2),
            ('>', Some('|'), _) => (redir(fd, RedirOp::Out), 2),
            _ => (redir(fd, RedirOp::Out), 1),
        };
        self.push_tok(tok)?;
        Ok(i + len)
    }
}

/// The escapes of `$'...'` (those of `echo -e`, plus `\'` and `\"`).
fn unescape_ansi(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let radix_digits = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, radix, max| {
            let mut n = 0u32;
            let mut k = 0;
            while k < max {
                match chars.peek().and_then(|c| c.to_digit(radix)) {
                    Some(d) => {
                        n = n * radix + d;
                        chars.next();
                        k += 1;
                    }
                    None => break,
                }
            }
            (n, k)
        };
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'e' | 'E' => out.push('\x1b'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            '\\' | '\'' | '"' | '?' => out.push(e),
            'x' => match radix_digits(&mut chars, 16, 2) {
                (_, 0) => out.push_str("\\x"),
                (n, _) => out.push(char::from_u32(n).unwrap_or('\u{fffd}')),
            },
            '0'..='7' => {
                let (rest, k) = radix_digits(&mut chars, 8, 2);
                let first = e.to_digit(8).unwrap_or(0);
                let n = first * 8u32.pow(k) + rest;
                out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
            }
            _ => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    out
}

fn redir(fd: Option<u32>, op: RedirOp) -> Tok {
    Tok::Redir { fd, op }
}

/// Tokenizes a complete text (a `$(...)` body): every line fed, the result must be complete.
pub fn lex_all(text: &str) -> Result<Lexed, (LexError, Open)> {
    let mut lx = Lexer::new();
    for line in text.split('\n') {
        lx.feed(line).map_err(|e| (e, Open::Nothing))?;
    }
    match lx.open() {
        Open::Nothing => Ok(lx.take()),
        open => Err((LexError::Unexpected(String::new()), open)),
    }
}
