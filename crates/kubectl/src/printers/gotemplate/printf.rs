//! Go's `fmt.Sprintf` for the template's `printf`: the verbs learners use (`%s %v %d %q %f %x
//! %t %c %%`), flags `-+0 #`, width and precision, and Go's `%!d(string=x)` for mismatches.

use super::quote::go_quote;
use super::value::{go_float, go_sprint, V};

#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    zero: bool,
    space: bool,
    sharp: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

pub fn sprintf(format: &str, args: &[V]) -> String {
    let mut out = String::new();
    let mut used = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut s = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => s.minus = true,
                '+' => s.plus = true,
                '0' => s.zero = true,
                ' ' => s.space = true,
                '#' => s.sharp = true,
                _ => break,
            }
            chars.next();
        }
        s.width = number(&mut chars);
        if chars.peek() == Some(&'.') {
            chars.next();
            s.prec = Some(number(&mut chars).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(used) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        used += 1;
        out.push_str(&pad(&s, &one(verb, &s, arg)));
    }
    if used < args.len() {
        let extra: Vec<String> = args[used..]
            .iter()
            .map(|a| match a {
                V::Nil | V::Invalid => "<nil>".to_string(),
                a => format!("{}={}", a.type_name(), go_sprint(a)),
            })
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

fn number(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        n = Some(
            n.unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(d as usize)
                .min(1 << 16),
        );
        chars.next();
    }
    n
}

fn bad(verb: char, arg: &V) -> String {
    match arg {
        V::Nil | V::Invalid => format!("%!{verb}(<nil>)"),
        a => format!("%!{verb}({}={})", a.type_name(), go_sprint(a)),
    }
}

fn one(verb: char, s: &Spec, arg: &V) -> String {
    match (verb, arg) {
        ('T', a) => a.type_name().to_string(),
        ('v', a) if s.sharp => go_syntax(a),
        ('v', V::Float(f)) => float(*f, 'g', s),
        ('v', V::Nil | V::Invalid) => "<nil>".to_string(),
        // Go formats each element and key of a collection with the verb.
        (_, V::List(l)) => {
            let items: Vec<String> = l.iter().map(|v| one(verb, s, v)).collect();
            format!("[{}]", items.join(" "))
        }
        (_, V::Map(m)) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", one(verb, s, &V::str(k.as_str())), one(verb, s, v)))
                .collect();
            format!("map[{}]", items.join(" "))
        }
        ('v', a) => go_sprint(a),
        ('s', V::Str(x)) => truncate(x, s.prec),
        ('q', V::Str(x)) => go_quote(x),
        ('q', V::Int(i) | V::Int64(i)) => match char::from_u32(*i as u32) {
            Some(c) => format!("'{c}'"),
            None => bad(verb, arg),
        },
        ('t', V::Bool(b)) => b.to_string(),
        ('d', V::Int(i) | V::Int64(i)) => signed(i.to_string(), *i >= 0, s),
        ('c', V::Int(i) | V::Int64(i)) => char::from_u32(*i as u32)
            .map(String::from)
            .unwrap_or_default(),
        ('x', V::Int(i) | V::Int64(i)) => signed(format!("{:x}", i.unsigned_abs()), *i >= 0, s),
        ('X', V::Int(i) | V::Int64(i)) => signed(format!("{:X}", i.unsigned_abs()), *i >= 0, s),
        ('o', V::Int(i) | V::Int64(i)) => signed(format!("{:o}", i.unsigned_abs()), *i >= 0, s),
        ('b', V::Int(i) | V::Int64(i)) => signed(format!("{:b}", i.unsigned_abs()), *i >= 0, s),
        ('x', V::Str(x)) => x.bytes().map(|b| format!("{b:02x}")).collect(),
        ('X', V::Str(x)) => x.bytes().map(|b| format!("{b:02X}")).collect(),
        ('f' | 'F' | 'e' | 'g', V::Float(f)) => float(*f, verb, s),
        ('f' | 'F' | 'e' | 'g', V::Int(_) | V::Int64(_)) => bad(verb, arg),
        _ => bad(verb, arg),
    }
}

/// Go's `%#v`: values as Go source.
fn go_syntax(v: &V) -> String {
    match v {
        V::Str(x) => go_quote(x),
        V::Nil | V::Invalid => "<nil>".into(),
        V::List(l) => {
            let items: Vec<String> = l.iter().map(go_syntax).collect();
            format!("[]interface {{}}{{{}}}", items.join(", "))
        }
        V::Map(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", go_quote(k), go_syntax(v)))
                .collect();
            format!("map[string]interface {{}}{{{}}}", items.join(", "))
        }
        a => go_sprint(a),
    }
}

fn float(f: f64, verb: char, s: &Spec) -> String {
    let text = match (verb, s.prec) {
        ('f' | 'F', p) => format!("{f:.*}", p.unwrap_or(6)),
        ('e', p) => {
            let e = format!("{f:.*e}", p.unwrap_or(6));
            let (m, x) = e.split_once('e').unwrap_or((&e, "0"));
            let x: i32 = x.parse().unwrap_or(0);
            format!("{m}e{}{:02}", if x < 0 { '-' } else { '+' }, x.abs())
        }
        _ => go_float(f),
    };
    signed(
        text.trim_start_matches('-').to_string(),
        f >= 0.0 || f.is_nan(),
        s,
    )
}

fn signed(digits: String, positive: bool, s: &Spec) -> String {
    let sign = if !positive {
        "-"
    } else if s.plus {
        "+"
    } else if s.space {
        " "
    } else {
        ""
    };
    if s.zero && !s.minus {
        if let Some(w) = s.width {
            let n = w.saturating_sub(sign.len() + digits.len());
            return format!("{sign}{}{digits}", "0".repeat(n));
        }
    }
    format!("{sign}{digits}")
}

fn truncate(x: &str, prec: Option<usize>) -> String {
    match prec {
        Some(p) => x.chars().take(p).collect(),
        None => x.to_string(),
    }
}

fn pad(s: &Spec, text: &str) -> String {
    let Some(w) = s.width else {
        return text.to_string();
    };
    let n = w.saturating_sub(text.chars().count());
    if s.minus {
        format!("{text}{}", " ".repeat(n))
    } else {
        format!("{}{text}", " ".repeat(n))
    }
}
