//! The page as an embed: the options its address carries (`index.html#layout=terminal&profile=k3s`,
//! the same for the full page and for `<kube-playground>`'s iframe), and the `postMessage`
//! protocol a host page drives it with (`docs/embedding.md` documents both). Parsing and the
//! messages' shapes live here, tested natively; `web::embed` only moves strings to and from the
//! browser.

use serde::Deserialize;
use serde_json::{json, Value};

use super::words::{parse_lang, Lang};
use crate::profile::Profile;

/// What the page shows around the terminal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// Today's page: header, editor, cluster view and terminal.
    #[default]
    Full,
    /// Only the terminal, filling the frame.
    Terminal,
    /// The editor and the terminal, without the header and the cluster view.
    EditorTerminal,
}

impl Layout {
    fn parse(s: &str) -> Option<Layout> {
        match s {
            "full" => Some(Layout::Full),
            "terminal" => Some(Layout::Terminal),
            "editor-terminal" => Some(Layout::EditorTerminal),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Layout::Full => "full",
            Layout::Terminal => "terminal",
            Layout::EditorTerminal => "editor-terminal",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// The page's own look (light page, dark terminal).
    #[default]
    Light,
    Dark,
    /// Follows the reader's system (`prefers-color-scheme`).
    Auto,
}

impl Theme {
    fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            "auto" => Some(Theme::Auto),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// Where the page keeps its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persist {
    /// In memory: gone with the page (an embed's default).
    None,
    /// In localStorage (the full page's default).
    Local,
}

/// The options of the page's address. Unknown keys and bad values are ignored, so an old or
/// mistyped link still opens the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub layout: Layout,
    pub theme: Theme,
    pub lang: Option<Lang>,
    /// A profile to start with instead of minikube (only a known one).
    pub profile: Option<String>,
    /// Files cannot be edited, renamed, created or deleted in the editor.
    pub readonly: bool,
    /// None: the default, which depends on whether the page is in a frame.
    pub persist: Option<Persist>,
    /// The embed's name (`<kube-playground id>`, or its place on the host page): its storage
    /// keys live under it, so two embeds never see each other's.
    pub id: Option<String>,
    /// The host page's origin: the only one whose messages are read and the only one answers
    /// go to.
    pub origin: Option<String>,
    /// The page grows with its content and reports its height (an embed without `height`).
    pub fit: bool,
}

/// Longest value read for any option.
const MAX_VALUE: usize = 200;
/// Most `key=value` pairs read.
const MAX_PAIRS: usize = 32;

impl Options {
    /// The options in an address's query and fragment (`?a=b#c=d&e`; keys without a value are
    /// flags).
    pub fn from_url(url: &str) -> Options {
        let mut o = Options::default();
        let parts = url.split(['?', '#']).skip(1);
        let pairs = parts.flat_map(|p| form_urlencoded::parse(p.as_bytes()));
        for (key, value) in pairs.take(MAX_PAIRS) {
            if value.len() <= MAX_VALUE {
                o.set(&key, &value);
            }
        }
        o
    }

    fn set(&mut self, key: &str, value: &str) {
        let flag = matches!(value, "" | "1" | "true");
        match key {
            "layout" => self.layout = Layout::parse(value).unwrap_or(self.layout),
            "theme" => self.theme = Theme::parse(value).unwrap_or(self.theme),
            "lang" => self.lang = parse_lang(value).or(self.lang),
            "profile" if Profile::by_name(value).is_some() => {
                self.profile = Some(value.to_string())
            }
            "readonly" => self.readonly = flag,
            "fit" => self.fit = flag,
            "persist" => match value {
                "none" => self.persist = Some(Persist::None),
                "local" => self.persist = Some(Persist::Local),
                _ => {}
            },
            "id" if valid_id(value) => self.id = Some(value.to_string()),
            "origin" if valid_origin(value) => self.origin = Some(value.to_string()),
            _ => {}
        }
    }

