//! `kubectl config use-context NAME` (alias `use`).

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::Section;
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Make a context the current-context of a kubeconfig file.";
pub const EXAMPLES: &str = "  # Switch to the context of the minikube cluster
  kubectl config use-context minikube";
pub const USAGE: &str = "kubectl config use-context CONTEXT_NAME [options]";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let [name] = args.positionals.as_slice() else {
        return Err(super::unexpected_args(
            ctx,
            "use-context",
            &args.positionals,
        ));
    };
    let (mut kc, _) = super::load(ctx)?;
    if kc.entry(Section::Contexts, name).is_none() {
        return Err(KError::msg(format!(
            "no context exists with the name: \"{name}\""
        )));
    }
    kc.set_current_context(name);
    super::save(ctx, kc)?;
    ctx.print(format!("Switched to context \"{name}\".\n"));
    Ok(())
}
