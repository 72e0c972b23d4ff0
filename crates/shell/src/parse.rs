//! Tokens -> lists of pipelines of commands: simple commands, and the compound commands
//! `for`, `if`, `while`/`until` and `{ ...; }` (no subshells, `case` or functions).

use super::lex::{HereDoc, Lexed, Op, RedirOp, Seg, Tok, Word};

/// More stages than this in one pipeline is refused.
pub const MAX_STAGES: usize = 64;
/// More simple commands than this in one input is refused.
pub const MAX_COMMANDS: usize = 1000;

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Word(Word),
    HereDoc(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Redir {
    pub fd: Option<u32>,
    pub op: RedirOp,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Command {
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
    /// Joined to the next stage with `|&`: stderr goes down the pipe too.
    pub pipe_stderr: bool,
    /// A compound command (then `assigns` and `words` are empty).
    pub compound: Option<Box<Compound>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Compound {
    /// `for var [in words]; do body; done` (no `in`: the positional parameters, none here).
    For {
        var: String,
        words: Vec<Word>,
        body: Vec<AndOr>,
    },
    /// `if c; then b; elif c; then b; else e; fi`
    If {
        arms: Vec<(Vec<AndOr>, Vec<AndOr>)>,
        otherwise: Option<Vec<AndOr>>,
    },
    /// `while c; do b; done`, or `until` when `until` is set.
    Loop {
        until: bool,
        cond: Vec<AndOr>,
        body: Vec<AndOr>,
    },
    Group(Vec<AndOr>),
}

/// Words that open a compound command, and words that only make sense inside one.
const OPENERS: &[&str] = &["for", "if", "while", "until", "{"];
const INNER: &[&str] = &["do", "done", "then", "elif", "else", "fi", "}", "in"];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pipeline {
    pub bang: bool,
    pub cmds: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AndOr {
    pub first: Pipeline,
    /// `(true, p)` for `&& p`, `(false, p)` for `|| p`.
    pub rest: Vec<(bool, Pipeline)>,
    /// Ended by `&` at the top of the input: it runs as a background job.
    pub background: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    pub items: Vec<AndOr>,
    pub heredocs: Vec<HereDoc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Unexpected(String),
    /// The input ended inside a compound command: more lines are needed.
    Incomplete,
    TooManyStages,
    TooManyCommands,
}

struct Parser {
    toks: std::iter::Peekable<std::vec::IntoIter<Tok>>,
    commands: usize,
}

pub fn parse(lexed: Lexed) -> Result<Program, ParseError> {
    let mut p = Parser {
        toks: lexed.toks.into_iter().peekable(),
        commands: 0,
    };
    let mut items = Vec::new();
    loop {
        p.skip_newlines();
        if p.toks.peek().is_none() {
            break;
        }
        items.push(p.and_or()?);
        match p.toks.next() {
            None => break,
            Some(Tok::Op(Op::Amp)) => {
                if let Some(last) = items.last_mut() {
                    last.background = true;
                }
            }
            Some(Tok::Op(Op::Semi | Op::Newline)) => {}
            Some(t) => return Err(ParseError::Unexpected(t.text())),
        }
    }
    Ok(Program {
        items,
        heredocs: lexed.heredocs,
    })
}

/// `NAME=` at the start of an unquoted word.
fn assignment(w: &Word) -> Option<(String, Word)> {
    let Some(Seg::Lit(first)) = w.segs.first() else {
        return None;
    };
    let (name, rest) = first.split_once('=')?;
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        return None;
    }
    let mut value = Word::default();
    if !rest.is_empty() {
        value.segs.push(Seg::Lit(rest.to_string()));
    }
    value.segs.extend(w.segs.iter().skip(1).cloned());
    Some((name.to_string(), value))
}

impl Parser {
    fn skip_newlines(&mut self) {
        while self.toks.peek() == Some(&Tok::Op(Op::Newline)) {
            self.toks.next();
        }
    }

    fn plain_word(&mut self) -> Option<String> {
        match self.toks.peek() {
            Some(Tok::Word(w)) => w.plain().map(str::to_string),
            _ => None,
        }
    }

    /// A list of and-or lists up to one of `terms` (consumed and returned).
    fn list_until(&mut self, terms: &[&str]) -> Result<(Vec<AndOr>, String), ParseError> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            match self.plain_word() {
                Some(w) if terms.contains(&w.as_str()) => {
                    if items.is_empty() {
                        return Err(ParseError::Unexpected(w));
                    }
                    self.toks.next();
                    return Ok((items, w));
                }
                _ => {}
            }
            if self.toks.peek().is_none() {
                return Err(ParseError::Incomplete);
            }
            items.push(self.and_or()?);
            match self.toks.peek() {
                Some(Tok::Op(Op::Semi | Op::Amp | Op::Newline)) => {
                    self.toks.next();
                }
                None => return Err(ParseError::Incomplete),
                Some(Tok::Word(_)) => {}
                Some(t) => return Err(ParseError::Unexpected(t.text())),
            }
        }
    }

    /// Expects the word `w` (after optional newlines).
    fn expect_word(&mut self, w: &str) -> Result<(), ParseError> {
        self.skip_newlines();
        match self.plain_word() {
            Some(x) if x == w => {
                self.toks.next();
                Ok(())
            }
            _ if self.toks.peek().is_none() => Err(ParseError::Incomplete),
            _ => Err(self.unexpected()),
        }
    }

    fn compound(&mut self, opener: &str) -> Result<Compound, ParseError> {
        self.toks.next();
        match opener {
            "for" => {
                let var = match self.toks.next() {
                    Some(Tok::Word(w)) => match w.plain() {
                        Some(v) if super::env::is_name(v) => v.to_string(),
                        _ => return Err(ParseError::Unexpected(w.raw())),
                    },
                    Some(t) => return Err(ParseError::Unexpected(t.text())),
                    None => return Err(ParseError::Incomplete),
                };
                let mut words = Vec::new();
                if self.plain_word().as_deref() == Some("in") {
                    self.toks.next();
                    while let Some(Tok::Word(w)) = self.toks.peek() {
                        words.push(w.clone());
                        self.toks.next();
                    }
                }
                match self.toks.peek() {
                    Some(Tok::Op(Op::Semi | Op::Newline)) => {
                        self.toks.next();
                    }
                    None => return Err(ParseError::Incomplete),
                    _ => {}
                }
                self.expect_word("do")?;
                let (body, _) = self.list_until(&["done"])?;
                Ok(Compound::For { var, words, body })
            }
            "if" => {
                let mut arms = Vec::new();
                let mut otherwise = None;
                loop {
                    let (cond, _) = self.list_until(&["then"])?;
                    let (body, end) = self.list_until(&["elif", "else", "fi"])?;
                    arms.push((cond, body));
                    match end.as_str() {
                        "elif" => continue,
                        "else" => {
                            otherwise = Some(self.list_until(&["fi"])?.0);
                            break;
                        }
                        _ => break,
                    }
                }
                Ok(Compound::If { arms, otherwise })
            }
            "while" | "until" => {
                let (cond, _) = self.list_until(&["do"])?;
                let (body, _) = self.list_until(&["done"])?;
                Ok(Compound::Loop {
                    until: opener == "until",
                    cond,
                    body,
                })
            }
            _ => Ok(Compound::Group(self.list_until(&["}"])?.0)),
        }
    }

    fn unexpected(&mut self) -> ParseError {
        ParseError::Unexpected(
            self.toks
                .peek()
                .map(Tok::text)
                .unwrap_or_else(|| "newline".into()),
        )
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        while let Some(Tok::Op(op @ (Op::And | Op::Or))) = self.toks.peek() {
            let and = *op == Op::And;
            self.toks.next();
            self.skip_newlines();
            rest.push((and, self.pipeline()?));
        }
        Ok(AndOr {
            first,
            rest,
            background: false,
        })
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let mut p = Pipeline::default();
        if let Some(Tok::Word(w)) = self.toks.peek() {
            if w.plain() == Some("!") {
                p.bang = true;
                self.toks.next();
            }
        }
        loop {
            let mut cmd = self.command()?;
            match self.toks.peek() {
                Some(Tok::Op(op @ (Op::Pipe | Op::PipeAmp))) => {
                    cmd.pipe_stderr = *op == Op::PipeAmp;
                    self.toks.next();
                    self.skip_newlines();
                    p.cmds.push(cmd);
                    if p.cmds.len() >= MAX_STAGES {
                        return Err(ParseError::TooManyStages);
                    }
                }
                _ => {
                    p.cmds.push(cmd);
                    return Ok(p);
                }
            }
        }
    }

    fn command(&mut self) -> Result<Command, ParseError> {
        self.commands += 1;
        if self.commands > MAX_COMMANDS {
            return Err(ParseError::TooManyCommands);
        }
        let mut cmd = Command::default();
        if let Some(w) = self.plain_word() {
            if OPENERS.contains(&w.as_str()) {
                cmd.compound = Some(Box::new(self.compound(&w)?));
                while let Some(Tok::Redir { fd, op }) = self.toks.peek() {
                    let (fd, op) = (*fd, *op);
                    self.toks.next();
                    let target = match self.toks.next() {
                        Some(Tok::Word(w)) => Target::Word(w),
                        Some(Tok::HereDocBody(id)) => Target::HereDoc(id),
                        Some(t) => return Err(ParseError::Unexpected(t.text())),
                        None => return Err(ParseError::Unexpected("newline".into())),
                    };
                    cmd.redirs.push(Redir { fd, op, target });
                }
                if let Some(Tok::Word(w)) = self.toks.peek() {
                    return Err(ParseError::Unexpected(w.raw()));
                }
                return Ok(cmd);
            }
            if INNER.contains(&w.as_str()) {
                return Err(ParseError::Unexpected(w));
            }
        }
        loop {
            match self.toks.peek() {
                Some(Tok::Word(_)) => {
                    let Some(Tok::Word(w)) = self.toks.next() else {
                        break;
                    };
                    match assignment(&w) {
                        Some(a) if cmd.words.is_empty() => cmd.assigns.push(a),
                        _ => cmd.words.push(w),
                    }
                }
                Some(Tok::Redir { fd, op }) => {
                    let (fd, op) = (*fd, *op);
                    self.toks.next();
                    let target = match self.toks.peek() {
                        Some(Tok::Word(w)) => Target::Word(w.clone()),
                        Some(Tok::HereDocBody(id)) => Target::HereDoc(*id),
                        _ => return Err(self.unexpected()),
                    };
                    self.toks.next();
                    cmd.redirs.push(Redir { fd, op, target });
                }
                _ => break,
            }
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirs.is_empty() {
            return Err(self.unexpected());
        }
        Ok(cmd)
    }
}

impl AndOr {
    /// The list as bash shows a job: its words unexpanded, one space apart.
    pub fn text(&self) -> String {
        let mut out = pipeline_text(&self.first);
        for (and, p) in &self.rest {
            out.push_str(if *and { " && " } else { " || " });
            out.push_str(&pipeline_text(p));
        }
        out
    }
}

fn pipeline_text(p: &Pipeline) -> String {
    let cmds: Vec<String> = p
        .cmds
        .iter()
        .map(|c| {
            let mut words: Vec<String> = c
                .assigns
                .iter()
                .map(|(n, w)| format!("{n}={}", w.raw()))
                .collect();
            words.extend(c.words.iter().map(Word::raw));
            match &c.compound {
                Some(_) if words.is_empty() => "{ ... }".to_string(),
                _ => words.join(" "),
            }
        })
        .collect();
    let text = cmds.join(" | ");
    if p.bang {
        format!("! {text}")
    } else {
        text
    }
}
