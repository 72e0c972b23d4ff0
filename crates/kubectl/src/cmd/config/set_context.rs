//! `kubectl config set-context [NAME | --current]`: create a context or change its fields.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, string, Args, Flag};
use super::super::super::kubeconfig::{Kubeconfig, Section};
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

/// `config set-context`'s NAME (or --current) and flags, and the kubeconfig it changes. A field
/// flag is `Some` when given, even empty.
pub struct SetContextOptions {
    name: Option<String>,
    current: bool,
    cluster: Option<String>,
    user: Option<String>,
    namespace: Option<String>,
    kc: Kubeconfig,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = SetContextOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl SetContextOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<SetContextOptions, KError> {
        if args.positionals.len() > 1 {
            return Err(super::unexpected_args(
                ctx,
                "set-context",
                &args.positionals,
            ));
        }
        let (kc, _) = super::load(ctx)?;
        Ok(SetContextOptions {
            name: args.positionals.first().cloned(),
            current: args.bool("current"),
            cluster: args.opt("cluster"),
            user: args.opt("user"),
            namespace: args.opt("namespace"),
            kc,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        self.context_name().map(|_| ())
    }

    /// The context to set: NAME, or the current one with --current.
    fn context_name(&self) -> Result<String, KError> {
        match (&self.name, self.current) {
            (Some(_), true) => Err(KError::msg(
                "you cannot specify both a context name and --current",
            )),
            (Some(n), false) if !n.is_empty() => Ok(n.clone()),
            (None, true) => {
                let c = self.kc.current_context().to_string();
                if c.is_empty() {
                    return Err(KError::msg("no current context is set"));
                }
                Ok(c)
            }
            _ => Err(KError::msg(
                "you must specify a non-empty context name or --current",
            )),
        }
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let name = self.context_name()?;
        let mut kc = self.kc.clone();
        let existing = kc.entry(Section::Contexts, &name);
        let exists = existing.is_some();
        let mut body = existing.unwrap_or_else(|| json!({}));
        for (flag, given) in [
            ("cluster", &self.cluster),
            ("user", &self.user),
            ("namespace", &self.namespace),
        ] {
            if let Some(v) = given {
                put(&mut body, flag, Value::String(v.clone()));
            }
        }
        kc.set_entry(Section::Contexts, &name, body);
        super::save(ctx, kc)?;
        let verb = if exists { "modified" } else { "created" };
        ctx.print(format!("Context \"{name}\" {verb}.\n"));
        Ok(())
    }
}
