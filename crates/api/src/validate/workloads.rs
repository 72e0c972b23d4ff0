//! Workload validation: apps/v1 controllers and batch/v1 Job/CronJob.

use crate::meta::ResourceExt;
use serde_json::Value;

use super::pod::template;
use super::{go_label_selector, go_string_map, Errs};
use crate::selector::LabelSelector;

/// The selector checks every controller shares: required, non-empty, matching the template.
fn selector_and_template(obj: &Value, kind: &str, e: &mut Errs, restart_always: bool) {
    let spec = obj.get("spec");
    let sel = spec
        .and_then(|s| s.get("selector"))
        .filter(|s| !s.is_null());
    match sel {
        // The DaemonSet check validates a nil selector as an empty list of errors.
        None if kind == "daemonset" => {}
        None => e.required("spec.selector"),
        Some(sel) => {
            let n = sel
                .get("matchLabels")
                .and_then(|m| m.as_object())
                .map_or(0, |m| m.len())
                + sel
                    .get("matchExpressions")
                    .and_then(|m| m.as_array())
                    .map_or(0, |m| m.len());
            if n == 0 {
                e.invalid_raw(
                    "spec.selector",
                    &go_label_selector(sel),
                    &format!("empty selector is invalid for {kind}"),
                );
            }
        }
    }
    let tmpl = spec.and_then(|s| s.get("template"));
    let labels = tmpl.and_then(|t| t.labels());
    // A missing selector matches nothing; an empty one matches everything and is reported above.
    let matches = match sel {
        None => false,
        Some(sel) => {
            let parsed = LabelSelector::from_json(sel);
            parsed.is_empty() || parsed.matches(labels)
        }
    };
    if !matches {
        e.invalid_raw(
            "spec.template.metadata.labels",
            &go_string_map(labels),
            "`selector` does not match template `labels`",
        );
    }
    template(tmpl, "spec.template", e);
    if restart_always {
        let rp = tmpl
            .and_then(|t| t.pointer("/spec/restartPolicy"))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        if rp != "Always" {
            e.unsupported("spec.template.spec.restartPolicy", rp, &["Always"]);
        }
        if tmpl
            .and_then(|t| t.pointer("/spec/activeDeadlineSeconds"))
            .is_some_and(|v| !v.is_null())
        {
            e.forbidden(
                "spec.template.spec.activeDeadlineSeconds",
                &format!(
                    "activeDeadlineSeconds in {} is not Supported",
                    match kind {
                        "daemonset" => "DaemonSet",
                        "statefulset" => "StatefulSet",
                        _ => "ReplicaSet",
                    }
                ),
            );
        }
    }
}

fn replicas(obj: &Value, e: &mut Errs) {
    e.non_negative("spec.replicas", obj.pointer("/spec/replicas"));
}

pub fn deployment(obj: &Value, e: &mut Errs) {
    replicas(obj, e);
    selector_and_template(obj, "deployment", e, true);
    let st = obj.pointer("/spec/strategy/type").and_then(|v| v.as_str());
    match st {
        Some("RollingUpdate") | Some("Recreate") | None => {}
        Some(other) => {
            // The server reports the whole (internal) strategy struct.
            let value = format!(
                "apps.DeploymentStrategy{{Type:{}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}}",
                super::go_quote(other)
            );
            e.0.push(crate::status::cause(
                "FieldValueNotSupported",
                "spec.strategy",
                format!(
                    "Unsupported value: {value}: supported values: \"Recreate\", \"RollingUpdate\""
                ),
            ));
        }
    }
    if let Some(ru) = obj
        .pointer("/spec/strategy/rollingUpdate")
        .filter(|r| r.is_object() && st == Some("RollingUpdate"))
    {
        rolling_update(ru, e);
    }
    if st == Some("Recreate") && obj.pointer("/spec/strategy/rollingUpdate").is_some() {
        e.forbidden(
            "spec.strategy.rollingUpdate",
            "may not be specified when strategy `type` is 'Recreate'",
        );
    }
    e.non_negative(
        "spec.revisionHistoryLimit",
        obj.pointer("/spec/revisionHistoryLimit"),
    );
    e.non_negative("spec.minReadySeconds", obj.pointer("/spec/minReadySeconds"));
}

