//! The ResourceQuota admission plugin and the usage it measures, shared with the quota
//! controller (crates/sim): how much of each quota resource an object uses, which quotas cover
//! it, and the refusal when a create would go over a quota's `status.hard`.
//!
//! As in Kubernetes, admission charges a quota by raising its `status.used` (returned here for
//! the server to write with the object), and the controller later recounts from the store.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::meta;
use crate::status::Status;
use crate::store::Store;
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::api::qos::qos_class;
use kubeplay_core::api::quantity::{self, Quantity};
use kubeplay_core::clock::Time;
use kubeplay_core::sort::SortOnce;

/// Quota resource names to quantities, in name order (as `prettyPrint` sorts them).
pub type ResourceList = BTreeMap<String, Quantity>;

/// The compute resources a pod is charged for, besides prefixed and extended ones.
const POD_RESOURCES: &[&str] = &[
    "count/pods",
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
];

const SERVICE_RESOURCES: &[&str] = &[
    "count/services",
    "services",
    "services.loadbalancers",
    "services.nodeports",
];

const CLAIM_RESOURCES: &[&str] = &[
    "count/persistentvolumeclaims",
    "persistentvolumeclaims",
    "requests.storage",
];

/// Kubernetes' historical mistake, kept for compatibility: a quota on cpu or memory requires
/// every container of a new pod to state that resource.
const MUST_SPECIFY: &[&str] = &[
    "cpu",
    "memory",
    "requests.cpu",
    "requests.memory",
    "limits.cpu",
    "limits.memory",
];

const CLASS_SUFFIX: &str = ".storageclass.storage.k8s.io/";

/// Which of Kubernetes' evaluators measures a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evaluator {
    Pods,
    Services,
    Claims,
    /// An object count; the legacy name (`configmaps`) for the four core kinds that have one.
    Count(Option<&'static str>),
}

fn evaluator(gr: &str) -> Evaluator {
    match gr {
        "/pods" => Evaluator::Pods,
        "/services" => Evaluator::Services,
        "/persistentvolumeclaims" => Evaluator::Claims,
        "/configmaps" => Evaluator::Count(Some("configmaps")),
        "/secrets" => Evaluator::Count(Some("secrets")),
        "/replicationcontrollers" => Evaluator::Count(Some("replicationcontrollers")),
        "/resourcequotas" => Evaluator::Count(Some("resourcequotas")),
        _ => Evaluator::Count(None),
    }
}

/// `count/<resource>` for the core group, `count/<resource>.<group>` otherwise.
pub fn object_count_name(gr: &str) -> String {
    match gr.split_once('/') {
        Some(("", resource)) => format!("count/{resource}"),
        Some((group, resource)) => format!("count/{resource}.{group}"),
        None => format!("count/{gr}"),
    }
}

/// The store resource (`/pods`, `apps/deployments`) a quota resource name counts, if any.
pub fn resource_of(name: &str) -> Option<String> {
    if let Some(rest) = name.strip_prefix("count/") {
        return Some(match rest.split_once('.') {
            Some((resource, group)) => format!("{group}/{resource}"),
            None => format!("/{rest}"),
        });
    }
    if name.contains(CLASS_SUFFIX) {
        return Some("/persistentvolumeclaims".into());
    }
    let gr = match name {
        "services" | "services.loadbalancers" | "services.nodeports" => "/services",
        "persistentvolumeclaims" | "requests.storage" => "/persistentvolumeclaims",
        "configmaps" => "/configmaps",
        "secrets" => "/secrets",
        "replicationcontrollers" => "/replicationcontrollers",
        "resourcequotas" => "/resourcequotas",
        n if POD_RESOURCES.contains(&n)
            || n.starts_with("hugepages-")
            || n.starts_with("requests.hugepages-")
            || is_extended_for_quota(n) =>
        {
            "/pods"
        }
        _ => return None,
    };
    Some(gr.into())
}

fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

fn is_extended_for_quota(name: &str) -> bool {
    !is_native(name) && name.starts_with("requests.")
}

