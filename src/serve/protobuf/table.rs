//! The field table of `proto-fields.txt` (written by `scripts/proto-fields.py` from
//! k8s.io/api's and k8s.io/apimachinery's generated.proto at v0.32.0): for each message, its
//! fields by number with their JSON names and kinds.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../proto-fields.txt");

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub repeated: bool,
    pub map: bool,
    /// Kept even when empty (a Go pointer, or JSON without omitempty).
    pub keep: bool,
    /// A Go embedded struct: its fields go in the parent's object.
    pub inline: bool,
    /// `s`, `b`, `i`, `y`, `d`, or `.Message`.
    pub kind: String,
}

#[derive(Debug, Default)]
pub struct Message {
    pub fields: HashMap<u64, Field>,
    /// A Go slice type: JSON has its one repeated field as a bare list.
    pub slice: bool,
}

pub type Messages = HashMap<String, Message>;

fn field(word: &str) -> Option<(u64, Field)> {
    let (name, rest) = word.split_once('=')?;
    let (num, kind) = rest.split_once(':')?;
    let num = num.parse::<u64>().ok()?;
    let inline = kind.ends_with('^');
    let kind = kind.trim_end_matches('^');
    let keep = kind.ends_with('!');
    let kind = kind.trim_end_matches('!');
    let repeated = kind.starts_with('*');
    let kind = kind.trim_start_matches('*');
    let map = kind.starts_with('m');
    let kind = if map { &kind[1..] } else { kind };
    let f = Field {
        name: name.to_string(),
        repeated,
        map,
        keep,
        inline,
        kind: kind.to_string(),
    };
    Some((num, f))
}

pub fn messages() -> &'static Messages {
    static M: OnceLock<Messages> = OnceLock::new();
    M.get_or_init(|| {
        let mut out = Messages::new();
        for line in TABLE.lines() {
            let mut words = line.split_whitespace();
            let Some(name) = words.next() else { continue };
            let (name, slice) = match name.strip_suffix("[]") {
                Some(n) => (n, true),
                None => (name, false),
            };
            let fields = words.filter_map(field).collect();
            out.insert(name.to_string(), Message { fields, slice });
        }
        out
    })
}

/// The message of a kind sent as `apiVersion`: `apps/v1` → `apps/v1.Deployment`,
/// `rbac.authorization.k8s.io/v1` → `rbac/v1.Role`; the options every group version has
/// (DeleteOptions) are meta/v1's.
pub fn message_of(api_version: &str, kind: &str) -> Option<&'static str> {
    let (group, version) = api_version
        .rsplit_once('/')
        .unwrap_or(("core", api_version));
    let package = group.split('.').next().unwrap_or(group);
    let m = messages();
    [
        format!("{package}/{version}.{kind}"),
        format!("meta/v1.{kind}"),
    ]
    .into_iter()
    .find_map(|n| m.get_key_value(n.as_str()).map(|(k, _)| k.as_str()))
}
