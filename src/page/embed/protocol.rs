//! The `postMessage` protocol: a host page's requests parsed and bounded, and the messages the
//! page posts back, as JSON text.

use serde::Deserialize;
use serde_json::{json, Value};

use super::Layout;

/// Messages start with this, so a host page's other messages are told apart.
const PREFIX: &str = "kubeplay:";
/// Most files one `load` writes, and the largest a file can be.
pub const MAX_FILES: usize = 32;
pub const MAX_FILE: usize = 256 * 1024;
/// Most command lines one request runs.
pub const MAX_LINES: usize = 50;

/// A host page's request. Each carries the `id` the answer repeats (any JSON value).
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Preload: write these files (the first opens) and run these lines as if typed.
    Load {
        id: Value,
        files: Vec<(String, String)>,
        commands: Vec<String>,
    },
    /// Run lines as if typed; the answer has their output and the last one's status.
    Run { id: Value, line: String },
    /// Back to how the embed started: a fresh cluster, the loaded files and commands again.
    Reset { id: Value },
    SetFile {
        id: Value,
        name: String,
        text: String,
    },
    /// Open an exercise given as its YAML text (embed.js fetches an `exercise` URL).
    Exercise { id: Value, text: String },
}

#[derive(Deserialize)]
struct Raw {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    id: Value,
    #[serde(default)]
    files: Vec<RawFile>,
    #[serde(default)]
    commands: Vec<String>,
    #[serde(default)]
    line: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    text: String,
}

#[derive(Deserialize)]
struct RawFile {
    name: String,
    #[serde(default)]
    text: String,
}

/// Why a request was refused, in the answer's `error`.
#[derive(Debug, PartialEq)]
pub struct Refused {
    pub id: Value,
    pub error: String,
}

impl Request {
    /// A message's data (as JSON text). Ok(None) for a message that is not kubeplay's (other
    /// scripts on the host post too); Err for one of ours that cannot be done, to answer.
    pub fn parse(data: &str) -> Result<Option<Request>, Refused> {
        let Ok(raw) = serde_json::from_str::<Raw>(data) else {
            return Ok(None);
        };
        let Some(kind) = raw.kind.strip_prefix(PREFIX) else {
            return Ok(None);
        };
        let id = raw.id;
        let refuse = |error: String| Refused {
            id: id.clone(),
            error,
        };
        let request = match kind {
            "load" => {
                if raw.files.len() > MAX_FILES {
                    return Err(refuse(format!("at most {MAX_FILES} files")));
                }
                let files = raw.files.into_iter().map(|f| (f.name, f.text)).collect();
                let commands: Vec<String> = raw.commands.iter().flat_map(|c| lines(c)).collect();
                Request::Load {
                    id: id.clone(),
                    files,
                    commands,
                }
            }
            "run" => Request::Run {
                id: id.clone(),
                line: raw.line,
            },
            "reset" => Request::Reset { id: id.clone() },
            "set-file" => Request::SetFile {
                id: id.clone(),
                name: raw.name,
                text: raw.text,
            },
            "exercise" => Request::Exercise {
                id: id.clone(),
                text: raw.text,
            },
            // Our own events, echoed back by a host that forwards everything: not requests.
            "ready" | "command" | "height" | "reply" => return Ok(None),
            other => return Err(refuse(format!("unknown request {PREFIX}{other}"))),
        };
        request.check().map_err(refuse)?;
        Ok(Some(request))
    }

    fn check(&self) -> Result<(), String> {
        let file_ok = |name: &str, text: &str| {
            if !valid_file_name(name) {
                Err(format!("{name:?} is not a file name"))
            } else if text.len() > MAX_FILE {
                Err(format!("{name} is larger than {MAX_FILE} bytes"))
            } else {
                Ok(())
            }
        };
        match self {
            Request::Load {
                files, commands, ..
            } => {
                for (name, text) in files {
                    file_ok(name, text)?;
                }
                if commands.len() > MAX_LINES {
                    return Err(format!("at most {MAX_LINES} command lines"));
                }
                Ok(())
            }
            Request::Run { line, .. } if lines(line).len() > MAX_LINES => {
                Err(format!("at most {MAX_LINES} command lines"))
            }
            Request::SetFile { name, text, .. } => file_ok(name, text),
            Request::Exercise { text, .. } if text.len() > MAX_FILE => {
                Err(format!("the exercise is larger than {MAX_FILE} bytes"))
            }
            _ => Ok(()),
        }
    }

    pub fn id(&self) -> &Value {
        match self {
            Request::Load { id, .. }
            | Request::Run { id, .. }
            | Request::Reset { id }
            | Request::SetFile { id, .. }
            | Request::Exercise { id, .. } => id,
        }
    }
}

/// The command lines of a text: one per line, blank lines dropped. A heredoc's body is lines
/// like any other, as when pasted in a terminal.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// A name the editor can hold: no path, no control characters, at most 100 characters.
fn valid_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 100
        && name != "."
        && name != ".."
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
}

/// One command run in the terminal, as the `command` event and `run`'s answer tell it.
#[derive(Clone, Debug, PartialEq)]
pub struct Ran {
    pub line: String,
    pub output: String,
    pub status: i32,
}

/// The messages the page posts to its host, as JSON text.
pub mod message {
    use super::*;

