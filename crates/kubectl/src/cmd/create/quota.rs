//! `kubectl create quota NAME [--hard=k=v,...] [--scopes=A,B]`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{string, Args, Flag};
use super::super::super::Ctx;
use super::super::util::create_flags;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    string("hard", "", "The hard limits, as comma-separated resource=quantity pairs."),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    string("scopes", "", "Comma-separated quota scopes; an object counts against the quota only when it matches all of them."),
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

pub const LONG: &str =
    "Create a resource quota with the given name, hard limits and optional scopes.";

pub const EXAMPLES: &str = "  # A quota my-quota limiting CPU, memory and the number of several kinds of objects
  kubectl create quota my-quota --hard=cpu=1,memory=1G,pods=2,services=3,replicationcontrollers=2,resourcequotas=1,secrets=5,persistentvolumeclaims=10
  
  # A quota best-effort that only counts BestEffort pods
  kubectl create quota best-effort --hard=pods=100 --scopes=BestEffort";

pub const USAGE: &str = "kubectl create quota NAME [--hard=key1=value1,key2=value2] [--scopes=Scope1,Scope2] [--dry-run=server|client|none] [options]";

pub fn build(
    name: &str,
    namespace: Option<&str>,
    hard: &str,
    scopes: &str,
) -> Result<Value, KError> {
    let mut limits: BTreeMap<String, String> = BTreeMap::new();
    for pair in hard.split(',').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some((k, v)) if !k.is_empty() && !v.is_empty() => {
                limits.insert(k.to_string(), v.to_string());
            }
            _ => {
                return Err(KError::msg(format!(
                    "Invalid argument syntax {pair}, expected <resource>=<value>"
                )))
            }
        }
    }
    let mut spec = Map::new();
    if !limits.is_empty() {
        spec.insert("hard".into(), json!(limits));
    }
    let scopes: Vec<&str> = scopes.split(',').filter(|s| !s.is_empty()).collect();
    if !scopes.is_empty() {
        spec.insert("scopes".into(), json!(scopes));
    }
    Ok(json!({
        "kind": "ResourceQuota",
        "apiVersion": "v1",
        "metadata": super::object_meta(name, namespace, None),
        "spec": spec,
        "status": {},
    }))
}

/// `create quota`'s NAME and flags, read once.
pub struct CreateQuotaOptions {
    name: String,
    namespace: Option<String>,
    hard: String,
    scopes: String,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateQuotaOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateQuotaOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateQuotaOptions, KError> {
        Ok(CreateQuotaOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            hard: args.str("hard"),
            scopes: args.str("scopes"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let obj = build(
            &self.name,
            self.namespace.as_deref(),
            &self.hard,
            &self.scopes,
        )?;
        super::finish(ctx, &self.flags, "resourcequotas", obj)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn json_matches_kubectl() {
        let (out, err, _) = run("create quota q --hard=pods=2,cpu=1,memory=1G --scopes=BestEffort --dry-run=client -o json");
        assert_eq!(err, "");
        assert_eq!(out, "{\n    \"kind\": \"ResourceQuota\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"q\",\n        \"creationTimestamp\": null\n    },\n    \"spec\": {\n        \"hard\": {\n            \"cpu\": \"1\",\n            \"memory\": \"1G\",\n            \"pods\": \"2\"\n        },\n        \"scopes\": [\n            \"BestEffort\"\n        ]\n    },\n    \"status\": {}\n}\n");
        assert_eq!(
            run("create quota q --hard=cpu").1,
            "error: Invalid argument syntax cpu, expected <resource>=<value>\n"
        );
        assert_eq!(
            run("create resourcequota q --hard=pods=1").0,
            "resourcequota/q created\n"
        );
    }
}
