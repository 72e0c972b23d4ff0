//! kubectl reads a stream whose first non-blank character is `{` as a sequence of JSON values, not
//! as YAML, and reports Go's `encoding/json` syntax errors. This scanner finds where each value
//! ends and words errors as Go does; serde_json then builds the values.

use serde_json::{Number, Value};

use super::error::YamlError;

/// True when kubectl would take the JSON path for this stream.
pub fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// One value's byte range and starting line, or the error that ends the stream.
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub line: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

#[derive(Clone, Copy, PartialEq)]
enum St {
    BeginValue,
    BeginValueOrEmpty,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    InString,
    InStringEsc,
    InStringEscU(u8),
    Neg,
    Zero,
    Int,
    Dot,
    Dot0,
    Exp,
    ExpSign,
    Exp0,
    Lit(&'static str, usize),
}

enum Step {
    Continue,
    /// The top-level value ended before this byte, which belongs to the next value.
    EndBefore,
    /// The top-level value ended with this byte.
    EndWith,
    Err(String),
}

/// Go's `quoteChar`.
fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '"' => "'\"'".into(),
        _ => {
            let q = format!("{c:?}");
            let inner = q.get(1..q.len().saturating_sub(1)).unwrap_or("");
            let inner = match inner {
                "\\u{7f}" => "\\x7f".to_string(),
                s if s.starts_with("\\u{") => {
                    let hex = s.trim_start_matches("\\u{").trim_end_matches('}');
                    format!("\\x{hex:0>2}")
                }
                s => s.to_string(),
            };
            format!("'{inner}'")
        }
    }
}

fn invalid(c: char, context: &str) -> Step {
    Step::Err(format!("invalid character {} {context}", quote_char(c)))
}

struct Scanner {
    st: St,
    stack: Vec<Ctx>,
}

impl Scanner {
    fn end_value(&mut self, c: char) -> Step {
        let Some(top) = self.stack.last().copied() else {
            return Step::EndBefore;
        };
        if is_space(c) {
            self.st = St::EndValue;
            return Step::Continue;
        }
        match (top, c) {
            (Ctx::ObjectKey, ':') => {
                self.stack.pop();
                self.stack.push(Ctx::ObjectValue);
                self.st = St::BeginValue;
                Step::Continue
            }
            (Ctx::ObjectKey, _) => invalid(c, "after object key"),
            (Ctx::ObjectValue, ',') => {
                self.stack.pop();
                self.stack.push(Ctx::ObjectKey);
                self.st = St::BeginString;
                Step::Continue
            }
            (Ctx::ObjectValue, '}') | (Ctx::ArrayValue, ']') => {
                self.stack.pop();
                self.st = St::EndValue;
                if self.stack.is_empty() {
                    Step::EndWith
                } else {
                    Step::Continue
                }
            }
            (Ctx::ObjectValue, _) => invalid(c, "after object key:value pair"),
            (Ctx::ArrayValue, ',') => {
                self.st = St::BeginValue;
                Step::Continue
            }
            (Ctx::ArrayValue, _) => invalid(c, "after array element"),
        }
    }

    fn begin_value(&mut self, c: char) -> Step {
        if is_space(c) {
            return Step::Continue;
        }
        self.st = match c {
            '{' => {
                if self.stack.len() >= 10_000 {
                    return Step::Err("exceeded max depth".into());
                }
                self.stack.push(Ctx::ObjectKey);
                St::BeginStringOrEmpty
            }
            '[' => {
                if self.stack.len() >= 10_000 {
                    return Step::Err("exceeded max depth".into());
                }
                self.stack.push(Ctx::ArrayValue);
                St::BeginValueOrEmpty
            }
            '"' => St::InString,
            '-' => St::Neg,
            '0' => St::Zero,
            '1'..='9' => St::Int,
            't' => St::Lit("true", 1),
            'f' => St::Lit("false", 1),
            'n' => St::Lit("null", 1),
            _ => return invalid(c, "looking for beginning of value"),
        };
        Step::Continue
    }