/// `MatchingResources`: the names among `input` this evaluator measures.
fn matching_resources(ev: Evaluator, gr: &str, input: &[String]) -> Vec<String> {
    input
        .iter()
        .filter(|n| match ev {
            Evaluator::Pods => {
                POD_RESOURCES.contains(&n.as_str())
                    || n.starts_with("hugepages-")
                    || n.starts_with("requests.hugepages-")
                    || is_extended_for_quota(n)
            }
            Evaluator::Services => SERVICE_RESOURCES.contains(&n.as_str()),
            Evaluator::Claims => {
                CLAIM_RESOURCES.contains(&n.as_str())
                    || n.ends_with(".storageclass.storage.k8s.io/requests.storage")
                    || n.ends_with(".storageclass.storage.k8s.io/persistentvolumeclaims")
            }
            Evaluator::Count(legacy) => {
                **n == object_count_name(gr) || legacy.is_some_and(|l| l == n.as_str())
            }
        })
        .cloned()
        .collect()
}

/// `q += other`, where a zero quantity takes the other's format, as apimachinery's `Add` does.
pub fn add_to(q: &mut Quantity, other: &Quantity) {
    if q.is_zero() {
        q.format = other.format;
    }
    q.add(other);
}

fn one() -> Quantity {
    Quantity::parse("1").unwrap_or_default()
}

fn count(n: usize) -> Quantity {
    Quantity::parse(&n.to_string()).unwrap_or_default()
}

/// A resource list from JSON (`spec.hard`, `status.used`, a container's `requests`).
pub fn parse_list(v: Option<&Value>) -> ResourceList {
    quantity::list(v).into_iter().collect()
}

pub fn to_json(list: &ResourceList) -> Value {
    let m: Map<String, Value> = list
        .iter()
        .map(|(k, q)| (k.clone(), json!(q.to_canonical())))
        .collect();
    Value::Object(m)
}

/// A pod's total `requests` or `limits`: its containers and sidecars added up, or the largest
/// init container (with the sidecars started before it) if that is more.
pub(super) fn pod_total(pod: &Value, which: &str) -> ResourceList {
    let of = |c: &Value| parse_list(c.pointer(&format!("/resources/{which}")));
    let mut total = ResourceList::new();
    for c in arr(pod, &["spec", "containers"]) {
        for (k, q) in of(c) {
            add_to(total.entry(k).or_default(), &q);
        }
    }
    let mut sidecars = ResourceList::new();
    let mut init_max = ResourceList::new();
    for c in arr(pod, &["spec", "initContainers"]) {
        let own = of(c);
        let sidecar = meta::str_at(c, &["restartPolicy"]) == "Always";
        if sidecar {
            for (k, q) in &own {
                add_to(sidecars.entry(k.clone()).or_default(), q);
                add_to(total.entry(k.clone()).or_default(), q);
            }
        }
        let mut peak = if sidecar { sidecars.clone() } else { own };
        if !sidecar {
            for (k, q) in &sidecars {
                add_to(peak.entry(k.clone()).or_default(), q);
            }
        }
        for (k, q) in peak {
            let slot = init_max.entry(k).or_default();
            if q.cmp_value(slot).is_gt() {
                *slot = q;
            }
        }
    }
    for (k, q) in init_max {
        let slot = total.entry(k).or_default();
        if q.cmp_value(slot).is_gt() {
            *slot = q;
        }
    }
    let overhead = parse_list(pod.pointer("/spec/overhead"));
    for (k, q) in overhead {
        if let Some(slot) = total.get_mut(&k) {
            add_to(slot, &q);
        }
    }
    total
}

/// `podComputeUsageHelper`: what requests and limits charge.
fn compute_usage(requests: &ResourceList, limits: &ResourceList) -> ResourceList {
    let mut out = ResourceList::new();
    out.insert("pods".into(), one());
    for (res, req_name, lim_name) in [
        ("cpu", "requests.cpu", "limits.cpu"),
        ("memory", "requests.memory", "limits.memory"),
        (
            "ephemeral-storage",
            "requests.ephemeral-storage",
            "limits.ephemeral-storage",
        ),
    ] {
        if let Some(q) = requests.get(res) {
            out.insert(res.into(), *q);
            out.insert(req_name.into(), *q);
        }
        if let Some(q) = limits.get(res) {
            out.insert(lim_name.into(), *q);
        }
    }
    for (k, q) in requests {
        if k.starts_with("hugepages-") {
            out.insert(k.clone(), *q);
            out.insert(format!("requests.{k}"), *q);
        } else if !is_native(k) {
            out.insert(format!("requests.{k}"), *q);
        }
    }
    out
}

