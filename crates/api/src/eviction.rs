//! The pods' `eviction` subresource, as v1.32's eviction REST handler: a pod that is not
//! running (or already terminating) is deleted at once; otherwise the one PodDisruptionBudget
//! that selects it must allow a disruption, which the eviction uses up (and records in
//! `status.disruptedPods`, so the disruption controller does not count the pod while it goes).

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::api::status::{Status, StatusCause};
use kubeplay_core::api::ApiRequest;
use serde_json::{json, Value};

use crate::graceful::DeleteOptions;
use crate::server::ApiServer;
use crate::store::Key;

/// The cause type kubectl and clients look for on a refused eviction.
const DISRUPTION_BUDGET: &str = "DisruptionBudget";

fn too_many_requests(cause: String) -> Status {
    Status {
        code: 429,
        reason: "TooManyRequests".into(),
        message: "Cannot evict pod as it would violate the pod's disruption budget.".into(),
        name: None,
        group: None,
        kind: None,
        causes: vec![StatusCause {
            reason: DISRUPTION_BUDGET.into(),
            message: cause,
            field: String::new(),
        }],
    }
}

/// The Eviction's own delete options (grace period, dry run) or the request's.
fn delete_options(eviction: &Value, dry_run: bool) -> DeleteOptions {
    let opts = eviction.get("deleteOptions");
    let dry = opts
        .and_then(|o| o.get("dryRun"))
        .and_then(|d| d.as_array())
        .is_some_and(|d| d.iter().any(|x| x == "All"));
    DeleteOptions {
        dry_run: dry_run || dry,
        grace_period_seconds: opts
            .and_then(|o| o.get("gracePeriodSeconds"))
            .and_then(|g| g.as_i64()),
    }
}

/// `canIgnorePDB`: terminal, pending and terminating pods are evicted without a budget.
fn can_ignore_budget(pod: &Value) -> bool {
    pod.is_deleting()
        || matches!(
            pod.pointer("/status/phase").and_then(|p| p.as_str()),
            Some("Succeeded" | "Failed" | "Pending")
        )
}

fn is_ready(pod: &Value) -> bool {
    pod.pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .is_some_and(|cs| {
            cs.iter().any(|c| {
                c.get("type") == Some(&json!("Ready")) && c.get("status") == Some(&json!("True"))
            })
        })
}

fn int(v: &Value, pointer: &str) -> i64 {
    v.pointer(pointer).and_then(|x| x.as_i64()).unwrap_or(0)
}

impl ApiServer {
    /// POST `pods/NAME/eviction`.
    pub fn evict(
        &mut self,
        req: &ApiRequest,
        ns: &str,
        name: &str,
        dry_run: bool,
    ) -> Result<(u16, Value), Status> {
        let eviction: Value = req
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .ok_or_else(|| Status::bad_request("not a Eviction object"))?;
        let named = eviction.pointer("/metadata/name").and_then(|n| n.as_str());
        if named != Some(name) {
            return Err(Status::bad_request(
                "name in URL does not match name in Eviction object",
            ));
        }
        let opts = delete_options(&eviction, dry_run);
        let pods = self
            .discovery
            .by_kind("v1", "Pod")
            .cloned()
            .ok_or_else(Status::page_not_found)?;
        let pod = self.get(&pods, Some(ns), name)?;
        if !can_ignore_budget(&pod) {
            self.use_up_budget(&pod, ns, name, opts.dry_run)?;
        }
        self.delete_with(&pods, Some(ns), name, &opts)?;
        Ok((
            201,
            json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}),
        ))
    }

    /// `checkAndDecrement` on the one budget selecting the pod, if any.
    fn use_up_budget(
        &mut self,
        pod: &Value,
        ns: &str,
        name: &str,
        dry_run: bool,
    ) -> Result<(), Status> {
        let Some(info) = self
            .discovery
            .by_kind("policy/v1", "PodDisruptionBudget")
            .cloned()
        else {
            return Ok(());
        };
        let budgets: Vec<Value> = self
            .store()
            .list(&info.gr(), Some(ns))
            .map(|(_, b)| b)
            .filter(|b| {
                let sel =
                    LabelSelector::from_json(b.pointer("/spec/selector").unwrap_or(&Value::Null));
                !sel.is_empty() && sel.matches(pod.labels())
            })
            .cloned()
            .collect();
        let budget = match budgets.as_slice() {
            [] => return Ok(()),
            [one] => one.clone(),
            _ => {
                return Err(Status::internal(
                    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
                ))
            }
        };
        let budget_name = crate::meta::name(&budget).to_string();
        let (current, desired) = (
            int(&budget, "/status/currentHealthy"),
            int(&budget, "/status/desiredHealthy"),
        );
        // An unready pod does not count as healthy: evicting it costs the budget nothing.
        if !is_ready(pod) && current >= desired && desired > 0 {
            return Ok(());
        }
        if int(&budget, "/status/observedGeneration") < int(&budget, "/metadata/generation") {
            return Err(too_many_requests(format!(
                "The disruption budget {budget_name} is still being processed by the server."
            )));
        }
        let allowed = int(&budget, "/status/disruptionsAllowed");
        if allowed < 0 {
            return Err(Status::forbidden(format!(
                "poddisruptionbudgets.policy \"{budget_name}\" is forbidden: pdb disruptions allowed is negative"
            )));
        }
        if allowed == 0 {
            return Err(too_many_requests(format!(
                "The disruption budget {budget_name} needs {desired} healthy pods and has {current} currently"
            )));
        }
        if dry_run {
            return Ok(());
        }
        let mut updated = budget;
        let now = self.now.rfc3339();
        if let Some(status) = updated.get_mut("status").and_then(|s| s.as_object_mut()) {
            status.insert("disruptionsAllowed".into(), json!(allowed - 1));
            let disrupted = status.entry("disruptedPods").or_insert_with(|| json!({}));
            if let Some(map) = disrupted.as_object_mut() {
                map.insert(name.to_string(), json!(now));
            }
            if allowed - 1 == 0 {
                condition_insufficient(status, &now);
            }
        }
        let key = Key::new(&info.gr(), ns, &budget_name);
        if self.store().get(&key).is_some() {
            self.write_status(&info, updated);
        }
        Ok(())
    }
}

/// `UpdateDisruptionAllowedCondition` once no disruption is left.
fn condition_insufficient(status: &mut serde_json::Map<String, Value>, now: &str) {
    let generation = status
        .get("observedGeneration")
        .cloned()
        .unwrap_or(json!(0));
    let fresh = json!({
        "type": "DisruptionAllowed", "status": "False", "reason": "InsufficientPods",
        "message": "", "lastTransitionTime": now, "observedGeneration": generation,
    });
    let conditions = status.entry("conditions").or_insert_with(|| json!([]));
    if let Some(list) = conditions.as_array_mut() {
        match list
            .iter_mut()
            .find(|c| c.get("type") == Some(&json!("DisruptionAllowed")))
        {
            Some(c) if c.get("status") == Some(&json!("False")) => {
                c["reason"] = json!("InsufficientPods");
            }
            Some(c) => *c = fresh,
            None => list.push(fresh),
        }
    }
}
