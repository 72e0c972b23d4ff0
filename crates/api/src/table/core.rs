//! Columns of the core kinds a first session uses: Pod, Node, Namespace, Service.

use crate::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

use super::{age, col, i, name, or_none, s, selector_text, wide, Column, Ctx, Printer};
use kubeplay_core::clock::{human_duration, Time};

pub fn printer(group: &str, kind: &str) -> Option<Printer> {
    if !group.is_empty() {
        return None;
    }
    Some(match kind {
        "Pod" => Printer {
            columns: POD,
            cells: pod_cells,
        },
        "Node" => Printer {
            columns: NODE,
            cells: node_cells,
        },
        "Namespace" => Printer {
            columns: NAMESPACE,
            cells: namespace_cells,
        },
        "Service" => Printer {
            columns: SERVICE,
            cells: service_cells,
        },
        _ => return None,
    })
}

const POD: &[Column] = &[
    col("Name"),
    col("Ready"),
    col("Status"),
    col("Restarts"),
    col("Age"),
    wide("IP"),
    wide("Node"),
    wide("Nominated Node"),
    wide("Readiness Gates"),
];

/// READY, STATUS and RESTARTS of a pod, computed as kubectl's printPod does: the first init
/// container that has not finished decides; otherwise the last app container with a reason.
pub struct PodSummary {
    pub ready: String,
    pub status: String,
    pub restarts: String,
}

fn is_sidecar(pod: &Value, name: &str) -> bool {
    pod.pointer("/spec/initContainers")
        .and_then(|c| c.as_array())
        .and_then(|cs| cs.iter().find(|c| s(c, "/name") == name))
        .is_some_and(|c| s(c, "/restartPolicy") == "Always")
}

fn list<'a>(v: &'a Value, ptr: &str) -> &'a [Value] {
    v.pointer(ptr)
        .and_then(|a| a.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
}

fn finished_at(st: &Value) -> Option<Time> {
    st.pointer("/lastState/terminated/finishedAt")
        .and_then(|v| v.as_str())
        .and_then(Time::parse_rfc3339)
}

fn later(a: Option<Time>, b: Option<Time>) -> Option<Time> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn has_condition(pod: &Value, ty: &str) -> bool {
    list(pod, "/status/conditions")
        .iter()
        .any(|c| s(c, "/type") == ty && s(c, "/status") == "True")
}

fn terminated_reason(t: &Value, prefix: &str) -> String {
    let r = s(t, "/reason");
    if !r.is_empty() {
        format!("{prefix}{r}")
    } else if i(t, "/signal") != 0 {
        format!("{prefix}Signal:{}", i(t, "/signal"))
    } else {
        format!("{prefix}ExitCode:{}", i(t, "/exitCode"))
    }
}