/// `QuotaV1Pod`: a pod is charged for compute unless it ended or its grace period ran out.
fn charged(pod: &Value, now: Time) -> bool {
    let phase = meta::str_at(pod, &["status", "phase"]);
    if phase == "Succeeded" || phase == "Failed" {
        return false;
    }
    if let Some(ts) = pod.deletion_timestamp().and_then(Time::parse_rfc3339) {
        if let Some(grace) = pod
            .pointer("/metadata/deletionGracePeriodSeconds")
            .and_then(|g| g.as_i64())
        {
            if now.0 > ts.0.saturating_add(grace) {
                return false;
            }
        }
    }
    true
}

/// What one object of resource `gr` uses (`Usage`), zeros included.
pub fn usage(gr: &str, obj: &Value, now: Time) -> ResourceList {
    let ev = evaluator(gr);
    let mut out = ResourceList::new();
    match ev {
        Evaluator::Pods => {
            out.insert("count/pods".into(), one());
            if charged(obj, now) {
                let requests = pod_total(obj, "requests");
                let limits = pod_total(obj, "limits");
                out.extend(compute_usage(&requests, &limits));
            }
        }
        Evaluator::Services => {
            let ports = arr(obj, &["spec", "ports"]);
            out.insert("count/services".into(), one());
            out.insert("services".into(), one());
            out.insert("services.loadbalancers".into(), Quantity::default());
            out.insert("services.nodeports".into(), Quantity::default());
            match meta::str_at(obj, &["spec", "type"]) {
                "NodePort" => {
                    out.insert("services.nodeports".into(), count(ports.len()));
                }
                "LoadBalancer" => {
                    let no_alloc = obj.pointer("/spec/allocateLoadBalancerNodePorts")
                        == Some(&Value::Bool(false));
                    let n = if no_alloc {
                        ports.iter().filter(|p| p.get("nodePort").is_some()).count()
                    } else {
                        ports.len()
                    };
                    out.insert("services.nodeports".into(), count(n));
                    out.insert("services.loadbalancers".into(), one());
                }
                _ => {}
            }
        }
        Evaluator::Claims => {
            out.insert("count/persistentvolumeclaims".into(), one());
            out.insert("persistentvolumeclaims".into(), one());
            let storage = obj
                .pointer("/spec/resources/requests/storage")
                .and_then(quantity::from_json);
            if let Some(q) = storage {
                out.insert("requests.storage".into(), q);
            }
            let class = meta::str_at(obj, &["spec", "storageClassName"]);
            if !class.is_empty() {
                out.insert(
                    format!("{class}{CLASS_SUFFIX}persistentvolumeclaims"),
                    one(),
                );
                if let Some(q) = storage {
                    out.insert(format!("{class}{CLASS_SUFFIX}requests.storage"), q);
                }
            }
        }
        Evaluator::Count(legacy) => {
            out.insert(object_count_name(gr), one());
            if let Some(l) = legacy {
                out.insert(l.into(), one());
            }
        }
    }
    out
}

/// One scope selector of a quota: `spec.scopes` entries are `Exists`.
struct ScopeSelector {
    scope: String,
    operator: String,
    values: Vec<String>,
}

fn scope_selectors(quota: &Value) -> Vec<ScopeSelector> {
    let mut out: Vec<ScopeSelector> = arr(quota, &["spec", "scopes"])
        .iter()
        .filter_map(|s| s.as_str())
        .map(|s| ScopeSelector {
            scope: s.into(),
            operator: "Exists".into(),
            values: vec![],
        })
        .collect();
    for e in arr(quota, &["spec", "scopeSelector", "matchExpressions"]) {
        out.push(ScopeSelector {
            scope: meta::str_at(e, &["scopeName"]).into(),
            operator: meta::str_at(e, &["operator"]).into(),
            values: arr(e, &["values"])
                .iter()
                .filter_map(|v| v.as_str())
                .map(String::from)
                .collect(),
        });
    }
    out
}

fn pod_in_scope(sel: &ScopeSelector, pod: &Value) -> bool {
    let terminating = pod
        .pointer("/spec/activeDeadlineSeconds")
        .and_then(|v| v.as_i64())
        .is_some_and(|s| s >= 0);
    let best_effort = qos_class(pod) == "BestEffort";
    match sel.scope.as_str() {
        "Terminating" => terminating,
        "NotTerminating" => !terminating,
        "BestEffort" => best_effort,
        "NotBestEffort" => !best_effort,
        "PriorityClass" => {
            let class = meta::str_at(pod, &["spec", "priorityClassName"]);
            let listed = sel.values.iter().any(|v| v == class);
            match sel.operator.as_str() {
                "Exists" => !class.is_empty(),
                "DoesNotExist" => class.is_empty(),
                "In" => !class.is_empty() && listed,
                "NotIn" => class.is_empty() || !listed,
                _ => false,
            }
        }
        "CrossNamespacePodAffinity" => cross_namespace_affinity(pod),
        _ => false,
    }
}

