//! `--dry-run=none|client|server`, shared by every command that writes.

use crate::error::KError;
use crate::flags::Args;
use kubeplay_core::api::ApiRequest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRun {
    None,
    Client,
    Server,
}

impl DryRun {
    pub fn from_args(args: &Args) -> Result<DryRun, KError> {
        match args.str("dry-run").as_str() {
            "" | "none" | "false" => Ok(DryRun::None),
            // A bare `--dry-run` is kubectl's deprecated spelling of `--dry-run=client`.
            "client" | "unchanged" | "true" => Ok(DryRun::Client),
            "server" => Ok(DryRun::Server),
            other => Err(KError::msg(format!(
                "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            ))),
        }
    }

    /// What kubectl appends to its success line: ` (dry run)`, ` (server dry run)`.
    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }

    /// Server dry runs are ordinary requests with `dryRun=All`.
    pub fn on(self, req: ApiRequest) -> ApiRequest {
        match self {
            DryRun::Server => req.with_query("dryRun", "All"),
            _ => req,
        }
    }
}

pub const FLAG_USAGE: &str = "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.";
