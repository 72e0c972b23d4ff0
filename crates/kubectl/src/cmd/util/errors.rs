//! How the write commands (apply, delete, label, annotate, scale) report failures: server errors
//! carry the file they came from, and errors across several objects print as kubectl's CheckErr
//! prints an aggregate.

use crate::error::KError;
use crate::Ctx;

/// kubectl's AddSourceToErr: server errors get `error when <doing> "<file>": ` in front.
pub fn with_source(e: KError, doing: &str, source: &str) -> KError {
    match e {
        KError::Status(mut s) => {
            s.message = format!("error when {doing} \"{source}\": {}", s.message);
            KError::Status(s)
        }
        other => other,
    }
}

/// kubectl's CheckErr on what went wrong across objects: one error prints as usual; several
/// print one per line, server errors as `Error from server (...)`, the others bare.
pub fn report_errors(ctx: &mut Ctx, errors: Vec<KError>) -> Result<(), KError> {
    match errors.len() {
        0 => Ok(()),
        1 => Err(errors.into_iter().next().unwrap_or(KError::Exit(1))),
        _ => {
            for e in &errors {
                let text = match e {
                    KError::Error(m) | KError::Flag(m) | KError::Usage(m) => format!("{m}\n"),
                    other => other.render(&ctx.cmd_path),
                };
                ctx.eprint(text);
            }
            Err(KError::Exit(1))
        }
    }
}
