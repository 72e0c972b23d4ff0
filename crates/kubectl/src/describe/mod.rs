//! `kubectl describe` printers: one small describer per kind, registered by group and kind in
//! `describer_for`, and the writer they share. Every describer writes kubectl's `Label:\tvalue`
//! lines into one `W`, and the whole text is aligned at the end by one Go-style tabwriter
//! (`tabwriter::align`) — which is why `Events:\t<none>` lines up with the lines above it.

#[cfg(test)]
mod cmd_tests;
pub mod configmap;
pub mod cronjob;
pub mod csinode;
pub mod csr;
pub mod daemonset;
pub mod deployment;
pub mod endpoints;
pub mod events;
pub mod generic;
pub mod hpa;
pub mod ingress;
pub mod job;
#[cfg(test)]
mod kinds_tests;
pub mod namespace;
pub mod networkpolicy;
pub mod node;
pub mod pdb;
pub mod pod;
pub mod podspec;
pub mod priorityclass;
pub mod pv;
pub mod pvc;
pub mod rbac;
pub mod replicaset;
pub mod replicationcontroller;
pub mod resourcequota;
pub mod secret;
pub mod selector;
pub mod service;
pub mod serviceaccount;
pub mod statefulset;
pub mod storageclass;
pub mod tabwriter;

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::error::KError;
use super::Ctx;
use kubeplay_core::clock::Time;

/// What the describe command passes to every describer.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub show_events: bool,
    pub chunk_size: i64,
    /// The client's clock, for ages (kubectl reads `time.Now()`).
    pub now: Time,
}

/// Describes one object that was already fetched; may fetch related objects (events, pods...).
pub type DescribeFn = fn(&mut Ctx, &Value, &Settings) -> Result<String, KError>;

/// kubectl's `DescriberFor`: a describer for the group/kind, else the generic one.
pub fn describer_for(group: &str, kind: &str) -> DescribeFn {
    specific_describer(group, kind).unwrap_or(generic::describe)
}

/// kubectl's `describerMap`: the kinds with a describer of their own.
pub fn specific_describer(group: &str, kind: &str) -> Option<DescribeFn> {
    let f: DescribeFn = match (group, kind) {
        ("", "Pod") => pod::describe,
        ("", "ReplicationController") => replicationcontroller::describe,
        ("", "Secret") => secret::describe,
        ("", "Service") => service::describe,
        ("", "ServiceAccount") => serviceaccount::describe,
        ("", "Node") => node::describe,
        ("", "LimitRange") => resourcequota::describe_limit_range,
        ("", "ResourceQuota") => resourcequota::describe,
        ("", "PersistentVolume") => pv::describe,
        ("", "PersistentVolumeClaim") => pvc::describe,
        ("", "Namespace") => namespace::describe,
        ("", "Endpoints") => endpoints::describe,
        ("", "ConfigMap") => configmap::describe,
        ("discovery.k8s.io", "EndpointSlice") => endpoints::describe_slice,
        ("autoscaling", "HorizontalPodAutoscaler") => hpa::describe,
        ("networking.k8s.io", "Ingress") => ingress::describe,
        ("networking.k8s.io", "IngressClass") => ingress::describe_class,
        ("networking.k8s.io", "NetworkPolicy") => networkpolicy::describe,
        ("batch", "Job") => job::describe,
        ("batch", "CronJob") => cronjob::describe,
        ("apps", "StatefulSet") => statefulset::describe,
        ("apps", "Deployment") => deployment::describe,
        ("apps", "DaemonSet") => daemonset::describe,
        ("apps", "ReplicaSet") => replicaset::describe,
        ("storage.k8s.io", "StorageClass") => storageclass::describe,
        ("storage.k8s.io", "CSINode") => csinode::describe,
        ("policy", "PodDisruptionBudget") => pdb::describe,
        ("rbac.authorization.k8s.io", "Role" | "ClusterRole") => rbac::describe_role,
        ("rbac.authorization.k8s.io", "RoleBinding" | "ClusterRoleBinding") => {
            rbac::describe_binding
        }
        ("scheduling.k8s.io", "PriorityClass") => priorityclass::describe,
        ("certificates.k8s.io", "CertificateSigningRequest") => csr::describe,
        _ => return None,
    };
    Some(f)
}

