//! Tokens -> lists of pipelines of simple commands (bash's grammar without compound commands).

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
}

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
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    pub items: Vec<AndOr>,
    pub heredocs: Vec<HereDoc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Unexpected(String),
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
            Some(Tok::Op(Op::Semi | Op::Amp | Op::Newline)) => {}
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
        Ok(AndOr { first, rest })
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
