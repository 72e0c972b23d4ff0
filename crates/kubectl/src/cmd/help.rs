//! `kubectl help [COMMAND...]`: the help page of the command named, as `COMMAND --help` prints
//! it; for a topic that is no command, cobra's `Unknown help topic` and the root usage, on
//! standard error, with success.

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::help;
use super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const USAGE: &str = "kubectl help [command] [options]";
pub const LONG: &str = "Help provides help for any command in the application.
Simply type kubectl help [path to command] for full details.";
pub const EXAMPLES: &str = "";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let (path, rest) = crate::find_command(&args.positionals);
    if rest.is_empty() {
        ctx.print(help::help_for(&path));
        return Ok(());
    }
    let topic: Vec<String> = args.positionals.iter().map(|w| format!("`{w}`")).collect();
    let root = help::root_help();
    let usage = root
        .find("Basic Commands")
        .map(|at| &root[at..])
        .unwrap_or(&root);
    ctx.eprint(format!(
        "Unknown help topic [{}]\n\n\n{usage}",
        topic.join(" ")
    ));
    Ok(())
}
