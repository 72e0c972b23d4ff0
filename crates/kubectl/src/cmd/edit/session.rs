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
use crate::flags::Args;
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

/// One edit session between two openings of the file. The native CLI runs the editor and
/// carries on at once (`run`); the page keeps the session in kubectl's `Session` while its
/// editor has the file open, and carries on when the user saves or closes it (`closed`).
#[derive(Debug, Clone)]
pub struct Editing {
    o: EditOptions,
    originals: Vec<(Info, Value)>,
    /// The objects as first written, without the header.
    original: String,
    /// The global flags the command ran with, for the requests made after a save.
    pub(crate) globals: Args,
    /// The first file's number (the cluster clock), and how often the file was opened since.
    base: i64,
    round: usize,
    /// The text the user last saved, and the reasons it failed, once something failed.
    failed: Option<(String, Vec<Reason>)>,
    previous_file: Option<String>,
    /// The file open now, and the text written into it (what closing without saving leaves).
    file: String,
    written: String,
}

/// Where a session stands after the editor closed the file.
pub enum Next {
    /// The file was written again (with the reasons in its header): open it once more.
    Reopen,
    Done(Result<(), KError>),
}

impl Editing {
    pub fn new(ctx: &mut Ctx, o: EditOptions, originals: Vec<(Info, Value)>) -> Self {
        let mut e = Editing {
            o,
            originals,
            original: String::new(),
            globals: ctx.globals.clone(),
            base: ctx.api.clock().map(|t| t.0).unwrap_or(0),
            round: 0,
            failed: None,
            previous_file: None,
            file: String::new(),
            written: String::new(),
        };
        e.original = e.original_text();
        e
    }

    /// The file the editor has (or is about to have) open.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The whole session with the host's editor: open, edit, patch, reopen on failure. A host
    /// that edits later (the page) gets the session back in `ctx.session.editing`.
    pub fn run(mut self, ctx: &mut Ctx) -> Result<(), KError> {
        self.write_file(ctx)?;
        loop {
            match ctx.fs.edit(&self.file) {
                Ok(()) => {}
                Err(EditError::Later) => {
                    ctx.session.editing = Some(Box::new(self));
                    return Ok(());
                }
                Err(EditError::Unavailable) => {
                    let _ = ctx.fs.remove_file(&self.file);
                    return Err(unsupported::not_available_here("edit"));
                }
                Err(EditError::Failed(why)) => {
                    return Err(match &self.previous_file {
                        Some(p) => preserved(ctx, p, &why),
                        None => KError::msg(why),
                    })
                }
            }
            match self.closed(ctx, true) {
                Next::Reopen => continue,
                Next::Done(result) => return result,
            }
        }
    }

    /// The editor closed the file, saved or not: patch what changed, or write the file again.
    pub fn closed(&mut self, ctx: &mut Ctx, saved: bool) -> Next {
        let edited = match saved {
            false => Ok(self.written.clone()),
            true => ctx
                .fs
                .read(&self.file)
                .map_err(|e| KError::msg(format!("open {}: {e:?}", self.file))),
        };
        let step = edited.and_then(|text| self.save(ctx, text.replace("\r\n", "\n")));
        match step {
            Ok(false) => Next::Reopen,
            Ok(true) => Next::Done(Ok(())),
            Err(e) => Next::Done(Err(e)),
        }
    }

    /// Write the file of this round: the header with the reasons of the last failure, if any.
    fn write_file(&mut self, ctx: &mut Ctx) -> Result<(), KError> {
        let ext = if self.o.json { "json" } else { "yaml" };
        self.file = format!("/tmp/kubectl-edit-{}.{ext}", self.base + self.round as i64);
        self.written = match &self.failed {
            None => self.with_header(&self.original, &[]),
            Some((edited, reasons)) => self.with_header(&header::manual_strip(edited), reasons),
        };
        ctx.fs
            .write(&self.file, &self.written)
            .map_err(|e| KError::msg(format!("open {}: {e:?}", self.file)))
    }

    /// Mark the save failed for `reasons` and write the file again: Ok(false), to reopen it.
    fn reopen(
        &mut self,
        ctx: &mut Ctx,
        edited: String,
        reasons: Vec<Reason>,
    ) -> Result<bool, KError> {
        self.failed = Some((edited, reasons));
        self.round += 1;
        if self.round >= MAX_ROUNDS {
            return Err(KError::msg(
                "edit cancelled, the file was reopened too many times",
            ));
        }
        self.write_file(ctx)?;
        Ok(false)
    }

    /// One save (kubectl's `editFn` after the editor returns): Ok(true) once the session is
    /// over, Ok(false) when the file was written again to be reopened.
    fn save(&mut self, ctx: &mut Ctx, edited: String) -> Result<bool, KError> {
        let file = self.file.clone();
        if let Some((before, _)) = &self.failed {
            if header::strip_comments(before) == header::strip_comments(&edited) {
                return Err(preserved(
                    ctx,
                    &file,
                    "Edit cancelled, no valid changes were saved.",
                ));
            }
        }
        if let Some(prev) = self.previous_file.take() {
            let _ = ctx.fs.remove_file(&prev);
        }
        if let Some(reason) = self.check_object(ctx, &edited) {
            self.previous_file = Some(file);
            return self.reopen(ctx, edited, vec![reason]);
        }
        if header::strip_comments(&self.original) == header::strip_comments(&edited) {
            let _ = ctx.fs.remove_file(&file);
            ctx.eprint("Edit cancelled, no changes made.\n");
            return Ok(true);
        }
        if !header::has_lines(&edited) {
            let _ = ctx.fs.remove_file(&file);
            ctx.eprint("Edit cancelled, saved file was empty.\n");
            return Ok(true);
        }
        self.previous_file = Some(file.clone());
        let objects = match parse_edited(&edited) {
            Ok(objects) => objects,
            Err(why) => {
                let head = format!("The edited file had a syntax error: {why}");
                let reason = Reason {
                    head,
                    other: vec![],
                };
                return self.reopen(ctx, edited, vec![reason]);
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
            return Ok(true);
        }
        self.reopen(ctx, edited, results.reasons)
    }

    /// The page reopened the file under a new name: the last one, kept on disk in case the
    /// editor fails (which the page's cannot), would only linger as a second tab.
    pub fn drop_previous(&mut self, fs: &mut dyn kubeplay_core::fs::Fs) {
        if let Some(prev) = self.previous_file.take() {
            let _ = fs.remove_file(&prev);
        }
    }

    /// Ctrl-C while the page's editor has the file: the session ends, its files go.
    pub fn interrupted(&self, fs: &mut dyn kubeplay_core::fs::Fs) {
        for f in [Some(&self.file), self.previous_file.as_ref()]
            .into_iter()
            .flatten()
        {
            let _ = fs.remove_file(f);
        }
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
