//! One `kubectl edit` session (kubectl's `editFn`): write the objects with the header, let the
//! user edit, then patch what changed; when the server refuses, reopen the file with the
//! reasons in its header until the user saves it unchanged or the patches go through.

use serde_json::Value;

use super::header::{self, Reason};
use super::{patches, EditOptions};
use crate::cmd::unsupported;
use crate::cmd::util::last_applied;
use crate::cmd::util::print_flags;
use crate::error::KError;
use crate::printers::{self, Format};
use crate::resources::Info;
use crate::Ctx;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::fs::EditError;

/// Bound on how often one session reopens the file.
const MAX_ROUNDS: usize = 100;

/// What the patches of one save came to (kubectl's `editResults`).
#[derive(Default)]
struct Results {
    reasons: Vec<Reason>,
    /// Objects the server found invalid: the file is reopened for them.
    invalid: usize,
    retryable: usize,
    notfound: usize,
}

pub struct Session<'o> {
    o: &'o EditOptions,
    originals: Vec<(Info, Value)>,
}

impl<'o> Session<'o> {
    pub fn new(o: &'o EditOptions, originals: Vec<(Info, Value)>) -> Self {
        Session { o, originals }
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let original = self.original_text();
        let base = ctx.api.clock().map(|t| t.0).unwrap_or(0);
        let ext = if self.o.json { "json" } else { "yaml" };
        // The text the user last saved, and the reasons it failed, once something failed.
        let mut failed: Option<(String, Vec<Reason>)> = None;
        let mut previous_file: Option<String> = None;
        for round in 0..MAX_ROUNDS {
            let text = match &failed {
                None => self.with_header(&original, &[]),
                Some((edited, reasons)) => self.with_header(&header::manual_strip(edited), reasons),
            };
            let file = format!("/tmp/kubectl-edit-{}.{ext}", base + round as i64);
            let edited = self.launch(ctx, &file, &text, previous_file.as_deref())?;
            if let Some((before, _)) = &failed {
                if header::strip_comments(before) == header::strip_comments(&edited) {
                    return Err(preserved(
                        ctx,
                        &file,
                        "Edit cancelled, no valid changes were saved.",
                    ));
                }
            }
            if let Some(prev) = previous_file.take() {
                let _ = ctx.fs.remove_file(&prev);
            }
            if let Some(reason) = self.check_object(ctx, &edited) {
                previous_file = Some(file.clone());
                failed = Some((edited, vec![reason]));
                continue;
            }
            if header::strip_comments(&original) == header::strip_comments(&edited) {
                let _ = ctx.fs.remove_file(&file);
                ctx.eprint("Edit cancelled, no changes made.\n");
                return Ok(());
            }
            if !header::has_lines(&edited) {
                let _ = ctx.fs.remove_file(&file);
                ctx.eprint("Edit cancelled, saved file was empty.\n");
                return Ok(());
            }
            previous_file = Some(file.clone());
            let objects = match parse_edited(&edited) {
                Ok(objects) => objects,
                Err(why) => {
                    let head = format!("The edited file had a syntax error: {why}");
                    failed = Some((
                        edited,
                        vec![Reason {
                            head,
                            other: vec![],
                        }],
                    ));
                    continue;
                }
            };
            let results = self
                .patch_all(ctx, &objects)
                .map_err(|e| preserved_err(ctx, &file, e))?;
            if results.retryable > 0 {
                ctx.eprint(format!(
                    "You can run `kubectl replace -f {file}` to try this update again.\n"
                ));
                return Err(KError::Exit(1));
            }
            if results.notfound > 0 {
                ctx.eprint(format!(
                    "The edits you made on deleted resources have been saved to \"{file}\"\n"
                ));
                return Err(KError::Exit(1));
            }
            if results.invalid == 0 {
                let _ = ctx.fs.remove_file(&file);
                return Ok(());
            }
            failed = Some((edited, results.reasons));
        }
        Err(KError::msg(
            "edit cancelled, the file was reopened too many times",
        ))
    }

