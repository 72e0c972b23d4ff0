//! `kubectl set serviceaccount` (`sa`): set `serviceAccountName` in the pod templates of
//! existing objects.

use super::super::super::error::KError;
use super::super::super::flags::{boolean, string, Args, Flag};
use super::super::super::printers::Format;
use super::super::super::resources::Info;
use super::super::super::Ctx;
use super::super::util::dry_run::DryRun;
use super::super::util::errors::report_errors;
use super::super::util::print_flags;
use super::{Selection, Sender};
use kubeplay_core::api::meta;

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
        "Filename, directory, or URL to files identifying the resource to get from a server.",
    ),
    super::super::util::flags::KUSTOMIZE,
    boolean(
        "local",
        "If true, set serviceaccount will NOT contact api-server but run locally.",
    ),
    super::super::util::flags::OUTPUT,
    super::super::util::flags::RECURSIVE,
    super::super::util::flags::SHOW_MANAGED_FIELDS,
    super::super::util::flags::TEMPLATE,
    super::RECORD,
];
pub const LONG: &str = "Update the service account of pod template resources.

 Possible resources (case insensitive) can be:

 replicationcontroller (rc), deployment (deploy), daemonset (ds), job, replicaset (rs), statefulset";
pub const EXAMPLES: &str = "  # Set deployment nginx-deployment's service account to serviceaccount1
  kubectl set serviceaccount deployment nginx-deployment serviceaccount1

  # Print the result (in YAML format) of updated nginx deployment with the service account from local file, without hitting the API server
  kubectl set sa -f nginx-deployment.yaml serviceaccount1 --local --dry-run=client -o yaml";
pub const USAGE: &str =
    "kubectl set serviceaccount (-f FILENAME | TYPE NAME) SERVICE_ACCOUNT [options]";

pub struct SetServiceAccountOptions {
    sel: Selection,
    account: String,
    dry_run: DryRun,
    format: Option<Format>,
    manager: String,
    infos: Vec<Info>,
    /// `--record`'s change-cause.
    record: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = SetServiceAccountOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl SetServiceAccountOptions {
    /// The last argument is the account; the others name the objects, found here as kubectl
    /// does.
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<SetServiceAccountOptions, KError> {
        let dry_run = DryRun::from_args(args)?;
        let format = print_flags::object_format_args(ctx.fs, args)?;
        let Some((account, resources)) = args.positionals.split_last() else {
            return Err(KError::msg("serviceaccount is required"));
        };
        let sel = Selection::from_args(args, resources.to_vec());
        let (infos, _) = sel.visit(ctx)?;
        let record = super::record(ctx, args);
        Ok(SetServiceAccountOptions {
            record,
            sel,
            account: account.clone(),
            dry_run,
            format,
            manager: args.str("field-manager"),
            infos,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let sender = Sender {
            dry_run: self.dry_run,
            local: self.sel.local,
            format: &self.format,
            manager: &self.manager,
            operation: "serviceaccount updated",
            failure: "failed to patch ServiceAccountName",
        };
        let mut errors = Vec::new();
        for info in &self.infos {
            let (before, ptr) = match super::pod_template_object(ctx, info, self.sel.local) {
                Ok(found) => found,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let mut after = before.clone();
            if let Some(spec) = after.pointer_mut(ptr) {
                meta::set_str(spec, &["serviceAccountName"], &self.account);
            }
            super::apply_record(&mut after, &self.record);
            // kubectl patches and reports even when nothing changes.
            let result = match before == after {
                true => sender.report(ctx, info, &after),
                false => sender.send(ctx, info, &before, after),
            };
            if let Err(e) = result {
                errors.push(e);
            }
        }
        report_errors(ctx, errors)
    }
}
