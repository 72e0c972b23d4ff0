//! `kubectl create namespace NAME`.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::Ctx;
use super::super::util::create_flags;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

pub const LONG: &str = "Create a namespace with the given name.";

pub const EXAMPLES: &str = "  # Make a namespace called my-namespace
  kubectl create namespace my-namespace";

pub const USAGE: &str = "kubectl create namespace NAME [--dry-run=server|client|none] [options]";

pub fn build(name: &str) -> Value {
    json!({
        "kind": "Namespace",
        "apiVersion": "v1",
        "metadata": super::object_meta(name, None, None),
        "spec": {},
        "status": {},
    })
}

/// `create namespace`'s NAME and flags, read once.
pub struct CreateNamespaceOptions {
    name: String,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateNamespaceOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateNamespaceOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateNamespaceOptions, KError> {
        Ok(CreateNamespaceOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        super::finish(ctx, &self.flags, "namespaces", build(&self.name))
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn json_matches_kubectl() {
        let (out, _, code) = run("create namespace tp --dry-run=client -o json");
        assert_eq!(code, 0);
        assert_eq!(
            out,
            "{\n    \"kind\": \"Namespace\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"tp\",\n        \"creationTimestamp\": null\n    },\n    \"spec\": {},\n    \"status\": {}\n}\n"
        );
    }

    #[test]
    fn creates_and_refuses_twice() {
        let mut c = crate::testing::cluster();
        let mut fs = kubeplay_core::fs::MemFs::new();
        let k = crate::testing::kubectl;
        assert_eq!(
            k(&mut c, &mut fs, "create ns tp").0,
            "namespace/tp created\n"
        );
        assert_eq!(
            k(&mut c, &mut fs, "create namespace tp").1,
            "Error from server (AlreadyExists): namespaces \"tp\" already exists\n"
        );
        assert_eq!(
            k(&mut c, &mut fs, "create namespace").1,
            "error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples\n"
        );
    }
}
