//! `kubectl create priorityclass NAME --value=N [--global-default] [--description] [--preemption-policy]`.

use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::super::Ctx;
use super::super::util::create_flags;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    string(
        "description",
        "",
        "Free text, usually saying when pods should use this priority class.",
    ),
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    boolean(
        "global-default",
        "Make this the priority class of pods that do not name one.",
    ),
    create_flags::OUTPUT,
    string(
        "preemption-policy",
        "PreemptLowerPriority",
        "Whether pods of this class may preempt pods of lower priority.",
    ),
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
    flag(
        "value",
        None,
        Kind::Int,
        "0",
        "The priority value of the class.",
    ),
];

pub const LONG: &str =
    "Create a priority class with the given name, value, global default setting and description.";

pub const EXAMPLES: &str = "  # A priority class high-priority with value 1000
  kubectl create priorityclass high-priority --value=1000 --description=\"high priority\"
  
  # A priority class default-priority used by pods that do not name one
  kubectl create priorityclass default-priority --value=1000 --global-default=true --description=\"default priority\"
  
  # A priority class high-priority whose pods never preempt lower-priority pods
  kubectl create priorityclass high-priority --value=1000 --description=\"high priority\" --preemption-policy=\"Never\"";

pub const USAGE: &str = "kubectl create priorityclass NAME --value=VALUE --global-default=BOOL [--dry-run=server|client|none] [options]";

pub fn build(name: &str, value: i64, global: bool, description: &str, policy: &str) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), json!("PriorityClass"));
    m.insert("apiVersion".into(), json!("scheduling.k8s.io/v1"));
    m.insert("metadata".into(), super::object_meta(name, None, None));
    m.insert("value".into(), json!(value));
    if global {
        m.insert("globalDefault".into(), json!(true));
    }
    if !description.is_empty() {
        m.insert("description".into(), json!(description));
    }
    m.insert("preemptionPolicy".into(), json!(policy));
    Value::Object(m)
}

/// `create priorityclass`'s NAME and flags, read once.
pub struct CreatePriorityClassOptions {
    name: String,
    value: i64,
    global_default: bool,
    description: String,
    preemption_policy: String,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreatePriorityClassOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreatePriorityClassOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreatePriorityClassOptions, KError> {
        Ok(CreatePriorityClassOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            value: args.int("value"),
            global_default: args.bool("global-default"),
            description: args.str("description"),
            preemption_policy: args.str("preemption-policy"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let obj = build(
            &self.name,
            self.value,
            self.global_default,
            &self.description,
            &self.preemption_policy,
        );
        super::finish(ctx, &self.flags, "priorityclasses.scheduling.k8s.io", obj)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn json_matches_kubectl() {
        let (out, err, _) = run("create priorityclass high --value=1000 --description='high prio' --preemption-policy=Never --dry-run=client -o json");
        assert_eq!(err, "");
        assert_eq!(out, "{\n    \"kind\": \"PriorityClass\",\n    \"apiVersion\": \"scheduling.k8s.io/v1\",\n    \"metadata\": {\n        \"name\": \"high\",\n        \"creationTimestamp\": null\n    },\n    \"value\": 1000,\n    \"description\": \"high prio\",\n    \"preemptionPolicy\": \"Never\"\n}\n");
        assert_eq!(
            run("create pc high --value=10").0,
            "priorityclass.scheduling.k8s.io/high created\n"
        );
    }
}
