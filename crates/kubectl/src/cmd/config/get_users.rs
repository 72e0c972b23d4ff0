//! `kubectl config get-users`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::Section;
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "List the users defined in the kubeconfig.";
pub const EXAMPLES: &str = "  # Show the users kubectl knows about
  kubectl config get-users";
pub const USAGE: &str = "kubectl config get-users [flags] [options]";

pub fn run(ctx: &mut Ctx, _args: &Args) -> Result<(), KError> {
    let (kc, _) = super::load(ctx)?;
    let mut out = String::from("NAME\n");
    for (name, _) in kc.entries(Section::Users) {
        out.push_str(&name);
        out.push('\n');
    }
    ctx.print(out);
    Ok(())
}