fn cross_namespace_affinity(pod: &Value) -> bool {
    let cross =
        |t: &Value| !arr(t, &["namespaces"]).is_empty() || t.get("namespaceSelector").is_some();
    ["podAffinity", "podAntiAffinity"].iter().any(|kind| {
        let Some(a) = pod.pointer(&format!("/spec/affinity/{kind}")) else {
            return false;
        };
        let required = arr(a, &["requiredDuringSchedulingIgnoredDuringExecution"]);
        let preferred = arr(a, &["preferredDuringSchedulingIgnoredDuringExecution"]);
        required.iter().any(cross)
            || preferred
                .iter()
                .filter_map(|w| w.get("podAffinityTerm"))
                .any(cross)
    })
}

/// The array at `path`, or none.
fn arr<'a>(v: &'a Value, path: &[&str]) -> &'a [Value] {
    let mut cur = v;
    for p in path {
        match cur.get(*p) {
            Some(next) => cur = next,
            None => return &[],
        }
    }
    cur.as_array().map_or(&[], |a| a.as_slice())
}

/// The names of a resource list in `status.hard`.
fn hard_names(quota: &Value) -> Vec<String> {
    quota
        .pointer("/status/hard")
        .and_then(|h| h.as_object())
        .map(|h| h.keys().cloned().collect())
        .unwrap_or_default()
}

/// `Matches`: the quota limits something this object uses, and the object is in every scope
/// (only pods have scopes; a scoped quota matches nothing else).
pub fn quota_matches(quota: &Value, gr: &str, obj: &Value) -> bool {
    let ev = evaluator(gr);
    if matching_resources(ev, gr, &hard_names(quota)).is_empty() {
        return false;
    }
    scope_selectors(quota)
        .iter()
        .all(|sel| ev == Evaluator::Pods && pod_in_scope(sel, obj))
}

