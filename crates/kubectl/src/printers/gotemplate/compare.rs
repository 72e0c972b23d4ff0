//! text/template's comparison functions: `eq` (one value against several), `ne`, `lt`, `le`,
//! `gt`, `ge`, with Go's errors for values of different kinds.

use super::value::V;

const BAD_COMPARISON: &str = "incompatible types for comparison";
const BAD_TYPE: &str = "invalid type for comparison";

#[derive(PartialEq)]
enum Basic {
    Bool,
    Int,
    Float,
    Str,
    Other,
}

fn basic(v: &V) -> Basic {
    match v {
        V::Bool(_) => Basic::Bool,
        V::Int(_) | V::Int64(_) => Basic::Int,
        V::Float(_) => Basic::Float,
        V::Str(_) => Basic::Str,
        _ => Basic::Other,
    }
}

fn valid(v: &V) -> bool {
    !matches!(v, V::Invalid | V::Nil)
}

pub fn eq(args: &[V]) -> Result<V, String> {
    let Some((a, rest)) = args.split_first() else {
        return Err("missing argument for comparison".into());
    };
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    for b in rest {
        let truth = match (a, b) {
            (V::Bool(x), V::Bool(y)) => x == y,
            (V::Int(x) | V::Int64(x), V::Int(y) | V::Int64(y)) => x == y,
            (V::Float(x), V::Float(y)) => x == y,
            (V::Str(x), V::Str(y)) => x == y,
            _ if basic(a) != basic(b) && valid(a) && valid(b) => return Err(BAD_COMPARISON.into()),
            _ if !valid(a) || !valid(b) => valid(a) == valid(b),
            _ => {
                return Err(format!(
                    "non-comparable type {}: {}",
                    super::value::go_sprint(b),
                    b.type_name()
                ))
            }
        };
        if truth {
            return Ok(V::Bool(true));
        }
    }
    Ok(V::Bool(false))
}

pub fn ne(args: &[V]) -> Result<V, String> {
    match args {
        [a, b] => Ok(V::Bool(!eq(&[a.clone(), b.clone()])?.truth())),
        _ => Err(format!(
            "wrong number of args for ne: want 2 got {}",
            args.len()
        )),
    }
}

pub fn lt(a: &V, b: &V) -> Result<bool, String> {
    let (ka, kb) = (basic(a), basic(b));
    if ka == Basic::Other || kb == Basic::Other {
        return Err(BAD_TYPE.into());
    }
    match (a, b) {
        (V::Int(x) | V::Int64(x), V::Int(y) | V::Int64(y)) => Ok(x < y),
        (V::Float(x), V::Float(y)) => Ok(x < y),
        (V::Str(x), V::Str(y)) => Ok(x < y),
        _ if ka != kb => Err(BAD_COMPARISON.into()),
        _ => Err(BAD_TYPE.into()),
    }
}

/// `lt`, `le`, `gt`, `ge` by name, on exactly two values.
pub fn ordered(name: &str, args: &[V]) -> Result<V, String> {
    let [a, b] = args else {
        return Err(format!(
            "wrong number of args for {name}: want 2 got {}",
            args.len()
        ));
    };
    let less = lt(a, b)?;
    let le = || -> Result<bool, String> { Ok(less || eq(&[a.clone(), b.clone()])?.truth()) };
    Ok(V::Bool(match name {
        "lt" => less,
        "le" => le()?,
        "gt" => !le()?,
        _ => !less,
    }))
}
