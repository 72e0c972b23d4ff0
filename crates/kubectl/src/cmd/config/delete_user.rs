//! `kubectl config delete-user NAME`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::{Kubeconfig, Section};
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Remove a user from the kubeconfig.";
pub const EXAMPLES: &str = "  # Remove the minikube user
  kubectl config delete-user minikube";
pub const USAGE: &str = "kubectl config delete-user NAME [options]";

/// `config delete-user`'s NAME, and the kubeconfig it is removed from.
pub struct DeleteUserOptions {
    name: String,
    kc: Kubeconfig,
    path: String,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let Some(o) = DeleteUserOptions::complete(ctx, args)? else {
        return Ok(());
    };
    o.validate()?;
    o.run(ctx)
}

impl DeleteUserOptions {
    /// None when NAME is missing: kubectl then prints the help page and succeeds.
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<Option<DeleteUserOptions>, KError> {
        let Some(name) = args.positionals.first() else {
            super::help_only(ctx, "delete-user")?;
            return Ok(None);
        };
        let (kc, path) = super::load(ctx)?;
        Ok(Some(DeleteUserOptions {
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
        if !kc.remove_entry(Section::Users, name) {
            return Err(KError::msg(format!(
                "cannot delete user {name}, not in {path}"
            )));
        }
        super::save(ctx, kc)?;
        ctx.print(format!("deleted user {name} from {path}\n"));
        Ok(())
    }
}
