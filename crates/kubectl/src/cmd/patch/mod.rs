//! `kubectl patch`: send a strategic merge, JSON merge or JSON patch to each object named (or
//! read from files), or with `--local` / `--dry-run=client` apply it to the object here and
//! print the result. kubectl's line says `patched`, or `patched (no change)` when the object
//! came back as it was sent; the dry-run suffix is never added (kubectl overwrites it).

mod local;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers::{self, Format};
use super::super::resources::{Builder, Info, NamespaceCheck, OnError};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::report_errors;
use super::util::print_flags;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::fs::FsError;

pub const FLAGS: &[Flag] = &[
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    super::util::flags::DRY_RUN,
    string("field-manager", "kubectl-patch", "Name of the manager used to track field ownership."),
    super::util::flags::filename("Filename, directory, or URL to files identifying the resource to update"),
    boolean("local", "If true, patch will operate on the content of the file, not the server-side resource."),
    super::util::flags::OUTPUT,
    flag("patch", Some('p'), Kind::Str, "", "The patch to be applied to the resource JSON file."),
    string("patch-file", "", "A file containing a patch to be applied to the resource."),
    super::util::flags::RECURSIVE,
    super::util::flags::KUSTOMIZE,
    super::util::flags::SHOW_MANAGED_FIELDS,
    string("subresource", "", "If specified, patch will operate on the subresource of the requested object. This flag is beta and may change in the future."),
    super::util::flags::TEMPLATE,
    string("type", "strategic", "The type of patch being provided; one of [json merge strategic]"),
];

pub const LONG: &str =
    "Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.

 JSON and YAML formats are accepted.

 Note: Strategic merge patch is not supported for custom resources.";

pub const EXAMPLES: &str = "  # Partially update a node using a strategic merge patch, specifying the patch as JSON
  kubectl patch node k8s-node-1 -p '{\"spec\":{\"unschedulable\":true}}'
  
  # Partially update a node using a strategic merge patch, specifying the patch as YAML
  kubectl patch node k8s-node-1 -p $'spec:\\n unschedulable: true'
  
  # Partially update a node identified by the type and name specified in \"node.json\" using strategic merge patch
  kubectl patch -f node.json -p '{\"spec\":{\"unschedulable\":true}}'
  
  # Update a container's image; spec.containers[*].name is required because it's a merge key
  kubectl patch pod valid-pod -p '{\"spec\":{\"containers\":[{\"name\":\"kubernetes-serve-hostname\",\"image\":\"new image\"}]}}'
  
  # Update a container's image using a JSON patch with positional arrays
  kubectl patch pod valid-pod --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/containers/0/image\", \"value\":\"new image\"}]'
  
  # Update a deployment's replicas through the 'scale' subresource using a merge patch
  kubectl patch deployment nginx-deployment --subresource='scale' --type='merge' -p '{\"spec\":{\"replicas\":2}}'";

pub const USAGE: &str =
    "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]";

/// The three patch types and the media type each is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchType {
    Json,
    Merge,
    Strategic,
}

impl PatchType {
    fn parse(s: &str) -> Option<PatchType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "json" => PatchType::Json,
            "merge" => PatchType::Merge,
            "strategic" => PatchType::Strategic,
            _ => return None,
        })
    }

    pub fn media_type(self) -> &'static str {
        match self {
            PatchType::Json => "application/json-patch+json",
            PatchType::Merge => "application/merge-patch+json",
            PatchType::Strategic => "application/strategic-merge-patch+json",
        }
    }
}

