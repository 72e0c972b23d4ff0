//! The parsed template, and each node written back as Go's `String()` writes it (error
//! messages quote nodes so: `at <.x.y>`).

use std::fmt;

#[derive(Debug, Clone)]
pub enum Node {
    Text(String),
    Action(Pipe),
    If(Control),
    With(Control),
    Range(Control),
    Break,
    Continue,
    /// `{{template "name" pipeline}}`: its position, the name and the optional pipeline.
    Template(usize, String, Option<Pipe>),
}

#[derive(Debug, Clone)]
pub struct Control {
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

#[derive(Debug, Clone)]
pub struct Pipe {
    pub pos: usize,
    pub decl: Vec<String>,
    /// `$x = ...` (not `:=`).
    pub assign: bool,
    pub cmds: Vec<Command>,
}

#[derive(Debug, Clone)]
pub struct Command {
    pub pos: usize,
    pub args: Vec<Arg>,
}

#[derive(Debug, Clone)]
pub enum Arg {
    Field(usize, Vec<String>),
    Variable(usize, String, Vec<String>),
    Dot(usize),
    Nil(usize),
    Bool(usize, bool),
    Int(usize, i64, String),
    Float(usize, f64, String),
    /// The value and the quoted text as written.
    Str(usize, String, String),
    Ident(usize, String),
    Pipe(usize, Box<Pipe>),
    Chain(usize, Box<Arg>, Vec<String>),
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Field(p, _)
            | Arg::Variable(p, _, _)
            | Arg::Dot(p)
            | Arg::Nil(p)
            | Arg::Bool(p, _)
            | Arg::Int(p, _, _)
            | Arg::Float(p, _, _)
            | Arg::Str(p, _, _)
            | Arg::Ident(p, _)
            | Arg::Pipe(p, _)
            | Arg::Chain(p, _, _) => *p,
        }
    }
}

fn path(f: &mut fmt::Formatter<'_>, p: &[String]) -> fmt::Result {
    p.iter().try_for_each(|s| write!(f, ".{s}"))
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Field(_, p) => path(f, p),
            Arg::Variable(_, n, p) => {
                f.write_str(n)?;
                path(f, p)
            }
            Arg::Dot(_) => f.write_str("."),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Bool(_, b) => write!(f, "{b}"),
            Arg::Int(_, _, t) | Arg::Float(_, _, t) | Arg::Str(_, _, t) => f.write_str(t),
            Arg::Ident(_, n) => f.write_str(n),
            Arg::Pipe(_, p) => write!(f, "({p})"),
            Arg::Chain(_, n, p) => {
                write!(f, "{n}")?;
                path(f, p)
            }
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{a}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            let op = if self.assign { "=" } else { ":=" };
            write!(f, "{} {op} ", self.decl.join(", "))?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

pub fn list_string(list: &[Node]) -> String {
    list.iter().map(|n| n.to_string()).collect()
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, c) = match self {
            Node::Text(t) => return f.write_str(t),
            Node::Action(p) => return write!(f, "{{{{{p}}}}}"),
            Node::Break => return f.write_str("{{break}}"),
            Node::Continue => return f.write_str("{{continue}}"),
            Node::Template(_, name, pipe) => {
                let name = super::quote::go_quote(name);
                return match pipe {
                    Some(p) => write!(f, "{{{{template {name} {p}}}}}"),
                    None => write!(f, "{{{{template {name}}}}}"),
                };
            }
            Node::If(c) => ("if", c),
            Node::With(c) => ("with", c),
            Node::Range(c) => ("range", c),
        };
        write!(f, "{{{{{name} {}}}}}{}", c.pipe, list_string(&c.list))?;
        if let Some(e) = &c.else_list {
            write!(f, "{{{{else}}}}{}", list_string(e))?;
        }
        f.write_str("{{end}}")
    }
}
