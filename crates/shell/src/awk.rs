//! A small awk for the one-liners courses pipe kubectl into: `awk '{print $1}'`,
//! `awk 'NR>1 {print $1, $3}'`, `awk '$3 == "Running"'`, `awk '/nginx/ {print $NF}'`, `-F:`,
//! `-v x=1`, BEGIN/END, variables, `+=`, arithmetic, comparisons, `~`, `&&`, `||`, `!`.
//! Programs outside that get an error saying so, never a wrong answer.

use super::files::fs_message;
use super::pattern::{Pattern, Syntax};
use kubeplay_core::fs::Fs;
use kubeplay_core::output::Output;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Regex(String),
    Ident(String),
    Dollar,
    Punct(&'static str),
    Newline,
}

const PUNCTS: &[&str] = &[
    "+=", "-=", "*=", "/=", "==", "!=", "<=", ">=", "&&", "||", "!~", "++", "--", "{", "}", "(",
    ")", ";", ",", "<", ">", "~", "!", "+", "-", "*", "/", "%", "=",
];

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        // A `/` starts a regex where an operand is expected.
        let operand_pos = !matches!(
            toks.last(),
            Some(Tok::Num(_) | Tok::Str(_) | Tok::Ident(_) | Tok::Regex(_) | Tok::Punct(")"))
        );
        match c {
            ' ' | '\t' => i += 1,
            '\n' => {
                toks.push(Tok::Newline);
                i += 1;
            }
            '#' => {
                while chars.get(i).is_some_and(|&c| c != '\n') {
                    i += 1;
                }
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("non-terminated string".into()),
                        Some('"') => break,
                        Some('\\') => {
                            i += 1;
                            match chars.get(i) {
                                Some('n') => s.push('\n'),
                                Some('t') => s.push('\t'),
                                Some(&x) => s.push(x),
                                None => return Err("non-terminated string".into()),
                            }
                        }
                        Some(&x) => s.push(x),
                    }
                    i += 1;
                }
                i += 1;
                toks.push(Tok::Str(s));
            }
            '/' if operand_pos => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None | Some('\n') => return Err("non-terminated regular expression".into()),
                        Some('/') => break,
                        Some('\\') if chars.get(i + 1) == Some(&'/') => {
                            s.push('/');
                            i += 1;
                        }
                        Some(&x) => s.push(x),
                    }
                    i += 1;
                }
                i += 1;
                toks.push(Tok::Regex(s));
            }
            '$' => {
                toks.push(Tok::Dollar);
                i += 1;
            }
            _ if c.is_ascii_digit()
                || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_digit() || *c == '.')
                {
                    i += 1;
                }
                let s: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                toks.push(Tok::Num(s.parse().map_err(|_| format!("bad number {s}"))?));
            }
            _ if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    i += 1;
                }
                toks.push(Tok::Ident(
                    chars.get(start..i).unwrap_or(&[]).iter().collect(),
                ));
            }
            _ => {
                let rest: String = chars
                    .get(i..(i + 2).min(chars.len()))
                    .unwrap_or(&[])
                    .iter()
                    .collect();
                let Some(p) = PUNCTS.iter().find(|p| rest.starts_with(**p)) else {
                    return Err(format!("syntax error at '{c}'"));
                };
                toks.push(Tok::Punct(p));
                i += p.len();
            }
        }
    }
    Ok(toks)
}

