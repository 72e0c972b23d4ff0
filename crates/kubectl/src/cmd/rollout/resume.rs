//! `kubectl rollout resume`: clear a Deployment's `spec.paused`, so its controller rolls out
//! the template it has now (`ObjectResumer`).

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::printers::Format;
use super::super::super::resources::Info;
use super::super::super::Ctx;
use super::super::util::print_flags;
use super::Selection;

pub const FLAGS: &[Flag] = super::PATCH_FLAGS;
pub const LONG: &str = "Resume a paused resource.

 Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.";
pub const EXAMPLES: &str = "  # Resume an already paused deployment
  kubectl rollout resume deployment/nginx";
pub const USAGE: &str = "kubectl rollout resume RESOURCE [options]";

pub struct ResumeOptions {
    sel: Selection,
    manager: String,
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let mut o = ResumeOptions::complete(args)?;
    o.format = o.format.map(|f| f.resolve(ctx.fs)).transpose()?;
    o.validate()?;
    o.run(ctx)
}

impl ResumeOptions {
    pub fn complete(args: &Args) -> Result<ResumeOptions, KError> {
        Ok(ResumeOptions {
            sel: Selection::from_args(args),
            manager: args.str("field-manager"),
            format: print_flags::object_format_flags(args)?,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        self.sel.require()
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        super::patch_each(
            ctx,
            &self.sel,
            ("resumed", &self.manager, &self.format),
            resume,
        )
    }
}

fn resume(info: &Info, obj: &Value, _: &mut Ctx) -> Result<Value, String> {
    if super::group_kind(info) != "Deployment.apps" {
        return Err("resuming is not supported".into());
    }
    if obj.pointer("/spec/paused").and_then(|p| p.as_bool()) != Some(true) {
        return Err("is not paused".into());
    }
    // `paused: false` is omitted from the JSON, so the two-way merge patch deletes the field.
    Ok(json!({"spec": {"paused": null}}))
}
