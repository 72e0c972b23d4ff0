//! The Events section: core/v1 events about one object, found as kubectl finds them (a field
//! selector on involvedObject name, namespace, kind and uid, in the object's namespace), sorted
//! by their last time and printed as kubectl's five-column table.

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::{arr, int_at, parse_time, s, since, Settings, LEVEL_0, LEVEL_1, W};
use crate::Ctx;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

/// What an event refers to; `kind`/`uid` are left out of the selector when empty.
pub struct Ref<'a> {
    pub name: &'a str,
    pub namespace: &'a str,
    pub kind: &'a str,
    pub uid: &'a str,
}

impl<'a> Ref<'a> {
    pub fn of(obj: &'a Value) -> Ref<'a> {
        Ref {
            name: s(obj, "/metadata/name"),
            namespace: s(obj, "/metadata/namespace"),
            kind: s(obj, "/kind"),
            uid: s(obj, "/metadata/uid"),
        }
    }
}

/// `searchEvents`: events about `r`; a failed list counts as no events, as in kubectl.
pub fn search(ctx: &mut Ctx, r: &Ref) -> Vec<Value> {
    // fields.Set renders its terms sorted by key.
    let mut terms = vec![];
    if !r.kind.is_empty() {
        terms.push(format!("involvedObject.kind={}", r.kind));
    }
    terms.push(format!("involvedObject.name={}", r.name));
    terms.push(format!("involvedObject.namespace={}", r.namespace));
    if !r.uid.is_empty() {
        terms.push(format!("involvedObject.uid={}", r.uid));
    }
    let path = if r.namespace.is_empty() {
        "/api/v1/events".to_string()
    } else {
        format!("/api/v1/namespaces/{}/events", r.namespace)
    };
    let req = ApiRequest::get(path).with_query("fieldSelector", terms.join(","));
    match ctx.call(req) {
        Ok(list) => arr(&list, "/items").to_vec(),
        Err(_) => Vec::new(),
    }
}

/// Events for a describer: `None` when `--show-events=false` (no section at all).
pub fn for_object(ctx: &mut Ctx, obj: &Value, settings: &Settings) -> Option<Vec<Value>> {
    settings.show_events.then(|| search(ctx, &Ref::of(obj)))
}

/// The time kubectl sorts events by: series last-observed, else lastTimestamp, else eventTime.
fn sort_time(e: &Value) -> Option<Time> {
    if e.get("series").is_some_and(|x| x.is_object()) {
        return parse_time(s(e, "/series/lastObservedTime"));
    }
    parse_time(s(e, "/lastTimestamp")).or_else(|| parse_time(s(e, "/eventTime")))
}

/// `DescribeEvents`: `Events:\t<none>` (aligned with the lines above), or the table.
pub fn describe(w: &mut W, events: &[Value], now: Time) {
    if events.is_empty() {
        w.write(LEVEL_0, "Events:\t<none>\n");
        return;
    }
    let mut sorted: Vec<&Value> = events.iter().collect();
    sorted.sort_once_by_key(|e| sort_time(e));
    w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
    for e in sorted {
        let first = match parse_time(s(e, "/eventTime")) {
            Some(t) => since(Some(t), now),
            None => since(parse_time(s(e, "/firstTimestamp")), now),
        };
        let count = int_at(e, "/count");
        let interval = if e.get("series").is_some_and(|x| x.is_object()) {
            format!(
                "{} (x{} over {first})",
                since(parse_time(s(e, "/series/lastObservedTime")), now),
                int_at(e, "/series/count")
            )
        } else if count > 1 {
            format!(
                "{} (x{count} over {first})",
                since(parse_time(s(e, "/lastTimestamp")), now)
            )
        } else {
            first
        };
        let mut source = s(e, "/source/component");
        if source.is_empty() {
            source = s(e, "/reportingComponent");
        }
        w.write(
            LEVEL_1,
            &format!(
                "{}\t{}\t{interval}\t{source}\t{}\n",
                s(e, "/type"),
                s(e, "/reason"),
                s(e, "/message").trim()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn table_and_repeat_counts() {
        let now = Time(1_764_043_200);
        let events = vec![
            json!({"type": "Normal", "reason": "Pulled", "count": 3,
                   "firstTimestamp": "2025-11-25T03:40:00Z", "lastTimestamp": "2025-11-25T03:50:00Z",
                   "source": {"component": "kubelet"}, "message": "Container image pulled\n"}),
            json!({"type": "Normal", "reason": "Scheduled", "eventTime": "2025-11-25T03:30:00.000000Z",
                   "reportingComponent": "default-scheduler",
                   "message": "Successfully assigned default/nginx to minikube"}),
        ];
        let mut w = W::new();
        w.write(LEVEL_0, "Name:\tnginx\n");
        describe(&mut w, &events, now);
        assert_eq!(
            w.finish(),
            "Name:  nginx\nEvents:\n  Type    Reason     Age                From               Message\n  ----    ------     ----               ----               -------\n  Normal  Scheduled  30m                default-scheduler  Successfully assigned default/nginx to minikube\n  Normal  Pulled     10m (x3 over 20m)  kubelet            Container image pulled\n"
        );
        let mut w = W::new();
        w.write(LEVEL_0, "Namespace:\tdefault\n");
        describe(&mut w, &[], now);
        assert_eq!(w.finish(), "Namespace:  default\nEvents:     <none>\n");
    }
}
