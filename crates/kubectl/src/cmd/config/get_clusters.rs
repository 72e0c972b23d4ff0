//! `kubectl config get-clusters`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::{Kubeconfig, Section};
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "List the clusters defined in the kubeconfig.";
pub const EXAMPLES: &str = "  # Show the clusters kubectl knows about
  kubectl config get-clusters";
pub const USAGE: &str = "kubectl config get-clusters [flags] [options]";

/// `config get-clusters` reads the kubeconfig only.
pub struct GetClustersOptions {
    kc: Kubeconfig,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = GetClustersOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl GetClustersOptions {
    pub fn complete(ctx: &mut Ctx, _args: &Args) -> Result<GetClustersOptions, KError> {
        let (kc, _) = super::load(ctx)?;
        Ok(GetClustersOptions { kc })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let mut out = String::from("NAME\n");
        for (name, _) in self.kc.entries(Section::Clusters) {
            out.push_str(&name);
            out.push('\n');
        }
        ctx.print(out);
        Ok(())
    }
}