pub fn pod_summary(pod: &Value, now: Time) -> PodSummary {
    let init_specs = list(pod, "/spec/initContainers");
    let total = list(pod, "/spec/containers").len()
        + init_specs
            .iter()
            .filter(|c| s(c, "/restartPolicy") == "Always")
            .count();
    let mut ready = 0;
    let mut restarts = 0;
    let mut sidecar_restarts = 0;
    let mut last: Option<Time> = None;
    let mut sidecar_last: Option<Time> = None;
    let mut reason = s(pod, "/status/phase").to_string();
    if !s(pod, "/status/reason").is_empty() {
        reason = s(pod, "/status/reason").to_string();
    }
    if list(pod, "/status/conditions")
        .iter()
        .any(|c| s(c, "/type") == "PodScheduled" && s(c, "/reason") == "SchedulingGated")
    {
        reason = "SchedulingGated".into();
    }
    let mut initializing = false;
    for (idx, st) in list(pod, "/status/initContainerStatuses")
        .iter()
        .enumerate()
    {
        restarts += i(st, "/restartCount");
        last = later(last, finished_at(st));
        let sidecar = is_sidecar(pod, s(st, "/name"));
        if sidecar {
            sidecar_restarts += i(st, "/restartCount");
            sidecar_last = later(sidecar_last, finished_at(st));
        }
        let term = st.pointer("/state/terminated").filter(|t| t.is_object());
        let waiting = s(st, "/state/waiting/reason");
        if term.is_some_and(|t| i(t, "/exitCode") == 0) {
            continue;
        }
        if sidecar && st.get("started").and_then(|v| v.as_bool()) == Some(true) {
            if st.get("ready").and_then(|v| v.as_bool()) == Some(true) {
                ready += 1;
            }
            continue;
        }
        reason = match term {
            Some(t) => terminated_reason(t, "Init:"),
            None if !waiting.is_empty() && waiting != "PodInitializing" => {
                format!("Init:{waiting}")
            }
            None => format!("Init:{idx}/{}", init_specs.len()),
        };
        initializing = true;
        break;
    }
    if !initializing || has_condition(pod, "Initialized") {
        restarts = sidecar_restarts;
        last = sidecar_last;
        let mut has_running = false;
        for st in list(pod, "/status/containerStatuses").iter().rev() {
            restarts += i(st, "/restartCount");
            last = later(last, finished_at(st));
            let waiting = s(st, "/state/waiting/reason");
            let term = st.pointer("/state/terminated").filter(|t| t.is_object());
            if !waiting.is_empty() {
                reason = waiting.to_string();
            } else if let Some(t) = term {
                reason = terminated_reason(t, "");
            } else if st.get("ready").and_then(|v| v.as_bool()) == Some(true)
                && st.pointer("/state/running").is_some_and(|r| r.is_object())
            {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if has_condition(pod, "Ready") {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }
    let phase = s(pod, "/status/phase");
    if pod.is_deleting() {
        if s(pod, "/status/reason") == "NodeLost" {
            reason = "Unknown".into();
        } else if phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating".into();
        }
    }
    let restarts_text = match last {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", human_duration(now.since(t))),
        _ => restarts.to_string(),
    };
    PodSummary {
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts: restarts_text,
    }
}

fn pod_cells(pod: &Value, ctx: &Ctx) -> Vec<Value> {
    let sum = pod_summary(pod, ctx.now);
    let ip = pod
        .pointer("/status/podIPs/0/ip")
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| s(pod, "/status/podIP"));
    let gates = list(pod, "/spec/readinessGates");
    let gates_text = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let conds = list(pod, "/status/conditions");
        let ok = gates
            .iter()
            .filter(|g| {
                conds
                    .iter()
                    .find(|c| s(c, "/type") == s(g, "/conditionType"))
                    .is_some_and(|c| s(c, "/status") == "True")
            })
            .count();
        format!("{ok}/{}", gates.len())
    };
    vec![
        json!(name(pod)),
        json!(sum.ready),
        json!(sum.status),
        json!(sum.restarts),
        json!(age(pod, ctx.now)),
        json!(or_none(ip)),
        json!(or_none(s(pod, "/spec/nodeName"))),
        json!(or_none(s(pod, "/status/nominatedNodeName"))),
        json!(gates_text),
    ]
}

const NODE: &[Column] = &[
    col("Name"),
    col("Status"),
    col("Roles"),
    col("Age"),
    col("Version"),
    wide("Internal-IP"),
    wide("External-IP"),
    wide("OS-Image"),
    wide("Kernel-Version"),
    wide("Container-Runtime"),
];

