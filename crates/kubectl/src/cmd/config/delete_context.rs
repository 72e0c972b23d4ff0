//! `kubectl config delete-context NAME`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::{Kubeconfig, Section};
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Remove a context from the kubeconfig.";
pub const EXAMPLES: &str = "  # Remove the context of the minikube cluster
  kubectl config delete-context minikube";
pub const USAGE: &str = "kubectl config delete-context NAME [options]";

/// `config delete-context`'s NAME, and the kubeconfig it is removed from.
pub struct DeleteContextOptions {
    name: String,
    kc: Kubeconfig,
    path: String,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let Some(o) = DeleteContextOptions::complete(ctx, args)? else {
        return Ok(());
    };
    o.validate()?;
    o.run(ctx)
}

impl DeleteContextOptions {
    /// None when NAME is missing: kubectl then prints the help page and succeeds.
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<Option<DeleteContextOptions>, KError> {
        let Some(name) = args.positionals.first() else {
            super::help_only(ctx, "delete-context")?;
            return Ok(None);
        };
        let (kc, path) = super::load(ctx)?;
        Ok(Some(DeleteContextOptions {
            name: name.clone(),
            kc,
            path,
        }))
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (name, path) = (&self.name, &self.path);
        let mut kc = self.kc.clone();
        if !kc.remove_entry(Section::Contexts, name) {
            return Err(KError::msg(format!(
                "cannot delete context {name}, not in {path}"
            )));
        }
        if kc.current_context() == self.name {
            ctx.eprint("warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n");
        }
        super::save(ctx, kc)?;
        ctx.print(format!("deleted context {name} from {path}\n"));
        Ok(())
    }
}
