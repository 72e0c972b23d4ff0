//! `kubectl config get-users`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::{Kubeconfig, Section};
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "List the users defined in the kubeconfig.";
pub const EXAMPLES: &str = "  # Show the users kubectl knows about
  kubectl config get-users";
pub const USAGE: &str = "kubectl config get-users [flags] [options]";

/// `config get-users` reads the kubeconfig only.
pub struct GetUsersOptions {
    kc: Kubeconfig,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = GetUsersOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl GetUsersOptions {
    pub fn complete(ctx: &mut Ctx, _args: &Args) -> Result<GetUsersOptions, KError> {
        let (kc, _) = super::load(ctx)?;
        Ok(GetUsersOptions { kc })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let mut out = String::from("NAME\n");
        for (name, _) in self.kc.entries(Section::Users) {
            out.push_str(&name);
            out.push('\n');
        }
        ctx.print(out);
        Ok(())
    }
}
