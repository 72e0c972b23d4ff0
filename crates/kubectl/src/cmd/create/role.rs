//! `kubectl create role` and `clusterrole`: one rule per API group of the named resources (found
//! through discovery, as kubectl does), plus non-resource URLs or an aggregation rule for cluster
//! roles.

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{flag, string, Args, Flag, Kind};
use super::super::super::Ctx;
use super::super::util::create_flags;

const RBAC: &str = "rbac.authorization.k8s.io";

const STANDARD_VERBS: &[&str] = &[
    "*",
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
    "escalate",
    "impersonate",
];
const NON_RESOURCE_VERBS: &[&str] = &[
    "*", "get", "post", "put", "delete", "patch", "head", "options",
];

const RESOURCE: Flag = flag(
    "resource",
    None,
    Kind::Slice,
    "[]",
    "The resources the rule covers, as resource.group/subresource.",
);
const RESOURCE_NAME: Flag = flag(
    "resource-name",
    None,
    Kind::Array,
    "[]",
    "Limit the rule to objects with this name (repeatable).",
);
const VERB: Flag = flag(
    "verb",
    None,
    Kind::Slice,
    "[]",
    "The verbs the rule allows on those resources.",
);

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    create_flags::OUTPUT,
    RESOURCE,
    RESOURCE_NAME,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
    VERB,
];

pub const LONG: &str = "Create a role holding one rule.";

pub const EXAMPLES: &str = "  # A role pod-reader allowing get, list and watch on pods
  kubectl create role pod-reader --verb=get --verb=list --verb=watch --resource=pods
  
  # The same, limited to two pods by name
  kubectl create role pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod
  
  # A role foo on replica sets of the apps group
  kubectl create role foo --verb=get,list,watch --resource=rs.apps
  
  # A role foo on pods and their status subresource
  kubectl create role foo --verb=get,list,watch --resource=pods,pods/status";

pub const USAGE: &str = "kubectl create role NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none] [options]";

pub const CLUSTER_FLAGS: &[Flag] = &[
    string(
        "aggregation-rule",
        "",
        "A label selector (key=value,...) of the cluster roles whose rules this one aggregates.",
    ),
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    flag(
        "non-resource-url",
        None,
        Kind::Slice,
        "[]",
        "A URL path (partial, may end in *) the role gives access to.",
    ),
    create_flags::OUTPUT,
    RESOURCE,
    RESOURCE_NAME,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
    VERB,
];

pub const CLUSTER_LONG: &str = "Create a cluster role.";

pub const CLUSTER_EXAMPLES: &str = "  # A cluster role pod-reader allowing get, list and watch on pods
  kubectl create clusterrole pod-reader --verb=get,list,watch --resource=pods
  
  # The same, limited to two pods by name
  kubectl create clusterrole pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod
  
  # A cluster role foo on replica sets of the apps group
  kubectl create clusterrole foo --verb=get,list,watch --resource=rs.apps
  
  # A cluster role foo on pods and their status subresource
  kubectl create clusterrole foo --verb=get,list,watch --resource=pods,pods/status
  
  # A cluster role foo allowing GET on the /logs/ URLs
  kubectl create clusterrole \"foo\" --verb=get --non-resource-url=/logs/*
  
  # A cluster role monitoring made of the rules of the cluster roles with a label
  kubectl create clusterrole monitoring --aggregation-rule=\"rbac.example.com/aggregate-to-monitoring=true\"";

