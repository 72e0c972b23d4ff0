//! Taint arguments: `KEY[=VALUE]:EFFECT` adds, `KEY[:EFFECT]-` removes, parsed and checked as
//! kubectl does before it talks to the server.

use serde_json::{json, Value};

use super::super::super::error::KError;
use kubeplay_core::api::names;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taint {
    pub key: String,
    pub value: String,
    /// Empty in a removal: every effect of the key.
    pub effect: String,
}

impl Taint {
    pub fn to_json(&self) -> Value {
        let mut t = json!({"effect": self.effect, "key": self.key});
        if !self.value.is_empty() {
            t["value"] = json!(self.value);
        }
        t
    }

    /// As `Taint.ToString()`: `key=value:effect`, dropping the empty parts.
    pub fn text(&self) -> String {
        let kv = if self.value.is_empty() {
            self.key.clone()
        } else {
            format!("{}={}", self.key, self.value)
        };
        if self.effect.is_empty() {
            kv
        } else {
            format!("{kv}:{}", self.effect)
        }
    }
}

const EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

fn invalid(spec: &str, errs: &[String]) -> KError {
    if errs.is_empty() {
        KError::msg(format!("invalid taint spec: {spec}"))
    } else {
        KError::msg(format!("invalid taint spec: {spec}, {}", errs.join("; ")))
    }
}

fn parse_one(spec: &str) -> Result<Taint, KError> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (kv, effect) = match parts.as_slice() {
        [kv] => (*kv, ""),
        [kv, effect] => {
            if !EFFECTS.contains(effect) {
                return Err(KError::msg(format!(
                    "invalid taint effect: {effect}, unsupported taint effect"
                )));
            }
            (*kv, *effect)
        }
        _ => return Err(invalid(spec, &[])),
    };
    let kvs: Vec<&str> = kv.split('=').collect();
    let (key, value) = match kvs.as_slice() {
        [k] => (*k, ""),
        [k, v] => {
            let errs = names::label_value(v);
            if !errs.is_empty() {
                return Err(invalid(spec, &errs));
            }
            (*k, *v)
        }
        _ => return Err(invalid(spec, &[])),
    };
    let errs = names::qualified_name(key);
    if !errs.is_empty() {
        return Err(invalid(spec, &errs));
    }
    Ok(Taint {
        key: key.into(),
        value: value.into(),
        effect: effect.into(),
    })
}

/// The taints to add and to remove.
pub fn parse(specs: &[String]) -> Result<(Vec<Taint>, Vec<Taint>), KError> {
    let mut add: Vec<Taint> = Vec::new();
    let mut remove = Vec::new();
    for spec in specs {
        if let Some(s) = spec.strip_suffix('-') {
            let mut t = parse_one(s)?;
            t.value.clear();
            remove.push(t);
            continue;
        }
        let t = parse_one(spec)?;
        if t.effect.is_empty() {
            return Err(invalid(spec, &[]));
        }
        if add.iter().any(|a| a.key == t.key && a.effect == t.effect) {
            return Err(KError::msg(format!(
                "duplicated taints with the same key and effect: {}",
                t.text()
            )));
        }
        add.push(t);
    }
    Ok((add, remove))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_as_kubectl_reads_them() {
        let (add, remove) = parse(&[
            "dedicated=gpu:NoSchedule".into(),
            "old:NoExecute-".into(),
            "gone-".into(),
        ])
        .unwrap();
        assert_eq!(add[0].text(), "dedicated=gpu:NoSchedule");
        assert_eq!(remove[0].text(), "old:NoExecute");
        assert_eq!(remove[1].text(), "gone");
        assert_eq!(
            parse(&["a=b".into()]).unwrap_err(),
            KError::msg("invalid taint spec: a=b")
        );
        assert_eq!(
            parse(&["a:Never".into()]).unwrap_err(),
            KError::msg("invalid taint effect: Never, unsupported taint effect")
        );
    }
}
