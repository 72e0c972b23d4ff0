//! `kubectl options`: the flags every command accepts, as kubectl 1.32 prints them for the
//! playground's home directory (`data/options.txt`, written from the real binary by
//! `scripts/kubectl-flags.py`).

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::Ctx;

const TEXT: &str = include_str!("../../data/options.txt");

pub const FLAGS: &[Flag] = &[];
pub const USAGE: &str = "kubectl options [options]";
pub const LONG: &str = "Print the list of flags inherited by all commands";
pub const EXAMPLES: &str = "  # Print flags inherited by all commands
  kubectl options";

pub fn run(ctx: &mut Ctx, _args: &Args) -> Result<(), KError> {
    ctx.print(TEXT);
    Ok(())
}
