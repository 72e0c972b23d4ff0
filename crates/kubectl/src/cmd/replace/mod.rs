//! `kubectl replace -f FILE`: PUT each object of the files in place of the server's (taking
//! the server's resourceVersion when the file has none, as kubectl's helper does), or with
//! `--force` delete each one, wait until it is gone, and create it again.

mod force;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers::{self, Format};
use super::super::resources::{Builder, Info, NamespaceCheck, OnError};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::{report_errors, with_source};
use super::util::{last_applied, print_flags};
use kubeplay_core::api::request::Method;
use kubeplay_core::api::{meta, ApiRequest};

pub const FLAGS: &[Flag] = &[
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    string("cascade", "background", "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background."),
    super::util::flags::DRY_RUN,
    string("field-manager", "kubectl-replace", "Name of the manager used to track field ownership."),
    super::util::flags::filename("The files that contain the configurations to replace."),
    boolean("force", "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation."),
    flag("grace-period", None, Kind::Int, "-1", "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion)."),
    super::util::flags::OUTPUT,
    super::util::flags::RECURSIVE,
    flag("kustomize", Some('k'), Kind::Str, "", "Process a kustomization directory. This flag can't be used together with -f or -R."),
    boolean("save-config", "If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future."),
    super::util::flags::SHOW_MANAGED_FIELDS,
    string("subresource", "", "If specified, replace will operate on the subresource of the requested object. This flag is beta and may change in the future."),
    super::util::flags::TEMPLATE,
    flag("timeout", None, Kind::Duration, "0s", "The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object"),
    super::util::flags::VALIDATE,
    boolean("wait", "If true, wait for resources to be gone before returning. This waits for finalizers."),
];

pub const LONG: &str = "Replace a resource by file name or stdin.

 JSON and YAML formats are accepted. If replacing an existing resource, the complete resource spec must be provided. This can be obtained by

        $ kubectl get TYPE NAME -o yaml";

pub const EXAMPLES: &str = "  # Replace a pod using the data in pod.json
  kubectl replace -f ./pod.json
  
  # Replace a pod based on the JSON passed into stdin
  cat pod.json | kubectl replace -f -
  
  # Update a single-container pod's image version (tag) to v4
  kubectl get pod mypod -o yaml | sed 's/\\(image: myimage\\):.*$/\\1:v4/' | kubectl replace -f -
  
  # Force replace, delete and then re-create the resource
  kubectl replace --force -f ./pod.json";

pub const USAGE: &str = "kubectl replace -f FILENAME [options]";

/// `replace`'s flags, read once.
pub struct ReplaceOptions {
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    force: bool,
    grace_period: i64,
    timeout_secs: i64,
    propagation: &'static str,
    save_config: bool,
    subresource: String,
    field_manager: String,
    validation: &'static str,
    dry_run: DryRun,
    /// None: the `kind/name replaced` line.
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = ReplaceOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

impl ReplaceOptions {
    pub fn complete(args: &Args) -> Result<ReplaceOptions, KError> {
        let format = print_flags::object_format(&args.str("output"))?;
        let propagation = super::util::cascade::propagation(&args.str("cascade"))?;
        let dry_run = DryRun::from_args(args)?;
        let validation = super::util::create_flags::validation(args)?;
        let filenames = args.list("filename");
        let kustomize = args.str("kustomize");
        if filenames.is_empty() && kustomize.is_empty() {
            return Err(KError::msg("must specify one of -f and -k"));
        }
        Ok(ReplaceOptions {
            format,
            propagation,
            dry_run,
            validation,
            filenames,
            kustomize,
            recursive: args.bool("recursive"),
            force: args.bool("force"),
            grace_period: args.int("grace-period"),
            timeout_secs: crate::flags::parse_duration(&args.str("timeout"))
                .unwrap_or(0.0)
                .ceil() as i64,
            save_config: args.bool("save-config"),
            subresource: args.str("subresource"),
            field_manager: args.str("field-manager"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.grace_period >= 0 && !self.force {
            return Err(KError::msg("--grace-period must have --force specified"));
        }
        if self.timeout_secs != 0 && !self.force {
            return Err(KError::msg("--timeout must have --force specified"));
        }
        if self.force && self.dry_run != DryRun::None {
            return Err(KError::msg("--dry-run can not be used when --force is set"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        if self.force {
            return force::replace(ctx, self);
        }
        let (infos, mut errors) = self.visit_files(ctx)?;
        for info in &infos {
            match self.replace_one(ctx, info) {
                Ok(obj) => {
                    let text = self.report(info, &obj)?;
                    ctx.print(text);
                }
                Err(e) => errors.push(e),
            }
        }
        report_errors(ctx, errors)
    }

    /// The objects of the files, as written.
    fn visit_files(&self, ctx: &mut Ctx) -> Result<(Vec<Info>, Vec<KError>), KError> {
        Ok(Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .on_error(OnError::Continue)
            .require_namespace(NamespaceCheck::Files)
            .visit()?
            .split())
    }

    /// The object to send: the file's, with the last-applied annotation under --save-config
    /// (or kept up to date when the file already carries one).
    fn object(&self, info: &Info) -> Value {
        let obj = info.file_value();
        if self.save_config || last_applied::from_live(&obj).is_some() {
            return last_applied::annotated(&obj);
        }
        obj
    }

    /// PUT the object, with the server's resourceVersion when the file names none.
    fn replace_one(&self, ctx: &mut Ctx, info: &Info) -> Result<Value, KError> {
        let source = info.source().unwrap_or_default().to_string();
        let mut obj = self.object(info);
        if self.dry_run == DryRun::Client {
            return Ok(obj);
        }
        let path = match self.subresource.as_str() {
            "" => info.path(),
            sub => format!("{}/{sub}", info.path()),
        };
        if meta::str_at(&obj, &["metadata", "resourceVersion"]).is_empty() {
            // A missing object is left for the PUT to report.
            if let Ok(live) = ctx.call(ApiRequest::get(path.clone())) {
                let rv = meta::str_at(&live, &["metadata", "resourceVersion"]).to_string();
                meta::set_str(&mut obj, &["metadata", "resourceVersion"], &rv);
            }
        }
        let req = ApiRequest::new(Method::Put, path)
            .with_query("fieldManager", &self.field_manager)
            .with_query("fieldValidation", self.validation)
            .with_body(obj.to_string());
        ctx.call(self.dry_run.on(req))
            .map_err(|e| with_source(e, "replacing", &source))
    }

    /// `deployment.apps/web replaced`, the name, or the object as `-o` asks.
    fn report(&self, info: &Info, obj: &Value) -> Result<String, KError> {
        let name = printers::name_of(&info.resource, &info.name);
        Ok(match &self.format {
            None => format!("{name} replaced{}\n", self.dry_run.suffix()),
            Some(Format::Name) => format!("{name}\n"),
            Some(f) => print_flags::print_object(f, obj)?,
        })
    }
}
