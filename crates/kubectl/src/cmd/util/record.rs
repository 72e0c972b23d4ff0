//! `--record` (deprecated, hidden): the change-cause annotation kubectl writes with the command
//! line that made a change, shared by `set` and `autoscale`.

use serde_json::Value;

use crate::flags::{Args, Flag};
use crate::Ctx;

/// The deprecated `--record` (kept out of the help, as kubectl hides it).
pub const RECORD: Flag = crate::flags::hidden("record", crate::flags::Kind::Bool, "false");

pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// `--record`: cobra's deprecation notice, and the change-cause kubectl writes on the object
/// (`RecordFlags`): the command line with its flags as `--name=value`.
pub fn record(ctx: &mut Ctx, args: &Args) -> Option<String> {
    if !args.is_set("record") {
        return None;
    }
    ctx.eprint("Flag --record has been deprecated, --record will be removed in the future\n");
    if !args.bool("record") {
        return None;
    }
    let mut cause = format!("kubectl {}", ctx.cmd_path);
    for p in &args.positionals {
        cause.push(' ');
        cause.push_str(p);
    }
    for (name, values) in args.given() {
        for v in values {
            cause.push_str(&format!(" --{name}={v}"));
        }
    }
    Some(cause)
}

/// Write the change-cause `--record` asked for onto the changed object.
pub fn apply_record(obj: &mut Value, cause: &Option<String>) {
    if let Some(c) = cause {
        kubeplay_core::api::meta::set_str(obj, &["metadata", "annotations", CHANGE_CAUSE], c);
    }
}
