//! `kubectl set`: change the pod templates (image, env, resources) of existing objects. What
//! the subcommands share lives here: the `RESOURCE... KEY=VALUE...` arguments, finding an
//! object's pod spec (`UpdatePodSpecForObject`), selecting the objects, and sending a change
//! as a patch (or printing it with `--local` and client dry runs).

pub mod env;
pub mod image;
pub mod resources;
pub mod selector;
pub mod serviceaccount;
pub mod subject;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::printers::{self, Format};
use super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::usage;
use super::super::{Command, Ctx};
use super::util::dry_run::DryRun;
pub use super::util::three_way::merge_diff;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Configure application resources.

 These commands help you make changes to existing application resources.";
pub const EXAMPLES: &str = "";
pub const USAGE: &str = "kubectl set SUBCOMMAND [options]";

/// `kubectl set` alone prints its help and fails, as kubectl's command groups do.
pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    if let Some(unknown) = args.positionals.first() {
        return Err(KError::Usage(format!("unknown command \"{unknown}\"")));
    }
    let text = super::COMMANDS
        .iter()
        .find(|c| c.name == "set")
        .map(|c| usage::command_help(&[c]))
        .unwrap_or_default();
    // `set` prints its help on stderr (rollout on stdout).
    ctx.eprint(text);
    Err(KError::Exit(1))
}

pub static SUBCOMMANDS: &[Command] = &[
    sub!(
        "env",
        &[],
        "Update environment variables on a pod template",
        env
    ),
    sub!("image", &[], "Update the image of a pod template", image),
    sub!(
        "resources",
        &[],
        "Update resource requests/limits on objects with pod templates",
        resources
    ),
    sub!("selector", &[], "Set the selector on a resource", selector),
    sub!(
        "serviceaccount",
        &["sa"],
        "Update the service account of a resource",
        serviceaccount
    ),
    sub!(
        "subject",
        &[],
        "Update the user, group, or service account in a role binding or cluster role binding",
        subject
    ),
];

/// `GetResourcesAndPairs`: the arguments before the first `KEY=VALUE` (or `KEY-`) name
/// objects; every one after must be a change.
pub fn resources_and_pairs(
    args: &[String],
    kind: &str,
) -> Result<(Vec<String>, Vec<String>), KError> {
    let mut resources = Vec::new();
    let mut pairs = Vec::new();
    for s in args {
        let pair = (s.contains('=') && !s.starts_with('=')) || (s.ends_with('-') && s != "-");
        match (pairs.is_empty(), pair) {
            (_, true) => pairs.push(s.clone()),
            (true, false) => resources.push(s.clone()),
            (false, false) => {
                return Err(KError::msg(format!(
                    "all resources must be specified before {kind} changes: {s}"
                )))
            }
        }
    }
    Ok((resources, pairs))
}

/// `KEY=VALUE` pairs in the order given.
pub type Pairs = Vec<(String, String)>;

/// `ParsePairs`: `KEY=VALUE` pairs in order, and `KEY-` removals when they are allowed.
pub fn parse_pairs(
    pairs: &[String],
    kind: &str,
    removals: bool,
) -> Result<(Pairs, Vec<String>), KError> {
    let mut set: Pairs = Vec::new();
    let mut removed = Vec::new();
    let mut invalid = Vec::new();
    for p in pairs {
        if let Some((k, v)) = p.split_once('=').filter(|_| !p.starts_with('=')) {
            set.retain(|(key, _)| key != k);
            set.push((k.to_string(), v.to_string()));
        } else if removals && p.ends_with('-') && p != "-" {
            removed.push(p[..p.len() - 1].to_string());
        } else {
            invalid.push(p.clone());
        }
    }
    if !invalid.is_empty() {
        return Err(KError::msg(format!(
            "invalid {kind} format: {}",
            invalid.join(", ")
        )));
    }
    Ok((set, removed))
}

pub use super::util::record::{apply_record, record, RECORD};

