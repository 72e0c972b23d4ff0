//! `kubectl apply view-last-applied`: the last-applied-configuration of live objects, named by
//! arguments, a selector or files, as YAML documents or JSON.

use crate::cmd::util::errors::report_errors;
use crate::cmd::util::last_applied;
use crate::error::KError;
use crate::flags::Args;
use crate::printers::go_json_escape;
use crate::resources::{Builder, NamespaceCheck};
use crate::Ctx;

/// `view-last-applied`'s flags, read once.
pub struct ViewLastAppliedOptions {
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    selector: String,
    args: Vec<String>,
    json: bool,
}

pub fn view(ctx: &mut Ctx, args: &Args, positionals: &[String]) -> Result<(), KError> {
    ViewLastAppliedOptions::complete(args, positionals)?.run(ctx)
}

impl ViewLastAppliedOptions {
    pub fn complete(args: &Args, positionals: &[String]) -> Result<Self, KError> {
        let json = match args.str("output").as_str() {
            // Reached through `apply`'s own flags, -o defaults to empty rather than yaml.
            "" | "yaml" => false,
            "json" => true,
            other => {
                return Err(KError::Usage(format!(
                    "Unexpected -o output mode: {other}, the flag 'output' must be one of yaml|json"
                )))
            }
        };
        Ok(ViewLastAppliedOptions {
            filenames: args.list("filename"),
            kustomize: args.str("kustomize"),
            recursive: args.bool("recursive"),
            selector: args.str("selector"),
            args: positionals.to_vec(),
            json,
        })
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (infos, errors) = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .require_namespace(NamespaceCheck::Files)
            .label_selector(&self.selector)
            .resource_type_or_name_args(&self.args)
            .latest()
            .visit()?
            .split();
        let docs: Vec<String> = infos
            .iter()
            .filter_map(|info| last_applied::from_live(info.live.as_ref()?))
            .map(|cfg| match self.json {
                true => {
                    go_json_escape(&serde_json::to_string_pretty(&cfg).unwrap_or_default()) + "\n"
                }
                false => kubeplay_yaml::to_yaml(&cfg),
            })
            .collect();
        let sep = if self.json { "" } else { "---\n" };
        ctx.print(docs.join(sep));
        report_errors(ctx, errors)
    }
}
