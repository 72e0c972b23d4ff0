//! `kubectl config current-context`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Print the name of the current context.";
pub const EXAMPLES: &str = "  # Print the name of the context kubectl uses now
  kubectl config current-context";
pub const USAGE: &str = "kubectl config current-context [flags] [options]";

pub fn run(ctx: &mut Ctx, _args: &Args) -> Result<(), KError> {
    let (kc, _) = super::load(ctx)?;
    let name = kc.current_context().to_string();
    if name.is_empty() {
        return Err(KError::msg("current-context is not set"));
    }
    ctx.print(format!("{name}\n"));
    Ok(())
}
