//! `kubectl config get-contexts [NAME...]`: the contexts as a table, `*` marking the current one.

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

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let output = args.str("output");
    if !output.is_empty() && output != "name" {
        return Err(KError::msg(format!(
            "--output {output} is not available in kubectl config get-contexts; resetting to default output format"
        )));
    }
    let (kc, _) = super::load(ctx)?;
    let contexts = kc.entries(Section::Contexts);
    let current = kc.current_context().to_string();
    let wanted: Vec<String> = if args.positionals.is_empty() {
        contexts.iter().map(|(n, _)| n.clone()).collect()
    } else {
        args.positionals.clone()
    };
    let mut missing: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut names = String::new();
    if output.is_empty() && !args.bool("no-headers") {
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
        if output == "name" {
            names.push_str(name);
            names.push('\n');
            continue;
        }
        let field = |k: &str| {
            body.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let mark = if *name == current { "*" } else { "" };
        rows.push(vec![
            mark.to_string(),
            name.clone(),
            field("cluster"),
            field("user"),
            field("namespace"),
        ]);
    }
    if output == "name" {
        ctx.print(names);
    } else {
        ctx.print(tabwrite(&rows));
    }
    if !missing.is_empty() {
        // One error reads "error: ..."; several are listed bare, one a line, as kubectl does.
        if let [one] = missing.as_slice() {
            return Err(KError::msg(format!("context {one} not found")));
        }
        let text: String = missing
            .iter()
            .map(|m| format!("context {m} not found\n"))
            .collect();
        return Err(KError::Raw(text));
    }
    Ok(())
}
