//! The LimitRanger admission plugin: the namespace's LimitRanges give containers that state no
//! requests or limits their defaults (and the pod the `kubernetes.io/limit-ranger` annotation
//! saying so), then refuse pods and claims outside their min, max and limit/request ratio.
//! Also the API defaulting of a LimitRange's Container items (default from max, defaultRequest
//! from default, then from min).

use serde_json::{json, Value};

use super::meta;
use super::resourcequota::{self, ResourceList};
use crate::status::Status;
use crate::store::Store;
use kubeplay_core::api::quantity::Quantity;
use kubeplay_core::sort::SortOnce;

const ANNOTATION: &str = "kubernetes.io/limit-ranger";

/// `SetDefaults_LimitRangeItem`, for each Container item of a LimitRange.
pub fn default_items(obj: &mut Value) {
    let Some(items) = obj
        .pointer_mut("/spec/limits")
        .and_then(|l| l.as_array_mut())
    else {
        return;
    };
    for item in items.iter_mut() {
        if meta::str_at(item, &["type"]) != "Container" {
            continue;
        }
        let Some(m) = item.as_object_mut() else {
            continue;
        };
        let list = |m: &serde_json::Map<String, Value>, k: &str| {
            m.get(k)
                .and_then(|v| v.as_object())
                .cloned()
                .unwrap_or_default()
        };
        let max = list(m, "max");
        let min = list(m, "min");
        let mut default = list(m, "default");
        let mut request = list(m, "defaultRequest");
        for (k, v) in &max {
            default.entry(k.clone()).or_insert_with(|| v.clone());
        }
        for (k, v) in &default {
            request.entry(k.clone()).or_insert_with(|| v.clone());
        }
        for (k, v) in &min {
            request.entry(k.clone()).or_insert_with(|| v.clone());
        }
        m.insert("default".into(), Value::Object(default));
        m.insert("defaultRequest".into(), Value::Object(request));
    }
}

/// The namespace's LimitRanges in name order.
fn ranges(store: &Store, ns: &str) -> Vec<Value> {
    let mut out: Vec<Value> = store
        .list("/limitranges", Some(ns))
        .map(|(_, r)| r.clone())
        .collect();
    out.sort_once_by(|a, b| meta::name(a).cmp(meta::name(b)));
    out
}

fn items(range: &Value) -> &[Value] {
    range
        .pointer("/spec/limits")
        .and_then(|l| l.as_array())
        .map_or(&[], |a| a.as_slice())
}

fn list_of(v: &Value, field: &str) -> ResourceList {
    resourcequota::parse_list(v.get(field))
}

/// The mutating half: each LimitRange's Container defaults fill what a container leaves out.
pub fn mutate(store: &Store, pod: &mut Value) {
    let ns = meta::namespace(pod).to_string();
    for range in ranges(store, &ns) {
        let mut requests = serde_json::Map::new();
        let mut limits = serde_json::Map::new();
        for item in items(&range) {
            if meta::str_at(item, &["type"]) != "Container" {
                continue;
            }
            for (field, into) in [("defaultRequest", &mut requests), ("default", &mut limits)] {
                if let Some(m) = item.get(field).and_then(|m| m.as_object()) {
                    into.extend(m.clone());
                }
            }
        }
        let mut notes = Vec::new();
        for (field, what) in [
            ("containers", "container"),
            ("initContainers", "init container"),
        ] {
            let Some(cs) = pod
                .pointer_mut(&format!("/spec/{field}"))
                .and_then(|c| c.as_array_mut())
            else {
                continue;
            };
            for c in cs.iter_mut() {
                let name = meta::str_at(c, &["name"]).to_string();
                let set_limits = fill(c, "limits", &limits);
                let set_requests = fill(c, "requests", &requests);
                if !set_requests.is_empty() {
                    notes.push(format!(
                        "{} request for {what} {name}",
                        set_requests.join(", ")
                    ));
                }
                if !set_limits.is_empty() {
                    notes.push(format!("{} limit for {what} {name}", set_limits.join(", ")));
                }
            }
        }
        if !notes.is_empty() {
            let text = format!("LimitRanger plugin set: {}", notes.join("; "));
            meta::set(pod, &["metadata", "annotations", ANNOTATION], json!(text));
        }
    }
}

