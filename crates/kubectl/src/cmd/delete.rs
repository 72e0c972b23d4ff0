//! `kubectl delete`: by TYPE NAME, TYPE/NAME, `-f` files, `-l` selectors or `--all`, with
//! kubectl's grace-period, force and cascade options sent as DeleteOptions.

use serde_json::{json, Value};

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers;
use super::super::resources::{Builder, Info, NamespaceCheck, Scope};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::{report_errors, with_source};
use super::util::wait_deleted::{until_deleted, FOREVER_SECS};
use crate::flags::parse_duration;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;

pub const FLAGS: &[Flag] = &[
    boolean("all", "Delete all resources, in the namespace of the specified resource types."),
    super::util::flags::ALL_NAMESPACES,
    string("cascade", "background", "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background."),
    super::util::flags::DRY_RUN,
    super::util::flags::FIELD_SELECTOR,
    super::util::flags::filename("Filename, directory, or URL to files containing the resource to delete."),
    boolean("force", "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation."),
    flag("grace-period", None, Kind::Int, "-1", "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion)."),
    boolean("ignore-not-found", "Treat \"resource not found\" as a successful delete. Defaults to \"true\" when --all is specified."),
    flag("interactive", Some('i'), Kind::Bool, "false", "If true, delete resource only when user confirms."),
    flag("kustomize", Some('k'), Kind::Str, "", "Process a kustomization directory. This flag can't be used together with -f or -R."),
    boolean("now", "If true, resources are signaled for immediate shutdown (same as --grace-period=1)."),
    flag("output", Some('o'), Kind::Str, "", "Output mode. Use \"-o name\" for shorter output (resource/name)."),
    string("raw", "", "Raw URI to DELETE to the server.  Uses the transport specified by the kubeconfig file."),
    super::util::flags::RECURSIVE,
    super::util::flags::SELECTOR,
    flag("timeout", None, Kind::Duration, "0s", "The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object"),
    flag("wait", None, Kind::Bool, "true", "If true, wait for resources to be gone before returning. This waits for finalizers."),
];

pub const LONG: &str = "Delete resources named by file, by type and name, by type and label selector, or every resource of a type with --all.

 Files may be JSON or YAML; only the type and name of each object are used. With -f and no
 namespace in an object, the namespace of the context (or -n) is used.

 Some resources, such as pods, terminate gracefully: the API keeps them for a grace period
 (--grace-period, default chosen by the resource) while their processes stop. --now asks for an
 immediate shutdown (a grace period of 1 second). --force together with --grace-period=0 removes
 the object from the API at once, without waiting for its processes to stop: they may keep
 running on their node, and a pod managed by a StatefulSet could then run twice. Use it with care.

 Deleting a resource type removes every object of that type; the same-named objects a client
 created concurrently may also disappear. Deleting a namespace deletes everything in it.

 Note: deleting an object does not check its resource version; a concurrent update may be lost.";

pub const EXAMPLES: &str = "  # Delete the pod described in pod.json (its type and name)
  kubectl delete -f ./pod.json

  # Delete everything in the kustomization directory dir/
  kubectl delete -k dir

  # Delete every object described in the .json files of the current directory
  kubectl delete -f '*.json'

  # Delete the pod described by the JSON on stdin
  cat pod.json | kubectl delete -f -

  # Delete the pods and services named baz and foo
  kubectl delete pod,service baz foo

  # Delete the pods and services labelled name=myLabel
  kubectl delete pods,services -l name=myLabel

  # Delete a pod with the shortest possible grace period
  kubectl delete pod foo --now

  # Remove a pod from the API at once, without waiting for it to stop
  kubectl delete pod foo --force

  # Delete every pod of the namespace
  kubectl delete pods --all

  # Delete every pod, asking before each one
  kubectl delete pods --all --interactive";

pub const USAGE: &str =
    "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]";

