//! `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME --tcp=port[:target]`.

use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{flag, string, Args, Flag, Kind};
use super::super::super::{Command, Ctx};
use super::super::util::create_flags;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Create a service of one of the types below.";
pub const EXAMPLES: &str = "";
pub const USAGE: &str = "kubectl create service [flags] [options]";

/// `kubectl create service` alone: the help on stderr, exit 1, as kubectl does.
pub fn run(_ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    super::parent_run(args, "service")
}

const TCP: Flag = flag(
    "tcp",
    None,
    Kind::Slice,
    "[]",
    "Ports, each as '<port>:<targetPort>' (or just '<port>' to forward to the same port).",
);

macro_rules! flags_with {
    ($($extra:expr),*) => {
        &[
            create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
            $($extra,)*
            create_flags::DRY_RUN,
            create_flags::field_manager("kubectl-create"),
            create_flags::OUTPUT,
            create_flags::SAVE_CONFIG,
            create_flags::SHOW_MANAGED_FIELDS,
            TCP,
            create_flags::TEMPLATE,
            create_flags::VALIDATE,
        ]
    };
}

const CLUSTERIP_FLAGS: &[Flag] = flags_with!(string(
    "clusterip",
    "",
    "The cluster IP to ask for, or 'None' for a headless service (no load balancing)."
));
const LOADBALANCER_FLAGS: &[Flag] = flags_with!();
const NODEPORT_FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    flag(
        "node-port",
        None,
        Kind::Int,
        "0",
        "The port opened on every node of the cluster for this service.",
    ),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    TCP,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];
const EXTERNALNAME_FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    string("external-name", "", "The DNS name the service points to."),
    create_flags::field_manager("kubectl-create"),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    TCP,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

pub const SUBCOMMANDS: &[Command] = &[
    Command {
        name: "clusterip",
        aliases: &[],
        short: "Create a ClusterIP service",
        usage: "kubectl create service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]",
        long: "Create a ClusterIP service with the given name.",
        examples: "  # A ClusterIP service my-cs sending port 5678 to port 8080 of its pods
  kubectl create service clusterip my-cs --tcp=5678:8080
  
  # A headless service (no cluster IP) called my-cs
  kubectl create service clusterip my-cs --clusterip=\"None\"",
        flags: CLUSTERIP_FLAGS,
        run: run_clusterip,
        subcommands: &[],
    },
    Command {
        name: "externalname",
        aliases: &[],
        short: "Create an ExternalName service",
        usage: "kubectl create service externalname NAME --external-name external.name [--dry-run=server|client|none] [options]",
        long: "Create an ExternalName service with the given name.

 Such a service is only a DNS alias (CNAME) for an outside name, so that pods can reach something off the cluster, or in another one, under a service name.",
        examples: "  # A service my-ns that resolves to bar.com
  kubectl create service externalname my-ns --external-name bar.com",
        flags: EXTERNALNAME_FLAGS,
        run: run_externalname,
        subcommands: &[],
    },
    Command {
        name: "loadbalancer",
        aliases: &[],
        short: "Create a LoadBalancer service",
        usage: "kubectl create service loadbalancer NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
        long: "Create a LoadBalancer service with the given name.",
        examples: "  # A LoadBalancer service my-lbs sending port 5678 to port 8080 of its pods
  kubectl create service loadbalancer my-lbs --tcp=5678:8080",
        flags: LOADBALANCER_FLAGS,
        run: run_loadbalancer,
        subcommands: &[],
    },
    Command {
        name: "nodeport",
        aliases: &[],
        short: "Create a NodePort service",
        usage: "kubectl create service nodeport NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
        long: "Create a NodePort service with the given name.",
        examples: "  # A NodePort service my-ns sending port 5678 to port 8080 of its pods
  kubectl create service nodeport my-ns --tcp=5678:8080",
        flags: NODEPORT_FLAGS,
        run: run_nodeport,
        subcommands: &[],
    },
];

