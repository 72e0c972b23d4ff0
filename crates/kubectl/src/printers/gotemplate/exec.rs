//! Running a parsed template over a value, as Go's text/template does: fields of maps, the
//! `missingkey` option, variables scoped to their control structure, and Go's error messages
//! (`template: output:1:4: executing "output" at <.x.y>: map has no entry for key "x"`).

use std::rc::Rc;

use super::ast::{Arg, Command, Control, Node, Pipe};
use super::funcs::{self, FnError};
use super::parse::NAME;
use super::value::{go_sprint, V};

/// Bounds the output of a template that loops a lot (`range 100000000`).
const MAX_OUTPUT: usize = 16 << 20;

/// Bounds the work of nested loops that print little (`range` in `range` in `range`...).
const MAX_ITERATIONS: usize = 1 << 22;

pub struct Exec<'a> {
    src: &'a str,
    missing_error: bool,
    vars: Vec<(String, V)>,
    pub out: String,
    /// The node being evaluated, for the error's `at <...>`: its position and text.
    at: (usize, String),
    /// Range iterations so far.
    iterations: usize,
}

enum Flow {
    Normal,
    Break,
    Continue,
}

type R<T> = Result<T, String>;

impl<'a> Exec<'a> {
    pub fn new(src: &'a str, data: V, missing_error: bool) -> Self {
        Exec {
            src,
            missing_error,
            vars: vec![("$".into(), data)],
            out: String::new(),
            at: (0, String::new()),
            iterations: 0,
        }
    }

    pub fn run(&mut self, root: &[Node]) -> R<()> {
        let dot = self.vars[0].1.clone();
        self.walk(root, &dot).map(|_| ())
    }

    fn set_at(&mut self, pos: usize, text: impl ToString) {
        self.at = (pos, text.to_string());
    }

    /// Go's `ErrorContext`: line and byte column of the node, and its text.
    fn error(&self, msg: &str) -> String {
        let (pos, ctx) = &self.at;
        let before = &self.src[..(*pos).min(self.src.len())];
        let line = 1 + before.matches('\n').count();
        let col = before.rfind('\n').map(|i| pos - i - 1).unwrap_or(*pos);
        format!("template: {NAME}:{line}:{col}: executing \"{NAME}\" at <{ctx}>: {msg}")
    }

    fn walk(&mut self, list: &[Node], dot: &V) -> R<Flow> {
        for n in list {
            match n {
                Node::Text(t) => self.write(t)?,
                Node::Action(p) => {
                    let v = self.pipeline(dot, p)?;
                    if p.decl.is_empty() {
                        self.set_at(p.pos, n);
                        let text = match v {
                            V::Invalid => "<no value>".to_string(),
                            v => go_sprint(&v),
                        };
                        self.write(&text)?;
                    }
                }
                Node::If(c) | Node::With(c) => {
                    let flow = self.scoped(|s| s.if_or_with(c, dot, matches!(n, Node::With(_))))?;
                    if !matches!(flow, Flow::Normal) {
                        return Ok(flow);
                    }
                }
                Node::Range(c) => {
                    self.scoped(|s| s.range(c, dot))?;
                }
                Node::Template(pos, name, _) => {
                    self.set_at(*pos, n);
                    return Err(self.error(&format!("template \"{name}\" not defined")));
                }
                Node::Break => return Ok(Flow::Break),
                Node::Continue => return Ok(Flow::Continue),
            }
        }
        Ok(Flow::Normal)
    }

    fn write(&mut self, s: &str) -> R<()> {
        if self.out.len() + s.len() > MAX_OUTPUT {
            return Err(format!(
                "template: {NAME}: output longer than {MAX_OUTPUT} bytes"
            ));
        }
        self.out.push_str(s);
        Ok(())
    }