/// Put each default the container's `resources.<field>` lacks; the names set, sorted.
fn fill(c: &mut Value, field: &str, defaults: &serde_json::Map<String, Value>) -> Vec<String> {
    let mut set = Vec::new();
    if defaults.is_empty() {
        return set;
    }
    let has = |c: &Value, k: &str| c.pointer(&format!("/resources/{field}/{k}")).is_some();
    for (k, v) in defaults {
        if !has(c, k) {
            meta::set(c, &["resources", field, k], v.clone());
            set.push(k.clone());
        }
    }
    set.sort_once();
    set
}

/// `requestLimitEnforcedValues`: milli-units (Kubernetes falls back to units only past
/// what an int64 of milli-units holds, which these i128s never reach).
fn milli(q: Option<&Quantity>) -> i128 {
    q.map_or(0, |q| q.milli_value())
}

fn min_check(
    kind: &str,
    res: &str,
    enforced: &Quantity,
    req: &ResourceList,
    lim: &ResourceList,
) -> Option<String> {
    let e = enforced.to_canonical();
    let Some(r) = req.get(res) else {
        return Some(format!(
            "minimum {res} usage per {kind} is {e}.  No request is specified"
        ));
    };
    if r.milli_value() < enforced.milli_value() {
        return Some(format!(
            "minimum {res} usage per {kind} is {e}, but request is {}",
            r.to_canonical()
        ));
    }
    match lim.get(res) {
        Some(l) if l.milli_value() < enforced.milli_value() => Some(format!(
            "minimum {res} usage per {kind} is {e}, but limit is {}",
            l.to_canonical()
        )),
        _ => None,
    }
}

fn max_check(
    kind: &str,
    res: &str,
    enforced: &Quantity,
    req: &ResourceList,
    lim: &ResourceList,
) -> Option<String> {
    let e = enforced.to_canonical();
    let Some(l) = lim.get(res) else {
        return Some(format!(
            "maximum {res} usage per {kind} is {e}.  No limit is specified"
        ));
    };
    if l.milli_value() > enforced.milli_value() {
        return Some(format!(
            "maximum {res} usage per {kind} is {e}, but limit is {}",
            l.to_canonical()
        ));
    }
    match req.get(res) {
        Some(r) if r.milli_value() > enforced.milli_value() => Some(format!(
            "maximum {res} usage per {kind} is {e}, but request is {}",
            r.to_canonical()
        )),
        _ => None,
    }
}

fn ratio_check(
    kind: &str,
    res: &str,
    enforced: &Quantity,
    req: &ResourceList,
    lim: &ResourceList,
) -> Option<String> {
    let e = enforced.to_canonical();
    let r = milli(req.get(res));
    let l = milli(lim.get(res));
    if r == 0 {
        return Some(format!(
            "{res} max limit to request ratio per {kind} is {e}, but no request is specified or request is 0"
        ));
    }
    if l == 0 {
        return Some(format!(
            "{res} max limit to request ratio per {kind} is {e}, but no limit is specified or limit is 0"
        ));
    }
    let ratio = l as f64 / r as f64;
    if ratio * 1000.0 > enforced.milli_value() as f64 {
        return Some(format!(
            "{res} max limit to request ratio per {kind} is {e}, but provided ratio is {ratio:.6}"
        ));
    }
    None
}

/// One item's min, max and ratio checks against requests and limits, in resource-name order
/// (Kubernetes walks maps, whose order is random).
fn check_item(
    item: &Value,
    kind: &str,
    req: &ResourceList,
    lim: &ResourceList,
    errs: &mut Vec<String>,
) {
    for (k, v) in list_of(item, "min") {
        errs.extend(min_check(kind, &k, &v, req, lim));
    }
    for (k, v) in list_of(item, "max") {
        errs.extend(max_check(kind, &k, &v, req, lim));
    }
    for (k, v) in list_of(item, "maxLimitRequestRatio") {
        errs.extend(ratio_check(kind, &k, &v, req, lim));
    }
}

