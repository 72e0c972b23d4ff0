//! The functions a kubectl template can call: text/template's builtins and kubectl's
//! `base64decode` and `exists`. Arguments arrive evaluated; `and`/`or` short-circuit in exec.

use std::rc::Rc;

use base64::Engine;

use super::compare;
use super::escape;
use super::printf::sprintf;
use super::value::{go_sprint_all, V};

const FUNCTIONS: [&str; 21] = [
    "and",
    "or",
    "not",
    "len",
    "index",
    "slice",
    "print",
    "printf",
    "println",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "html",
    "js",
    "urlquery",
    "call",
    "exists",
    "base64decode",
];

pub fn is_function(name: &str) -> bool {
    FUNCTIONS.contains(&name)
}

/// The number of parameters and whether more may follow, as the Go functions declare them.
pub fn params(name: &str) -> (usize, bool) {
    match name {
        "not" | "len" | "base64decode" => (1, false),
        "lt" | "le" | "gt" | "ge" | "ne" => (2, false),
        "print" | "println" | "html" | "js" | "urlquery" => (0, true),
        _ => (1, true),
    }
}

/// Go's check of a call's argument count, before any argument is evaluated.
pub fn check_arity(name: &str, got: usize) -> Result<(), String> {
    match params(name) {
        (want, false) if got != want => Err(format!(
            "wrong number of args for {name}: want {want} got {got}"
        )),
        (want, true) if got < want => Err(format!(
            "wrong number of args for {name}: want at least {want} got {got}"
        )),
        _ => Ok(()),
    }
}

/// Which parameters are Go strings: a literal of another kind is refused before the call.
pub fn is_string_param(name: &str, i: usize) -> bool {
    i == 0 && matches!(name, "printf" | "base64decode")
}

/// How a call failed: Go reports argument checks plainly and the function's own errors as
/// `error calling NAME: ...`.
pub enum FnError {
    Args(String),
    Call(String),
}

type R = Result<V, FnError>;

fn call_err(e: impl Into<String>) -> FnError {
    FnError::Call(e.into())
}

fn arity(name: &str, args: &[V], want: usize) -> Result<(), FnError> {
    if args.len() != want {
        return Err(FnError::Args(format!(
            "wrong number of args for {name}: want {want} got {}",
            args.len()
        )));
    }
    Ok(())
}

/// A `string` parameter, checked as Go's reflection checks it.
pub fn want_string(v: &V) -> Result<Rc<str>, FnError> {
    match v {
        V::Str(s) => Ok(s.clone()),
        V::Invalid => Err(FnError::Args("invalid value; expected string".into())),
        v => Err(FnError::Args(format!(
            "wrong type for value; expected string; got {}",
            v.type_name()
        ))),
    }
}

/// `...interface{}` arguments: a missing value is passed as nil.
fn interfaces(args: &[V]) -> Vec<V> {
    args.iter()
        .map(|a| if *a == V::Invalid { V::Nil } else { a.clone() })
        .collect()
}

pub fn call(name: &str, args: &[V]) -> R {
    match name {
        "not" => {
            arity(name, args, 1)?;
            Ok(V::Bool(!args[0].truth()))
        }
        "len" => {
            arity(name, args, 1)?;
            length(&args[0])
        }
        "index" => {
            let Some((item, idx)) = args.split_first() else {
                return Err(FnError::Args(
                    "wrong number of args for index: want at least 1 got 0".into(),
                ));
            };
            index(item, idx)
        }
        "slice" => {
            let Some((item, idx)) = args.split_first() else {
                return Err(FnError::Args(
                    "wrong number of args for slice: want at least 1 got 0".into(),
                ));
            };
            slice(item, idx)
        }
        "print" => Ok(V::str(go_sprint_all(&interfaces(args)))),
        "println" => {
            let parts: Vec<String> = interfaces(args)
                .iter()
                .map(super::value::go_sprint)
                .collect();
            Ok(V::str(parts.join(" ") + "\n"))
        }
        "printf" => {
            let Some((f, rest)) = args.split_first() else {
                return Err(FnError::Args(
                    "wrong number of args for printf: want at least 1 got 0".into(),
                ));
            };
            Ok(V::str(sprintf(&want_string(f)?, &interfaces(rest))))
        }
        "eq" => compare::eq(args).map_err(call_err),
        "ne" => compare::ne(args).map_err(call_err),
        "lt" | "le" | "gt" | "ge" => compare::ordered(name, args).map_err(call_err),
        "html" => Ok(V::str(escape::html(&joined(args)))),
        "js" => Ok(V::str(escape::js(&joined(args)))),
        "urlquery" => Ok(V::str(escape::urlquery(&joined(args)))),
        "call" => Err(call_err("call of nil")),
        "base64decode" => {
            arity(name, args, 1)?;
            let s = want_string(&args[0])?;
            let data = base64::engine::general_purpose::STANDARD
                .decode(s.as_bytes())
                .map_err(|e| {
                    call_err(format!(
                        "base64 decode failed: {}",
                        go_base64_error(&e, s.len())
                    ))
                })?;
            Ok(V::str(String::from_utf8_lossy(&data).into_owned()))
        }
        "exists" => {
            let Some((item, idx)) = args.split_first() else {
                return Err(FnError::Args(
                    "wrong number of args for exists: want at least 1 got 0".into(),
                ));
            };
            Ok(V::Bool(exists(item, idx)))
        }
        _ => Err(call_err(format!("\"{name}\" is not a defined function"))),
    }
}

