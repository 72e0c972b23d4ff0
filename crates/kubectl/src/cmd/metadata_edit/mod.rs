//! What `kubectl label` and `kubectl annotate` share: `KEY=VAL` / `KEY-` arguments, the
//! overwrite rule, `--list`, `--local`, and a JSON merge patch of `metadata.labels` or
//! `metadata.annotations` on every selected object.

mod changes;

use serde_json::Value;

pub use changes::Field;
use changes::{apply_changes, label_verb, parse_changes, split_args, Changes};

use super::super::error::KError;
use super::super::flags::Args;
use super::super::printers::{self, Format};
use super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::report_errors;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;

/// The flags of `label` or `annotate`, read once.
pub struct MetadataOptions {
    field: Field,
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    /// The arguments before the first change: `TYPE NAME...` or `TYPE/NAME...`.
    resources: Vec<String>,
    changes: Changes,
    list: bool,
    local: bool,
    selector: String,
    field_selector: String,
    all: bool,
    all_namespaces: bool,
    overwrite: bool,
    resource_version: String,
    dry_run: DryRun,
    /// None: the `kind/name labeled` line.
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args, field: Field) -> Result<(), KError> {
    let o = MetadataOptions::complete(args, field)?;
    o.validate()?;
    o.run(ctx)
}

impl MetadataOptions {
    pub fn complete(args: &Args, field: Field) -> Result<MetadataOptions, KError> {
        let (resources, pairs) = split_args(&args.positionals, field)?;
        let mut o = MetadataOptions {
            field,
            filenames: args.list("filename"),
            kustomize: args.str("kustomize"),
            recursive: args.bool("recursive"),
            resources,
            changes: Changes::default(),
            list: args.bool("list"),
            local: args.bool("local"),
            selector: args.str("selector"),
            field_selector: args.str("field-selector"),
            all: args.bool("all"),
            all_namespaces: args.bool("all-namespaces"),
            overwrite: args.bool("overwrite"),
            resource_version: args.str("resource-version"),
            dry_run: DryRun::None,
            format: None,
        };
        // These are reported before anything wrong with the changes, --dry-run or -o.
        o.check_selection(pairs.is_empty())?;
        o.changes = parse_changes(&pairs, field)?;
        o.dry_run = DryRun::from_args(args)?;
        o.format = match args.str("output").as_str() {
            "" if args.str("template").is_empty() => None,
            out => Some(Format::from_flags(
                out,
                &args.str("template"),
                args.str("allow-missing-template-keys") != "false",
            )?),
        };
        Ok(o)
    }

