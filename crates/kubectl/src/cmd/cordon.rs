//! `kubectl cordon` and `kubectl uncordon`: set or clear a node's `spec.unschedulable`, so the
//! scheduler places no new pod there (pods already on it stay).

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::report_errors;

pub const FLAGS: &[Flag] = &[super::util::flags::DRY_RUN, super::util::flags::SELECTOR];

pub const USAGE: &str = "kubectl cordon NODE [options]";
pub const LONG: &str = "Mark node as unschedulable.";
pub const EXAMPLES: &str = "  # Mark node \"foo\" as unschedulable
  kubectl cordon foo";

pub mod uncordon {
    pub use super::FLAGS;
    pub const USAGE: &str = "kubectl uncordon NODE [options]";
    pub const LONG: &str = "Mark node as schedulable.";
    pub const EXAMPLES: &str = "  # Mark node \"foo\" as schedulable
  kubectl uncordon foo";

    pub fn run(ctx: &mut super::Ctx, args: &super::Args) -> Result<(), super::KError> {
        super::CordonOptions::complete(args, false, "uncordon")?.run(ctx)
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    CordonOptions::complete(args, true, "cordon")?.run(ctx)
}

/// The flags of `cordon` or `uncordon`, read once.
pub struct CordonOptions {
    /// true: cordon; false: uncordon.
    desired: bool,
    nodes: Vec<String>,
    selector: String,
    dry_run: DryRun,
}

impl CordonOptions {
    /// As kubectl's drain options, whose Complete checks everything: the nodes first (kubectl
    /// 1.32 reports a missing NODE before a bad `--dry-run`), then the dry-run strategy.
    fn complete(args: &Args, desired: bool, name: &str) -> Result<CordonOptions, KError> {
        let selector = args.str("selector");
        if args.positionals.is_empty() && selector.is_empty() {
            return Err(KError::Usage(format!("USAGE: {name} NODE [flags]")));
        }
        Ok(CordonOptions {
            desired,
            nodes: args.positionals.clone(),
            selector,
            dry_run: DryRun::from_args(args)?,
        })
    }

    fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let mut words = vec!["nodes".to_string()];
        words.extend(self.nodes.iter().cloned());
        let (infos, mut errors) = Builder::new(ctx)
            .require_namespace(NamespaceCheck::Files)
            .label_selector(&self.selector)
            .resource_type_or_name_args(&words)
            .names_required_unless(!self.selector.is_empty())
            .latest()
            .visit()?
            .split();
        for info in &infos {
            if let Err(e) = self.one(ctx, info) {
                errors.push(e);
            }
        }
        report_errors(ctx, errors)
    }

    fn one(&self, ctx: &mut Ctx, info: &Info) -> Result<(), KError> {
        super::util::cordon::mark(ctx, info, self.desired, self.dry_run)
    }
}
