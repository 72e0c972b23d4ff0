//! `--sort-by=FIELD`: kubectl's RuntimeSort, comparing the first JSONPath result of each object
//! (strings byte-wise, numbers numerically). Its Less says "before" for any object without the
//! field, so ties among those come out as Go's insertion sort leaves them.

use serde_json::Value;

use super::{find_results, parse, Template};
use crate::kubectl::printers::custom_columns::relaxed_expression;

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
        order.sort_by(|&a, &b| {
            use std::cmp::Ordering;
            match (&keys[a], &keys[b]) {
                (None, None) => Ordering::Equal,
                (None, _) => Ordering::Less,
                (_, None) => Ordering::Greater,
                (Some(_), Some(_)) if go_less(a, b) => Ordering::Less,
                (Some(_), Some(_)) if go_less(b, a) => Ordering::Greater,
                _ => Ordering::Equal,
            }
        });
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