/// `port[:target]` -> (port, target). The target is a number or a port name.
pub fn parse_port(spec: &str) -> Result<(i64, Value), KError> {
    // kubectl reads only the first two ':'-separated parts (`80:8080:9` is 80 -> 8080).
    let mut parts = spec.split(':');
    let port_s = parts.next().unwrap_or("");
    let target_s = parts.next().unwrap_or("");
    let port = parse_uint16(port_s)?;
    if target_s.is_empty() {
        return Ok((port, json!(port)));
    }
    match target_s.parse::<i64>() {
        Ok(n) if (1..=65535).contains(&n) => Ok((port, json!(n))),
        Ok(_) => Err(KError::msg("must be between 1 and 65535, inclusive")),
        Err(_) => {
            port_name_errors(target_s)?;
            Ok((port, json!(target_s)))
        }
    }
}

fn parse_uint16(s: &str) -> Result<i64, KError> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(KError::msg(format!(
            "strconv.ParseUint: parsing \"{s}\": invalid syntax"
        )));
    }
    match s.parse::<i64>() {
        Ok(n) if n <= 65535 => Ok(n),
        _ => Err(KError::msg(format!(
            "strconv.ParseUint: parsing \"{s}\": value out of range"
        ))),
    }
}

/// The IANA service name rules the API applies to named ports.
fn port_name_errors(name: &str) -> Result<(), KError> {
    let mut errs: Vec<&str> = Vec::new();
    if name.len() > 15 {
        errs.push("must be no more than 15 characters");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if !name.chars().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)");
    }
    if name.contains("--") {
        errs.push("must not contain consecutive hyphens");
    }
    if name.starts_with('-') || name.ends_with('-') {
        errs.push("must not begin or end with a hyphen");
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(KError::msg(errs.join(",")))
    }
}

/// `create service <type>`'s NAME and flags, read once; the flags of other types stay empty.
pub struct CreateServiceOptions {
    name: String,
    namespace: Option<String>,
    ty: &'static str,
    tcp: Vec<String>,
    cluster_ip: String,
    node_port: i64,
    external_name: String,
    flags: create_flags::Opts,
}

fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !part.starts_with('-')
                && !part.ends_with('-')
        })
}

