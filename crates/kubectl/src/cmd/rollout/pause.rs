//! `kubectl rollout pause`: set a Deployment's `spec.paused`, so its controller makes no new
//! ReplicaSet until it is resumed (`ObjectPauser`).

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::printers::Format;
use super::super::super::resources::Info;
use super::super::super::Ctx;
use super::super::util::print_flags;
use super::Selection;

pub const FLAGS: &[Flag] = super::PATCH_FLAGS;
pub const LONG: &str = "Mark the provided resource as paused.

 Paused resources will not be reconciled by a controller. Use \"kubectl rollout resume\" to resume a paused resource. Currently only deployments support being paused.";
pub const EXAMPLES: &str = "  # Mark the nginx deployment as paused
  # Any current state of the deployment will continue its function; new updates
  # to the deployment will not have an effect as long as the deployment is paused
  kubectl rollout pause deployment/nginx";
pub const USAGE: &str = "kubectl rollout pause RESOURCE [options]";

pub struct PauseOptions {
    sel: Selection,
    manager: String,
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let mut o = PauseOptions::complete(args)?;
    o.format = o.format.map(|f| f.resolve(ctx.fs)).transpose()?;
    o.validate()?;
    o.run(ctx)
}

impl PauseOptions {
    pub fn complete(args: &Args) -> Result<PauseOptions, KError> {
        Ok(PauseOptions {
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
            ("paused", &self.manager, &self.format),
            pause,
        )
    }
}

fn pause(info: &Info, obj: &Value, _: &mut Ctx) -> Result<Value, String> {
    if super::group_kind(info) != "Deployment.apps" {
        return Err("pausing is not supported".into());
    }
    if obj.pointer("/spec/paused").and_then(|p| p.as_bool()) == Some(true) {
        return Err("is already paused".into());
    }
    Ok(json!({"spec": {"paused": true}}))
}
