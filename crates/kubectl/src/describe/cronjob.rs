//! `kubectl describe cronjob`: its schedule and limits, the job template (selector, parallelism,
//! completions, pod template), the last schedule and the active jobs.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::events;
use super::podspec::pod_template;
use super::{
    annotations_multiline, arr, go_value, labels_multiline, name_namespace, rfc1123z, s, time_at,
    Settings, LEVEL_0, W,
};
use crate::{Ctx, KError};
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, cj: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, cj, settings);
    Ok(render(cj, evs.as_deref(), settings.now))
}

/// A field printed with `%d`/`%s`, or `<unset>` when nil; `suffix` follows a set value.
fn or_unset(obj: &Value, pointer: &str, suffix: &str) -> String {
    match obj.pointer(pointer) {
        Some(v) if !v.is_null() => format!("{}{suffix}", go_value(v)),
        _ => "<unset>".into(),
    }
}

/// kubectl's `printBoolPtr`: `True`, `False` or `<unset>`.
pub fn bool_ptr(v: Option<&Value>) -> &'static str {
    match v.and_then(|b| b.as_bool()) {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    }
}

pub fn render(cj: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, cj);
    labels_multiline(&mut w, "", "Labels", cj.labels());
    annotations_multiline(&mut w, "Annotations", cj.annotations());
    w.write(
        LEVEL_0,
        &format!("Schedule:\t{}\n", s(cj, "/spec/schedule")),
    );
    w.write(
        LEVEL_0,
        &format!(
            "Concurrency Policy:\t{}\n",
            s(cj, "/spec/concurrencyPolicy")
        ),
    );
    w.write(
        LEVEL_0,
        &format!("Suspend:\t{}\n", bool_ptr(cj.pointer("/spec/suspend"))),
    );
    for (title, field, suffix) in [
        (
            "Successful Job History Limit",
            "successfulJobsHistoryLimit",
            "",
        ),
        ("Failed Job History Limit", "failedJobsHistoryLimit", ""),
        ("Starting Deadline Seconds", "startingDeadlineSeconds", "s"),
    ] {
        let value = or_unset(cj, &format!("/spec/{field}"), suffix);
        w.write(LEVEL_0, &format!("{title}:\t{value}\n"));
    }
    job_template(&mut w, cj.pointer("/spec/jobTemplate"));
    let last = time_at(cj, "/status/lastScheduleTime").map(rfc1123z);
    w.write(
        LEVEL_0,
        &format!(
            "Last Schedule Time:\t{}\n",
            last.unwrap_or_else(|| "<unset>".into())
        ),
    );
    let active: Vec<&str> = arr(cj, "/status/active")
        .iter()
        .map(|j| s(j, "/name"))
        .collect();
    match active.is_empty() {
        true => w.write(LEVEL_0, "Active Jobs:\t<none>\n"),
        false => w.write(LEVEL_0, &format!("Active Jobs:\t{}\n", active.join(", "))),
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

/// `describeJobTemplate`.
fn job_template(w: &mut W, template: Option<&Value>) {
    let empty = Value::Null;
    let t = template.unwrap_or(&empty);
    match t.pointer("/spec/selector") {
        Some(sel) if sel.is_object() => w.write(
            LEVEL_0,
            &format!("Selector:\t{}\n", LabelSelector::selector_string(Some(sel))),
        ),
        _ => w.write(LEVEL_0, "Selector:\t<unset>\n"),
    }
    w.write(
        LEVEL_0,
        &format!("Parallelism:\t{}\n", or_unset(t, "/spec/parallelism", "")),
    );
    w.write(
        LEVEL_0,
        &format!("Completions:\t{}\n", or_unset(t, "/spec/completions", "")),
    );
    if let Some(d) = t.pointer("/spec/activeDeadlineSeconds") {
        w.write(
            LEVEL_0,
            &format!("Active Deadline Seconds:\t{}s\n", go_value(d)),
        );
    }
    // kubectl passes the template by address, so it is never `<unset>`.
    pod_template(w, Some(t.pointer("/spec/template").unwrap_or(&empty)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_cron_job_as_created_by_kubectl() {
        let cj = json!({
            "metadata": {"name": "tick", "namespace": "default"},
            "spec": {"schedule": "*/1 * * * *", "concurrencyPolicy": "Allow", "suspend": false,
                     "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
                     "jobTemplate": {"metadata": {"name": "tick"}, "spec": {"template": {
                        "spec": {"containers": [{"name": "tick", "image": "busybox"}],
                                 "restartPolicy": "OnFailure"}}}}},
            "status": {"active": [{"name": "tick-29000000"}]}
        });
        let text = render(&cj, None, Time(0));
        assert!(
            text.starts_with(
                "Name:                          tick
Namespace:                     default
Labels:                        <none>
Annotations:                   <none>
Schedule:                      */1 * * * *
Concurrency Policy:            Allow
Suspend:                       False
Successful Job History Limit:  3
Failed Job History Limit:      1
Starting Deadline Seconds:     <unset>
Selector:                      <unset>
Parallelism:                   <unset>
Completions:                   <unset>
Pod Template:
"
            ),
            "{text}"
        );
        assert!(
            text.ends_with("Last Schedule Time:  <unset>\nActive Jobs:         tick-29000000\n"),
            "{text}"
        );
    }
}