pub fn replica_set(obj: &Value, e: &mut Errs) {
    replicas(obj, e);
    // The server's ReplicaSet check reuses the Deployment's wording.
    selector_and_template(obj, "deployment", e, true);
}

pub fn daemon_set(obj: &Value, e: &mut Errs) {
    selector_and_template(obj, "daemonset", e, true);
}

pub fn stateful_set(obj: &Value, e: &mut Errs) {
    match obj
        .pointer("/spec/podManagementPolicy")
        .and_then(|v| v.as_str())
    {
        None | Some("OrderedReady") | Some("Parallel") => {}
        Some(other) => e.invalid(
            "spec.podManagementPolicy",
            other,
            "must be 'OrderedReady' or 'Parallel'",
        ),
    }
    let strategy = obj.pointer("/spec/updateStrategy");
    match strategy
        .and_then(|s| s.get("type"))
        .and_then(|v| v.as_str())
    {
        None | Some("RollingUpdate") | Some("OnDelete") => {}
        Some(other) => {
            let ru = match strategy.and_then(|s| s.get("rollingUpdate")) {
                Some(v) if !v.is_null() => {
                    "(*apps.RollingUpdateStatefulSetStrategy)(0xc000a1e0c0)".to_string()
                }
                _ => "(*apps.RollingUpdateStatefulSetStrategy)(nil)".to_string(),
            };
            e.invalid_raw(
                "spec.updateStrategy",
                &format!(
                    "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:{ru}}}",
                    super::go_quote(other)
                ),
                "must be 'RollingUpdate' or 'OnDelete'",
            );
        }
    }
    retention_policy(obj, e);
    replicas(obj, e);
    selector_and_template(&with_claim_volumes(obj), "statefulset", e, true);
}

/// What happens to the claims when the set is deleted or scaled down: Retain or Delete.
fn retention_policy(obj: &Value, e: &mut Errs) {
    let Some(policy) = obj
        .pointer("/spec/persistentVolumeClaimRetentionPolicy")
        .filter(|p| p.is_object())
    else {
        return;
    };
    for field in ["whenDeleted", "whenScaled"] {
        // Defaulting fills a missing one with Retain before validation.
        let value = policy
            .get(field)
            .and_then(|v| v.as_str())
            .unwrap_or("Retain");
        if !matches!(value, "Retain" | "Delete") {
            e.unsupported(
                &format!("spec.persistentVolumeClaimRetentionPolicy.{field}"),
                value,
                &["Retain", "Delete"],
            );
        }
    }
}

/// The set as its pods will be: each volumeClaimTemplate becomes a volume of the pod template
/// (the controller adds one per claim), so a volumeMount may name a claim template.
fn with_claim_volumes(obj: &Value) -> Value {
    let claims: Vec<Value> = obj
        .pointer("/spec/volumeClaimTemplates")
        .and_then(|t| t.as_array())
        .into_iter()
        .flatten()
        .filter_map(|t| t.pointer("/metadata/name").and_then(|n| n.as_str()))
        .map(|n| serde_json::json!({"name": n, "persistentVolumeClaim": {"claimName": n}}))
        .collect();
    let mut out = obj.clone();
    if claims.is_empty() {
        return out;
    }
    let Some(spec) = out
        .pointer_mut("/spec/template/spec")
        .and_then(|s| s.as_object_mut())
    else {
        return out;
    };
    let volumes = spec
        .entry("volumes")
        .or_insert_with(|| Value::Array(vec![]));
    if let Some(list) = volumes.as_array_mut() {
        // A pod volume of the same name wins, as the controller keeps it.
        for c in claims {
            if !list.iter().any(|v| v.get("name") == c.get("name")) {
                list.push(c);
            }
        }
    }
    out
}

