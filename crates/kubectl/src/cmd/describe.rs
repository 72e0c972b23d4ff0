//! `kubectl describe`: fetch the selected objects as kubectl's resource builder does (types,
//! TYPE/NAME, `-f`, `-l`, `-A`), hand each to its kind's describer, and fall back to name-prefix
//! matching when `TYPE NAME` finds nothing.

use serde_json::Value;

use super::super::describe::{describer_for, Settings};
use super::super::error::KError;
use super::super::flags::{flag, Args, Flag, Kind};
use super::super::resources::{Builder, NamespaceCheck, OnError, Scope};
use super::super::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::meta;
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::clock::Time;

pub const FLAGS: &[Flag] = &[
    super::util::flags::ALL_NAMESPACES,
    flag("chunk-size", None, Kind::Int, "500", "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future."),
    super::util::flags::filename("Filename, directory, or URL to files containing the resource to describe"),
    super::util::flags::KUSTOMIZE,
    super::util::flags::RECURSIVE,
    super::util::flags::SELECTOR,
    flag("show-events", None, Kind::Bool, "true", "If true, display events related to the described object."),
];

pub const LONG: &str = "Show details of a specific resource or group of resources.

 Prints a readable report about each selected object, together with related information such as
its recent events or the objects that control it. Select one object by name, every object of a
type, the objects with a label (-l), or the objects whose names start with a given prefix:

        $ kubectl describe TYPE NAME_PREFIX
        
 An exact match on TYPE and NAME_PREFIX is tried first; when there is none, every object of that
type whose name starts with NAME_PREFIX is described.

Use \"kubectl api-resources\" for a complete list of supported resources.";

pub const EXAMPLES: &str = "  # Show the details of the node named minikube
  kubectl describe nodes minikube
  
  # Show the details of one pod, written as TYPE/NAME
  kubectl describe pods/nginx
  
  # Describe the object named in a manifest file
  kubectl describe -f pod.yaml
  
  # Describe every pod in the current namespace
  kubectl describe pods
  
  # Describe the pods labelled app=web
  kubectl describe pods -l app=web
  
  # Describe every pod whose name starts with \"web-\"
  # (pods made by a deployment or replica set start with its name)
  kubectl describe pods web-";

pub const USAGE: &str =
    "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]";

/// `describe`'s flags, read once.
pub struct DescribeOptions {
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    args: Vec<String>,
    /// `-l` as given (trimmed) for the server, and parsed for objects read from files.
    selector: String,
    label_selector: Option<LabelSelector>,
    all_namespaces: bool,
    settings: Settings,
}

/// One object to describe, with the resource it belongs to.
struct Found {
    info: ResourceInfo,
    obj: Value,
}