/// `Constraints`: each container must state what a cpu or memory quota limits, else
/// `must specify limits.cpu for: web; limits.memory for: web`.
fn constraints(required: &[String], pod: &Value) -> Result<(), String> {
    let mut missing: BTreeMap<&str, std::collections::BTreeSet<String>> = BTreeMap::new();
    let containers = arr(pod, &["spec", "containers"])
        .iter()
        .chain(arr(pod, &["spec", "initContainers"]).iter());
    for c in containers {
        let requests = parse_list(c.pointer("/resources/requests"));
        let limits = parse_list(c.pointer("/resources/limits"));
        let has = compute_usage(&requests, &limits);
        for r in required {
            if MUST_SPECIFY.contains(&r.as_str()) && !has.contains_key(r) {
                missing
                    .entry(r.as_str())
                    .or_default()
                    .insert(meta::str_at(c, &["name"]).to_string());
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let parts: Vec<String> = missing
        .iter()
        .map(|(r, names)| {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            format!("{r} for: {}", names.join(","))
        })
        .collect();
    Err(format!("must specify {}", parts.join("; ")))
}

/// `prettyPrint`: `requests.cpu=500m,requests.memory=1Gi`.
fn pretty(list: &ResourceList) -> String {
    list.iter()
        .map(|(k, q)| format!("{k}={}", q.to_canonical()))
        .collect::<Vec<_>>()
        .join(",")
}

fn mask(list: &ResourceList, names: &[String]) -> ResourceList {
    list.iter()
        .filter(|(k, _)| names.contains(k))
        .map(|(k, q)| (k.clone(), *q))
        .collect()
}

/// The namespace's quotas in name order.
fn quotas_of(store: &Store, ns: &str) -> Vec<Value> {
    let mut out: Vec<Value> = store
        .list("/resourcequotas", Some(ns))
        .map(|(_, q)| q.clone())
        .collect();
    out.sort_once_by(|a, b| meta::name(a).cmp(meta::name(b)));
    out
}

/// Check a create (`old` is None) or update of `obj` (resource `gr`, called `name` in errors)
/// against the namespace's quotas. On success, the quotas whose `status.used` it raises, for
/// the server to write; on refusal, the Forbidden error Kubernetes returns.
pub fn admit(
    store: &Store,
    gr: &str,
    plural: &str,
    obj: &Value,
    old: Option<&Value>,
    now: Time,
) -> Result<Vec<Value>, Status> {
    let ns = meta::namespace(obj);
    if ns.is_empty() {
        return Ok(vec![]);
    }
    let ev = evaluator(gr);
    let handles = match ev {
        Evaluator::Services | Evaluator::Claims => true,
        Evaluator::Pods | Evaluator::Count(_) => old.is_none(),
    };
    if !handles {
        return Ok(vec![]);
    }
    let name = meta::name(obj);
    let forbidden =
        |msg: String| Status::forbidden(format!("{plural} \"{name}\" is forbidden: {msg}"));
    let quotas = quotas_of(store, ns);
    let mut interesting = Vec::new();
    for q in &quotas {
        if !quota_matches(q, gr, obj) {
            continue;
        }
        let restricted = matching_resources(ev, gr, &hard_names(q));
        if ev == Evaluator::Pods {
            constraints(&restricted, obj)
                .map_err(|e| forbidden(format!("failed quota: {}: {e}", meta::name(q))))?;
        }
        let used = q.pointer("/status/used").and_then(|u| u.as_object());
        if restricted
            .iter()
            .any(|r| used.is_none_or(|u| !u.contains_key(r)))
        {
            let mut names = restricted.clone();
            names.sort_once();
            return Err(forbidden(format!(
                "status unknown for quota: {}, resources: {}",
                meta::name(q),
                names.join(",")
            )));
        }
        interesting.push(q);
    }
    if interesting.is_empty() {
        return Ok(vec![]);
    }
    let input = usage(gr, obj, now);
    if let Some(neg) = input
        .iter()
        .find(|(_, q)| q.cmp_value(&Quantity::default()).is_lt())
    {
        return Err(forbidden(format!(
            "quota usage is negative for resource(s): {}",
            neg.0
        )));
    }
    let mut out = Vec::new();
    for q in interesting {
        let mut delta = input.clone();
        if let Some(prev) = old {
            if quota_matches(q, gr, prev) {
                let before = usage(gr, prev, now);
                for (k, v) in delta.iter_mut() {
                    if let Some(b) = before.get(k) {
                        let mut neg = *b;
                        neg = Quantity::parse(&format!("-{}", neg.to_canonical())).unwrap_or(neg);
                        v.add(&neg);
                        if v.cmp_value(&Quantity::default()).is_lt() {
                            *v = Quantity::default();
                        }
                    }
                }
            }
        }
        delta.retain(|_, v| !v.is_zero());
        if delta.is_empty() {
            continue;
        }
        let hard = parse_list(q.pointer("/status/hard"));
        let used = parse_list(q.pointer("/status/used"));
        let requested = mask(&delta, &hard.keys().cloned().collect::<Vec<_>>());
        let mut new_used = used.clone();
        for (k, v) in &requested {
            add_to(new_used.entry(k.clone()).or_default(), v);
        }
        let exceeded: Vec<String> = requested
            .keys()
            .filter(|k| {
                let (Some(n), Some(h)) = (new_used.get(*k), hard.get(*k)) else {
                    return false;
                };
                n.cmp_value(h).is_gt()
            })
            .cloned()
            .collect();
        if !exceeded.is_empty() {
            return Err(forbidden(format!(
                "exceeded quota: {}, requested: {}, used: {}, limited: {}",
                meta::name(q),
                pretty(&mask(&requested, &exceeded)),
                pretty(&mask(&used, &exceeded)),
                pretty(&mask(&hard, &exceeded)),
            )));
        }
        if new_used != used {
            let mut updated = q.clone();
            let mut all = used.clone();
            all.extend(new_used);
            meta::set(&mut updated, &["status", "used"], to_json(&all));
            out.push(updated);
        }
    }
    Ok(out)
}

/// What the quota controller writes: `status.hard` from the spec, and `status.used` counted
/// from every object of the namespace the quota covers (`CalculateUsage`).
pub fn calculate_status(store: &Store, quota: &Value, now: Time) -> Value {
    let hard = parse_list(quota.pointer("/spec/hard"));
    let names: Vec<String> = hard.keys().cloned().collect();
    let ns = meta::namespace(quota);
    let selectors = scope_selectors(quota);
    let mut used = ResourceList::new();
    let mut resources: Vec<String> = names.iter().filter_map(|n| resource_of(n)).collect();
    resources.sort_once();
    resources.dedup();
    for gr in resources {
        let ev = evaluator(&gr);
        let matched = matching_resources(ev, &gr, &names);
        if matched.is_empty() {
            continue;
        }
        let scoped = !selectors.is_empty();
        if scoped && ev != Evaluator::Pods {
            continue;
        }
        for n in &matched {
            used.insert(n.clone(), Quantity::default());
        }
        for (_, obj) in store.list(&gr, Some(ns)) {
            if scoped && !selectors.iter().all(|s| pod_in_scope(s, obj)) {
                continue;
            }
            for (k, q) in usage(&gr, obj, now) {
                if let Some(slot) = used.get_mut(&k) {
                    add_to(slot, &q);
                }
            }
        }
    }
    json!({"hard": to_json(&hard), "used": to_json(&used)})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &ResourceList) -> Vec<String> {
        list.iter()
            .map(|(k, q)| format!("{k}={}", q.to_canonical()))
            .collect()
    }

    #[test]
    fn a_pod_is_charged_its_largest_init_container_or_its_containers() {
        let pod = json!({"spec": {
        "initContainers": [{"name": "init", "resources": {"requests": {"cpu": "2"}}}],
        "containers": [
            {"name": "a", "resources": {"requests": {"cpu": "500m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}}},
            {"name": "b", "resources": {"requests": {"cpu": "250m", "memory": "64Mi"}}}
        ]}});
        assert_eq!(
            names(&usage("/pods", &pod, Time(0))),
            [
                "count/pods=1",
                "cpu=2",
                "limits.memory=128Mi",
                "memory=128Mi",
                "pods=1",
                "requests.cpu=2",
                "requests.memory=128Mi"
            ]
        );
        let done = json!({"spec": pod["spec"].clone(), "status": {"phase": "Succeeded"}});
        assert_eq!(names(&usage("/pods", &done, Time(0))), ["count/pods=1"]);
    }

    #[test]
    fn services_count_their_node_ports() {
        let svc = json!({"spec": {"type": "LoadBalancer", "ports": [{"port": 80}, {"port": 443}]}});
        assert_eq!(
            names(&usage("/services", &svc, Time(0))),
            [
                "count/services=1",
                "services=1",
                "services.loadbalancers=1",
                "services.nodeports=2"
            ]
        );
    }

    #[test]
    fn scoped_quotas_match_pods_only_in_their_scope() {
        let quota = json!({"spec": {"scopes": ["BestEffort"]}, "status": {"hard": {"pods": "2"}}});
        let best_effort = json!({"spec": {"containers": [{"name": "a"}]}});
        let burstable = json!({"spec": {"containers": [{"name": "a", "resources": {"requests": {"cpu": "1"}}}]}});
        assert!(quota_matches(&quota, "/pods", &best_effort));
        assert!(!quota_matches(&quota, "/pods", &burstable));
        let count = json!({"status": {"hard": {"count/deployments.apps": "1"}}});
        assert!(quota_matches(&count, "apps/deployments", &json!({})));
        assert!(!quota_matches(&count, "apps/replicasets", &json!({})));
    }

    #[test]
    fn quota_names_map_to_the_resources_they_count() {
        assert_eq!(
            resource_of("count/deployments.apps").as_deref(),
            Some("apps/deployments")
        );
        assert_eq!(resource_of("count/pods").as_deref(), Some("/pods"));
        assert_eq!(resource_of("limits.memory").as_deref(), Some("/pods"));
        assert_eq!(
            resource_of("gold.storageclass.storage.k8s.io/requests.storage").as_deref(),
            Some("/persistentvolumeclaims")
        );
        assert_eq!(
            resource_of("services.nodeports").as_deref(),
            Some("/services")
        );
        assert_eq!(resource_of("bogus"), None);
    }

    #[test]
    fn an_empty_sum_takes_the_format_of_what_is_added() {
        let mut q = Quantity::default();
        add_to(&mut q, &Quantity::parse("128Mi").unwrap());
        add_to(&mut q, &Quantity::parse("128Mi").unwrap());
        assert_eq!(q.to_canonical(), "256Mi");
    }
}