fn job_spec(spec: Option<&Value>, path: &str, e: &mut Errs) {
    let get = |k: &str| spec.and_then(|s| s.get(k));
    for k in [
        "parallelism",
        "completions",
        "activeDeadlineSeconds",
        "backoffLimit",
        "ttlSecondsAfterFinished",
        "backoffLimitPerIndex",
        "maxFailedIndexes",
    ] {
        e.non_negative(&format!("{path}.{k}"), get(k));
    }
    super::job_indexed::check(spec, path, e);
    super::pod_failure_policy::check(spec, path, e);
    super::success_policy::check(spec, path, e);
    super::pod_failure_policy::check_replacement(spec, path, e);
    let tmpl = get("template");
    template(tmpl, &format!("{path}.template"), e);
    let rp = tmpl
        .and_then(|t| t.pointer("/spec/restartPolicy"))
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let rp_path = format!("{path}.template.spec.restartPolicy");
    // An unset policy was defaulted to Always, so both read as "not chosen".
    if rp == "Always" || rp.is_empty() {
        e.required_detail(&rp_path, "valid values: \"OnFailure\", \"Never\"");
    } else if rp != "OnFailure" && rp != "Never" {
        e.unsupported(&rp_path, rp, &["OnFailure", "Never"]);
    } else if get("podFailurePolicy").is_some_and(|p| !p.is_null()) && rp != "Never" {
        e.invalid(
            &rp_path,
            rp,
            "only \"Never\" is supported when podFailurePolicy is specified",
        );
    }
}

pub fn job(obj: &Value, e: &mut Errs) {
    let spec = obj.get("spec");
    let manual = spec
        .and_then(|s| s.get("manualSelector"))
        .and_then(|v| v.as_bool())
        == Some(true);
    let sel = spec
        .and_then(|s| s.get("selector"))
        .filter(|s| !s.is_null());
    match sel {
        None => e.required("spec.selector"),
        Some(sel) => {
            let labels = obj.pointer("/spec/template/metadata/labels");
            if !LabelSelector::from_json(sel).matches(labels) {
                e.invalid_raw(
                    "spec.template.metadata.labels",
                    &go_string_map(labels),
                    "`selector` does not match template `labels`",
                );
            }
        }
    }
    if let (false, Some(sel)) = (manual, sel) {
        let uid = obj
            .pointer("/metadata/uid")
            .and_then(|u| u.as_str())
            .unwrap_or("");
        let expected = serde_json::json!({"batch.kubernetes.io/controller-uid": uid});
        if !LabelSelector::from_json(sel).matches(Some(&expected)) {
            e.invalid_raw(
                "spec.selector",
                &go_label_selector(sel),
                "`selector` not auto-generated",
            );
        }
    }
    job_spec(spec, "spec", e);
}

pub fn cron_job(obj: &Value, e: &mut Errs) {
    let schedule = obj
        .pointer("/spec/schedule")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    if schedule.is_empty() {
        e.required("spec.schedule");
    } else if let Err(why) = cron_schedule(schedule) {
        e.invalid("spec.schedule", schedule, &why);
    }
    match obj
        .pointer("/spec/concurrencyPolicy")
        .and_then(|v| v.as_str())
    {
        None | Some("Allow") | Some("Forbid") | Some("Replace") => {}
        Some(other) => e.unsupported(
            "spec.concurrencyPolicy",
            other,
            &["Allow", "Forbid", "Replace"],
        ),
    }
    e.non_negative(
        "spec.startingDeadlineSeconds",
        obj.pointer("/spec/startingDeadlineSeconds"),
    );
    let js = obj.pointer("/spec/jobTemplate/spec");
    job_spec(js, "spec.jobTemplate.spec", e);
    for k in ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"] {
        e.non_negative(&format!("spec.{k}"), obj.pointer(&format!("/spec/{k}")));
    }
    // The controller names each Job `<cronjob>-<minutes>`: 11 characters go to the suffix.
    let name = obj
        .pointer("/metadata/name")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    if name.len() > 52 {
        e.invalid("metadata.name", name, "must be no more than 52 characters");
    }
}

const DESCRIPTORS: &[&str] = &[
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
];

