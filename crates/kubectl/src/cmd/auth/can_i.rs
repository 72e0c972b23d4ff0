//! `kubectl auth can-i VERB TYPE[/NAME] | NONRESOURCEURL` asks the server with a
//! SelfSubjectAccessReview and prints `yes` or `no` (exit 1); `--list` asks for a
//! SelfSubjectRulesReview and prints the rules broken down, compacted and sorted as kubectl does.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{flag, Args, Flag, Kind};
use super::super::super::printers::table::tabwrite;
use super::super::super::Ctx;
use super::super::util::flags::ALL_NAMESPACES;
use kubeplay_core::api::{ApiRequest, Method};
use kubeplay_core::sort::SortOnce;

include!("can_i.help");

pub const FLAGS: &[Flag] = &[
    Flag {
        usage: "If true, check the specified action in all namespaces.",
        ..ALL_NAMESPACES
    },
    flag(
        "list",
        None,
        Kind::Bool,
        "false",
        "If true, prints all allowed actions.",
    ),
    flag(
        "no-headers",
        None,
        Kind::Bool,
        "false",
        "If true, prints allowed actions without headers",
    ),
    flag(
        "quiet",
        Some('q'),
        Kind::Bool,
        "false",
        "If true, suppress output and just return the exit code.",
    ),
    flag(
        "subresource",
        None,
        Kind::Str,
        "",
        "SubResource such as pod/log or deployment/scale",
    ),
];

/// Verbs kubectl knows for resources and for non-resource URLs (others are warned about).
const RESOURCE_VERBS: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "use",
    "bind",
    "impersonate",
    "*",
    "approve",
    "sign",
    "escalate",
    "attest",
];
const NON_RESOURCE_VERBS: &[&str] = &[
    "get", "put", "post", "head", "options", "delete", "patch", "*",
];

#[derive(Debug, Default)]
pub struct CanIOptions {
    all_namespaces: bool,
    quiet: bool,
    no_headers: bool,
    list: bool,
    subresource: String,
    verb: String,
    /// Group and resource as resolved by discovery (or as typed when it knows none).
    group: String,
    resource: String,
    /// Whether discovery says the resource is namespaced (None: not found or `*`).
    namespaced: Option<bool>,
    resource_name: String,
    non_resource_url: String,
    namespace: String,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CanIOptions::complete(ctx, args)?;
    o.validate(ctx)?;
    if o.list {
        o.run_list(ctx)
    } else if o.run_check(ctx)? {
        Ok(())
    } else {
        Err(KError::Exit(1))
    }
}

