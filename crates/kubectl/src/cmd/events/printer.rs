//! What `kubectl events` prints: its own table (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, after a
//! NAMESPACE column with -A), the times it sorts by, and the events as the typed objects kubectl
//! decodes them into (their fields in the API's order, the ones never omitted filled in).

use serde_json::{Map, Value};

use crate::printers::table::tabwrite;
use kubeplay_core::clock::{human_duration, Time};

/// Microseconds since the epoch of an RFC 3339 time with or without a fraction (`eventTime`
/// carries microseconds, the other timestamps whole seconds); None for a missing or null time.
pub fn micros(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let (whole, frac) = match (s.find('.'), s.rfind(['Z', '+'])) {
        (Some(dot), Some(zone)) if dot < zone => {
            (format!("{}{}", &s[..dot], &s[zone..]), &s[dot + 1..zone])
        }
        _ => (s.to_string(), ""),
    };
    let secs = Time::parse_rfc3339(&whole)?.0;
    let digits: String = frac.chars().take(6).collect();
    let fraction = format!("{digits:0<6}").parse::<i64>().unwrap_or(0);
    Some(secs.saturating_mul(1_000_000).saturating_add(fraction))
}

fn text<'a>(e: &'a Value, pointer: &str) -> &'a str {
    e.pointer(pointer).and_then(|v| v.as_str()).unwrap_or("")
}

fn has_series(e: &Value) -> bool {
    e.get("series").is_some_and(|s| s.is_object())
}

/// The time kubectl sorts by: the series' last observation, else lastTimestamp, else eventTime.
pub fn sort_time(e: &Value) -> i64 {
    let t = if has_series(e) {
        micros(text(e, "/series/lastObservedTime"))
    } else {
        micros(text(e, "/lastTimestamp")).or_else(|| micros(text(e, "/eventTime")))
    };
    t.unwrap_or(i64::MIN)
}

/// Go's HumanDuration of the time since `t`, or `<unknown>`. The fraction of an `eventTime` is
/// dropped: the simulated clock has whole seconds, and a real kubectl runs some time into the
/// second, so `get events` and `describe` (which drop it too) agree with this column.
fn since(t: Option<i64>, now: Time) -> String {
    match t {
        Some(t) => human_duration(now.since(Time(t.div_euclid(1_000_000)))),
        None => "<unknown>".into(),
    }
}

/// LAST SEEN: when first seen, or `LAST (xCOUNT over FIRST)` for a repeated event.
pub fn interval(e: &Value, now: Time) -> String {
    let first = match micros(text(e, "/eventTime")) {
        Some(t) => since(Some(t), now),
        None => since(micros(text(e, "/firstTimestamp")), now),
    };
    let count = e.get("count").and_then(|c| c.as_i64()).unwrap_or(0);
    if has_series(e) {
        let last = since(micros(text(e, "/series/lastObservedTime")), now);
        let n = e
            .pointer("/series/count")
            .and_then(|c| c.as_i64())
            .unwrap_or(0);
        format!("{last} (x{n} over {first})")
    } else if count > 1 {
        let last = since(micros(text(e, "/lastTimestamp")), now);
        format!("{last} (x{count} over {first})")
    } else {
        first
    }
}

/// A cell cut at its first line break (with `...`), and escape characters made visible.
fn cell(s: &str) -> String {
    let cut = match s.find(['\u{c}', '\n', '\r']) {
        Some(i) => format!("{}...", &s[..i]),
        None => s.to_string(),
    };
    cut.replace('\u{1b}', "^[")
}

