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

/// The subjects of --user, --group and --serviceaccount, in that order.
fn subjects(users: &[String], groups: &[String], sas: &[String]) -> Result<Vec<Value>, KError> {
    let mut out = Vec::new();
    for u in users {
        out.push(json!({"kind": "User", "apiGroup": RBAC, "name": u}));
    }
    for g in groups {
        out.push(json!({"kind": "Group", "apiGroup": RBAC, "name": g}));
    }
    for sa in sas {
        match sa.split_once(':') {
            Some((ns, name)) if !ns.is_empty() && !name.is_empty() && !name.contains(':') => {
                out.push(json!({"kind": "ServiceAccount", "name": name, "namespace": ns}));
            }
            _ => return Err(KError::msg("serviceaccount must be <namespace>:<name>")),
        }
    }
    Ok(out)
}

/// --user, --group and --serviceaccount, as given.
struct SubjectFlags {
    users: Vec<String>,
    groups: Vec<String>,
    service_accounts: Vec<String>,
}

impl SubjectFlags {
    fn from_args(args: &Args) -> SubjectFlags {
        SubjectFlags {
            users: args.list("user"),
            groups: args.list("group"),
            service_accounts: args.list("serviceaccount"),
        }
    }

    fn subjects(&self) -> Result<Vec<Value>, KError> {
        subjects(&self.users, &self.groups, &self.service_accounts)
    }
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

/// `create rolebinding`'s NAME and flags, read once.
pub struct CreateRoleBindingOptions {
    name: String,
    namespace: Option<String>,
    role: String,
    cluster_role: String,
    subjects: SubjectFlags,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateRoleBindingOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateRoleBindingOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateRoleBindingOptions, KError> {
        Ok(CreateRoleBindingOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            role: args.str("role"),
            cluster_role: args.str("clusterrole"),
            subjects: SubjectFlags::from_args(args),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        self.role_ref().map(|_| ())
    }

    /// The kind and name of the role bound: exactly one of --role and --clusterrole.
    fn role_ref(&self) -> Result<(&'static str, &str), KError> {
        match (self.role.is_empty(), self.cluster_role.is_empty()) {
            (false, true) => Ok(("Role", &self.role)),
            (true, false) => Ok(("ClusterRole", &self.cluster_role)),
            _ => Err(KError::msg(
                "exactly one of clusterrole or role must be specified",
            )),
        }
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (role_kind, role_name) = self.role_ref()?;
        let subjects = self.subjects.subjects()?;
        let obj = build(
            "RoleBinding",
            &self.name,
            self.namespace.as_deref(),
            role_kind,
            role_name,
            subjects,
        );
        super::finish(
            ctx,
            &self.flags,
            "rolebindings.rbac.authorization.k8s.io",
            obj,
        )
    }
}

/// `create clusterrolebinding`'s NAME and flags, read once.
pub struct CreateClusterRoleBindingOptions {
    name: String,
    cluster_role: String,
    subjects: SubjectFlags,
    flags: create_flags::Opts,
}

pub fn run_cluster(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateClusterRoleBindingOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateClusterRoleBindingOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateClusterRoleBindingOptions, KError> {
        args.require(&["clusterrole"])?;
        Ok(CreateClusterRoleBindingOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            cluster_role: args.str("clusterrole"),
            subjects: SubjectFlags::from_args(args),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let subjects = self.subjects.subjects()?;
        let obj = build(
            "ClusterRoleBinding",
            &self.name,
            None,
            "ClusterRole",
            &self.cluster_role,
            subjects,
        );
        super::finish(
            ctx,
            &self.flags,
            "clusterrolebindings.rbac.authorization.k8s.io",
            obj,
        )
    }
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
