//! From the metrics' recommendation to the size the controller sets: stabilization over the
//! recent recommendations, then the bounds and rates, each step leaving the AbleToScale and
//! ScalingLimited conditions v1.32 sets. Without `behavior` (kubectl autoscale's), a scale down
//! waits for the highest recommendation of the last 5 minutes and a scale up is at most
//! max(2 × current, 4); with it, its windows and policies decide.

use serde_json::Value;

use kubeplay_core::clock::Time;

/// `--horizontal-pod-autoscaler-downscale-stabilization`.
pub const DOWNSCALE_STABILIZATION: i64 = 300;

/// One recommendation and when it was made.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy)]
pub struct Recommendation {
    pub replicas: i64,
    pub at: Time,
}

/// One change of size the controller made, for the rate policies.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy)]
pub struct ScaleEvent {
    pub change: i64,
    pub at: Time,
}

/// What the controller remembers of one autoscaler between syncs.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct Memory {
    pub recommendations: Vec<Recommendation>,
    pub ups: Vec<ScaleEvent>,
    pub downs: Vec<ScaleEvent>,
}

/// A condition to set: (type, status, reason, message).
pub type Cond = (&'static str, &'static str, &'static str, String);

const READY: &str = "recommended size matches current size";
const DOWN_STABILIZED: &str =
    "recent recommendations were higher than current one, applying the highest recent recommendation";
const UP_STABILIZED: &str =
    "recent recommendations were lower than current one, applying the lowest recent recommendation";
const WITHIN: &str = "the desired count is within the acceptable range";
const FASTER_UP: &str =
    "the desired replica count is increasing faster than the maximum scale rate";
const TOO_MANY: &str = "the desired replica count is more than the maximum replica count";
const TOO_FEW: &str = "the desired replica count is less than the minimum replica count";
const FASTER_DOWN: &str =
    "the desired replica count is decreasing faster than the maximum scale rate";

/// The size to set and the two conditions, for an autoscaler without `behavior`.
pub fn without_behavior(
    mem: &mut Memory,
    now: Time,
    current: i64,
    desired: i64,
    (min, max): (i64, i64),
) -> (i64, Vec<Cond>) {
    let cutoff = now.plus(-DOWNSCALE_STABILIZATION);
    let mut stabilized = desired;
    let mut old = None;
    for (i, r) in mem.recommendations.iter().enumerate() {
        if r.at < cutoff {
            old = Some(i);
        } else if r.replicas > stabilized {
            stabilized = r.replicas;
        }
    }
    remember(mem, old, desired, now);
    let mut conds = vec![if stabilized != desired {
        able("ScaleDownStabilized", DOWN_STABILIZED)
    } else {
        able("ReadyForNewScale", READY)
    }];
    let up_limit = (2 * current).max(4);
    let (allowed_max, reason, message) = if max > up_limit {
        (up_limit, "ScaleUpLimit", FASTER_UP)
    } else {
        (max, "TooManyReplicas", TOO_MANY)
    };
    let (size, reason, message) = if stabilized < min {
        (min, "TooFewReplicas", TOO_FEW)
    } else if stabilized > allowed_max {
        (allowed_max, reason, message)
    } else {
        (stabilized, "DesiredWithinRange", WITHIN)
    };
    conds.push(limited(size != stabilized, reason, message));
    (size, conds)
}

/// The size to set and the two conditions, for an autoscaler with a (defaulted) `behavior`.
pub fn with_behavior(
    mem: &mut Memory,
    now: Time,
    behavior: &Value,
    current: i64,
    desired: i64,
    (min, max): (i64, i64),
) -> (i64, Vec<Cond>) {
    let window = |dir: &str, default: i64| {
        behavior
            .pointer(&format!("/{dir}/stabilizationWindowSeconds"))
            .and_then(|v| v.as_i64())
            .unwrap_or(default)
    };
    let up_cutoff = now.plus(-window("scaleUp", 0));
    let down_cutoff = now.plus(-window("scaleDown", DOWNSCALE_STABILIZATION));
    let (mut up, mut down) = (desired, desired);
    let mut old = None;
    for (i, r) in mem.recommendations.iter().enumerate() {
        if r.at > up_cutoff {
            up = up.min(r.replicas);
        }
        if r.at > down_cutoff {
            down = down.max(r.replicas);
        }
        if r.at < up_cutoff && r.at < down_cutoff {
            old = Some(i);
        }
    }
    let stabilized = current.max(up).min(down);
    remember(mem, old, desired, now);
    let mut conds = vec![if stabilized == desired {
        able("ReadyForNewScale", READY)
    } else if desired >= current {
        able("ScaleUpStabilized", UP_STABILIZED)
    } else {
        able("ScaleDownStabilized", DOWN_STABILIZED)
    }];
    let rules = |dir: &str| behavior.get(dir).cloned().unwrap_or(Value::Null);
    let (size, reason, message) = if stabilized > current {
        let limit = scale_up_limit(mem, now, current, &rules("scaleUp")).max(current);
        let (allowed, reason, message) = if max > limit {
            (limit, "ScaleUpLimit", FASTER_UP)
        } else {
            (max, "TooManyReplicas", TOO_MANY)
        };
        if stabilized > allowed {
            (allowed, reason, message)
        } else {
            (stabilized, "DesiredWithinRange", WITHIN)
        }
    } else if stabilized < current {
        let limit = scale_down_limit(mem, now, current, &rules("scaleDown")).min(current);
        let (allowed, reason, message) = if min < limit {
            (limit, "ScaleDownLimit", FASTER_DOWN)
        } else {
            (min, "TooFewReplicas", TOO_FEW)
        };
        if stabilized < allowed {
            (allowed, reason, message)
        } else {
            (stabilized, "DesiredWithinRange", WITHIN)
        }
    } else {
        (stabilized, "DesiredWithinRange", WITHIN)
    };
    conds.push(limited(size != stabilized, reason, message));
    (size, conds)
}

/// Record a change of size for the rate policies (only with `behavior`).
pub fn store_event(mem: &mut Memory, now: Time, behavior: &Value, from: i64, to: i64) {
    let longest = |dir: &str| {
        behavior
            .pointer(&format!("/{dir}/policies"))
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
            .filter_map(|p| p.get("periodSeconds").and_then(|v| v.as_i64()))
            .max()
            .unwrap_or(0)
    };
    let (list, period) = if to > from {
        (&mut mem.ups, longest("scaleUp"))
    } else {
        (&mut mem.downs, longest("scaleDown"))
    };
    let cutoff = now.plus(-period);
    list.retain(|e| e.at >= cutoff);
    list.push(ScaleEvent {
        change: (to - from).abs(),
        at: now,
    });
}

fn remember(mem: &mut Memory, old: Option<usize>, desired: i64, now: Time) {
    let r = Recommendation {
        replicas: desired,
        at: now,
    };
    match old.and_then(|i| mem.recommendations.get_mut(i)) {
        Some(slot) => *slot = r,
        None => mem.recommendations.push(r),
    }
}

fn able(reason: &'static str, message: &str) -> Cond {
    ("AbleToScale", "True", reason, message.to_string())
}

fn limited(limited: bool, reason: &'static str, message: &str) -> Cond {
    let status = if limited { "True" } else { "False" };
    ("ScalingLimited", status, reason, message.to_string())
}

/// Replicas changed within the last `period` seconds.
fn changed_within(events: &[ScaleEvent], now: Time, period: i64) -> i64 {
    let cutoff = now.plus(-period);
    events
        .iter()
        .filter(|e| e.at > cutoff)
        .map(|e| e.change)
        .sum()
}

/// (type, value, period) of each policy.
fn policies(rules: &Value) -> Vec<(String, i64, i64)> {
    rules
        .get("policies")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p.get("type")
                    .and_then(|t| t.as_str())
                    .unwrap_or("")
                    .to_string(),
                p.get("value").and_then(|v| v.as_i64()).unwrap_or(0),
                p.get("periodSeconds").and_then(|v| v.as_i64()).unwrap_or(0),
            )
        })
        .collect()
}

