//! `kubectl top pod|node`: CPU and memory use from the metrics API (`metrics.k8s.io`), which a
//! cluster serves only with metrics-server installed; without it kubectl says the API is not
//! available. `metrics.rs` holds what both subcommands share (the API check, the table).

mod metrics;
pub mod node;
pub mod pod;

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::{usage, Command, Ctx};

pub const FLAGS: &[Flag] = &[];

pub const LONG: &str = "Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.";

pub const EXAMPLES: &str = "";

pub const USAGE: &str = "kubectl top [flags] [options]";

pub static SUBCOMMANDS: &[Command] = &[
    sub!(
        "node",
        &["nodes", "no"],
        "Display resource (CPU/memory) usage of nodes",
        node
    ),
    sub!(
        "pod",
        &["pods", "po"],
        "Display resource (CPU/memory) usage of pods",
        pod
    ),
];

/// `kubectl top` alone prints its help (and fails, as cobra does for a command that only groups
/// others); an unknown word is an unknown command.
pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    if let Some(unknown) = args.positionals.first() {
        return Err(KError::Usage(format!("unknown command \"{unknown}\"")));
    }
    if let Some(top) = super::COMMANDS.iter().find(|c| c.name == "top") {
        ctx.print(usage::command_help(&[top]));
    }
    Err(KError::Exit(1))
}
