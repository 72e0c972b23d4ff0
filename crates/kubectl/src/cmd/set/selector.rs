//! `kubectl set selector`: replace a Service's `spec.selector` with the given labels (only
//! Services take it).

use serde_json::{Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::super::printers::Format;
use super::super::super::Ctx;
use super::super::util::dry_run::DryRun;
use super::super::util::print_flags;
use super::{Selection, Sender};
use kubeplay_core::sort::SortOnce;

pub const FLAGS: &[Flag] = &[
    boolean("all", "Select all resources in the namespace of the specified resource types"),
    super::super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    super::super::util::flags::DRY_RUN,
    string("field-manager", "kubectl-set", "Name of the manager used to track field ownership."),
    super::super::util::flags::filename("identifying the resource."),
    boolean("local", "If true, annotation will NOT contact api-server but run locally."),
    super::super::util::flags::OUTPUT,
    flag("recursive", Some('R'), Kind::Bool, "true", "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory."),
    string("resource-version", "", "If non-empty, the selectors update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource."),
    super::super::util::flags::SHOW_MANAGED_FIELDS,
    super::super::util::flags::TEMPLATE,
];
pub const LONG: &str = "Set the selector on a resource. Note that the new selector will overwrite the old selector if the resource had one prior to the invocation of 'set selector'.

 A selector must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters. If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used. Note: currently selectors can only be set on Service objects.";
pub const EXAMPLES: &str = "  # Set the labels and selector before creating a deployment/service pair
  kubectl create service clusterip my-svc --clusterip=\"None\" -o yaml --dry-run=client | kubectl set selector --local -f - 'environment=qa' -o yaml | kubectl create -f -
  kubectl create deployment my-dep -o yaml --dry-run=client | kubectl label --local -f - environment=qa -o yaml | kubectl create -f -";
pub const USAGE: &str = "kubectl set selector (-f FILENAME | TYPE NAME) EXPRESSIONS [--resource-version=version] [options]";

/// A parsed selector: equality terms become labels; set-based ones cannot go on a Service.
struct Parsed {
    labels: Map<String, Value>,
    /// Go's `%v` of the match expressions, when there are any.
    expressions: Vec<String>,
}

pub struct SetSelectorOptions {
    sel: Selection,
    selector: Option<Parsed>,
    resource_version: String,
    dry_run: DryRun,
    format: Option<Format>,
    manager: String,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let mut o = SetSelectorOptions::complete(args)?;
    o.format = o.format.map(|f| f.resolve(ctx.fs)).transpose()?;
    o.validate()?;
    o.run(ctx)
}

impl SetSelectorOptions {
    pub fn complete(args: &Args) -> Result<SetSelectorOptions, KError> {
        let dry_run = DryRun::from_args(args)?;
        let (resources, selector) = match args.positionals.split_last() {
            None => (vec![], None),
            Some((last, rest)) => (rest.to_vec(), Some(parse(last)?)),
        };
        Ok(SetSelectorOptions {
            sel: Selection::from_args(args, resources),
            selector,
            resource_version: args.str("resource-version"),
            dry_run,
            format: print_flags::object_format_flags(args)?,
            manager: args.str("field-manager"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.selector.is_none() {
            return Err(KError::msg("one selector is required"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let Some(selector) = &self.selector else {
            return Ok(());
        };
        let (infos, _) = self.sel.visit(ctx)?;
        let sender = Sender {
            dry_run: self.dry_run,
            local: self.sel.local,
            format: &self.format,
            manager: &self.manager,
            operation: "selector updated",
            failure: "failed to patch selector",
        };
        for info in &infos {
            let mut before = super::object_of(ctx, info, self.sel.local)?;
            if !(info.resource.group.is_empty() && info.resource.kind == "Service") {
                return Err(KError::msg(
                    "setting a selector is only supported for Services",
                ));
            }
            if !selector.expressions.is_empty() {
                return Err(KError::msg(format!(
                    "match expression [{}] not supported on this object",
                    selector.expressions.join(" ")
                )));
            }
            let mut after = before.clone();
            after["spec"]["selector"] = Value::Object(selector.labels.clone());
            if !self.resource_version.is_empty() {
                // Sent in the patch, so the server checks it.
                before["metadata"]["resourceVersion"] = Value::String(String::new());
                after["metadata"]["resourceVersion"] = Value::String(self.resource_version.clone());
            }
            // kubectl patches and reports even when nothing changes.
            match before == after {
                true => sender.report(ctx, info, &after)?,
                false => sender.send(ctx, info, &before, after)?,
            }
        }
        Ok(())
    }
}

/// `ParseToLabelSelector`, for what a Service can take: `k=v`, `k==v`; `in`, `notin`, `k`
/// and `!k` become match expressions; `!=` has no LabelSelector operator.
fn parse(s: &str) -> Result<Parsed, KError> {
    let mut labels = Map::new();
    let mut expressions = Vec::new();
    for term in split_terms(s) {
        let term = term.trim();
        if term.is_empty() {
            continue;
        }
        if term.contains("!=") {
            return Err(KError::msg("\"!=\" is not a valid label selector operator"));
        } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            labels.insert(k.trim().to_string(), Value::String(v.trim().to_string()));
        } else if let Some((k, rest)) = set_term(term) {
            expressions.push(format!("{{{k} {rest}}}"));
        } else if let Some(k) = term.strip_prefix('!') {
            expressions.push(format!("{{{} DoesNotExist []}}", k.trim()));
        } else {
            expressions.push(format!("{{{term} Exists []}}"));
        }
    }
    Ok(Parsed {
        labels,
        expressions,
    })
}

/// `key in (a,b)` / `key notin (a,b)` → (key, `In [a b]`).
fn set_term(term: &str) -> Option<(String, String)> {
    let (key, op, rest) = if let Some((k, r)) = term.split_once(" notin ") {
        (k, "NotIn", r)
    } else {
        let (k, r) = term.split_once(" in ")?;
        (k, "In", r)
    };
    let inner = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
    let mut values: Vec<&str> = inner.split(',').map(str::trim).collect();
    values.sort_once();
    Some((
        key.trim().to_string(),
        format!("{op} [{}]", values.join(" ")),
    ))
}

/// Split at commas outside parentheses.
fn split_terms(s: &str) -> Vec<String> {
    kubeplay_core::split::split_outside(s, ',', '(', ')')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_terms_are_labels_and_the_rest_expressions() {
        let p = parse("app=web,tier==front").unwrap_or_else(|_| Parsed {
            labels: Map::new(),
            expressions: vec![],
        });
        assert_eq!(p.labels.len(), 2);
        assert!(p.expressions.is_empty());
        let p = parse("env in (b,a)").unwrap_or_else(|_| Parsed {
            labels: Map::new(),
            expressions: vec![],
        });
        assert_eq!(p.expressions, ["{env In [a b]}"]);
    }
}
