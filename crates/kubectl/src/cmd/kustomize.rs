//! `kubectl kustomize [DIR]`: build a kustomization directory and print the objects (or write
//! them to `-o PATH`), kustomize's deprecation warnings on stderr. The build itself is the
//! kustomize crate's; remote directories are refused there.

use super::super::error::KError;
use super::super::flags::{flag, Args, Flag, Kind};
use super::super::Ctx;

pub const FLAGS: &[Flag] = &[
    flag("load-restrictor", None, Kind::Str, "LoadRestrictionsRootOnly", "if set to 'LoadRestrictionsNone', local kustomizations may load files from outside their root. This does, however, break the relocatability of the kustomization."),
    flag("output", Some('o'), Kind::Str, "", "If specified, write output to this path."),
];
pub const LONG: &str = "Build the objects a 'kustomization.yaml' describes: its resources, generated ConfigMaps and Secrets, patches, names, labels and images. DIR is a directory holding a 'kustomization.yaml' (the current directory when omitted); remote repositories are not available here.";
pub const EXAMPLES: &str = "  # Build the kustomization of the current directory
  kubectl kustomize
  
  # Build an overlay and save the result
  kubectl kustomize overlays/prod -o prod.yaml";
pub const USAGE: &str = "kubectl kustomize DIR [flags] [options]";

fn write(ctx: &mut Ctx, path: &str, text: &str) -> Result<(), KError> {
    ctx.fs
        .write(path, text)
        .map_err(|_| KError::msg(format!("open {path}: no such file or directory")))
}

/// kustomize's warnings (deprecated fields), on stderr as it prints them.
fn warn(ctx: &mut Ctx, warnings: &[String]) {
    for w in warnings {
        ctx.eprint(format!("{w}\n"));
    }
}

pub struct KustomizeOptions {
    dirs: Vec<String>,
    output: String,
    load_restrictor: String,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = KustomizeOptions::complete(args);
    o.validate()?;
    o.run(ctx)
}

impl KustomizeOptions {
    pub fn complete(args: &Args) -> KustomizeOptions {
        KustomizeOptions {
            dirs: args.positionals.clone(),
            output: args.str("output"),
            load_restrictor: args.str("load-restrictor"),
        }
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.dirs.len() > 1 {
            return Err(KError::msg("specify one path to kustomization.yaml"));
        }
        if !matches!(
            self.load_restrictor.as_str(),
            "LoadRestrictionsRootOnly" | "LoadRestrictionsNone"
        ) {
            return Err(KError::msg(format!(
                "illegal flag value --load-restrictor {}; legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]",
                self.load_restrictor
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let dir = self.dirs.first().map_or(".", String::as_str);
        let options = kubeplay_kustomize::Options {
            root_only: self.load_restrictor != "LoadRestrictionsNone",
        };
        let built = match kubeplay_kustomize::build_with(&*ctx.fs, dir, options) {
            Ok(built) => built,
            Err(failed) => {
                warn(ctx, &failed.warnings);
                return Err(KError::msg(failed.message));
            }
        };
        warn(ctx, &built.warnings);
        let text = kubeplay_kustomize::to_yaml(&built.resources);
        if self.output.is_empty() {
            ctx.print(text);
            return Ok(());
        }
        if ctx.fs.is_dir(&self.output) {
            for (name, text) in kubeplay_kustomize::individual_files(&built.resources) {
                let path = format!("{}/{name}", self.output.trim_end_matches('/'));
                write(ctx, &path, &text)?;
            }
            return Ok(());
        }
        write(ctx, &self.output, &text)
    }
}
