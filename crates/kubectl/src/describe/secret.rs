//! `kubectl describe secret`: data sizes only, never values (except a token's own token).

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::LEVEL_0;
use super::{annotations_multiline, go_value, labels_multiline, name_namespace, s, Settings, W};
use crate::{Ctx, KError};

pub fn describe(_ctx: &mut Ctx, secret: &Value, _settings: &Settings) -> Result<String, KError> {
    Ok(render(secret))
}

/// Bytes a standard base64 string decodes to.
pub fn base64_len(b64: &str) -> usize {
    let body = b64.trim_end_matches('=');
    body.len() * 3 / 4
}

/// Decode standard base64 (a token is printed as text); invalid input decodes to "".
fn base64_decode(b64: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out: Vec<u8> = Vec::with_capacity(b64.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in b64.bytes().filter(|c| *c != b'=') {
        let Some(v) = ALPHABET.iter().position(|a| *a == c) else {
            return String::new();
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn render(secret: &Value) -> String {
    let mut w = W::new();
    name_namespace(&mut w, secret);
    labels_multiline(&mut w, "", "Labels", secret.labels());
    annotations_multiline(&mut w, "Annotations", secret.annotations());
    let ty = s(secret, "/type");
    w.write(LEVEL_0, &format!("\nType:\t{ty}\n"));
    w.write(LEVEL_0, "\nData\n====\n");
    let mut data: Vec<(String, String)> = secret
        .get("data")
        .and_then(|d| d.as_object())
        .map(|m| m.iter().map(|(k, v)| (k.clone(), go_value(v))).collect())
        .unwrap_or_default();
    data.sort_once();
    for (k, v) in data {
        if k == "token" && ty == "kubernetes.io/service-account-token" {
            w.write(LEVEL_0, &format!("{k}:\t{}\n", base64_decode(&v)));
        } else {
            w.write(LEVEL_0, &format!("{k}:\t{} bytes\n", base64_len(&v)));
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn opaque_secret() {
        let sec = json!({"metadata": {"name": "db", "namespace": "default"}, "type": "Opaque",
                         "data": {"password": "czNjcjN0", "user": "YWRtaW4="}});
        assert_eq!(
            render(&sec),
            "Name:         db
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
password:  6 bytes
user:      5 bytes
"
        );
        assert_eq!(base64_decode("aGVsbG8="), "hello");
        assert_eq!(base64_len(""), 0);
    }
}