pub const CLUSTER_USAGE: &str = "kubectl create clusterrole NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none] [options]";

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// Resource rules, one per API group in the order the groups first appear.
fn resource_rules(
    ctx: &mut Ctx,
    verbs: &[String],
    resources: &[String],
    names: &[String],
) -> Result<Vec<Value>, KError> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for typed in resources {
        let (res, sub) = match typed.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (typed.as_str(), None),
        };
        let (group, plural) = if res == "*" {
            (String::new(), "*".to_string())
        } else {
            let d = ctx.mapper()?;
            match d.resolve(res) {
                Some(info) => (info.group.clone(), info.plural.clone()),
                None => {
                    let msg = match res.split_once('.') {
                        Some((r, g)) => format!(
                            "the server doesn't have a resource type \"{r}\" in group \"{g}\"\n"
                        ),
                        None => format!("the server doesn't have a resource type \"{res}\"\n"),
                    };
                    return Err(KError::Raw(msg));
                }
            }
        };
        let full = match sub {
            Some(s) => format!("{plural}/{s}"),
            None => plural,
        };
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) => {
                if !list.contains(&full) {
                    list.push(full);
                }
            }
            None => groups.push((group, vec![full])),
        }
    }
    Ok(groups
        .into_iter()
        .map(|(group, list)| {
            let mut m = Map::new();
            m.insert("verbs".into(), json!(verbs));
            m.insert("apiGroups".into(), json!([group]));
            m.insert("resources".into(), json!(list));
            if !names.is_empty() {
                m.insert("resourceNames".into(), json!(names));
            }
            Value::Object(m)
        })
        .collect())
}

fn build(
    kind: &str,
    name: &str,
    namespace: Option<&str>,
    rules: Value,
    aggregation: Option<Value>,
) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), json!(kind));
    m.insert("apiVersion".into(), json!(format!("{RBAC}/v1")));
    m.insert("metadata".into(), super::object_meta(name, namespace, None));
    m.insert("rules".into(), rules);
    if let Some(a) = aggregation {
        m.insert("aggregationRule".into(), a);
    }
    Value::Object(m)
}

fn warn_verbs(ctx: &mut Ctx, verbs: &[String]) {
    for v in verbs {
        if !STANDARD_VERBS.contains(&v.as_str()) {
            ctx.eprint(format!("Warning: '{v}' is not a standard resource verb\n"));
        }
    }
}

