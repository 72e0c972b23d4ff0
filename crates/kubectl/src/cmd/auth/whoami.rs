//! `kubectl auth whoami`: a SelfSubjectReview, printed as kubectl's ATTRIBUTE/VALUE table or
//! with `-o`.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::printers::table::tabwrite;
use super::super::super::printers::Format;
use super::super::super::Ctx;
use super::super::util::flags::{
    ALLOW_MISSING_TEMPLATE_KEYS, OUTPUT, SHOW_MANAGED_FIELDS, TEMPLATE,
};
use super::super::util::print_flags;
use kubeplay_core::api::{ApiRequest, Method};
use kubeplay_core::sort::SortOnce;

include!("whoami.help");

pub const FLAGS: &[Flag] = &[
    ALLOW_MISSING_TEMPLATE_KEYS,
    OUTPUT,
    SHOW_MANAGED_FIELDS,
    TEMPLATE,
];

pub struct WhoAmIOptions {
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = WhoAmIOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl WhoAmIOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<WhoAmIOptions, KError> {
        Ok(WhoAmIOptions {
            format: print_flags::object_format_args(ctx.fs, args)?,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let review = json!({
            "kind": "SelfSubjectReview",
            "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"creationTimestamp": null},
            "status": {"userInfo": {}},
        });
        let answer = ctx
            .call(
                ApiRequest::new(Method::Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews")
                    .with_body(review.to_string()),
            )
            .map_err(|e| match &e {
                KError::Status(s) if s.code == 403 => KError::msg(
                    "the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it",
                ),
                _ => e,
            })?;
        let text = match &self.format {
            // kubectl prints the typed review it decoded: JSON in the Go fields' order.
            Some(Format::Json) => crate::printers::to_json(&go_order(&answer)),
            Some(f) => print_flags::print_object(f, &answer)?,
            None => table(&answer),
        };
        ctx.print(text);
        Ok(())
    }
}

/// A SelfSubjectReview with its fields in the order of the Go types (and `omitempty` ones left
/// out when empty), as kubectl's typed client re-encodes it.
fn go_order(answer: &Value) -> Value {
    let user = answer
        .pointer("/status/userInfo")
        .cloned()
        .unwrap_or(Value::Null);
    let mut info = serde_json::Map::new();
    for key in ["username", "uid", "groups", "extra"] {
        match user.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.is_empty() => {}
            Some(v) => {
                info.insert(key.to_string(), v.clone());
            }
        }
    }
    let mut meta = serde_json::Map::new();
    for key in ["name", "creationTimestamp"] {
        if let Some(v) = answer.pointer(&format!("/metadata/{key}")) {
            meta.insert(key.to_string(), v.clone());
        }
    }
    json!({
        "kind": answer.get("kind").cloned().unwrap_or(Value::Null),
        "apiVersion": answer.get("apiVersion").cloned().unwrap_or(Value::Null),
        "metadata": meta,
        "status": {"userInfo": info},
    })
}

/// kubectl's table: Username, UID, Groups and each Extra key (sorted), those that are set.
fn table(review: &Value) -> String {
    let info = review
        .pointer("/status/userInfo")
        .cloned()
        .unwrap_or(Value::Null);
    let s = |k: &str| {
        info.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let list = |v: &Value| -> String {
        let items: Vec<&str> = v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str())
            .collect();
        format!("[{}]", items.join(" "))
    };
    let mut rows = vec![vec!["ATTRIBUTE".to_string(), "VALUE".to_string()]];
    if !s("username").is_empty() {
        rows.push(vec!["Username".into(), s("username")]);
    }
    if !s("uid").is_empty() {
        rows.push(vec!["UID".into(), s("uid")]);
    }
    if let Some(groups) = info
        .get("groups")
        .filter(|g| g.as_array().is_some_and(|a| !a.is_empty()))
    {
        rows.push(vec!["Groups".into(), list(groups)]);
    }
    if let Some(extra) = info.get("extra").and_then(|e| e.as_object()) {
        let mut keys: Vec<&String> = extra.keys().collect();
        keys.sort_once();
        for k in keys {
            rows.push(vec![format!("Extra: {k}"), list(&extra[k])]);
        }
    }
    tabwrite(&rows)
}
