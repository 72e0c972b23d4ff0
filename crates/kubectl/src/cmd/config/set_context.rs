//! `kubectl config set-context [NAME | --current]`: create a context or change its fields.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, string, Args, Flag};
use super::super::super::kubeconfig::Section;
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[
    string("cluster", "", "cluster for the context entry in kubeconfig"),
    boolean("current", "Modify the current context"),
    string(
        "namespace",
        "",
        "namespace for the context entry in kubeconfig",
    ),
    string("user", "", "user for the context entry in kubeconfig"),
];
pub const LONG: &str = "Create or change a context entry in the kubeconfig.

 When the context already exists, only the fields given as flags change; the others keep their values.";
pub const EXAMPLES: &str =
    "  # Point the gce context at the cluster-admin user, leaving its other fields alone
  kubectl config set-context gce --user=cluster-admin";
pub const USAGE: &str = "kubectl config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]";

/// Set or clear one field, as a provided flag does even when empty.
pub(crate) fn put(body: &mut Value, key: &str, value: Value) {
    if !body.is_object() {
        *body = json!({});
    }
    if let Some(m) = body.as_object_mut() {
        m.insert(key.to_string(), value);
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    if args.positionals.len() > 1 {
        return Err(super::unexpected_args(
            ctx,
            "set-context",
            &args.positionals,
        ));
    }
    let current = args.bool("current");
    let (mut kc, _) = super::load(ctx)?;
    let name = match (args.positionals.first(), current) {
        (Some(_), true) => {
            return Err(KError::msg(
                "you cannot specify both a context name and --current",
            ))
        }
        (Some(n), false) if !n.is_empty() => n.clone(),
        (None, true) => {
            let c = kc.current_context().to_string();
            if c.is_empty() {
                return Err(KError::msg("no current context is set"));
            }
            c
        }
        _ => {
            return Err(KError::msg(
                "you must specify a non-empty context name or --current",
            ))
        }
    };
    let existing = kc.entry(Section::Contexts, &name);
    let exists = existing.is_some();
    let mut body = existing.unwrap_or_else(|| json!({}));
    for flag in ["cluster", "user", "namespace"] {
        if args.is_set(flag) {
            put(&mut body, flag, Value::String(args.str(flag)));
        }
    }
    kc.set_entry(Section::Contexts, &name, body);
    super::save(ctx, kc)?;
    let verb = if exists { "modified" } else { "created" };
    ctx.print(format!("Context \"{name}\" {verb}.\n"));
    Ok(())
}