pub const LEVEL_0: usize = 0;
pub const LEVEL_1: usize = 1;
pub const LEVEL_2: usize = 2;
pub const LEVEL_3: usize = 3;
pub const LEVEL_4: usize = 4;

/// kubectl's PrefixWriter: each write is prefixed by two spaces per level, and terminal escapes
/// are neutralised. The text is aligned once, by `finish`.
#[derive(Debug, Default)]
pub struct W {
    buf: String,
}

impl W {
    pub fn new() -> W {
        W::default()
    }

    pub fn write(&mut self, level: usize, s: &str) {
        for _ in 0..level {
            self.buf.push_str("  ");
        }
        escape_into(&mut self.buf, s);
    }

    /// `WriteLine`: the text and a newline, without a prefix.
    pub fn line(&mut self, s: &str) {
        escape_into(&mut self.buf, s);
        self.buf.push('\n');
    }

    /// The aligned text.
    pub fn finish(self) -> String {
        tabwriter::align(&self.buf)
    }

    /// The text as written, tabs kept: kubectl's `rollout history --revision` writes the pod
    /// template without a tabwriter.
    pub fn unaligned(self) -> String {
        self.buf
    }
}

fn escape_into(buf: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\x1b' => buf.push_str("^["),
            '\r' => buf.push_str("\\r"),
            c => buf.push(c),
        }
    }
}

/// Go's `time.RFC1123Z` in UTC: `Tue, 25 Nov 2025 04:00:00 +0000`.
pub fn rfc1123z(t: Time) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = t.0.div_euclid(86_400);
    let secs = t.0.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let wd = DAYS[days.rem_euclid(7) as usize];
    let mon = MONTHS[(m as usize).saturating_sub(1).min(11)];
    format!(
        "{wd}, {d:02} {mon} {y:04} {:02}:{:02}:{:02} +0000",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 -> (year, month 1..=12, day 1..=31), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A Kubernetes timestamp (`Time` or `MicroTime`); fractions of a second are dropped.
pub fn parse_time(s: &str) -> Option<Time> {
    if s.is_empty() {
        return None;
    }
    let trimmed = match (s.find('.'), s.rfind(['Z', '+'])) {
        (Some(dot), Some(zone)) if dot < zone => format!("{}{}", &s[..dot], &s[zone..]),
        _ => s.to_string(),
    };
    Time::parse_rfc3339(&trimmed)
}

/// The timestamp at a JSON pointer, as RFC1123Z, or "" when absent.
pub fn time_at(obj: &Value, pointer: &str) -> Option<Time> {
    obj.pointer(pointer)
        .and_then(|v| v.as_str())
        .and_then(parse_time)
}

/// kubectl's `translateTimestampSince`: a human age, `<unknown>` for a missing time.
pub fn since(t: Option<Time>, now: Time) -> String {
    match t {
        Some(t) => kubeplay_core::clock::human_duration(now.since(t)),
        None => "<unknown>".into(),
    }
}

/// The string at a JSON pointer, or "".
pub fn s<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(|x| x.as_str()).unwrap_or("")
}

/// The array at a JSON pointer, or an empty slice.
pub fn arr<'a>(v: &'a Value, pointer: &str) -> &'a [Value] {
    v.pointer(pointer)
        .and_then(|x| x.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
}

/// Go's `%v` of a scalar from JSON (strings bare, numbers as Go prints them, null as `<nil>`).
pub fn go_value(v: &Value) -> String {
    match v {
        Value::String(x) => x.clone(),
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// An integer field, or 0.
pub fn int_at(v: &Value, pointer: &str) -> i64 {
    v.pointer(pointer).and_then(|x| x.as_i64()).unwrap_or(0)
}

/// A string map (labels, selectors, node selectors) as sorted (key, value) pairs.
pub fn string_map(v: Option<&Value>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v
        .and_then(|m| m.as_object())
        .map(|m| m.iter().map(|(k, v)| (k.clone(), go_value(v))).collect())
        .unwrap_or_default();
    out.sort_once();
    out
}

/// `printLabelsMultilineWithIndent`: `Title:\tk=v`, further pairs on `indent\tk=v` lines.
pub fn labels_multiline(w: &mut W, indent: &str, title: &str, labels: Option<&Value>) {
    w.write(LEVEL_0, &format!("{indent}{title}:\t"));
    let pairs = string_map(labels);
    if pairs.is_empty() {
        w.line("<none>");
        return;
    }
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, &format!("{indent}\t"));
        }
        w.write(LEVEL_0, &format!("{k}={v}\n"));
    }
}

