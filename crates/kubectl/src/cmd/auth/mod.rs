//! `kubectl auth`: whether an action is allowed (`can-i`), who the server says you are
//! (`whoami`), and RBAC objects merged into the cluster's (`reconcile`).

pub mod can_i;
pub mod reconcile;
mod reconciliation;
pub mod whoami;

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::usage;
use super::super::{Command, Ctx};

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Inspect authorization.";
pub const EXAMPLES: &str = "";
pub const USAGE: &str = "kubectl auth [flags] [options]";

/// `kubectl auth` alone prints its help and fails, as kubectl's command groups do.
pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    if let Some(unknown) = args.positionals.first() {
        return Err(KError::Usage(format!("unknown command \"{unknown}\"")));
    }
    let text = super::COMMANDS
        .iter()
        .find(|c| c.name == "auth")
        .map(|c| usage::command_help(&[c]))
        .unwrap_or_default();
    ctx.print(text);
    Err(KError::Exit(1))
}

pub static SUBCOMMANDS: &[Command] = &[
    sub!("can-i", &[], "Check whether an action is allowed", can_i),
    sub!(
        "reconcile",
        &[],
        "Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects",
        reconcile
    ),
    sub!("whoami", &[], "Experimental: Check self subject attributes", whoami),
];
