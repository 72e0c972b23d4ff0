//! `kubectl config use-context NAME` (alias `use`).

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::{Kubeconfig, Section};
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Make a context the current-context of a kubeconfig file.";
pub const EXAMPLES: &str = "  # Switch to the context of the minikube cluster
  kubectl config use-context minikube";
pub const USAGE: &str = "kubectl config use-context CONTEXT_NAME [options]";

/// `config use-context`'s NAME, and the kubeconfig it changes.
pub struct UseContextOptions {
    name: String,
    kc: Kubeconfig,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = UseContextOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl UseContextOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<UseContextOptions, KError> {
        let [name] = args.positionals.as_slice() else {
            return Err(super::unexpected_args(
                ctx,
                "use-context",
                &args.positionals,
            ));
        };
        let (kc, _) = super::load(ctx)?;
        Ok(UseContextOptions {
            name: name.clone(),
            kc,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        let name = &self.name;
        if self.kc.entry(Section::Contexts, name).is_none() {
            return Err(KError::msg(format!(
                "no context exists with the name: \"{name}\""
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let name = &self.name;
        let mut kc = self.kc.clone();
        kc.set_current_context(name);
        super::save(ctx, kc)?;
        ctx.print(format!("Switched to context \"{name}\".\n"));
        Ok(())
    }
}
