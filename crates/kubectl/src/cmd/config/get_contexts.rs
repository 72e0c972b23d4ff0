//! `kubectl config get-contexts [NAME...]`: the contexts as a table, `*` marking the current one.

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::flags::{boolean, flag, Args, Flag, Kind};
use super::super::super::kubeconfig::Section;
use super::super::super::printers::table::tabwrite;
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[
    boolean("no-headers", "When using the default or custom-column output format, don't print headers (default print headers)."),
    flag("output", Some('o'), Kind::Str, "", "Output format. One of: (name)."),
];
pub const LONG: &str = "Show one or more contexts from the kubeconfig file.";
pub const EXAMPLES: &str = "  # Every context in the kubeconfig file
  kubectl config get-contexts

  # Only the context called my-context
  kubectl config get-contexts my-context";
pub const USAGE: &str = "kubectl config get-contexts [(-o|--output=)name)] [options]";

/// `config get-contexts`' names and flags, read once.
pub struct GetContextsOptions {
    names: Vec<String>,
    output: String,
    no_headers: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = GetContextsOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

impl GetContextsOptions {
    pub fn complete(args: &Args) -> Result<GetContextsOptions, KError> {
        Ok(GetContextsOptions {
            names: args.positionals.clone(),
            output: args.str("output"),
            no_headers: args.bool("no-headers"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        let output = &self.output;
        if !output.is_empty() && output != "name" {
            return Err(KError::msg(format!(
                "--output {output} is not available in kubectl config get-contexts; resetting to default output format"
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (kc, _) = super::load(ctx)?;
        let contexts = kc.entries(Section::Contexts);
        let current = kc.current_context().to_string();
        let wanted: Vec<String> = if self.names.is_empty() {
            contexts.iter().map(|(n, _)| n.clone()).collect()
        } else {
            self.names.clone()
        };
        let mut missing: Vec<String> = Vec::new();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut names = String::new();
        if self.output.is_empty() && !self.no_headers {
            rows.push(
                ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]
                    .map(String::from)
                    .to_vec(),
            );
        }
        for name in &wanted {
            let Some((_, body)) = contexts.iter().find(|(n, _)| n == name) else {
                missing.push(name.clone());
                continue;
            };
            if self.output == "name" {
                names.push_str(name);
                names.push('\n');
                continue;
            }
            rows.push(row(name, body, *name == current));
        }
        if self.output == "name" {
            ctx.print(names);
        } else {
            ctx.print(tabwrite(&rows));
        }
        not_found(&missing)
    }
}

/// One context's line of the table, `*` marking the current one.
fn row(name: &str, body: &Value, current: bool) -> Vec<String> {
    let field = |k: &str| {
        body.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let mark = if current { "*" } else { "" };
    vec![
        mark.to_string(),
        name.to_string(),
        field("cluster"),
        field("user"),
        field("namespace"),
    ]
}

/// The names asked for that the kubeconfig lacks. One error reads "error: ..."; several are
/// listed bare, one a line, as kubectl does.
fn not_found(missing: &[String]) -> Result<(), KError> {
    match missing {
        [] => Ok(()),
        [one] => Err(KError::msg(format!("context {one} not found"))),
        _ => Err(KError::Raw(
            missing
                .iter()
                .map(|m| format!("context {m} not found\n"))
                .collect(),
        )),
    }
}
