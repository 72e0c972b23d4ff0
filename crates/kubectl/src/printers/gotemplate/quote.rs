//! Go's string literals: `strconv.Unquote` for the template's strings and `strconv.Quote` for
//! messages and `%q`.

/// A Go string, raw string or character literal, written with its quotes; None when malformed.
pub fn unquote(lit: &str) -> Option<String> {
    if let Some(raw) = lit.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        return Some(raw.replace('\r', ""));
    }
    let body = lit
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| lit.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))?;
    let mut out = String::new();
    let mut it = body.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = it.next()?;
        let mut hex = |n: usize| -> Option<char> {
            let s: String = it.by_ref().take(n).collect();
            char::from_u32(u32::from_str_radix(&s, 16).ok()?)
        };
        out.push(match e {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'a' => '\x07',
            'b' => '\x08',
            'f' => '\x0c',
            'v' => '\x0b',
            '\\' | '"' | '\'' => e,
            'x' => hex(2)?,
            'u' => hex(4)?,
            'U' => hex(8)?,
            '0'..='7' => {
                let rest: String = it.by_ref().take(2).collect();
                char::from_u32(u32::from_str_radix(&format!("{e}{rest}"), 8).ok()?)?
            }
            _ => return None,
        });
    }
    Some(out)
}

/// `strconv.Quote`: double quotes, Go's escapes, printable characters kept.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
