//! core/v1 Events, written through the API as the components record them. Two shapes exist:
//! the classic recorder's (kubelet, controller-manager: `source`, first/last timestamps, count)
//! and the events.k8s.io recorder's the scheduler uses (`eventTime`, `action`, no timestamps).

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Value};

use super::{util, Sim};
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

/// Who reports an event.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// kubelet on a host: `source: {component: kubelet, host}`.
    Kubelet(&'a str),
    /// A kube-controller-manager controller (`deployment-controller`, ...).
    Controller(&'a str),
    /// A component that reports through events.k8s.io (the scheduler), with its instance.
    Reporting(&'a str, &'a str, &'a str),
}

/// One event about `obj`; `field_path` names a container (`spec.containers{nginx}`).
pub struct Event<'a> {
    pub obj: &'a Value,
    pub field_path: Option<String>,
    pub reason: &'a str,
    pub message: String,
    pub kind: &'a str,
    pub source: Source<'a>,
}

impl<'a> Event<'a> {
    pub fn normal(obj: &'a Value, reason: &'a str, message: String, source: Source<'a>) -> Self {
        Event {
            obj,
            field_path: None,
            reason,
            message,
            kind: "Normal",
            source,
        }
    }

    pub fn container(mut self, name: &str) -> Self {
        self.field_path = Some(format!("spec.containers{{{name}}}"));
        self
    }
}

/// Write `ev` at time `at`; events of cluster-scoped objects go to `default`, as in Kubernetes.
/// A repeat of an earlier event (same object, reason, message and source) bumps that event's
/// count and last time instead, as client-go's event correlator does (`(x3 over 2m)`).
pub fn record(sim: &mut Sim, api: &mut ApiServer, ev: Event, at: Time) {
    let obj = ev.obj;
    let ns = meta::namespace(obj);
    let event_ns = if ns.is_empty() { "default" } else { ns };
    let component = match ev.source {
        Source::Kubelet(_) => "kubelet",
        Source::Controller(c) | Source::Reporting(c, _, _) => c,
    };
    let mut message = ev.message.clone();
    let mut same = format!(
        "{event_ns}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{component}",
        obj.uid(),
        ev.field_path.as_deref().unwrap_or(""),
        ev.reason,
        ev.message
    );
    if !matches!(ev.source, Source::Reporting(..)) && combine_similar(sim, obj, &ev, component, at)
    {
        message = format!("(combined from similar events): {}", ev.message);
        same = format!(
            "{event_ns}\u{0}{}\u{0}{}\u{0}{}\u{0}{component}\u{0}combined",
            obj.uid(),
            ev.kind,
            ev.reason
        );
    }
    if let Some(name) = sim.seen_events.get(&same).cloned() {
        let bumped = match ev.source {
            Source::Reporting(..) => bump_series(api, event_ns, &name, at),
            _ => bump(api, event_ns, &name, at, &message),
        };
        if bumped {
            return;
        }
    }
    sim.event_seq += 1;
    // client-go names events `<object>.<UnixNano in hex>`; the sub-second part grows with each
    // event, so listing by name keeps the order they happened in.
    let nanos = (at.0 as u64).wrapping_mul(1_000_000_000).wrapping_add(
        (sim.event_seq.wrapping_mul(1_000_003) + util::mix(sim.event_seq) % 997) % 1_000_000_000,
    );
    let name = format!("{}.{nanos:x}", meta::name(obj));
    let mut involved = json!({
        "apiVersion": meta::str_at(obj, &["apiVersion"]),
        "kind": meta::kind(obj),
        "name": meta::name(obj),
    });
    if !ns.is_empty() {
        involved["namespace"] = json!(ns);
    }
    let rv = obj.resource_version();
    if !rv.is_empty() {
        involved["resourceVersion"] = json!(rv);
    }
    let uid = obj.uid();
    if !uid.is_empty() {
        involved["uid"] = json!(uid);
    }
    if let Some(fp) = &ev.field_path {
        involved["fieldPath"] = json!(fp);
    }
    let mut body = json!({
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": name, "namespace": event_ns},
        "involvedObject": involved,
        "reason": ev.reason,
        "message": message,
        "type": ev.kind,
    });
    // The Go field is `omitempty`: an event with no note (kube-proxy's Starting) has none.
    if message.is_empty() {
        if let Some(fields) = body.as_object_mut() {
            fields.shift_remove("message");
        }
    }
    let ts = at.rfc3339();
    match ev.source {
        Source::Kubelet(host) => {
            body["source"] = json!({"component": "kubelet", "host": host});
            body["firstTimestamp"] = json!(ts);
            body["lastTimestamp"] = json!(ts);
            body["count"] = json!(1);
            body["eventTime"] = Value::Null;
            body["reportingComponent"] = json!("kubelet");
            body["reportingInstance"] = json!(host);
        }
        Source::Controller(component) => {
            body["source"] = json!({"component": component});
            body["firstTimestamp"] = json!(ts);
            body["lastTimestamp"] = json!(ts);
            body["count"] = json!(1);
            body["eventTime"] = Value::Null;
            body["reportingComponent"] = json!(component);
            body["reportingInstance"] = json!("");
        }
        Source::Reporting(component, instance, action) => {
            body["source"] = json!({});
            body["firstTimestamp"] = Value::Null;
            body["lastTimestamp"] = Value::Null;
            body["eventTime"] = json!(util::micro(at, nanos / 1000));
            body["action"] = json!(action);
            body["reportingComponent"] = json!(component);
            body["reportingInstance"] = json!(instance);
        }
    }
    if let Some(info) = util::info(api, "/events") {
        let saved = api.now;
        api.now = at;
        if api.create(&info, Some(event_ns), body, false).is_ok() {
            sim.seen_events.insert(same, name);
        }
        api.now = saved;
    }
}

/// How many different messages of one kind of event about one object client-go's aggregator
/// lets through within ten minutes before it combines the rest into one event.
const MAX_SIMILAR: usize = 10;
const SIMILAR_WINDOW: i64 = 600;

/// client-go's `EventAggregator`: events alike but for their message (a FailedCreate per
/// generated pod name) are recorded apart nine times; from the tenth different message within
/// ten minutes on, they become one `(combined from similar events): ...` event whose count
/// grows and whose message is the latest.
fn combine_similar(sim: &mut Sim, obj: &Value, ev: &Event, component: &str, at: Time) -> bool {
    let key = format!(
        "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
        meta::namespace(obj),
        meta::kind(obj),
        obj.uid(),
        ev.kind,
        ev.reason,
        component
    );
    let entry = sim
        .similar_events
        .entry(key)
        .or_insert_with(|| (std::collections::BTreeSet::new(), at));
    if at.0 - entry.1 .0 > SIMILAR_WINDOW {
        entry.0.clear();
    }
    entry.1 = at;
    entry.0.insert(ev.message.clone());
    if entry.0.len() < MAX_SIMILAR {
        return false;
    }
    entry.0.pop_first();
    true
}

/// Count one more occurrence of an existing event (with the latest message, which changes
/// only for combined events); false if it is gone.
fn bump(api: &mut ApiServer, ns: &str, name: &str, at: Time, message: &str) -> bool {
    let Some(info) = util::info(api, "/events") else {
        return false;
    };
    let Ok(mut e) = api.get(&info, Some(ns), name) else {
        return false;
    };
    let count = e.get("count").and_then(|c| c.as_i64()).unwrap_or(1);
    e["count"] = json!(count + 1);
    e["lastTimestamp"] = json!(at.rfc3339());
    e["message"] = json!(message);
    api.update(&info, Some(ns), name, e, false).is_ok()
}

/// How long the events.k8s.io recorder keeps an event to count repeats into its series.
const SERIES_WINDOW: i64 = 6 * 60;

fn whole_seconds(s: &str) -> Option<Time> {
    let whole = match s.find('.') {
        Some(i) => format!("{}Z", &s[..i]),
        None => s.to_string(),
    };
    Time::parse_rfc3339(&whole)
}

/// A repeat reported through events.k8s.io (the scheduler's) within six minutes of the last
/// one becomes the event's `series` (`count`, `lastObservedTime`); false if it is gone or older.
/// (The real recorder writes counts past the second lazily, on its own timer; here each one
/// is written at once.)
fn bump_series(api: &mut ApiServer, ns: &str, name: &str, at: Time) -> bool {
    let Some(info) = util::info(api, "/events") else {
        return false;
    };
    let Ok(mut e) = api.get(&info, Some(ns), name) else {
        return false;
    };
    let last = e
        .pointer("/series/lastObservedTime")
        .or_else(|| e.get("eventTime"))
        .and_then(|t| t.as_str())
        .and_then(whole_seconds);
    if last.is_none_or(|l| at.0 - l.0 > SERIES_WINDOW) {
        return false;
    }
    let count = e
        .pointer("/series/count")
        .and_then(|c| c.as_i64())
        .unwrap_or(1);
    e["series"] = json!({"count": count + 1, "lastObservedTime": util::micro(at, 219_743)});
    let saved = api.now;
    api.now = at;
    let ok = api.update(&info, Some(ns), name, e, false).is_ok();
    api.now = saved;
    ok
}
