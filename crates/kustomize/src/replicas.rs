//! The replicas transformer: `spec/replicas` of the workloads an entry names.

use serde_json::Value;

use crate::res::Res;

const KINDS: &[&str] = &[
    "Deployment",
    "ReplicationController",
    "ReplicaSet",
    "StatefulSet",
];

pub fn apply(entries: &[Value], rs: &mut [Res]) -> Result<(), String> {
    for e in entries {
        let name = e.get("name").and_then(Value::as_str).unwrap_or("");
        let count = match e.get("count") {
            Some(Value::Number(n)) if n.is_i64() => n.clone(),
            None => serde_json::Number::from(0),
            Some(other) => {
                return Err(format!(
                    "invalid Kustomization: json: cannot unmarshal {other} into Go struct field Replica.replicas.count of type int64"
                ))
            }
        };
        for r in rs
            .iter_mut()
            .filter(|r| KINDS.contains(&r.kind()) && r.answers_to(name))
        {
            if let Some(spec) = crate::res::child_map(&mut r.obj, "spec") {
                spec.insert("replicas".into(), Value::Number(count.clone()));
            }
        }
    }
    Ok(())
}
