//! `kubectl config unset PROPERTY`: clear a field or remove a whole entry.

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::{Kubeconfig, SECTIONS};
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Clear one value in a kubeconfig file.

 PROPERTY_NAME is a dot separated path in which each part names either a field or a map key.  Map keys cannot contain dots.";
pub const EXAMPLES: &str = "  # Clear the current-context
  kubectl config unset current-context
  
  # Clear the namespace of the foo context
  kubectl config unset contexts.foo.namespace";
pub const USAGE: &str = "kubectl config unset PROPERTY_NAME [options]";

fn unset_property(kc: &mut Kubeconfig, prop: &str) -> Result<(), KError> {
    let tokens: Vec<&str> = prop.split('.').collect();
    let bad = || KError::msg(format!("unable to parse {prop} after [] at api.Config"));
    match tokens.as_slice() {
        ["current-context"] => kc.set_current_context(""),
        ["preferences", "colors"] => {
            if let Some(p) = kc
                .doc
                .get_mut("preferences")
                .and_then(|p| p.as_object_mut())
            {
                p.shift_remove("colors");
            }
        }
        [sec, name, rest @ ..] if rest.len() <= 1 => {
            let s = SECTIONS
                .into_iter()
                .find(|s| s.key() == *sec)
                .ok_or_else(bad)?;
            let Some(mut body) = kc.entry(s, name) else {
                return Err(KError::msg(format!("current map key `{name}` is invalid")));
            };
            match rest.first() {
                None => {
                    kc.remove_entry(s, name);
                }
                Some(field) => {
                    if let Some(m) = body.as_object_mut() {
                        m.insert((*field).to_string(), Value::Null);
                    }
                    kc.set_entry(s, name, body);
                }
            }
        }
        _ => return Err(bad()),
    }
    Ok(())
}

/// `config unset`'s PROPERTY_NAME, and the kubeconfig it changes.
pub struct UnsetOptions {
    prop: String,
    kc: Kubeconfig,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = UnsetOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl UnsetOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<UnsetOptions, KError> {
        let [prop] = args.positionals.as_slice() else {
            return Err(super::unexpected_args(ctx, "unset", &args.positionals));
        };
        let (kc, _) = super::load(ctx)?;
        Ok(UnsetOptions {
            prop: prop.clone(),
            kc,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let prop = &self.prop;
        let mut kc = self.kc.clone();
        unset_property(&mut kc, prop)?;
        super::save(ctx, kc)?;
        ctx.print(format!("Property \"{prop}\" unset.\n"));
        Ok(())
    }
}
