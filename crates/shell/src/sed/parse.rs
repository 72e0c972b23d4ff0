//! A sed script → commands: addresses (`N`, `$`, `/RE/`, `\cREc`, `A,B`, `A,+N`, `!`), and `s`,
//! `y`, `p`, `d`, `q`, `=`, `a`, `i`, `c`, `{ }` between `;` and newlines. Errors are GNU sed's, with
//! its character count; GNU commands left out say so.

use super::bre;
use regex::Regex;

pub enum Addr {
    Line(usize),
    Last,
    Re(Regex),
    /// GNU's `A,+N`: the N lines after the first (only as a range's end).
    Plus(usize),
}

pub enum Piece {
    Text(String),
    Group(usize),
}

pub struct Subst {
    pub re: Regex,
    pub repl: Vec<Piece>,
    pub global: bool,
    /// Replace from the Nth match on (1: the first).
    pub nth: usize,
    pub print: bool,
}

pub enum Op {
    Subst(Box<Subst>),
    Print,
    Delete,
    Quit(i32),
    LineNumber,
    /// `a`, `i` or `c` with its text.
    Text(char, String),
    /// `y`: each character of the first string becomes the one at its place in the second.
    Translate(Vec<(char, char)>),
    /// `{`, with the index of its `}`: when its address does not select the line, the
    /// commands up to there are skipped.
    Open(usize),
    Close,
}

pub struct Cmd {
    pub from: Option<Addr>,
    pub to: Option<Addr>,
    pub negate: bool,
    pub op: Op,
}

/// GNU commands this sed leaves out: named so a learner is told, not misled.
const NOT_HERE: &str = "xhHgGnNDPlbtTwrRFzv:";

pub struct Parser {
    chars: Vec<char>,
    pos: usize,
    expr: usize,
    extended: bool,
}

impl Parser {
    pub fn new(script: &str, expr: usize, extended: bool) -> Parser {
        Parser {
            chars: script.chars().collect(),
            pos: 0,
            expr,
            extended,
        }
    }

    fn err(&self, msg: &str) -> String {
        format!(
            "sed: -e expression #{}, char {}: {msg}\n",
            self.expr, self.pos
        )
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }

    /// Adds the script's commands to `cmds`; `open` holds the `{` not closed yet, which a later
    /// -e may close.
    pub fn script(mut self, cmds: &mut Vec<Cmd>, open: &mut Vec<usize>) -> Result<(), String> {
        loop {
            while matches!(self.peek(), Some(' ' | '\t' | '\n' | ';')) {
                self.pos += 1;
            }
            match self.peek() {
                None => return Ok(()),
                Some('#') => while !matches!(self.next(), None | Some('\n')) {},
                Some(_) => {
                    let cmd = self.command(open.is_empty())?;
                    match cmd.op {
                        Op::Open(_) => open.push(cmds.len()),
                        Op::Close => {
                            let close = cmds.len();
                            if let Some(Cmd {
                                op: Op::Open(end), ..
                            }) = open.pop().and_then(|k| cmds.get_mut(k))
                            {
                                *end = close;
                            }
                        }
                        _ => {}
                    }
                    cmds.push(cmd);
                }
            }
        }
    }

