//! `--sort-by=FIELD`: kubectl's RuntimeSort, comparing the first JSONPath result of each object
//! (strings in natural order, numbers numerically, objects without the field first).

use std::cmp::Ordering;

use serde_json::Value;

use super::{find_results, parse, Template};
use crate::kubectl::printers::custom_columns::relaxed_expression;

/// vbom.ml/util/sortorder's NaturalLess: digit runs compare as numbers, digits before others.
pub fn natural_less(a: &str, b: &str) -> bool {
    let (s1, s2) = (a.as_bytes(), b.as_bytes());
    let (mut i1, mut i2) = (0, 0);
    while i1 < s1.len() && i2 < s2.len() {
        let (c1, c2) = (s1[i1], s2[i2]);
        let (d1, d2) = (c1.is_ascii_digit(), c2.is_ascii_digit());
        if d1 != d2 {
            return d1;
        }
        if !d1 {
            if c1 != c2 {
                return c1 < c2;
            }
            i1 += 1;
            i2 += 1;
            continue;
        }
        while i1 < s1.len() && s1[i1] == b'0' {
            i1 += 1;
        }
        while i2 < s2.len() && s2[i2] == b'0' {
            i2 += 1;
        }
        let (nz1, nz2) = (i1, i2);
        while i1 < s1.len() && s1[i1].is_ascii_digit() {
            i1 += 1;
        }
        while i2 < s2.len() && s2[i2].is_ascii_digit() {
            i2 += 1;
        }
        let (l1, l2) = (i1 - nz1, i2 - nz2);
        if l1 != l2 {
            return l1 < l2;
        }
        let (n1, n2) = (&s1[nz1..i1], &s2[nz2..i2]);
        if n1 != n2 {
            return n1 < n2;
        }
        if nz1 != nz2 {
            return nz1 < nz2;
        }
    }
    s1.len() < s2.len()
}

fn less(a: &Value, b: &Value) -> Result<bool, String> {
    Ok(match (a, b) {
        (Value::String(x), Value::String(y)) => natural_less(x, y),
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
    let mut order: Vec<usize> = (0..objs.len()).collect();
    order.sort_by(|&i, &j| match (&keys[i], &keys[j]) {
        (None, None) => Ordering::Equal,
        (None, _) => Ordering::Less,
        (_, None) => Ordering::Greater,
        (Some(a), Some(b)) => match (less(a, b), less(b, a)) {
            (Ok(true), _) => Ordering::Less,
            (_, Ok(true)) => Ordering::Greater,
            (Err(e), _) | (_, Err(e)) => {
                error.get_or_insert(e);
                Ordering::Equal
            }
            _ => Ordering::Equal,
        },
    });
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
