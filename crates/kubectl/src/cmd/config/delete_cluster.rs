//! `kubectl config delete-cluster NAME`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::Section;
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Remove a cluster from the kubeconfig.";
pub const EXAMPLES: &str = "  # Remove the minikube cluster
  kubectl config delete-cluster minikube";
pub const USAGE: &str = "kubectl config delete-cluster NAME [options]";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let Some(name) = args.positionals.first() else {
        return super::help_only(ctx, "delete-cluster");
    };
    let (mut kc, path) = super::load(ctx)?;
    if !kc.remove_entry(Section::Clusters, name) {
        return Err(KError::msg(format!(
            "cannot delete cluster {name}, not in {path}"
        )));
    }
    super::save(ctx, kc)?;
    ctx.print(format!("deleted cluster {name} from {path}\n"));
    Ok(())
}
