//! `--sort-by=FIELD`: kubectl's RuntimeSort, comparing the first JSONPath result of each object
//! (strings byte-wise, numbers numerically). Its Less says "before" for any object without the
//! field, so ties among those come out as Go's insertion sort leaves them.

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::{find_results, parse, Template};
use crate::printers::custom_columns::relaxed_expression;

fn less(a: &Value, b: &Value) -> Result<bool, String> {
    Ok(match (a, b) {
        (Value::String(x), Value::String(y)) => x < y,
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(p), Some(q)) => p < q,
            _ => x.as_f64().unwrap_or(0.0) < y.as_f64().unwrap_or(0.0),
        },
        (Value::Bool(x), Value::Bool(y)) => !x && *y,
        (Value::Array(x), Value::Array(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                if less(p, q)? {
                    return Ok(true);
                }
                if less(q, p)? {
                    return Ok(false);
                }
            }
            x.len() < y.len()
        }
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::Object(_), _) => return Err("unsortable type: map".into()),
        _ => return Err("unsortable type".into()),
    })
}

/// Null first, then one class per JSON type; within a class, the order Less uses.
fn total_cmp(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    fn class(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::Array(_) => 4,
            Value::Object(_) => 5,
        }
    }
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, _) => Ordering::Less,
        (_, None) => Ordering::Greater,
        (Some(x), Some(y)) => match (x, y) {
            (Value::String(p), Value::String(q)) => p.cmp(q),
            (Value::Number(p), Value::Number(q)) => match (p.as_i64(), q.as_i64()) {
                (Some(i), Some(j)) => i.cmp(&j),
                _ => {
                    let (f, g) = (p.as_f64().unwrap_or(0.0), q.as_f64().unwrap_or(0.0));
                    f.total_cmp(&g)
                }
            },
            (Value::Bool(p), Value::Bool(q)) => p.cmp(q),
            (Value::Array(p), Value::Array(q)) => p
                .iter()
                .zip(q.iter())
                .map(|(i, j)| total_cmp(Some(i), Some(j)))
                .find(|o| o.is_ne())
                .unwrap_or_else(|| p.len().cmp(&q.len())),
            _ => class(x).cmp(&class(y)),
        },
    }
}

/// The error Less raises when the keys cannot be compared: a map, or two different types.
fn mixed_types(keys: &[Option<Value>]) -> Option<String> {
    let mut seen: Option<std::mem::Discriminant<Value>> = None;
    for v in keys.iter().flatten() {
        if v.is_object() {
            return Some("unsortable type: map".into());
        }
        if v.is_null() {
            continue;
        }
        let d = std::mem::discriminant(v);
        match seen {
            Some(s) if s != d => return Some("unsortable type".into()),
            _ => seen = Some(d),
        }
    }
    None
}

fn first(t: &Template, obj: &Value) -> Result<Option<Value>, String> {
    let r = find_results(t, obj)?;
    Ok(r.into_iter().next().and_then(|v| v.into_iter().next()))
}

/// Indexes of `objs` in the order `--sort-by=FIELD` puts them.
pub fn sort_order(objs: &[Value], field: &str) -> Result<Vec<usize>, String> {
    let expr = relaxed_expression(field)?;
    let t = parse(&expr)?;
    let keys: Vec<Option<Value>> = objs
        .iter()
        .map(|o| first(&t, o))
        .collect::<Result<_, _>>()?;
    if !objs.is_empty() && keys.iter().all(|k| k.is_none()) {
        return Err(format!(
            "couldn't find any field with path \"{expr}\" in the list of objects"
        ));
    }
    let mut error: Option<String> = None;
    let mut go_less = |a: usize, b: usize| match (&keys[a], &keys[b]) {
        (None, _) => true,
        (_, None) => false,
        (Some(x), Some(y)) => less(x, y).unwrap_or_else(|e| {
            error.get_or_insert(e);
            false
        }),
    };
    let mut order: Vec<usize> = (0..objs.len()).collect();
    if order.len() <= 12 {
        // Go's sort.Sort is an insertion sort at this size.
        for i in 1..order.len() {
            let mut j = i;
            while j > 0 && go_less(order[j], order[j - 1]) {
                order.swap(j, j - 1);
                j -= 1;
            }
        }
    } else {
        // Rust's sort needs a total order (it panics on an inconsistent one), while Go's Less may
        // call mixed or null values neither less nor greater. Sort by a total order that agrees
        // with Less wherever Less is consistent, and report the errors Less would have raised.
        if let Some(e) = mixed_types(&keys) {
            error.get_or_insert(e);
        }
        order.sort_once_by(|&a, &b| total_cmp(keys[a].as_ref(), keys[b].as_ref()));
    }
    if let Some(e) = error {
        return Err(e);
    }
    Ok(order)
}

pub fn sort_by(objs: &mut [Value], field: &str) -> Result<(), String> {
    let order = sort_order(objs, field)?;
    let sorted: Vec<Value> = order.iter().filter_map(|&i| objs.get(i).cloned()).collect();
    for (slot, v) in objs.iter_mut().zip(sorted) {
        *slot = v;
    }
    Ok(())
}
