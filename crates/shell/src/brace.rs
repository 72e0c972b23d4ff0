//! Brace expansion, the first expansion bash does: `{a,b}` and `{1..5}`, `{a..e}`,
//! `{1..10..2}`, inside one unquoted part of a word (`pod-{1..3}`, `{web,db}.yaml`).

use super::lex::{Seg, Word};

/// More words than this from one brace expression is refused (the word stays as written).
const MAX_WORDS: usize = 100_000;

/// The words `w` expands to (just `w` when it holds no brace expression).
pub fn expand(w: &Word) -> Vec<Word> {
    for (k, seg) in w.segs.iter().enumerate() {
        let Seg::Lit(text) = seg else { continue };
        let Some((pre, items, post)) = find(text) else {
            continue;
        };
        let mut out = Vec::new();
        for item in items {
            let mut nw = Word {
                segs: w.segs.get(..k).unwrap_or(&[]).to_vec(),
            };
            nw.segs.push(Seg::Lit(format!("{pre}{item}{post}")));
            nw.segs
                .extend(w.segs.get(k + 1..).unwrap_or(&[]).iter().cloned());
            // The rest of the word may hold more brace expressions.
            out.extend(expand(&nw));
            if out.len() > MAX_WORDS {
                return vec![w.clone()];
            }
        }
        return out;
    }
    vec![w.clone()]
}

/// The first brace expression in `text`: the text before, the items, the text after.
fn find(text: &str) -> Option<(&str, Vec<String>, &str)> {
    let mut search = 0;
    while let Some(open) = text.get(search..)?.find('{').map(|i| i + search) {
        let inner_start = open + 1;
        let close = text
            .get(inner_start..)?
            .find('}')
            .map(|i| i + inner_start)?;
        let inner = text.get(inner_start..close)?;
        if let Some(items) = items(inner) {
            return Some((text.get(..open)?, items, text.get(close + 1..)?));
        }
        search = open + 1;
    }
    None
}

fn items(inner: &str) -> Option<Vec<String>> {
    if inner.contains('{') {
        return None;
    }
    if inner.contains(',') {
        return Some(inner.split(',').map(str::to_string).collect());
    }
    let parts: Vec<&str> = inner.split("..").collect();
    let (a, b, step) = match parts.as_slice() {
        [a, b] => (*a, *b, None),
        [a, b, s] => (*a, *b, Some(*s)),
        _ => return None,
    };
    let step: i64 = match step {
        Some(s) => s.parse::<i64>().ok()?.checked_abs()?.max(1),
        None => 1,
    };
    if let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) {
        let count = (x.abs_diff(y) / step.unsigned_abs()).saturating_add(1);
        if count > MAX_WORDS as u64 {
            return None;
        }
        let width = if (a.starts_with('0') && a.len() > 1) || (b.starts_with('0') && b.len() > 1) {
            a.len().max(b.len())
        } else {
            0
        };
        let mut out = Vec::new();
        let mut v = x;
        for _ in 0..count {
            out.push(format!("{v:0width$}"));
            v = if x <= y {
                v.saturating_add(step)
            } else {
                v.saturating_sub(step)
            };
        }
        return Some(out);
    }
    let (mut ca, mut cb) = (a.chars(), b.chars());
    match (ca.next(), ca.next(), cb.next(), cb.next()) {
        (Some(x), None, Some(y), None) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic() => {
            let (lo, hi) = (x.min(y) as u8, x.max(y) as u8);
            let mut out: Vec<String> = (lo..=hi)
                .step_by(step as usize)
                .map(|c| (c as char).to_string())
                .collect();
            if x > y {
                out.reverse();
            }
            Some(out)
        }
        _ => None,
    }
}
