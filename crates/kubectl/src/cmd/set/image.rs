//! `kubectl set image`: change the image of named containers (or `*` for all) in the pod
//! templates of existing objects, so a Deployment rolls out.

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::printers::Format;
use super::super::super::resources::Info;
use super::super::super::Ctx;
use super::super::util::dry_run::DryRun;
use super::super::util::errors::report_errors;
use super::super::util::print_flags;
use super::{set_flags, Selection, Sender};

pub const FLAGS: &[Flag] = set_flags!(
    "If true, set image will NOT contact api-server but run locally.",
    super::RECORD,
);
pub const LONG: &str = "Update existing container image(s) of resources.

 Possible resources include (case insensitive):

        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)";
pub const EXAMPLES: &str = "  # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'
  kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1

  # Update all deployments' and rc's nginx container's image to 'nginx:1.9.1'
  kubectl set image deployments,rc nginx=nginx:1.9.1 --all

  # Update image of all containers of daemonset abc to 'nginx:1.9.1'
  kubectl set image daemonset abc *=nginx:1.9.1

  # Print result (in yaml format) of updating nginx container image from local file, without hitting the server
  kubectl set image -f path/to/file.yaml nginx=nginx:1.9.1 --local -o yaml";
pub const USAGE: &str = "kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]";

pub struct SetImageOptions {
    sel: Selection,
    images: Vec<(String, String)>,
    dry_run: DryRun,
    format: Option<Format>,
    manager: String,
    infos: Vec<Info>,
    /// `--record`'s change-cause.
    record: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = SetImageOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl SetImageOptions {
    /// As kubectl, the objects are found here, so a missing one is reported before any
    /// problem with the flags.
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<SetImageOptions, KError> {
        let format = print_flags::object_format_args(ctx.fs, args)?;
        let dry_run = DryRun::from_args(args)?;
        let (resources, pairs) = super::resources_and_pairs(&args.positionals, "image")?;
        let (images, _) = super::parse_pairs(&pairs, "image", false)?;
        let sel = Selection::from_args(args, resources);
        let (infos, _) = sel.visit(ctx)?;
        let record = super::record(ctx, args);
        Ok(SetImageOptions {
            record,
            sel,
            images,
            dry_run,
            format,
            manager: args.str("field-manager"),
            infos,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        let mut errors = Vec::new();
        errors.extend(self.sel.check_all_and_selector());
        if self.sel.resources.is_empty()
            && self.sel.filenames.is_empty()
            && self.sel.kustomize.is_empty()
        {
            errors.push(KError::msg(
                "one or more resources must be specified as <resource> <name> or <resource>/<name>",
            ));
        }
        if self.images.is_empty() {
            errors.push(KError::msg("at least one image update is required"));
        } else if self.images.len() > 1 && self.images.iter().any(|(k, _)| k == "*") {
            errors.push(KError::msg("all containers are already specified by *, but saw more than one container_name=container_image pairs"));
        }
        if self.sel.local && self.dry_run == DryRun::Server {
            errors.push(KError::msg(
                "cannot specify --local and --dry-run=server - did you mean --dry-run=client?",
            ));
        }
        aggregate(errors)
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let sender = Sender {
            dry_run: self.dry_run,
            local: self.sel.local,
            format: &self.format,
            manager: &self.manager,
            operation: "image updated",
            failure: "failed to patch image update to pod template",
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
                for (name, image) in &self.images {
                    let init = set_image(spec, "initContainers", name, image);
                    let main = set_image(spec, "containers", name, image);
                    if !init && !main {
                        errors.push(KError::msg(format!(
                            "unable to find container named \"{name}\""
                        )));
                    }
                }
            }
            super::apply_record(&mut after, &self.record);
            if let Err(e) = sender.send(ctx, info, &before, after) {
                errors.push(e);
            }
        }
        report_errors(ctx, errors)
    }
}

/// Set the image of the containers named `name` (all for `*`) in `spec[field]`; whether any
/// was found.
fn set_image(spec: &mut Value, field: &str, name: &str, image: &str) -> bool {
    let mut found = false;
    let list = spec.get_mut(field).and_then(|c| c.as_array_mut());
    for c in list.into_iter().flatten() {
        if name == "*" || c.get("name").and_then(|n| n.as_str()) == Some(name) {
            c["image"] = Value::String(image.to_string());
            found = true;
        }
    }
    found
}

/// `utilerrors.NewAggregate`: one error as itself, several as `[a, b]`.
pub fn aggregate(errors: Vec<KError>) -> Result<(), KError> {
    match errors.len() {
        0 => Ok(()),
        1 => Err(errors.into_iter().next().unwrap_or(KError::Exit(1))),
        _ => {
            let texts: Vec<String> = errors
                .iter()
                .map(|e| match e {
                    KError::Error(m) => m.clone(),
                    other => other.render("set").trim_end().to_string(),
                })
                .collect();
            Err(KError::msg(format!("[{}]", texts.join(", "))))
        }
    }
}
