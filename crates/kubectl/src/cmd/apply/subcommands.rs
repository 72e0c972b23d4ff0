//! `kubectl apply view-last-applied`, `set-last-applied` and `edit-last-applied`: read or
//! replace the last-applied-configuration annotation without applying anything else. Their
//! flags and the command table are here; each runs from its own file.

pub use super::set_last_applied::set;
pub use super::view_last_applied::view;
use crate::cmd::cmd;
use crate::error::KError;
use crate::flags::{boolean, flag, string, Args, Flag, Kind};
use crate::{Command, Ctx};

pub const VIEW_FLAGS: &[Flag] = &[
    boolean("all", "Select all resources in the namespace of the specified resource types"),
    crate::cmd::util::flags::filename("Filename, directory, or URL to files that contains the last-applied-configuration annotations"),
    crate::cmd::util::flags::KUSTOMIZE,
    flag("output", Some('o'), Kind::Str, "yaml", "Output format. Must be one of (yaml, json)"),
    crate::cmd::util::flags::RECURSIVE,
    crate::cmd::util::flags::SELECTOR,
];

pub const SET_FLAGS: &[Flag] = &[
    crate::cmd::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    boolean("create-annotation", "Will create 'last-applied-configuration' annotations if current objects doesn't have one"),
    crate::cmd::util::flags::DRY_RUN,
    crate::cmd::util::flags::filename("Filename, directory, or URL to files that contains the last-applied-configuration annotations"),
    crate::cmd::util::flags::OUTPUT,
    crate::cmd::util::flags::SHOW_MANAGED_FIELDS,
    crate::cmd::util::flags::TEMPLATE,
];

/// The flags real kubectl's edit-last-applied takes (an editor's, not view-last-applied's): it is
/// refused whatever they say, but a flag it lacks must still be unknown.
pub const EDIT_FLAGS: &[Flag] = &[
    crate::cmd::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    string(
        "field-manager",
        "kubectl-client-side-apply",
        "The name recorded as the owner of the fields the edit changes.",
    ),
    crate::cmd::util::flags::filename(
        "Filename, directory, or URL to files naming the resources to edit",
    ),
    crate::cmd::util::flags::KUSTOMIZE,
    crate::cmd::util::flags::OUTPUT,
    crate::cmd::util::flags::RECURSIVE,
    crate::cmd::util::flags::SHOW_MANAGED_FIELDS,
    crate::cmd::util::flags::TEMPLATE,
    crate::cmd::util::create_flags::VALIDATE,
    boolean(
        "windows-line-endings",
        "The line endings of the edited text (the platform's by default).",
    ),
];

pub fn edit(_ctx: &mut Ctx, _args: &Args, _positionals: &[String]) -> Result<(), KError> {
    Err(KError::msg(
        "edit-last-applied opens an editor, and this playground has none; use 'kubectl apply set-last-applied -f FILE' instead",
    ))
}

fn run_view(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    view(ctx, args, &args.positionals.clone())
}
fn run_set(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    set(ctx, args, &args.positionals.clone())
}
fn run_edit(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    edit(ctx, args, &args.positionals.clone())
}

/// `apply`'s subcommands, for the command table (`Command { subcommands: apply::SUBCOMMANDS, .. }`).
pub static SUBCOMMANDS: &[Command] = &[
    cmd(
        "edit-last-applied",
        "Edit latest last-applied-configuration annotations of a resource/object",
        EDIT_FLAGS,
        run_edit,
        "Edit the last-applied-configuration annotation of a resource in an editor.",
        "  # Edit the last-applied-configuration of deployment/nginx in YAML\n  kubectl apply edit-last-applied deployment/nginx",
        "kubectl apply edit-last-applied (RESOURCE/NAME | -f FILENAME) [options]",
    ),
    cmd(
        "set-last-applied",
        "Set the last-applied-configuration annotation on a live object to match the contents of a file",
        SET_FLAGS,
        run_set,
        "Make the last-applied-configuration annotation of live objects hold the contents of a file, as if the file had been applied, without changing anything else. Objects without the annotation are only changed with --create-annotation.",
        "  # Record deploy.yaml as what was last applied to its object\n  kubectl apply set-last-applied -f deploy.yaml\n\n  # The same for every file of a directory\n  kubectl apply set-last-applied -f path/\n\n  # Record it even where no annotation exists yet\n  kubectl apply set-last-applied -f deploy.yaml --create-annotation=true",
        "kubectl apply set-last-applied -f FILENAME [options]",
    ),
    cmd(
        "view-last-applied",
        "View the latest last-applied-configuration annotations of a resource/object",
        VIEW_FLAGS,
        run_view,
        "Show the last-applied-configuration annotations of resources, by type and name or from files, as YAML (default) or JSON.",
        "  # The last-applied-configuration of deployment/nginx, as YAML\n  kubectl apply view-last-applied deployment/nginx\n\n  # The last-applied-configuration of the objects in deploy.yaml, as JSON\n  kubectl apply view-last-applied -f deploy.yaml -o json",
        "kubectl apply view-last-applied (TYPE [NAME | -l label] | TYPE/NAME | -f FILENAME) [options]",
    ),
];