/// A standard five-field cron schedule, with the parser's complaints when it is not one.
fn cron_schedule(schedule: &str) -> Result<(), String> {
    if schedule.starts_with('@') {
        if DESCRIPTORS.contains(&schedule) || schedule.starts_with("@every ") {
            return Ok(());
        }
        return Err(format!("unrecognized descriptor: {schedule}"));
    }
    let fields: Vec<&str> = schedule.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "expected exactly 5 fields, found {}: [{}]",
            fields.len(),
            fields.join(" ")
        ));
    }
    const BOUNDS: [(i64, i64); 5] = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const DAYS: &[&str] = &["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    for (idx, (field, (min, max))) in fields.iter().zip(BOUNDS).enumerate() {
        for part in field.split(',') {
            let (range, step) = match part.split_once('/') {
                Some((r, s)) => (r, Some(s)),
                None => (part, None),
            };
            if let Some(step) = step {
                if step.contains('/') {
                    return Err(format!("too many slashes: {part}"));
                }
                match step.parse::<i64>() {
                    Ok(n) if n > 0 => {}
                    Ok(_) => {
                        return Err(format!("step of range should be a positive number: {part}"))
                    }
                    Err(_) => {
                        return Err(format!(
                        "failed to parse int from {step}: strconv.Atoi: parsing {}: invalid syntax",
                        super::go_quote(step)
                    ))
                    }
                }
            }
            if range == "*" || range == "?" {
                continue;
            }
            let names: &[&str] = match idx {
                3 => MONTHS,
                4 => DAYS,
                _ => &[],
            };
            let value = |t: &str| -> Result<i64, String> {
                if let Some(pos) = names.iter().position(|n| n.eq_ignore_ascii_case(t)) {
                    return Ok(pos as i64 + if idx == 3 { 1 } else { 0 });
                }
                t.parse::<i64>().map_err(|_| {
                    format!(
                        "failed to parse int from {t}: strconv.Atoi: parsing {}: invalid syntax",
                        super::go_quote(t)
                    )
                })
            };
            let bounds: Vec<&str> = range.split('-').collect();
            if bounds.len() > 2 {
                return Err(format!("too many hyphens: {part}"));
            }
            let lo = value(bounds.first().copied().unwrap_or(""))?;
            let hi = match bounds.get(1) {
                Some(h) => value(h)?,
                None => lo,
            };
            if lo < min {
                return Err(format!(
                    "beginning of range ({lo}) below minimum ({min}): {part}"
                ));
            }
            if hi > max {
                return Err(format!("end of range ({hi}) above maximum ({max}): {part}"));
            }
            if lo > hi {
                return Err(format!(
                    "beginning of range ({lo}) beyond end of range ({hi}): {part}"
                ));
            }
        }
    }
    Ok(())
}

const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/// An intstr.IntOrString as the server prints it in messages (Go's %#v).
fn go_int_or_string(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => format!(
            "intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}",
            super::go_quote(s)
        ),
        Some(Value::Number(n)) => format!(
            "intstr.IntOrString{{Type:0, IntVal:{}, StrVal:\"\"}}",
            n.as_i64().unwrap_or(0)
        ),
        _ => "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}".into(),
    }
}

/// The numeric part of an int-or-percent, and whether it was a percent.
fn int_or_percent(v: Option<&Value>) -> (i64, bool) {
    match v {
        Some(Value::String(s)) => (
            s.strip_suffix('%')
                .and_then(|n| n.parse().ok())
                .unwrap_or(0),
            true,
        ),
        Some(Value::Number(n)) => (n.as_i64().unwrap_or(0), false),
        _ => (0, false),
    }
}

fn rolling_update(ru: &Value, e: &mut Errs) {
    let unavailable = ru.get("maxUnavailable");
    let surge = ru.get("maxSurge");
    for (f, v) in [("maxUnavailable", unavailable), ("maxSurge", surge)] {
        let path = format!("spec.strategy.rollingUpdate.{f}");
        match v {
            Some(Value::String(s)) => {
                let ok = s
                    .strip_suffix('%')
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                if !ok {
                    e.invalid_raw(&path, &go_int_or_string(v), PERCENT_MSG);
                }
            }
            Some(Value::Number(n)) => e.non_negative(&path, Some(&Value::Number(n.clone()))),
            _ => {}
        }
    }
    if int_or_percent(unavailable).0 == 0 && int_or_percent(surge).0 == 0 {
        e.invalid_raw(
            "spec.strategy.rollingUpdate.maxUnavailable",
            &go_int_or_string(unavailable),
            "may not be 0 when `maxSurge` is 0",
        );
    }
    let (n, pct) = int_or_percent(unavailable);
    if pct && n > 100 {
        e.invalid_raw(
            "spec.strategy.rollingUpdate.maxUnavailable",
            &go_int_or_string(unavailable),
            "must not be greater than 100%",
        );
    }
}
