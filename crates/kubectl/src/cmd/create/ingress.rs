//! `kubectl create ingress NAME --rule=host/path=svc:port[,tls[=secret]] [--class] [--default-backend]`.
//! Rules for the same host share one rule; a path ending in `*` is a Prefix path, others Exact.

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{flag, string, Args, Flag, Kind};
use super::super::super::Ctx;
use super::super::util::create_flags;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("annotation", None, Kind::Array, "[]", "An annotation for the ingress, as annotation=value (repeatable)."),
    string("class", "", "The ingress class to use."),
    string("default-backend", "", "The service receiving what no rule matches, as svcname:port."),
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    create_flags::OUTPUT,
    flag("rule", None, Kind::Array, "[]", "A rule, as host/path=service:port[,tls=secretname]. A path ending in '*' matches as a prefix (pathType=Prefix). The tls part is optional."),
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

pub const LONG: &str = "Create an ingress with the given name.";

pub const EXAMPLES: &str =
    "  # An ingress simple sending foo.com/bar to port 8080 of service svc1, with the TLS secret
  # my-cert
  kubectl create ingress simple --rule=\"foo.com/bar=svc1:8080,tls=my-cert\"
  
  # An ingress of class otheringress sending every host's /path to svc:port
  kubectl create ingress catch-all --class=otheringress --rule=\"/path=svc:port\"
  
  # An ingress with two annotations
  kubectl create ingress annotated --class=default --rule=\"foo.com/bar=svc:port\" \\
  --annotation ingress.annotation1=foo \\
  --annotation ingress.annotation2=bla
  
  # Two paths of one host
  kubectl create ingress multipath --class=default \\
  --rule=\"foo.com/=svc:port\" \\
  --rule=\"foo.com/admin/=svcadmin:portadmin\"
  
  # Two hosts, with Prefix paths
  kubectl create ingress ingress1 --class=default \\
  --rule=\"foo.com/path*=svc:8080\" \\
  --rule=\"bar.com/admin*=svc2:http\"
  
  # TLS with the controller's default certificate, and paths of both types
  kubectl create ingress ingtls --class=default \\
  --rule=\"foo.com/=svc:https,tls\" \\
  --rule=\"foo.com/path/subpath*=othersvc:8080\"
  
  # TLS with the secret secret1, and a Prefix path
  kubectl create ingress ingsecret --class=default \\
  --rule=\"foo.com/*=svc:8080,tls=secret1\"
  
  # A default backend for what no rule matches
  kubectl create ingress ingdefault --class=default \\
  --default-backend=defaultsvc:http \\
  --rule=\"foo.com/*=svc:8080,tls=secret1\"";

pub const USAGE: &str =
    "kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]  [options]";

fn word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

fn backend(svc: &str, port: &str) -> Value {
    let port = match port.parse::<i64>() {
        Ok(n) => json!({"number": n}),
        Err(_) => json!({"name": port}),
    };
    json!({"service": {"name": svc, "port": port}})
}

struct Rule {
    host: String,
    path: String,
    prefix: bool,
    svc: String,
    port: String,
    tls: Option<String>,
}

fn parse_rule(r: &str) -> Option<Rule> {
    let (main, tls) = match r.split_once(",tls") {
        Some((m, rest)) => {
            let secret = match rest.strip_prefix('=') {
                Some(s) if s.is_empty() || word(s) => s.to_string(),
                Some(_) => return None,
                None if rest.is_empty() => String::new(),
                None => return None,
            };
            (m, Some(secret))
        }
        None => (r, None),
    };
    let (hostpath, target) = main.rsplit_once('=')?;
    let (svc, port) = target.split_once(':')?;
    if !word(svc) || !word(port) {
        return None;
    }
    let slash = hostpath.find('/')?;
    let (host, path) = hostpath.split_at(slash);
    if !host
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '*' | '-' | '.'))
    {
        return None;
    }
    let (path, prefix) = match path.strip_suffix('*') {
        Some(p) => (p.to_string(), true),
        None => (path.to_string(), false),
    };
    Some(Rule {
        host: host.to_string(),
        path,
        prefix,
        svc: svc.to_string(),
        port: port.to_string(),
        tls,
    })
}