    fn check_selection(&self, no_changes: bool) -> Result<(), KError> {
        if self.all && !self.selector.is_empty() {
            return Err(KError::msg(
                "cannot set --all and --selector at the same time",
            ));
        }
        if self.all && !self.field_selector.is_empty() {
            return Err(KError::msg(
                "cannot set --all and --field-selector at the same time",
            ));
        }
        if self.resources.is_empty() && self.filenames.is_empty() && self.kustomize.is_empty() {
            return Err(KError::msg(
                "one or more resources must be specified as <resource> <name> or <resource>/<name>",
            ));
        }
        if !self.list && no_changes {
            return Err(KError::msg(format!(
                "at least one {} update is required",
                self.field.singular()
            )));
        }
        Ok(())
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.local && self.dry_run == DryRun::Server {
            return Err(KError::msg(
                "cannot specify --local and --dry-run=server - did you mean --dry-run=client?",
            ));
        }
        if self.local && !self.resources.is_empty() {
            return Err(KError::msg(
                "can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set",
            ));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let selecting = self.all || !self.selector.is_empty() || !self.field_selector.is_empty();
        let visited = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .local(self.local)
            .require_namespace(NamespaceCheck::Everything)
            .all_namespaces(self.all_namespaces)
            .label_selector(&self.selector)
            .field_selector(&self.field_selector)
            .resource_type_or_name_args(&self.resources)
            .names_exclude_selector(!self.selector.is_empty())
            .names_required_unless(selecting)
            .require_object(false)
            .visit()?;
        let one = visited.single_item_implied();
        let (infos, mut errors) = visited.split();
        if !self.resource_version.is_empty() && infos.len() > 1 {
            return Err(KError::msg(
                "--resource-version may only be used with a single resource",
            ));
        }
        let mut printed = 0usize;
        for info in infos {
            let result = self.object(ctx, &info).and_then(|obj| match self.list {
                true => {
                    self.print_list(ctx, &info, &obj, one);
                    Ok(())
                }
                false => self.edit_and_print(ctx, &info, obj, &mut printed),
            });
            if let Err(e) = result {
                errors.push(e);
            }
        }
        report_errors(ctx, errors)
    }

    /// The object to edit: as listed, as its file has it with --local, else as the server has
    /// it now.
    fn object(&self, ctx: &mut Ctx, info: &Info) -> Result<Value, KError> {
        if let Some(live) = &info.live {
            return Ok(live.clone());
        }
        match (&info.file, self.local) {
            (Some(file), true) => Ok(file.value.clone()),
            _ => info.get(ctx),
        }
    }

    /// `--list`: the keys and values, under a heading per object unless one was implied.
    fn print_list(&self, ctx: &mut Ctx, info: &Info, obj: &Value, one: bool) {
        let key = self.field.key();
        let mut text = String::new();
        let indent = if one { "" } else { " " };
        if !one {
            text.push_str(&format!(
                "Listing {key} for {}.{}/{}:\n",
                info.resource.kind, info.resource.group, info.name
            ));
        }
        if let Some(m) = obj
            .pointer(&format!("/metadata/{key}"))
            .and_then(|m| m.as_object())
        {
            for (k, v) in m {
                text.push_str(&format!("{indent}{k}={}\n", v.as_str().unwrap_or("")));
            }
        }
        ctx.print(text);
    }

    /// Make the changes and print kubectl's line, the name, or the object.
    fn edit_and_print(
        &self,
        ctx: &mut Ctx,
        info: &Info,
        obj: Value,
        printed: &mut usize,
    ) -> Result<(), KError> {
        let (verb, result) = self.edit(ctx, info, obj)?;
        let name = printers::name_of(&info.resource, &info.name);
        let text = match &self.format {
            None => format!("{name} {verb}{}\n", self.dry_run.suffix()),
            Some(Format::Name) => format!("{name}\n"),
            Some(f @ (Format::GoTemplate(_) | Format::GoTemplateFile(..))) => {
                printers::template_print(ctx.fs, f, &[result], false, false)?
            }
            Some(f) => {
                let sep = if *printed > 0 && *f == Format::Yaml {
                    "---\n"
                } else {
                    ""
                };
                format!("{sep}{}", printers::print_objects(f, &[result], false))
            }
        };
        *printed += 1;
        ctx.print(text);
        Ok(())
    }

    /// The verb for the object and the object after the changes: patched on the server unless
    /// --local or a client dry run.
    fn edit(
        &self,
        ctx: &mut Ctx,
        info: &Info,
        obj: Value,
    ) -> Result<(&'static str, Value), KError> {
        let (next, missing) = apply_changes(&obj, &self.changes, self.field, self.overwrite)?;
        // kubectl only mentions missing labels when it talks to the server.
        if self.field == Field::Labels && !self.local {
            for k in &missing {
                ctx.print(format!("label \"{k}\" not found.\n"));
            }
        }
        let verb = match self.field {
            Field::Labels => label_verb(&obj, &next, self.overwrite),
            Field::Annotations => "annotated",
        };
        if self.local || self.dry_run == DryRun::Client {
            return Ok((verb, next));
        }
        let body = self.changes.merge_patch(self.field, &self.resource_version);
        let req = ApiRequest::new(Method::Patch, info.path())
            .with_query("fieldManager", self.field.manager())
            .with_content_type("application/merge-patch+json")
            .with_body(body.to_string());
        Ok((verb, ctx.call(self.dry_run.on(req))?))
    }
}
