//! How many pods each ReplicaSet of a rollout should have now, as the Deployment controller's
//! `rolloutRolling` and `rolloutRecreate` decide it: pure arithmetic on the ReplicaSets' specs
//! and statuses, so it can be tested without a cluster.

/// What the controller reads of one ReplicaSet.
#[derive(Clone, Debug, PartialEq)]
pub struct Rs {
    pub name: String,
    /// `spec.replicas`.
    pub spec: i64,
    /// `status.replicas`: pods that exist.
    pub actual: i64,
    /// `status.availableReplicas`.
    pub available: i64,
    /// Creation time, then name: the order old ReplicaSets are scaled down in.
    pub created: String,
}

/// `ResolveFenceposts`: maxSurge rounds up, maxUnavailable down, and both zero means one
/// unavailable pod is allowed so a rollout can move at all.
pub fn fenceposts(surge: i64, unavailable: i64) -> (i64, i64) {
    if surge == 0 && unavailable == 0 {
        return (0, 1);
    }
    (surge, unavailable)
}

/// `NewRSNewReplicas` for RollingUpdate: grow the new ReplicaSet as far as maxSurge allows.
pub fn new_rs_replicas(replicas: i64, surge: i64, all_spec: i64, new_spec: i64) -> i64 {
    let max_total = replicas + surge;
    if all_spec >= max_total {
        return new_spec;
    }
    let up = (max_total - all_spec).min(replicas - new_spec).max(0);
    new_spec + up
}

/// `reconcileNewReplicaSet`: the new ReplicaSet's next size.
pub fn reconcile_new(replicas: i64, surge: i64, all: &[Rs], new: &Rs) -> i64 {
    if new.spec >= replicas {
        return replicas;
    }
    let all_spec = all.iter().map(|r| r.spec).sum();
    new_rs_replicas(replicas, surge, all_spec, new.spec)
}

/// `reconcileOldReplicaSets`: the old ReplicaSets' next sizes (name, to), never below what
/// keeps `replicas - maxUnavailable` pods available. Unhealthy old pods go first
/// (`cleanupUnhealthyReplicas`), then healthy ones oldest ReplicaSet first.
pub fn reconcile_old(
    replicas: i64,
    unavailable: i64,
    old: &[Rs],
    new: Option<&Rs>,
) -> Vec<(String, i64)> {
    let old_spec: i64 = old.iter().map(|r| r.spec).sum();
    if old_spec == 0 {
        return vec![];
    }
    let new_spec = new.map_or(0, |n| n.spec);
    let all_spec = old_spec + new_spec;
    let min_available = replicas - unavailable;
    let new_unavailable = new.map_or(0, |n| (n.spec - n.available).max(0));
    let max_down = all_spec - min_available - new_unavailable;
    if max_down <= 0 {
        return vec![];
    }
    let mut sizes: Vec<(String, i64, i64)> = old
        .iter()
        .map(|r| (r.name.clone(), r.spec, r.available))
        .collect();
    let mut cleaned = 0;
    for (_, spec, available) in sizes.iter_mut() {
        if cleaned >= max_down {
            break;
        }
        if *spec == 0 || *spec == *available {
            continue;
        }
        let n = (max_down - cleaned).min(*spec - *available);
        *spec -= n;
        cleaned += n;
    }
    // Available pods across all ReplicaSets, as their statuses say now.
    let available_all: i64 =
        old.iter().map(|r| r.available).sum::<i64>() + new.map_or(0, |n| n.available);
    if available_all > min_available {
        let total = available_all - min_available;
        let mut done = 0;
        for (_, spec, _) in sizes.iter_mut() {
            if done >= total {
                break;
            }
            if *spec == 0 {
                continue;
            }
            let n = (*spec).min(total - done);
            *spec -= n;
            done += n;
        }
    }
    sizes
        .into_iter()
        .zip(old)
        .filter(|((_, to, _), r)| *to != r.spec)
        .map(|((name, to, _), _)| (name, to))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(name: &str, spec: i64, available: i64) -> Rs {
        Rs {
            name: name.into(),
            spec,
            actual: spec,
            available,
            created: name.into(),
        }
    }

    #[test]
    fn a_rollout_of_three_steps_one_pod_at_a_time() {
        // 3 replicas, 25%: surge 1, unavailable 0.
        let (surge, unav) = fenceposts(1, 0);
        let old = rs("a", 3, 3);
        let new = rs("b", 0, 0);
        let all = [old.clone(), new.clone()];
        assert_eq!(reconcile_new(3, surge, &all, &new), 1);
        let new = rs("b", 1, 0);
        // The new pod is not available yet: nothing old may go.
        assert!(reconcile_old(3, unav, std::slice::from_ref(&old), Some(&new)).is_empty());
        let new = rs("b", 1, 1);
        assert_eq!(
            reconcile_old(3, unav, &[old], Some(&new)),
            [("a".to_string(), 2)]
        );
    }

    #[test]
    fn unhealthy_old_pods_go_first() {
        let old = [rs("a", 2, 2), rs("b", 2, 0)];
        let new = rs("c", 1, 1);
        // 4 wanted, 1 may be unavailable: min 3 available; 5 pods in all.
        let got = reconcile_old(4, 1, &old, Some(&new));
        assert_eq!(got, [("b".to_string(), 0)]);
    }

    #[test]
    fn both_fenceposts_zero_allow_one_unavailable() {
        assert_eq!(fenceposts(0, 0), (0, 1));
        assert_eq!(new_rs_replicas(3, 1, 4, 1), 1);
        assert_eq!(new_rs_replicas(10, 3, 3, 3), 10);
    }
}
