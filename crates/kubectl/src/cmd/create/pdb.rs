//! `kubectl create poddisruptionbudget NAME --selector=... --min-available=N|--max-unavailable=N`.

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{string, Args, Flag};
use super::super::super::Ctx;
use super::super::util::create_flags;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    string(
        "max-unavailable",
        "",
        "How many of the selected pods (a number or a percentage) may be unavailable at most.",
    ),
    string(
        "min-available",
        "",
        "How many of the selected pods (a number or a percentage) must stay available.",
    ),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    string(
        "selector",
        "",
        "The label selector of the pods the budget protects (equality terms only).",
    ),
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

pub const LONG: &str = "Create a pod disruption budget with the given name, selector and minimum number of available pods.";

pub const EXAMPLES: &str = "  # A budget my-pdb keeping at least one pod labelled app=rails
  # available at all times
  kubectl create poddisruptionbudget my-pdb --selector=app=rails --min-available=1
  
  # A budget my-pdb keeping at least half of the pods labelled app=nginx
  # available at all times
  kubectl create pdb my-pdb --selector=app=nginx --min-available=50%";

pub const USAGE: &str = "kubectl create poddisruptionbudget NAME --selector=SELECTOR --min-available=N [--dry-run=server|client|none] [options]";

/// An IntOrString flag: a number when it parses as one.
fn int_or_string(s: &str) -> Value {
    match s.parse::<i64>() {
        Ok(n) => json!(n),
        Err(_) => json!(s),
    }
}

fn match_labels(selector: &str) -> Result<Value, KError> {
    let mut m = Map::new();
    for term in selector.split(',').filter(|t| !t.is_empty()) {
        let (k, v) = term
            .split_once("==")
            .or_else(|| term.split_once('='))
            .ok_or_else(|| KError::msg(format!("unable to parse requirement: {term}")))?;
        m.insert(k.trim().to_string(), json!(v.trim()));
    }
    let mut sorted: Vec<(String, Value)> = m.into_iter().collect();
    sorted.sort_once_by(|a, b| a.0.cmp(&b.0));
    Ok(Value::Object(sorted.into_iter().collect()))
}

pub fn build(
    name: &str,
    namespace: Option<&str>,
    selector: &str,
    min: &str,
    max: &str,
) -> Result<Value, KError> {
    let mut spec = Map::new();
    if !min.is_empty() {
        spec.insert("minAvailable".into(), int_or_string(min));
    }
    spec.insert(
        "selector".into(),
        json!({"matchLabels": match_labels(selector)?}),
    );
    if !max.is_empty() {
        spec.insert("maxUnavailable".into(), int_or_string(max));
    }
    Ok(json!({
        "kind": "PodDisruptionBudget",
        "apiVersion": "policy/v1",
        "metadata": super::object_meta(name, namespace, None),
        "spec": spec,
        "status": {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0},
    }))
}

/// `create poddisruptionbudget`'s NAME and flags, read once.
pub struct CreatePdbOptions {
    name: String,
    namespace: Option<String>,
    min_available: String,
    max_unavailable: String,
    selector: String,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreatePdbOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreatePdbOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreatePdbOptions, KError> {
        Ok(CreatePdbOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            min_available: args.str("min-available"),
            max_unavailable: args.str("max-unavailable"),
            selector: args.str("selector"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        let (min, max) = (&self.min_available, &self.max_unavailable);
        if min.is_empty() && max.is_empty() {
            return Err(KError::msg(
                "one of min-available or max-unavailable must be specified",
            ));
        }
        if !min.is_empty() && !max.is_empty() {
            return Err(KError::msg(
                "min-available and max-unavailable cannot be both specified",
            ));
        }
        if self.selector.is_empty() {
            return Err(KError::msg("a selector must be specified"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let obj = build(
            &self.name,
            self.namespace.as_deref(),
            &self.selector,
            &self.min_available,
            &self.max_unavailable,
        )?;
        super::finish(ctx, &self.flags, "poddisruptionbudgets.policy", obj)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn json_matches_kubectl() {
        let (out, err, _) =
            run("create pdb p --selector=app=x --max-unavailable=50% --dry-run=client -o json");
        assert_eq!(err, "");
        assert_eq!(out, "{\n    \"kind\": \"PodDisruptionBudget\",\n    \"apiVersion\": \"policy/v1\",\n    \"metadata\": {\n        \"name\": \"p\",\n        \"creationTimestamp\": null\n    },\n    \"spec\": {\n        \"selector\": {\n            \"matchLabels\": {\n                \"app\": \"x\"\n            }\n        },\n        \"maxUnavailable\": \"50%\"\n    },\n    \"status\": {\n        \"disruptionsAllowed\": 0,\n        \"currentHealthy\": 0,\n        \"desiredHealthy\": 0,\n        \"expectedPods\": 0\n    }\n}\n");
    }

    #[test]
    fn created_and_errors() {
        assert_eq!(
            run("create poddisruptionbudget p --selector=app=x --min-available=1").0,
            "poddisruptionbudget.policy/p created\n"
        );
        assert_eq!(
            run("create pdb p --selector=app=x").1,
            "error: one of min-available or max-unavailable must be specified\n"
        );
        assert_eq!(
            run("create pdb p --min-available=1").1,
            "error: a selector must be specified\n"
        );
        assert_eq!(
            run("create pdb p --selector=app=x --min-available=1 --max-unavailable=1").1,
            "error: min-available and max-unavailable cannot be both specified\n"
        );
    }
}