    /// kubectl's check of the saved file before anything is sent: it must hold an object.
    fn check_object(&self, ctx: &mut Ctx, edited: &str) -> Option<Reason> {
        let why = validation_error(edited)?;
        let info = &self.originals.first()?.0;
        let (resource, name) = (resource_string(info), &info.name);
        ctx.eprint(format!("error: {resource} \"{name}\" is invalid\n"));
        Some(Reason {
            head: format!("{resource} \"{name}\" was not valid"),
            other: vec![format!(
                "<nil>: Invalid value: \"The edited file failed validation\": {why}"
            )],
        })
    }

    /// The objects as the file first shows them: one, or a List of several, without their
    /// managed fields.
    fn original_text(&self) -> String {
        let mut objects: Vec<Value> = self.originals.iter().map(|(_, v)| v.clone()).collect();
        for o in &mut objects {
            print_flags::strip_managed_fields(o);
        }
        let doc = match objects.len() {
            1 => objects.pop().unwrap_or_default(),
            _ => {
                serde_json::json!({"apiVersion": "v1", "items": objects, "kind": "List", "metadata": {}})
            }
        };
        match self.o.json {
            true => printers::to_json(&doc),
            false => kubeplay_yaml::to_yaml(&doc),
        }
    }

    /// The file's text: the header (YAML only), then the objects, with CRLF if asked.
    fn with_header(&self, body: &str, reasons: &[Reason]) -> String {
        let text = match self.o.json {
            true => body.to_string(),
            false => format!("{}{body}", header::header(reasons)),
        };
        match self.o.windows_line_endings {
            true => text.replace('\n', "\r\n"),
            false => text,
        }
    }

    /// Write the file, run the editor on it and read it back.
    fn launch(
        &self,
        ctx: &mut Ctx,
        file: &str,
        text: &str,
        previous: Option<&str>,
    ) -> Result<String, KError> {
        ctx.fs
            .write(file, text)
            .map_err(|e| KError::msg(format!("open {file}: {e:?}")))?;
        match ctx.fs.edit(file) {
            Ok(()) => {}
            Err(EditError::Unavailable) => {
                let _ = ctx.fs.remove_file(file);
                return Err(unsupported::not_available_here("edit"));
            }
            Err(EditError::Failed(why)) => {
                return Err(match previous {
                    Some(p) => preserved(ctx, p, &why),
                    None => KError::msg(why),
                })
            }
        }
        let edited = ctx
            .fs
            .read(file)
            .map_err(|e| KError::msg(format!("open {file}: {e:?}")))?;
        Ok(edited.replace("\r\n", "\n"))
    }

