//! Columns of Role/ClusterRole (name and creation time) and the bindings.

use serde_json::{json, Value};

use super::{age, col, name, s, wide, Column, Ctx, Printer};

pub fn printer(group: &str, kind: &str) -> Option<Printer> {
    if group != "rbac.authorization.k8s.io" {
        return None;
    }
    let (columns, cells): (&'static [Column], super::CellsFn) = match kind {
        "Role" | "ClusterRole" => (CREATED_AT, created_at),
        "RoleBinding" | "ClusterRoleBinding" => (BINDING, binding),
        _ => return None,
    };
    Some(Printer { columns, cells })
}

/// Name and the creation time in RFC 3339 (the columns of kinds that print no age).
pub const CREATED_AT: &[Column] = &[col("Name"), col("Created At")];

pub fn created_at(obj: &Value, _ctx: &Ctx) -> Vec<Value> {
    vec![
        json!(name(obj)),
        json!(s(obj, "/metadata/creationTimestamp")),
    ]
}

const BINDING: &[Column] = &[
    col("Name"),
    col("Role"),
    col("Age"),
    wide("Users"),
    wide("Groups"),
    wide("ServiceAccounts"),
];

fn binding(b: &Value, ctx: &Ctx) -> Vec<Value> {
    let role = format!("{}/{}", s(b, "/roleRef/kind"), s(b, "/roleRef/name"));
    let mut users = Vec::new();
    let mut groups = Vec::new();
    let mut sas = Vec::new();
    for sub in b
        .get("subjects")
        .and_then(|x| x.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
    {
        let n = s(sub, "/name").to_string();
        match s(sub, "/kind") {
            "User" => users.push(n),
            "Group" => groups.push(n),
            "ServiceAccount" => {
                let ns = s(sub, "/namespace");
                sas.push(if ns.is_empty() {
                    n
                } else {
                    format!("{ns}/{n}")
                });
            }
            _ => {}
        }
    }
    vec![
        json!(name(b)),
        json!(role),
        json!(age(b, ctx.now)),
        json!(users.join(", ")),
        json!(groups.join(", ")),
        json!(sas.join(", ")),
    ]
}