fn node_cells(node: &Value, ctx: &Ctx) -> Vec<Value> {
    let ready = node
        .pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .and_then(|cs| cs.iter().find(|c| s(c, "/type") == "Ready"))
        .map(|c| s(c, "/status"));
    let mut status = match ready {
        Some("True") => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if node
        .pointer("/spec/unschedulable")
        .and_then(|u| u.as_bool())
        == Some(true)
    {
        status.push_str(",SchedulingDisabled");
    }
    let mut roles: Vec<String> = node
        .labels()
        .and_then(|l| l.as_object())
        .map(|l| {
            l.iter()
                .filter_map(|(k, v)| {
                    if let Some(r) = k.strip_prefix("node-role.kubernetes.io/") {
                        Some(r.to_string())
                    } else if k == "kubernetes.io/role" {
                        v.as_str().map(String::from)
                    } else {
                        None
                    }
                })
                .filter(|r| !r.is_empty())
                .collect()
        })
        .unwrap_or_default();
    roles.sort_once();
    let addr = |t: &str| {
        node.pointer("/status/addresses")
            .and_then(|a| a.as_array())
            .and_then(|a| a.iter().find(|x| s(x, "/type") == t))
            .map(|x| s(x, "/address").to_string())
            .unwrap_or_else(|| "<none>".into())
    };
    vec![
        json!(name(node)),
        json!(status),
        json!(if roles.is_empty() {
            "<none>".to_string()
        } else {
            roles.join(",")
        }),
        json!(age(node, ctx.now)),
        json!(s(node, "/status/nodeInfo/kubeletVersion")),
        json!(addr("InternalIP")),
        json!(addr("ExternalIP")),
        json!(or_unknown(s(node, "/status/nodeInfo/osImage"))),
        json!(or_unknown(s(node, "/status/nodeInfo/kernelVersion"))),
        json!(or_unknown(s(
            node,
            "/status/nodeInfo/containerRuntimeVersion"
        ))),
    ]
}

fn or_unknown(v: &str) -> String {
    if v.is_empty() {
        "<unknown>".into()
    } else {
        v.to_string()
    }
}

const NAMESPACE: &[Column] = &[col("Name"), col("Status"), col("Age")];

fn namespace_cells(ns: &Value, ctx: &Ctx) -> Vec<Value> {
    vec![
        json!(name(ns)),
        json!(s(ns, "/status/phase")),
        json!(age(ns, ctx.now)),
    ]
}

const SERVICE: &[Column] = &[
    col("Name"),
    col("Type"),
    col("Cluster-IP"),
    col("External-IP"),
    col("Port(s)"),
    col("Age"),
    wide("Selector"),
];

pub fn service_ports(svc: &Value) -> String {
    let ports = svc
        .pointer("/spec/ports")
        .and_then(|p| p.as_array())
        .cloned()
        .unwrap_or_default();
    if ports.is_empty() {
        return "<none>".into();
    }
    ports
        .iter()
        .map(|p| {
            let proto = s(p, "/protocol");
            let port = i(p, "/port");
            match p.get("nodePort").and_then(|n| n.as_i64()) {
                Some(np) if np > 0 => format!("{port}:{np}/{proto}"),
                _ => format!("{port}/{proto}"),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub fn service_external_ip(svc: &Value) -> String {
    let ty = s(svc, "/spec/type");
    let external: Vec<String> = svc
        .pointer("/spec/externalIPs")
        .and_then(|e| e.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    match ty {
        "ExternalName" => s(svc, "/spec/externalName").to_string(),
        "LoadBalancer" => {
            let lb = svc
                .pointer("/status/loadBalancer/ingress")
                .and_then(|e| e.as_array())
                .map(|a| super::networking::load_balancer_text(a, true))
                .unwrap_or_default();
            let mut ips: Vec<String> = if lb.is_empty() {
                vec![]
            } else {
                lb.split(',').map(String::from).collect()
            };
            ips.extend(external);
            if ips.is_empty() {
                "<pending>".into()
            } else {
                ips.join(",")
            }
        }
        "ClusterIP" | "NodePort" => {
            if external.is_empty() {
                "<none>".into()
            } else {
                external.join(",")
            }
        }
        _ => "<unknown>".into(),
    }
}

fn service_cells(svc: &Value, ctx: &Ctx) -> Vec<Value> {
    let ty = s(svc, "/spec/type");
    let cluster_ip = svc
        .pointer("/spec/clusterIPs/0")
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| s(svc, "/spec/clusterIP"));
    vec![
        json!(name(svc)),
        json!(ty),
        json!(or_none(cluster_ip)),
        json!(service_external_ip(svc)),
        json!(service_ports(svc)),
        json!(age(svc, ctx.now)),
        json!(selector_text(svc.pointer("/spec/selector"))),
    ]
}
