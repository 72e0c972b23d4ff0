//! `kubectl create job NAME --image=... [-- command]` or `--from=cronjob/NAME`.

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{string, Args, Flag};
use super::super::super::Ctx;
use super::super::util::container::{self, Spec};
use super::super::util::create_flags;
use kubeplay_core::api::ApiRequest;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    string(
        "from",
        "",
        "The object to copy the job from, as TYPE/NAME (only cron jobs can be used).",
    ),
    string("image", "", "The image to run."),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

pub const LONG: &str = "Create a job with the given name.";

pub const EXAMPLES: &str = "  # A job running busybox once
  kubectl create job my-job --image=busybox
  
  # The same, with a command
  kubectl create job my-job --image=busybox -- date
  
  # Start now the job that the cron job a-cronjob would start on schedule
  kubectl create job test-job --from=cronjob/a-cronjob";

pub const USAGE: &str =
    "kubectl create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]";

/// The pod template shared with cron jobs: one container named after the job.
pub fn template(name: &str, image: &str, command: &[String], restart: &str) -> Value {
    let c = container::build(&Spec {
        name: name.to_string(),
        image: image.to_string(),
        command: command.to_vec(),
        ..Spec::default()
    });
    json!({
        "metadata": {"creationTimestamp": null},
        "spec": {"containers": [c], "restartPolicy": restart},
    })
}

pub fn build(name: &str, namespace: Option<&str>, image: &str, command: &[String]) -> Value {
    json!({
        "kind": "Job",
        "apiVersion": "batch/v1",
        "metadata": super::object_meta(name, namespace, None),
        "spec": {"template": template(name, image, command, "Never")},
        "status": {},
    })
}

/// A job made from a cron job's template, owned by the cron job and marked as started by hand.
pub fn from_cronjob(name: &str, namespace: Option<&str>, cj: &Value) -> Value {
    let jt = cj
        .pointer("/spec/jobTemplate")
        .cloned()
        .unwrap_or(json!({}));
    let mut meta = match super::object_meta(name, namespace, None) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if let Some(l) = jt.pointer("/metadata/labels") {
        meta.insert("labels".into(), l.clone());
    }
    let mut ann = Map::new();
    ann.insert("cronjob.kubernetes.io/instantiate".into(), json!("manual"));
    if let Some(a) = jt
        .pointer("/metadata/annotations")
        .and_then(|a| a.as_object())
    {
        for (k, v) in a {
            ann.insert(k.clone(), v.clone());
        }
    }
    let mut sorted: Vec<(String, Value)> = ann.into_iter().collect();
    sorted.sort_once_by(|a, b| a.0.cmp(&b.0));
    meta.insert(
        "annotations".into(),
        Value::Object(sorted.into_iter().collect()),
    );
    meta.insert(
        "ownerReferences".into(),
        json!([{
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "name": kubeplay_core::api::meta::name(cj),
            "uid": kubeplay_core::api::meta::str_at(cj, &["metadata", "uid"]),
            "controller": true,
        }]),
    );
    json!({
        "kind": "Job",
        "apiVersion": "batch/v1",
        "metadata": meta,
        "spec": jt.get("spec").cloned().unwrap_or(json!({})),
        "status": {},
    })
}

/// `create job`'s NAME, flags and command, read once.
pub struct CreateJobOptions {
    name: String,
    namespace: Option<String>,
    image: String,
    /// `--from=cronjob/NAME`.
    from: String,
    command: Vec<String>,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateJobOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateJobOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateJobOptions, KError> {
        Ok(CreateJobOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            image: args.str("image"),
            from: args.str("from"),
            command: super::after_dash(args),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.image.is_empty() == self.from.is_empty() {
            return Err(KError::msg("either --image or --from must be specified"));
        }
        if !self.from.is_empty() && !self.command.is_empty() {
            return Err(KError::msg("cannot specify --from and command"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let ns = self.namespace.as_deref();
        let obj = if self.from.is_empty() {
            build(&self.name, ns, &self.image, &self.command)
        } else {
            let cj = self.source_cronjob(ctx)?;
            from_cronjob(&self.name, ns, &cj)
        };
        super::finish(ctx, &self.flags, "jobs.batch", obj)
    }

    /// The CronJob `--from` names, read from the current namespace.
    fn source_cronjob(&self, ctx: &mut Ctx) -> Result<Value, KError> {
        let from = self.from.as_str();
        let (ty, cj_name) = from.split_once('/').unwrap_or((from, ""));
        let info = ctx.resolve(ty)?;
        if info.kind != "CronJob" {
            return Err(KError::msg(format!(
                "unknown object type *v1.{}",
                info.kind
            )));
        }
        if cj_name.is_empty() {
            return Err(KError::msg(
                "arguments in resource/name form must have a single resource and name",
            ));
        }
        let cur_ns = ctx.namespace();
        ctx.call(ApiRequest::get(info.object_path(Some(&cur_ns), cj_name)))
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn json_matches_kubectl() {
        let (out, err, _) = run("create job j --image=busybox --dry-run=client -o json -- echo hi");
        assert_eq!(err, "");
        assert_eq!(out, "{\n    \"kind\": \"Job\",\n    \"apiVersion\": \"batch/v1\",\n    \"metadata\": {\n        \"name\": \"j\",\n        \"creationTimestamp\": null\n    },\n    \"spec\": {\n        \"template\": {\n            \"metadata\": {\n                \"creationTimestamp\": null\n            },\n            \"spec\": {\n                \"containers\": [\n                    {\n                        \"name\": \"j\",\n                        \"image\": \"busybox\",\n                        \"command\": [\n                            \"echo\",\n                            \"hi\"\n                        ],\n                        \"resources\": {}\n                    }\n                ],\n                \"restartPolicy\": \"Never\"\n            }\n        }\n    },\n    \"status\": {}\n}\n");
    }

    #[test]
    fn created_and_errors() {
        assert_eq!(
            run("create job j --image=busybox").0,
            "job.batch/j created\n"
        );
        assert_eq!(
            run("create job j").1,
            "error: either --image or --from must be specified\n"
        );
        assert_eq!(
            run("create job j --from=cronjob/nope").1,
            "Error from server (NotFound): cronjobs.batch \"nope\" not found\n"
        );
    }

    #[test]
    fn from_cronjob_is_owned_and_marked_manual() {
        let mut c = crate::testing::cluster();
        let mut fs = kubeplay_core::fs::MemFs::new();
        let k = crate::testing::kubectl;
        k(
            &mut c,
            &mut fs,
            "create cronjob tick --image=busybox --schedule='*/1 * * * *' -- date",
        );
        let (out, err, _) = k(
            &mut c,
            &mut fs,
            "create job manual --from=cronjob/tick -n default --dry-run=client -o json",
        );
        assert_eq!(err, "");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let keys: Vec<&String> = v["metadata"].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "name",
                "namespace",
                "creationTimestamp",
                "annotations",
                "ownerReferences"
            ]
        );
        assert_eq!(
            v["metadata"]["annotations"]["cronjob.kubernetes.io/instantiate"],
            "manual"
        );
        let owner: Vec<&String> = v["metadata"]["ownerReferences"][0]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(owner, ["apiVersion", "kind", "name", "uid", "controller"]);
        assert_eq!(
            v["spec"]["template"]["spec"]["containers"][0]["command"][0],
            "date"
        );
        assert_eq!(
            k(&mut c, &mut fs, "create job manual --from=cronjob/tick").0,
            "job.batch/manual created\n"
        );
    }
}