/// The validating half, for a pod or a claim: the first LimitRange it breaks refuses it, with
/// every broken rule of that range (`[a, b]` when more than one, as an aggregate prints).
pub fn validate(store: &Store, kind: &str, plural: &str, obj: &Value) -> Result<(), Status> {
    let ns = meta::namespace(obj);
    for range in ranges(store, ns) {
        let mut errs = Vec::new();
        for item in items(&range) {
            let t = meta::str_at(item, &["type"]);
            match (kind, t) {
                ("Pod", "Container") => {
                    for field in ["containers", "initContainers"] {
                        let cs = obj
                            .pointer(&format!("/spec/{field}"))
                            .and_then(|c| c.as_array())
                            .map_or(&[][..], |a| a.as_slice());
                        for c in cs {
                            let req = resourcequota::parse_list(c.pointer("/resources/requests"));
                            let lim = resourcequota::parse_list(c.pointer("/resources/limits"));
                            check_item(item, t, &req, &lim, &mut errs);
                        }
                    }
                }
                ("Pod", "Pod") => {
                    let req = resourcequota::pod_total(obj, "requests");
                    let lim = resourcequota::pod_total(obj, "limits");
                    check_item(item, t, &req, &lim, &mut errs);
                }
                ("PersistentVolumeClaim", "PersistentVolumeClaim") => {
                    let req = resourcequota::parse_list(obj.pointer("/spec/resources/requests"));
                    for (k, v) in list_of(item, "min") {
                        errs.extend(min_check(t, &k, &v, &req, &ResourceList::new()));
                    }
                    for (k, v) in list_of(item, "max") {
                        let e = v.to_canonical();
                        match req.get(&k) {
                            None => errs.push(format!(
                                "maximum {k} usage per {t} is {e}.  No request is specified"
                            )),
                            Some(r) if r.milli_value() > v.milli_value() => errs.push(format!(
                                "maximum {k} usage per {t} is {e}, but request is {}",
                                r.to_canonical()
                            )),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        let mut seen: Vec<String> = Vec::new();
        for e in errs {
            if !seen.contains(&e) {
                seen.push(e);
            }
        }
        if !seen.is_empty() {
            let msg = if seen.len() == 1 {
                seen.remove(0)
            } else {
                format!("[{}]", seen.join(", "))
            };
            let name = meta::name(obj);
            return Err(Status::forbidden(format!(
                "{plural} \"{name}\" is forbidden: {msg}"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_items_default_from_max_then_min() {
        let mut lr = json!({"spec": {"limits": [
            {"type": "Container", "max": {"cpu": "1"}, "min": {"memory": "32Mi"}},
            {"type": "Pod", "max": {"cpu": "2"}}]}});
        default_items(&mut lr);
        assert_eq!(lr["spec"]["limits"][0]["default"], json!({"cpu": "1"}));
        assert_eq!(
            lr["spec"]["limits"][0]["defaultRequest"],
            json!({"cpu": "1", "memory": "32Mi"})
        );
        assert!(lr["spec"]["limits"][1].get("default").is_none());
    }

    #[test]
    fn ratio_message_prints_six_decimals() {
        let req: ResourceList = [("cpu".to_string(), Quantity::parse("300m").unwrap())].into();
        let lim: ResourceList = [("cpu".to_string(), Quantity::parse("1").unwrap())].into();
        let two = Quantity::parse("2").unwrap();
        assert_eq!(
            ratio_check("Container", "cpu", &two, &req, &lim).unwrap(),
            "cpu max limit to request ratio per Container is 2, but provided ratio is 3.333333"
        );
        assert_eq!(
            min_check("Container", "memory", &two, &req, &lim).unwrap(),
            "minimum memory usage per Container is 2.  No request is specified"
        );
    }
}
