//! bash's `printf` builtin: the format is reused until the arguments run out; `%s %d %i %u %x
//! %X %o %c %b %q %f %%` with flags, width and precision; escapes as in `echo -e`.

use kubeplay_core::output::Output;

pub fn printf(o: &mut Output, args: &[String]) {
    let args = match args.split_first() {
        Some((v, rest)) if v == "--" => rest,
        _ => args,
    };
    let Some((format, mut rest)) = args.split_first() else {
        o.err("printf: usage: printf [-v var] format [arguments]\n");
        o.exit_code = 2;
        return;
    };
    let fmt: Vec<char> = format.chars().collect();
    let mut text = String::new();
    loop {
        let before = rest.len();
        match once(&fmt, &mut rest, &mut text, o) {
            Ok(()) => {}
            Err(stop) => {
                if stop {
                    break;
                }
            }
        }
        if text.len() > super::limits::MAX_TEXT {
            o.err("bash: printf: output too large\n");
            o.exit_code = 1;
            return;
        }
        // bash reuses the format only while it consumes arguments.
        if rest.is_empty() || rest.len() == before {
            break;
        }
    }
    o.out(text);
}

/// One pass over the format. Err(true) when `\c` or a bad conversion stops all output.
fn once(fmt: &[char], rest: &mut &[String], text: &mut String, o: &mut Output) -> Result<(), bool> {
    let mut i = 0;
    let next_arg = |rest: &mut &[String]| -> Option<String> {
        let (first, tail) = rest.split_first()?;
        *rest = tail;
        Some(first.clone())
    };
    while let Some(&c) = fmt.get(i) {
        if c == '\\' {
            let mut j = i + 1;
            if matches!(fmt.get(j), Some('0'..='7')) {
                while j < i + 4 && matches!(fmt.get(j), Some('0'..='7')) {
                    j += 1;
                }
            } else if fmt.get(j) == Some(&'x') {
                j += 1;
                while j < i + 4 && fmt.get(j).is_some_and(char::is_ascii_hexdigit) {
                    j += 1;
                }
            } else {
                j += 1;
            }
            let esc: String = fmt.get(i..j.min(fmt.len())).unwrap_or(&[]).iter().collect();
            let esc = if esc.len() > 1 && esc.chars().nth(1).is_some_and(|c| c.is_digit(8)) {
                format!("\\0{}", esc.get(1..).unwrap_or(""))
            } else {
                esc
            };
            let (s, stop) = unescape(&esc);
            text.push_str(&s);
            if stop {
                return Err(true);
            }
            i = j;
            continue;
        }
        if c != '%' {
            text.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if fmt.get(i) == Some(&'%') {
            text.push('%');
            i += 1;
            continue;
        }
        let start = i;
        while matches!(fmt.get(i), Some('-' | '0' | '+' | ' ' | '#')) {
            i += 1;
        }
        let flags: String = fmt.get(start..i).unwrap_or(&[]).iter().collect();
        let mut width = String::new();
        while let Some(d) = fmt.get(i).filter(|c| c.is_ascii_digit()) {
            width.push(*d);
            i += 1;
        }
        let mut prec: Option<usize> = None;
        if fmt.get(i) == Some(&'.') {
            i += 1;
            let mut p = String::new();
            while let Some(d) = fmt.get(i).filter(|c| c.is_ascii_digit()) {
                p.push(*d);
                i += 1;
            }
            prec = Some(p.parse().unwrap_or(0));
        }
        let Some(&conv) = fmt.get(i) else {
            o.err("bash: printf: `%': missing format character\n");
            o.exit_code = 1;
            return Err(true);
        };
        i += 1;
        let width: usize = width.parse().unwrap_or(0).min(10_000);
        let left = flags.contains('-');
        let zero = flags.contains('0') && !left;
        let arg = next_arg(rest);
        let body = match conv {
            's' => {
                let s = arg.unwrap_or_default();
                match prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                }
            }
            'b' => {
                let (s, stop) = unescape(&arg.unwrap_or_default());
                if stop {
                    text.push_str(&s);
                    return Err(true);
                }
                s
            }
            'c' => arg
                .and_then(|a| a.chars().next())
                .map(String::from)
                .unwrap_or_default(),
            'q' => quote(&arg.unwrap_or_default()),
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let n = number(arg.as_deref(), o);
                let mut s = match conv {
                    'x' => format!("{:x}", n),
                    'X' => format!("{:X}", n),
                    'o' => format!("{:o}", n),
                    _ => n.to_string(),
                };
                if flags.contains('+') && n >= 0 && matches!(conv, 'd' | 'i') {
                    s.insert(0, '+');
                }
                s
            }
            'f' | 'e' | 'g' => {
                let v: f64 = match arg.as_deref().map(str::trim) {
                    None | Some("") => 0.0,
                    Some(a) => a.parse().unwrap_or_else(|_| {
                        o.err(format!("bash: printf: {a}: invalid number\n"));
                        o.exit_code = 1;
                        0.0
                    }),
                };
                format!("{:.*}", prec.unwrap_or(6), v)
            }
            other => {
                o.err(format!(
                    "bash: printf: `{other}': invalid format character\n"
                ));
                o.exit_code = 1;
                return Err(true);
            }
        };
        let len = body.chars().count();
        if len >= width {
            text.push_str(&body);
        } else if left {
            text.push_str(&body);
            text.push_str(&" ".repeat(width - len));
        } else if zero && conv != 's' {
            let (sign, digits) = match body.strip_prefix('-') {
                Some(d) => ("-", d),
                None => ("", body.as_str()),
            };
            text.push_str(sign);
            text.push_str(&"0".repeat(width - len));
            text.push_str(digits);
        } else {
            text.push_str(&" ".repeat(width - len));
            text.push_str(&body);
        }
    }
    Ok(())
}

fn number(arg: Option<&str>, o: &mut Output) -> i64 {
    let Some(a) = arg else { return 0 };
    let t = a.trim();
    if t.is_empty() {
        return 0;
    }
    let parsed = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(c) = t.strip_prefix('\'').or_else(|| t.strip_prefix('"')) {
        c.chars().next().map(|c| c as i64)
    } else {
        t.parse().ok()
    };
    match parsed {
        Some(n) => n,
        None => {
            o.err(format!("bash: printf: {a}: invalid number\n"));
            o.exit_code = 1;
            0
        }
    }
}

/// `%q`: backslashes before the characters the shell would treat specially.
fn quote(s: &str) -> String {
    if s.is_empty() {
        return "''".into();
    }
    let mut out = String::new();
    for c in s.chars() {
        if !(c.is_ascii_alphanumeric() || "_./-,:=@+%^".contains(c)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `echo -e` escapes; true when `\c` cut the output short.
pub fn unescape(s: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('e') | Some('E') => out.push('\x1b'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('\\') => out.push('\\'),
            Some('c') => return (out, true),
            Some('0') => {
                let mut n = 0u32;
                for _ in 0..3 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            n = n * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
            }
            Some('x') => {
                let mut n = 0u32;
                let mut digits = 0;
                while digits < 2 {
                    match chars.peek().and_then(|c| c.to_digit(16)) {
                        Some(d) => {
                            n = n * 16 + d;
                            chars.next();
                            digits += 1;
                        }
                        None => break,
                    }
                }
                if digits == 0 {
                    out.push_str("\\x");
                } else {
                    out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}