/// Where an object keeps its pod spec, by kind (`UpdatePodSpecForObject`).
pub fn pod_spec_pointer(kind: &str) -> Option<&'static str> {
    match kind {
        "Pod" => Some("/spec"),
        "ReplicationController"
        | "Deployment"
        | "DaemonSet"
        | "StatefulSet"
        | "ReplicaSet"
        | "Job" => Some("/spec/template/spec"),
        "CronJob" => Some("/spec/jobTemplate/spec/template/spec"),
        _ => None,
    }
}

/// kubectl's refusal for an object without a pod template, with Go's type name.
pub fn no_pod_template(info: &Info) -> String {
    let version = info.resource.version.as_str();
    format!(
        "the object is not a pod or does not have a pod template: *{version}.{}",
        info.resource.kind
    )
}

/// `info.ObjectName()`: `deployments/web`.
pub fn object_name(info: &Info) -> String {
    format!("{}/{}", info.resource.plural, info.name)
}

/// The selection flags and what they pick.
pub struct Selection {
    pub filenames: Vec<String>,
    pub kustomize: String,
    pub recursive: bool,
    pub selector: String,
    pub all: bool,
    pub local: bool,
    pub resources: Vec<String>,
}

impl Selection {
    pub fn from_args(args: &Args, resources: Vec<String>) -> Selection {
        Selection {
            filenames: args.list("filename"),
            kustomize: args.str("kustomize"),
            recursive: args.bool("recursive"),
            selector: args.str("selector"),
            all: args.bool("all"),
            local: args.bool("local"),
            resources,
        }
    }

    /// The objects with their current state: from their files with `--local`, else from
    /// the server. kubectl finds them while completing, before validating.
    pub fn visit(&self, ctx: &mut Ctx) -> Result<(Vec<Info>, Vec<KError>), KError> {
        if self.local && !self.resources.is_empty() {
            return Err(KError::msg("you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'"));
        }
        let selecting = self.all || !self.selector.is_empty();
        let mut b = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .local(self.local)
            .require_namespace(NamespaceCheck::Files);
        if !self.local {
            b = b
                .label_selector(&self.selector)
                .resource_type_or_name_args(&self.resources)
                .names_required_unless(selecting)
                .latest();
        }
        let (infos, errors) = b.visit()?.split();
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        Ok((infos, vec![]))
    }

    pub fn check_all_and_selector(&self) -> Option<KError> {
        (self.all && !self.selector.is_empty())
            .then(|| KError::msg("cannot set --all and --selector at the same time"))
    }
}

/// The object to change: its file's with `--local`, else the server's.
pub fn object_of(ctx: &mut Ctx, info: &Info, local: bool) -> Result<Value, KError> {
    if let Some(live) = &info.live {
        return Ok(live.clone());
    }
    match (&info.file, local) {
        (Some(f), true) => Ok(f.value.clone()),
        _ => info.get(ctx),
    }
}

/// The object to change and where its pod spec is, or kubectl's refusal for a kind without
/// a pod template (`deployments/web the object is not a pod…`).
pub fn pod_template_object(
    ctx: &mut Ctx,
    info: &Info,
    local: bool,
) -> Result<(Value, &'static str), KError> {
    let obj = object_of(ctx, info, local)?;
    match pod_spec_pointer(&info.resource.kind) {
        Some(ptr) => Ok((obj, ptr)),
        None => Err(KError::msg(format!(
            "{} {}",
            object_name(info),
            no_pod_template(info)
        ))),
    }
}

/// How a set command sends and reports a change.
pub struct Sender<'a> {
    pub dry_run: DryRun,
    pub local: bool,
    pub format: &'a Option<Format>,
    pub manager: &'a str,
    /// `image updated`, `env updated`, `resource requirements updated`.
    pub operation: &'a str,
    /// What a failed patch is called: `failed to patch image update to pod template`.
    pub failure: &'a str,
}