    /// The page is up (its cluster booted) and reads requests.
    pub fn ready(layout: Layout, profile: &str) -> String {
        json!({"type": "kubeplay:ready", "layout": layout.code(), "profile": profile}).to_string()
    }

    /// A command finished in the terminal (typed, or run for the host).
    pub fn command(ran: &Ran) -> String {
        json!({"type": "kubeplay:command", "line": ran.line, "output": ran.output, "status": ran.status})
            .to_string()
    }

    /// The content's height in CSS pixels, for a host that sizes the frame to it.
    pub fn height(px: u32) -> String {
        json!({"type": "kubeplay:height", "height": px}).to_string()
    }

    /// A request done: what its lines printed (together) and the last one's status.
    pub fn done(id: &Value, ran: &[Ran]) -> String {
        let output: String = ran.iter().map(|r| r.output.as_str()).collect();
        let status = ran.last().map_or(0, |r| r.status);
        json!({"type": "kubeplay:reply", "id": id, "ok": true, "output": output, "status": status})
            .to_string()
    }

    /// A request that could not be done (a bad exercise), with why.
    pub fn failed(id: &Value, error: &str) -> String {
        json!({"type": "kubeplay:reply", "id": id, "ok": false, "error": error}).to_string()
    }

    pub fn refused(r: &Refused) -> String {
        json!({"type": "kubeplay:reply", "id": r.id, "ok": false, "error": r.error}).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_parse_with_their_id() {
        let r = Request::parse(
            r#"{"type":"kubeplay:load","id":1,"files":[{"name":"pod.yaml","text":"kind: Pod\n"}],"commands":["kubectl get ns\n\nkubectl get pods"]}"#,
        );
        assert_eq!(
            r,
            Ok(Some(Request::Load {
                id: json!(1),
                files: vec![("pod.yaml".into(), "kind: Pod\n".into())],
                commands: vec!["kubectl get ns".into(), "kubectl get pods".into()],
            }))
        );
        let r = Request::parse(r#"{"type":"kubeplay:run","id":"a","line":"kubectl get pods"}"#);
        assert_eq!(
            r,
            Ok(Some(Request::Run {
                id: json!("a"),
                line: "kubectl get pods".into()
            }))
        );
        assert_eq!(
            Request::parse(r#"{"type":"kubeplay:reset"}"#),
            Ok(Some(Request::Reset { id: Value::Null }))
        );
        let r = Request::parse(r#"{"type":"kubeplay:set-file","id":2,"name":"a.yaml","text":"x"}"#);
        assert_eq!(r.map(|r| r.map(|r| r.id().clone())), Ok(Some(json!(2))));
    }

    #[test]
    fn other_messages_are_not_ours() {
        for data in [
            "hello",
            "{}",
            r#"{"type":"webpackOk"}"#,
            r#"{"type":"kubeplay:ready"}"#,
            "[1,2]",
        ] {
            assert_eq!(Request::parse(data), Ok(None), "{data}");
        }
    }

    #[test]
    fn bad_requests_are_answered_with_why() {
        let refused = |data: &str| Request::parse(data).err().map(|r| r.error);
        assert_eq!(
            refused(r#"{"type":"kubeplay:fly","id":3}"#).as_deref(),
            Some("unknown request kubeplay:fly")
        );
        assert_eq!(
            refused(r#"{"type":"kubeplay:set-file","name":"../etc/passwd","text":""}"#).as_deref(),
            Some("\"../etc/passwd\" is not a file name")
        );
        let big = "x".repeat(MAX_FILE + 1);
        let data = json!({"type": "kubeplay:set-file", "name": "a", "text": big}).to_string();
        assert_eq!(
            refused(&data).as_deref(),
            Some("a is larger than 262144 bytes")
        );
        let many = vec!["kubectl get pods"; MAX_LINES + 1].join("\n");
        let data = json!({"type": "kubeplay:run", "line": many}).to_string();
        assert_eq!(refused(&data).as_deref(), Some("at most 50 command lines"));
        let err = Request::parse(r#"{"type":"kubeplay:fly","id":{"k":1}}"#).err();
        assert_eq!(err.map(|r| r.id), Some(json!({"k": 1})));
    }

    #[test]
    fn messages_to_the_host() {
        let ran = Ran {
            line: "kubectl get pods".into(),
            output: "No resources found in default namespace.\n".into(),
            status: 0,
        };
        let v: Value = serde_json::from_str(&message::command(&ran)).unwrap_or_default();
        assert_eq!(v["type"], "kubeplay:command");
        assert_eq!(v["line"], "kubectl get pods");
        assert_eq!(v["status"], 0);
        let failed = Ran {
            status: 1,
            output: "error: x\n".into(),
            ..ran.clone()
        };
        let v: Value =
            serde_json::from_str(&message::done(&json!(7), &[ran, failed])).unwrap_or_default();
        assert_eq!(
            v,
            json!({"type": "kubeplay:reply", "id": 7, "ok": true, "status": 1,
                "output": "No resources found in default namespace.\nerror: x\n"})
        );
        let v: Value =
            serde_json::from_str(&message::ready(Layout::Terminal, "k3s")).unwrap_or_default();
        assert_eq!(
            v,
            json!({"type": "kubeplay:ready", "layout": "terminal", "profile": "k3s"})
        );
        assert_eq!(
            message::height(320),
            r#"{"type":"kubeplay:height","height":320}"#
        );
    }
}
