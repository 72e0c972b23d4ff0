//! Columns of Ingress, IngressClass, NetworkPolicy, Endpoints and EndpointSlice.

use crate::selector::LabelSelector;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

use super::{age, col, name, s, Column, Ctx, Printer};

pub fn printer(group: &str, kind: &str) -> Option<Printer> {
    let (columns, cells): (&'static [Column], super::CellsFn) = match (group, kind) {
        ("networking.k8s.io", "Ingress") => (INGRESS, ingress),
        ("networking.k8s.io", "IngressClass") => (INGRESS_CLASS, ingress_class),
        ("networking.k8s.io", "NetworkPolicy") => (NETWORK_POLICY, network_policy),
        ("", "Endpoints") => (ENDPOINTS, endpoints),
        ("discovery.k8s.io", "EndpointSlice") => (ENDPOINT_SLICE, endpoint_slice),
        _ => return None,
    };
    Some(Printer { columns, cells })
}

fn list<'a>(v: &'a Value, ptr: &str) -> &'a [Value] {
    v.pointer(ptr)
        .and_then(|a| a.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
}

/// At most three items, then ` + N more...` (N counted from `total`).
fn first_three(items: &[String], total: usize) -> String {
    let shown: Vec<&str> = items.iter().take(3).map(|s| s.as_str()).collect();
    let joined = shown.join(",");
    if total > 3 {
        format!("{joined} + {} more...", total - 3)
    } else {
        joined
    }
}

const INGRESS: &[Column] = &[
    col("Name"),
    col("Class"),
    col("Hosts"),
    col("Address"),
    col("Ports"),
    col("Age"),
];

/// The load balancer's IPs/hostnames; truncated to 16 characters unless wide (the server always
/// renders wide, so its tables show them whole).
pub fn load_balancer_text(ingress: &[Value], wide: bool) -> String {
    let mut all: Vec<&str> = ingress
        .iter()
        .map(|x| {
            let ip = s(x, "/ip");
            if ip.is_empty() {
                s(x, "/hostname")
            } else {
                ip
            }
        })
        .filter(|x| !x.is_empty())
        .collect();
    // A sorted set, as the server collects them.
    all.sort_once();
    all.dedup();
    let r = all.join(",");
    if !wide && r.chars().count() > 16 {
        format!("{}...", r.chars().take(13).collect::<String>())
    } else {
        r
    }
}

fn ingress(ing: &Value, ctx: &Ctx) -> Vec<Value> {
    let class = ing
        .pointer("/spec/ingressClassName")
        .and_then(|c| c.as_str())
        .unwrap_or("<none>");
    let rules = list(ing, "/spec/rules");
    let mut hosts: Vec<String> = Vec::new();
    let mut more = false;
    for r in rules {
        if hosts.len() == 3 {
            more = true;
        }
        let h = s(r, "/host");
        if !more && !h.is_empty() {
            hosts.push(h.to_string());
        }
    }
    let hosts_text = if hosts.is_empty() {
        "*".to_string()
    } else if more {
        format!("{} + {} more...", hosts.join(","), rules.len() - 3)
    } else {
        hosts.join(",")
    };
    let ports = if list(ing, "/spec/tls").is_empty() {
        "80"
    } else {
        "80, 443"
    };
    vec![
        json!(name(ing)),
        json!(class),
        json!(hosts_text),
        json!(load_balancer_text(
            list(ing, "/status/loadBalancer/ingress"),
            true
        )),
        json!(ports),
        json!(age(ing, ctx.now)),
    ]
}

const INGRESS_CLASS: &[Column] = &[
    col("Name"),
    col("Controller"),
    col("Parameters"),
    col("Age"),
];

fn ingress_class(ic: &Value, ctx: &Ctx) -> Vec<Value> {
    let params = match ic.pointer("/spec/parameters") {
        Some(p) if p.is_object() => {
            let mut t = s(p, "/kind").to_string();
            if let Some(g) = p.get("apiGroup").and_then(|g| g.as_str()) {
                t = format!("{t}.{g}");
            }
            format!("{t}/{}", s(p, "/name"))
        }
        _ => "<none>".into(),
    };
    vec![
        json!(name(ic)),
        json!(s(ic, "/spec/controller")),
        json!(params),
        json!(age(ic, ctx.now)),
    ]
}

const NETWORK_POLICY: &[Column] = &[col("Name"), col("Pod-Selector"), col("Age")];

fn network_policy(np: &Value, ctx: &Ctx) -> Vec<Value> {
    vec![
        json!(name(np)),
        json!(LabelSelector::format(np.pointer("/spec/podSelector"))),
        json!(age(np, ctx.now)),
    ]
}

const ENDPOINTS: &[Column] = &[col("Name"), col("Endpoints"), col("Age")];

/// `ip:port` for every ready address and port, at most three then ` + N more...`.
pub fn endpoints_text(ep: &Value) -> String {
    let subsets = list(ep, "/subsets");
    if subsets.is_empty() {
        return "<none>".into();
    }
    let mut items = Vec::new();
    let mut count = 0;
    for ss in subsets {
        let addrs = list(ss, "/addresses");
        let ports = list(ss, "/ports");
        if ports.is_empty() {
            count += addrs.len();
            items.extend(addrs.iter().map(|a| s(a, "/ip").to_string()));
        } else {
            for p in ports {
                count += addrs.len();
                let port = p.get("port").and_then(|v| v.as_i64()).unwrap_or(0);
                for a in addrs {
                    let ip = s(a, "/ip");
                    items.push(if ip.contains(':') {
                        format!("[{ip}]:{port}")
                    } else {
                        format!("{ip}:{port}")
                    });
                }
            }
        }
    }
    first_three(&items, count)
}

fn endpoints(ep: &Value, ctx: &Ctx) -> Vec<Value> {
    vec![
        json!(name(ep)),
        json!(endpoints_text(ep)),
        json!(age(ep, ctx.now)),
    ]
}

const ENDPOINT_SLICE: &[Column] = &[
    col("Name"),
    col("AddressType"),
    col("Ports"),
    col("Endpoints"),
    col("Age"),
];

fn endpoint_slice(es: &Value, ctx: &Ctx) -> Vec<Value> {
    let ports = list(es, "/ports");
    let ports_text = if ports.is_empty() {
        "<unset>".to_string()
    } else {
        let items: Vec<String> = ports
            .iter()
            .map(|p| match p.get("port").and_then(|v| v.as_i64()) {
                Some(n) => n.to_string(),
                None => "<unset>".into(),
            })
            .collect();
        first_three(&items, items.len())
    };
    let eps = list(es, "/endpoints");
    let eps_text = if eps.is_empty() {
        "<unset>".to_string()
    } else {
        let items: Vec<String> = eps
            .iter()
            .flat_map(|e| list(e, "/addresses").iter())
            .filter_map(|a| a.as_str().map(String::from))
            .collect();
        first_three(&items, items.len())
    };
    vec![
        json!(name(es)),
        json!(s(es, "/addressType")),
        json!(ports_text),
        json!(eps_text),
        json!(age(es, ctx.now)),
    ]
}