    fn step(&mut self, c: char) -> Step {
        match self.st {
            St::BeginValue => self.begin_value(c),
            St::BeginValueOrEmpty => {
                if is_space(c) {
                    return Step::Continue;
                }
                if c == ']' {
                    return self.end_value(c);
                }
                self.begin_value(c)
            }
            St::BeginStringOrEmpty => {
                if is_space(c) {
                    return Step::Continue;
                }
                if c == '}' {
                    self.stack.pop();
                    self.stack.push(Ctx::ObjectValue);
                    return self.end_value(c);
                }
                self.st = St::BeginString;
                self.step(c)
            }
            St::BeginString => {
                if is_space(c) {
                    return Step::Continue;
                }
                if c == '"' {
                    self.st = St::InString;
                    return Step::Continue;
                }
                invalid(c, "looking for beginning of object key string")
            }
            St::EndValue => self.end_value(c),
            St::InString => {
                match c {
                    '"' => self.st = St::EndValue,
                    '\\' => self.st = St::InStringEsc,
                    c if (c as u32) < 0x20 => return invalid(c, "in string literal"),
                    _ => {}
                }
                Step::Continue
            }
            St::InStringEsc => {
                self.st = match c {
                    'b' | 'f' | 'n' | 'r' | 't' | '\\' | '/' | '"' => St::InString,
                    'u' => St::InStringEscU(0),
                    _ => return invalid(c, "in string escape code"),
                };
                Step::Continue
            }
            St::InStringEscU(n) => {
                if !c.is_ascii_hexdigit() {
                    return invalid(c, "in \\u hexadecimal character escape");
                }
                self.st = if n == 3 {
                    St::InString
                } else {
                    St::InStringEscU(n + 1)
                };
                Step::Continue
            }
            St::Neg => {
                self.st = match c {
                    '0' => St::Zero,
                    '1'..='9' => St::Int,
                    _ => return invalid(c, "in numeric literal"),
                };
                Step::Continue
            }
            St::Int if c.is_ascii_digit() => Step::Continue,
            St::Int | St::Zero => match c {
                '.' => {
                    self.st = St::Dot;
                    Step::Continue
                }
                'e' | 'E' => {
                    self.st = St::Exp;
                    Step::Continue
                }
                _ => self.end_value(c),
            },
            St::Dot => {
                if c.is_ascii_digit() {
                    self.st = St::Dot0;
                    return Step::Continue;
                }
                invalid(c, "after decimal point in numeric literal")
            }
            St::Dot0 => match c {
                '0'..='9' => Step::Continue,
                'e' | 'E' => {
                    self.st = St::Exp;
                    Step::Continue
                }
                _ => self.end_value(c),
            },
            St::Exp if c == '+' || c == '-' => {
                self.st = St::ExpSign;
                Step::Continue
            }
            St::Exp | St::ExpSign => {
                if c.is_ascii_digit() {
                    self.st = St::Exp0;
                    return Step::Continue;
                }
                invalid(c, "in exponent of numeric literal")
            }
            St::Exp0 => {
                if c.is_ascii_digit() {
                    return Step::Continue;
                }
                self.end_value(c)
            }
            St::Lit(word, i) => {
                let want = word.as_bytes().get(i).map(|b| *b as char);
                if Some(c) != want {
                    let w = want.unwrap_or(' ');
                    return invalid(c, &format!("in literal {word} (expecting '{w}')"));
                }
                self.st = if i + 1 == word.len() {
                    St::EndValue
                } else {
                    St::Lit(word, i + 1)
                };
                Step::Continue
            }
        }
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn syntax_error(offset: usize, msg: String) -> YamlError {
    YamlError::split(format!("json: offset {offset}: {msg}"))
}

/// Splits a JSON stream into values the way Go's `json.Decoder` reads them one after another.
/// A syntax error ends the list; values before it are still returned.
pub fn split_values(text: &str) -> (Vec<Piece>, Option<YamlError>) {
    let mut pieces = Vec::new();
    let mut offset = 0; // bytes consumed, as Go counts them for error offsets
    let mut rest_start = 0;
    loop {
        let mut sc = Scanner {
            st: St::BeginValue,
            stack: Vec::new(),
        };
        let mut started: Option<usize> = None;
        let mut end: Option<usize> = None;
        for (i, c) in text[rest_start..].char_indices() {
            let at = rest_start + i;
            offset += c.len_utf8();
            if started.is_none() && !is_space(c) {
                started = Some(at);
            }
            match sc.step(c) {
                Step::Continue => {}
                Step::EndWith => {
                    end = Some(at + c.len_utf8());
                    break;
                }
                Step::EndBefore => {
                    offset -= c.len_utf8();
                    end = Some(at);
                    break;
                }
                Step::Err(msg) => return (pieces, Some(syntax_error(offset, msg))),
            }
        }
        let Some(start) = started else {
            return (pieces, None);
        };
        let end = match end {
            Some(e) => e,
            None => {
                // Input ran out: a finished number or literal is fine, anything else is cut off.
                let done = matches!(
                    sc.st,
                    St::Int | St::Zero | St::Dot0 | St::Exp0 | St::EndValue
                ) && sc.stack.is_empty();
                if !done {
                    return (pieces, Some(YamlError::split("unexpected EOF")));
                }
                text.len()
            }
        };
        let line = text[..start].matches('\n').count() + 1;
        pieces.push(Piece { start, end, line });
        rest_start = end;
    }
}

/// Integral floats become integers, as kubectl's JSON round trip writes them without a fraction.
pub fn normalize_numbers(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if n.as_i64().is_some() {
                return;
            }
            // Past int64, kubectl's unstructured decoding keeps a float64.
            let Some(f) = n.as_f64() else { return };
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                *n = Number::from(f as i64);
            } else if let Some(x) = Number::from_f64(f) {
                *n = x;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_numbers),
        Value::Object(map) => map.values_mut().for_each(normalize_numbers),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        split_values(text)
            .1
            .map(|e| e.kubectl_message())
            .unwrap_or_default()
    }

    /// Messages real kubectl 1.32 printed after `error parsing FILE: ` for these files.
    #[test]
    fn syntax_errors_match_kubectl() {
        assert_eq!(
            err("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",}\n"),
            "json: offset 42: invalid character '}' looking for beginning of object key string"
        );
        assert_eq!(
            err("{\"apiVersion\": \"v1\",\n \"kind\": x}\n"),
            "json: offset 31: invalid character 'x' looking for beginning of value"
        );
        assert_eq!(err("  {\"a\": 1\n"), "unexpected EOF");
        assert_eq!(
            err("{\"a\": 1} x\n"),
            "json: offset 10: invalid character 'x' looking for beginning of value"
        );
    }

    #[test]
    fn splits_concatenated_values() {
        let text = "{\"a\": 1}\n{\"b\": [1, 2]} 7 null";
        let (pieces, e) = split_values(text);
        assert!(e.is_none());
        let parts: Vec<_> = pieces
            .iter()
            .map(|p| (&text[p.start..p.end], p.line))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("{\"a\": 1}", 1),
                ("{\"b\": [1, 2]}", 2),
                ("7", 2),
                ("null", 2)
            ]
        );
    }
}