#[derive(Debug, Clone)]
enum Expr {
    Num(f64),
    Str(String),
    Regex(String),
    Var(String),
    Field(Box<Expr>),
    Bin(&'static str, Box<Expr>, Box<Expr>),
    Concat(Vec<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Assign(&'static str, String, Box<Expr>),
    Call(String, Vec<Expr>),
}

#[derive(Debug, Clone)]
enum Stmt {
    Print(Vec<Expr>),
    Expr(Expr),
}

#[derive(Debug, Clone)]
enum When {
    Begin,
    End,
    Always,
    If(Expr),
}

#[derive(Debug, Clone)]
struct Rule {
    when: When,
    action: Option<Vec<Stmt>>,
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

type R<T> = Result<T, String>;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }
    fn eat(&mut self, p: &str) -> bool {
        if self.is(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn skip_terms(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline | Tok::Punct(";"))) {
            self.pos += 1;
        }
    }
    fn unsupported(&self) -> String {
        match self.peek() {
            Some(t) => format!("unsupported here: {t:?}"),
            None => "unexpected end of program".into(),
        }
    }

    fn program(&mut self) -> R<Vec<Rule>> {
        let mut rules = Vec::new();
        loop {
            self.skip_terms();
            let when = match self.peek() {
                None => break,
                Some(Tok::Ident(w)) if w == "BEGIN" => {
                    self.pos += 1;
                    When::Begin
                }
                Some(Tok::Ident(w)) if w == "END" => {
                    self.pos += 1;
                    When::End
                }
                Some(Tok::Punct("{")) => When::Always,
                _ => When::If(self.expr(false)?),
            };
            let action = if self.eat("{") {
                let body = self.block()?;
                Some(body)
            } else {
                None
            };
            if action.is_none() && matches!(when, When::Begin | When::End) {
                return Err("BEGIN and END need an action".into());
            }
            rules.push(Rule { when, action });
        }
        Ok(rules)
    }

    fn block(&mut self) -> R<Vec<Stmt>> {
        let mut stmts = Vec::new();
        loop {
            self.skip_terms();
            if self.eat("}") {
                return Ok(stmts);
            }
            if self.peek().is_none() {
                return Err("missing }".into());
            }
            stmts.push(self.stmt()?);
            if !(self.is("}") || matches!(self.peek(), Some(Tok::Newline | Tok::Punct(";")))) {
                return Err(self.unsupported());
            }
        }
    }

    fn stmt(&mut self) -> R<Stmt> {
        if matches!(self.peek(), Some(Tok::Ident(w)) if w == "print") {
            self.pos += 1;
            let mut args = Vec::new();
            if !(self.is("}") || self.is(";") || matches!(self.peek(), Some(Tok::Newline) | None)) {
                args.push(self.expr(true)?);
                while self.eat(",") {
                    args.push(self.expr(true)?);
                }
            }
            if self.is(">") {
                return Err("output redirection is not supported here".into());
            }
            return Ok(Stmt::Print(args));
        }
        Ok(Stmt::Expr(self.expr(false)?))
    }

    /// `in_print`: a bare `>` ends the expression (it would be a redirection).
    fn expr(&mut self, in_print: bool) -> R<Expr> {
        if let (Some(Tok::Ident(name)), Some(Tok::Punct(op))) =
            (self.toks.get(self.pos), self.toks.get(self.pos + 1))
        {
            if matches!(*op, "=" | "+=" | "-=" | "*=" | "/=") {
                let (name, op) = (name.clone(), *op);
                self.pos += 2;
                let value = self.expr(in_print)?;
                return Ok(Expr::Assign(op, name, Box::new(value)));
            }
            if matches!(*op, "++" | "--") {
                let (name, op) = (name.clone(), if *op == "++" { "+=" } else { "-=" });
                self.pos += 2;
                return Ok(Expr::Assign(op, name, Box::new(Expr::Num(1.0))));
            }
        }
        self.or(in_print)
    }

    fn or(&mut self, p: bool) -> R<Expr> {
        let mut l = self.and(p)?;
        while self.eat("||") {
            l = Expr::Bin("||", Box::new(l), Box::new(self.and(p)?));
        }
        Ok(l)
    }

    fn and(&mut self, p: bool) -> R<Expr> {
        let mut l = self.matching(p)?;
        while self.eat("&&") {
            l = Expr::Bin("&&", Box::new(l), Box::new(self.matching(p)?));
        }
        Ok(l)
    }

    fn matching(&mut self, p: bool) -> R<Expr> {
        let mut l = self.compare(p)?;
        loop {
            let op = if self.eat("~") {
                "~"
            } else if self.eat("!~") {
                "!~"
            } else {
                return Ok(l);
            };
            l = Expr::Bin(op, Box::new(l), Box::new(self.compare(p)?));
        }
    }

    fn compare(&mut self, p: bool) -> R<Expr> {
        let l = self.concat()?;
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if op == ">" && p {
                continue;
            }
            if self.eat(op) {
                return Ok(Expr::Bin(op, Box::new(l), Box::new(self.concat()?)));
            }
        }
        Ok(l)
    }

    fn concat(&mut self) -> R<Expr> {
        let mut parts = vec![self.additive()?];
        while matches!(
            self.peek(),
            Some(Tok::Num(_) | Tok::Str(_) | Tok::Ident(_) | Tok::Dollar | Tok::Punct("("))
        ) {
            parts.push(self.additive()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap_or(Expr::Str(String::new()))
        } else {
            Expr::Concat(parts)
        })
    }

    fn additive(&mut self) -> R<Expr> {
        let mut l = self.term()?;
        loop {
            let op = if self.eat("+") {
                "+"
            } else if self.eat("-") {
                "-"
            } else {
                return Ok(l);
            };
            l = Expr::Bin(op, Box::new(l), Box::new(self.term()?));
        }
    }

    fn term(&mut self) -> R<Expr> {
        let mut l = self.unary()?;
        loop {
            let op = if self.eat("*") {
                "*"
            } else if self.eat("/") {
                "/"
            } else if self.eat("%") {
                "%"
            } else {
                return Ok(l);
            };
            l = Expr::Bin(op, Box::new(l), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> R<Expr> {
        if self.eat("!") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat("-") {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        if self.eat("+") {
            return self.unary();
        }
        self.primary()
    }

    fn primary(&mut self) -> R<Expr> {
        let Some(tok) = self.peek().cloned() else {
            return Err("unexpected end of program".into());
        };
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Regex(r) => Ok(Expr::Regex(r)),
            Tok::Dollar => Ok(Expr::Field(Box::new(self.primary()?))),
            Tok::Ident(name) => {
                if self.eat("(") {
                    let mut args = Vec::new();
                    if !self.eat(")") {
                        args.push(self.expr(false)?);
                        while self.eat(",") {
                            args.push(self.expr(false)?);
                        }
                        if !self.eat(")") {
                            return Err(self.unsupported());
                        }
                    }
                    if !matches!(name.as_str(), "length" | "toupper" | "tolower" | "substr") {
                        return Err(format!("function {name} is not supported here"));
                    }
                    return Ok(Expr::Call(name, args));
                }
                if name == "length" {
                    return Ok(Expr::Call(name, Vec::new()));
                }
                Ok(Expr::Var(name))
            }
            Tok::Punct("(") => {
                let e = self.expr(false)?;
                if !self.eat(")") {
                    return Err(self.unsupported());
                }
                Ok(e)
            }
            _ => {
                self.pos -= 1;
                Err(self.unsupported())
            }
        }
    }
}

/// A value: awk keeps strings that look like numbers comparable as numbers.
#[derive(Debug, Clone)]
enum Val {
    Num(f64),
    Str(String),
    /// Field or variable input that may compare numerically.
    StrNum(String),
}

fn looks_numeric(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("inf") || t.to_ascii_lowercase().contains("nan") {
        return None;
    }
    t.parse().ok()
}

fn num_prefix(s: &str) -> f64 {
    let t = s.trim_start();
    let mut end = 0;
    for (i, c) in t.char_indices() {
        if c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')) {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    t.get(..end).and_then(|n| n.parse().ok()).unwrap_or(0.0)
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    }
}

impl Val {
    fn num(&self) -> f64 {
        match self {
            Val::Num(n) => *n,
            Val::Str(s) | Val::StrNum(s) => num_prefix(s),
        }
    }
    fn text(&self) -> String {
        match self {
            Val::Num(n) => fmt_num(*n),
            Val::Str(s) | Val::StrNum(s) => s.clone(),
        }
    }
    fn truthy(&self) -> bool {
        match self {
            Val::Num(n) => *n != 0.0,
            Val::Str(s) => !s.is_empty(),
            Val::StrNum(s) => match looks_numeric(s) {
                Some(n) => n != 0.0,
                None => !s.is_empty(),
            },
        }
    }
    fn as_number(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            Val::StrNum(s) => looks_numeric(s),
            Val::Str(_) => None,
        }
    }
}

struct Run {
    vars: BTreeMap<String, Val>,
    fields: Vec<String>,
    record: String,
    fs: Option<String>,
    nr: usize,
    out: String,
}

impl Run {
    fn split(&mut self) {
        self.fields = match &self.fs {
            None => self.record.split_whitespace().map(str::to_string).collect(),
            Some(sep) => self
                .record
                .split(sep.as_str())
                .map(str::to_string)
                .collect(),
        };
        if self.record.is_empty() {
            self.fields.clear();
        }
    }

    fn field(&self, i: usize) -> String {
        if i == 0 {
            return self.record.clone();
        }
        self.fields.get(i - 1).cloned().unwrap_or_default()
    }

    fn var(&self, name: &str) -> Val {
        match name {
            "NR" | "FNR" => Val::Num(self.nr as f64),
            "NF" => Val::Num(self.fields.len() as f64),
            _ => self
                .vars
                .get(name)
                .cloned()
                .unwrap_or(Val::StrNum(String::new())),
        }
    }

    fn eval(&mut self, e: &Expr) -> R<Val> {
        Ok(match e {
            Expr::Num(n) => Val::Num(*n),
            Expr::Str(s) => Val::Str(s.clone()),
            Expr::Regex(r) => Val::Num(f64::from(u8::from(regex(r)?.is_match(&self.record)))),
            Expr::Var(v) => self.var(v),
            Expr::Field(i) => {
                let n = self.eval(i)?.num();
                if n < 0.0 {
                    return Err(format!("trying to access out of range field {}", n as i64));
                }
                Val::StrNum(self.field(n as usize))
            }
            Expr::Concat(parts) => {
                let mut s = String::new();
                for p in parts {
                    s.push_str(&self.eval(p)?.text());
                }
                Val::Str(s)
            }
            Expr::Not(x) => Val::Num(f64::from(u8::from(!self.eval(x)?.truthy()))),
            Expr::Neg(x) => Val::Num(-self.eval(x)?.num()),
            Expr::Assign(op, name, x) => {
                let v = self.eval(x)?;
                let new = match *op {
                    "=" => v,
                    _ => {
                        let (a, b) = (self.var(name).num(), v.num());
                        Val::Num(match *op {
                            "+=" => a + b,
                            "-=" => a - b,
                            "*=" => a * b,
                            _ if b == 0.0 => return Err("division by zero".into()),
                            _ => a / b,
                        })
                    }
                };
                self.vars.insert(name.clone(), new.clone());
                new
            }
            Expr::Call(name, args) => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.eval(a)?.text());
                }
                let first = vals.first().cloned().unwrap_or_else(|| self.record.clone());
                match name.as_str() {
                    "length" => Val::Num(first.chars().count() as f64),
                    "toupper" => Val::Str(first.to_uppercase()),
                    "tolower" => Val::Str(first.to_lowercase()),
                    _ => {
                        let start =
                            vals.get(1).map(|v| num_prefix(v)).unwrap_or(1.0).max(1.0) as usize;
                        let len = vals
                            .get(2)
                            .map(|v| num_prefix(v).max(0.0) as usize)
                            .unwrap_or(usize::MAX);
                        Val::Str(first.chars().skip(start - 1).take(len).collect())
                    }
                }
            }
            Expr::Bin(op, l, r) => {
                if *op == "&&" {
                    let v = self.eval(l)?.truthy() && self.eval(r)?.truthy();
                    return Ok(Val::Num(f64::from(u8::from(v))));
                }
                if *op == "||" {
                    let v = self.eval(l)?.truthy() || self.eval(r)?.truthy();
                    return Ok(Val::Num(f64::from(u8::from(v))));
                }
                if matches!(*op, "~" | "!~") {
                    let text = self.eval(l)?.text();
                    let re = match &**r {
                        Expr::Regex(re) => re.clone(),
                        other => self.eval(other)?.text(),
                    };
                    let hit = regex(&re)?.is_match(&text) == (*op == "~");
                    return Ok(Val::Num(f64::from(u8::from(hit))));
                }
                let (a, b) = (self.eval(l)?, self.eval(r)?);
                match *op {
                    "+" => Val::Num(a.num() + b.num()),
                    "-" => Val::Num(a.num() - b.num()),
                    "*" => Val::Num(a.num() * b.num()),
                    "/" | "%" => {
                        if b.num() == 0.0 {
                            return Err("division by zero".into());
                        }
                        Val::Num(if *op == "/" {
                            a.num() / b.num()
                        } else {
                            a.num() % b.num()
                        })
                    }
                    _ => {
                        let ord = match (a.as_number(), b.as_number()) {
                            (Some(x), Some(y)) => x.partial_cmp(&y),
                            _ => Some(a.text().cmp(&b.text())),
                        };
                        let ord = ord.unwrap_or(std::cmp::Ordering::Equal);
                        use std::cmp::Ordering::*;
                        let v = match *op {
                            "==" => ord == Equal,
                            "!=" => ord != Equal,
                            "<" => ord == Less,
                            "<=" => ord != Greater,
                            ">" => ord == Greater,
                            _ => ord != Less,
                        };
                        Val::Num(f64::from(u8::from(v)))
                    }
                }
            }
        })
    }

