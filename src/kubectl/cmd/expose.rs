//! `kubectl expose` (being written).

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "";
pub const EXAMPLES: &str = "";
pub const USAGE: &str = "kubectl expose [options]";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let _ = (ctx, args);
    Err(KError::msg("not implemented yet"))
}
