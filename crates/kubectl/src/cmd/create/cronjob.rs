//! `kubectl create cronjob NAME --image=... --schedule=... [--restart] [-- command]`.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{string, Args, Flag};
use super::super::super::Ctx;
use super::super::util::create_flags;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    string("image", "", "The image to run."),
    create_flags::OUTPUT,
    string(
        "restart",
        "",
        "The restart policy of the job's pods: OnFailure or Never.",
    ),
    create_flags::SAVE_CONFIG,
    string("schedule", "", "When to run the job, in cron syntax."),
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

pub const LONG: &str = "Create a cron job with the given name.";

pub const EXAMPLES: &str = "  # A cron job running busybox every minute
  kubectl create cronjob my-job --image=busybox --schedule=\"*/1 * * * *\"
  
  # The same, with a command
  kubectl create cronjob my-job --image=busybox --schedule=\"*/1 * * * *\" -- date";

pub const USAGE: &str = "kubectl create cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...] [flags] [options]";

pub fn build(
    name: &str,
    namespace: Option<&str>,
    image: &str,
    schedule: &str,
    restart: &str,
    command: &[String],
) -> Value {
    json!({
        "kind": "CronJob",
        "apiVersion": "batch/v1",
        "metadata": super::object_meta(name, namespace, None),
        "spec": {
            "schedule": schedule,
            "jobTemplate": {
                "metadata": super::object_meta(name, None, None),
                "spec": {"template": super::job::template(name, image, command, restart)},
            },
        },
        "status": {},
    })
}

/// `create cronjob`'s NAME, flags and command, read once.
pub struct CreateCronJobOptions {
    name: String,
    namespace: Option<String>,
    image: String,
    schedule: String,
    /// OnFailure unless --restart says otherwise.
    restart: String,
    command: Vec<String>,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateCronJobOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateCronJobOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateCronJobOptions, KError> {
        args.require(&["image", "schedule"])?;
        let name = super::one_name(args)?;
        let flags = create_flags::opts(ctx, args)?;
        let restart = match args.str("restart") {
            r if r.is_empty() => "OnFailure".to_string(),
            r => r,
        };
        Ok(CreateCronJobOptions {
            name,
            namespace: super::explicit_namespace(ctx),
            image: args.str("image"),
            schedule: args.str("schedule"),
            restart,
            command: super::after_dash(args),
            flags,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let obj = build(
            &self.name,
            self.namespace.as_deref(),
            &self.image,
            &self.schedule,
            &self.restart,
            &self.command,
        );
        super::finish(ctx, &self.flags, "cronjobs.batch", obj)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn json_matches_kubectl() {
        let (out, err, _) = run("create cronjob cj --image=busybox --schedule='*/1 * * * *' --dry-run=client -o json -- date");
        assert_eq!(err, "");
        assert_eq!(out, "{\n    \"kind\": \"CronJob\",\n    \"apiVersion\": \"batch/v1\",\n    \"metadata\": {\n        \"name\": \"cj\",\n        \"creationTimestamp\": null\n    },\n    \"spec\": {\n        \"schedule\": \"*/1 * * * *\",\n        \"jobTemplate\": {\n            \"metadata\": {\n                \"name\": \"cj\",\n                \"creationTimestamp\": null\n            },\n            \"spec\": {\n                \"template\": {\n                    \"metadata\": {\n                        \"creationTimestamp\": null\n                    },\n                    \"spec\": {\n                        \"containers\": [\n                            {\n                                \"name\": \"cj\",\n                                \"image\": \"busybox\",\n                                \"command\": [\n                                    \"date\"\n                                ],\n                                \"resources\": {}\n                            }\n                        ],\n                        \"restartPolicy\": \"OnFailure\"\n                    }\n                }\n            }\n        }\n    },\n    \"status\": {}\n}\n");
    }

    #[test]
    fn created_and_errors() {
        assert_eq!(
            run("create cj c --image=busybox --schedule='* * * * *'").0,
            "cronjob.batch/c created\n"
        );
        assert_eq!(
            run("create cronjob").1,
            "error: required flag(s) \"image\", \"schedule\" not set\n"
        );
        assert_eq!(
            run("create cronjob c --image=x").1,
            "error: required flag(s) \"schedule\" not set\n"
        );
    }
}
