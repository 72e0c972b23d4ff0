//! Typed decoding driven by the OpenAPI schema, for every built-in kind the hand-written table in
//! `schema.rs` does not cover: the same unknown-field and `json: cannot unmarshal` errors, with Go's
//! struct and type names derived from the definition names (`io.k8s.api.apps.v1.DeploymentSpec`
//! is the Go type `v1.DeploymentSpec`).

use serde_json::Value;

use super::decode_state::{base64_check, in_body_order, join, json_kind, State, QUANTITY_MSG};
use super::pod::quantity;
use kubeplay_schema::{Node, Schema};

/// Decoding deeper than this is left unchecked (the schema has recursive types).
const MAX_DEPTH: usize = 64;

/// Types with their own JSON unmarshalers, checked by what they accept rather than by shape.
enum Custom {
    IntOrString,
    Quantity,
    /// Anything goes (RawExtension, FieldsV1, JSON, Time's own parser is not modelled).
    Any,
}

fn custom(def: &str) -> Option<Custom> {
    Some(match def {
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString" => Custom::IntOrString,
        "io.k8s.apimachinery.pkg.api.resource.Quantity" => Custom::Quantity,
        "io.k8s.apimachinery.pkg.apis.meta.v1.Time"
        | "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"
        | "io.k8s.apimachinery.pkg.runtime.RawExtension"
        | "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1" => Custom::Any,
        d if d.starts_with("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON") => {
            Custom::Any
        }
        _ => return None,
    })
}

/// Go's name of a definition's type: the package's last path element and the type's name.
fn go_name(def: &str) -> String {
    let mut parts = def.rsplit('.');
    let name = parts.next().unwrap_or(def);
    match parts.next() {
        Some(pkg) => format!("{pkg}.{name}"),
        None => name.to_string(),
    }
}

fn short_name(def: &str) -> &str {
    def.rsplit('.').next().unwrap_or(def)
}

/// Checks `obj` against the kind's definition, recording errors in `st` and dropping unknown
/// fields. False when the schema does not know the kind (nothing was checked).
pub(super) fn walk_kind(
    s: &Schema,
    group: &str,
    version: &str,
    kind: &str,
    obj: &mut Value,
    st: &mut State,
) -> bool {
    let Some((def, node)) = s.lookup(group, version, kind) else {
        return false;
    };
    let w = Walker { s };
    w.object(obj, node, short_name(def), &mut Vec::new(), "", st, 0);
    true
}

struct Walker<'a> {
    s: &'a Schema,
}

/// Where a value sits: the Go struct holding the field, and the field's dotted JSON path (Go
/// prints it without indexes) plus the strict-error path (with indexes).
struct At<'p> {
    parent: &'p str,
    names: &'p [String],
    shown: &'p str,
}

