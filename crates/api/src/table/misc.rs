//! Columns of the remaining built-in kinds: config, accounts, events, policy, autoscaling,
//! scheduling, quotas, admission, flow control, certificates, API services.

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

use super::rbac::{created_at, CREATED_AT};
use super::{age, col, containers_and_images, i, name, s, selector_text, ts_age, wide, Column};
use super::{Ctx, Printer};
use kubeplay_core::clock::human_duration;

pub fn printer(group: &str, kind: &str) -> Option<Printer> {
    let (columns, cells): (&'static [Column], super::CellsFn) = match (group, kind) {
        ("", "ConfigMap") => (CONFIG_MAP, config_map),
        ("", "Secret") => (SECRET, secret),
        ("", "ServiceAccount") => (SERVICE_ACCOUNT, service_account),
        ("", "Event") | ("events.k8s.io", "Event") => (EVENT, event),
        ("", "ResourceQuota") => (RESOURCE_QUOTA, resource_quota),
        ("", "LimitRange") => (CREATED_AT, created_at),
        ("", "PodTemplate") => (POD_TEMPLATE, pod_template),
        ("", "ComponentStatus") => (COMPONENT_STATUS, component_status),
        ("coordination.k8s.io", "Lease") => (LEASE, lease),
        ("policy", "PodDisruptionBudget") => (PDB, pdb),
        ("autoscaling", "HorizontalPodAutoscaler") => (HPA, hpa),
        ("scheduling.k8s.io", "PriorityClass") => (PRIORITY_CLASS, priority_class),
        ("node.k8s.io", "RuntimeClass") => (RUNTIME_CLASS, runtime_class),
        ("admissionregistration.k8s.io", "MutatingWebhookConfiguration")
        | ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration") => {
            (WEBHOOKS, webhooks)
        }
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy") => (VAP, vap),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding") => (VAPB, vapb),
        ("flowcontrol.apiserver.k8s.io", "FlowSchema") => (FLOW_SCHEMA, flow_schema),
        ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration") => (PLC, plc),
        ("certificates.k8s.io", "CertificateSigningRequest") => (CSR, csr),
        ("apiregistration.k8s.io", "APIService") => (API_SERVICE, api_service),
        ("apiextensions.k8s.io", "CustomResourceDefinition") => (CREATED_AT, created_at),
        _ => return None,
    };
    Some(Printer { columns, cells })
}

fn count(v: &Value, ptr: &str) -> usize {
    match v.pointer(ptr) {
        Some(Value::Object(m)) => m.len(),
        Some(Value::Array(a)) => a.len(),
        _ => 0,
    }
}

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

const CONFIG_MAP: &[Column] = &[col("Name"), col("Data"), col("Age")];

fn config_map(cm: &Value, ctx: &Ctx) -> Vec<Value> {
    let n = count(cm, "/data") + count(cm, "/binaryData");
    vec![json!(name(cm)), json!(n), json!(age(cm, ctx.now))]
}

const SECRET: &[Column] = &[col("Name"), col("Type"), col("Data"), col("Age")];

fn secret(sec: &Value, ctx: &Ctx) -> Vec<Value> {
    vec![
        json!(name(sec)),
        json!(s(sec, "/type")),
        json!(count(sec, "/data")),
        json!(age(sec, ctx.now)),
    ]
}

const SERVICE_ACCOUNT: &[Column] = &[col("Name"), col("Secrets"), col("Age")];

fn service_account(sa: &Value, ctx: &Ctx) -> Vec<Value> {
    vec![
        json!(name(sa)),
        json!(count(sa, "/secrets")),
        json!(age(sa, ctx.now)),
    ]
}

const EVENT: &[Column] = &[
    col("Last Seen"),
    col("Type"),
    col("Reason"),
    col("Object"),
    wide("Subobject"),
    wide("Source"),
    col("Message"),
    wide("First Seen"),
    wide("Count"),
    wide("Name"),
];

