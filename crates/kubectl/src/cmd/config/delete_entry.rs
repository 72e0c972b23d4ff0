//! `kubectl config delete-cluster|delete-context|delete-user NAME`: one command shape for the
//! three kubeconfig sections; removing the active context also warns.

use super::super::super::error::KError;
use super::super::super::flags::Args;
use super::super::super::kubeconfig::{Kubeconfig, Section};
use super::super::super::Ctx;

/// Which entry is removed, and the kubeconfig it is removed from.
pub struct DeleteEntryOptions {
    section: Section,
    /// `cluster`, `context` or `user`, as the messages name it.
    noun: &'static str,
    name: String,
    kc: Kubeconfig,
    path: String,
}

/// The `run` of `config delete-NOUN`.
pub fn run(ctx: &mut Ctx, args: &Args, section: Section, noun: &'static str) -> Result<(), KError> {
    let Some(o) = DeleteEntryOptions::complete(ctx, args, section, noun)? else {
        return Ok(());
    };
    o.validate()?;
    o.run(ctx)
}

impl DeleteEntryOptions {
    /// None when NAME is missing: kubectl then prints the help page and succeeds.
    pub fn complete(
        ctx: &mut Ctx,
        args: &Args,
        section: Section,
        noun: &'static str,
    ) -> Result<Option<DeleteEntryOptions>, KError> {
        let Some(name) = args.positionals.first() else {
            super::help_only(ctx, &format!("delete-{noun}"))?;
            return Ok(None);
        };
        let (kc, path) = super::load(ctx)?;
        Ok(Some(DeleteEntryOptions {
            section,
            noun,
            name: name.clone(),
            kc,
            path,
        }))
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (noun, name, path) = (self.noun, &self.name, &self.path);
        let mut kc = self.kc.clone();
        if !kc.remove_entry(self.section, name) {
            return Err(KError::msg(format!(
                "cannot delete {noun} {name}, not in {path}"
            )));
        }
        if self.section == Section::Contexts && kc.current_context() == self.name {
            ctx.eprint("warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n");
        }
        super::save(ctx, kc)?;
        ctx.print(format!("deleted {noun} {name} from {path}\n"));
        Ok(())
    }
}
