//! `kubectl create serviceaccount NAME`.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::Ctx;
use super::super::util::create_flags;

pub const FLAGS: &[Flag] = super::namespace::FLAGS;

pub const LONG: &str = "Create a service account with the given name.";

pub const EXAMPLES: &str = "  # Make a service account called my-service-account
  kubectl create serviceaccount my-service-account";

pub const USAGE: &str =
    "kubectl create serviceaccount NAME [--dry-run=server|client|none] [options]";

pub fn build(name: &str, namespace: Option<&str>) -> Value {
    json!({
        "kind": "ServiceAccount",
        "apiVersion": "v1",
        "metadata": super::object_meta(name, namespace, None),
    })
}

/// `create serviceaccount`'s NAME and flags, read once.
pub struct CreateServiceAccountOptions {
    name: String,
    namespace: Option<String>,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateServiceAccountOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateServiceAccountOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateServiceAccountOptions, KError> {
        Ok(CreateServiceAccountOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let obj = build(&self.name, self.namespace.as_deref());
        super::finish(ctx, &self.flags, "serviceaccounts", obj)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn created_and_dry_run() {
        assert_eq!(run("create sa robot").0, "serviceaccount/robot created\n");
        assert_eq!(
            run("create serviceaccount robot -n default --dry-run=client -o json").0,
            "{\n    \"kind\": \"ServiceAccount\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"robot\",\n        \"namespace\": \"default\",\n        \"creationTimestamp\": null\n    }\n}\n"
        );
        assert_eq!(
            run("create sa").1,
            "error: exactly one NAME is required, got 0\nSee 'kubectl create serviceaccount -h' for help and examples\n"
        );
    }
}