    fn command(&mut self, none_open: bool) -> Result<Cmd, String> {
        let from = self.address()?;
        let mut to = None;
        if from.is_some() && self.peek() == Some(',') {
            self.pos += 1;
            self.skip_blanks();
            to = if self.peek() == Some('+') {
                self.pos += 1;
                self.number().map(Addr::Plus)
            } else {
                self.address()?
            };
            if to.is_none() {
                return Err(self.err("unexpected `,'"));
            }
        }
        self.skip_blanks();
        let mut negate = false;
        while self.peek() == Some('!') {
            self.pos += 1;
            if negate {
                return Err(self.err("multiple `!'s"));
            }
            negate = true;
            self.skip_blanks();
        }
        let Some(c) = self.next() else {
            return Err(self.err("missing command"));
        };
        if matches!(from, Some(Addr::Line(0))) {
            return Err(self.err("invalid usage of line address 0"));
        }
        let op = match c {
            's' => Op::Subst(Box::new(self.subst()?)),
            'p' => Op::Print,
            'd' => Op::Delete,
            '=' => Op::LineNumber,
            'a' | 'i' | 'c' => {
                // The text runs to the end of the line: nothing may follow it.
                let text = self.text()?;
                return Ok(Cmd {
                    from,
                    to,
                    negate,
                    op: Op::Text(c, text),
                });
            }
            'y' => Op::Translate(self.translate()?),
            '{' => {
                // Commands may follow at once: `/x/{p}`.
                return Ok(Cmd {
                    from,
                    to,
                    negate,
                    op: Op::Open(0),
                });
            }
            '}' if from.is_some() || none_open => return Err(self.err("unexpected `}'")),
            '}' => Op::Close,
            'q' => {
                self.skip_blanks();
                Op::Quit(self.number().unwrap_or(0).min(255) as i32)
            }
            c if NOT_HERE.contains(c) => {
                return Err(self.err(&format!(
                "command `{c}' is not available in this playground's sed (it has s, y, p, d, q, =, a, i, c and {{ }})"
            )))
            }
            c => return Err(self.err(&format!("unknown command: `{c}'"))),
        };
        self.skip_blanks();
        match self.peek() {
            None | Some(';' | '\n' | '#' | '}') => {}
            Some(_) => {
                self.pos += 1;
                return Err(self.err("extra characters after command"));
            }
        }
        Ok(Cmd {
            from,
            to,
            negate,
            op,
        })
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self.chars.get(start..self.pos)?.iter().collect();
        // Saturates: a line number past any input just never matches.
        (!digits.is_empty()).then(|| digits.parse().unwrap_or(usize::MAX))
    }

    fn address(&mut self) -> Result<Option<Addr>, String> {
        match self.peek() {
            Some('$') => {
                self.pos += 1;
                Ok(Some(Addr::Last))
            }
            Some(c) if c.is_ascii_digit() => Ok(self.number().map(Addr::Line)),
            Some('/') | Some('\\') => {
                let delim = match self.next() {
                    Some('\\') => self.next(),
                    other => other,
                };
                let Some(pat) = delim.and_then(|d| self.until(d, true)) else {
                    return Err(self.err("unterminated address regex"));
                };
                let mut icase = false;
                while let Some('I') = self.peek() {
                    self.pos += 1;
                    icase = true;
                }
                let re = bre::compile(&pat, self.extended, icase).map_err(|m| self.err(&m))?;
                Ok(Some(Addr::Re(re)))
            }
            _ => Ok(None),
        }
    }

    /// The text up to an unescaped `delim`, consumed; `\delim` becomes `delim`, `\n` a newline
    /// character; None at the end of the script.
    fn until(&mut self, delim: char, pattern: bool) -> Option<String> {
        let mut s = String::new();
        loop {
            match self.next()? {
                // As in GNU sed, a delimiter inside a pattern's bracket expression is a member.
                '[' if pattern => {
                    s.push('[');
                    self.bracket(&mut s)?;
                }
                c if c == delim => return Some(s),
                '\\' => match self.next()? {
                    c if c == delim => s.push(c),
                    '\n' => s.push('\n'),
                    c => {
                        s.push('\\');
                        s.push(c);
                    }
                },
                '\n' if delim != '\n' => return None,
                c => s.push(c),
            }
        }
    }

