//! `kubectl config delete-user NAME`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::Section;
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Remove a user from the kubeconfig.";
pub const EXAMPLES: &str = "  # Remove the minikube user
  kubectl config delete-user minikube";
pub const USAGE: &str = "kubectl config delete-user NAME [options]";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let Some(name) = args.positionals.first() else {
        return super::help_only(ctx, "delete-user");
    };
    let (mut kc, path) = super::load(ctx)?;
    if !kc.remove_entry(Section::Users, name) {
        return Err(KError::msg(format!(
            "cannot delete user {name}, not in {path}"
        )));
    }
    super::save(ctx, kc)?;
    ctx.print(format!("deleted user {name} from {path}\n"));
    Ok(())
}