/// `patch`'s flags, read once.
pub struct PatchOptions {
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    args: Vec<String>,
    local: bool,
    patch: String,
    patch_file: String,
    patch_type: String,
    subresource: String,
    field_manager: String,
    dry_run: DryRun,
    /// None: the `kind/name patched` line.
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = PatchOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

impl PatchOptions {
    pub fn complete(args: &Args) -> Result<PatchOptions, KError> {
        Ok(PatchOptions {
            dry_run: DryRun::from_args(args)?,
            format: print_flags::object_format(&args.str("output"))?,
            filenames: args.list("filename"),
            kustomize: args.str("kustomize"),
            recursive: args.bool("recursive"),
            args: args.positionals.clone(),
            local: args.bool("local"),
            patch: args.str("patch"),
            patch_file: args.str("patch-file"),
            patch_type: args.str("type"),
            subresource: args.str("subresource"),
            field_manager: args.str("field-manager"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if !self.patch.is_empty() && !self.patch_file.is_empty() {
            return Err(KError::msg(
                "cannot specify --patch and --patch-file together",
            ));
        }
        if self.patch.is_empty() && self.patch_file.is_empty() {
            return Err(KError::msg(
                "must specify --patch or --patch-file containing the contents of the patch",
            ));
        }
        if self.local && !self.args.is_empty() {
            return Err(KError::msg("cannot specify --local and server resources"));
        }
        if self.local && self.dry_run == DryRun::Server {
            return Err(KError::msg(
                "cannot specify --local and --dry-run=server - did you mean --dry-run=client?",
            ));
        }
        if !self.patch_type.is_empty() && PatchType::parse(&self.patch_type).is_none() {
            return Err(KError::msg(format!(
                "--type must be one of [json merge strategic], not \"{}\"",
                self.patch_type
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let patch_type = PatchType::parse(&self.patch_type).unwrap_or(PatchType::Strategic);
        let patch = self.read_patch(ctx)?;
        let (infos, mut errors) = self.visit(ctx)?;
        if infos.is_empty() && errors.is_empty() {
            return Err(KError::msg("no objects passed to patch"));
        }
        for info in &infos {
            let outcome = match self.local || self.dry_run == DryRun::Client {
                true => local::patch(info, patch_type, &patch),
                false => self.send(ctx, info, patch_type, &patch),
            };
            match outcome.and_then(|(obj, changed)| self.report(info, &obj, changed)) {
                Ok(text) => ctx.print(text),
                Err(e) => errors.push(e),
            }
        }
        report_errors(ctx, errors)
    }

    /// The patch as JSON: `-p` or the file's text, YAML or JSON (kubectl's `yaml.ToJSON`).
    fn read_patch(&self, ctx: &mut Ctx) -> Result<Value, KError> {
        let text = match self.patch_file.as_str() {
            "" => self.patch.clone(),
            f => ctx.fs.read(f).map_err(|e| {
                let why = match e {
                    FsError::NotFound => "no such file or directory".to_string(),
                    FsError::IsDirectory => "is a directory".to_string(),
                    FsError::Other(m) => m,
                };
                KError::msg(format!("unable to read patch file: open {f}: {why}"))
            })?,
        };
        // kubectl names `-p` in the error even when the patch came from --patch-file.
        let unparsable =
            |e: String| KError::msg(format!("unable to parse \"{}\": {e}", self.patch));
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            return Ok(v);
        }
        match kubeplay_yaml::parse_documents(&text) {
            Ok(docs) => Ok(docs
                .into_iter()
                .next()
                .map(|d| d.value)
                .unwrap_or(Value::Null)),
            Err(e) => Err(unparsable(e.to_string())),
        }
    }

    /// The objects to patch: from files as written (the server's copy is never fetched for
    /// them), or the named ones as the server has them.
    fn visit(&self, ctx: &mut Ctx) -> Result<(Vec<Info>, Vec<KError>), KError> {
        let mut b = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .local(self.local)
            .on_error(OnError::Continue)
            .require_namespace(NamespaceCheck::Files);
        if !self.local {
            b = b.resource_type_or_name_args(&self.args);
        }
        Ok(b.visit()?.split())
    }

    /// PATCH the object (or its subresource); the object that came back and whether the patch
    /// changed it, compared with the object as it was read.
    fn send(
        &self,
        ctx: &mut Ctx,
        info: &Info,
        patch_type: PatchType,
        patch: &Value,
    ) -> Result<(Value, bool), KError> {
        let path = match self.subresource.as_str() {
            "" => info.path(),
            sub => format!("{}/{sub}", info.path()),
        };
        let req = ApiRequest::new(Method::Patch, path)
            .with_query("fieldManager", &self.field_manager)
            .with_content_type(patch_type.media_type())
            .with_body(printers::go_json_escape(&patch.to_string()));
        let patched = ctx.call(self.dry_run.on(req)).map_err(|e| match e {
            KError::Status(s) if s.code == 415 => KError::msg(format!(
                "{} is not supported by {}, Kind={}: {}",
                patch_type.media_type(),
                info.resource.api_version(),
                info.resource.kind,
                s.message
            )),
            other => other,
        })?;
        let before = info.live.as_ref().or(info.file.as_ref().map(|f| &f.value));
        let changed = before != Some(&patched);
        Ok((patched, changed))
    }

    /// kubectl's line, the name, or the object as `-o` asks.
    fn report(&self, info: &Info, obj: &Value, changed: bool) -> Result<String, KError> {
        let name = match obj.get("kind").and_then(Value::as_str) {
            // A subresource answers with its own kind (`scale.autoscaling/web`).
            Some("Scale") => format!("scale.autoscaling/{}", info.name),
            _ => printers::name_of(&info.resource, &info.name),
        };
        let verb = match changed {
            true => "patched",
            false => "patched (no change)",
        };
        Ok(match &self.format {
            None => format!("{name} {verb}\n"),
            Some(Format::Name) => format!("{name}\n"),
            Some(f) => print_flags::print_object(f, obj)?,
        })
    }
}
