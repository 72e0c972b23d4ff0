//! kubectl's errors and how it prints them (`error: ...`, `Error from server (NotFound): ...`,
//! `The Pod "x" is invalid: ...`).

use kubeplay_core::api::status::Status;

#[derive(Debug, Clone, PartialEq)]
pub enum KError {
    /// `error: <msg>`
    Error(String),
    /// A flag error: `error: <msg>` + `See 'kubectl <cmd> --help' for usage.`
    Flag(String),
    /// A usage error: `error: <msg>` + `See 'kubectl <cmd> -h' for help and examples`
    Usage(String),
    /// An error the API server returned.
    Status(Status),
    /// Text printed as it is (already formatted), exit code 1.
    Raw(String),
    /// Everything was printed already; exit with this code.
    Exit(i32),
}

impl KError {
    pub fn msg(s: impl Into<String>) -> KError {
        KError::Error(s.into())
    }

    /// The message as Go's `err.Error()` (or `%v`) gives it: an API error's status message, any
    /// other error's text.
    pub fn go_text(&self) -> String {
        match self {
            KError::Status(s) => s.message.clone(),
            KError::Error(m) | KError::Flag(m) | KError::Usage(m) | KError::Raw(m) => m.clone(),
            KError::Exit(_) => String::new(),
        }
    }

    /// The text kubectl writes to stderr; `cmd` is the command path (`get`, `config view`).
    pub fn render(&self, cmd: &str) -> String {
        match self {
            KError::Error(m) => format!("error: {m}\n"),
            KError::Flag(m) => format!("error: {m}\nSee 'kubectl {cmd} --help' for usage.\n"),
            KError::Usage(m) => {
                format!("error: {m}\nSee 'kubectl {cmd} -h' for help and examples\n")
            }
            KError::Status(s) => render_status(s),
            KError::Raw(m) => m.clone(),
            KError::Exit(_) => String::new(),
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            KError::Exit(c) => *c,
            _ => 1,
        }
    }
}

impl From<Status> for KError {
    fn from(s: Status) -> Self {
        KError::Status(s)
    }
}

/// kubectl's `CheckErr`: Invalid errors list their causes; others print the server's reason.
pub fn render_status(s: &Status) -> String {
    if s.reason == "Invalid" && (s.kind.is_some() || s.name.is_some()) {
        let kind = s.kind.clone().unwrap_or_default();
        let name = s.name.clone().unwrap_or_default();
        let prefix = format!("The {kind} \"{name}\" is invalid: ");
        let lines: Vec<String> = s
            .causes
            .iter()
            .map(|c| {
                if c.field.is_empty() {
                    c.message.clone()
                } else {
                    format!("{}: {}", c.field, c.message)
                }
            })
            .collect();
        return match lines.len() {
            0 => format!("The {kind} \"{name}\" is invalid\n"),
            1 => format!("{prefix}{}\n", lines[0]),
            _ => {
                let mut out = format!("{prefix}\n");
                for l in lines {
                    out.push_str(&format!("* {l}\n"));
                }
                out
            }
        };
    }
    // An Invalid status that names no object (a JSON patch that does not apply).
    if s.reason == "Invalid" && s.causes.is_empty() {
        return format!("The request is invalid: {}\n", s.message);
    }
    if s.reason == "Unauthorized" {
        return format!(
            "error: You must be logged in to the server ({})\n",
            s.message
        );
    }
    if s.reason.is_empty() {
        format!("Error from server: {}\n", s.message)
    } else {
        format!("Error from server ({}): {}\n", s.reason, s.message)
    }
}
