//! `kubectl version`: client, kustomize and server versions, with kubectl's skew warning.

use serde_json::{json, Value};

use super::super::error::KError;
use super::super::flags::{boolean, flag, Args, Flag, Kind};
use super::super::{Ctx, CLIENT_VERSION, KUSTOMIZE_VERSION};
use kubeplay_core::api::ApiRequest;

pub const FLAGS: &[Flag] = &[
    boolean(
        "client",
        "If true, shows client version only (no server required).",
    ),
    flag(
        "output",
        Some('o'),
        Kind::Str,
        "",
        "One of 'yaml' or 'json'.",
    ),
];
pub const LONG: &str = "Show the version of this kubectl and of the cluster's API server.";
pub const EXAMPLES: &str = "  # Versions of kubectl and of the cluster
  kubectl version";
pub const USAGE: &str = "kubectl version [flags] [options]";

/// The build kubectl v1.32.5 reports about itself.
fn client_info() -> Value {
    json!({
        "major": "1",
        "minor": "32",
        "gitVersion": CLIENT_VERSION,
        "gitCommit": "9894294ef13a5b32803e3ca2c0d620a088cc84d1",
        "gitTreeState": "clean",
        "buildDate": "2025-05-15T09:12:10Z",
        "goVersion": "go1.23.8",
        "compiler": "gc",
        "platform": "linux/amd64"
    })
}

/// `v1.29.3` -> (1, 29).
fn major_minor(v: &str) -> Option<(i64, i64)> {
    let mut parts = v.trim_start_matches('v').split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// kubectl's warning when client and server are more than one minor version apart.
fn skew_warning(server: &str) -> Option<String> {
    let (cmaj, cmin) = major_minor(CLIENT_VERSION)?;
    let (smaj, smin) = major_minor(server)?;
    if cmaj != smaj || (cmin - smin).abs() <= 1 {
        return None;
    }
    Some(format!(
        "WARNING: version difference between client ({cmaj}.{cmin}) and server ({smaj}.{smin}) exceeds the supported minor version skew of +/-1\n"
    ))
}

/// Go's json.MarshalIndent(v, "", "  ").
fn json_two_spaces(v: &Value) -> String {
    use serde::Serialize;
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if v.serialize(&mut ser).is_err() {
        return String::new();
    }
    super::super::printers::go_json_escape(&String::from_utf8_lossy(&buf)) + "\n"
}

/// `version`'s flags, read once.
pub struct VersionOptions {
    client_only: bool,
    output: String,
    args: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = VersionOptions::complete(args);
    o.validate()?;
    o.run(ctx)
}

impl VersionOptions {
    pub fn complete(args: &Args) -> VersionOptions {
        VersionOptions {
            client_only: args.bool("client"),
            output: args.str("output"),
            args: args.positionals.clone(),
        }
    }

    pub fn validate(&self) -> Result<(), KError> {
        // kubectl only checks the arguments when it is going to ask the server.
        if !self.args.is_empty() && !self.client_only {
            return Err(KError::msg(format!(
                "extra arguments: [{}]",
                self.args.join(" ")
            )));
        }
        if !matches!(self.output.as_str(), "" | "yaml" | "json") {
            return Err(KError::msg("--output must be 'yaml' or 'json'"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let mut doc = serde_json::Map::new();
        doc.insert("clientVersion".into(), client_info());
        doc.insert("kustomizeVersion".into(), json!(KUSTOMIZE_VERSION));
        let mut server_err = None;
        if !self.client_only {
            match ctx.call(ApiRequest::get("/version")) {
                Ok(v) => {
                    doc.insert("serverVersion".into(), v);
                }
                Err(e) => server_err = Some(e),
            }
        }
        let server_version = doc
            .get("serverVersion")
            .and_then(|v| v.get("gitVersion"))
            .and_then(|v| v.as_str())
            .map(String::from);
        ctx.print(self.render(&Value::Object(doc), server_version.as_deref()));
        if let Some(w) = server_version.as_deref().and_then(skew_warning) {
            ctx.eprint(w);
        }
        match server_err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The versions as JSON, YAML or kubectl's three lines.
    fn render(&self, doc: &Value, server_version: Option<&str>) -> String {
        match self.output.as_str() {
            "json" => json_two_spaces(doc),
            // kubectl follows the YAML with an empty line.
            "yaml" => kubeplay_yaml::to_yaml(&kubeplay_core::api::meta::sorted(doc)) + "\n",
            _ => {
                let mut text = format!(
                    "Client Version: {CLIENT_VERSION}\nKustomize Version: {KUSTOMIZE_VERSION}\n"
                );
                if let Some(sv) = server_version {
                    text.push_str(&format!("Server Version: {sv}\n"));
                }
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew() {
        assert_eq!(skew_warning("v1.32.0"), None);
        assert_eq!(skew_warning("v1.31.2"), None);
        assert_eq!(
            skew_warning("v1.29.3").unwrap_or_default(),
            "WARNING: version difference between client (1.32) and server (1.29) exceeds the supported minor version skew of +/-1\n"
        );
    }
}
