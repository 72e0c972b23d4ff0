//! Values as a template sees kubectl's objects (JSON decoded into Go's `interface{}`, whole
//! numbers as int64), and Go's `%v` of them: `map[a:1 b:2]`, `[x y]`, `<nil>`.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum V {
    /// Go's invalid reflect.Value: a missing key; prints `<no value>`.
    Invalid,
    /// A JSON null: a nil `interface{}`.
    Nil,
    Bool(bool),
    /// Go's `int`: the template's own numbers, lengths, indexes.
    Int(i64),
    /// An integer of the object: kubectl's JSON decoding makes it an int64.
    Int64(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<Vec<V>>),
    /// Go ranges over and prints maps in key order.
    Map(Rc<BTreeMap<String, V>>),
}

impl V {
    pub fn from_json(v: &Value) -> V {
        match v {
            Value::Null => V::Nil,
            Value::Bool(b) => V::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => V::Int64(i),
                None => V::Float(n.as_f64().unwrap_or(0.0)),
            },
            Value::String(s) => V::Str(s.as_str().into()),
            Value::Array(a) => V::List(Rc::new(a.iter().map(V::from_json).collect())),
            Value::Object(o) => V::Map(Rc::new(
                o.iter()
                    .map(|(k, v)| (k.clone(), V::from_json(v)))
                    .collect(),
            )),
        }
    }

    pub fn str(s: impl Into<Rc<str>>) -> V {
        V::Str(s.into())
    }

    /// Go's type names, for messages (`can't evaluate field x in type string`).
    pub fn type_name(&self) -> &'static str {
        match self {
            V::Invalid | V::Nil => "interface {}",
            V::Bool(_) => "bool",
            V::Int(_) => "int",
            V::Int64(_) => "int64",
            V::Float(_) => "float64",
            V::Str(_) => "string",
            V::List(_) => "[]interface {}",
            V::Map(_) => "map[string]interface {}",
        }
    }

    /// text/template's truth: non-zero, non-empty.
    pub fn truth(&self) -> bool {
        match self {
            V::Invalid | V::Nil => false,
            V::Bool(b) => *b,
            V::Int(i) | V::Int64(i) => *i != 0,
            V::Float(f) => *f != 0.0,
            V::Str(s) => !s.is_empty(),
            V::List(l) => !l.is_empty(),
            V::Map(m) => !m.is_empty(),
        }
    }
}

/// Go's `%v` of a float64: shortest digits, exponent form below 1e-4 and from 1e21.
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if f != 0.0 && !(-4..21).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", exp.abs());
    }
    format!("{f}")
}

/// `fmt.Sprint` of one value (`%v`).
pub fn go_sprint(v: &V) -> String {
    match v {
        V::Invalid => "<invalid reflect.Value>".into(),
        V::Nil => "<nil>".into(),
        V::Bool(b) => b.to_string(),
        V::Int(i) | V::Int64(i) => i.to_string(),
        V::Float(f) => go_float(*f),
        V::Str(s) => s.to_string(),
        V::List(l) => format!(
            "[{}]",
            l.iter().map(go_sprint).collect::<Vec<_>>().join(" ")
        ),
        V::Map(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", go_sprint(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// `fmt.Sprint(a, b, ...)`: a space between operands when neither is a string.
pub fn go_sprint_all(args: &[V]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = |v: &V| matches!(v, V::Str(_));
        if i > 0 && !is_str(a) && !is_str(&args[i - 1]) {
            out.push(' ');
        }
        out.push_str(&go_sprint(a));
    }
    out
}
