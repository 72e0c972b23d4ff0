//! Go text/template's parser, with its error messages (`template: output:1: unclosed action`).

use super::ast::{Arg, Command, Control, Node, Pipe};
use super::funcs::is_function;
use super::lex::{lex, Kind, Token};
use super::quote::unquote;

/// The template's name in messages: kubectl names it `output`.
pub const NAME: &str = "output";

/// Go allows 10000 levels (1000 in a browser); kubeplay stays well within a browser's stack.
const MAX_DEPTH: usize = 100;

pub fn parse(src: &str) -> Result<Vec<Node>, String> {
    let mut p = Parser {
        toks: lex(src),
        i: 0,
        vars: vec!["$".into()],
        range_depth: 0,
        depth: 0,
    };
    let mut root = Vec::new();
    while p.peek().kind != Kind::Eof {
        match p.text_or_action()? {
            Item::Node(n) => root.push(n),
            Item::End => return Err(p.err("unexpected {{end}}")),
            Item::Else => return Err(p.err("unexpected {{else}}")),
        }
    }
    Ok(root)
}

enum Item {
    Node(Node),
    End,
    Else,
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
    vars: Vec<String>,
    range_depth: usize,
    /// Nesting of parentheses and control structures, bounded so that running the template
    /// cannot exhaust the stack.
    depth: usize,
}

