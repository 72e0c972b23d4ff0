//! Columns of the core kinds a first session uses: Pod, Node, Namespace, Service.

use serde_json::{json, Value};

use super::{age, col, i, name, or_none, s, selector_text, wide, Column, Ctx, Printer};
use crate::clock::{human_duration, Time};

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

/// The STATUS column: the most telling reason among phase, init and app containers.
pub fn pod_status(pod: &Value) -> String {
    let mut reason = s(pod, "/status/phase").to_string();
    let r = s(pod, "/status/reason");
    if !r.is_empty() {
        reason = r.to_string();
    }
    let empty = vec![];
    let init_statuses = pod
        .pointer("/status/initContainerStatuses")
        .and_then(|v| v.as_array())
        .unwrap_or(&empty);
    let init_count = pod
        .pointer("/spec/initContainers")
        .and_then(|v| v.as_array())
        .map_or(0, |a| a.len());
    let mut initializing = false;
    for (idx, st) in init_statuses.iter().enumerate() {
        if let Some(t) = st.pointer("/state/terminated") {
            if i(t, "/exitCode") == 0 {
                continue;
            }
            initializing = true;
            let tr = s(t, "/reason");
            reason = if !tr.is_empty() {
                format!("Init:{tr}")
            } else if i(t, "/signal") != 0 {
                format!("Init:Signal:{}", i(t, "/signal"))
            } else {
                format!("Init:ExitCode:{}", i(t, "/exitCode"))
            };
            break;
        }
        let wr = s(st, "/state/waiting/reason");
        if !wr.is_empty() && wr != "PodInitializing" {
            reason = format!("Init:{wr}");
        } else {
            reason = format!("Init:{idx}/{init_count}");
        }
        initializing = true;
        break;
    }
    if !initializing {
        let mut has_running = false;
        let statuses = pod
            .pointer("/status/containerStatuses")
            .and_then(|v| v.as_array())
            .unwrap_or(&empty);
        for st in statuses.iter().rev() {
            let wr = s(st, "/state/waiting/reason");
            let term = st.pointer("/state/terminated");
            if !wr.is_empty() {
                reason = wr.to_string();
            } else if let Some(t) = term {
                let tr = s(t, "/reason");
                reason = if !tr.is_empty() {
                    tr.to_string()
                } else if i(t, "/signal") != 0 {
                    format!("Signal:{}", i(t, "/signal"))
                } else {
                    format!("ExitCode:{}", i(t, "/exitCode"))
                };
            } else if st.pointer("/state/running").is_some()
                && st.get("ready").and_then(|v| v.as_bool()) == Some(true)
            {
                has_running = true;
            }
        }
        if reason == "Completed" && has_running {
            let ready = pod
                .pointer("/status/conditions")
                .and_then(|c| c.as_array())
                .and_then(|c| c.iter().find(|c| s(c, "/type") == "Ready"))
                .map(|c| s(c, "/status") == "True")
                .unwrap_or(false);
            reason = if ready {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }
    if pod.pointer("/metadata/deletionTimestamp").is_some() {
        reason = if s(pod, "/status/reason") == "NodeLost" {
            "Unknown".into()
        } else {
            "Terminating".into()
        };
    }
    reason
}

/// RESTARTS: the sum of container restarts, with how long ago the last one was.
pub fn pod_restarts(pod: &Value, now: Time) -> String {
    let empty = vec![];
    let statuses = pod
        .pointer("/status/containerStatuses")
        .and_then(|v| v.as_array())
        .unwrap_or(&empty);
    let mut total = 0;
    let mut last: Option<Time> = None;
    for st in statuses {
        total += i(st, "/restartCount");
        if let Some(t) = st
            .pointer("/lastState/terminated/finishedAt")
            .and_then(|v| v.as_str())
            .and_then(Time::parse_rfc3339)
        {
            last = Some(last.map_or(t, |l| l.max(t)));
        }
    }
    match last {
        Some(t) if total > 0 => format!("{total} ({} ago)", human_duration(now.since(t))),
        _ => total.to_string(),
    }
}

pub fn pod_ready(pod: &Value) -> String {
    let total = pod
        .pointer("/spec/containers")
        .and_then(|v| v.as_array())
        .map_or(0, |a| a.len());
    let ready = pod
        .pointer("/status/containerStatuses")
        .and_then(|v| v.as_array())
        .map_or(0, |a| {
            a.iter()
                .filter(|c| c.get("ready").and_then(|r| r.as_bool()) == Some(true))
                .count()
        });
    format!("{ready}/{total}")
}

fn pod_cells(pod: &Value, ctx: &Ctx) -> Vec<Value> {
    let ip = s(pod, "/status/podIP");
    let node = s(pod, "/spec/nodeName");
    let nominated = s(pod, "/status/nominatedNodeName");
    let gates = pod
        .pointer("/spec/readinessGates")
        .and_then(|g| g.as_array())
        .filter(|g| !g.is_empty())
        .map(|g| {
            let conds = pod.pointer("/status/conditions").and_then(|c| c.as_array());
            let ok = g
                .iter()
                .filter(|gate| {
                    conds.is_some_and(|cs| {
                        cs.iter().any(|c| {
                            s(c, "/type") == s(gate, "/conditionType") && s(c, "/status") == "True"
                        })
                    })
                })
                .count();
            format!("{ok}/{}", g.len())
        })
        .unwrap_or_else(|| "<none>".into());
    vec![
        json!(name(pod)),
        json!(pod_ready(pod)),
        json!(pod_status(pod)),
        json!(pod_restarts(pod, ctx.now)),
        json!(age(pod, ctx.now)),
        json!(or_none(ip)),
        json!(or_none(node)),
        json!(or_none(nominated)),
        json!(gates),
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
        _ => "NotReady".to_string(),
    };
    if node
        .pointer("/spec/unschedulable")
        .and_then(|u| u.as_bool())
        == Some(true)
    {
        status.push_str(",SchedulingDisabled");
    }
    let mut roles: Vec<String> = node
        .pointer("/metadata/labels")
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
    roles.sort();
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
        json!(or_none(s(node, "/status/nodeInfo/osImage"))),
        json!(or_none(s(node, "/status/nodeInfo/kernelVersion"))),
        json!(or_none(s(node, "/status/nodeInfo/containerRuntimeVersion"))),
    ]
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
            let proto = if proto.is_empty() { "TCP" } else { proto };
            let port = i(p, "/port");
            match p.get("nodePort").and_then(|n| n.as_i64()) {
                Some(np) if np != 0 => format!("{port}:{np}/{proto}"),
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
            let mut ips: Vec<String> = svc
                .pointer("/status/loadBalancer/ingress")
                .and_then(|e| e.as_array())
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            let ip = s(x, "/ip");
                            if ip.is_empty() {
                                s(x, "/hostname").to_string()
                            } else {
                                ip.to_string()
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            ips.extend(external);
            if ips.is_empty() {
                "<pending>".into()
            } else {
                ips.join(",")
            }
        }
        _ => {
            if external.is_empty() {
                "<none>".into()
            } else {
                external.join(",")
            }
        }
    }
}

fn service_cells(svc: &Value, ctx: &Ctx) -> Vec<Value> {
    let ty = s(svc, "/spec/type");
    let cluster_ip = s(svc, "/spec/clusterIP");
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