    fn exec(&mut self, stmts: &[Stmt]) -> R<()> {
        for s in stmts {
            match s {
                Stmt::Print(_) if self.out.len() > super::limits::MAX_TEXT => {
                    return Err("output too large".into());
                }
                Stmt::Print(args) => {
                    if args.is_empty() {
                        self.out.push_str(&self.record);
                    } else {
                        let mut parts = Vec::new();
                        for a in args {
                            parts.push(self.eval(a)?.text());
                        }
                        self.out.push_str(&parts.join(" "));
                    }
                    self.out.push('\n');
                }
                Stmt::Expr(e) => {
                    self.eval(e)?;
                }
            }
        }
        Ok(())
    }
}

fn regex(r: &str) -> R<Pattern> {
    Pattern::new(r, Syntax::Extended, false).map_err(|e| e.replace("grep: ", ""))
}

pub fn run(disk: &dyn Fs, args: &[String], stdin: Option<&str>) -> Output {
    let mut o = Output::new();
    let mut fs: Option<String> = None;
    let mut vars = BTreeMap::new();
    let mut rest = args;
    let fail = |o: &mut Output, msg: &str, code: i32| {
        o.err(format!("awk: {msg}\n"));
        o.exit_code = code;
    };
    while let Some((a, tail)) = rest.split_first() {
        let (flag, inline) = match a.get(..2) {
            Some(f @ ("-F" | "-v")) => (f, a.get(2..).unwrap_or("")),
            _ => break,
        };
        let (value, tail) = if inline.is_empty() {
            match tail.split_first() {
                Some((v, t)) => (v.as_str(), t),
                None => {
                    fail(
                        &mut o,
                        &format!(
                            "option requires an argument -- {}",
                            flag.trim_start_matches('-')
                        ),
                        2,
                    );
                    return o;
                }
            }
        } else {
            (inline, tail)
        };
        if flag == "-F" {
            fs = Some(if value == "\\t" || value == "t" {
                "\t".into()
            } else {
                value.to_string()
            });
        } else if let Some((k, v)) = value.split_once('=') {
            vars.insert(k.to_string(), Val::StrNum(v.to_string()));
        }
        rest = tail;
    }
    if fs.as_deref() == Some(" ") {
        fs = None;
    }
    let Some((prog, files)) = rest.split_first() else {
        o.err("usage: awk [-F fs][-v var=value]['prog' | -f progfile][file ...]\n");
        o.exit_code = 2;
        return o;
    };
    let rules = match lex(prog).and_then(|toks| Parser { toks, pos: 0 }.program()) {
        Ok(r) => r,
        Err(msg) => {
            fail(&mut o, &format!("{msg} (this playground's awk knows print, patterns, BEGIN/END, variables and arithmetic)"), 2);
            return o;
        }
    };
    let mut inputs = Vec::new();
    if files.is_empty() {
        inputs.push(stdin.unwrap_or("").to_string());
    }
    for f in files {
        match disk.read(f) {
            Ok(t) => inputs.push(t),
            Err(e) => {
                fail(
                    &mut o,
                    &format!("cannot open \"{f}\" ({})", fs_message(&e)),
                    2,
                );
                return o;
            }
        }
    }
    let mut run = Run {
        vars,
        fields: Vec::new(),
        record: String::new(),
        fs,
        nr: 0,
        out: String::new(),
    };
    let result = (|| -> R<()> {
        for r in &rules {
            if let (When::Begin, Some(a)) = (&r.when, &r.action) {
                run.exec(a)?;
            }
        }
        for input in &inputs {
            for line in input.lines() {
                run.nr += 1;
                run.record = line.to_string();
                run.split();
                for r in &rules {
                    let hit = match &r.when {
                        When::Begin | When::End => false,
                        When::Always => true,
                        When::If(e) => run.eval(e)?.truthy(),
                    };
                    if hit {
                        match &r.action {
                            Some(a) => run.exec(a)?,
                            None => {
                                run.out.push_str(&run.record.clone());
                                run.out.push('\n');
                            }
                        }
                    }
                }
            }
        }
        for r in &rules {
            if let (When::End, Some(a)) = (&r.when, &r.action) {
                run.exec(a)?;
            }
        }
        Ok(())
    })();
    o.out(std::mem::take(&mut run.out));
    if let Err(msg) = result {
        fail(&mut o, &msg, 2);
    }
    o
}
