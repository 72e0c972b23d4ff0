//! `kubectl describe endpoints` and `endpointslice`: addresses, ready or not, and ports.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::events;
use super::{
    annotations_multiline, arr, go_value, labels_multiline, name_namespace, s, Settings, LEVEL_0,
    LEVEL_1, LEVEL_2, LEVEL_3, W,
};
use crate::{Ctx, KError};
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, ep: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, ep, settings);
    Ok(render(ep, evs.as_deref(), settings.now))
}

pub fn describe_slice(ctx: &mut Ctx, eps: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, eps, settings);
    Ok(render_slice(eps, evs.as_deref(), settings.now))
}

/// The `ip` of each address, joined by `sep`, or `<none>`.
fn ips(list: &[Value], sep: &str) -> String {
    let joined = list
        .iter()
        .map(|a| a.as_str().unwrap_or_else(|| s(a, "/ip")))
        .collect::<Vec<_>>()
        .join(sep);
    if joined.is_empty() {
        "<none>".into()
    } else {
        joined
    }
}

pub fn render(ep: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, ep);
    labels_multiline(&mut w, "", "Labels", ep.labels());
    annotations_multiline(&mut w, "Annotations", ep.annotations());
    w.write(LEVEL_0, "Subsets:\n");
    for subset in arr(ep, "/subsets") {
        let ready = ips(arr(subset, "/addresses"), ",");
        w.write(LEVEL_1, &format!("Addresses:\t{ready}\n"));
        let not_ready = ips(arr(subset, "/notReadyAddresses"), ",");
        w.write(LEVEL_1, &format!("NotReadyAddresses:\t{not_ready}\n"));
        let ports = arr(subset, "/ports");
        if !ports.is_empty() {
            w.write(LEVEL_1, "Ports:\n");
            w.write(LEVEL_2, "Name\tPort\tProtocol\n");
            w.write(LEVEL_2, "----\t----\t--------\n");
            for p in ports {
                let name = match s(p, "/name") {
                    "" => "<unset>",
                    n => n,
                };
                let number = p.get("port").map(go_value).unwrap_or_else(|| "0".into());
                w.write(
                    LEVEL_2,
                    &format!("{name}\t{number}\t{}\n", s(p, "/protocol")),
                );
            }
        }
        w.write(LEVEL_0, "\n");
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

/// A field printed as is, or `<unset>` when absent.
fn or_unset(v: &Value, pointer: &str) -> String {
    match v.pointer(pointer) {
        Some(x) if !x.is_null() => go_value(x),
        _ => "<unset>".into(),
    }
}

pub fn render_slice(eps: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, eps);
    labels_multiline(&mut w, "", "Labels", eps.labels());
    annotations_multiline(&mut w, "Annotations", eps.annotations());
    w.write(
        LEVEL_0,
        &format!("AddressType:\t{}\n", s(eps, "/addressType")),
    );
    let ports = arr(eps, "/ports");
    if ports.is_empty() {
        w.write(LEVEL_0, "Ports: <unset>\n");
    } else {
        w.write(LEVEL_0, "Ports:\n");
        w.write(LEVEL_1, "Name\tPort\tProtocol\n");
        w.write(LEVEL_1, "----\t----\t--------\n");
        for p in ports {
            let name = match s(p, "/name") {
                "" => "<unset>",
                n => n,
            };
            w.write(
                LEVEL_1,
                &format!("{name}\t{}\t{}\n", or_unset(p, "/port"), s(p, "/protocol")),
            );
        }
    }
    let endpoints = arr(eps, "/endpoints");
    if endpoints.is_empty() {
        w.write(LEVEL_0, "Endpoints: <none>\n");
    } else {
        w.write(LEVEL_0, "Endpoints:\n");
    }
    for e in endpoints {
        let addresses = ips(arr(e, "/addresses"), ", ");
        w.write(LEVEL_1, &format!("- Addresses:\t{addresses}\n"));
        w.write(LEVEL_2, "Conditions:\n");
        w.write(
            LEVEL_3,
            &format!("Ready:\t{}\n", or_unset(e, "/conditions/ready")),
        );
        w.write(
            LEVEL_2,
            &format!("Hostname:\t{}\n", or_unset(e, "/hostname")),
        );
        if let Some(t) = e.get("targetRef") {
            w.write(
                LEVEL_2,
                &format!("TargetRef:\t{}/{}\n", s(t, "/kind"), s(t, "/name")),
            );
        }
        w.write(
            LEVEL_2,
            &format!("NodeName:\t{}\n", or_unset(e, "/nodeName")),
        );
        w.write(LEVEL_2, &format!("Zone:\t{}\n", or_unset(e, "/zone")));
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
    fn endpoints_with_a_ready_and_a_not_ready_pod() {
        let ep = json!({
            "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
            "subsets": [{"addresses": [{"ip": "10.244.0.5"}],
                         "notReadyAddresses": [{"ip": "10.244.0.6"}],
                         "ports": [{"port": 80, "protocol": "TCP"}]}]
        });
        assert_eq!(
            render(&ep, Some(&[]), Time(0)),
            "Name:         web
Namespace:    default
Labels:       app=web
Annotations:  <none>
Subsets:
  Addresses:          10.244.0.5
  NotReadyAddresses:  10.244.0.6
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    <unset>  80    TCP

Events:  <none>
"
        );
    }

    #[test]
    fn an_endpoint_slice() {
        let eps = json!({
            "metadata": {"name": "web-abcde", "namespace": "default"},
            "addressType": "IPv4",
            "ports": [{"name": "", "port": 80, "protocol": "TCP"}],
            "endpoints": [{"addresses": ["10.244.0.5"], "conditions": {"ready": true},
                           "targetRef": {"kind": "Pod", "name": "web-1"}, "nodeName": "minikube"}]
        });
        assert_eq!(
            render_slice(&eps, None, Time(0)),
            "Name:         web-abcde
Namespace:    default
Labels:       <none>
Annotations:  <none>
AddressType:  IPv4
Ports:
  Name     Port  Protocol
  ----     ----  --------
  <unset>  80    TCP
Endpoints:
  - Addresses:  10.244.0.5
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/web-1
    NodeName:   minikube
    Zone:       <unset>
"
        );
    }
}
