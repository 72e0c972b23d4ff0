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

/// On update, fields the new type does not use are dropped when the client left them as they
/// were (the server's dropTypeDependentFields): NodePort→ClusterIP loses its node ports, a move to
/// ExternalName its cluster IPs and families.
pub fn drop_type_dependent_fields(old: &Value, new: &mut Value) {
    let ty = |v: &Value| {
        v.pointer("/spec/type")
            .and_then(|t| t.as_str())
            .unwrap_or("ClusterIP")
            .to_string()
    };
    let (old_ty, new_ty) = (ty(old), ty(new));
    if old_ty == new_ty {
        return;
    }
    let needs_node_ports = |t: &str| t == "NodePort" || t == "LoadBalancer";
    let same = |new: &Value, ptr: &str| new.pointer(ptr) == old.pointer(ptr);
    let Some(spec_old) = old.get("spec") else {
        return;
    };
    if needs_node_ports(&old_ty) && !needs_node_ports(&new_ty) {
        let old_ports = spec_old
            .get("ports")
            .and_then(|p| p.as_array())
            .cloned()
            .unwrap_or_default();
        if let Some(ports) = new
            .pointer_mut("/spec/ports")
            .and_then(|p| p.as_array_mut())
        {
            for p in ports.iter_mut() {
                let np = p.get("nodePort").cloned();
                let was_there = old_ports.iter().any(|o| o.get("nodePort") == np.as_ref());
                if let (true, Some(m)) = (was_there, p.as_object_mut()) {
                    m.shift_remove("nodePort");
                }
            }
        }
        for f in ["externalTrafficPolicy", "healthCheckNodePort"] {
            if same(new, &format!("/spec/{f}")) {
                remove(new, f);
            }
        }
    }
    if old_ty == "LoadBalancer" && new_ty != "LoadBalancer" {
        for f in ["allocateLoadBalancerNodePorts", "loadBalancerClass"] {
            if same(new, &format!("/spec/{f}")) {
                remove(new, f);
            }
        }
    }
    if new_ty == "ExternalName" {
        for f in [
            "clusterIP",
            "clusterIPs",
            "ipFamilies",
            "ipFamilyPolicy",
            "internalTrafficPolicy",
        ] {
            if same(new, &format!("/spec/{f}")) {
                remove(new, f);
            }
        }
    }
}

fn remove(v: &mut Value, field: &str) {
    if let Some(m) = v.get_mut("spec").and_then(|s| s.as_object_mut()) {
        m.shift_remove(field);
    }
}