/// Core and events.k8s.io Events print alike; the latter name their fields differently.
fn event(ev: &Value, ctx: &Ctx) -> Vec<Value> {
    let new_api = ev.get("regarding").is_some() || ev.get("note").is_some();
    let field = |core: &str, events: &str| -> Option<&Value> {
        let v = ev.pointer(if new_api { events } else { core });
        v.filter(|x| !x.is_null())
    };
    let first = match field("/firstTimestamp", "/deprecatedFirstTimestamp") {
        Some(t) => ts_age(Some(t), ctx.now),
        None => ts_age(ev.get("eventTime").filter(|x| !x.is_null()), ctx.now),
    };
    let mut last = match field("/lastTimestamp", "/deprecatedLastTimestamp") {
        Some(t) => ts_age(Some(t), ctx.now),
        None => first.clone(),
    };
    let mut n = field("/count", "/deprecatedCount")
        .and_then(|c| c.as_i64())
        .unwrap_or(0);
    if let Some(series) = ev.get("series").filter(|x| x.is_object()) {
        last = ts_age(series.get("lastObservedTime"), ctx.now);
        n = i(series, "/count");
    } else if n == 0 {
        n = 1;
    }
    let obj = field("/involvedObject", "/regarding")
        .cloned()
        .unwrap_or(Value::Null);
    let kind = s(&obj, "/kind").to_lowercase();
    let target = if s(&obj, "/name").is_empty() {
        kind
    } else {
        format!("{kind}/{}", s(&obj, "/name"))
    };
    let (component, host) = if new_api {
        (
            s(ev, "/reportingController").to_string(),
            s(ev, "/reportingInstance").to_string(),
        )
    } else {
        let c = s(ev, "/source/component");
        let h = s(ev, "/source/host");
        (
            if c.is_empty() {
                s(ev, "/reportingComponent").to_string()
            } else {
                c.to_string()
            },
            if h.is_empty() {
                s(ev, "/reportingInstance").to_string()
            } else {
                h.to_string()
            },
        )
    };
    let source = match (component.is_empty(), host.is_empty()) {
        (true, _) => String::new(),
        (false, true) => component,
        (false, false) => format!("{component}, {host}"),
    };
    let message = text(field("/message", "/note")).trim().to_string();
    vec![
        json!(last),
        json!(s(ev, "/type")),
        json!(s(ev, "/reason")),
        json!(target),
        json!(s(&obj, "/fieldPath")),
        json!(source),
        json!(message),
        json!(first),
        json!(n),
        json!(name(ev)),
    ]
}

const RESOURCE_QUOTA: &[Column] = &[col("Name"), col("Age"), col("Request"), col("Limit")];

fn resource_quota(q: &Value, ctx: &Ctx) -> Vec<Value> {
    let hard = q.pointer("/status/hard").and_then(|h| h.as_object());
    let mut keys: Vec<&String> = hard.map(|h| h.keys().collect()).unwrap_or_default();
    keys.sort_once();
    let mut req = Vec::new();
    let mut lim = Vec::new();
    for k in keys {
        let used = text(q.pointer("/status/used").and_then(|u| u.get(k.as_str())));
        let used = if used.is_empty() { "0".into() } else { used };
        let h = text(hard.and_then(|h| h.get(k.as_str())));
        let item = format!("{k}: {used}/{h}");
        if k.split('.').next() == Some("limits") && k.contains('.') {
            lim.push(item);
        } else {
            req.push(item);
        }
    }
    vec![
        json!(name(q)),
        json!(age(q, ctx.now)),
        json!(req.join(", ")),
        json!(lim.join(", ")),
    ]
}

const POD_TEMPLATE: &[Column] = &[
    col("Name"),
    col("Containers"),
    col("Images"),
    col("Pod Labels"),
];

fn pod_template(pt: &Value, _ctx: &Ctx) -> Vec<Value> {
    let (c, im) = containers_and_images(pt.pointer("/template/spec"));
    vec![
        json!(name(pt)),
        json!(c),
        json!(im),
        json!(selector_text(pt.pointer("/template/metadata/labels"))),
    ]
}

const COMPONENT_STATUS: &[Column] = &[col("Name"), col("Status"), col("Message"), col("Error")];

