//! `kubectl describe job`: spec, start and completion, the pods' counts from the Job's status
//! (kubectl's `describeJob` reads no pods), the completed indexes of an Indexed Job, the pod
//! template and the events.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::events;
use super::podspec::pod_template;
use super::{
    annotations_multiline, controlled_by, int_at, labels_multiline, name_namespace, rfc1123z, s,
    time_at, Settings, LEVEL_0, W,
};
use crate::{Ctx, KError};
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::clock::{human_duration, Time};

pub fn describe(ctx: &mut Ctx, job: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, job, settings);
    Ok(render(job, evs.as_deref(), settings.now))
}

/// An integer field of the spec, when set.
fn spec_int(job: &Value, field: &str) -> Option<i64> {
    job.pointer(&format!("/spec/{field}"))
        .and_then(|v| v.as_i64())
}

/// At most about `soft` characters of the indexes, cut after a comma (`capIndexesListOrNone`).
fn cap_indexes(indexes: &str, soft: usize) -> String {
    if indexes.is_empty() {
        return "<none>".into();
    }
    match indexes.get(soft..).and_then(|rest| rest.find(',')) {
        Some(at) => format!("{}...", &indexes[..soft + at + 1]),
        None => indexes.to_string(),
    }
}

pub fn render(job: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, job);
    w.write(
        LEVEL_0,
        &format!(
            "Selector:\t{}\n",
            LabelSelector::selector_string(job.pointer("/spec/selector"))
        ),
    );
    labels_multiline(&mut w, "", "Labels", job.labels());
    annotations_multiline(&mut w, "Annotations", job.annotations());
    let owner = controlled_by(job);
    if !owner.is_empty() {
        w.write(LEVEL_0, &format!("Controlled By:\t{owner}\n"));
    }
    if let Some(p) = spec_int(job, "parallelism") {
        w.write(LEVEL_0, &format!("Parallelism:\t{p}\n"));
    }
    match spec_int(job, "completions") {
        Some(c) => w.write(LEVEL_0, &format!("Completions:\t{c}\n")),
        None => w.write(LEVEL_0, "Completions:\t<unset>\n"),
    }
    let mode = s(job, "/spec/completionMode");
    if !mode.is_empty() {
        w.write(LEVEL_0, &format!("Completion Mode:\t{mode}\n"));
    }
    if let Some(b) = job.pointer("/spec/suspend").and_then(|v| v.as_bool()) {
        w.write(LEVEL_0, &format!("Suspend:\t{b}\n"));
    }
    if let Some(b) = spec_int(job, "backoffLimit") {
        w.write(LEVEL_0, &format!("Backoff Limit:\t{b}\n"));
    }
    if let Some(t) = spec_int(job, "ttlSecondsAfterFinished") {
        w.write(LEVEL_0, &format!("TTL Seconds After Finished:\t{t}\n"));
    }
    let start = time_at(job, "/status/startTime");
    let end = time_at(job, "/status/completionTime");
    if let Some(t) = start {
        w.write(LEVEL_0, &format!("Start Time:\t{}\n", rfc1123z(t)));
    }
    if let Some(t) = end {
        w.write(LEVEL_0, &format!("Completed At:\t{}\n", rfc1123z(t)));
    }
    if let (Some(a), Some(b)) = (start, end) {
        w.write(
            LEVEL_0,
            &format!("Duration:\t{}\n", human_duration(b.since(a))),
        );
    }
    if let Some(d) = spec_int(job, "activeDeadlineSeconds") {
        w.write(LEVEL_0, &format!("Active Deadline Seconds:\t{d}s\n"));
    }
    let (active, succeeded, failed) = (
        int_at(job, "/status/active"),
        int_at(job, "/status/succeeded"),
        int_at(job, "/status/failed"),
    );
    match job.pointer("/status/ready").and_then(|v| v.as_i64()) {
        Some(ready) => w.write(
            LEVEL_0,
            &format!(
                "Pods Statuses:\t{active} Active ({ready} Ready) / {succeeded} Succeeded / {failed} Failed\n"
            ),
        ),
        None => w.write(
            LEVEL_0,
            &format!("Pods Statuses:\t{active} Active / {succeeded} Succeeded / {failed} Failed\n"),
        ),
    }
    if mode == "Indexed" {
        let done = cap_indexes(s(job, "/status/completedIndexes"), 50);
        w.write(LEVEL_0, &format!("Completed Indexes:\t{done}\n"));
    }
    pod_template(&mut w, job.pointer("/spec/template"));
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_are_cut_after_the_comma_past_the_limit() {
        assert_eq!(cap_indexes("", 50), "<none>");
        assert_eq!(cap_indexes("0-3", 50), "0-3");
        assert_eq!(cap_indexes("1,3,5,7,9", 4), "1,3,5,...");
        assert_eq!(cap_indexes("1,3,5", 4), "1,3,5");
    }
}
