//! `kubectl taint`: add, change (--overwrite) or remove taints on nodes. The node's taints are
//! rewritten whole: the new ones first, then the old ones they do not replace.

mod spec;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{boolean, string, Args, Flag};
use super::super::printers;
use super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::report_errors;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;
use spec::Taint;

pub const FLAGS: &[Flag] = &[
    boolean("all", "Select all nodes in the cluster"),
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    super::util::flags::DRY_RUN,
    string("field-manager", "kubectl-taint", "Name of the manager used to track field ownership."),
    super::util::flags::OUTPUT,
    boolean("overwrite", "If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints."),
    super::util::flags::SELECTOR,
    super::util::flags::SHOW_MANAGED_FIELDS,
    super::util::flags::TEMPLATE,
];

pub const USAGE: &str =
    "kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]";

pub const LONG: &str = "Update the taints on one or more nodes.

 * A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.
 * The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 253 characters.
 * Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.
 * The value is optional. If given, it must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters.
 * The effect must be NoSchedule, PreferNoSchedule or NoExecute.
 * Currently taint can only apply to node.";

pub const EXAMPLES: &str = "  # Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'
  # If a taint with that key and effect already exists, its value is replaced as specified
  kubectl taint nodes foo dedicated=special-user:NoSchedule

  # Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists
  kubectl taint nodes foo dedicated:NoSchedule-

  # Remove from node 'foo' all the taints with key 'dedicated'
  kubectl taint nodes foo dedicated-

  # Add a taint with key 'dedicated' on nodes having label myLabel=X
  kubectl taint node -l myLabel=X  dedicated=foo:PreferNoSchedule

  # Add to node 'foo' a taint with key 'bar' and no value
  kubectl taint nodes foo bar:NoSchedule";

/// `taint`'s flags, read once.
pub struct TaintOptions {
    resources: Vec<String>,
    add: Vec<Taint>,
    remove: Vec<Taint>,
    overwrite: bool,
    all: bool,
    selector: String,
    dry_run: DryRun,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = TaintOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

fn is_taint_arg(s: &str) -> bool {
    s.contains('=') || s.contains(':') || s.ends_with('-')
}

impl TaintOptions {
    fn complete(args: &Args) -> Result<TaintOptions, KError> {
        let mut resources = Vec::new();
        let mut specs = Vec::new();
        for a in &args.positionals {
            match (is_taint_arg(a), specs.is_empty()) {
                (true, _) => specs.push(a.clone()),
                (false, true) => resources.push(a.clone()),
                (false, false) => {
                    return Err(KError::msg(format!(
                        "all resources must be specified before taint changes: {a}"
                    )))
                }
            }
        }
        if resources.is_empty() {
            return Err(KError::msg(
                "one or more resources must be specified as <resource> <name>",
            ));
        }
        if specs.is_empty() {
            return Err(KError::msg("at least one taint update is required"));
        }
        let (add, remove) = spec::parse(&specs)?;
        Ok(TaintOptions {
            resources,
            add,
            remove,
            overwrite: args.bool("overwrite"),
            all: args.bool("all"),
            selector: args.str("selector"),
            dry_run: DryRun::from_args(args)?,
        })
    }

    /// As kubectl's Validate: only nodes have taints.
    fn validate(&self) -> Result<(), KError> {
        let kind = self.resources.first().map(String::as_str).unwrap_or("");
        if !matches!(kind, "node" | "nodes" | "no") {
            return Err(KError::msg(format!(
                "invalid resource type {kind}, only node types are supported"
            )));
        }
        Ok(())
    }

    fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let selecting = self.all || !self.selector.is_empty();
        let (infos, mut errors) = Builder::new(ctx)
            .require_namespace(NamespaceCheck::Files)
            .label_selector(&self.selector)
            .resource_type_or_name_args(&self.resources)
            .names_required_unless(selecting)
            .latest()
            .visit()?
            .split();
        for info in &infos {
            if let Err(e) = self.one(ctx, info) {
                errors.push(e);
            }
        }
        report_errors(ctx, errors)
    }

    fn one(&self, ctx: &mut Ctx, info: &Info) -> Result<(), KError> {
        let node = match &info.live {
            Some(v) => v.clone(),
            None => info.get(ctx)?,
        };
        let old: Vec<Value> = node
            .pointer("/spec/taints")
            .and_then(|t| t.as_array())
            .cloned()
            .unwrap_or_default();
        if !self.overwrite {
            let clashing: Vec<&str> = self
                .add
                .iter()
                .filter(|t| old.iter().any(|o| same(o, &t.key, &t.effect)))
                .map(|t| t.key.as_str())
                .collect();
            if !clashing.is_empty() {
                return Err(KError::msg(format!(
                    "node {} already has {} taint(s) with same effect(s) and --overwrite is false",
                    info.name,
                    clashing.join(",")
                )));
            }
        }
        let (verb, taints) = self.reorganize(&old)?;
        if self.dry_run != DryRun::Client {
            let value = if taints.is_empty() {
                Value::Null
            } else {
                Value::Array(taints)
            };
            let body = serde_json::json!({"spec": {"taints": value}});
            let req = ApiRequest::new(Method::Patch, info.path())
                .with_query("fieldManager", "kubectl-taint")
                .with_content_type("application/merge-patch+json")
                .with_body(body.to_string());
            ctx.call(self.dry_run.on(req))?;
        }
        let name = printers::name_of(&info.resource, &info.name);
        ctx.print(format!("{name} {verb}{}\n", self.dry_run.suffix()));
        Ok(())
    }

    /// The node's taints after the change, and kubectl's word for it.
    fn reorganize(&self, old: &[Value]) -> Result<(&'static str, Vec<Value>), KError> {
        let mut taints: Vec<Value> = self.add.iter().map(Taint::to_json).collect();
        for o in old {
            let key = o.get("key").and_then(Value::as_str).unwrap_or("");
            let effect = o.get("effect").and_then(Value::as_str).unwrap_or("");
            if !taints.iter().any(|t| same(t, key, effect)) {
                taints.push(o.clone());
            }
        }
        let added = old.len() != taints.len();
        let mut deleted = false;
        for r in &self.remove {
            let before = taints.len();
            taints.retain(|t| {
                let key_matches = t.get("key").and_then(Value::as_str) == Some(r.key.as_str());
                let effect_matches = r.effect.is_empty()
                    || t.get("effect").and_then(Value::as_str) == Some(r.effect.as_str());
                !(key_matches && effect_matches)
            });
            if taints.len() == before {
                return Err(KError::msg(format!("taint \"{}\" not found", r.text())));
            }
            deleted = true;
        }
        let verb = if (added && deleted) || self.overwrite {
            "modified"
        } else if added {
            "tainted"
        } else {
            "untainted"
        };
        Ok((verb, taints))
    }
}

fn same(t: &Value, key: &str, effect: &str) -> bool {
    t.get("key").and_then(Value::as_str) == Some(key)
        && t.get("effect").and_then(Value::as_str) == Some(effect)
}