fn component_status(cs: &Value, _ctx: &Ctx) -> Vec<Value> {
    let cond = cs
        .get("conditions")
        .and_then(|c| c.as_array())
        .and_then(|c| c.iter().find(|c| s(c, "/type") == "Healthy"));
    let (status, msg, err) = match cond {
        Some(c) => (
            if s(c, "/status") == "True" {
                "Healthy"
            } else {
                "Unhealthy"
            },
            s(c, "/message"),
            s(c, "/error"),
        ),
        None => ("Unknown", "", ""),
    };
    vec![json!(name(cs)), json!(status), json!(msg), json!(err)]
}

const LEASE: &[Column] = &[col("Name"), col("Holder"), col("Age")];

fn lease(l: &Value, ctx: &Ctx) -> Vec<Value> {
    vec![
        json!(name(l)),
        json!(s(l, "/spec/holderIdentity")),
        json!(age(l, ctx.now)),
    ]
}

const PDB: &[Column] = &[
    col("Name"),
    col("Min Available"),
    col("Max Unavailable"),
    col("Allowed Disruptions"),
    col("Age"),
];

fn pdb(p: &Value, ctx: &Ctx) -> Vec<Value> {
    let or_na = |ptr: &str| match p.pointer(ptr) {
        Some(v) if !v.is_null() => text(Some(v)),
        _ => "N/A".into(),
    };
    vec![
        json!(name(p)),
        json!(or_na("/spec/minAvailable")),
        json!(or_na("/spec/maxUnavailable")),
        json!(i(p, "/status/disruptionsAllowed")),
        json!(age(p, ctx.now)),
    ]
}

const HPA: &[Column] = &[
    col("Name"),
    col("Reference"),
    col("Targets"),
    col("MinPods"),
    col("MaxPods"),
    col("Replicas"),
    col("Age"),
];

/// The TARGETS column: `cpu: 40%/80%` for each metric, at most two then ` + N more...`.
pub fn hpa_targets(h: &Value) -> String {
    let specs = h
        .pointer("/spec/metrics")
        .and_then(|m| m.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[]);
    if specs.is_empty() {
        return "<none>".into();
    }
    let statuses = h
        .pointer("/status/currentMetrics")
        .and_then(|m| m.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[]);
    let mut list = Vec::new();
    for (idx, m) in specs.iter().enumerate() {
        let st = statuses.get(idx);
        let cur = |ptr: &str| {
            st.and_then(|x| x.pointer(ptr))
                .filter(|v| !v.is_null())
                .map(|v| text(Some(v)))
        };
        let item = match s(m, "/type") {
            "Resource" | "ContainerResource" => {
                let key = if s(m, "/type") == "Resource" {
                    "resource"
                } else {
                    "containerResource"
                };
                let rname = s(m, &format!("/{key}/name"));
                match m.pointer(&format!("/{key}/target/averageValue")) {
                    Some(av) if !av.is_null() => format!(
                        "{rname}: {}/{}",
                        cur(&format!("/{key}/current/averageValue"))
                            .unwrap_or_else(|| "<unknown>".into()),
                        text(Some(av))
                    ),
                    _ => {
                        let c = cur(&format!("/{key}/current/averageUtilization"))
                            .map(|c| format!("{c}%"))
                            .unwrap_or_else(|| "<unknown>".into());
                        let t = m
                            .pointer(&format!("/{key}/target/averageUtilization"))
                            .and_then(|v| v.as_i64())
                            .map(|v| format!("{v}%"))
                            .unwrap_or_else(|| "<auto>".into());
                        format!("{rname}: {c}/{t}")
                    }
                }
            }
            "Pods" => format!(
                "{}/{}",
                cur("/pods/current/averageValue").unwrap_or_else(|| "<unknown>".into()),
                text(m.pointer("/pods/target/averageValue"))
            ),
            "Object" | "External" => {
                let key = if s(m, "/type") == "Object" {
                    "object"
                } else {
                    "external"
                };
                let avg = m.pointer(&format!("/{key}/target/averageValue"));
                match avg.filter(|v| !v.is_null()) {
                    Some(a) => format!(
                        "{}/{} (avg)",
                        cur(&format!("/{key}/current/averageValue"))
                            .unwrap_or_else(|| "<unknown>".into()),
                        text(Some(a))
                    ),
                    None => format!(
                        "{}/{}",
                        cur(&format!("/{key}/current/value")).unwrap_or_else(|| "<unknown>".into()),
                        text(m.pointer(&format!("/{key}/target/value")))
                    ),
                }
            }
            _ => "<unknown type>".into(),
        };
        list.push(item);
    }
    if list.len() > 2 {
        format!("{} + {} more...", list[..2].join(", "), list.len() - 2)
    } else {
        list.join(", ")
    }
}

