//! `--dry-run=none|client|server`: one strategy for every command that writes.

use crate::error::KError;
use crate::flags::Args;
use crate::Ctx;
use kubeplay_core::api::ApiRequest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRun {
    None,
    Client,
    Server,
}

impl DryRun {
    /// `--dry-run` as apply, delete, label, annotate and scale read it: the deprecated spellings
    /// (a bare flag, `true`, `false`) are taken without a word.
    pub fn from_args(args: &Args) -> Result<DryRun, KError> {
        parse(&args.str("dry-run")).map(|(strategy, _)| strategy)
    }

    /// `--dry-run` as create, run and expose read it: a deprecated spelling still works, after
    /// the klog warning kubectl prints for it.
    pub fn from_args_warning(ctx: &mut Ctx, args: &Args) -> Result<DryRun, KError> {
        let (strategy, deprecated) = parse(&args.str("dry-run"))?;
        if let Some(advice) = deprecated {
            klog_warning(ctx, "helpers.go:702", advice);
        }
        Ok(strategy)
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

/// The strategy a value names, with kubectl's advice when it is a deprecated spelling.
fn parse(value: &str) -> Result<(DryRun, Option<&'static str>), KError> {
    Ok(match value {
        "" | "none" => (DryRun::None, None),
        "client" => (DryRun::Client, None),
        "server" => (DryRun::Server, None),
        // A bare `--dry-run` arrives as "unchanged" (the flag's NoOptDefVal).
        "unchanged" | "true" => (
            DryRun::Client,
            Some("--dry-run is deprecated and can be replaced with --dry-run=client."),
        ),
        "false" => (
            DryRun::None,
            Some("--dry-run=false is deprecated (boolean value) and can be replaced with --dry-run=none."),
        ),
        other => {
            return Err(KError::msg(format!(
                "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            )))
        }
    })
}

/// A klog warning on stderr, after its prefix: `W1125 10:00:00.000000       1 helpers.go:702] `
/// (month, day and time from the cluster's clock; the process id of a browser tab is 1; `at` is
/// kubectl's source file and line).
pub fn klog_warning(ctx: &mut Ctx, at: &str, text: &str) {
    let head = klog_warning_head(ctx, at);
    ctx.eprint(format!("{head}{text}\n"));
}

fn klog_warning_head(ctx: &Ctx, at: &str) -> String {
    let rfc = ctx.api.clock().map(|t| t.rfc3339()).unwrap_or_default();
    // 2026-11-25T10:00:00Z -> 1125 10:00:00
    let (date, time) = rfc.split_once('T').unwrap_or(("", ""));
    let md: String = date.get(5..).unwrap_or("").replace('-', "");
    let hms = time.trim_end_matches('Z');
    format!("W{md} {hms}.000000       1 {at}] ")
}
