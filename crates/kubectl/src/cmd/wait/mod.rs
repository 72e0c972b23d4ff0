//! `kubectl wait`: wait until every object named (by TYPE NAME, TYPE/NAME, `-f`, `-l`, `--all`)
//! meets `--for` — a status condition, a JSONPath value, being deleted or being created — within
//! one `--timeout` for them all, printing `pod/web condition met` for each. The objects are
//! visited in order and the first failure ends the command, as kubectl's visitor does.

mod condition;
mod until;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{boolean, flag, parse_duration, string, Args, Flag, Kind};
use super::super::printers::{self, Format};
use super::super::resources::{Builder, Info};
use super::super::Ctx;
use super::util::errors::report_errors;
use super::util::print_flags::print_object;
use super::util::wait_deleted::{until_deleted, FOREVER_SECS};
use condition::For;
use kubeplay_core::api::status::Status;
use kubeplay_core::clock::Time;

pub const FLAGS: &[Flag] = &[
    boolean("all", "Select all resources in the namespace of the specified resource types"),
    super::util::flags::ALL_NAMESPACES,
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    string("field-selector", "", "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type."),
    super::util::flags::filename("identifying the resource."),
    string("for", "", "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true. Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity."),
    boolean("local", "If true, annotation will NOT contact api-server but run locally."),
    super::util::flags::OUTPUT,
    flag("recursive", Some('R'), Kind::Bool, "true", "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory."),
    flag("selector", Some('l'), Kind::Str, "", "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2)"),
    super::util::flags::SHOW_MANAGED_FIELDS,
    super::util::flags::TEMPLATE,
    flag("timeout", None, Kind::Duration, "30s", "The length of time to wait before giving up. Zero means check once and don't wait, negative means wait for a week."),
];

pub const LONG: &str = "Experimental: Wait for a specific condition on one or many resources.

 The command takes multiple resources and waits until the specified condition is seen in the Status field of every given resource.

 Alternatively, the command can wait for the given set of resources to be created or deleted by providing the \"create\" or \"delete\" keyword as the value to the --for flag.

 A successful message will be printed to stdout indicating when the specified condition has been met. You can use -o option to change to output destination.";

pub const EXAMPLES: &str = "  # Wait for the pod \"busybox1\" to contain the status condition of type \"Ready\"
  kubectl wait --for=condition=Ready pod/busybox1
  
  # The default value of status condition is true; you can wait for other targets after an equal delimiter (compared after Unicode simple case folding, which is a more general form of case-insensitivity)
  kubectl wait --for=condition=Ready=false pod/busybox1
  
  # Wait for the pod \"busybox1\" to contain the status phase to be \"Running\"
  kubectl wait --for=jsonpath='{.status.phase}'=Running pod/busybox1
  
  # Wait for pod \"busybox1\" to be Ready
  kubectl wait --for='jsonpath={.status.conditions[?(@.type==\"Ready\")].status}=True' pod/busybox1
  
  # Wait for the service \"loadbalancer\" to have ingress
  kubectl wait --for=jsonpath='{.status.loadBalancer.ingress}' service/loadbalancer
  
  # Wait for the secret \"busybox1\" to be created, with a timeout of 30s
  kubectl create secret generic busybox1
  kubectl wait --for=create secret/busybox1 --timeout=30s
  
  # Wait for the pod \"busybox1\" to be deleted, with a timeout of 60s, after having issued the \"delete\" command
  kubectl delete pod/busybox1
  kubectl wait --for=delete pod/busybox1 --timeout=60s";

pub const USAGE: &str = "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]";

/// Bound on `--for=create` rounds of looking again.
const MAX_CREATE_ROUNDS: usize = 2_000;

/// `wait`'s flags, read once.
pub struct WaitOptions {
    filenames: Vec<String>,
    recursive: bool,
    args: Vec<String>,
    label_selector: String,
    field_selector: String,
    all: bool,
    all_namespaces: bool,
    local: bool,
    /// `-o`: None prints `kind/name condition met`.
    format: Option<Format>,
    want: For,
    /// Seconds; 0 checks once, a negative `--timeout` is a week.
    timeout: i64,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let mut o = WaitOptions::complete(args)?;
    o.format = o.format.map(|f| f.resolve(ctx.fs)).transpose()?;
    o.validate()?;
    o.run(ctx)
}

impl WaitOptions {
    pub fn complete(args: &Args) -> Result<WaitOptions, KError> {
        let format = super::util::print_flags::object_format_flags(args)?;
        let want = For::parse(&args.str("for")).map_err(KError::msg)?;
        let secs = parse_duration(&args.str("timeout")).map_err(KError::Flag)?;
        let timeout = if secs < 0.0 {
            FOREVER_SECS
        } else {
            secs.ceil() as i64
        };
        Ok(WaitOptions {
            filenames: args.list("filename"),
            recursive: args.bool("recursive"),
            args: args.positionals.clone(),
            label_selector: args.str("selector"),
            field_selector: args.str("field-selector"),
            all: args.bool("all"),
            all_namespaces: args.bool("all-namespaces"),
            local: args.bool("local"),
            format,
            want,
            timeout,
        })
    }

