//! Columns of Job and CronJob (batch/v1).

use crate::meta::ResourceExt;
use crate::selector::LabelSelector;
use serde_json::{json, Value};

use super::{age, col, containers_and_images, i, name, s, ts_age, wide, Column, Ctx, Printer};
use kubeplay_core::clock::{human_duration, Time};

pub fn printer(group: &str, kind: &str) -> Option<Printer> {
    match (group, kind) {
        ("batch", "Job") => Some(Printer {
            columns: JOB,
            cells: job,
        }),
        ("batch", "CronJob") => Some(Printer {
            columns: CRON_JOB,
            cells: cron_job,
        }),
        _ => None,
    }
}

const JOB: &[Column] = &[
    col("Name"),
    col("Status"),
    col("Completions"),
    col("Duration"),
    col("Age"),
    wide("Containers"),
    wide("Images"),
    wide("Selector"),
];

fn has_condition(obj: &Value, ty: &str) -> bool {
    obj.pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| s(c, "/type") == ty && s(c, "/status") == "True")
        })
}

/// The STATUS column: the first condition that holds, in kubectl's order.
pub fn job_status(j: &Value) -> &'static str {
    if has_condition(j, "Complete") {
        "Complete"
    } else if has_condition(j, "Failed") {
        "Failed"
    } else if j.is_deleting() {
        "Terminating"
    } else if has_condition(j, "Suspended") {
        "Suspended"
    } else if has_condition(j, "FailureTarget") {
        "FailureTarget"
    } else if has_condition(j, "SuccessCriteriaMet") {
        "SuccessCriteriaMet"
    } else {
        "Running"
    }
}

fn time_at(obj: &Value, ptr: &str) -> Option<Time> {
    obj.pointer(ptr)
        .and_then(|v| v.as_str())
        .and_then(Time::parse_rfc3339)
}

fn job(j: &Value, ctx: &Ctx) -> Vec<Value> {
    let succeeded = i(j, "/status/succeeded");
    let completions = match j.pointer("/spec/completions").and_then(|c| c.as_i64()) {
        Some(c) => format!("{succeeded}/{c}"),
        None => {
            let par = i(j, "/spec/parallelism");
            if par > 1 {
                format!("{succeeded}/1 of {par}")
            } else {
                format!("{succeeded}/1")
            }
        }
    };
    let duration = match (
        time_at(j, "/status/startTime"),
        time_at(j, "/status/completionTime"),
    ) {
        (None, _) => String::new(),
        (Some(start), None) => human_duration(ctx.now.since(start)),
        (Some(start), Some(end)) => human_duration(end.since(start)),
    };
    let (containers, images) = containers_and_images(j.pointer("/spec/template/spec"));
    vec![
        json!(name(j)),
        json!(job_status(j)),
        json!(completions),
        json!(duration),
        json!(age(j, ctx.now)),
        json!(containers),
        json!(images),
        json!(LabelSelector::format(j.pointer("/spec/selector"))),
    ]
}

const CRON_JOB: &[Column] = &[
    col("Name"),
    col("Schedule"),
    col("Timezone"),
    col("Suspend"),
    col("Active"),
    col("Last Schedule"),
    col("Age"),
    wide("Containers"),
    wide("Images"),
    wide("Selector"),
];

fn cron_job(cj: &Value, ctx: &Ctx) -> Vec<Value> {
    let tz = cj
        .pointer("/spec/timeZone")
        .and_then(|v| v.as_str())
        .unwrap_or("<none>");
    let suspend = match cj.pointer("/spec/suspend").and_then(|v| v.as_bool()) {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    };
    let active = cj
        .pointer("/status/active")
        .and_then(|a| a.as_array())
        .map_or(0, |a| a.len());
    let last = match cj.pointer("/status/lastScheduleTime") {
        Some(v) if !v.is_null() => ts_age(Some(v), ctx.now),
        _ => "<none>".to_string(),
    };
    let (containers, images) =
        containers_and_images(cj.pointer("/spec/jobTemplate/spec/template/spec"));
    vec![
        json!(name(cj)),
        json!(s(cj, "/spec/schedule")),
        json!(tz),
        json!(suspend),
        json!(active),
        json!(last),
        json!(age(cj, ctx.now)),
        json!(containers),
        json!(images),
        json!(LabelSelector::format(
            cj.pointer("/spec/jobTemplate/spec/selector")
        )),
    ]
}
