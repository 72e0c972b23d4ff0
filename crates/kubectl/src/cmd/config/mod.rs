//! `kubectl config`: read and edit kubeconfig files offline. The file is `--kubeconfig` (read
//! from and written to the virtual filesystem) or the session's `~/.kube/config`.

mod current_context;
mod delete_cluster;
mod delete_context;
mod delete_entry;
mod delete_user;
mod get_clusters;
mod get_contexts;
mod get_users;
mod rename_context;
mod set;
mod set_cluster;
mod set_context;
mod set_credentials;
mod unset;
mod use_context;
mod view;

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::kubeconfig::{Kubeconfig, DEFAULT_PATH};
use super::super::{usage, Command, Ctx};

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Change kubeconfig files with subcommands, for example \"kubectl config set current-context my-context\".

 The file kubectl works on is chosen like this:

  1.  With the --kubeconfig flag, exactly that file is read and written; nothing is merged.
  2.  Otherwise, if the $KUBECONFIG environment variable lists paths, those files are merged. A changed value is written to the file that defined it; a new value goes to the first file that exists, or to the last one listed if none exists.
  3.  Otherwise ${HOME}/.kube/config is used, without merging.";
pub const EXAMPLES: &str = "";
pub const USAGE: &str = "kubectl config SUBCOMMAND [options]";

/// `kubectl config` alone prints its help and fails, as kubectl's command groups do.
pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    if let Some(unknown) = args.positionals.first() {
        return Err(KError::Usage(format!("unknown command \"{unknown}\"")));
    }
    let text = help_of(None);
    ctx.print(text);
    Err(KError::Exit(1))
}

pub const SUBCOMMANDS: &[Command] = &[
    sub!(
        "current-context",
        &[],
        "Display the current-context",
        current_context
    ),
    sub!(
        "delete-cluster",
        &[],
        "Delete the specified cluster from the kubeconfig",
        delete_cluster
    ),
    sub!(
        "delete-context",
        &[],
        "Delete the specified context from the kubeconfig",
        delete_context
    ),
    sub!(
        "delete-user",
        &[],
        "Delete the specified user from the kubeconfig",
        delete_user
    ),
    sub!(
        "get-clusters",
        &[],
        "Display clusters defined in the kubeconfig",
        get_clusters
    ),
    sub!(
        "get-contexts",
        &[],
        "Describe one or many contexts",
        get_contexts
    ),
    sub!(
        "get-users",
        &[],
        "Display users defined in the kubeconfig",
        get_users
    ),
    sub!(
        "rename-context",
        &[],
        "Rename a context from the kubeconfig file",
        rename_context
    ),
    sub!(
        "set",
        &[],
        "Set an individual value in a kubeconfig file",
        set
    ),
    sub!(
        "set-cluster",
        &[],
        "Set a cluster entry in kubeconfig",
        set_cluster
    ),
    sub!(
        "set-context",
        &[],
        "Set a context entry in kubeconfig",
        set_context
    ),
    sub!(
        "set-credentials",
        &[],
        "Set a user entry in kubeconfig",
        set_credentials
    ),
    sub!(
        "unset",
        &[],
        "Unset an individual value in a kubeconfig file",
        unset
    ),
    sub!(
        "use-context",
        &["use"],
        "Set the current-context in a kubeconfig file",
        use_context
    ),
    sub!(
        "view",
        &[],
        "Display merged kubeconfig settings or a specified kubeconfig file",
        view
    ),
];

/// The help page of `kubectl config` or one of its subcommands.
fn help_of(sub: Option<&str>) -> String {
    let Some(config) = super::COMMANDS.iter().find(|c| c.name == "config") else {
        return String::new();
    };
    match sub.and_then(|s| SUBCOMMANDS.iter().find(|c| c.name == s)) {
        Some(s) => usage::command_help(&[config, s]),
        None => usage::command_help(&[config]),
    }
}

/// kubectl's answer to the wrong number of arguments: the help page, then the error.
pub(crate) fn unexpected_args(ctx: &mut Ctx, sub: &str, args: &[String]) -> KError {
    let text = help_of(Some(sub));
    ctx.print(text);
    KError::msg(format!("Unexpected args: [{}]", args.join(" ")))
}

/// The help page alone (a missing NAME for the delete commands), exit status 0 as kubectl.
pub(crate) fn help_only(ctx: &mut Ctx, sub: &str) -> Result<(), KError> {
    let text = help_of(Some(sub));
    ctx.print(text);
    Ok(())
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding, as Go's encoding of `[]byte` fields.
pub(crate) fn base64_encode(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Where standard base64 input first goes wrong (Go's "illegal base64 data at input byte N").
pub(crate) fn base64_error(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let body = text.trim_end_matches('=');
    let pad = text.len() - body.len();
    if let Some(i) = body.bytes().position(|c| !B64.contains(&c)) {
        return Some(i);
    }
    if pad > 2 || (text.len() % 4 != 0) {
        return Some(bytes.len() - bytes.len() % 4);
    }
    None
}

/// The kubeconfig the config commands work on, and the path their messages name. A
/// `--kubeconfig` file that does not exist yet reads as an empty config.
pub(crate) fn load(ctx: &Ctx) -> Result<(Kubeconfig, String), KError> {
    match ctx.globals.opt("kubeconfig") {
        Some(path) => {
            let kc = match ctx.fs.read(&path) {
                Ok(text) => Kubeconfig::parse(&text, &path)?,
                Err(_) => Kubeconfig::empty(),
            };
            Ok((kc, path))
        }
        None => Ok((ctx.session.kubeconfig.clone(), DEFAULT_PATH.to_string())),
    }
}

pub(crate) fn save(ctx: &mut Ctx, kc: Kubeconfig) -> Result<(), KError> {
    ctx.save_kubeconfig(kc)
}

#[cfg(test)]
mod tests;
