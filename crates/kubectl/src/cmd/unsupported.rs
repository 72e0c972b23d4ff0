//! Commands a browser cluster cannot honestly perform yet: they say so in kubectl's error style
//! instead of pretending.

use super::super::error::KError;
use super::super::flags::Args;
use super::super::Ctx;

pub fn run(ctx: &mut Ctx, _args: &Args) -> Result<(), KError> {
    Err(KError::msg(format!(
        "\"kubectl {}\" is not available in kubeplay yet",
        ctx.cmd_path
    )))
}