pub fn header(all_namespaces: bool) -> Vec<String> {
    let mut h: Vec<String> = Vec::new();
    if all_namespaces {
        h.push("NAMESPACE".into());
    }
    h.extend(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"].map(String::from));
    h
}

/// One row of cells per event.
pub fn rows(events: &[Value], now: Time, all_namespaces: bool) -> Vec<Vec<String>> {
    events
        .iter()
        .map(|e| {
            let mut row = Vec::new();
            if all_namespaces {
                row.push(text(e, "/metadata/namespace").to_string());
            }
            row.push(interval(e, now));
            row.push(cell(text(e, "/type")));
            row.push(cell(text(e, "/reason")));
            row.push(format!(
                "{}/{}",
                cell(text(e, "/involvedObject/kind")),
                cell(text(e, "/involvedObject/name"))
            ));
            row.push(cell(text(e, "/message").trim()));
            row
        })
        .collect()
}

/// The rows aligned as one block, under the header unless --no-headers.
pub fn table(rows: Vec<Vec<String>>, header: Option<Vec<String>>) -> String {
    let mut all = Vec::with_capacity(rows.len() + 1);
    all.extend(header);
    all.extend(rows);
    tabwrite(&all)
}

/// Go's `omitempty` leaves these out.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::Bool(b) => !b,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// Copies `fields` of `from` in that order, leaving out empty ones; those in `always` appear
/// even when empty or absent (as `always`'s value when absent), as Go writes fields without
/// `omitempty` and struct fields.
fn ordered(from: &Value, fields: &[&str], always: &[(&str, Value)]) -> Value {
    let mut m = Map::new();
    for f in fields {
        let kept = always.iter().any(|(k, _)| k == f);
        match from.get(*f) {
            Some(v) if !v.is_null() && (kept || !is_empty(v)) => {
                m.insert((*f).to_string(), v.clone());
            }
            _ => {
                if let Some((_, empty)) = always.iter().find(|(k, _)| k == f) {
                    m.insert((*f).to_string(), empty.clone());
                }
            }
        }
    }
    Value::Object(m)
}

const REFERENCE: &[&str] = &[
    "kind",
    "namespace",
    "name",
    "uid",
    "apiVersion",
    "resourceVersion",
    "fieldPath",
];

/// A core/v1 Event as kubectl's typed decoding prints it: kind and apiVersion first, the
/// fields in their Go order, zero times as null and the reporting fields always present.
pub fn typed(e: &Value) -> Value {
    let mut e = e.clone();
    if let Some(m) = e.as_object_mut() {
        m.insert("kind".into(), "Event".into());
        m.insert("apiVersion".into(), "v1".into());
        let meta = ordered(
            &m.get("metadata").cloned().unwrap_or_default(),
            kubeplay_core::api::meta::OBJECT_META_FIELDS,
            &[("creationTimestamp", Value::Null)],
        );
        m.insert("metadata".into(), meta);
        let sub = |m: &Map<String, Value>, k: &str, fields: &[&str]| {
            m.get(k).map(|v| ordered(v, fields, &[]))
        };
        if let Some(r) = sub(m, "involvedObject", REFERENCE) {
            m.insert("involvedObject".into(), r);
        }
        if let Some(r) = sub(m, "related", REFERENCE) {
            m.insert("related".into(), r);
        }
        if let Some(s) = sub(m, "source", &["component", "host"]) {
            m.insert("source".into(), s);
        }
        if let Some(s) = sub(m, "series", &["count", "lastObservedTime"]) {
            m.insert("series".into(), s);
        }
    }
    let empty = Value::Object(Map::new());
    ordered(
        &e,
        &[
            "kind",
            "apiVersion",
            "metadata",
            "involvedObject",
            "reason",
            "message",
            "source",
            "firstTimestamp",
            "lastTimestamp",
            "count",
            "type",
            "eventTime",
            "series",
            "action",
            "related",
            "reportingComponent",
            "reportingInstance",
        ],
        &[
            ("involvedObject", empty.clone()),
            ("source", empty),
            ("firstTimestamp", Value::Null),
            ("lastTimestamp", Value::Null),
            ("eventTime", Value::Null),
            ("reportingComponent", "".into()),
            ("reportingInstance", "".into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn micro_times_sort_and_truncate_as_go_does() {
        assert_eq!(micros("2025-11-25T04:00:00Z"), Some(1_764_043_200_000_000));
        assert_eq!(
            micros("2025-11-25T04:00:00.038000Z"),
            Some(1_764_043_200_038_000)
        );
        assert_eq!(micros(""), None);
        let now = Time(1_764_043_201);
        assert_eq!(since(micros("2025-11-25T04:00:00.038000Z"), now), "1s");
        assert_eq!(since(micros("2025-11-25T04:00:00Z"), now), "1s");
    }

    #[test]
    fn repeated_events_show_their_count() {
        let now = Time(1_764_043_200 + 600);
        let e = json!({"count": 3, "firstTimestamp": "2025-11-25T04:00:00Z",
            "lastTimestamp": "2025-11-25T04:08:00Z"});
        assert_eq!(interval(&e, now), "2m (x3 over 10m)");
        let s = json!({"eventTime": "2025-11-25T04:00:00.000000Z",
            "series": {"count": 4, "lastObservedTime": "2025-11-25T04:09:00.000000Z"}});
        assert_eq!(interval(&s, now), "60s (x4 over 10m)");
        assert_eq!(interval(&json!({}), now), "<unknown>");
    }

    #[test]
    fn cells_stop_at_a_line_break() {
        assert_eq!(cell("one\ntwo"), "one...");
        assert_eq!(cell("a\u{1b}[31m"), "a^[[31m");
    }

    #[test]
    fn typed_events_keep_go_order() {
        let e = json!({"type": "Normal", "metadata": {"uid": "u", "name": "n"},
            "involvedObject": {"name": "web", "kind": "Pod"}, "reason": "Pulled", "message": ""});
        let keys: Vec<String> = typed(&e)
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "kind",
                "apiVersion",
                "metadata",
                "involvedObject",
                "reason",
                "source",
                "firstTimestamp",
                "lastTimestamp",
                "type",
                "eventTime",
                "reportingComponent",
                "reportingInstance"
            ]
        );
        assert_eq!(
            typed(&e)["involvedObject"],
            json!({"kind": "Pod", "name": "web"})
        );
    }
}