const MAX_ANNOTATION_LEN: usize = 140;
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// `printAnnotationsMultiline`: sorted `key: value`, long or multi-line values on their own
/// indented lines, the last-applied configuration left out.
pub fn annotations_multiline(w: &mut W, title: &str, annotations: Option<&Value>) {
    w.write(LEVEL_0, &format!("{title}:\t"));
    let pairs: Vec<(String, String)> = string_map(annotations)
        .into_iter()
        .filter(|(k, _)| k != LAST_APPLIED)
        .collect();
    if pairs.is_empty() {
        w.line("<none>");
        return;
    }
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, "\t");
        }
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.write(LEVEL_0, &format!("{k}:\n"));
            for part in value.split('\n') {
                w.write(
                    LEVEL_0,
                    &format!("\t  {}\n", shorten(part, MAX_ANNOTATION_LEN - 2)),
                );
            }
        } else {
            w.write(LEVEL_0, &format!("{k}: {value}\n"));
        }
    }
}

/// Go's byte-length `s[:max] + "..."`, kept on a character boundary.
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

/// `printController`: `Kind/name` of the controlling owner, or "".
pub fn controlled_by(obj: &Value) -> String {
    obj.controller_ref()
        .map(|r| format!("{}/{}", s(r, "/kind"), s(r, "/name")))
        .unwrap_or_default()
}

/// `Name:` and `Namespace:` lines most describers start with.
pub fn name_namespace(w: &mut W, obj: &Value) {
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(obj, "/metadata/name")));
    w.write(
        LEVEL_0,
        &format!("Namespace:\t{}\n", s(obj, "/metadata/namespace")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfc1123z_in_utc() {
        assert_eq!(
            rfc1123z(Time(1_764_043_200)),
            "Tue, 25 Nov 2025 04:00:00 +0000"
        );
        assert_eq!(rfc1123z(Time(0)), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(
            rfc1123z(Time(951_782_400)),
            "Tue, 29 Feb 2000 00:00:00 +0000"
        );
        assert_eq!(
            rfc1123z(Time(1_136_214_245)),
            "Mon, 02 Jan 2006 15:04:05 +0000"
        );
    }

    #[test]
    fn micro_times_parse() {
        assert_eq!(
            parse_time("2025-11-25T04:00:00.123456Z"),
            Some(Time(1_764_043_200))
        );
        assert_eq!(
            parse_time("2025-11-25T04:00:00Z"),
            Some(Time(1_764_043_200))
        );
        assert_eq!(parse_time(""), None);
    }

    #[test]
    fn labels_and_annotations_blocks() {
        let mut w = W::new();
        w.write(LEVEL_0, "Name:\tweb\n");
        labels_multiline(&mut w, "", "Labels", Some(&json!({"b": "2", "a": "1"})));
        annotations_multiline(
            &mut w,
            "Annotations",
            Some(&json!({"kubectl.kubernetes.io/last-applied-configuration": "{}"})),
        );
        labels_multiline(
            &mut w,
            "  ",
            "Labels",
            Some(&json!({"x": "y", "app": "web"})),
        );
        assert_eq!(
            w.finish(),
            "Name:         web\nLabels:       a=1\n              b=2\nAnnotations:  <none>\n  Labels:     app=web\n              x=y\n"
        );
    }

    #[test]
    fn long_annotations_are_split() {
        let mut w = W::new();
        let long = "x".repeat(150);
        annotations_multiline(&mut w, "Annotations", Some(&json!({"a": "v", "big": long})));
        let text = w.finish();
        assert_eq!(
            text,
            format!(
                "Annotations:  a: v\n              big:\n                {}...\n",
                "x".repeat(138)
            )
        );
    }
}
