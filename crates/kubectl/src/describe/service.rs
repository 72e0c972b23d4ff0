//! `kubectl describe service` (v1.32 reads the Endpoints object for the Endpoints lines).

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::events;
use super::selector::format_labels;
use super::{
    annotations_multiline, arr, go_value, int_at, labels_multiline, name_namespace, s, Settings,
    LEVEL_0, W,
};
use crate::{Ctx, KError};
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, svc: &Value, settings: &Settings) -> Result<String, KError> {
    let path = format!(
        "/api/v1/namespaces/{}/endpoints/{}",
        s(svc, "/metadata/namespace"),
        s(svc, "/metadata/name")
    );
    // kubectl ignores a failed Endpoints lookup and prints `<none>`.
    let endpoints = ctx.call(ApiRequest::get(path)).unwrap_or(Value::Null);
    let evs = events::for_object(ctx, svc, settings);
    Ok(render(svc, &endpoints, evs.as_deref(), settings.now))
}

/// `formatEndpoints` for one port name: up to three `ip:port`, then `+ N more...`.
fn format_endpoints(endpoints: &Value, port_name: &str) -> String {
    let subsets = arr(endpoints, "/subsets");
    if subsets.is_empty() {
        return "<none>".into();
    }
    const MAX: usize = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0usize;
    for ss in subsets {
        let addrs = arr(ss, "/addresses");
        let ports = arr(ss, "/ports");
        if ports.is_empty() {
            count += addrs.len();
            for a in addrs {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(s(a, "/ip").to_string());
            }
            continue;
        }
        for p in ports.iter().filter(|p| s(p, "/name") == port_name) {
            count += addrs.len();
            for a in addrs {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                let ip = s(a, "/ip");
                let port = int_at(p, "/port");
                if ip.contains(':') {
                    list.push(format!("[{ip}]:{port}"));
                } else {
                    list.push(format!("{ip}:{port}"));
                }
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - MAX)
    } else {
        ret
    }
}

fn strings(v: &Value, pointer: &str) -> Vec<String> {
    arr(v, pointer).iter().map(go_value).collect()
}

pub fn render(svc: &Value, endpoints: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, svc);
    labels_multiline(&mut w, "", "Labels", svc.labels());
    annotations_multiline(&mut w, "Annotations", svc.annotations());
    w.write(
        LEVEL_0,
        &format!(
            "Selector:\t{}\n",
            format_labels(svc.pointer("/spec/selector"))
        ),
    );
    w.write(LEVEL_0, &format!("Type:\t{}\n", s(svc, "/spec/type")));
    if let Some(p) = svc.pointer("/spec/ipFamilyPolicy").and_then(|p| p.as_str()) {
        w.write(LEVEL_0, &format!("IP Family Policy:\t{p}\n"));
    }
    let families = strings(svc, "/spec/ipFamilies");
    let families = if families.is_empty() {
        "<none>".into()
    } else {
        families.join(",")
    };
    w.write(LEVEL_0, &format!("IP Families:\t{families}\n"));
    w.write(LEVEL_0, &format!("IP:\t{}\n", s(svc, "/spec/clusterIP")));
    let ips = strings(svc, "/spec/clusterIPs");
    let ips = if ips.is_empty() {
        "<none>".into()
    } else {
        ips.join(",")
    };
    w.write(LEVEL_0, &format!("IPs:\t{ips}\n"));
    let external = strings(svc, "/spec/externalIPs");
    if !external.is_empty() {
        w.write(LEVEL_0, &format!("External IPs:\t{}\n", external.join(",")));
    }
    let lb_ip = s(svc, "/spec/loadBalancerIP");
    if !lb_ip.is_empty() {
        w.write(LEVEL_0, &format!("IP:\t{lb_ip}\n"));
    }
    let ext_name = s(svc, "/spec/externalName");
    if !ext_name.is_empty() {
        w.write(LEVEL_0, &format!("External Name:\t{ext_name}\n"));
    }
    let ingress: Vec<String> = arr(svc, "/status/loadBalancer/ingress")
        .iter()
        .map(|i| match (s(i, "/ip"), s(i, "/ipMode")) {
            ("", _) => s(i, "/hostname").to_string(),
            (ip, "") => ip.to_string(),
            (ip, mode) => format!("{ip} ({mode})"),
        })
        .collect();
    if !ingress.is_empty() {
        w.write(
            LEVEL_0,
            &format!("LoadBalancer Ingress:\t{}\n", ingress.join(", ")),
        );
    }
    for p in arr(svc, "/spec/ports") {
        let name = match s(p, "/name") {
            "" => "<unset>",
            n => n,
        };
        let proto = s(p, "/protocol");
        w.write(
            LEVEL_0,
            &format!("Port:\t{name}\t{}/{proto}\n", int_at(p, "/port")),
        );
        let target = p
            .get("targetPort")
            .map(go_value)
            .unwrap_or_else(|| "0".into());
        w.write(LEVEL_0, &format!("TargetPort:\t{target}/{proto}\n"));
        let node_port = int_at(p, "/nodePort");
        if node_port != 0 {
            w.write(
                LEVEL_0,
                &format!("NodePort:\t{name}\t{node_port}/{proto}\n"),
            );
        }
        w.write(
            LEVEL_0,
            &format!(
                "Endpoints:\t{}\n",
                format_endpoints(endpoints, s(p, "/name"))
            ),
        );
    }
    w.write(
        LEVEL_0,
        &format!("Session Affinity:\t{}\n", s(svc, "/spec/sessionAffinity")),
    );
    let etp = s(svc, "/spec/externalTrafficPolicy");
    if !etp.is_empty() {
        w.write(LEVEL_0, &format!("External Traffic Policy:\t{etp}\n"));
    }
    if let Some(itp) = svc
        .pointer("/spec/internalTrafficPolicy")
        .and_then(|v| v.as_str())
    {
        w.write(LEVEL_0, &format!("Internal Traffic Policy:\t{itp}\n"));
    }
    let hc = int_at(svc, "/spec/healthCheckNodePort");
    if hc != 0 {
        w.write(LEVEL_0, &format!("HealthCheck NodePort:\t{hc}\n"));
    }
    let ranges = strings(svc, "/spec/loadBalancerSourceRanges");
    if !ranges.is_empty() {
        w.write(
            LEVEL_0,
            &format!("LoadBalancer Source Ranges:\t{}\n", ranges.join(",")),
        );
    }
    let td = s(svc, "/spec/trafficDistribution");
    if !td.is_empty() {
        w.write(LEVEL_0, &format!("Traffic Distribution:\t{td}\n"));
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cluster_ip_service() {
        let svc = json!({
            "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
            "spec": {"selector": {"app": "web"}, "type": "ClusterIP", "ipFamilyPolicy": "SingleStack",
                     "ipFamilies": ["IPv4"], "clusterIP": "10.96.12.34", "clusterIPs": ["10.96.12.34"],
                     "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
                     "sessionAffinity": "None", "internalTrafficPolicy": "Cluster"}
        });
        let ep = json!({"subsets": [{"addresses": [{"ip": "10.244.0.3"}, {"ip": "10.244.0.4"}],
                                     "ports": [{"port": 80, "protocol": "TCP"}]}]});
        assert_eq!(
            render(&svc, &ep, Some(&[]), Time(0)),
            "Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.12.34
IPs:                      10.96.12.34
Port:                     <unset>  80/TCP
TargetPort:               80/TCP
Endpoints:                10.244.0.3:80,10.244.0.4:80
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
"
        );
    }
}
