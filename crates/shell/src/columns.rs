//! Column and character filters: `cut -d -f`/`-c` and `tr` (translate, -d, -s), as in GNU
//! coreutils for the options they take.

use super::files::fs_message;
use kubeplay_core::fs::Fs;
use kubeplay_core::output::Output;

pub fn run(fs: &dyn Fs, name: &str, args: &[String], stdin: Option<&str>) -> Output {
    let mut o = Output::new();
    if name == "cut" {
        cut(fs, &mut o, args, stdin);
    } else {
        tr(&mut o, args, stdin);
    }
    o
}

fn fail(o: &mut Output, prog: &str, msg: &str) {
    o.err(format!(
        "{prog}: {msg}\nTry '{prog} --help' for more information.\n"
    ));
    o.exit_code = 1;
}

/// A cut LIST: 1-based inclusive ranges (`N`, `N-M`, `N-`, `-M`).
fn ranges(list: &str) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    for part in list.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (
                if a.is_empty() { 1 } else { a.parse().ok()? },
                if b.is_empty() {
                    usize::MAX
                } else {
                    b.parse().ok()?
                },
            ),
            None => {
                let n = part.parse().ok()?;
                (n, n)
            }
        };
        if a == 0 || b < a {
            return None;
        }
        out.push((a, b));
    }
    Some(out)
}

fn cut(fs: &dyn Fs, o: &mut Output, args: &[String], stdin: Option<&str>) {
    let mut delim = '\t';
    let mut fields: Option<String> = None;
    let mut chars: Option<String> = None;
    let mut only_delimited = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut take = |flag: &str| -> Option<String> {
            let inline = a.strip_prefix(flag)?;
            if inline.is_empty() {
                it.next().cloned().or(Some(String::new()))
            } else {
                Some(inline.to_string())
            }
        };
        if let Some(d) = take("-d") {
            let mut cs = d.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => delim = c,
                _ => return fail(o, "cut", "the delimiter must be a single character"),
            }
        } else if let Some(f) = take("-f") {
            fields = Some(f);
        } else if let Some(c) = take("-c").or_else(|| take("-b")) {
            chars = Some(c);
        } else if a == "-s" {
            only_delimited = true;
        } else if a.starts_with('-') && a.len() > 1 {
            let c = a.chars().nth(1).unwrap_or('-');
            return fail(o, "cut", &format!("invalid option -- '{c}'"));
        } else {
            files.push(a.clone());
        }
    }
    let (list, by_chars) = match (&fields, &chars) {
        (Some(f), None) => (f, false),
        (None, Some(c)) => (c, true),
        (Some(_), Some(_)) => return fail(o, "cut", "only one type of list may be specified"),
        (None, None) => {
            return fail(
                o,
                "cut",
                "you must specify a list of bytes, characters, or fields",
            )
        }
    };
    let Some(list) = ranges(list) else {
        let msg = if list.contains('0') {
            "fields and positions are numbered from 1"
        } else {
            "invalid field range"
        };
        return fail(o, "cut", msg);
    };
    let pick = |i: usize| list.iter().any(|&(a, b)| a <= i && i <= b);
    let mut inputs = Vec::new();
    if files.is_empty() {
        inputs.push(stdin.unwrap_or("").to_string());
    }
    for f in &files {
        match fs.read(f) {
            Ok(t) => inputs.push(t),
            Err(e) => {
                o.err(format!("cut: {f}: {}\n", fs_message(&e)));
                o.exit_code = 1;
            }
        }
    }
    let mut text = String::new();
    for input in &inputs {
        for line in input.lines() {
            if by_chars {
                text.extend(
                    line.chars()
                        .enumerate()
                        .filter(|(i, _)| pick(i + 1))
                        .map(|(_, c)| c),
                );
            } else if !line.contains(delim) {
                if only_delimited {
                    continue;
                }
                text.push_str(line);
            } else {
                let kept: Vec<&str> = line
                    .split(delim)
                    .enumerate()
                    .filter(|(i, _)| pick(i + 1))
                    .map(|(_, f)| f)
                    .collect();
                text.push_str(&kept.join(&delim.to_string()));
            }
            text.push('\n');
        }
    }
    o.out(text);
}

/// A tr SET: characters, `a-z` ranges, backslash escapes and `[:class:]`.
fn set(spec: &str) -> Vec<char> {
    let mut raw = Vec::new();
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars.get(i + 2..).unwrap_or(&[]).iter().collect();
            if let Some(end) = rest.find(":]") {
                let class: Vec<char> = match rest.get(..end).unwrap_or("") {
                    "upper" => ('A'..='Z').collect(),
                    "lower" => ('a'..='z').collect(),
                    "digit" => ('0'..='9').collect(),
                    "alpha" => ('A'..='Z').chain('a'..='z').collect(),
                    "alnum" => ('0'..='9').chain('A'..='Z').chain('a'..='z').collect(),
                    "space" => vec!['\t', '\n', '\x0b', '\x0c', '\r', ' '],
                    "blank" => vec!['\t', ' '],
                    _ => Vec::new(),
                };
                raw.extend(class);
                i += 2 + end + 2;
                continue;
            }
        }
        let (ch, next) = if c == '\\' {
            let e = chars.get(i + 1).copied();
            let ch = match e {
                Some('n') => '\n',
                Some('t') => '\t',
                Some('r') => '\r',
                Some('\\') | None => '\\',
                Some(x) => x,
            };
            (ch, i + if e.is_some() { 2 } else { 1 })
        } else {
            (c, i + 1)
        };
        if chars.get(next) == Some(&'-') {
            if let Some(&hi) = chars.get(next + 1) {
                if hi >= ch {
                    raw.extend(ch..=hi);
                    i = next + 2;
                    continue;
                }
            }
        }
        raw.push(ch);
        i = next;
    }
    raw
}

fn tr(o: &mut Output, args: &[String], stdin: Option<&str>) {
    let (mut delete, mut squeeze) = (false, false);
    let mut sets = Vec::new();
    for a in args {
        if a.len() > 1 && a.starts_with('-') && sets.is_empty() {
            for f in a.chars().skip(1) {
                match f {
                    'd' => delete = true,
                    's' => squeeze = true,
                    _ => return fail(o, "tr", &format!("invalid option -- '{f}'")),
                }
            }
        } else {
            sets.push(set(a));
        }
    }
    let input = stdin.unwrap_or("");
    let (s1, s2) = match (sets.first(), sets.get(1), sets.len()) {
        (None, _, _) => return fail(o, "tr", "missing operand"),
        (Some(_), None, 1) if !delete && !squeeze => {
            let msg = format!(
                "missing operand after '{}'\nTwo strings must be given when translating.",
                args.last().map(String::as_str).unwrap_or("")
            );
            return fail(o, "tr", &msg);
        }
        (Some(a), b, _) => (a.clone(), b.cloned().unwrap_or_default()),
    };
    let mut out = String::new();
    let mut last: Option<char> = None;
    let squeeze_set = if delete || s2.is_empty() { &s1 } else { &s2 };
    for c in input.chars() {
        if delete && s1.contains(&c) {
            continue;
        }
        let c = if !delete && !s2.is_empty() {
            match s1.iter().rposition(|&x| x == c) {
                Some(i) => s2.get(i).or(s2.last()).copied().unwrap_or(c),
                None => c,
            }
        } else {
            c
        };
        if squeeze && last == Some(c) && squeeze_set.contains(&c) {
            continue;
        }
        last = Some(c);
        out.push(c);
    }
    o.out(out);
}
