//! The CronJob controller: at each minute the schedule names, a Job `<name>-<minutes since the
//! epoch>` from the job template; finished Jobs (succeeded or failed) beyond their history
//! limits are removed.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

use super::events::{self, Event, Source};
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

const COMPONENT: &str = "cronjob-controller";

/// One cron field as the set of values it allows, within `lo..=hi`.
fn field(spec: &str, lo: u32, hi: u32) -> Option<Vec<bool>> {
    let mut ok = vec![false; hi as usize + 1];
    for part in spec.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, s.parse::<u32>().ok().filter(|s| *s > 0)?),
            None => (part, 1),
        };
        let (a, b) = if range == "*" {
            (lo, hi)
        } else if let Some((a, b)) = range.split_once('-') {
            (a.parse().ok()?, b.parse().ok()?)
        } else {
            let a: u32 = range.parse().ok()?;
            (a, if part.contains('/') { hi } else { a })
        };
        if a < lo || b > hi || a > b {
            return None;
        }
        let mut v = a;
        while v <= b {
            ok[v as usize] = true;
            v += step;
        }
    }
    Some(ok)
}

/// Minute, hour, day of month, month, day of week of a Unix time (UTC).
fn parts(t: i64) -> (u32, u32, u32, u32, u32) {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (minute, hour) = ((secs / 60 % 60) as u32, (secs / 3600) as u32);
    let weekday = ((days + 4).rem_euclid(7)) as u32;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (minute, hour, day, month, weekday)
}

pub struct Schedule(Vec<Vec<bool>>);

impl Schedule {
    pub fn parse(s: &str) -> Option<Schedule> {
        let s = match s.trim() {
            "@hourly" => "0 * * * *",
            "@daily" | "@midnight" => "0 0 * * *",
            "@weekly" => "0 0 * * 0",
            "@monthly" => "0 0 1 * *",
            "@yearly" | "@annually" => "0 0 1 1 *",
            other => other,
        };
        let f: Vec<&str> = s.split_whitespace().collect();
        if f.len() != 5 {
            return None;
        }
        Some(Schedule(vec![
            field(f[0], 0, 59)?,
            field(f[1], 0, 23)?,
            field(f[2], 1, 31)?,
            field(f[3], 1, 12)?,
            field(f[4], 0, 7)?,
        ]))
    }

    fn matches(&self, t: i64) -> bool {
        let (mi, h, d, mo, wd) = parts(t);
        let dow = self.0[4][wd as usize] || (wd == 0 && self.0[4][7]);
        self.0[0][mi as usize]
            && self.0[1][h as usize]
            && self.0[2][d as usize]
            && self.0[3][mo as usize]
            && dow
    }