impl Sender<'_> {
    /// Patch the object from `before` to `after` (nothing when they are the same) and print
    /// it; with `--local` or a client dry run, only print.
    pub fn send(
        &self,
        ctx: &mut Ctx,
        info: &Info,
        before: &Value,
        after: Value,
    ) -> Result<(), KError> {
        if before == &after {
            return Ok(());
        }
        if self.local || self.dry_run == DryRun::Client {
            return self.report(ctx, info, &after);
        }
        let patch = merge_diff(before, &after);
        let req = ApiRequest::new(Method::Patch, info.path())
            .with_query("fieldManager", self.manager)
            .with_content_type("application/merge-patch+json")
            .with_body(patch.to_string());
        match ctx.call(self.dry_run.on(req)) {
            Ok(actual) => self.report(ctx, info, &actual),
            Err(e) => Err(KError::msg(format!(
                "{}: {}",
                self.failure,
                match e {
                    KError::Status(s) => s.message,
                    other => other.render("set").trim_end().to_string(),
                }
            ))),
        }
    }

    /// Print the object as the command's printer would.
    pub fn report(&self, ctx: &mut Ctx, info: &Info, obj: &Value) -> Result<(), KError> {
        let text = match self.format {
            None => format!(
                "{} {}{}\n",
                printers::name_of(&info.resource, &info.name),
                self.operation,
                self.dry_run.suffix()
            ),
            Some(Format::Name) => format!("{}\n", printers::name_of(&info.resource, &info.name)),
            Some(f) => super::util::print_flags::print_object(f, obj)?,
        };
        ctx.print(text);
        Ok(())
    }
}

/// The flags every set subcommand has for selecting and printing, `--local` among them.
macro_rules! set_flags {
    ($local:expr, $($extra:expr),* $(,)?) => {
        &[
            super::super::super::flags::boolean(
                "all",
                "Select all resources, in the namespace of the specified resource types",
            ),
            super::super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
            super::super::util::flags::DRY_RUN,
            super::super::super::flags::string(
                "field-manager",
                "kubectl-set",
                "Name of the manager used to track field ownership.",
            ),
            super::super::util::flags::filename(
                "Filename, directory, or URL to files identifying the resource to get from a server.",
            ),
            super::super::util::flags::KUSTOMIZE,
            super::super::super::flags::boolean("local", $local),
            super::super::util::flags::OUTPUT,
            super::super::util::flags::RECURSIVE,
            super::super::util::flags::SELECTOR,
            super::super::util::flags::SHOW_MANAGED_FIELDS,
            super::super::util::flags::TEMPLATE,
            $($extra),*
        ]
    };
}
pub(crate) use set_flags;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn resources_come_before_changes() {
        let args = strings(&["deployment/web", "nginx=nginx:1.27", "APP-"]);
        let (res, pairs) = resources_and_pairs(&args, "image").unwrap_or_default();
        assert_eq!(res, ["deployment/web"]);
        assert_eq!(pairs, ["nginx=nginx:1.27", "APP-"]);
        let late = strings(&["a=b", "deployment/web"]);
        assert!(resources_and_pairs(&late, "image").is_err());
    }

    #[test]
    fn pairs_keep_the_last_value_and_refuse_the_malformed() {
        let (set, removed) =
            parse_pairs(&strings(&["a=1", "a=2", "b-"]), "env", true).unwrap_or_default();
        assert_eq!(set, [("a".to_string(), "2".to_string())]);
        assert_eq!(removed, ["b"]);
        assert!(parse_pairs(&strings(&["b-"]), "image", false).is_err());
    }

    #[test]
    fn a_merge_diff_sends_changes_and_nulls() {
        let from = json!({"a": 1, "b": {"c": 2, "d": 3}, "l": [1]});
        let to = json!({"a": 1, "b": {"c": 5}, "l": [1, 2]});
        assert_eq!(
            merge_diff(&from, &to),
            json!({"b": {"c": 5, "d": null}, "l": [1, 2]})
        );
    }
}
