//! `kubectl create rolebinding` and `clusterrolebinding`: a role reference and its subjects
//! (users, then groups, then service accounts, as kubectl lists them).

use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{flag, string, Args, Flag, Kind};
use super::super::super::Ctx;
use super::super::util::create_flags;

const RBAC: &str = "rbac.authorization.k8s.io";

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    string("clusterrole", "", "The ClusterRole the binding refers to."),
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    flag(
        "group",
        None,
        Kind::Array,
        "[]",
        "A group to bind to the role (repeatable).",
    ),
    create_flags::OUTPUT,
    string("role", "", "The Role the binding refers to."),
    create_flags::SAVE_CONFIG,
    flag(
        "serviceaccount",
        None,
        Kind::Array,
        "[]",
        "A service account to bind to the role, as <namespace>:<name> (repeatable).",
    ),
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    flag(
        "user",
        None,
        Kind::Array,
        "[]",
        "A user name to bind to the role (repeatable).",
    ),
    create_flags::VALIDATE,
];

pub const LONG: &str = "Create a role binding that grants a role or a cluster role.";

pub const EXAMPLES: &str =
    "  # Grant the admin cluster role to user1, user2 and group1 in the current namespace
  kubectl create rolebinding admin --clusterrole=admin --user=user1 --user=user2 --group=group1
  
  # Grant the admin role to the service account sa-dev of namespace monitoring
  kubectl create rolebinding admin-binding --role=admin --serviceaccount=monitoring:sa-dev";

pub const USAGE: &str = "kubectl create rolebinding NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]";

pub const CLUSTER_FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    string("clusterrole", "", "The ClusterRole the binding refers to."),
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    flag(
        "group",
        None,
        Kind::Array,
        "[]",
        "A group to bind to the cluster role (repeatable).",
    ),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    flag(
        "serviceaccount",
        None,
        Kind::Array,
        "[]",
        "A service account to bind to the cluster role, as <namespace>:<name> (repeatable).",
    ),
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    flag(
        "user",
        None,
        Kind::Array,
        "[]",
        "A user name to bind to the cluster role (repeatable).",
    ),
    create_flags::VALIDATE,
];

pub const CLUSTER_LONG: &str =
    "Create a cluster role binding that grants a cluster role in every namespace.";

pub const CLUSTER_EXAMPLES: &str = "  # Grant the cluster-admin cluster role to user1, user2 and group1
  kubectl create clusterrolebinding cluster-admin --clusterrole=cluster-admin --user=user1 --user=user2 --group=group1";

pub const CLUSTER_USAGE: &str = "kubectl create clusterrolebinding NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]";

fn subjects(args: &Args) -> Result<Vec<Value>, KError> {
    let mut out = Vec::new();
    for u in args.list("user") {
        out.push(json!({"kind": "User", "apiGroup": RBAC, "name": u}));
    }
    for g in args.list("group") {
        out.push(json!({"kind": "Group", "apiGroup": RBAC, "name": g}));
    }
    for sa in args.list("serviceaccount") {
        match sa.split_once(':') {
            Some((ns, name)) if !ns.is_empty() && !name.is_empty() && !name.contains(':') => {
                out.push(json!({"kind": "ServiceAccount", "name": name, "namespace": ns}));
            }
            _ => return Err(KError::msg("serviceaccount must be <namespace>:<name>")),
        }
    }
    Ok(out)
}

pub fn build(
    kind: &str,
    name: &str,
    namespace: Option<&str>,
    role_kind: &str,
    role: &str,
    subjects: Vec<Value>,
) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), json!(kind));
    m.insert("apiVersion".into(), json!(format!("{RBAC}/v1")));
    m.insert("metadata".into(), super::object_meta(name, namespace, None));
    if !subjects.is_empty() {
        m.insert("subjects".into(), Value::Array(subjects));
    }
    m.insert(
        "roleRef".into(),
        json!({"apiGroup": RBAC, "kind": role_kind, "name": role}),
    );
    Value::Object(m)
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let name = super::one_name(args)?;
    let o = create_flags::opts(ctx, args)?;
    let (role, cluster_role) = (args.str("role"), args.str("clusterrole"));
    let (role_kind, role_name) = match (role.is_empty(), cluster_role.is_empty()) {
        (false, true) => ("Role", role),
        (true, false) => ("ClusterRole", cluster_role),
        _ => {
            return Err(KError::msg(
                "exactly one of clusterrole or role must be specified",
            ))
        }
    };
    let subjects = subjects(args)?;
    let ns = super::explicit_namespace(ctx);
    let obj = build(
        "RoleBinding",
        &name,
        ns.as_deref(),
        role_kind,
        &role_name,
        subjects,
    );
    super::finish(ctx, &o, "rolebindings.rbac.authorization.k8s.io", obj)
}

pub fn run_cluster(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    args.require(&["clusterrole"])?;
    let name = super::one_name(args)?;
    let o = create_flags::opts(ctx, args)?;
    let subjects = subjects(args)?;
    let obj = build(
        "ClusterRoleBinding",
        &name,
        None,
        "ClusterRole",
        &args.str("clusterrole"),
        subjects,
    );
    super::finish(
        ctx,
        &o,
        "clusterrolebindings.rbac.authorization.k8s.io",
        obj,
    )
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn json_matches_kubectl() {
        let (out, err, _) = run("create clusterrolebinding crb --clusterrole=view --user=u --serviceaccount=ns:sa --dry-run=client -o json");
        assert_eq!(err, "");
        assert_eq!(out, "{\n    \"kind\": \"ClusterRoleBinding\",\n    \"apiVersion\": \"rbac.authorization.k8s.io/v1\",\n    \"metadata\": {\n        \"name\": \"crb\",\n        \"creationTimestamp\": null\n    },\n    \"subjects\": [\n        {\n            \"kind\": \"User\",\n            \"apiGroup\": \"rbac.authorization.k8s.io\",\n            \"name\": \"u\"\n        },\n        {\n            \"kind\": \"ServiceAccount\",\n            \"name\": \"sa\",\n            \"namespace\": \"ns\"\n        }\n    ],\n    \"roleRef\": {\n        \"apiGroup\": \"rbac.authorization.k8s.io\",\n        \"kind\": \"ClusterRole\",\n        \"name\": \"view\"\n    }\n}\n");
    }

    #[test]
    fn created_and_errors() {
        assert_eq!(
            run("create rolebinding rb --clusterrole=admin --user=u").0,
            "rolebinding.rbac.authorization.k8s.io/rb created\n"
        );
        assert_eq!(
            run("create rolebinding rb").1,
            "error: exactly one of clusterrole or role must be specified\n"
        );
        assert_eq!(
            run("create rolebinding rb --role=r --serviceaccount=bad").1,
            "error: serviceaccount must be <namespace>:<name>\n"
        );
        assert_eq!(
            run("create clusterrolebinding crb").1,
            "error: required flag(s) \"clusterrole\" not set\n"
        );
    }
}