/// Go's `illegal base64 data at input byte N`: the bad byte, or where the unfinished last
/// group of four starts.
fn go_base64_error(e: &base64::DecodeError, len: usize) -> String {
    use base64::DecodeError::*;
    let at = match e {
        InvalidByte(i, _) | InvalidLastSymbol { offset: i, .. } => *i,
        InvalidLength(_) | InvalidPadding => len / 4 * 4,
    };
    format!("illegal base64 data at input byte {at}")
}

/// html, js and urlquery take one string as it is, or several values printed together.
fn joined(args: &[V]) -> String {
    match args {
        [V::Str(s)] => s.to_string(),
        a => go_sprint_all(&interfaces(a)),
    }
}

fn length(v: &V) -> R {
    match v {
        V::Str(s) => Ok(V::Int(s.len() as i64)),
        V::List(l) => Ok(V::Int(l.len() as i64)),
        V::Map(m) => Ok(V::Int(m.len() as i64)),
        V::Nil => Err(call_err("len of nil pointer")),
        V::Invalid => Err(call_err(
            "reflect: call of reflect.Value.Type on zero Value",
        )),
        v => Err(call_err(format!("len of type {}", v.type_name()))),
    }
}

fn index_arg(i: &V, len: usize) -> Result<usize, FnError> {
    match i {
        V::Int(x) | V::Int64(x) if *x < 0 || *x as u64 > len as u64 => {
            Err(call_err(format!("index out of range: {x}")))
        }
        V::Int(x) | V::Int64(x) if *x as usize == len => {
            Err(call_err("reflect: slice index out of range"))
        }
        V::Int(x) | V::Int64(x) => Ok(*x as usize),
        V::Nil | V::Invalid => Err(call_err("cannot index slice/array with nil")),
        v => Err(call_err(format!(
            "cannot index slice/array with type {}",
            v.type_name()
        ))),
    }
}

fn index(item: &V, idx: &[V]) -> R {
    let mut cur = item.clone();
    if matches!(cur, V::Invalid | V::Nil) {
        return Err(call_err("index of untyped nil"));
    }
    for i in idx {
        cur = match &cur {
            V::List(l) => l[index_arg(i, l.len())?].clone(),
            V::Str(s) => V::Int(s.as_bytes()[index_arg(i, s.len())?] as i64),
            V::Map(m) => match i {
                V::Str(k) => m.get(&**k).cloned().unwrap_or(V::Nil),
                V::Nil | V::Invalid => {
                    return Err(call_err("value is nil; should be of type string"))
                }
                v => {
                    return Err(call_err(format!(
                        "value has type {}; should be string",
                        v.type_name()
                    )))
                }
            },
            V::Nil => return Err(call_err("index of nil pointer")),
            v => {
                return Err(call_err(format!(
                    "can't index item of type {}",
                    v.type_name()
                )))
            }
        };
    }
    Ok(cur)
}

fn slice(item: &V, idx: &[V]) -> R {
    let len = match item {
        V::Str(s) => s.len(),
        V::List(l) => l.len(),
        V::Invalid | V::Nil => return Err(call_err("slice of untyped nil")),
        v => {
            return Err(call_err(format!(
                "can't slice item of type {}",
                v.type_name()
            )))
        }
    };
    if idx.len() > 3 {
        return Err(call_err(format!("too many slice indexes: {}", idx.len())));
    }
    let mut bounds = [0, len, len];
    for (n, i) in idx.iter().enumerate() {
        bounds[n] = match i {
            V::Int(x) | V::Int64(x) if *x >= 0 && (*x as u64) <= len as u64 => *x as usize,
            V::Int(x) | V::Int64(x) => return Err(call_err(format!("index out of range: {x}"))),
            v => {
                return Err(call_err(format!(
                    "cannot index slice/array with type {}",
                    v.type_name()
                )))
            }
        };
    }
    if bounds[0] > bounds[1] {
        return Err(call_err(format!(
            "invalid slice index: {} > {}",
            bounds[0], bounds[1]
        )));
    }
    match item {
        V::Str(s) => {
            if idx.len() == 3 {
                return Err(call_err("cannot 3-index slice a string"));
            }
            let b = &s.as_bytes()[bounds[0]..bounds[1]];
            Ok(V::str(String::from_utf8_lossy(b).into_owned()))
        }
        V::List(l) => Ok(V::List(Rc::new(l[bounds[0]..bounds[1]].to_vec()))),
        _ => Ok(V::Invalid),
    }
}

/// kubectl's `exists`: whether the path of keys and indexes leads somewhere.
fn exists(item: &V, idx: &[V]) -> bool {
    let mut cur = item.clone();
    for i in idx {
        let next = match (&cur, i) {
            (V::Map(m), V::Str(k)) => m.get(&**k).cloned(),
            (V::List(l), V::Int(n) | V::Int64(n)) if *n >= 0 => l.get(*n as usize).cloned(),
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => return false,
        }
    }
    true
}