    /// Everything was checked while completing, as kubectl's `ToOptions` does.
    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let start = ctx.api.clock().unwrap_or(Time(0));
        let deadline = start.plus(self.timeout);
        if matches!(self.want, For::Create) {
            return self.until_created(ctx, deadline);
        }
        // kubectl's visitor goes on after a failure and reports every one at the end.
        let mut visited = 0;
        let mut errors = Vec::new();
        for item in self.visit(ctx)? {
            let info = match item {
                Ok(info) => info,
                // Waiting for deletion, an object already gone is no error (and no line).
                Err(KError::Status(s)) if s.code == 404 && self.want.is_delete() => continue,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            visited += 1;
            match self.wait_for(ctx, &info, deadline) {
                Ok(obj) => self.print(ctx, &info, &obj)?,
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return report_errors(ctx, errors);
        }
        if visited == 0 && !self.want.is_delete() {
            return Err(KError::msg("no matching resources found"));
        }
        Ok(())
    }

    /// The objects the arguments name, each fetched (or a failure in its place).
    fn visit(&self, ctx: &mut Ctx) -> Result<Vec<Result<Info, KError>>, KError> {
        let selecting =
            self.all || !self.label_selector.is_empty() || !self.field_selector.is_empty();
        let visited = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .local(self.local)
            .all_namespaces(self.all_namespaces)
            .label_selector(&self.label_selector)
            .field_selector(&self.field_selector)
            .resource_type_or_name_args(&self.args)
            .names_exclude_selector(selecting)
            .latest()
            .visit()?;
        let mut items: Vec<Result<Info, KError>> =
            visited.read_errors.into_iter().map(Err).collect();
        items.extend(visited.items);
        Ok(items)
    }

    /// Wait for one object; the object to print.
    fn wait_for(&self, ctx: &mut Ctx, info: &Info, deadline: Time) -> Result<Value, KError> {
        let last = info.live.clone().unwrap_or_default();
        if self.timeout == 0 {
            return self.check_once(ctx, info);
        }
        let now = ctx.api.clock().unwrap_or(deadline);
        if now >= deadline {
            return Err(until::timed_out(info));
        }
        if self.want.is_delete() {
            until_deleted(ctx, info, None, deadline.since(now))?;
            return Ok(last);
        }
        until::until_met(ctx, info, &self.want, deadline)
    }

    /// `--timeout=0`: one look, `condition not met for pods/web` if it is not so yet.
    fn check_once(&self, ctx: &mut Ctx, info: &Info) -> Result<Value, KError> {
        let not_met = || {
            KError::msg(format!(
                "condition not met for {}/{}",
                info.resource.plural, info.name
            ))
        };
        match info.get(ctx) {
            Err(KError::Status(s)) if s.code == 404 && self.want.is_delete() => {
                Ok(info.live.clone().unwrap_or_default())
            }
            Err(e) => Err(e),
            Ok(_) if self.want.is_delete() => Err(not_met()),
            Ok(obj) if self.want.met(&obj).map_err(KError::msg)? => Ok(obj),
            Ok(_) => Err(not_met()),
        }
    }

    /// `--for=create`: look again whenever the watched type changes, until every object named
    /// is there; then each is printed.
    fn until_created(&self, ctx: &mut Ctx, deadline: Time) -> Result<(), KError> {
        for _ in 0..MAX_CREATE_ROUNDS {
            let items = self.visit(ctx)?;
            let missing = items.iter().find_map(|i| match i {
                Err(KError::Status(s)) if s.code == 404 => Some(s.clone()),
                _ => None,
            });
            let Some(missing) = missing else {
                return self.print_created(ctx, items);
            };
            let path = self.missing_path(ctx, &missing);
            let ns = self.namespace(ctx);
            if self.timeout == 0 || !until::some_change(ctx, &path, Some(&ns), deadline) {
                break;
            }
        }
        Err(KError::msg("timed out waiting for the condition"))
    }

    fn print_created(&self, ctx: &mut Ctx, items: Vec<Result<Info, KError>>) -> Result<(), KError> {
        let mut visited = 0;
        for item in items {
            let info = item?;
            visited += 1;
            let obj = info.live.clone().unwrap_or_default();
            self.print(ctx, &info, &obj)?;
        }
        if visited == 0 {
            return Err(KError::msg("no matching resources found"));
        }
        Ok(())
    }

    fn namespace(&self, ctx: &Ctx) -> String {
        ctx.namespace()
    }

    /// The collection of the object not found yet, from its NotFound details.
    fn missing_path(&self, ctx: &mut Ctx, missing: &Status) -> String {
        let ns = self.namespace(ctx);
        let typed = match (&missing.kind, &missing.group) {
            (Some(k), Some(g)) => format!("{k}.{g}"),
            (Some(k), None) => k.clone(),
            _ => "pods".into(),
        };
        match ctx.resolve(&typed) {
            Ok(r) => r.collection_path(Some(&ns)),
            Err(_) => format!("/api/v1/namespaces/{ns}/pods"),
        }
    }

    /// `pod/web condition met`, or the object as `-o` asks.
    fn print(&self, ctx: &mut Ctx, info: &Info, obj: &Value) -> Result<(), KError> {
        let text = match &self.format {
            None => format!(
                "{} condition met\n",
                printers::name_of(&info.resource, &info.name)
            ),
            Some(Format::Name) => format!("{}\n", printers::name_of(&info.resource, &info.name)),
            Some(f) => print_object(f, obj)?,
        };
        ctx.print(text);
        Ok(())
    }
}
