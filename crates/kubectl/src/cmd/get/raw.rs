//! `kubectl get --raw URI`: one GET of that path, its body printed as the server sent it.

use crate::error::KError;
use crate::flags::Args;
use crate::Ctx;
use kubeplay_core::api::ApiRequest;

/// `get`'s options when --raw is given: kubectl's Complete, Validate and a raw GET.
pub struct RawOptions {
    uri: String,
    has_args: bool,
    filtered: bool,
    output: String,
}

impl RawOptions {
    pub fn complete(args: &Args) -> Result<RawOptions, KError> {
        Ok(RawOptions {
            uri: args.str("raw"),
            has_args: !args.positionals.is_empty(),
            filtered: args.bool("watch")
                || args.bool("watch-only")
                || !args.str("selector").is_empty(),
            output: args.str("output"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.has_args {
            return Err(KError::msg(
                "arguments may not be passed when --raw is specified",
            ));
        }
        if self.filtered {
            return Err(KError::msg(
                "--raw may not be specified with other flags that filter the server request or alter the output",
            ));
        }
        if !self.output.is_empty() {
            return Err(KError::msg("--raw and --output are mutually exclusive"));
        }
        if !self.uri.starts_with('/') {
            return Err(KError::msg(format!(
                "--raw must be a valid URL path: parse {:?}: invalid URI for request",
                self.uri
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (path, query) = self.uri.split_once('?').unwrap_or((self.uri.as_str(), ""));
        let mut req = ApiRequest::get(path);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            req = req.with_query(k, v);
        }
        let resp = ctx.api.call(req);
        if !resp.is_success() {
            return Err(crate::client::decode(resp).err().unwrap_or(KError::Exit(1)));
        }
        // The apiserver's JSON encoder ends an object with a newline; its plain-text health
        // checks and its indented /version do not, and kubectl copies the body as it is.
        let mut body = resp.body;
        if body.starts_with('{') && !body.starts_with("{\n") && !body.ends_with('\n') {
            body.push('\n');
        }
        ctx.print(body);
        Ok(())
    }
}