fn hpa(h: &Value, ctx: &Ctx) -> Vec<Value> {
    let min = match h.pointer("/spec/minReplicas").and_then(|v| v.as_i64()) {
        Some(n) => n.to_string(),
        None => "<unset>".into(),
    };
    vec![
        json!(name(h)),
        json!(format!(
            "{}/{}",
            s(h, "/spec/scaleTargetRef/kind"),
            s(h, "/spec/scaleTargetRef/name")
        )),
        json!(hpa_targets(h)),
        json!(min),
        json!(i(h, "/spec/maxReplicas")),
        json!(i(h, "/status/currentReplicas")),
        json!(age(h, ctx.now)),
    ]
}

const PRIORITY_CLASS: &[Column] = &[
    col("Name"),
    col("Value"),
    col("Global-Default"),
    col("Age"),
    col("PreemptionPolicy"),
];

fn priority_class(pc: &Value, ctx: &Ctx) -> Vec<Value> {
    let policy = pc
        .get("preemptionPolicy")
        .and_then(|v| v.as_str())
        .unwrap_or("<unset>");
    vec![
        json!(name(pc)),
        json!(i(pc, "/value")),
        json!(pc
            .get("globalDefault")
            .and_then(|v| v.as_bool())
            .unwrap_or(false)),
        json!(age(pc, ctx.now)),
        json!(policy),
    ]
}

const RUNTIME_CLASS: &[Column] = &[col("Name"), col("Handler"), col("Age")];

fn runtime_class(rc: &Value, ctx: &Ctx) -> Vec<Value> {
    vec![
        json!(name(rc)),
        json!(s(rc, "/handler")),
        json!(age(rc, ctx.now)),
    ]
}

const WEBHOOKS: &[Column] = &[col("Name"), col("Webhooks"), col("Age")];

fn webhooks(w: &Value, ctx: &Ctx) -> Vec<Value> {
    vec![
        json!(name(w)),
        json!(count(w, "/webhooks")),
        json!(age(w, ctx.now)),
    ]
}

const VAP: &[Column] = &[
    col("Name"),
    col("Validations"),
    col("ParamKind"),
    col("Age"),
];

fn vap(p: &Value, ctx: &Ctx) -> Vec<Value> {
    let param = match p.pointer("/spec/paramKind") {
        Some(k) if k.is_object() => format!("{}/{}", s(k, "/apiVersion"), s(k, "/kind")),
        _ => "<unset>".into(),
    };
    vec![
        json!(name(p)),
        json!(count(p, "/spec/validations")),
        json!(param),
        json!(age(p, ctx.now)),
    ]
}

const VAPB: &[Column] = &[col("Name"), col("PolicyName"), col("ParamRef"), col("Age")];

fn vapb(b: &Value, ctx: &Ctx) -> Vec<Value> {
    let param = match b.pointer("/spec/paramRef") {
        Some(r) if r.is_object() => {
            let ns = s(r, "/namespace");
            let n = s(r, "/name");
            match (ns.is_empty(), n.is_empty()) {
                (_, true) => "*".to_string(),
                (true, false) => n.to_string(),
                (false, false) => format!("{ns}/{n}"),
            }
        }
        _ => "<unset>".into(),
    };
    vec![
        json!(name(b)),
        json!(s(b, "/spec/policyName")),
        json!(param),
        json!(age(b, ctx.now)),
    ]
}

const FLOW_SCHEMA: &[Column] = &[
    col("Name"),
    col("PriorityLevel"),
    col("MatchingPrecedence"),
    col("DistinguisherMethod"),
    col("Age"),
    col("MissingPL"),
];