impl CanIOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CanIOptions, KError> {
        let mut o = CanIOptions {
            all_namespaces: args.bool("all-namespaces"),
            quiet: args.bool("quiet"),
            no_headers: args.bool("no-headers"),
            list: args.bool("list"),
            subresource: args.str("subresource"),
            ..CanIOptions::default()
        };
        let pos = &args.positionals;
        if o.list {
            if !pos.is_empty() {
                return Err(KError::msg(
                    "list option must be specified with no arguments",
                ));
            }
        } else {
            let [verb, target] = pos.as_slice() else {
                return Err(KError::msg(
                    "you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.",
                ));
            };
            o.verb = verb.clone();
            if target.starts_with('/') {
                o.non_resource_url = target.clone();
            } else {
                let (kind, name) = match target.split_once('/') {
                    Some((k, n)) => (k, n.to_string()),
                    None => (target.as_str(), String::new()),
                };
                o.resource_name = name;
                o.resolve(ctx, kind)?;
            }
        }
        if !o.all_namespaces {
            o.namespace = ctx.namespace();
        }
        Ok(o)
    }

    /// kubectl's `resourceFor`: discovery's group and plural, else the word as typed with a
    /// warning (but for `users` and `groups`, which only impersonation knows).
    fn resolve(&mut self, ctx: &mut Ctx, typed: &str) -> Result<(), KError> {
        if typed == "*" {
            self.resource = "*".into();
            self.namespaced = Some(true);
            return Ok(());
        }
        let lower = typed.to_lowercase();
        let disc = ctx.mapper()?;
        if let Some(info) = disc.resolve(&lower) {
            self.group = info.group.clone();
            self.resource = info.plural.clone();
            self.namespaced = Some(info.namespaced);
            return Ok(());
        }
        let (resource, group) = lower.split_once('.').unwrap_or((lower.as_str(), ""));
        if !matches!(lower.as_str(), "users" | "groups") {
            let warning = if group.is_empty() {
                format!("Warning: the server doesn't have a resource type '{resource}'\n\n")
            } else {
                format!(
                    "Warning: the server doesn't have a resource type '{resource}' in group '{group}'\n\n"
                )
            };
            ctx.eprint(warning);
        }
        self.resource = typed.to_string();
        Ok(())
    }

    pub fn validate(&self, ctx: &mut Ctx) -> Result<(), KError> {
        if self.list {
            if self.quiet || self.all_namespaces || !self.subresource.is_empty() {
                return Err(KError::msg(
                    "list option can't be specified with neither quiet, all-namespaces nor subresource options",
                ));
            }
            return Ok(());
        }
        if !self.non_resource_url.is_empty() {
            if !self.subresource.is_empty() {
                return Err(KError::msg(
                    "--subresource can not be used with NonResourceURL",
                ));
            }
            if !NON_RESOURCE_VERBS.contains(&self.verb.as_str()) {
                ctx.eprint(format!(
                    "Warning: verb '{}' is not a known verb\n\n",
                    self.verb
                ));
            }
        } else if !self.resource.is_empty() && !self.all_namespaces {
            if self.namespaced == Some(false) {
                ctx.eprint(if self.group.is_empty() {
                    format!(
                        "Warning: resource '{}' is not namespace scoped\n\n",
                        self.resource
                    )
                } else {
                    format!(
                        "Warning: resource '{}' is not namespace scoped in group '{}'\n\n",
                        self.resource, self.group
                    )
                });
            }
            if !RESOURCE_VERBS.contains(&self.verb.as_str()) {
                ctx.eprint(format!(
                    "Warning: verb '{}' is not a known verb\n\n",
                    self.verb
                ));
            }
        }
        if self.no_headers {
            return Err(KError::msg(
                "--no-headers cannot be set without --list specified",
            ));
        }
        Ok(())
    }

    /// One SelfSubjectAccessReview: whether the answer was yes.
    fn run_check(&self, ctx: &mut Ctx) -> Result<bool, KError> {
        let spec = if self.non_resource_url.is_empty() {
            let mut attrs = json!({"verb": self.verb, "resource": self.resource});
            for (k, v) in [
                ("namespace", &self.namespace),
                ("group", &self.group),
                ("subresource", &self.subresource),
                ("name", &self.resource_name),
            ] {
                if !v.is_empty() {
                    attrs[k] = json!(v);
                }
            }
            json!({"resourceAttributes": attrs})
        } else {
            json!({"nonResourceAttributes": {"path": self.non_resource_url, "verb": self.verb}})
        };
        let review = json!({
            "kind": "SelfSubjectAccessReview",
            "apiVersion": "authorization.k8s.io/v1",
            "metadata": {"creationTimestamp": null},
            "spec": spec,
            "status": {"allowed": false},
        });
        let answer = ctx.call(
            ApiRequest::new(
                Method::Post,
                "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            )
            .with_body(review.to_string()),
        )?;
        let status = |k: &str| {
            answer
                .pointer(&format!("/status/{k}"))
                .and_then(|v| v.as_str())
                .unwrap_or("")
        };
        let allowed = answer.pointer("/status/allowed").and_then(|a| a.as_bool()) == Some(true);
        if !self.quiet {
            if allowed {
                ctx.print("yes\n");
            } else {
                let mut line = "no".to_string();
                for k in ["reason", "evaluationError"] {
                    if !status(k).is_empty() {
                        line.push_str(&format!(" - {}", status(k)));
                    }
                }
                ctx.print(format!("{line}\n"));
            }
        }
        Ok(allowed)
    }

    /// A SelfSubjectRulesReview of the namespace, printed as a table.
    fn run_list(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let review = json!({
            "kind": "SelfSubjectRulesReview",
            "apiVersion": "authorization.k8s.io/v1",
            "metadata": {"creationTimestamp": null},
            "spec": {"namespace": self.namespace},
            "status": {"resourceRules": null, "nonResourceRules": null, "incomplete": false},
        });
        let answer = ctx.call(
            ApiRequest::new(
                Method::Post,
                "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            )
            .with_body(review.to_string()),
        )?;
        if answer
            .pointer("/status/incomplete")
            .and_then(|i| i.as_bool())
            == Some(true)
        {
            let err = answer
                .pointer("/status/evaluationError")
                .and_then(|e| e.as_str())
                .unwrap_or("");
            ctx.eprint(format!("Warning: the list may be incomplete: {err}\n"));
        }
        let mut rules: Vec<Rule> = Vec::new();
        for key in ["resourceRules", "nonResourceRules"] {
            for r in answer
                .pointer(&format!("/status/{key}"))
                .and_then(|r| r.as_array())
                .into_iter()
                .flatten()
            {
                rules.extend(Rule::of(r).breakdown());
            }
        }
        let mut rules = compact(rules);
        rules.sort_once_by_key(|r| r.go_string());
        let mut rows = Vec::new();
        if !self.no_headers {
            rows.push(
                ["Resources", "Non-Resource URLs", "Resource Names", "Verbs"]
                    .map(String::from)
                    .to_vec(),
            );
        }
        for r in &rules {
            rows.push(vec![
                combine_resource_group(&r.resources, &r.api_groups),
                go_list(&r.non_resource_urls),
                go_list(&r.resource_names),
                go_list(&r.verbs),
            ]);
        }
        ctx.print(tabwrite(&rows));
        Ok(())
    }
}

/// An rbacv1.PolicyRule.
#[derive(Debug, Clone, Default, PartialEq)]
struct Rule {
    verbs: Vec<String>,
    api_groups: Vec<String>,
    resources: Vec<String>,
    resource_names: Vec<String>,
    non_resource_urls: Vec<String>,
}

impl Rule {
    fn of(v: &Value) -> Rule {
        let list = |k: &str| -> Vec<String> {
            v.get(k)
                .and_then(|a| a.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        Rule {
            verbs: list("verbs"),
            api_groups: list("apiGroups"),
            resources: list("resources"),
            resource_names: list("resourceNames"),
            non_resource_urls: list("nonResourceURLs"),
        }
    }

    /// kubectl's `BreakdownRule`: one rule per group, resource, verb (and name), and per URL
    /// and verb.
    fn breakdown(&self) -> Vec<Rule> {
        let one = |s: &String| vec![s.clone()];
        let mut out = Vec::new();
        for g in &self.api_groups {
            for r in &self.resources {
                for v in &self.verbs {
                    let base = Rule {
                        verbs: one(v),
                        api_groups: one(g),
                        resources: one(r),
                        ..Rule::default()
                    };
                    if self.resource_names.is_empty() {
                        out.push(base);
                    } else {
                        for n in &self.resource_names {
                            out.push(Rule {
                                resource_names: one(n),
                                ..base.clone()
                            });
                        }
                    }
                }
            }
        }
        for u in &self.non_resource_urls {
            for v in &self.verbs {
                out.push(Rule {
                    verbs: one(v),
                    non_resource_urls: one(u),
                    ..Rule::default()
                });
            }
        }
        out
    }

    /// The generated `PolicyRule.String()`, which kubectl sorts the list by.
    fn go_string(&self) -> String {
        format!(
            "&PolicyRule{{Verbs:{},APIGroups:{},Resources:{},ResourceNames:{},NonResourceURLs:{},}}",
            go_list(&self.verbs),
            go_list(&self.api_groups),
            go_list(&self.resources),
            go_list(&self.resource_names),
            go_list(&self.non_resource_urls),
        )
    }

    /// One group, one resource, at most one name, no URLs: rules kubectl merges by verb.
    fn is_simple(&self) -> bool {
        self.resource_names.len() <= 1
            && self.non_resource_urls.is_empty()
            && self.api_groups.len() == 1
            && self.resources.len() == 1
    }
}

/// kubectl's `CompactRules`: simple rules on the same group, resource and name become one with
/// their verbs; the others are kept as they are, before them.
fn compact(rules: Vec<Rule>) -> Vec<Rule> {
    let mut out = Vec::new();
    let mut simple: Vec<Rule> = Vec::new();
    for r in rules {
        if !r.is_simple() {
            out.push(r);
            continue;
        }
        match simple.iter_mut().find(|s| {
            s.api_groups == r.api_groups
                && s.resources == r.resources
                && s.resource_names == r.resource_names
        }) {
            Some(s) => {
                for v in r.verbs {
                    if !s.verbs.contains(&v) {
                        s.verbs.push(v);
                    }
                }
            }
            None => simple.push(r),
        }
    }
    out.extend(simple);
    out
}

/// Go's `%v` of a string slice: `[a b]`.
fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

/// kubectl's `CombineResourceGroup`: `deployments.apps/scale`.
fn combine_resource_group(resources: &[String], groups: &[String]) -> String {
    let Some(first) = resources.first() else {
        return String::new();
    };
    let (res, sub) = match first.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (first.as_str(), None),
    };
    let mut out = res.to_string();
    if let Some(g) = groups.first().filter(|g| !g.is_empty()) {
        out = format!("{out}.{g}");
    }
    if let Some(s) = sub {
        out = format!("{out}/{s}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_broken_down_compacted_and_sorted_by_their_go_text() {
        let r = Rule::of(
            &json!({"verbs": ["get", "list"], "apiGroups": ["", "apps"], "resources": ["pods"]}),
        );
        let mut rules = compact(r.breakdown());
        rules.sort_once_by_key(|r| r.go_string());
        let groups: Vec<_> = rules
            .iter()
            .map(|r| (r.api_groups[0].as_str(), go_list(&r.verbs)))
            .collect();
        assert_eq!(
            groups,
            vec![
                ("", "[get list]".to_string()),
                ("apps", "[get list]".to_string())
            ]
        );
        assert_eq!(
            combine_resource_group(&["deployments/scale".into()], &["apps".into()]),
            "deployments.apps/scale"
        );
    }
}
