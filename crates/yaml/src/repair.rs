//! Workarounds where saphyr-parser (YAML 1.2) is stricter than go-yaml v2: the text is adjusted
//! in ways that cannot change any value, and parsing is retried.

pub fn tab_error(char_index: usize) -> saphyr_parser::ScanError {
    saphyr_parser::ScanError::new_str(
        saphyr_parser::Marker::new(char_index, 1, 0),
        "tabs disallowed in this context",
    )
}

/// Replaces the tabs right before `char_index` (back to the `:`) with spaces.
pub fn untab_before(text: &str, char_index: usize) -> Option<String> {
    let mut chars: Vec<char> = text.chars().collect();
    let mut i = char_index.min(chars.len());
    let mut changed = false;
    while i > 0 {
        match chars.get(i - 1) {
            Some('\t') => {
                chars[i - 1] = ' ';
                changed = true;
            }
            Some(' ') => {}
            _ => break,
        }
        i -= 1;
    }
    changed.then(|| chars.into_iter().collect())
}

/// Indents the continuation lines of the quoted scalar opening at `char_index` one column past
/// the line it starts on. Leading blanks of continuation lines are folded away, so the value is
/// unchanged.
pub fn indent_quoted(text: &str, char_index: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let quote = *chars.get(char_index)?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let line_start = chars[..char_index]
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(0, |i| i + 1);
    let target = chars[line_start..char_index]
        .iter()
        .take_while(|c| **c == ' ' || **c == '\t')
        .count()
        + 1;
    let mut out: String = chars[..=char_index].iter().collect();
    let mut i = char_index + 1;
    let mut changed = false;
    while let Some(&c) = chars.get(i) {
        out.push(c);
        i += 1;
        match c {
            '\\' if quote == '"' => {
                if let Some(&n) = chars.get(i) {
                    out.push(n);
                    i += 1;
                }
            }
            '\'' if quote == '\'' && chars.get(i) == Some(&'\'') => {
                out.push('\'');
                i += 1;
            }
            c if c == quote => {
                out.extend(&chars[i..]);
                return changed.then_some(out);
            }
            '\n' => {
                let lead = chars[i..]
                    .iter()
                    .take_while(|c| **c == ' ' || **c == '\t')
                    .count();
                let has_text = chars
                    .get(i + lead)
                    .is_some_and(|c| *c != '\n' && *c != '\r');
                if has_text && lead < target {
                    out.extend(std::iter::repeat_n(' ', target - lead));
                    changed = true;
                }
            }
            _ => {}
        }
    }
    None
}

/// go-yaml (like YAML 1.1) accepts `\'` in a double-quoted scalar; saphyr does not. Rewrites each
/// `\'` of the scalar opening at `char_index` as `\x27`, which both read as `'`.
pub fn escape_single_quotes(text: &str, char_index: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.get(char_index) != Some(&'"') {
        return None;
    }
    let mut out: String = chars[..=char_index].iter().collect();
    let mut i = char_index + 1;
    let mut changed = false;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '\\' => match chars.get(i) {
                Some('\'') => {
                    out.push_str("\\x27");
                    changed = true;
                    i += 1;
                }
                Some(&n) => {
                    out.push(c);
                    out.push(n);
                    i += 1;
                }
                None => out.push(c),
            },
            '"' => {
                out.push(c);
                out.extend(&chars[i..]);
                return changed.then_some(out);
            }
            _ => out.push(c),
        }
    }
    None
}