fn generate(ctx: &mut Ctx, args: &Args, ty: &'static str) -> Result<(), KError> {
    let o = CreateServiceOptions::complete(ctx, args, ty)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateServiceOptions {
    pub fn complete(
        ctx: &mut Ctx,
        args: &Args,
        ty: &'static str,
    ) -> Result<CreateServiceOptions, KError> {
        if ty == "ExternalName" {
            args.require(&["external-name"])?;
        }
        let name = super::one_name(args)?;
        let flags = create_flags::opts(ctx, args)?;
        let only = |t: &str, flag: &str| {
            if ty == t {
                args.str(flag)
            } else {
                String::new()
            }
        };
        Ok(CreateServiceOptions {
            name,
            namespace: super::explicit_namespace(ctx),
            ty,
            tcp: args.list("tcp"),
            cluster_ip: only("ClusterIP", "clusterip"),
            node_port: if ty == "NodePort" {
                args.int("node-port")
            } else {
                0
            },
            external_name: only("ExternalName", "external-name"),
            flags,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        let ty = self.ty;
        if self.tcp.is_empty() && ty != "ExternalName" && self.cluster_ip != "None" {
            return Err(KError::msg(
                "at least one tcp port specifier must be provided",
            ));
        }
        if ty == "ExternalName" && !is_dns1123_subdomain(&self.external_name) {
            return Err(KError::msg(format!(
                "invalid service external name {}",
                self.external_name
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let obj = self.build()?;
        super::finish(ctx, &self.flags, "services", obj)
    }

    /// A Service in Go's field order: spec ports, selector, clusterIP, type, externalName.
    fn build(&self) -> Result<Value, KError> {
        let mut ports: Vec<Value> = Vec::new();
        for spec in &self.tcp {
            let (port, target) = parse_port(spec)?;
            let mut m = Map::new();
            m.insert("name".into(), json!(spec.replace(':', "-")));
            m.insert("protocol".into(), json!("TCP"));
            m.insert("port".into(), json!(port));
            m.insert("targetPort".into(), target);
            if self.node_port > 0 {
                m.insert("nodePort".into(), json!(self.node_port));
            }
            ports.push(Value::Object(m));
        }
        let labels = json!({"app": self.name});
        let mut spec = Map::new();
        if !ports.is_empty() {
            spec.insert("ports".into(), Value::Array(ports));
        }
        spec.insert("selector".into(), labels.clone());
        if !self.cluster_ip.is_empty() {
            spec.insert("clusterIP".into(), json!(self.cluster_ip));
        }
        spec.insert("type".into(), json!(self.ty));
        if !self.external_name.is_empty() {
            spec.insert("externalName".into(), json!(self.external_name));
        }
        Ok(json!({
            "kind": "Service",
            "apiVersion": "v1",
            "metadata": super::object_meta(&self.name, self.namespace.as_deref(), Some(labels)),
            "spec": spec,
            "status": {"loadBalancer": {}},
        }))
    }
}

fn run_clusterip(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    generate(ctx, args, "ClusterIP")
}
fn run_nodeport(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    generate(ctx, args, "NodePort")
}
fn run_loadbalancer(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    generate(ctx, args, "LoadBalancer")
}
fn run_externalname(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    generate(ctx, args, "ExternalName")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::run;

    #[test]
    fn ports() {
        assert_eq!(parse_port("80:8080").ok(), Some((80, json!(8080))));
        assert_eq!(parse_port("80").ok(), Some((80, json!(80))));
        assert_eq!(parse_port("80:http").ok(), Some((80, json!("http"))));
        let e = |s: &str| parse_port(s).err().map(|e| e.render(""));
        assert_eq!(
            e("abc"),
            Some("error: strconv.ParseUint: parsing \"abc\": invalid syntax\n".into())
        );
        assert_eq!(
            e("70000"),
            Some("error: strconv.ParseUint: parsing \"70000\": value out of range\n".into())
        );
        assert_eq!(
            e("80:70000"),
            Some("error: must be between 1 and 65535, inclusive\n".into())
        );
        assert_eq!(
            e("80:a_b"),
            Some(
                "error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)\n"
                    .into()
            )
        );
    }

    #[test]
    fn clusterip_json_matches_kubectl() {
        let (out, err, _) =
            run("create service clusterip x --tcp=80:8080 --dry-run=client -o json");
        assert_eq!(err, "");
        assert_eq!(out, "{\n    \"kind\": \"Service\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"x\",\n        \"creationTimestamp\": null,\n        \"labels\": {\n            \"app\": \"x\"\n        }\n    },\n    \"spec\": {\n        \"ports\": [\n            {\n                \"name\": \"80-8080\",\n                \"protocol\": \"TCP\",\n                \"port\": 80,\n                \"targetPort\": 8080\n            }\n        ],\n        \"selector\": {\n            \"app\": \"x\"\n        },\n        \"type\": \"ClusterIP\"\n    },\n    \"status\": {\n        \"loadBalancer\": {}\n    }\n}\n");
    }

    #[test]
    fn created_and_errors() {
        assert_eq!(
            run("create svc nodeport np --tcp=80:8080 --node-port=30080").0,
            "service/np created\n"
        );
        assert_eq!(
            run("create service clusterip x").1,
            "error: at least one tcp port specifier must be provided\n"
        );
        assert_eq!(
            run("create service externalname x").1,
            "error: required flag(s) \"external-name\" not set\n"
        );
        assert_eq!(
            run("create service externalname x --external-name=A_B").1,
            "error: invalid service external name A_B\n"
        );
        assert_eq!(run("create service clusterip").1, "error: exactly one NAME is required, got 0\nSee 'kubectl create service clusterip -h' for help and examples\n");
    }
}