/// `create role`'s NAME and flags, read once.
pub struct CreateRoleOptions {
    name: String,
    namespace: Option<String>,
    /// --verb, each once.
    verbs: Vec<String>,
    resources: Vec<String>,
    resource_names: Vec<String>,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateRoleOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateRoleOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateRoleOptions, KError> {
        Ok(CreateRoleOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            verbs: dedup(args.list("verb")),
            resources: args.list("resource"),
            resource_names: args.list("resource-name"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.verbs.is_empty() {
            return Err(KError::msg("at least one verb must be specified"));
        }
        if self.resources.is_empty() {
            return Err(KError::msg("at least one resource must be specified"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        warn_verbs(ctx, &self.verbs);
        let rules = resource_rules(ctx, &self.verbs, &self.resources, &self.resource_names)?;
        let obj = build(
            "Role",
            &self.name,
            self.namespace.as_deref(),
            json!(rules),
            None,
        );
        super::finish(ctx, &self.flags, "roles.rbac.authorization.k8s.io", obj)
    }
}

/// `create clusterrole`'s NAME and flags, read once.
pub struct CreateClusterRoleOptions {
    name: String,
    /// --verb, each once.
    verbs: Vec<String>,
    resources: Vec<String>,
    non_resource_urls: Vec<String>,
    resource_names: Vec<String>,
    aggregation_rule: String,
    flags: create_flags::Opts,
}

pub fn run_cluster(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateClusterRoleOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateClusterRoleOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateClusterRoleOptions, KError> {
        Ok(CreateClusterRoleOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            verbs: dedup(args.list("verb")),
            resources: args.list("resource"),
            non_resource_urls: args.list("non-resource-url"),
            resource_names: args.list("resource-name"),
            aggregation_rule: args.str("aggregation-rule"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        let (verbs, urls) = (&self.verbs, &self.non_resource_urls);
        if !self.aggregation_rule.is_empty() {
            if !verbs.is_empty()
                || !self.resources.is_empty()
                || !urls.is_empty()
                || !self.resource_names.is_empty()
            {
                return Err(KError::msg("aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames"));
            }
            return Ok(());
        }
        if verbs.is_empty() {
            return Err(KError::msg("at least one verb must be specified"));
        }
        if self.resources.is_empty() && urls.is_empty() {
            return Err(KError::msg(
                "one of resource or nonResourceURL must be specified",
            ));
        }
        if urls.iter().any(|u| !u.starts_with('/')) {
            return Err(KError::msg("nonResourceURL should start with /"));
        }
        if !urls.is_empty() {
            if let Some(v) = verbs
                .iter()
                .find(|v| !NON_RESOURCE_VERBS.contains(&v.as_str()))
            {
                return Err(KError::msg(format!(
                    "invalid verb: '{v}' for nonResourceURL"
                )));
            }
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let obj = if self.aggregation_rule.is_empty() {
            let rules = self.rules(ctx)?;
            build("ClusterRole", &self.name, None, json!(rules), None)
        } else {
            let agg = aggregation(&self.aggregation_rule);
            build("ClusterRole", &self.name, None, Value::Null, Some(agg))
        };
        super::finish(
            ctx,
            &self.flags,
            "clusterroles.rbac.authorization.k8s.io",
            obj,
        )
    }

    /// The resource rules, then one rule for the non-resource URLs.
    fn rules(&self, ctx: &mut Ctx) -> Result<Vec<Value>, KError> {
        let (verbs, urls) = (&self.verbs, &self.non_resource_urls);
        let mut rules = if self.resources.is_empty() {
            Vec::new()
        } else {
            warn_verbs(ctx, verbs);
            resource_rules(ctx, verbs, &self.resources, &self.resource_names)?
        };
        if !urls.is_empty() {
            rules.push(json!({"verbs": verbs, "nonResourceURLs": urls}));
        }
        Ok(rules)
    }
}

/// `--aggregation-rule=k=v,...` as the aggregationRule's one selector, keys sorted.
fn aggregation(rule: &str) -> Value {
    let mut labels = Map::new();
    for term in rule.split(',').filter(|t| !t.is_empty()) {
        let (k, v) = term.split_once('=').unwrap_or((term, ""));
        labels.insert(k.to_string(), json!(v));
    }
    let mut sorted: Vec<(String, Value)> = labels.into_iter().collect();
    sorted.sort_once_by(|a, b| a.0.cmp(&b.0));
    let selector: Map<String, Value> = sorted.into_iter().collect();
    json!({"clusterRoleSelectors": [{"matchLabels": selector}]})
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn rules_group_by_api_group() {
        let (out, err, _) = run("create role r --verb=get,list --verb=watch --resource=pods,rs.apps,pods/status,deploy --resource-name=a --dry-run=client -o json");
        assert_eq!(err, "");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["rules"][0]["apiGroups"][0], "");
        assert_eq!(
            v["rules"][0]["resources"],
            serde_json::json!(["pods", "pods/status"])
        );
        assert_eq!(
            v["rules"][1]["resources"],
            serde_json::json!(["replicasets", "deployments"])
        );
        assert_eq!(v["rules"][1]["resourceNames"], serde_json::json!(["a"]));
    }

    #[test]
    fn errors_match_kubectl() {
        assert_eq!(
            run("create role r --verb=get --resource=nope").1,
            "the server doesn't have a resource type \"nope\"\n"
        );
        assert_eq!(
            run("create role r --resource=pods").1,
            "error: at least one verb must be specified\n"
        );
        assert_eq!(
            run("create role r --verb=get").1,
            "error: at least one resource must be specified\n"
        );
        assert_eq!(
            run("create role r --verb=fly --resource=pods --dry-run=client").1,
            "Warning: 'fly' is not a standard resource verb\n"
        );
        assert_eq!(
            run("create clusterrole r --verb=list --non-resource-url=/x").1,
            "error: invalid verb: 'list' for nonResourceURL\n"
        );
        assert_eq!(
            run("create clusterrole r --verb=get --non-resource-url=x").1,
            "error: nonResourceURL should start with /\n"
        );
        assert_eq!(
            run("create clusterrole r --verb=get --resource=nodes").0,
            "clusterrole.rbac.authorization.k8s.io/r created\n"
        );
    }
}