impl Walker<'_> {
    /// A JSON object decoded into the struct `node`.
    #[allow(clippy::too_many_arguments)]
    fn object(
        &self,
        v: &mut Value,
        node: &Node,
        parent: &str,
        names: &mut Vec<String>,
        shown: &str,
        st: &mut State,
        depth: usize,
    ) {
        let Some(m) = v.as_object_mut() else { return };
        let mut unknown = Vec::new();
        for (k, child) in in_body_order(m) {
            let Some(field) = node.properties.get(k) else {
                unknown.push(k.clone());
                st.unknown.push(join(shown, k));
                continue;
            };
            names.push(k.clone());
            let path = join(shown, k);
            self.value(child, field, parent, names, &path, st, depth + 1);
            names.pop();
        }
        for k in unknown {
            m.shift_remove(&k);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn value(
        &self,
        v: &mut Value,
        node: &Node,
        parent: &str,
        names: &mut Vec<String>,
        shown: &str,
        st: &mut State,
        depth: usize,
    ) {
        if v.is_null() || depth > MAX_DEPTH {
            return;
        }
        let at = At {
            parent,
            names,
            shown,
        };
        if let Some(def) = node.reference.as_deref() {
            let target = self.s.resolve(node);
            match custom(def) {
                Some(Custom::Any) => {}
                Some(Custom::IntOrString) => {
                    // Its unmarshaler decodes anything but a string as an int32; the decoder then
                    // names the field it was decoding.
                    let got = match v {
                        Value::String(_) => None,
                        Value::Number(n) => match n.as_i64().map(i32::try_from) {
                            Some(Ok(_)) => None,
                            _ => Some(format!("number {n}")),
                        },
                        other => Some(json_kind(other)),
                    };
                    if let (Some(got), None) = (got, &st.abort) {
                        st.abort = Some(format!(
                            "json: cannot unmarshal {got} into Go struct field {parent}.{} of type int32",
                            at.names.join(".")
                        ));
                        st.abort_at = Some(shown.to_string());
                    }
                }
                Some(Custom::Quantity) => {
                    let ok =
                        matches!(v, Value::String(_) | Value::Number(_)) && quantity(v).is_some();
                    if !ok && st.abort.is_none() {
                        st.abort = Some(QUANTITY_MSG.to_string());
                        st.abort_at = Some(shown.to_string());
                    }
                }
                None if is_struct(target) => {
                    if v.is_object() {
                        let mut inner: Vec<String> = names.clone();
                        self.object(v, target, short_name(def), &mut inner, shown, st, depth);
                    } else {
                        mismatch(st, json_kind(v), &at, &go_name(def));
                    }
                }
                None => self.plain(v, target, &at, names, st, depth),
            }
            return;
        }
        self.plain(v, node, &at, names, st, depth)
    }

    /// A value whose type is spelled out inline: a scalar, a list or a map.
    fn plain(
        &self,
        v: &mut Value,
        node: &Node,
        at: &At,
        names: &[String],
        st: &mut State,
        depth: usize,
    ) {
        match node.ty.as_deref() {
            Some("string") => match v {
                Value::String(text) if node.format.as_deref() == Some("byte") => {
                    if let Err(pos) = base64_check(text) {
                        if st.abort.is_none() {
                            st.abort = Some(format!("illegal base64 data at input byte {pos}"));
                            st.abort_at = Some(at.shown.to_string());
                        }
                    }
                }
                Value::String(_) => {}
                other => {
                    let ty = if node.format.as_deref() == Some("byte") {
                        "[]uint8"
                    } else {
                        "string"
                    };
                    mismatch(st, json_kind(other), at, ty)
                }
            },
            Some("boolean") if !v.is_boolean() => mismatch(st, json_kind(v), at, "bool"),
            Some("integer") => {
                let bits = node.format.as_deref().unwrap_or("int64");
                match v {
                    Value::Number(n) => {
                        let fits = match n.as_i64() {
                            Some(i) if bits == "int32" => i32::try_from(i).is_ok(),
                            Some(_) => true,
                            None => false,
                        };
                        if !fits {
                            mismatch(st, format!("number {n}"), at, bits);
                        }
                    }
                    other => mismatch(st, json_kind(other), at, bits),
                }
            }
            Some("number") if !v.is_number() => mismatch(st, json_kind(v), at, "float64"),
            Some("array") => {
                let Some(items) = node.items.as_deref() else {
                    return;
                };
                match v {
                    Value::Array(list) => {
                        for (i, it) in list.iter_mut().enumerate() {
                            let mut inner = names.to_vec();
                            let shown = format!("{}[{i}]", at.shown);
                            self.value(it, items, at.parent, &mut inner, &shown, st, depth + 1);
                        }
                    }
                    other => {
                        let ty = format!("[]{}", self.go_type(items, 0));
                        mismatch(st, json_kind(other), at, &ty)
                    }
                }
            }
            Some("object") => {
                let Some(values) = node.additional_properties.as_deref() else {
                    return;
                };
                match v {
                    Value::Object(m) => {
                        for (k, it) in in_body_order(m) {
                            let mut inner = names.to_vec();
                            let shown = format!("{}.{k}", at.shown);
                            self.value(it, values, at.parent, &mut inner, &shown, st, depth + 1);
                        }
                    }
                    other => {
                        let ty = format!("map[string]{}", self.go_type(values, 0));
                        mismatch(st, json_kind(other), at, &ty)
                    }
                }
            }
            _ => {}
        }
    }

    /// Go's name for the type of `node`, as `reflect` prints it in decoding errors.
    fn go_type(&self, node: &Node, depth: usize) -> String {
        if depth > 8 {
            return "interface {}".into();
        }
        if let Some(def) = node.reference.as_deref() {
            return match custom(def) {
                Some(Custom::IntOrString) => "intstr.IntOrString".into(),
                Some(Custom::Quantity) => "resource.Quantity".into(),
                _ if is_struct(self.s.resolve(node)) => go_name(def),
                _ => self.go_type(self.s.resolve(node), depth + 1),
            };
        }
        match node.ty.as_deref() {
            Some("string") if node.format.as_deref() == Some("byte") => "[]uint8".into(),
            Some("string") => "string".into(),
            Some("boolean") => "bool".into(),
            Some("integer") => node.format.clone().unwrap_or_else(|| "int64".into()),
            Some("number") => "float64".into(),
            Some("array") => match node.items.as_deref() {
                Some(i) => format!("[]{}", self.go_type(i, depth + 1)),
                None => "[]interface {}".into(),
            },
            Some("object") => match node.additional_properties.as_deref() {
                Some(i) => format!("map[string]{}", self.go_type(i, depth + 1)),
                None => "map[string]interface {}".into(),
            },
            _ => "interface {}".into(),
        }
    }
}

/// A definition decoded field by field (rather than a scalar, list or map type with a name).
fn is_struct(node: &Node) -> bool {
    !node.properties.is_empty()
}

fn mismatch(st: &mut State, got: String, at: &At, ty: &str) {
    st.mismatch(got, at.shown, at.parent, at.names, ty);
}

#[cfg(test)]
mod tests {
    use super::super::decode;
    use serde_json::json;

    fn decode_in(
        group: &str,
        kind: &str,
        version: &str,
        v: &mut serde_json::Value,
        strict: bool,
    ) -> Result<(), String> {
        let s = kubeplay_schema::for_version("v1.32.0");
        decode::decode_in(s, group, kind, version, v, strict)
    }

    fn err(group: &str, kind: &str, version: &str, mut v: serde_json::Value) -> String {
        decode_in(group, kind, version, &mut v, true).unwrap_err()
    }

    #[test]
    fn unknown_fields_of_any_built_in_kind() {
        let hpa = json!({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "h", "labelz": {}},
            "spec": {"minReplicas": 1, "maxReplicaz": 3, "scaleTargetRef": {"kind": "Deployment", "name": "d", "apiVersion": "apps/v1", "x": 1}}});
        assert_eq!(
            err("autoscaling", "HorizontalPodAutoscaler", "v2", hpa),
            "HorizontalPodAutoscaler in version \"v2\" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field \"metadata.labelz\", unknown field \"spec.maxReplicaz\", unknown field \"spec.scaleTargetRef.x\""
        );
    }

    #[test]
    fn wrong_types_name_go_structs_and_types() {
        let pdb = json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": "p"}, "spec": {"selector": {"matchLabels": {"a": 1}}}});
        assert_eq!(
            err("policy", "PodDisruptionBudget", "v1", pdb),
            "PodDisruptionBudget in version \"v1\" cannot be handled as a PodDisruptionBudget: json: cannot unmarshal number into Go struct field LabelSelector.spec.selector.matchLabels of type string"
        );
        let hpa = json!({"spec": {"minReplicas": "2"}});
        assert_eq!(
            err("autoscaling", "HorizontalPodAutoscaler", "v2", hpa),
            "HorizontalPodAutoscaler in version \"v2\" cannot be handled as a HorizontalPodAutoscaler: json: cannot unmarshal string into Go struct field HorizontalPodAutoscalerSpec.spec.minReplicas of type int32"
        );
        let hpa = json!({"spec": "x"});
        assert_eq!(
            err("autoscaling", "HorizontalPodAutoscaler", "v2", hpa),
            "HorizontalPodAutoscaler in version \"v2\" cannot be handled as a HorizontalPodAutoscaler: json: cannot unmarshal string into Go struct field HorizontalPodAutoscaler.spec of type v2.HorizontalPodAutoscalerSpec"
        );
        let pc = json!({"value": 1000, "globalDefault": "yes"});
        assert_eq!(
            err("scheduling.k8s.io", "PriorityClass", "v1", pc),
            "PriorityClass in version \"v1\" cannot be handled as a PriorityClass: json: cannot unmarshal string into Go struct field PriorityClass.globalDefault of type bool"
        );
    }

    #[test]
    fn int_or_string_takes_strings_and_int32s() {
        let svc = json!({"spec": {"ports": [{"port": 80, "targetPort": true}]}});
        assert_eq!(
            err("", "Service", "v1", svc),
            "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32"
        );
        let svc = json!({"spec": {"ports": [{"port": 80, "targetPort": 80.5}]}});
        assert_eq!(
            err("", "Service", "v1", svc),
            "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal number 80.5 into Go struct field ServicePort.spec.ports.targetPort of type int32"
        );
        let mut ok = json!({"spec": {"ports": [{"port": 80, "targetPort": "http"}, {"port": 81, "targetPort": 8081}]}});
        assert_eq!(decode_in("", "Service", "v1", &mut ok, true), Ok(()));
    }

    #[test]
    fn valid_objects_and_unknown_kinds_pass() {
        let mut hpa = json!({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "h", "creationTimestamp": null},
            "spec": {"minReplicas": 1, "maxReplicas": 3,
              "scaleTargetRef": {"kind": "Deployment", "name": "d", "apiVersion": "apps/v1"},
              "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50, "averageValue": "100m"}}}]}});
        assert_eq!(
            decode_in(
                "autoscaling",
                "HorizontalPodAutoscaler",
                "v2",
                &mut hpa,
                true
            ),
            Ok(())
        );
        let mut w = json!({"spec": {"anything": 1}});
        assert_eq!(
            decode_in("example.com", "Widget", "v1", &mut w, true),
            Ok(())
        );
    }
}
