//! `kubectl config current-context`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::Kubeconfig;
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Print the name of the current context.";
pub const EXAMPLES: &str = "  # Print the name of the context kubectl uses now
  kubectl config current-context";
pub const USAGE: &str = "kubectl config current-context [flags] [options]";

/// `config current-context` reads the kubeconfig only.
pub struct CurrentContextOptions {
    kc: Kubeconfig,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CurrentContextOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CurrentContextOptions {
    pub fn complete(ctx: &mut Ctx, _args: &Args) -> Result<CurrentContextOptions, KError> {
        let (kc, _) = super::load(ctx)?;
        Ok(CurrentContextOptions { kc })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.kc.current_context().is_empty() {
            return Err(KError::msg("current-context is not set"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        ctx.print(format!("{}\n", self.kc.current_context()));
        Ok(())
    }
}
