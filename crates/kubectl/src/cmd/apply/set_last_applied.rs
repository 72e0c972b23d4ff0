//! `kubectl apply set-last-applied -f FILE`: make the last-applied-configuration annotation of
//! live objects hold the contents of files, as if they had been applied, and change nothing else.

use serde_json::{json, Value};

use crate::cmd::util::dry_run::DryRun;
use crate::cmd::util::errors::report_errors;
use crate::cmd::util::last_applied;
use crate::error::KError;
use crate::flags::Args;
use crate::printers::{self, Format};
use crate::resources::{self, Builder, Info, NamespaceCheck, OnError};
use crate::Ctx;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;

/// `set-last-applied`'s flags, read once.
pub struct SetLastAppliedOptions {
    filenames: Vec<String>,
    create_annotation: bool,
    dry_run: DryRun,
    /// None: the `kind/name configured` line.
    format: Option<Format>,
}

/// An object whose annotation is to change: what it holds and what it will hold.
struct Change {
    info: Info,
    stored: String,
    wanted: String,
}

pub fn set(ctx: &mut Ctx, args: &Args, positionals: &[String]) -> Result<(), KError> {
    SetLastAppliedOptions::complete(args, positionals)?.run(ctx)
}

impl SetLastAppliedOptions {
    pub fn complete(args: &Args, positionals: &[String]) -> Result<Self, KError> {
        let dry_run = DryRun::from_args(args)?;
        let filenames = args.list("filename");
        if filenames.is_empty() || !positionals.is_empty() {
            return Err(KError::msg(resources::NO_RESOURCES));
        }
        let format = match args.str("output").as_str() {
            "" => None,
            o => Some(Format::parse(o)?),
        };
        Ok(SetLastAppliedOptions {
            filenames,
            create_annotation: args.bool("create-annotation"),
            dry_run,
            format,
        })
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let changes = self.plan(ctx)?;
        let mut errors = Vec::new();
        for change in changes {
            if change.stored == change.wanted {
                let name = &change.info.name;
                ctx.print(format!("set-last-applied {name}: no changes required.\n"));
                continue;
            }
            match self.patch(ctx, &change) {
                Ok(result) => {
                    let text = self.outcome(&change.info, result);
                    ctx.print(text);
                }
                Err(e) => errors.push(e),
            }
        }
        report_errors(ctx, errors)
    }

    /// Every object's change, checked before any is made: the first object that cannot be read,
    /// found or (without --create-annotation) lacks the annotation stops the command.
    fn plan(&self, ctx: &mut Ctx) -> Result<Vec<Change>, KError> {
        let visited = Builder::new(ctx)
            .filenames(&self.filenames, false)
            .require_namespace(NamespaceCheck::Files)
            .on_error(OnError::Continue)
            .visit()?;
        if let Some(e) = visited.read_errors.into_iter().next() {
            return Err(e);
        }
        let mut changes = Vec::new();
        for item in visited.items {
            changes.push(self.change(ctx, item?)?);
        }
        Ok(changes)
    }

    fn change(&self, ctx: &mut Ctx, info: Info) -> Result<Change, KError> {
        let live = info.get(ctx)?;
        if last_applied::from_live(&live).is_none() && !self.create_annotation {
            return Err(KError::msg(format!(
                "no last-applied-configuration annotation found on resource: {}, to create the annotation, run the command with --create-annotation",
                info.name
            )));
        }
        let stored = live
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(last_applied::ANNOTATION))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let mut cfg = info.file_value();
        if let Some(a) = cfg
            .pointer_mut("/metadata/annotations")
            .and_then(|a| a.as_object_mut())
        {
            a.shift_remove(last_applied::ANNOTATION);
        }
        let wanted = last_applied::serialize(&cfg);
        Ok(Change {
            info,
            stored,
            wanted,
        })
    }

    /// The patched object; nothing (null) for a client dry run.
    fn patch(&self, ctx: &mut Ctx, change: &Change) -> Result<Value, KError> {
        if self.dry_run == DryRun::Client {
            return Ok(Value::Null);
        }
        let body = json!({"metadata": {"annotations": {last_applied::ANNOTATION: change.wanted}}});
        let req = ApiRequest::new(Method::Patch, change.info.path())
            .with_content_type("application/merge-patch+json")
            .with_body(body.to_string());
        ctx.call(self.dry_run.on(req))
    }

    /// kubectl's line, the name, or the object the server returned (printed as an object even
    /// for `-o name` when there is one).
    fn outcome(&self, info: &Info, result: Value) -> String {
        match (&self.format, result.is_null()) {
            (None, _) => format!(
                "{} configured{}\n",
                printers::name_of(&info.resource, &info.name),
                self.dry_run.suffix()
            ),
            (Some(Format::Name), true) => {
                format!("{}\n", printers::name_of(&info.resource, &info.name))
            }
            (Some(f), _) => printers::print_objects(f, &[result], false),
        }
    }
}