/// Go's `item.String()` for "unexpected ..." messages.
fn describe(t: &Token) -> String {
    let text = match &t.kind {
        Kind::Eof => return "EOF".into(),
        Kind::Error(e) => return e.clone(),
        Kind::Keyword(k) => return format!("<{k}>"),
        Kind::Left => "{{".into(),
        Kind::Right => "}}".into(),
        Kind::Space => " ".into(),
        Kind::Field(f) => format!(".{f}"),
        Kind::Variable(v) | Kind::Ident(v) | Kind::Number(v) | Kind::Str(v) | Kind::Char(v) => {
            v.clone()
        }
        Kind::Text(v) => v.clone(),
        Kind::Dot => ".".into(),
        Kind::Bool(b) => b.to_string(),
        Kind::Nil => "nil".into(),
        Kind::Pipe => "|".into(),
        Kind::LeftParen => "(".into(),
        Kind::RightParen => ")".into(),
        Kind::Declare => ":=".into(),
        Kind::Assign => "=".into(),
        Kind::Comma => ",".into(),
        Kind::Punct(c) => c.to_string(),
    };
    if text.chars().count() > 10 {
        let short: String = text.chars().take(10).collect();
        format!("{}...", super::quote::go_quote(&short))
    } else {
        super::quote::go_quote(&text)
    }
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.toks[self.i.min(self.toks.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        self.i += 1;
        t
    }

    fn next_non_space(&mut self) -> Token {
        loop {
            let t = self.next();
            if t.kind != Kind::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Token {
        let t = self.next_non_space();
        self.i -= 1;
        t
    }

    /// The line of the last token read, as Go's errors give it.
    fn err(&self, msg: &str) -> String {
        let t = &self.toks[self.i.saturating_sub(1).min(self.toks.len() - 1)];
        format!("template: {NAME}:{}: {msg}", t.line)
    }

    fn unexpected(&self, t: &Token, context: &str) -> String {
        if let Kind::Error(e) = &t.kind {
            return self.err(e);
        }
        self.err(&format!("unexpected {} in {context}", describe(t)))
    }

    fn text_or_action(&mut self) -> Result<Item, String> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Text(s) => Ok(Item::Node(Node::Text(s))),
            Kind::Left => self.action(),
            _ => Err(self.unexpected(&t, "input")),
        }
    }

    fn action(&mut self) -> Result<Item, String> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Keyword("end") => {
                self.expect_right("end")?;
                Ok(Item::End)
            }
            Kind::Keyword("else") => {
                let p = self.peek_non_space();
                if !matches!(p.kind, Kind::Keyword("if") | Kind::Keyword("with")) {
                    self.expect_right("else")?;
                }
                Ok(Item::Else)
            }
            Kind::Keyword("if") => Ok(Item::Node(Node::If(self.control("if")?))),
            Kind::Keyword("with") => Ok(Item::Node(Node::With(self.control("with")?))),
            Kind::Keyword("range") => Ok(Item::Node(Node::Range(self.control("range")?))),
            Kind::Keyword(k @ ("break" | "continue")) => {
                let n = self.next_non_space();
                if n.kind != Kind::Right {
                    return Err(self.unexpected(&n, &format!("{{{{{k}}}}}")));
                }
                if self.range_depth == 0 {
                    return Err(self.err(&format!("{{{{{k}}}}} outside {{{{range}}}}")));
                }
                Ok(Item::Node(if k == "break" {
                    Node::Break
                } else {
                    Node::Continue
                }))
            }
            Kind::Keyword("template") => self.template_call(),
            Kind::Keyword(k @ ("define" | "block")) => Err(self.err(&format!(
                "{{{{{k}}}}} is not available in kubeplay's templates"
            ))),
            _ => {
                self.i -= 1;
                Ok(Item::Node(Node::Action(
                    self.pipeline("command", &Kind::Right)?,
                )))
            }
        }
    }

    /// `{{template "name" [pipeline]}}`: parsed, and refused when run, since kubectl's
    /// templates cannot define others.
    fn template_call(&mut self) -> Result<Item, String> {
        let t = self.next_non_space();
        let name = match &t.kind {
            Kind::Str(text) => unquote(text).ok_or_else(|| self.err("invalid syntax"))?,
            _ => return Err(self.unexpected(&t, "template clause")),
        };
        let pipe = if self.peek_non_space().kind == Kind::Right {
            self.next_non_space();
            None
        } else {
            Some(self.pipeline("template clause", &Kind::Right)?)
        };
        Ok(Item::Node(Node::Template(t.pos, name, pipe)))
    }

    fn expect_right(&mut self, context: &str) -> Result<(), String> {
        let t = self.next_non_space();
        if t.kind != Kind::Right {
            return Err(self.unexpected(&t, context));
        }
        Ok(())
    }

    fn control(&mut self, context: &str) -> Result<Control, String> {
        self.enter()?;
        let vars = self.vars.len();
        let r = self.control_inner(context);
        self.vars.truncate(vars);
        self.depth -= 1;
        r
    }

    /// Go's limit on nesting (`max expression depth exceeded`), applied to control structures too.
    fn enter(&mut self) -> Result<(), String> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err("max expression depth exceeded"));
        }
        self.depth += 1;
        Ok(())
    }

    fn control_inner(&mut self, context: &str) -> Result<Control, String> {
        let pipe = self.pipeline(context, &Kind::Right)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, next) = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, next) = (list?, next);
        let mut else_list = None;
        if let Item::Else = next {
            let chained = matches!(
                (context, &self.peek().kind),
                ("if", Kind::Keyword("if")) | ("with", Kind::Keyword("with"))
            );
            if chained {
                // `{{else if ...}}` is an `{{if}}` inside the else branch, sharing its `{{end}}`.
                self.next();
                let inner = self.control(context)?;
                let node = if context == "if" {
                    Node::If(inner)
                } else {
                    Node::With(inner)
                };
                else_list = Some(vec![node]);
            } else {
                let (l, n) = self.item_list();
                let l = l?;
                if !matches!(n, Item::End) {
                    return Err(self.err("expected end; found {{else}}"));
                }
                else_list = Some(l);
            }
        }
        Ok(Control {
            pipe,
            list,
            else_list,
        })
    }

    fn item_list(&mut self) -> (Result<Vec<Node>, String>, Item) {
        let mut list = Vec::new();
        while self.peek_non_space().kind != Kind::Eof {
            match self.text_or_action() {
                Ok(Item::Node(n)) => list.push(n),
                Ok(end) => return (Ok(list), end),
                Err(e) => return (Err(e), Item::End),
            }
        }
        self.i += 1;
        (Err(self.err("unexpected EOF")), Item::End)
    }

    fn pipeline(&mut self, context: &str, end: &Kind) -> Result<Pipe, String> {
        let pos = self.peek_non_space().pos;
        let mut pipe = Pipe {
            pos,
            decl: Vec::new(),
            assign: false,
            cmds: Vec::new(),
        };
        self.declarations(&mut pipe, context)?;
        loop {
            let t = self.next_non_space();
            match &t.kind {
                k if k == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                Kind::Bool(_)
                | Kind::Char(_)
                | Kind::Dot
                | Kind::Field(_)
                | Kind::Ident(_)
                | Kind::Number(_)
                | Kind::Nil
                | Kind::Str(_)
                | Kind::Variable(_)
                | Kind::LeftParen => {
                    self.i -= 1;
                    pipe.cmds.push(self.command()?);
                }
                _ => return Err(self.unexpected(&t, context)),
            }
        }
    }

    /// `$x :=`, `$x =`, and range's `$i, $e :=`.
    fn declarations(&mut self, pipe: &mut Pipe, context: &str) -> Result<(), String> {
        loop {
            let start = self.i;
            let v = self.peek_non_space();
            let Kind::Variable(name) = v.kind else {
                return Ok(());
            };
            self.next_non_space();
            let next = self.peek_non_space();
            match next.kind {
                Kind::Declare | Kind::Assign => {
                    pipe.assign = next.kind == Kind::Assign;
                    self.next_non_space();
                    pipe.decl.push(name.clone());
                    self.vars.push(name);
                    return Ok(());
                }
                Kind::Comma => {
                    self.next_non_space();
                    pipe.decl.push(name.clone());
                    self.vars.push(name);
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().kind {
                            Kind::Variable(_) | Kind::Right | Kind::RightParen => continue,
                            _ => return Err(self.err("range can only initialize variables")),
                        }
                    }
                    return Err(self.err(&format!("too many declarations in {context}")));
                }
                _ => {
                    self.i = start;
                    return Ok(());
                }
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> Result<(), String> {
        if pipe.cmds.is_empty() {
            return Err(self.err(&format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args.first(),
                Some(
                    Arg::Bool(..)
                        | Arg::Dot(_)
                        | Arg::Nil(_)
                        | Arg::Int(..)
                        | Arg::Float(..)
                        | Arg::Str(..)
                )
            ) {
                return Err(self.err(&format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> Result<Command, String> {
        let pos = self.peek_non_space().pos;
        let mut args = Vec::new();
        loop {
            self.peek_non_space();
            if let Some(a) = self.operand()? {
                args.push(a);
            }
            let t = self.next();
            match t.kind {
                Kind::Space => continue,
                Kind::Right | Kind::RightParen => self.i -= 1,
                Kind::Pipe => {}
                _ => return Err(self.unexpected(&t, "operand")),
            }
            break;
        }
        if args.is_empty() {
            return Err(self.err("empty command"));
        }
        Ok(Command { pos, args })
    }

    fn operand(&mut self) -> Result<Option<Arg>, String> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if !matches!(self.peek().kind, Kind::Field(_)) {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while let Kind::Field(f) = &self.peek().kind {
            fields.push(f.clone());
            self.i += 1;
        }
        // Go keeps the chain's position: the first field after the term.
        Ok(Some(match node {
            Arg::Field(_, mut p) => {
                p.extend(fields);
                Arg::Field(chain_pos, p)
            }
            Arg::Variable(_, n, mut p) => {
                p.extend(fields);
                Arg::Variable(chain_pos, n, p)
            }
            n @ (Arg::Bool(..)
            | Arg::Str(..)
            | Arg::Int(..)
            | Arg::Float(..)
            | Arg::Nil(_)
            | Arg::Dot(_)) => {
                return Err(self.err(&format!(
                    "unexpected . after term {}",
                    super::quote::go_quote(&n.to_string())
                )))
            }
            n => Arg::Chain(chain_pos, Box::new(n), fields),
        }))
    }

    fn term(&mut self) -> Result<Option<Arg>, String> {
        let t = self.next_non_space();
        let pos = t.pos;
        Ok(Some(match t.kind {
            Kind::Ident(name) => {
                if !is_function(&name) {
                    return Err(self.err(&format!("function \"{name}\" not defined")));
                }
                Arg::Ident(pos, name)
            }
            Kind::Dot => Arg::Dot(pos),
            Kind::Nil => Arg::Nil(pos),
            Kind::Variable(name) => {
                if !self.vars.contains(&name) {
                    return Err(self.err(&format!("undefined variable \"{name}\"")));
                }
                Arg::Variable(pos, name, Vec::new())
            }
            Kind::Field(f) => Arg::Field(pos, vec![f]),
            Kind::Bool(b) => Arg::Bool(pos, b),
            Kind::Number(text) => self.number(pos, text)?,
            Kind::Char(text) => match unquote(&text).and_then(|s| s.chars().next()) {
                Some(c) => Arg::Int(pos, c as i64, text),
                None => return Err(self.err(&format!("malformed character constant: {text}"))),
            },
            Kind::LeftParen => {
                self.enter()?;
                let p = self.pipeline("parenthesized pipeline", &Kind::RightParen);
                self.depth -= 1;
                Arg::Pipe(pos, Box::new(p?))
            }
            Kind::Str(text) => match unquote(&text) {
                Some(s) => Arg::Str(pos, s, text),
                None => return Err(self.err("invalid syntax")),
            },
            _ => {
                self.i -= 1;
                return Ok(None);
            }
        }))
    }

    fn number(&self, pos: usize, text: String) -> Result<Arg, String> {
        let clean = text.replace('_', "");
        let (neg, digits) = match clean.strip_prefix('-') {
            Some(d) => (true, d.to_string()),
            None => (false, clean.trim_start_matches('+').to_string()),
        };
        let radix = |p: &str, r: u32| {
            let lower = digits.to_ascii_lowercase();
            lower
                .strip_prefix(p)
                .and_then(|d| i64::from_str_radix(d, r).ok())
        };
        let int = radix("0x", 16)
            .or_else(|| radix("0o", 8))
            .or_else(|| radix("0b", 2))
            .or_else(|| {
                if digits.len() > 1
                    && digits.starts_with('0')
                    && digits.bytes().all(|b| b.is_ascii_digit())
                {
                    i64::from_str_radix(&digits[1..], 8).ok()
                } else {
                    digits.parse::<i64>().ok()
                }
            });
        if let Some(i) = int {
            return Ok(Arg::Int(pos, if neg { -i } else { i }, text));
        }
        match clean.parse::<f64>() {
            Ok(f) if clean.contains(['.', 'e', 'E']) => Ok(Arg::Float(pos, f, text)),
            _ => Err(self.err(&format!(
                "illegal number syntax: {}",
                super::quote::go_quote(&text)
            ))),
        }
    }
}