fn select_policy(rules: &Value) -> &str {
    rules
        .get("selectPolicy")
        .and_then(|s| s.as_str())
        .unwrap_or("Max")
}

fn scale_up_limit(mem: &Memory, now: Time, current: i64, rules: &Value) -> i64 {
    let select = select_policy(rules);
    if select == "Disabled" {
        return current;
    }
    let mut result: Option<i64> = None;
    for (ty, value, period) in policies(rules) {
        let start = current - changed_within(&mem.ups, now, period)
            + changed_within(&mem.downs, now, period);
        let proposed = match ty.as_str() {
            "Pods" => start + value,
            _ => (start as f64 * (1.0 + value as f64 / 100.0)).ceil() as i64,
        };
        result = Some(match (result, select) {
            (None, _) => proposed,
            (Some(r), "Min") => r.min(proposed),
            (Some(r), _) => r.max(proposed),
        });
    }
    result.unwrap_or(i64::from(i32::MIN))
}

fn scale_down_limit(mem: &Memory, now: Time, current: i64, rules: &Value) -> i64 {
    let select = select_policy(rules);
    if select == "Disabled" {
        return current;
    }
    let mut result: Option<i64> = None;
    for (ty, value, period) in policies(rules) {
        let start = current - changed_within(&mem.ups, now, period)
            + changed_within(&mem.downs, now, period);
        let proposed = match ty.as_str() {
            "Pods" => start - value,
            _ => (start as f64 * (1.0 - value as f64 / 100.0)) as i64,
        };
        result = Some(match (result, select) {
            (None, _) => proposed,
            (Some(r), "Min") => r.max(proposed),
            (Some(r), _) => r.min(proposed),
        });
    }
    result.unwrap_or(i64::from(i32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn without_behavior_a_scale_down_waits_five_minutes() {
        let mut mem = Memory::default();
        mem.recommendations.push(Recommendation {
            replicas: 5,
            at: Time(0),
        });
        let (size, conds) = without_behavior(&mut mem, Time(120), 5, 1, (1, 10));
        assert_eq!(size, 5);
        assert_eq!(conds[0].2, "ScaleDownStabilized");
        let (size, conds) = without_behavior(&mut mem, Time(301), 5, 1, (1, 10));
        assert_eq!(
            (size, conds[0].2, conds[1].2),
            (1, "ReadyForNewScale", "DesiredWithinRange")
        );
    }

    #[test]
    fn without_behavior_a_scale_up_is_at_most_double_or_four() {
        let mut mem = Memory::default();
        let (size, conds) = without_behavior(&mut mem, Time(0), 1, 10, (1, 10));
        assert_eq!((size, conds[1].1, conds[1].2), (4, "True", "ScaleUpLimit"));
        let (size, conds) = without_behavior(&mut mem, Time(15), 4, 12, (1, 5));
        assert_eq!((size, conds[1].2), (5, "TooManyReplicas"));
    }

    #[test]
    fn default_behavior_scales_up_by_four_pods_or_double() {
        let b = json!({"scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
            "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                {"type": "Percent", "value": 100, "periodSeconds": 15}]},
            "scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Max",
            "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}});
        let mut mem = Memory::default();
        let (size, _) = with_behavior(&mut mem, Time(0), &b, 1, 20, (1, 20));
        assert_eq!(size, 5);
        store_event(&mut mem, Time(0), &b, 1, 5);
        let (size, _) = with_behavior(&mut mem, Time(15), &b, 5, 20, (1, 20));
        assert_eq!(size, 10);
    }
}