fn flow_schema(f: &Value, ctx: &Ctx) -> Vec<Value> {
    let method = match f.pointer("/spec/distinguisherMethod/type") {
        Some(Value::String(t)) => t.clone(),
        _ => "<none>".into(),
    };
    let missing = f
        .pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .and_then(|cs| cs.iter().find(|c| s(c, "/type") == "Dangling"))
        .map(|c| s(c, "/status").to_string())
        .unwrap_or_else(|| "?".into());
    vec![
        json!(name(f)),
        json!(s(f, "/spec/priorityLevelConfiguration/name")),
        json!(i(f, "/spec/matchingPrecedence")),
        json!(method),
        json!(age(f, ctx.now)),
        json!(missing),
    ]
}

const PLC: &[Column] = &[
    col("Name"),
    col("Type"),
    col("NominalConcurrencyShares"),
    col("Queues"),
    col("HandSize"),
    col("QueueLengthLimit"),
    col("Age"),
];

fn plc(p: &Value, ctx: &Ctx) -> Vec<Value> {
    let none = || json!("<none>");
    let limited = p.pointer("/spec/limited").filter(|l| l.is_object());
    let shares = limited
        .and_then(|l| l.get("nominalConcurrencyShares"))
        .cloned()
        .unwrap_or_else(none);
    let q = limited.and_then(|l| l.pointer("/limitResponse/queuing"));
    let qf = |k: &str| q.and_then(|q| q.get(k)).cloned().unwrap_or_else(none);
    vec![
        json!(name(p)),
        json!(s(p, "/spec/type")),
        shares,
        qf("queues"),
        qf("handSize"),
        qf("queueLengthLimit"),
        json!(age(p, ctx.now)),
    ]
}

const CSR: &[Column] = &[
    col("Name"),
    col("Age"),
    col("SignerName"),
    col("Requestor"),
    col("RequestedDuration"),
    col("Condition"),
];

fn csr(c: &Value, ctx: &Ctx) -> Vec<Value> {
    let mut conds: Vec<String> = Vec::new();
    let mut approved = false;
    let mut denied = false;
    for cond in c
        .pointer("/status/conditions")
        .and_then(|x| x.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
    {
        match s(cond, "/type") {
            "Approved" => approved = true,
            "Denied" => denied = true,
            "Failed" => conds.push("Failed".into()),
            _ => {}
        }
    }
    let mut status: Vec<String> = Vec::new();
    if denied {
        status.push("Denied".into());
    } else if approved {
        status.push("Approved".into());
    } else {
        status.push("Pending".into());
    }
    status.extend(conds);
    if c.pointer("/status/certificate")
        .and_then(|x| x.as_str())
        .is_some_and(|x| !x.is_empty())
    {
        status.push("Issued".into());
    }
    let requested = match c
        .pointer("/spec/expirationSeconds")
        .and_then(|v| v.as_i64())
    {
        Some(secs) => human_duration(secs),
        None => "<none>".into(),
    };
    vec![
        json!(name(c)),
        json!(age(c, ctx.now)),
        json!(s(c, "/spec/signerName")),
        json!(s(c, "/spec/username")),
        json!(requested),
        json!(status.join(",")),
    ]
}

const API_SERVICE: &[Column] = &[col("Name"), col("Service"), col("Available"), col("Age")];

fn api_service(a: &Value, ctx: &Ctx) -> Vec<Value> {
    let service = match a.pointer("/spec/service") {
        Some(svc) if svc.is_object() => {
            format!("{}/{}", s(svc, "/namespace"), s(svc, "/name"))
        }
        _ => "Local".into(),
    };
    let available = a
        .pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .and_then(|cs| cs.iter().find(|c| s(c, "/type") == "Available"))
        .map(|c| {
            let st = s(c, "/status");
            if st == "True" {
                st.to_string()
            } else {
                format!("{st} ({})", s(c, "/reason"))
            }
        })
        .unwrap_or_else(|| "Unknown".into());
    vec![
        json!(name(a)),
        json!(service),
        json!(available),
        json!(age(a, ctx.now)),
    ]
}