    /// Copies a bracket expression's members and its closing `]`; None at the end of the script.
    fn bracket(&mut self, s: &mut String) -> Option<()> {
        if self.peek() == Some('^') {
            s.push(self.next()?);
        }
        if self.peek() == Some(']') {
            s.push(self.next()?);
        }
        loop {
            let c = self.next()?;
            s.push(c);
            match c {
                ']' => return Some(()),
                '[' if matches!(self.peek(), Some(':' | '.' | '=')) => {
                    let kind = self.next()?;
                    s.push(kind);
                    loop {
                        let d = self.next()?;
                        s.push(d);
                        if d == kind && self.peek() == Some(']') {
                            s.push(self.next()?);
                            break;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The text of `a`, `i`, `c`: GNU's one-line form (`a text`, leading blanks dropped) or
    /// POSIX's (`a\` and the text on the next line); a backslash keeps the character after it.
    fn text(&mut self) -> Result<String, String> {
        self.skip_blanks();
        match self.peek() {
            None => return Err(self.err("expected \\ after `a', `c' or `i'")),
            Some('\\') => {
                self.pos += 1;
                if self.peek() == Some('\n') {
                    self.pos += 1;
                }
            }
            Some(_) => {}
        }
        let mut text = String::new();
        while let Some(c) = self.next() {
            match c {
                '\n' => break,
                '\\' => text.extend(self.next()),
                c => text.push(c),
            }
        }
        Ok(text)
    }

    fn translate(&mut self) -> Result<Vec<(char, char)>, String> {
        let unterminated = |p: &Parser| p.err("unterminated `y' command");
        let delim = match self.next() {
            None | Some('\n' | '\\') => return Err(unterminated(self)),
            Some(d) => d,
        };
        let (Some(from), Some(to)) = (self.until(delim, false), self.until(delim, false)) else {
            return Err(unterminated(self));
        };
        let unescape = |s: &str| -> Vec<char> {
            s.replace("\\n", "\n")
                .replace("\\\\", "\\")
                .chars()
                .collect()
        };
        let (from, to) = (unescape(&from), unescape(&to));
        if from.len() != to.len() {
            return Err(self.err("strings for `y' command are different lengths"));
        }
        Ok(from.into_iter().zip(to).collect())
    }

    fn subst(&mut self) -> Result<Subst, String> {
        let unterminated = |p: &Parser| p.err("unterminated `s' command");
        let delim = match self.next() {
            None | Some('\n' | '\\') => return Err(unterminated(self)),
            Some(d) => d,
        };
        let Some(pat) = self.until(delim, true) else {
            return Err(unterminated(self));
        };
        let Some(rhs) = self.until(delim, false) else {
            return Err(unterminated(self));
        };
        let (mut global, mut print, mut icase, mut nth) = (false, false, false, None);
        loop {
            match self.peek() {
                Some('g') => global = true,
                Some('p') => print = true,
                Some('i' | 'I') => icase = true,
                Some(c) if c.is_ascii_digit() => {
                    let n = self.number();
                    if n == Some(0) {
                        return Err(self.err("number option to `s' command may not be zero"));
                    }
                    if nth.is_some() {
                        return Err(self.err("multiple number options to `s' command"));
                    }
                    nth = n;
                    continue;
                }
                Some(c @ ('w' | 'e' | 'm' | 'M')) => {
                    self.pos += 1;
                    return Err(self.err(&format!(
                        "the `{c}' option of `s' is not available in this playground's sed (it has g, p, i and a number)"
                    )));
                }
                // GNU reads blanks between the options too.
                Some(' ' | '\t') => {}
                None | Some(';' | '\n' | '#' | '}') => break,
                Some(_) => {
                    self.pos += 1;
                    return Err(self.err("unknown option to `s'"));
                }
            }
            self.pos += 1;
        }
        let re = bre::compile(&pat, self.extended, icase).map_err(|m| self.err(&m))?;
        let repl = replacement(&rhs);
        let groups = re.captures_len() - 1;
        if let Some(n) = repl.iter().find_map(|p| match p {
            Piece::Group(n) if *n > groups => Some(*n),
            _ => None,
        }) {
            return Err(self.err(&format!("invalid reference \\{n} on `s' command's RHS")));
        }
        Ok(Subst {
            re,
            repl,
            global,
            nth: nth.unwrap_or(1),
            print,
        })
    }
}

/// The right-hand side of `s`: `&` and `\0`..`\9` are the match and its groups, `\n` and `\t`
/// a newline and a tab, any other escaped character itself.
fn replacement(rhs: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = rhs.chars();
    while let Some(c) = chars.next() {
        let group = match c {
            '&' => Some(0),
            '\\' => match chars.next() {
                Some(d @ '0'..='9') => d.to_digit(10).map(|d| d as usize),
                Some('n') => {
                    text.push('\n');
                    None
                }
                Some('t') => {
                    text.push('\t');
                    None
                }
                Some(other) => {
                    text.push(other);
                    None
                }
                None => None,
            },
            c => {
                text.push(c);
                None
            }
        };
        if let Some(g) = group {
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Group(g));
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}
