//! `completionMode: Indexed`: each pod gets a completion index (annotation and label
//! `batch.kubernetes.io/job-completion-index`, hostname `<job>-<index>`, the
//! `JOB_COMPLETION_INDEX` variable), the lowest pending indexes are started first, and the
//! succeeded ones are kept in `status.completedIndexes` ("0-2,4,6,7").

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use kubeplay_api::meta;

pub const INDEX_KEY: &str = "batch.kubernetes.io/job-completion-index";

/// The pod's completion index, if it carries a valid one.
pub fn index_of(pod: &Value) -> Option<i64> {
    pod.pointer("/metadata/annotations")
        .and_then(|a| a.get(INDEX_KEY))
        .and_then(|v| v.as_str())
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|i| *i >= 0)
}

/// The indexes `completedIndexes` lists, below `completions`; anything malformed is skipped.
pub fn parse(s: &str, completions: i64) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    for part in s.split(',').filter(|p| !p.is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.parse::<i64>(), b.parse::<i64>()),
            None => (part.parse::<i64>(), part.parse::<i64>()),
        };
        if let (Ok(a), Ok(b)) = (a, b) {
            let hi = b.min(completions - 1);
            if a >= 0 && a <= hi {
                out.extend(a..=hi);
            }
        }
    }
    out
}

/// The indexes as the controller writes them: runs of three or more as `a-b`, pairs as `a,b`.
pub fn format(set: &BTreeSet<i64>) -> String {
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for &i in set {
        match runs.last_mut() {
            Some(last) if last.1 + 1 == i => last.1 = i,
            _ => runs.push((i, i)),
        }
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|&(a, b)| match b - a {
            0 => a.to_string(),
            1 => format!("{a},{b}"),
            _ => format!("{a}-{b}"),
        })
        .collect();
    parts.join(",")
}

/// Up to `count` of the lowest indexes below `completions` not in `busy`.
pub fn pending(busy: &BTreeSet<i64>, completions: i64, count: i64) -> Vec<i64> {
    (0..completions)
        .filter(|i| !busy.contains(i))
        .take(count.max(0) as usize)
        .collect()
}

/// Active pods to remove whatever the count: those without a valid index below
/// `completions`, and all but the best-ranked pod of an index held twice.
pub fn surplus<'a, K: Ord>(
    active: &[&'a Value],
    completions: i64,
    rank: impl Fn(&&'a Value) -> K,
) -> Vec<&'a Value> {
    let mut out = Vec::new();
    let mut by_index: BTreeMap<i64, Vec<&'a Value>> = BTreeMap::new();
    for p in active {
        match index_of(p).filter(|i| *i < completions) {
            Some(i) => by_index.entry(i).or_default().push(p),
            None => out.push(*p),
        }
    }
    for (_, mut pods) in by_index {
        if pods.len() > 1 {
            kubeplay_core::sort::SortOnce::sort_once_by_key(pods.as_mut_slice(), &rank);
            pods.pop();
            out.extend(pods);
        }
    }
    out
}

/// The pod for `index`: the index as annotation and label, `<job>-<index>` as hostname and
/// name prefix, and `JOB_COMPLETION_INDEX` in every container that does not set it.
pub fn pod_for(base: &Value, job: &Value, index: i64) -> Value {
    let mut pod = base.clone();
    let name = meta::name(job);
    let text = index.to_string();
    for field in ["annotations", "labels"] {
        if let Some(md) = pod.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            let map = md.entry(field).or_insert_with(|| json!({}));
            if let Some(map) = map.as_object_mut() {
                map.insert(INDEX_KEY.into(), json!(text));
            }
        }
    }
    pod["metadata"]["generateName"] = json!(format!("{name}-{index}-"));
    pod["spec"]["hostname"] = json!(format!("{name}-{index}"));
    let env = json!({"name": "JOB_COMPLETION_INDEX", "valueFrom": {"fieldRef": {
        "fieldPath": format!("metadata.labels['{INDEX_KEY}']")}}});
    for list in ["initContainers", "containers"] {
        let containers = pod
            .pointer_mut(&format!("/spec/{list}"))
            .and_then(|c| c.as_array_mut());
        for c in containers.into_iter().flatten() {
            let vars = c
                .as_object_mut()
                .map(|c| c.entry("env").or_insert_with(|| json!([])));
            if let Some(vars) = vars.and_then(|v| v.as_array_mut()) {
                if !vars
                    .iter()
                    .any(|v| v.get("name") == Some(&json!("JOB_COMPLETION_INDEX")))
                {
                    vars.push(env.clone());
                }
            }
        }
    }
    pod
}
