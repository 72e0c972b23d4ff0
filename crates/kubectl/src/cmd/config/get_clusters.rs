//! `kubectl config get-clusters`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::Section;
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "List the clusters defined in the kubeconfig.";
pub const EXAMPLES: &str = "  # Show the clusters kubectl knows about
  kubectl config get-clusters";
pub const USAGE: &str = "kubectl config get-clusters [flags] [options]";

pub fn run(ctx: &mut Ctx, _args: &Args) -> Result<(), KError> {
    let (kc, _) = super::load(ctx)?;
    let mut out = String::from("NAME\n");
    for (name, _) in kc.entries(Section::Clusters) {
        out.push_str(&name);
        out.push('\n');
    }
    ctx.print(out);
    Ok(())
}
