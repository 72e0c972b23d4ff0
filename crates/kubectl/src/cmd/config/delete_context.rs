//! `kubectl config delete-context NAME`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::Section;
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Remove a context from the kubeconfig.";
pub const EXAMPLES: &str = "  # Remove the context of the minikube cluster
  kubectl config delete-context minikube";
pub const USAGE: &str = "kubectl config delete-context NAME [options]";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let Some(name) = args.positionals.first() else {
        return super::help_only(ctx, "delete-context");
    };
    let (mut kc, path) = super::load(ctx)?;
    if !kc.remove_entry(Section::Contexts, name) {
        return Err(KError::msg(format!(
            "cannot delete context {name}, not in {path}"
        )));
    }
    if kc.current_context() == name {
        ctx.eprint("warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n");
    }
    super::save(ctx, kc)?;
    ctx.print(format!("deleted context {name} from {path}\n"));
    Ok(())
}