pub fn build(
    name: &str,
    namespace: Option<&str>,
    class: &str,
    default_backend: &str,
    rules: &[String],
    annotations: &[String],
) -> Result<Value, KError> {
    let mut meta = super::object_meta(name, namespace, None);
    if !annotations.is_empty() {
        let mut ann = Map::new();
        for a in annotations {
            match a.split_once('=') {
                Some((k, v)) if !k.is_empty() => {
                    ann.insert(k.to_string(), json!(v));
                }
                _ => {
                    return Err(KError::msg(format!(
                        "annotation {a} is invalid and should be in format key=[value]"
                    )))
                }
            }
        }
        let mut sorted: Vec<(String, Value)> = ann.into_iter().collect();
        sorted.sort_once_by(|a, b| a.0.cmp(&b.0));
        if let Some(m) = meta.as_object_mut() {
            m.insert(
                "annotations".into(),
                Value::Object(sorted.into_iter().collect()),
            );
        }
    }
    let mut spec = Map::new();
    if !class.is_empty() {
        spec.insert("ingressClassName".into(), json!(class));
    }
    if !default_backend.is_empty() {
        match default_backend.split_once(':') {
            Some((s, p)) if word(s) && word(p) => {
                spec.insert("defaultBackend".into(), backend(s, p));
            }
            _ => {
                return Err(KError::msg(
                    "default-backend should be in format servicename:serviceport",
                ))
            }
        }
    }
    let mut tls: Vec<(String, Vec<String>)> = Vec::new();
    let mut tls_hosts_seen: Vec<String> = Vec::new();
    let mut by_host: Vec<(String, Vec<Value>)> = Vec::new();
    for r in rules {
        let Some(rule) = parse_rule(r) else {
            return Err(KError::msg(format!(
                "rule {r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]"
            )));
        };
        let path = json!({
            "path": rule.path,
            "pathType": if rule.prefix { "Prefix" } else { "Exact" },
            "backend": backend(&rule.svc, &rule.port),
        });
        match by_host.iter_mut().find(|(h, _)| *h == rule.host) {
            Some((_, paths)) => paths.push(path),
            None => by_host.push((rule.host.clone(), vec![path])),
        }
        // kubectl takes each host into TLS once; a later rule with the same secret adds its
        // host (even an empty one) to the first entry of that secret.
        if let Some(secret) = rule.tls {
            if !tls_hosts_seen.contains(&rule.host) {
                tls_hosts_seen.push(rule.host.clone());
                match tls.iter_mut().find(|(s, _)| *s == secret) {
                    Some((_, hosts)) => hosts.push(rule.host.clone()),
                    None => {
                        let hosts = if rule.host.is_empty() {
                            vec![]
                        } else {
                            vec![rule.host.clone()]
                        };
                        tls.push((secret, hosts));
                    }
                }
            }
        }
    }
    if !tls.is_empty() {
        let entries: Vec<Value> = tls
            .into_iter()
            .map(|(secret, hosts)| {
                let mut m = Map::new();
                if !hosts.is_empty() {
                    m.insert("hosts".into(), json!(hosts));
                }
                if !secret.is_empty() {
                    m.insert("secretName".into(), json!(secret));
                }
                Value::Object(m)
            })
            .collect();
        spec.insert("tls".into(), Value::Array(entries));
    }
    if !by_host.is_empty() {
        let rules: Vec<Value> = by_host
            .into_iter()
            .map(|(host, paths)| {
                let mut m = Map::new();
                if !host.is_empty() {
                    m.insert("host".into(), json!(host));
                }
                m.insert("http".into(), json!({"paths": paths}));
                Value::Object(m)
            })
            .collect();
        spec.insert("rules".into(), Value::Array(rules));
    }
    Ok(json!({
        "kind": "Ingress",
        "apiVersion": "networking.k8s.io/v1",
        "metadata": meta,
        "spec": spec,
        "status": {"loadBalancer": {}},
    }))
}

/// `create ingress`'s NAME and flags, read once.
pub struct CreateIngressOptions {
    name: String,
    namespace: Option<String>,
    class: String,
    default_backend: String,
    rules: Vec<String>,
    annotations: Vec<String>,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateIngressOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateIngressOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateIngressOptions, KError> {
        Ok(CreateIngressOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            class: args.str("class"),
            default_backend: args.str("default-backend"),
            rules: args.list("rule"),
            annotations: args.list("annotation"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.rules.is_empty() && self.default_backend.is_empty() {
            return Err(KError::msg("not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let obj = build(
            &self.name,
            self.namespace.as_deref(),
            &self.class,
            &self.default_backend,
            &self.rules,
            &self.annotations,
        )?;
        super::finish(ctx, &self.flags, "ingresses.networking.k8s.io", obj)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn rules_group_by_host() {
        let (out, err, _) = run("create ingress i --rule='foo.com/*=svc:8080,tls=secret1' --rule='foo.com/admin/=svcadmin:portadmin' --rule='/path=svc:port' --dry-run=client -o json");
        assert_eq!(err, "");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v["spec"]["rules"][0]["http"]["paths"][0]["pathType"],
            "Prefix"
        );
        assert_eq!(
            v["spec"]["rules"][0]["http"]["paths"][1]["backend"]["service"]["port"]["name"],
            "portadmin"
        );
        assert_eq!(v["spec"]["rules"][1].get("host"), None);
        assert_eq!(v["spec"]["tls"][0]["secretName"], "secret1");
    }

    #[test]
    fn errors_match_kubectl() {
        assert_eq!(run("create ingress i").1, "error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)\n");
        assert_eq!(run("create ingress i --rule=foo.com=svc:80").1, "error: rule foo.com=svc:80 is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]\n");
        assert_eq!(
            run("create ingress i --default-backend=svc").1,
            "error: default-backend should be in format servicename:serviceport\n"
        );
        assert_eq!(
            run("create ing i --rule=a.com/=s:80").0,
            "ingress.networking.k8s.io/i created\n"
        );
    }
}
