//! The data of config maps and secrets: `--from-literal=k=v`, `--from-file=[key=]path` (a file or
//! every file of a directory) and `--from-env-file=path`, with kubectl's errors for each.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::Ctx;
use kubeplay_core::fs::FsError;

/// Keys sorted, as Go's maps serialize.
pub type Data = BTreeMap<String, String>;

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && k != "."
        && k != ".."
}

const KEY_RULE: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/// Where the data goes, for error messages: `ConfigMap "c"`.
pub struct Target<'a> {
    pub kind: &'a str,
    pub name: &'a str,
}

/// kubectl words these two errors differently for secrets and config maps.
fn add(data: &mut Data, t: &Target, key: &str, value: String) -> Result<(), KError> {
    let secret = t.kind == "Secret";
    if !valid_key(key) {
        return Err(KError::msg(if secret {
            format!("\"{key}\" is not valid key name for a Secret {KEY_RULE}")
        } else {
            format!(
                "\"{key}\" is not a valid key name for a {}: {KEY_RULE}",
                t.kind
            )
        }));
    }
    if data.contains_key(key) {
        return Err(KError::msg(if secret {
            format!("cannot add key {key}, another key by that name already exists")
        } else {
            format!(
                "cannot add key \"{key}\", another key by that name already exists in Data for {} \"{}\"",
                t.kind, t.name
            )
        }));
    }
    data.insert(key.to_string(), value);
    Ok(())
}

fn read(ctx: &Ctx, path: &str) -> Result<String, KError> {
    ctx.fs.read(path).map_err(|e| match e {
        FsError::NotFound => {
            KError::msg(format!("error reading {path}: no such file or directory"))
        }
        FsError::IsDirectory => KError::msg(format!("error reading {path}: is a directory")),
        FsError::Other(m) => KError::msg(format!("error reading {path}: {m}")),
    })
}

fn base_name(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

pub fn literals(data: &mut Data, t: &Target, items: &[String]) -> Result<(), KError> {
    for l in items {
        let (k, v) = super::parse_literal(l)?;
        add(data, t, &k, v)?;
    }
    Ok(())
}

pub fn files(ctx: &Ctx, data: &mut Data, t: &Target, items: &[String]) -> Result<(), KError> {
    for item in items {
        let (key, path) = match item.split_once('=') {
            Some((k, p)) => {
                if k.is_empty() {
                    return Err(KError::msg(format!("key name for file path {p} missing")));
                }
                if p.is_empty() {
                    return Err(KError::msg(format!("file path for key name {k} missing")));
                }
                (Some(k), p)
            }

            None => (None, item.as_str()),
        };
        if ctx.fs.is_dir(path) {
            if key.is_some() {
                return Err(KError::msg("cannot give a key name for a directory path"));
            }
            for entry in ctx.fs.list_dir(path).unwrap_or_default() {
                if ctx.fs.is_dir(&entry) {
                    continue;
                }
                let text = read(ctx, &entry)?;
                add(data, t, base_name(&entry), text)?;
            }
            continue;
        }
        let text = read(ctx, path)?;
        add(data, t, key.unwrap_or_else(|| base_name(path)), text)?;
    }
    Ok(())
}

/// `KEY=VALUE` lines; `#` comments and blank lines are skipped.
pub fn env_files(ctx: &Ctx, data: &mut Data, t: &Target, items: &[String]) -> Result<(), KError> {
    for path in items {
        let text = read(ctx, path)?;
        for line in text.lines() {
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // A bare KEY takes its value from kubectl's own environment, which is empty here.
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            let env_name_ok = !k.is_empty()
                && !k.starts_with(|c: char| c.is_ascii_digit())
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
            if !env_name_ok {
                return Err(KError::msg(format!(
                    "\"{k}\" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
                )));
            }
            add(data, t, k, v.to_string())?;
        }
    }
    Ok(())
}

/// Base64 (standard alphabet, padded), as Secret data is written.
pub fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b0 = u32::from(chunk.first().copied().unwrap_or(0));
        let b1 = u32::from(chunk.get(1).copied().unwrap_or(0));
        let b2 = u32::from(chunk.get(2).copied().unwrap_or(0));
        let n = (b0 << 16) | (b1 << 8) | b2;
        let sym = |shift: u32| char::from(T[((n >> shift) & 63) as usize]);
        out.push(sym(18));
        out.push(sym(12));
        out.push(if chunk.len() > 1 { sym(6) } else { '=' });
        out.push(if chunk.len() > 2 { sym(0) } else { '=' });
    }
    out
}

/// A Secret in Go's field order: metadata, data, type.
pub fn secret_object(name: &str, namespace: Option<&str>, data: &Data, ty: &str) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), json!("Secret"));
    m.insert("apiVersion".into(), json!("v1"));
    m.insert("metadata".into(), super::object_meta(name, namespace, None));
    if !data.is_empty() {
        let encoded: Map<String, Value> = data
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(base64(v.as_bytes()))))
            .collect();
        m.insert("data".into(), Value::Object(encoded));
    }
    if !ty.is_empty() {
        m.insert("type".into(), json!(ty));
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b"v"), "dg==");
        assert_eq!(base64(b"u:p"), "dTpw");
        assert_eq!(base64(b"hello"), "aGVsbG8=");
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn keys_are_checked() {
        let mut d = Data::new();
        let t = Target {
            kind: "ConfigMap",
            name: "c",
        };
        assert!(literals(&mut d, &t, &["k=v".into()]).is_ok());
        assert_eq!(
            literals(&mut d, &t, &["k=w".into()]).err().map(|e| e.render("")),
            Some("error: cannot add key \"k\", another key by that name already exists in Data for ConfigMap \"c\"\n".into())
        );
        assert!(literals(&mut d, &t, &["a/b=c".into()]).is_err());
    }
}
