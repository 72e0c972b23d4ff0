//! sed's regular expressions on the `regex` crate: POSIX basic syntax (`\(`, `\{`, `\+`, `\?`,
//! `\|`, a leading `*` taken literally) or extended syntax (-E) rewritten into the crate's
//! syntax, which has no back-references and matches in linear time, so no pattern can hang.

use regex::{Regex, RegexBuilder};

/// The compiled program a pattern may grow to; larger ones are refused, not built.
const SIZE_LIMIT: usize = 1 << 20;

/// Err carries the message sed prints after `char N: `.
pub fn compile(pat: &str, extended: bool, icase: bool) -> Result<Regex, String> {
    let translated = translate(pat, extended)?;
    RegexBuilder::new(&translated)
        .case_insensitive(icase)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => "regular expression too big".to_string(),
            _ => glibc_message(pat, extended).to_string(),
        })
}

/// The crate's messages span lines; sed prints glibc's one-line words.
fn glibc_message(pat: &str, extended: bool) -> &'static str {
    let (open, close) = if extended { ("(", ")") } else { ("\\(", "\\)") };
    let opens = pat.matches(open).count();
    let closes = pat.matches(close).count();
    if opens > closes {
        "Unmatched ( or \\("
    } else if closes > opens {
        "Unmatched ) or \\)"
    } else if pat.contains('{') {
        "Invalid content of \\{\\}"
    } else {
        "Invalid preceding regular expression"
    }
}

fn translate(pat: &str, extended: bool) -> Result<String, String> {
    let chars: Vec<char> = pat.chars().collect();
    let mut out = String::new();
    // Where a `*` is a literal and, in basic syntax, a `^` an anchor.
    let mut at_start = true;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        let mut start_next = false;
        match c {
            '\\' => {
                let Some(&e) = chars.get(i) else {
                    return Err("Trailing backslash".into());
                };
                i += 1;
                match e {
                    '(' | ')' | '{' | '}' | '+' | '?' | '|' if !extended => {
                        out.push(e);
                        start_next = matches!(e, '(' | '|');
                    }
                    '<' => out.push_str(r"\b{start}"),
                    '>' => out.push_str(r"\b{end}"),
                    'b' | 'B' | 'w' | 'W' | 's' | 'S' => {
                        out.push('\\');
                        out.push(e);
                    }
                    'n' => out.push_str(r"\n"),
                    't' => out.push_str(r"\t"),
                    '1'..='9' => return Err(
                        "back-references in a pattern are not available in this playground's sed"
                            .into(),
                    ),
                    // Any other escaped character stands for itself.
                    _ => out.push_str(&regex::escape(&e.to_string())),
                }
            }
            '[' => i = bracket(&chars, i, &mut out)?,
            '*' if at_start => out.push_str(r"\*"),
            '^' if extended || at_start => {
                out.push('^');
                start_next = true;
            }
            '^' => out.push_str(r"\^"),
            '$' if extended || ends_branch(&chars, i) => out.push('$'),
            '$' => out.push_str(r"\$"),
            '(' | '|' if extended => {
                out.push(c);
                start_next = true;
            }
            ')' | '{' | '}' | '+' | '?' | '.' | '*' if extended || matches!(c, '.' | '*') => {
                out.push(c)
            }
            _ => out.push_str(&regex::escape(&c.to_string())),
        }
        at_start = start_next;
    }
    Ok(out)
}

/// Basic syntax: `$` anchors only at the end of the pattern or of a group or alternative.
fn ends_branch(chars: &[char], i: usize) -> bool {
    matches!(
        (chars.get(i), chars.get(i + 1)),
        (None, _) | (Some('\\'), Some(')' | '|'))
    )
}

/// Copies the bracket expression opening before `i` (POSIX: no escapes inside, `]` first is a
/// member, `[:alpha:]` classes) in the crate's syntax; returns where it ends.
fn bracket(chars: &[char], mut i: usize, out: &mut String) -> Result<usize, String> {
    out.push('[');
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        out.push_str(r"\]");
        i += 1;
    }
    loop {
        match chars.get(i) {
            None => return Err("unterminated address regex".into()),
            Some(']') => {
                out.push(']');
                return Ok(i + 1);
            }
            Some('[') if matches!(chars.get(i + 1), Some(':')) => {
                let rest: String = chars.get(i..).unwrap_or(&[]).iter().collect();
                let Some(end) = rest.find(":]") else {
                    return Err("Unmatched [, [^, [:, [., or [=".into());
                };
                out.push_str(rest.get(..end + 2).unwrap_or(""));
                i += rest.get(..end + 2).unwrap_or("").chars().count();
            }
            Some(&c) => {
                if matches!(c, '\\' | '[' | '&' | '~') {
                    out.push('\\');
                }
                out.push(c);
                i += 1;
            }
        }
    }
}