    /// The first scheduled minute strictly after `t` (searching a year ahead at most).
    pub fn next_after(&self, t: Time) -> Option<Time> {
        let mut m = t.0.div_euclid(60) * 60 + 60;
        for _ in 0..(366 * 24 * 60) {
            if self.matches(m) {
                return Some(Time(m));
            }
            m += 60;
        }
        None
    }
}

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(cj) = api.store().get(key).cloned() else {
        return;
    };
    let Some(schedule) = Schedule::parse(meta::str_at(&cj, &["spec", "schedule"])) else {
        return;
    };
    let now = api.now;
    let last = cj
        .pointer("/status/lastScheduleTime")
        .and_then(|v| v.as_str())
        .and_then(Time::parse_rfc3339)
        .unwrap_or_else(|| {
            cj.creation_timestamp()
                .parse::<String>()
                .ok()
                .and_then(|s| Time::parse_rfc3339(&s))
                .unwrap_or(now)
        });
    let suspended = cj.pointer("/spec/suspend").and_then(|v| v.as_bool()) == Some(true);
    // Only the most recent missed run starts, as with the real controller after downtime.
    let mut due = None;
    let mut t = last;
    while let Some(n) = schedule.next_after(t) {
        if n > now {
            break;
        }
        due = Some(n);
        t = n;
    }
    let mut cj_now = cj.clone();
    if let (Some(at), false) = (due, suspended) {
        let name = format!("{}-{}", meta::name(&cj), at.0 / 60);
        let template = cj
            .pointer("/spec/jobTemplate")
            .cloned()
            .unwrap_or(json!({}));
        let mut md = template.get("metadata").cloned().unwrap_or(json!({}));
        md["name"] = json!(name);
        md["namespace"] = json!(key.namespace);
        md["ownerReferences"] = json!([util::owner_ref(&cj)]);
        if let Some(m) = md.as_object_mut() {
            m.shift_remove("creationTimestamp");
        }
        let job = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": md,
            "spec": template.get("spec").cloned().unwrap_or(json!({}))});
        if let Some(info) = util::info(api, "batch/jobs") {
            if api.create(&info, Some(&key.namespace), job, false).is_ok() {
                events::record(
                    sim,
                    api,
                    Event::normal(
                        &cj,
                        "SuccessfulCreate",
                        format!("Created job {name}"),
                        Source::Controller(COMPONENT),
                    ),
                    now,
                );
            }
        }
        cj_now["status"]["lastScheduleTime"] = json!(at.rfc3339());
    }
    // Active jobs, and the last successful one.
    let uid = cj.uid().to_string();
    let jobs: Vec<Value> = api
        .store()
        .list("batch/jobs", Some(&key.namespace))
        .map(|(_, j)| j)
        .filter(|j| util::controlled_by(j, &uid))
        .cloned()
        .collect();
    // A Job that failed is finished too, though it has no completionTime.
    let active: Vec<Value> = jobs
        .iter()
        .filter(|j| !super::job::is_finished(j))
        .map(|j| {
            json!({"apiVersion": "batch/v1", "kind": "Job", "name": meta::name(j),
                "namespace": key.namespace, "resourceVersion": j.resource_version(),
                "uid": j.uid()})
        })
        .collect();
    if let Some(m) = cj_now.get_mut("status").and_then(|s| s.as_object_mut()) {
        if active.is_empty() {
            m.shift_remove("active");
        } else {
            m.insert("active".into(), Value::Array(active));
        }
    } else if !active.is_empty() {
        cj_now["status"] = json!({"active": active});
    }
    if let Some(done) = jobs
        .iter()
        .filter_map(|j| j.pointer("/status/completionTime").and_then(|v| v.as_str()))
        .max()
    {
        cj_now["status"]["lastSuccessfulTime"] = json!(done);
    }
    // Keep `successfulJobsHistoryLimit` succeeded jobs (3 by default) and
    // `failedJobsHistoryLimit` failed ones (1 by default).
    let limit = |field: &str, default: i64| {
        cj.pointer(&format!("/spec/{field}"))
            .and_then(|v| v.as_i64())
            .unwrap_or(default)
            .max(0) as usize
    };
    let mut old_jobs: Vec<&Value> = Vec::new();
    for (done, keep) in [
        (true, limit("successfulJobsHistoryLimit", 3)),
        (false, limit("failedJobsHistoryLimit", 1)),
    ] {
        let mut finished: Vec<&Value> = jobs
            .iter()
            .filter(|j| super::job::is_finished(j))
            .filter(|j| {
                j.pointer("/status/completionTime")
                    .is_some_and(|v| !v.is_null())
                    == done
            })
            .collect();
        finished.sort_once_by_key(|j| j.creation_timestamp().to_string());
        if finished.len() > keep {
            old_jobs.extend(&finished[..finished.len() - keep]);
        }
    }
    if !old_jobs.is_empty() {
        if let Some(info) = util::info(api, "batch/jobs") {
            for j in &old_jobs {
                let n = meta::name(j).to_string();
                if api.delete(&info, Some(&key.namespace), &n, false).is_ok() {
                    events::record(
                        sim,
                        api,
                        Event::normal(
                            &cj,
                            "SuccessfulDelete",
                            format!("Deleted job {n}"),
                            Source::Controller(COMPONENT),
                        ),
                        now,
                    );
                }
            }
        }
    }
    if cj_now != cj {
        if let Some(info) = util::info(api, "batch/cronjobs") {
            let _ = util::write(api, &info, cj_now);
        }
    }
    if let Some(next) = schedule.next_after(now) {
        sim.wake(next, key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_match_minutes() {
        let s = Schedule::parse("*/5 * * * *").unwrap();
        // 2026-11-25T10:00:00Z is a Wednesday.
        let t = Time(1_795_600_800);
        assert_eq!(parts(t.0), (0, 10, 25, 11, 3));
        assert_eq!(s.next_after(t), Some(t.plus(300)));
        let s = Schedule::parse("30 12 * * 1-5").unwrap();
        assert_eq!(s.next_after(t), Some(Time(t.0 + 2 * 3600 + 1800)));
        assert!(Schedule::parse("61 * * * *").is_none());
        assert!(Schedule::parse("* * *").is_none());
    }
}