/// The client's clock: kubectl computes describe's ages itself.
fn client_now(ctx: &Ctx) -> Time {
    ctx.api.clock().unwrap_or_default()
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = DescribeOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl DescribeOptions {
    pub fn complete(ctx: &Ctx, args: &Args) -> Result<DescribeOptions, KError> {
        let filenames = args.list("filename");
        let kustomize = args.str("kustomize");
        if args.positionals.is_empty() && filenames.is_empty() && kustomize.is_empty() {
            return Err(KError::msg(
                "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.",
            ));
        }
        let selector = args.str("selector").trim().to_string();
        let label_selector = match selector.is_empty() {
            true => None,
            false => Some(LabelSelector::parse(&selector).map_err(KError::msg)?),
        };
        Ok(DescribeOptions {
            filenames,
            kustomize,
            recursive: args.bool("recursive"),
            args: args.positionals.clone(),
            selector,
            label_selector,
            all_namespaces: args.bool("all-namespaces"),
            settings: Settings {
                show_events: args.bool("show-events"),
                chunk_size: args.int("chunk-size"),
                now: client_now(ctx),
            },
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if !self.filenames.is_empty() || !self.kustomize.is_empty() {
            if !self.args.is_empty() {
                return Err(KError::msg(
                    "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
                ));
            }
            return Ok(());
        }
        let slash_form = self.slash_form();
        let names_given = slash_form || self.args.len() > 1;
        if self.label_selector.is_some() && names_given {
            return Err(KError::msg(if slash_form {
                "at least one resource must be specified to use a selector"
            } else {
                "name cannot be provided when a selector is specified"
            }));
        }
        Ok(())
    }

    fn slash_form(&self) -> bool {
        self.args.iter().any(|a| a.contains('/'))
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (found, mut errors) = self.find(ctx)?;
        // `describe TYPE NAME` that found nothing: describe every NAME-prefixed object instead.
        let single_miss =
            errors.len() == 1 && matches!(&errors[0], KError::Status(st) if st.code == 404);
        if self.filenames.is_empty() && self.args.len() == 2 && !self.slash_form() && single_miss {
            return self.describe_prefixed(ctx, errors.remove(0));
        }
        self.describe_all(ctx, &found, &mut errors);
        if found.is_empty() && errors.is_empty() {
            let ns = ctx.namespace();
            ctx.eprint(match self.all_namespaces {
                true => "No resources found\n".to_string(),
                false => format!("No resources found in {ns} namespace.\n"),
            });
        }
        if errors.is_empty() {
            return Ok(());
        }
        for e in &errors {
            let text = e.render(&ctx.cmd_path);
            ctx.eprint(text);
        }
        Err(KError::Exit(1))
    }

    /// The objects to describe as the server has them, and what went wrong, in order.
    fn find(&self, ctx: &mut Ctx) -> Result<(Vec<Found>, Vec<KError>), KError> {
        let label = self.label_selector.as_ref();
        let visited = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .bare_read_errors()
            .on_error(OnError::SkipUnknownKinds)
            .require_namespace(NamespaceCheck::Files)
            .select_files(|obj| label.is_none_or(|l| l.matches(obj.pointer("/metadata/labels"))))
            .all_namespaces(self.all_namespaces)
            .label_selector(&self.selector)
            .resource_type_or_name_args(&self.args)
            .names_in_one_namespace(Scope::Namespaced)
            .latest()
            .visit()?;
        let (infos, errors) = visited.split();
        let found = infos
            .into_iter()
            .map(|i| Found {
                // The describers need apiVersion and kind, whichever way the object came.
                obj: meta::canonical(&i.resource, i.live.unwrap_or_default()),
                info: i.resource,
            })
            .collect();
        Ok((found, errors))
    }

    /// Each object by its kind's describer, separated by blank lines; a describer's error is
    /// kept once however many objects hit it.
    fn describe_all(&self, ctx: &mut Ctx, found: &[Found], errors: &mut Vec<KError>) {
        let mut first = true;
        let mut seen: Vec<String> = Vec::new();
        for f in found {
            let describe = describer_for(&f.info.group, &f.info.kind);
            match describe(ctx, &f.obj, &self.settings) {
                Ok(text) if first => {
                    first = false;
                    ctx.print(text);
                }
                Ok(text) => ctx.print(format!("\n\n{text}")),
                Err(e) => {
                    let msg = e.render(&ctx.cmd_path);
                    if !seen.contains(&msg) {
                        seen.push(msg);
                        errors.push(e);
                    }
                }
            }
        }
    }

    /// kubectl's `DescribeMatchingResources`: every object of the type in the namespace whose
    /// name starts with the prefix, each followed by a blank line; the original error when none
    /// does.
    fn describe_prefixed(&self, ctx: &mut Ctx, original: KError) -> Result<(), KError> {
        let (Some(ty), Some(prefix)) = (self.args.first(), self.args.get(1)) else {
            return Err(original);
        };
        let groups = Builder::new(ctx)
            .resource_type_or_name_args(std::slice::from_ref(ty))
            .resolve()?
            .groups();
        let [group] = groups.as_slice() else {
            return Err(original);
        };
        let items = group.list(ctx, "", "")?;
        let describe = describer_for(&group.resource.group, &group.resource.kind);
        let mut any = false;
        for obj in items
            .iter()
            .filter(|o| meta::name(o).starts_with(prefix.as_str()))
        {
            any = true;
            let text = describe(ctx, obj, &self.settings)?;
            ctx.print(format!("{text}\n"));
        }
        if any {
            Ok(())
        } else {
            Err(original)
        }
    }
}
