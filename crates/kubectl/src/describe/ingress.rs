//! `kubectl describe ingress` and `ingressclass`: address, class, default backend, TLS, each
//! rule's paths with the endpoints their Service found (read from its EndpointSlices, as
//! kubectl 1.32 does).

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::events;
use super::{
    annotations_multiline, arr, go_value, int_at, labels_multiline, s, Settings, LEVEL_0, LEVEL_1,
    LEVEL_2, W,
};
use crate::{Ctx, KError};
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, ing: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, ing, settings);
    let ns = s(ing, "/metadata/namespace").to_string();
    let mut backend = |b: &Value| describe_backend(ctx, &ns, b);
    Ok(render(ing, &mut backend, evs.as_deref(), settings.now))
}

/// The text of a backend: `svc:port (endpoints)` or the resource it names.
fn describe_backend(ctx: &mut Ctx, ns: &str, backend: &Value) -> String {
    if let Some(svc) = backend.get("service") {
        let name = s(svc, "/name");
        let number = int_at(svc, "/port/number");
        let port_name = s(svc, "/port/name");
        let shown = if number != 0 {
            format!("{name}:{number}")
        } else {
            format!("{name}:{port_name}")
        };
        let slices = ApiRequest::get(format!(
            "/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices"
        ))
        .with_query(
            "labelSelector",
            format!("kubernetes.io/service-name={name}"),
        );
        let slices = match ctx.call(slices) {
            Ok(list) => list,
            Err(e) => return format!("{shown} (<error: {}>)", e.go_text()),
        };
        let service = ApiRequest::get(format!("/api/v1/namespaces/{ns}/services/{name}"));
        let service = match ctx.call(service) {
            Ok(svc) => svc,
            Err(e) => return format!("{shown} (<error: {}>)", e.go_text()),
        };
        let mut sp_name = "";
        for sp in arr(&service, "/spec/ports") {
            let matches_number = number != 0 && number == int_at(sp, "/port");
            let matches_name = !port_name.is_empty() && port_name == s(sp, "/name");
            if matches_number || matches_name {
                sp_name = s(sp, "/name");
            }
        }
        return format!(
            "{shown} ({})",
            format_slices(arr(&slices, "/items"), sp_name)
        );
    }
    if let Some(r) = backend.get("resource") {
        let group = r
            .get("apiGroup")
            .map(go_value)
            .unwrap_or_else(|| "<none>".into());
        return format!(
            "APIGroup: {group}, Kind: {}, Name: {}",
            s(r, "/kind"),
            s(r, "/name")
        );
    }
    String::new()
}