    /// Patch every edited object against its original; what the server refused is counted.
    fn patch_all(&self, ctx: &mut Ctx, objects: &[Value]) -> Result<Results, KError> {
        let mut results = Results::default();
        for edited in objects {
            let uid = edited.pointer("/metadata/uid");
            let Some((info, original)) = self
                .originals
                .iter()
                .find(|(_, o)| o.pointer("/metadata/uid") == uid)
            else {
                return Err(KError::msg(format!(
                    "no original object found for {}",
                    edited
                        .pointer("/metadata/name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                )));
            };
            let mut original = original.clone();
            print_flags::strip_managed_fields(&mut original);
            self.patch_one(ctx, info, &original, edited, &mut results)?;
        }
        Ok(results)
    }

    fn patch_one(
        &self,
        ctx: &mut Ctx,
        info: &Info,
        original: &Value,
        edited: &Value,
        results: &mut Results,
    ) -> Result<(), KError> {
        let edited = match self.o.save_config {
            true => last_applied::annotated(edited),
            false => edited.clone(),
        };
        if original == &edited {
            return self.report(ctx, info, &edited, "skipped");
        }
        let (patch, media_type) = patches::two_way(info, original, &edited)?;
        let body = printers::go_json_escape(&patch.to_string());
        if self.o.output_patch {
            ctx.print(format!("Patch: {body}\n"));
        }
        let req = ApiRequest::new(Method::Patch, self.o.patch_path(info))
            .with_query("fieldManager", &self.o.field_manager)
            .with_query("fieldValidation", self.o.validation)
            .with_content_type(media_type)
            .with_body(body);
        match ctx.call(req) {
            Ok(patched) => self.report(ctx, info, &patched, "edited"),
            Err(KError::Status(s)) => {
                let line = add_error(results, info, &s);
                ctx.eprint(format!("{line}\n"));
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// `deployment.apps/web edited` (or skipped), or the object as `-o` asks.
    fn report(&self, ctx: &mut Ctx, info: &Info, obj: &Value, verb: &str) -> Result<(), KError> {
        let name = printers::name_of(&info.resource, &info.name);
        let text = match &self.o.format {
            None => format!("{name} {verb}\n"),
            Some(Format::Name) => format!("{name}\n"),
            Some(f) => print_flags::print_object(f, obj)?,
        };
        ctx.print(text);
        Ok(())
    }
}

/// Why kubectl's schema check refuses the saved file (its comments stripped), if it does.
fn validation_error(edited: &str) -> Option<String> {
    let stripped = header::manual_strip(edited);
    let doc = match kubeplay_yaml::parse_documents(&stripped) {
        Err(e) => return Some(e.to_string()),
        Ok(docs) => docs.into_iter().next().map(|d| d.value),
    };
    let Some(Value::Object(obj)) = doc else {
        return Some("invalid object to validate".into());
    };
    let set = |k: &str| {
        obj.get(k)
            .and_then(Value::as_str)
            .is_some_and(|v| !v.is_empty())
    };
    match (set("apiVersion"), set("kind")) {
        (false, _) => Some("apiVersion not set".into()),
        (_, false) => Some("kind not set".into()),
        _ => None,
    }
}

/// The objects of the saved file: one document, a List's items, or several documents.
fn parse_edited(text: &str) -> Result<Vec<Value>, String> {
    let docs = kubeplay_yaml::parse_documents(text).map_err(|e| e.kubectl_message())?;
    let mut out = Vec::new();
    for d in docs {
        match (
            d.value.get("kind").and_then(Value::as_str),
            d.value.get("items"),
        ) {
            (Some(k), Some(Value::Array(items))) if k.ends_with("List") => {
                out.extend(items.iter().cloned())
            }
            _ => out.push(d.value),
        }
    }
    Ok(out)
}

/// kubectl's `addError`: the line printed for a refused patch, and what the header will say.
fn add_error(results: &mut Results, info: &Info, s: &kubeplay_core::api::status::Status) -> String {
    let resource = resource_string(info);
    let name = &info.name;
    match (s.reason.as_str(), s.code) {
        ("Invalid", _) => {
            results.invalid += 1;
            results.reasons.push(Reason {
                head: format!("{resource} \"{name}\" was not valid"),
                other: s
                    .causes
                    .iter()
                    .map(|c| format!("{}: {}", c.field, c.message))
                    .collect(),
            });
            format!("error: {resource} \"{name}\" is invalid")
        }
        (_, 404) => {
            results.notfound += 1;
            format!("error: {resource} \"{name}\" could not be found on the server")
        }
        _ => {
            results.retryable += 1;
            format!(
                "error: {resource} \"{name}\" could not be patched: {}",
                s.message
            )
        }
    }
}

/// `deployments.apps`: the resource and its group, as edit names objects in its errors.
fn resource_string(info: &Info) -> String {
    let r = &info.resource;
    match r.group.as_str() {
        "" => r.plural.clone(),
        g => format!("{}.{g}", r.plural),
    }
}

/// kubectl's `preservedFile`: say where the user's changes are kept, then fail with `why`.
fn preserved(ctx: &mut Ctx, file: &str, why: &str) -> KError {
    preserved_err(ctx, file, KError::msg(why))
}

fn preserved_err(ctx: &mut Ctx, file: &str, e: KError) -> KError {
    if ctx.fs.read(file).is_ok() {
        ctx.eprint(format!(
            "A copy of your changes has been stored to \"{file}\"\n"
        ));
    }
    e
}