    /// Variables declared inside a control structure end with it.
    fn scoped<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        let mark = self.vars.len();
        let r = f(self);
        self.vars.truncate(mark);
        r
    }

    fn if_or_with(&mut self, c: &Control, dot: &V, with: bool) -> R<Flow> {
        let v = self.pipeline(dot, &c.pipe)?;
        if v.truth() {
            let d = if with { &v } else { dot };
            self.walk(&c.list, d)
        } else if let Some(e) = &c.else_list {
            self.walk(e, dot)
        } else {
            Ok(Flow::Normal)
        }
    }

    fn range(&mut self, c: &Control, dot: &V) -> R<()> {
        let v = self.pipeline(dot, &c.pipe)?;
        let items: Vec<(V, V)> = match &v {
            V::List(l) => l
                .iter()
                .enumerate()
                .map(|(i, e)| (V::Int(i as i64), e.clone()))
                .collect(),
            V::Map(m) => m
                .iter()
                .map(|(k, e)| (V::str(k.as_str()), e.clone()))
                .collect(),
            // kubectl v1.32's Go cannot range over an integer: it falls to the error below.
            V::Invalid | V::Nil => Vec::new(),
            other => {
                return Err(self.error(&format!("range can't iterate over {}", go_sprint(other))));
            }
        };
        if items.is_empty() {
            if let Some(e) = &c.else_list {
                self.walk(e, dot)?;
            }
            return Ok(());
        }
        let mark = self.vars.len();
        for (key, elem) in items {
            self.iterations += 1;
            if self.iterations > MAX_ITERATIONS {
                return Err(format!(
                    "template: {NAME}: more than {MAX_ITERATIONS} range iterations"
                ));
            }
            match c.pipe.decl.as_slice() {
                [one] => self.set_var(one, elem.clone(), c.pipe.assign),
                [k, e] => {
                    self.set_var(k, key, c.pipe.assign);
                    self.set_var(e, elem.clone(), c.pipe.assign);
                }
                _ => {}
            }
            let flow = self.walk(&c.list, &elem)?;
            self.vars.truncate(mark);
            if matches!(flow, Flow::Break) {
                break;
            }
        }
        Ok(())
    }

    /// `:=` declares (again, each iteration); `=` changes the innermost variable of that name.
    fn set_var(&mut self, name: &str, v: V, assign: bool) {
        if assign {
            if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                slot.1 = v;
            }
        } else {
            self.vars.push((name.to_string(), v));
        }
    }

    fn pipeline(&mut self, dot: &V, p: &Pipe) -> R<V> {
        let mut value: Option<V> = None;
        for cmd in &p.cmds {
            let v = self.command(dot, cmd, value.take())?;
            // A nil interface{} from a map becomes Go's invalid value ("lovely!" in Go's source).
            value = Some(if v == V::Nil { V::Invalid } else { v });
        }
        let v = value.unwrap_or(V::Invalid);
        for name in &p.decl {
            self.set_var(name, v.clone(), p.assign);
        }
        Ok(v)
    }

    fn command(&mut self, dot: &V, cmd: &Command, fin: Option<V>) -> R<V> {
        let first = &cmd.args[0];
        match first {
            Arg::Field(pos, path) => {
                self.no_args(cmd, &fin, first, true)?;
                self.field_chain(dot.clone(), path, *pos, first)
            }
            Arg::Variable(pos, name, path) => {
                let v = self.variable(name);
                self.no_args(cmd, &fin, first, !path.is_empty())?;
                self.field_chain(v, path, *pos, first)
            }
            Arg::Chain(pos, node, path) => {
                self.no_args(cmd, &fin, first, true)?;
                let v = self.arg(dot, node)?;
                self.field_chain(v, path, *pos, first)
            }
            Arg::Ident(pos, name) => self.function(dot, *pos, name, cmd, fin),
            Arg::Pipe(_, p) => {
                self.not_a_function(cmd, &fin)?;
                self.pipeline(dot, p)
            }
            Arg::Nil(pos) => {
                self.set_at(*pos, first);
                Err(self.error("nil is not a command"))
            }
            _ => {
                self.not_a_function(cmd, &fin)?;
                self.arg(dot, first)
            }
        }
    }

    /// A field or variable followed by arguments: Go's messages for a non-method.
    fn no_args(&mut self, cmd: &Command, fin: &Option<V>, first: &Arg, is_field: bool) -> R<()> {
        if cmd.args.len() > 1 || fin.is_some() {
            if !is_field {
                return self.not_a_function(cmd, fin);
            }
            self.set_at(first.pos(), first);
            let name = match first {
                Arg::Field(_, p) | Arg::Variable(_, _, p) | Arg::Chain(_, _, p) => {
                    p.last().cloned().unwrap_or_default()
                }
                _ => String::new(),
            };
            return Err(self.error(&format!("{name} is not a method but has arguments")));
        }
        Ok(())
    }

    fn not_a_function(&mut self, cmd: &Command, fin: &Option<V>) -> R<()> {
        if cmd.args.len() > 1 || fin.is_some() {
            self.set_at(cmd.args[0].pos(), &cmd.args[0]);
            return Err(self.error(&format!(
                "can't give argument to non-function {}",
                cmd.args[0]
            )));
        }
        Ok(())
    }

    fn variable(&self, name: &str) -> V {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or(V::Invalid)
    }

    fn field_chain(&mut self, mut recv: V, path: &[String], pos: usize, node: &Arg) -> R<V> {
        self.set_at(pos, node);
        for name in path {
            recv = self.field(recv, name)?;
        }
        Ok(recv)
    }

    fn field(&mut self, recv: V, name: &str) -> R<V> {
        match recv {
            V::Invalid => {
                if self.missing_error {
                    return Err(self.error(&format!("nil data; no entry for key \"{name}\"")));
                }
                Ok(V::Invalid)
            }
            V::Nil => Err(self.error(&format!("nil pointer evaluating interface {{}}.{name}"))),
            V::Map(m) => match m.get(name) {
                Some(v) => Ok(v.clone()),
                None if self.missing_error => {
                    Err(self.error(&format!("map has no entry for key \"{name}\"")))
                }
                None => Ok(V::Invalid),
            },
            _ => Err(self.error(&format!(
                "can't evaluate field {name} in type interface {{}}"
            ))),
        }
    }

    /// An argument's value: fields and variables as they are (a missing one stays invalid).
    fn arg(&mut self, dot: &V, a: &Arg) -> R<V> {
        self.set_at(a.pos(), a);
        Ok(match a {
            Arg::Field(pos, path) => self.field_chain(dot.clone(), path, *pos, a)?,
            Arg::Variable(pos, name, path) => {
                let v = self.variable(name);
                self.field_chain(v, path, *pos, a)?
            }
            Arg::Chain(pos, node, path) => {
                let v = self.arg(dot, node)?;
                self.field_chain(v, path, *pos, a)?
            }
            Arg::Dot(_) => dot.clone(),
            Arg::Nil(_) => V::Nil,
            Arg::Bool(_, b) => V::Bool(*b),
            Arg::Int(_, i, _) => V::Int(*i),
            Arg::Float(_, f, _) => V::Float(*f),
            Arg::Str(_, s, _) => V::Str(Rc::from(s.as_str())),
            Arg::Ident(pos, name) => {
                let cmd = Command {
                    pos: *pos,
                    args: vec![a.clone()],
                };
                self.function(dot, *pos, name, &cmd, None)?
            }
            Arg::Pipe(_, p) => self.pipeline(dot, p)?,
        })
    }

    fn function(&mut self, dot: &V, pos: usize, name: &str, cmd: &Command, fin: Option<V>) -> R<V> {
        self.set_at(pos, name);
        let given = cmd.args.len() - 1 + usize::from(fin.is_some());
        funcs::check_arity(name, given).map_err(|m| self.error(&m))?;
        if name == "and" || name == "or" {
            return self.and_or(dot, name, cmd, fin);
        }
        let mut args = Vec::with_capacity(cmd.args.len());
        for (i, a) in cmd.args[1..].iter().enumerate() {
            if funcs::is_string_param(name, i) {
                self.literal_string(a)?;
            }
            args.push(self.arg(dot, a)?);
        }
        args.extend(fin);
        match funcs::call(name, &args) {
            Ok(v) => Ok(v),
            Err(FnError::Args(m)) => Err(self.error(&m)),
            Err(FnError::Call(m)) => {
                self.set_at(cmd.pos, cmd);
                Err(self.error(&format!("error calling {name}: {m}")))
            }
        }
    }

    /// A literal given for a string parameter must be a string.
    fn literal_string(&mut self, a: &Arg) -> R<()> {
        match a {
            Arg::Bool(..) | Arg::Int(..) | Arg::Float(..) => {
                self.set_at(a.pos(), a);
                Err(self.error(&format!("expected string; found {a}")))
            }
            Arg::Nil(_) => {
                self.set_at(a.pos(), a);
                Err(self.error("cannot assign nil to string"))
            }
            _ => Ok(()),
        }
    }

    /// `and`/`or` stop at the first argument that decides, and answer that argument.
    fn and_or(&mut self, dot: &V, name: &str, cmd: &Command, fin: Option<V>) -> R<V> {
        let n = cmd.args.len() - 1 + usize::from(fin.is_some());
        if n == 0 {
            return Err(self.error(&format!(
                "wrong number of args for {name}: want at least 1 got 0"
            )));
        }
        let mut v = V::Invalid;
        for a in &cmd.args[1..] {
            v = self.arg(dot, a)?;
            if v.truth() == (name == "or") {
                return Ok(v);
            }
        }
        Ok(fin.unwrap_or(v))
    }
}
