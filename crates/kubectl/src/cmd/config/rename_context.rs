//! `kubectl config rename-context OLD NEW`.

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::{Kubeconfig, Section};
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Give a context in the kubeconfig file a new name.

 CONTEXT_NAME is the context to rename.

 NEW_NAME is the name it gets.

 A context that is the current-context stays current under its new name.";
pub const EXAMPLES: &str = "  # Rename the context 'old-name' to 'new-name'
  kubectl config rename-context old-name new-name";
pub const USAGE: &str = "kubectl config rename-context CONTEXT_NAME NEW_NAME [options]";

/// `config rename-context`'s two names, and the kubeconfig it changes.
pub struct RenameContextOptions {
    old: String,
    new: String,
    kc: Kubeconfig,
    path: String,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = RenameContextOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl RenameContextOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<RenameContextOptions, KError> {
        let [old, new] = args.positionals.as_slice() else {
            return Err(super::unexpected_args(
                ctx,
                "rename-context",
                &args.positionals,
            ));
        };
        let (kc, path) = super::load(ctx)?;
        Ok(RenameContextOptions {
            old: old.clone(),
            new: new.clone(),
            kc,
            path,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        let (old, new, path) = (&self.old, &self.new, &self.path);
        if self.kc.entry(Section::Contexts, old).is_none() {
            return Err(KError::msg(format!(
                "cannot rename the context \"{old}\", it's not in {path}"
            )));
        }
        if self.kc.entry(Section::Contexts, new).is_some() {
            return Err(KError::msg(format!(
                "cannot rename the context \"{old}\", the context \"{new}\" already exists in {path}"
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (old, new) = (&self.old, &self.new);
        let mut kc = self.kc.clone();
        let body = kc.entry(Section::Contexts, old).unwrap_or_default();
        kc.remove_entry(Section::Contexts, old);
        kc.set_entry(Section::Contexts, new, body);
        if kc.current_context() == old {
            kc.set_current_context(new);
        }
        super::save(ctx, kc)?;
        ctx.print(format!("Context \"{old}\" renamed to \"{new}\".\n"));
        Ok(())
    }
}
