//! Values of scalar nodes as go-yaml decodes them and kubectl sends them on as JSON.

use serde_json::{Number, Value};

use super::error::YamlError;
use super::resolve::{resolve_plain, Resolved};

/// go-yaml decodes `!!binary` scalars (standard base64, line breaks ignored) into the string.
fn decode_binary(text: &str) -> Result<String, YamlError> {
    let fail = || YamlError::at(None, "!!binary value contains invalid base64 data");
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'\n' && *b != b'\r')
        .collect();
    if clean.len() % 4 != 0 {
        return Err(fail());
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for group in clean.chunks(4) {
        let mut n: u32 = 0;
        let mut pad = 0;
        for (i, b) in group.iter().enumerate() {
            let v = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' if i >= 2 => {
                    pad += 1;
                    0
                }
                _ => return Err(fail()),
            };
            if pad > 0 && *b != b'=' {
                return Err(fail());
            }
            n = (n << 6) | u32::from(v);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(bytes.get(1..4 - pad).unwrap_or(&[]));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// JSON number for a YAML float: integral values become integers, as Go's JSON encoder writes them
/// without a fraction and the API server reads them back as integers.
fn float_value(f: f64) -> Result<Value, YamlError> {
    if f.is_nan() {
        return Err(YamlError::convert("json: unsupported value: NaN"));
    }
    if f.is_infinite() {
        let s = if f > 0.0 { "+Inf" } else { "-Inf" };
        return Err(YamlError::convert(format!("json: unsupported value: {s}")));
    }
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        return Ok(Value::Number(Number::from(f as i64)));
    }
    Ok(Number::from_f64(f).map_or(Value::Null, Value::Number))
}

pub fn scalar_value(text: &str, plain: bool, tag: Option<&str>) -> Result<Value, YamlError> {
    match tag {
        Some("binary") => return decode_binary(text).map(Value::String),
        Some("str") | Some("custom") | Some("timestamp") => {
            return Ok(Value::String(text.to_string()))
        }
        _ => {}
    }
    if !plain && tag.is_none() {
        return Ok(Value::String(text.to_string()));
    }
    let resolved = resolve_plain(text);
    if let Some(want) = tag {
        let got = match resolved {
            Resolved::Null => "null",
            Resolved::Bool(_) => "bool",
            Resolved::Int(_) | Resolved::Uint(_) => "int",
            Resolved::Float(_) => "float",
            Resolved::Timestamp => "timestamp",
            Resolved::Str => "str",
        };
        if got != want && !(want == "float" && got == "int") {
            return Err(YamlError::at(
                None,
                format!("cannot decode !!{got} `{text}` as a !!{want}"),
            ));
        }
    }
    Ok(match resolved {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Int(i) => Value::Number(i.into()),
        // kubectl decodes the JSON into unstructured objects, where integers past int64 turn into
        // float64; do the same so the value sent is the one kubectl sends.
        Resolved::Uint(u) => float_value(u as f64)?,
        Resolved::Float(f) => float_value(f)?,
        Resolved::Timestamp | Resolved::Str => Value::String(text.to_string()),
    })
}
