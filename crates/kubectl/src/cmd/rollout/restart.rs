//! `kubectl rollout restart`: stamp the pod template with `kubectl.kubernetes.io/restartedAt`,
//! so the controller replaces every pod as for any template change (`ObjectRestarter`).

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::printers::Format;
use super::super::super::resources::Info;
use super::super::super::Ctx;
use super::super::util::print_flags;
use super::Selection;

pub const FLAGS: &[Flag] = super::PATCH_FLAGS;
pub const LONG: &str = "Restart a resource.

        Resource rollout will be restarted.";
pub const EXAMPLES: &str = "  # Restart all deployments in the test-namespace namespace
  kubectl rollout restart deployment -n test-namespace

  # Restart a deployment
  kubectl rollout restart deployment/nginx

  # Restart a daemon set
  kubectl rollout restart daemonset/abc

  # Restart deployments with the app=nginx label
  kubectl rollout restart deployment --selector=app=nginx";
pub const USAGE: &str = "kubectl rollout restart RESOURCE [options]";

pub struct RestartOptions {
    sel: Selection,
    manager: String,
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let mut o = RestartOptions::complete(args)?;
    o.format = o.format.map(|f| f.resolve(ctx.fs)).transpose()?;
    o.validate()?;
    o.run(ctx)
}

impl RestartOptions {
    pub fn complete(args: &Args) -> Result<RestartOptions, KError> {
        Ok(RestartOptions {
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
            ("restarted", &self.manager, &self.format),
            restart,
        )
    }
}

fn restart(info: &Info, obj: &Value, ctx: &mut Ctx) -> Result<Value, String> {
    if !super::is_workload(info) {
        return Err("restarting is not supported".into());
    }
    if info.resource.kind == "Deployment"
        && obj.pointer("/spec/paused").and_then(|p| p.as_bool()) == Some(true)
    {
        return Err("can't restart paused deployment (run rollout resume first)".into());
    }
    // kubectl stamps its own clock's time; here the cluster's clock is the only one.
    let now = ctx.api.clock().map(|t| t.rfc3339()).unwrap_or_default();
    Ok(json!({"spec": {"template": {"metadata": {"annotations": {
        "kubectl.kubernetes.io/restartedAt": now
    }}}}}))
}
