//! `kubectl scale`: set spec.replicas through the scale subresource, with kubectl's
//! --current-replicas and --resource-version preconditions.

use serde_json::{json, Value};

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers::{self, Format};
use super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::report_errors;
use super::util::print_flags;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::status::Status;
use kubeplay_core::api::{meta, ApiRequest};

pub const FLAGS: &[Flag] = &[
    boolean("all", "Select all resources in the namespace of the specified resource types"),
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("current-replicas", None, Kind::Int, "-1", "Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition."),
    super::util::flags::DRY_RUN,
    super::util::flags::filename("Filename, directory, or URL to files identifying the resource to set a new size"),
    super::util::flags::KUSTOMIZE,
    super::util::flags::OUTPUT,
    super::util::flags::RECURSIVE,
    flag("replicas", None, Kind::Int, "0", "The new desired number of replicas. Required."),
    string("resource-version", "", "Precondition for resource version. Requires that the current resource version match this value in order to scale."),
    super::util::flags::SELECTOR,
    super::util::flags::SHOW_MANAGED_FIELDS,
    super::util::flags::TEMPLATE,
    flag("timeout", None, Kind::Duration, "0s", "The length of time to wait before giving up on a scale operation, zero means don't wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h)."),
];

pub const LONG: &str = "Set a new number of replicas for a deployment, replica set, replication controller or stateful set.

 Scale also accepts preconditions: with --current-replicas or --resource-version, the new size is
 only set if the resource still has that size or version when the request arrives.";

pub const EXAMPLES: &str = "  # Run 3 replicas of the replica set foo
  kubectl scale --replicas=3 rs/foo

  # Run 3 replicas of the resource described in foo.yaml
  kubectl scale --replicas=3 -f foo.yaml

  # Scale the deployment mysql to 3, but only if it currently runs 2
  kubectl scale --current-replicas=2 --replicas=3 deployment/mysql

  # Scale several replication controllers at once
  kubectl scale --replicas=5 rc/example1 rc/example2 rc/example3

  # Run 3 replicas of the stateful set web
  kubectl scale --replicas=3 statefulset/web";

pub const USAGE: &str = "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]";

/// `scale`'s flags, read once.
pub struct ScaleOptions {
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    args: Vec<String>,
    selector: String,
    all: bool,
    replicas: i64,
    /// `--current-replicas`: -1 for no precondition.
    current_replicas: i64,
    /// `--resource-version`: empty for no precondition.
    resource_version: String,
    dry_run: DryRun,
    /// None: the `kind/name scaled` line.
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let mut o = ScaleOptions::complete(args)?;
    o.format = o.format.map(|f| f.resolve(ctx.fs)).transpose()?;
    o.validate()?;
    o.run(ctx)
}

impl ScaleOptions {
    pub fn complete(args: &Args) -> Result<ScaleOptions, KError> {
        args.require(&["replicas"])?;
        Ok(ScaleOptions {
            dry_run: DryRun::from_args(args)?,
            format: print_flags::object_format_flags(args)?,
            filenames: args.list("filename"),
            kustomize: args.str("kustomize"),
            recursive: args.bool("recursive"),
            args: args.positionals.clone(),
            selector: args.str("selector"),
            all: args.bool("all"),
            replicas: args.int("replicas"),
            current_replicas: args.int("current-replicas"),
            resource_version: args.str("resource-version"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.replicas < 0 {
            return Err(KError::msg(
                "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
            ));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let selecting = self.all || !self.selector.is_empty();
        let (infos, mut errors) = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .require_namespace(NamespaceCheck::Files)
            .label_selector(&self.selector)
            .resource_type_or_name_args(&self.args)
            .names_exclude_selector(selecting)
            .names_required_unless(selecting)
            .latest()
            .visit()?
            .split();
        if infos.is_empty() {
            return Err(nothing_to_scale(&errors));
        }
        for info in &infos {
            match self.scale_one(ctx, info) {
                Ok(()) => self.report(ctx, info),
                Err(e) => errors.push(e),
            }
        }
        report_errors(ctx, errors)
    }

    /// `deployment.apps/web scaled`, its name, or the object as it was before scaling.
    fn report(&self, ctx: &mut Ctx, info: &Info) {
        let object = info.live.clone().unwrap_or_default();
        let name = printers::name_of(&info.resource, meta::name(&object));
        let text = match &self.format {
            None => format!("{name} scaled{}\n", self.dry_run.suffix()),
            Some(Format::Name) => format!("{name}\n"),
            Some(Format::GoTemplate(t)) => {
                printers::go_template_print(t, &object).unwrap_or_else(|e| e.render("scale"))
            }
            Some(f) => printers::print_objects(f, std::slice::from_ref(&object), false),
        };
        ctx.print(text);
    }

    /// Set spec.replicas through the scale subresource, after checking the preconditions.
    fn scale_one(&self, ctx: &mut Ctx, info: &Info) -> Result<(), KError> {
        if !matches!(
            info.resource.kind.as_str(),
            "Deployment" | "ReplicaSet" | "StatefulSet" | "ReplicationController"
        ) {
            // Only these kinds serve a scale subresource; elsewhere the API answers a bare 404.
            return Err(KError::Status(Status {
                code: 404,
                reason: "NotFound".into(),
                message: "the server could not find the requested resource".into(),
                name: None,
                group: None,
                kind: None,
                causes: vec![],
            }));
        }
        let path = format!("{}/scale", info.path());
        let mut body = json!({"spec": {"replicas": self.replicas}});
        if self.current_replicas != -1 || !self.resource_version.is_empty() {
            let scale = ctx.call(ApiRequest::get(path.clone()))?;
            let have_rv = self.check_preconditions(&scale)?;
            meta::set_str(&mut body, &["metadata", "resourceVersion"], have_rv);
        }
        if self.dry_run == DryRun::Client {
            return Ok(());
        }
        let req = ApiRequest::new(Method::Patch, path)
            .with_content_type("application/merge-patch+json")
            .with_body(body.to_string());
        ctx.call(self.dry_run.on(req))?;
        Ok(())
    }

    /// kubectl's --current-replicas and --resource-version preconditions against the live
    /// Scale; its resourceVersion when they hold.
    fn check_preconditions<'s>(&self, scale: &'s Value) -> Result<&'s str, KError> {
        let have = scale
            .pointer("/spec/replicas")
            .and_then(|r| r.as_i64())
            .unwrap_or(0);
        let current = self.current_replicas;
        if current != -1 && have != current {
            return Err(KError::msg(format!(
                "Expected replicas to be {current}, was {have}"
            )));
        }
        let have_rv = meta::str_at(scale, &["metadata", "resourceVersion"]);
        let rv = &self.resource_version;
        if !rv.is_empty() && have_rv != rv {
            return Err(KError::msg(format!(
                "Expected resource version to be {rv}, was {have_rv}"
            )));
        }
        Ok(have_rv)
    }
}

/// kubectl folds what went wrong into one line when nothing is left to scale.
fn nothing_to_scale(errors: &[KError]) -> KError {
    let why: Vec<String> = errors
        .iter()
        .map(|e| match e {
            KError::Status(s) => s.message.clone(),
            other => other.render("scale").trim_end().to_string(),
        })
        .collect();
    KError::msg(match why.len() {
        0 => "no objects passed to scale".to_string(),
        1 => format!("no objects passed to scale {}", why.join("")),
        _ => format!("no objects passed to scale [{}]", why.join(", ")),
    })
}
