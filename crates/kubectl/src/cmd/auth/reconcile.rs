//! `kubectl auth reconcile -f FILE`: each Role, ClusterRole, RoleBinding and ClusterRoleBinding
//! of the files merged into the live one (missing rules and subjects added, extra ones removed
//! on request), created with its namespace when missing, or only reported with `--dry-run`.

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::flags::{flag, Args, Flag, Kind};
use super::super::super::printers::Format;
use super::super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::super::Ctx;
use super::super::util::dry_run::DryRun;
use super::super::util::flags::{
    filename, ALLOW_MISSING_TEMPLATE_KEYS, DRY_RUN, KUSTOMIZE, OUTPUT, RECURSIVE,
    SHOW_MANAGED_FIELDS, TEMPLATE,
};
use super::super::util::print_flags;
use super::reconciliation::{self, Operation, Outcome};
use kubeplay_core::api::{meta, ApiRequest, Method};

include!("reconcile.help");

pub const FLAGS: &[Flag] = &[
    ALLOW_MISSING_TEMPLATE_KEYS,
    DRY_RUN,
    filename("Filename, directory, or URL to files identifying the resource to reconcile."),
    KUSTOMIZE,
    OUTPUT,
    RECURSIVE,
    flag(
        "remove-extra-permissions",
        None,
        Kind::Bool,
        "false",
        "If true, removes extra permissions added to roles",
    ),
    flag(
        "remove-extra-subjects",
        None,
        Kind::Bool,
        "false",
        "If true, removes extra subjects added to rolebindings",
    ),
    SHOW_MANAGED_FIELDS,
    TEMPLATE,
];