/// `formatEndpointSlices` for one service port name: up to three ready `ip:port`, then
/// `+ N more...`.
fn format_slices(slices: &[Value], port_name: &str) -> String {
    if slices.is_empty() {
        return "<none>".into();
    }
    const MAX: usize = 3;
    let (mut list, mut more, mut count) = (Vec::<String>::new(), false, 0usize);
    let ready = |e: &Value| e.pointer("/conditions/ready").and_then(|r| r.as_bool()) != Some(false);
    for slice in slices {
        let endpoints = arr(slice, "/endpoints");
        let ports = arr(slice, "/ports");
        let mut add = |entry: String| {
            if list.len() == MAX {
                more = true;
            }
            if !more {
                list.push(entry);
            }
            count += 1;
        };
        if ports.is_empty() {
            for e in endpoints.iter().filter(|e| ready(e)) {
                add(s(e, "/addresses/0").to_string());
            }
            continue;
        }
        for p in ports.iter().filter(|p| s(p, "/name") == port_name) {
            for e in endpoints.iter().filter(|e| ready(e)) {
                let ip = s(e, "/addresses/0");
                let port = int_at(p, "/port");
                add(if ip.contains(':') {
                    format!("[{ip}]:{port}")
                } else {
                    format!("{ip}:{port}")
                });
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

/// The ingress, with `backend` describing each backend.
pub fn render(
    ing: &Value,
    backend: &mut dyn FnMut(&Value) -> String,
    evs: Option<&[Value]>,
    now: Time,
) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(ing, "/metadata/name")));
    labels_multiline(&mut w, "", "Labels", ing.labels());
    w.write(
        LEVEL_0,
        &format!("Namespace:\t{}\n", s(ing, "/metadata/namespace")),
    );
    let mut addresses: Vec<&str> = arr(ing, "/status/loadBalancer/ingress")
        .iter()
        .map(|i| match s(i, "/ip") {
            "" => s(i, "/hostname"),
            ip => ip,
        })
        .filter(|a| !a.is_empty())
        .collect();
    addresses.sort_once();
    addresses.dedup();
    w.write(LEVEL_0, &format!("Address:\t{}\n", addresses.join(",")));
    let class = match ing.pointer("/spec/ingressClassName") {
        Some(c) => go_value(c),
        None => "<none>".into(),
    };
    w.write(LEVEL_0, &format!("Ingress Class:\t{class}\n"));
    let default = match ing.pointer("/spec/defaultBackend") {
        Some(d) => backend(d),
        None => "<default>".into(),
    };
    w.write(LEVEL_0, &format!("Default backend:\t{default}\n"));
    let tls = arr(ing, "/spec/tls");
    if !tls.is_empty() {
        w.write(LEVEL_0, "TLS:\n");
        for t in tls {
            let hosts: Vec<&str> = arr(t, "/hosts").iter().filter_map(|h| h.as_str()).collect();
            match s(t, "/secretName") {
                "" => w.write(LEVEL_1, &format!("SNI routes {}\n", hosts.join(","))),
                secret => w.write(
                    LEVEL_1,
                    &format!("{secret} terminates {}\n", hosts.join(",")),
                ),
            }
        }
    }
    w.write(LEVEL_0, "Rules:\n  Host\tPath\tBackends\n");
    w.write(LEVEL_1, "----\t----\t--------\n");
    let mut count = 0;
    for rule in arr(ing, "/spec/rules") {
        let Some(http) = rule.get("http") else {
            continue;
        };
        count += 1;
        let host = match s(rule, "/host") {
            "" => "*",
            h => h,
        };
        w.write(LEVEL_1, &format!("{host}\t\n"));
        for path in arr(http, "/paths") {
            let b = path.get("backend").map(&mut *backend).unwrap_or_default();
            w.write(LEVEL_2, &format!("\t{} \t{b}\n", s(path, "/path")));
        }
    }
    if count == 0 {
        w.write(LEVEL_1, &format!("*\t*\t{default}\n"));
    }
    annotations_multiline(&mut w, "Annotations", ing.annotations());
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

pub fn describe_class(ctx: &mut Ctx, ic: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, ic, settings);
    Ok(render_class(ic, evs.as_deref(), settings.now))
}

pub fn render_class(ic: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(ic, "/metadata/name")));
    labels_multiline(&mut w, "", "Labels", ic.labels());
    annotations_multiline(&mut w, "Annotations", ic.annotations());
    w.write(
        LEVEL_0,
        &format!("Controller:\t{}\n", s(ic, "/spec/controller")),
    );
    if let Some(p) = ic.pointer("/spec/parameters") {
        w.write(LEVEL_0, "Parameters:\n");
        if let Some(g) = p.get("apiGroup") {
            w.write(LEVEL_1, &format!("APIGroup:\t{}\n", go_value(g)));
        }
        w.write(LEVEL_1, &format!("Kind:\t{}\n", s(p, "/kind")));
        w.write(LEVEL_1, &format!("Name:\t{}\n", s(p, "/name")));
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
    fn an_ingress_with_one_rule() {
        let ing = json!({
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {"ingressClassName": "nginx", "rules": [{"host": "web.local", "http": {"paths": [
                {"path": "/", "pathType": "Prefix",
                 "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]},
            "status": {"loadBalancer": {"ingress": [{"ip": "192.168.49.2"}]}}
        });
        let mut backend = |_: &Value| "web:80 (10.244.0.5:80)".to_string();
        let text = render(&ing, &mut backend, Some(&[]), Time(0));
        assert_eq!(
            text,
            "Name:             web
Labels:           <none>
Namespace:        default
Address:          192.168.49.2
Ingress Class:    nginx
Default backend:  <default>
Rules:
  Host        Path  Backends
  ----        ----  --------
  web.local   
              /   web:80 (10.244.0.5:80)
Annotations:  <none>
Events:       <none>
"
        );
    }

    #[test]
    fn endpoints_of_slices_for_a_named_port() {
        let slices = vec![json!({
            "ports": [{"name": "", "port": 8080}],
            "endpoints": [{"addresses": ["10.244.0.5"], "conditions": {"ready": true}},
                          {"addresses": ["10.244.0.6"], "conditions": {"ready": false}}]
        })];
        assert_eq!(format_slices(&slices, ""), "10.244.0.5:8080");
        assert_eq!(format_slices(&slices, "http"), "");
        assert_eq!(format_slices(&[], ""), "<none>");
    }
}