/// `delete`'s flags, read once.
pub struct DeleteOptions {
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    args: Vec<String>,
    label_selector: String,
    field_selector: String,
    delete_all: bool,
    all_namespaces: bool,
    ignore_not_found: bool,
    dry_run: DryRun,
    /// `--grace-period` as given (-1: the resource's default).
    grace_period: i64,
    now: bool,
    force: bool,
    /// `--cascade` as DeleteOptions' propagationPolicy.
    propagation: &'static str,
    output: String,
    /// `--wait`: wait for each deleted object to be gone.
    wait: bool,
    /// `--timeout` in seconds; 0 waits "forever" (a week).
    timeout_secs: i64,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = DeleteOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

impl DeleteOptions {
    pub fn complete(args: &Args) -> Result<DeleteOptions, KError> {
        let propagation = super::util::cascade::propagation(&args.str("cascade"))?;
        let delete_all = args.bool("all");
        Ok(DeleteOptions {
            dry_run: DryRun::from_args(args)?,
            filenames: args.list("filename"),
            kustomize: args.str("kustomize"),
            recursive: args.bool("recursive"),
            args: args.positionals.clone(),
            label_selector: args.str("selector"),
            field_selector: args.str("field-selector"),
            delete_all,
            all_namespaces: args.bool("all-namespaces"),
            // --all implies --ignore-not-found unless it is given.
            ignore_not_found: args.bool("ignore-not-found")
                || (delete_all && !args.is_set("ignore-not-found")),
            grace_period: args.int("grace-period"),
            now: args.bool("now"),
            force: args.bool("force"),
            propagation,
            output: args.str("output"),
            wait: args.bool("wait"),
            timeout_secs: parse_duration(&args.str("timeout")).unwrap_or(0.0).ceil() as i64,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if !self.output.is_empty() && self.output != "name" {
            return Err(KError::msg(format!(
                "unexpected -o output mode: {}. We only support '-o name'",
                self.output
            )));
        }
        if self.now && self.grace_period != -1 {
            return Err(KError::msg(
                "--now and --grace-period cannot be specified together",
            ));
        }
        if self.force && self.grace() > 0 {
            return Err(KError::msg(
                "--force and --grace-period greater than 0 cannot be specified together",
            ));
        }
        let selector_given = !self.label_selector.is_empty() || !self.field_selector.is_empty();
        if self.delete_all && selector_given {
            return Err(KError::msg(
                "setting 'all' parameter but found a non empty selector. ",
            ));
        }
        Ok(())
    }

    /// The grace period sent: --now is 1 second, 0 without --force is 1 too, and --force
    /// alone is 0.
    fn grace(&self) -> i64 {
        match (self.now, self.grace_period, self.force) {
            (true, _, _) => 1,
            (false, 0, false) => 1,
            (false, g, true) if g < 0 => 0,
            (false, g, _) => g,
        }
    }

    fn force_deletion(&self) -> bool {
        self.force && self.grace() == 0
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        if self.force_deletion() {
            ctx.eprint("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
        }
        let selecting = self.delete_all || self.selects();
        let visited = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .require_namespace(NamespaceCheck::Everything)
            .all_namespaces(self.all_namespaces)
            .label_selector(&self.label_selector)
            .field_selector(&self.field_selector)
            .resource_type_or_name_args(&self.args)
            .names_exclude_selector(selecting)
            .names_in_one_namespace(Scope::Any)
            .names_required_unless(selecting)
            .require_object(false)
            .visit()?;
        let listed = visited.listed();
        let (infos, mut errors) = visited.split();
        let mut deleted = Vec::new();
        for info in &infos {
            match self.delete_one(ctx, info) {
                Ok(Some(uid)) => deleted.push((info, uid)),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        if listed && deleted.is_empty() && errors.is_empty() {
            ctx.print("No resources found\n");
        }
        if self.waits() {
            for (info, uid) in deleted {
                if let Err(e) = until_deleted(ctx, info, uid.as_deref(), self.wait_secs()) {
                    errors.push(e);
                }
            }
        }
        report_errors(ctx, errors)
    }

    /// kubectl waits for what it deleted unless told not to or only dry-running.
    fn waits(&self) -> bool {
        self.wait && self.dry_run == DryRun::None
    }

    fn wait_secs(&self) -> i64 {
        if self.timeout_secs <= 0 {
            FOREVER_SECS
        } else {
            self.timeout_secs
        }
    }

    fn selects(&self) -> bool {
        !self.label_selector.is_empty() || !self.field_selector.is_empty()
    }

    /// Delete one object and print kubectl's line: `Some` with the uid the server answered
    /// (to wait for that object), `None` when it was already gone and that is fine.
    fn delete_one(&self, ctx: &mut Ctx, info: &Info) -> Result<Option<Option<String>>, KError> {
        let mut uid = None;
        // A client dry run does not look the object up: it only prints.
        if self.dry_run != DryRun::Client {
            match ctx.call(self.request(info)) {
                Ok(v) => {
                    uid = v
                        .pointer("/metadata/uid")
                        .and_then(|u| u.as_str())
                        .map(String::from)
                }
                Err(e) => {
                    if matches!(&e, KError::Status(s) if s.code == 404) && self.ignore_not_found {
                        return Ok(None);
                    }
                    return Err(match info.source() {
                        Some(src) => with_source(e, "deleting", src),
                        None => e,
                    });
                }
            }
        }
        ctx.print(format!("{}\n", self.line(info)));
        Ok(Some(uid))
    }

    /// The DELETE with kubectl's DeleteOptions body.
    fn request(&self, info: &Info) -> ApiRequest {
        let mut body = serde_json::Map::new();
        let grace = self.grace();
        if grace >= 0 {
            body.insert("gracePeriodSeconds".into(), json!(grace));
        }
        body.insert("propagationPolicy".into(), json!(self.propagation));
        if self.dry_run == DryRun::Server {
            body.insert("dryRun".into(), json!(["All"]));
        }
        let req =
            ApiRequest::new(Method::Delete, info.path()).with_body(Value::Object(body).to_string());
        self.dry_run.on(req)
    }

    /// `pod "web" deleted`, or with `-o name` just `pod/web`.
    fn line(&self, info: &Info) -> String {
        if self.output == "name" {
            return printers::name_of(&info.resource, &info.name);
        }
        let verb = if self.force_deletion() {
            "force deleted"
        } else {
            "deleted"
        };
        format!(
            "{} \"{}\" {verb}{}",
            info.resource.qualified_singular(),
            info.name,
            self.dry_run.suffix()
        )
    }
}
