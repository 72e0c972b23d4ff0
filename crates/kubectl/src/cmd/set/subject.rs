//! `kubectl set subject`: add users, groups or service accounts to RoleBindings and
//! ClusterRoleBindings (those already bound are left as they are).

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::super::printers::Format;
use super::super::super::resources::Info;
use super::super::super::Ctx;
use super::super::util::dry_run::DryRun;
use super::super::util::errors::report_errors;
use super::super::util::print_flags;
use super::{Selection, Sender};

pub const FLAGS: &[Flag] = &[
    boolean(
        "all",
        "Select all resources, in the namespace of the specified resource types",
    ),
    super::super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    super::super::util::flags::DRY_RUN,
    string(
        "field-manager",
        "kubectl-set",
        "Name of the manager used to track field ownership.",
    ),
    super::super::util::flags::filename(
        "Filename, directory, or URL to files the resource to update the subjects",
    ),
    flag(
        "group",
        None,
        Kind::Array,
        "[]",
        "Groups to bind to the role",
    ),
    super::super::util::flags::KUSTOMIZE,
    boolean(
        "local",
        "If true, set subject will NOT contact api-server but run locally.",
    ),
    super::super::util::flags::OUTPUT,
    super::super::util::flags::RECURSIVE,
    super::super::util::flags::SELECTOR,
    flag(
        "serviceaccount",
        None,
        Kind::Array,
        "[]",
        "Service accounts to bind to the role",
    ),
    super::super::util::flags::SHOW_MANAGED_FIELDS,
    super::super::util::flags::TEMPLATE,
    flag(
        "user",
        None,
        Kind::Array,
        "[]",
        "Usernames to bind to the role",
    ),
];
pub const LONG: &str =
    "Update the user, group, or service account in a role binding or cluster role binding.";
pub const EXAMPLES: &str = "  # Update a cluster role binding for serviceaccount1
  kubectl set subject clusterrolebinding admin --serviceaccount=namespace:serviceaccount1

  # Update a role binding for user1, user2, and group1
  kubectl set subject rolebinding admin --user=user1 --user=user2 --group=group1

  # Print the result (in YAML format) of updating rolebinding subjects from a local, without hitting the server
  kubectl create rolebinding admin --role=admin --user=admin -o yaml --dry-run=client | kubectl set subject --local -f - --user=foo -o yaml";
pub const USAGE: &str = "kubectl set subject (-f FILENAME | TYPE NAME) [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]";

pub struct SetSubjectOptions {
    sel: Selection,
    users: BTreeSet<String>,
    groups: BTreeSet<String>,
    accounts: BTreeSet<String>,
    namespace: String,
    dry_run: DryRun,
    format: Option<Format>,
    manager: String,
    infos: Vec<Info>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = SetSubjectOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl SetSubjectOptions {
    /// As kubectl, the bindings are found while completing.
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<SetSubjectOptions, KError> {
        let dry_run = DryRun::from_args(args)?;
        let format = print_flags::object_format_args(ctx.fs, args)?;
        let sel = Selection::from_args(args, args.positionals.clone());
        let (infos, _) = sel.visit(ctx)?;
        Ok(SetSubjectOptions {
            sel,
            users: args.list("user").into_iter().collect(),
            groups: args.list("group").into_iter().collect(),
            accounts: args.list("serviceaccount").into_iter().collect(),
            namespace: ctx.namespace(),
            dry_run,
            format,
            manager: args.str("field-manager"),
            infos,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if let Some(e) = self.sel.check_all_and_selector() {
            return Err(e);
        }
        if self.users.is_empty() && self.groups.is_empty() && self.accounts.is_empty() {
            return Err(KError::msg(
                "you must specify at least one value of user, group or serviceaccount",
            ));
        }
        for sa in &self.accounts {
            let tokens: Vec<&str> = sa.split(':').collect();
            if tokens.len() != 2 || tokens[1].is_empty() {
                return Err(KError::msg("serviceaccount must be <namespace>:<name>"));
            }
            let cluster_binding = self
                .infos
                .iter()
                .any(|i| i.resource.kind == "ClusterRoleBinding");
            if cluster_binding && tokens[0].is_empty() {
                return Err(KError::msg(
                    "serviceaccount must be <namespace>:<name>, namespace must be specified",
                ));
            }
        }
        Ok(())
    }

    /// The subjects to bind: users, then groups, then service accounts, each sorted.
    fn subjects(&self) -> Vec<Value> {
        let rbac = "rbac.authorization.k8s.io";
        let mut out: Vec<Value> = Vec::new();
        for u in &self.users {
            out.push(json!({"apiGroup": rbac, "kind": "User", "name": u}));
        }
        for g in &self.groups {
            out.push(json!({"apiGroup": rbac, "kind": "Group", "name": g}));
        }
        for sa in &self.accounts {
            let (ns, name) = sa.split_once(':').unwrap_or(("", sa));
            let ns = if ns.is_empty() {
                self.namespace.as_str()
            } else {
                ns
            };
            out.push(json!({"kind": "ServiceAccount", "name": name, "namespace": ns}));
        }
        out
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let sender = Sender {
            dry_run: self.dry_run,
            local: self.sel.local,
            format: &self.format,
            manager: &self.manager,
            operation: "subjects updated",
            failure: "failed to patch subjects to rolebinding",
        };
        let wanted = self.subjects();
        let mut errors = Vec::new();
        for info in &self.infos {
            let before = match super::object_of(ctx, info, self.sel.local) {
                Ok(o) => o,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let is_binding = info.resource.group == "rbac.authorization.k8s.io"
                && matches!(
                    info.resource.kind.as_str(),
                    "RoleBinding" | "ClusterRoleBinding"
                );
            if !is_binding {
                errors.push(KError::msg(format!(
                    "{} setting subjects is only supported for RoleBinding/ClusterRoleBinding",
                    super::object_name(info)
                )));
                continue;
            }
            let mut subjects: Vec<Value> = before
                .get("subjects")
                .and_then(|s| s.as_array())
                .cloned()
                .unwrap_or_default();
            for s in &wanted {
                if !subjects.contains(s) {
                    subjects.push(s.clone());
                }
            }
            let mut after = before.clone();
            after["subjects"] = Value::Array(subjects);
            if let Err(e) = sender.send(ctx, info, &before, after) {
                errors.push(e);
            }
        }
        report_errors(ctx, errors)
    }
}