    /// Where this page keeps its state: None for memory only, or the prefix of its
    /// localStorage keys. A page in a frame keeps nothing unless asked (`persist=local`); an
    /// embed's keys are under its id, the full page's are those every version used. A frame
    /// never gets the full page's keys, so a page that frames the playground cannot read (with
    /// `run`) what the reader did on the playground's own page.
    pub fn storage_prefix(&self, framed: bool) -> Option<String> {
        let default = if framed {
            Persist::None
        } else {
            Persist::Local
        };
        match self.persist.unwrap_or(default) {
            Persist::None => None,
            Persist::Local => Some(match &self.id {
                Some(id) => format!("kubeplay.embed.{id}."),
                None if framed => "kubeplay.embed.frame.".to_string(),
                None => "kubeplay.".to_string(),
            }),
        }
    }
}

impl Options {
    /// The options that say how the page looks and keeps its state, as a fragment
    /// (`layout=terminal&readonly`): what a rewritten address keeps. The exercise and the
    /// language are in the query already; the profile is in the saved cluster.
    pub fn fragment(&self) -> String {
        let mut f = form_urlencoded::Serializer::new(String::new());
        if self.layout != Layout::Full {
            f.append_pair("layout", self.layout.code());
        }
        if self.theme != Theme::Light {
            f.append_pair("theme", self.theme.code());
        }
        let flags = [("readonly", self.readonly), ("fit", self.fit)];
        for (key, _) in flags.iter().filter(|(_, on)| *on) {
            f.append_pair(key, "1");
        }
        match self.persist {
            Some(Persist::None) => {
                f.append_pair("persist", "none");
            }
            Some(Persist::Local) => {
                f.append_pair("persist", "local");
            }
            None => {}
        }
        for (key, value) in [("id", &self.id), ("origin", &self.origin)] {
            if let Some(v) = value {
                f.append_pair(key, v);
            }
        }
        f.finish()
    }
}

/// An id is a storage key's part: letters, digits and `-_./:`, at most 100.
fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:".contains(c))
}

/// `http(s)://host[:port]`, nothing after it (an origin as `location.origin` gives it).
fn valid_origin(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
}

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
    fn the_address_gives_the_options() {
        let o = Options::from_url(
            "?x=1#layout=terminal&profile=k3s&lang=fr&theme=dark&readonly&persist=none&id=docs.p1&origin=https%3A%2F%2Fdocs.example.org&fit",
        );
        assert_eq!(o.layout, Layout::Terminal);
        assert_eq!(o.profile.as_deref(), Some("k3s"));
        assert_eq!(o.lang, Some(Lang::Fr));
        assert_eq!(o.theme, Theme::Dark);
        assert!(o.readonly && o.fit);
        assert_eq!(o.persist, Some(Persist::None));
        assert_eq!(o.id.as_deref(), Some("docs.p1"));
        assert_eq!(o.origin.as_deref(), Some("https://docs.example.org"));
    }

    #[test]
    fn no_address_is_todays_page() {
        let o = Options::from_url("");
        assert_eq!(o, Options::default());
        assert_eq!(o.layout, Layout::Full);
        assert_eq!(o.storage_prefix(false).as_deref(), Some("kubeplay."));
        // The lesson's own keys are read elsewhere; an exercise alone changes nothing here.
        assert_eq!(
            Options::from_url("?exercise=first-namespace&lang=en"),
            Options {
                lang: Some(Lang::En),
                ..Options::default()
            }
        );
    }

    #[test]
    fn bad_values_are_ignored() {
        let o = Options::from_url(
            "#layout=huge&theme=pink&lang=de&profile=openshift&persist=cloud&id=a%20b&origin=javascript:alert(1)&readonly=no",
        );
        assert_eq!(o, Options::default());
        // The last good value wins; a value too long is not read.
        let long = "x".repeat(MAX_VALUE + 1);
        let o = Options::from_url(&format!("#layout=terminal&layout=full&id={long}"));
        assert_eq!(o.layout, Layout::Full);
        assert_eq!(o.id, None);
        assert!(!valid_origin("https://a.org/path"));
        assert!(valid_origin("http://127.0.0.1:8080"));
    }

    #[test]
    fn the_fragment_gives_back_the_same_options() {
        let url = "#layout=editor-terminal&theme=auto&readonly&persist=local&id=a/b&origin=http%3A%2F%2Fh%3A1&fit";
        let o = Options::from_url(url);
        assert_eq!(
            o.fragment(),
            "layout=editor-terminal&theme=auto&readonly=1&fit=1&persist=local&id=a%2Fb&origin=http%3A%2F%2Fh%3A1"
        );
        assert_eq!(Options::from_url(&format!("#{}", o.fragment())), o);
        assert_eq!(Options::from_url("?exercise=x&lang=fr").fragment(), "");
    }

    #[test]
    fn storage_depends_on_the_frame_and_the_id() {
        let at = |url: &str, framed| Options::from_url(url).storage_prefix(framed);
        assert_eq!(at("", true), None, "a frame keeps nothing by default");
        assert_eq!(
            at("#persist=local", true).as_deref(),
            Some("kubeplay.embed.frame."),
            "a frame never reads the full page's keys"
        );
        assert_eq!(
            at("#persist=local&id=p1", true).as_deref(),
            Some("kubeplay.embed.p1.")
        );
        assert_eq!(at("#id=p2", true), None);
        assert_eq!(at("#persist=none", false), None);
        assert_eq!(at("#id=p2", false).as_deref(), Some("kubeplay.embed.p2."));
    }

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