pub struct ReconcileOptions {
    filenames: Vec<String>,
    recursive: bool,
    dry_run: bool,
    remove_extra_permissions: bool,
    remove_extra_subjects: bool,
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = ReconcileOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl ReconcileOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<ReconcileOptions, KError> {
        let filenames = args.list("filename");
        if filenames.is_empty() {
            return Err(KError::msg("must specify one of -f and -k"));
        }
        if !args.positionals.is_empty() {
            return Err(KError::msg("no arguments are allowed"));
        }
        let dry_run = match DryRun::from_args(args)? {
            DryRun::Server => {
                return Err(KError::msg(
                    "--dry-run=server for command reconcile is not supported yet",
                ))
            }
            d => d == DryRun::Client,
        };
        Ok(ReconcileOptions {
            filenames,
            recursive: args.bool("recursive"),
            dry_run,
            remove_extra_permissions: args.bool("remove-extra-permissions"),
            remove_extra_subjects: args.bool("remove-extra-subjects"),
            format: print_flags::object_format_args(ctx.fs, args)?,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let visited = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .local(true)
            .require_namespace(NamespaceCheck::Files)
            .visit()?;
        for item in visited.items {
            let mut info = item?;
            let kind = info.resource.kind.clone();
            if info.resource.group != "rbac.authorization.k8s.io" {
                continue;
            }
            let expected = info.file_value();
            if info.resource.version != "v1"
                || expected.get("apiVersion").and_then(|v| v.as_str())
                    != Some("rbac.authorization.k8s.io/v1")
            {
                return Err(KError::msg(format!(
                    "only rbac.authorization.k8s.io/v1 is supported: not *{}.{kind}",
                    meta::str_at(&expected, &["apiVersion"])
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                )));
            }
            if info.resource.namespaced {
                let ns = meta::namespace(&expected).to_string();
                info.namespace = Some(if ns.is_empty() { ctx.namespace() } else { ns });
            }
            let live = self.live(ctx, &info)?;
            let outcome = match kind.as_str() {
                "Role" | "ClusterRole" => {
                    reconciliation::role(&expected, live.as_ref(), self.remove_extra_permissions)
                }
                _ => reconciliation::binding(&expected, live.as_ref(), self.remove_extra_subjects),
            };
            let written = self.write(ctx, &info, &outcome)?;
            self.print(ctx, &info, &written, &outcome)?;
        }
        Ok(())
    }

    /// The object as the server has it, None when it does not exist.
    fn live(&self, ctx: &mut Ctx, info: &Info) -> Result<Option<Value>, KError> {
        match ctx.call(ApiRequest::get(info.path())) {
            Ok(v) => Ok(Some(v)),
            Err(KError::Status(s)) if s.code == 404 => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Write what reconciling decided (nothing under --dry-run or for a protected object).
    fn write(&self, ctx: &mut Ctx, info: &Info, o: &Outcome) -> Result<Value, KError> {
        if self.dry_run || o.protected {
            return Ok(o.object.clone());
        }
        let body = o.object.to_string();
        let collection = info.resource.collection_path(info.namespace.as_deref());
        match o.operation {
            Operation::None => Ok(o.object.clone()),
            Operation::Create => {
                if let Some(ns) = &info.namespace {
                    ensure_namespace(ctx, ns);
                }
                ctx.call(ApiRequest::new(Method::Post, collection).with_body(body))
            }
            Operation::Update => {
                ctx.call(ApiRequest::new(Method::Put, info.path()).with_body(body))
            }
            Operation::Recreate => {
                ctx.call(ApiRequest::new(Method::Delete, info.path()))?;
                if let Some(ns) = &info.namespace {
                    ensure_namespace(ctx, ns);
                }
                ctx.call(ApiRequest::new(Method::Post, collection).with_body(body))
            }
        }
    }

    /// `role.rbac.authorization.k8s.io/x reconciled`, then on stderr what had to change.
    fn print(&self, ctx: &mut Ctx, info: &Info, obj: &Value, o: &Outcome) -> Result<(), KError> {
        let text = match &self.format {
            // `-o name` is the name printer's short form: no operation after the name.
            Some(Format::Name) => format!("{}/{}\n", info.resource.qualified_singular(), info.name),
            Some(f) => print_flags::print_object(f, obj)?,
            None => format!(
                "{}/{} reconciled{}\n",
                info.resource.qualified_singular(),
                info.name,
                if self.dry_run { " (dry run)" } else { "" }
            ),
        };
        ctx.print(text);
        let caveat = if o.protected {
            ", but object opted out (rbac.authorization.kubernetes.io/autoupdate: false)"
        } else {
            ""
        };
        let op = match o.operation {
            Operation::None => return Ok(()),
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Recreate => "recreate",
        };
        let mut err = format!("\treconciliation required {op}{caveat}\n");
        let is_role = matches!(info.resource.kind.as_str(), "Role" | "ClusterRole");
        let mut section = |title: &str, items: &[Value], shown: bool| {
            if shown && !items.is_empty() {
                err.push_str(&format!("\t{title}:\n"));
                for i in items {
                    let t = if is_role {
                        reconciliation::rule_text(i)
                    } else {
                        reconciliation::subject_text(i)
                    };
                    err.push_str(&format!("\t\t{t}\n"));
                }
            }
        };
        if is_role {
            section("missing rules added", &o.missing, true);
            section(
                "extra rules removed",
                &o.extra,
                self.remove_extra_permissions,
            );
        } else {
            section("missing subjects added", &o.missing, true);
            section(
                "extra subjects removed",
                &o.extra,
                self.remove_extra_subjects,
            );
        }
        ctx.eprint(err);
        Ok(())
    }
}

/// The namespace of a new Role or RoleBinding is created if it does not exist yet.
fn ensure_namespace(ctx: &mut Ctx, ns: &str) {
    if ctx
        .call(ApiRequest::get(format!("/api/v1/namespaces/{ns}")))
        .is_err()
    {
        let body =
            serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}});
        let _ = ctx
            .call(ApiRequest::new(Method::Post, "/api/v1/namespaces").with_body(body.to_string()));
    }
}
