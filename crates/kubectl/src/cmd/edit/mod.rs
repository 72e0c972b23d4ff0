//! `kubectl edit TYPE NAME`: the object is written to a temporary file under kubeplay's
//! `/tmp/kubectl-edit-<n>.yaml` (`<n>` from the cluster clock, so it replays), the host's editor
//! is run on it (`Fs::edit`: `KUBE_EDITOR`, `EDITOR`, then `vi` in the native CLI; a host with
//! none refuses in one line), and the difference is sent as a patch, as kubectl's editor options
//! do: `Edit cancelled, no changes made.`, `… edited`, and when the server refuses, the file
//! reopened with the reasons in its header (`session.rs`). A host that edits later (the page's
//! editor) gets the session back in kubectl's `Session` and resumes it when the file is saved
//! or closed (`crate::edit_closed`).

mod header;
mod patches;
mod session;

pub use session::{Editing, Next};

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{boolean, string, Args, Flag};
use super::super::printers::Format;
use super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::Ctx;
use super::util::print_flags;
use kubeplay_core::api::ApiRequest;

pub const FLAGS: &[Flag] = &[
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    string("field-manager", "kubectl-edit", "Name of the manager used to track field ownership."),
    super::util::flags::filename("Filename, directory, or URL to files to use to edit the resource"),
    super::util::flags::OUTPUT,
    boolean("output-patch", "Output the patch if the resource is edited."),
    super::util::flags::RECURSIVE,
    boolean("save-config", "If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future."),
    super::util::flags::SHOW_MANAGED_FIELDS,
    string("subresource", "", "If specified, edit will operate on the subresource of the requested object. This flag is beta and may change in the future."),
    super::util::flags::TEMPLATE,
    super::util::flags::VALIDATE,
    boolean("windows-line-endings", "Defaults to the line ending native to your platform."),
];

pub const LONG: &str = "Edit a resource from the default editor.

 The edit command allows you to directly edit any API resource you can retrieve via the command-line tools. It will open the editor defined by your KUBE_EDITOR, or EDITOR environment variables, or fall back to 'vi' for Linux or 'notepad' for Windows. When attempting to open the editor, it will first attempt to use the shell that has been defined in the 'SHELL' environment variable. If this is not defined, the default shell will be used, which is '/bin/bash' for Linux or 'cmd' for Windows.

 You can edit multiple objects, although changes are applied one at a time. The command accepts file names as well as command-line arguments, although the files you point to must be previously saved versions of resources.

 Editing is done with the API version used to fetch the resource. To edit using a specific API version, fully-qualify the resource, version, and group.

 The default format is YAML. To edit in JSON, specify \"-o json\".

 The flag --windows-line-endings can be used to force Windows line endings, otherwise the default for your operating system will be used.

 In the event an error occurs while updating, a temporary file will be created on disk that contains your unapplied changes. The most common error when updating a resource is another editor changing the resource on the server. When this occurs, you will have to apply your changes to the newer version of the resource, or update your temporary saved copy to include the latest resource version.";

pub const EXAMPLES: &str = "  # Edit the service named 'registry'
  kubectl edit svc/registry
  
  # Use an alternative editor
  KUBE_EDITOR=\"nano\" kubectl edit svc/registry
  
  # Edit the job 'myjob' in JSON using the v1 API format
  kubectl edit job.v1.batch/myjob -o json
  
  # Edit the deployment 'mydeployment' in YAML and save the modified config in its annotation
  kubectl edit deployment/mydeployment -o yaml --save-config
  
  # Edit the 'status' subresource for the 'mydeployment' deployment
  kubectl edit deployment mydeployment --subresource='status'";

pub const USAGE: &str = "kubectl edit (RESOURCE/NAME | -f FILENAME) [options]";

/// `edit`'s flags, read once.
#[derive(Debug, Clone)]
pub struct EditOptions {
    filenames: Vec<String>,
    recursive: bool,
    args: Vec<String>,
    /// `-o json` edits JSON without a header; anything else YAML.
    json: bool,
    /// How the edited objects are printed: None for kubectl's `… edited` line.
    format: Option<Format>,
    output_patch: bool,
    windows_line_endings: bool,
    save_config: bool,
    subresource: String,
    field_manager: String,
    validation: &'static str,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = EditOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

impl EditOptions {
    pub fn complete(args: &Args) -> Result<EditOptions, KError> {
        let output = args.str("output");
        // The file is written by a YAML or JSON printer alone.
        if !matches!(output.as_str(), "" | "yaml" | "json") {
            return Err(KError::msg(format!(
                "unable to match a printer suitable for the output format \"{output}\", allowed formats are: json,yaml"
            )));
        }
        Ok(EditOptions {
            json: output == "json",
            format: print_flags::object_format(&output)?,
            validation: super::util::create_flags::validation(args)?,
            filenames: args.list("filename"),
            recursive: args.bool("recursive"),
            args: args.positionals.clone(),
            output_patch: args.bool("output-patch"),
            windows_line_endings: args.bool("windows-line-endings"),
            save_config: args.bool("save-config"),
            subresource: args.str("subresource"),
            field_manager: args.str("field-manager"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (infos, errors) = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .require_namespace(NamespaceCheck::Files)
            .resource_type_or_name_args(&self.args)
            .latest()
            .visit()?
            .split();
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        if infos.is_empty() {
            return Err(KError::msg("edit cancelled, no objects found"));
        }
        let mut originals = Vec::new();
        for info in infos {
            let live = self.live(ctx, &info)?;
            originals.push((info, live));
        }
        Editing::new(ctx, self.clone(), originals).run(ctx)
    }

    /// The object (or its subresource) as the server has it now.
    fn live(&self, ctx: &mut Ctx, info: &Info) -> Result<Value, KError> {
        match (self.subresource.as_str(), &info.live) {
            ("", Some(live)) => Ok(live.clone()),
            ("", None) => info.get(ctx),
            (sub, _) => ctx.call(ApiRequest::get(format!("{}/{sub}", info.path()))),
        }
    }

    /// Where a patch for `info` goes: the object, or its subresource.
    fn patch_path(&self, info: &Info) -> String {
        match self.subresource.as_str() {
            "" => info.path(),
            sub => format!("{}/{sub}", info.path()),
        }
    }
}

#[cfg(test)]
mod tests;
