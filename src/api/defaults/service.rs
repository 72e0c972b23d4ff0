//! Service, Endpoints and EndpointSlice defaults (the IP families are the REST allocator's, set
//! here because this cluster is IPv4 single-stack).

use serde_json::{json, Value};

use super::{each_item, obj_at, set_default};

pub fn service(obj: &mut Value) {
    let Some(spec) = obj_at(obj, &["spec"]) else {
        return;
    };
    set_default(spec, "type", json!("ClusterIP"));
    set_default(spec, "sessionAffinity", json!("None"));
    let ty = spec
        .get("type")
        .and_then(|t| t.as_str())
        .unwrap_or("")
        .to_string();
    each_item(spec, "ports", |p| {
        if let Some(p) = p.as_object_mut() {
            set_default(p, "protocol", json!("TCP"));
            let port = p.get("port").cloned();
            let empty_target = match p.get("targetPort") {
                None | Some(Value::Null) => true,
                Some(Value::String(s)) => s.is_empty(),
                Some(Value::Number(n)) => n.as_i64() == Some(0),
                _ => false,
            };
            if let (true, Some(port)) = (empty_target, port) {
                p.insert("targetPort".into(), port);
            }
        }
    });
    if spec.get("sessionAffinity").and_then(|s| s.as_str()) == Some("ClientIP") {
        set_default(
            spec,
            "sessionAffinityConfig",
            json!({"clientIP": {"timeoutSeconds": 10800}}),
        );
    }
    if ty == "ExternalName" {
        return;
    }
    set_default(spec, "internalTrafficPolicy", json!("Cluster"));
    if matches!(ty.as_str(), "NodePort" | "LoadBalancer") {
        set_default(spec, "externalTrafficPolicy", json!("Cluster"));
    }
    if ty == "LoadBalancer" {
        set_default(spec, "allocateLoadBalancerNodePorts", json!(true));
    }
    set_default(spec, "ipFamilies", json!(["IPv4"]));
    set_default(spec, "ipFamilyPolicy", json!("SingleStack"));
}

pub fn endpoints(obj: &mut Value) {
    if let Some(Value::Array(subsets)) = obj.get_mut("subsets") {
        for s in subsets {
            if let Some(s) = s.as_object_mut() {
                each_item(s, "ports", |p| {
                    if let Some(p) = p.as_object_mut() {
                        set_default(p, "protocol", json!("TCP"));
                    }
                });
            }
        }
    }
}

pub fn endpoint_slice(obj: &mut Value) {
    if let Some(m) = obj.as_object_mut() {
        each_item(m, "ports", |p| {
            if let Some(p) = p.as_object_mut() {
                set_default(p, "protocol", json!("TCP"));
                set_default(p, "name", json!(""));
            }
        });
    }
}
