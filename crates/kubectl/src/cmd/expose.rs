//! `kubectl expose (-f FILE | TYPE NAME)`: a service whose selector, ports and labels are read
//! from a pod, service, deployment, replica set or replication controller, unless given.

use serde_json::{json, Map, Value};

use super::super::error::KError;
use super::super::flags::{flag, string, Args, Flag, Kind};
use super::super::resources::Builder;
use super::super::Ctx;
use super::util::create_flags;
use super::util::generate::{apply_overrides, explicit_namespace, object_meta};
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::meta;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    string("cluster-ip", "", "The service's cluster IP. Empty lets the cluster pick one; 'None' makes a headless service."),
    create_flags::DRY_RUN,
    string("external-ip", "", "An extra IP address, not managed by Kubernetes, on which the service also accepts traffic (useful when that IP is routed to a node)."),
    create_flags::field_manager("kubectl-expose"),
    flag("filename", Some('f'), Kind::Slice, "[]", "Files, directories or URLs naming the objects to expose."),
    create_flags::KUSTOMIZE,
    flag("labels", Some('l'), Kind::Str, "", "Labels for the new service."),
    string("load-balancer-ip", "", "The IP to ask for for a LoadBalancer service. Empty means an ephemeral one (depends on the cloud provider)."),
    string("name", "", "The name of the new service."),
    create_flags::OUTPUT,
    string("override-type", "merge", "How --overrides is applied to the generated object: json, merge or strategic."),
    string("overrides", "", "Inline JSON applied on top of the generated object. The JSON must carry a valid apiVersion."),
    string("port", "", "The port the service listens on. Taken from the exposed object when not given."),
    string("protocol", "", "The protocol of the service's ports. TCP when not given."),
    create_flags::RECURSIVE,
    create_flags::SAVE_CONFIG,
    string("selector", "", "The label selector of the service (equality terms only). When empty it is taken from the exposed object."),
    string("session-affinity", "", "The service's session affinity when not empty: 'None' or 'ClientIP'."),
    create_flags::SHOW_MANAGED_FIELDS,
    string("target-port", "", "The container port (number or name) the service sends traffic to. Optional."),
    create_flags::TEMPLATE,
    string("type", "", "The service type: ClusterIP, NodePort, LoadBalancer or ExternalName. ClusterIP when not given."),
];

pub const LONG: &str = "Expose an object as a new Kubernetes service.

 Finds a deployment, service, replica set, replication controller or pod by name and makes a service that selects the same pods, on the given port. Deployments and replica sets can only be exposed when their selector uses matchLabels alone. Without --port, every port of the object is reused; without --labels, the object's labels are copied.

 Possible resources include (case insensitive):

 pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)";

pub const EXAMPLES: &str =
    "  # A service for the nginx replication controller: port 80, sent to container port 8000
  kubectl expose rc nginx --port=80 --target-port=8000
  
  # The same, for the replication controller described in nginx-controller.yaml
  kubectl expose -f nginx-controller.yaml --port=80 --target-port=8000
  
  # A service called frontend for the pod valid-pod, on port 444
  kubectl expose pod valid-pod --port=444 --name=frontend
  
  # A second service in front of the same pods, port 443 to container port 8443, called nginx-https
  kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https
  
  # A UDP service video-stream on port 4100 for the streamer replication controller
  kubectl expose rc streamer --port=4100 --protocol=UDP --name=video-stream
  
  # A service for the nginx replica set: port 80, sent to container port 8000
  kubectl expose rs nginx --port=80 --target-port=8000
  
  # A service for the nginx deployment: port 80, sent to container port 8000
  kubectl expose deployment nginx --port=80 --target-port=8000";

pub const USAGE: &str = "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]";

/// The selector of the pods behind an object, as a map.
fn selector_of(kind: &str, obj: &Value) -> Result<Value, String> {
    match kind {
        "Pod" => match meta::labels(obj) {
            Some(l) if !l.is_empty() => Ok(Value::Object(l.clone())),
            _ => Err("the pod has no labels and cannot be exposed".into()),
        },
        "Service" => match obj.pointer("/spec/selector").and_then(|s| s.as_object()) {
            Some(s) if !s.is_empty() => Ok(Value::Object(s.clone())),
            _ => Err("the service has no pod selector set".into()),
        },
        "ReplicationController" => {
            match obj.pointer("/spec/selector").and_then(|s| s.as_object()) {
                Some(s) if !s.is_empty() => Ok(Value::Object(s.clone())),
                _ => Err("the replication controller has no selector".into()),
            }
        }
        _ => {
            let sel = obj.pointer("/spec/selector").cloned().unwrap_or(json!({}));
            let exprs = sel
                .get("matchExpressions")
                .and_then(|e| e.as_array())
                .cloned()
                .unwrap_or_default();
            if !exprs.is_empty() {
                return Err(format!(
                    "couldn't convert expressions - \"{}\" to map-based selector format",
                    go_requirements(&exprs)
                ));
            }
            Ok(sel.get("matchLabels").cloned().unwrap_or(json!({})))
        }
    }
}

/// Go's `%v` of []LabelSelectorRequirement: `[{Key:a Operator:In Values:[b]}]`.
fn go_requirements(exprs: &[Value]) -> String {
    let parts: Vec<String> = exprs
        .iter()
        .map(|e| {
            let s = |k: &str| e.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let values: Vec<String> = e
                .get("values")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            format!(
                "{{Key:{} Operator:{} Values:[{}]}}",
                s("key"),
                s("operator"),
                values.join(" ")
            )
        })
        .collect();
    format!("[{}]", parts.join(" "))
}

/// Ports of an object as (port, protocol) in order: container ports, or a service's ports.
fn ports_of(kind: &str, obj: &Value) -> Vec<(String, String)> {
    let containers = match kind {
        "Pod" => obj.pointer("/spec/containers"),
        "Service" => {
            return obj
                .pointer("/spec/ports")
                .and_then(|p| p.as_array())
                .map(|ps| {
                    ps.iter()
                        .map(|p| {
                            (
                                p.get("port").map(|v| v.to_string()).unwrap_or_default(),
                                p.get("protocol")
                                    .and_then(|v| v.as_str())
                                    .unwrap_or("TCP")
                                    .to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
        _ => obj.pointer("/spec/template/spec/containers"),
    };
    let mut out = Vec::new();
    for c in containers
        .and_then(|c| c.as_array())
        .cloned()
        .unwrap_or_default()
    {
        for p in c
            .get("ports")
            .and_then(|p| p.as_array())
            .cloned()
            .unwrap_or_default()
        {
            let port = p
                .get("containerPort")
                .map(|v| v.to_string())
                .unwrap_or_default();
            let proto = p
                .get("protocol")
                .and_then(|v| v.as_str())
                .unwrap_or("TCP")
                .to_string();
            out.push((port, proto));
        }
    }
    out
}

fn parse_selector(s: &str) -> Result<Value, KError> {
    let mut m = Map::new();
    for term in s.split(',').filter(|t| !t.is_empty()) {
        let (k, v) = term
            .split_once("==")
            .or_else(|| term.split_once('='))
            .ok_or_else(|| KError::msg(format!("unexpected label spec: {term}")))?;
        m.insert(k.to_string(), json!(v));
    }
    Ok(Value::Object(m))
}

fn atoi(s: &str) -> Result<i64, KError> {
    s.parse::<i64>()
        .map_err(|_| KError::msg(format!("strconv.Atoi: parsing \"{s}\": invalid syntax")))
}

/// The service for one object, in Go's field order.
fn build(
    args: &Args,
    info: &ResourceInfo,
    obj: &Value,
    namespace: Option<&str>,
) -> Result<Value, KError> {
    let kind = info.kind.as_str();
    let selector = match args.opt("selector").filter(|s| !s.is_empty()) {
        Some(s) => parse_selector(&s)?,
        None => selector_of(kind, obj).map_err(|e| {
            KError::msg(format!(
                "couldn't retrieve selectors via --selector flag or introspection: {e}"
            ))
        })?,
    };
    let introspected = ports_of(kind, obj);
    let port_flag = args.str("port");
    let port_list: Vec<String> = if port_flag.is_empty() {
        introspected.iter().map(|(p, _)| p.clone()).collect()
    } else {
        port_flag.split(',').map(String::from).collect()
    };
    if port_list.is_empty() {
        return Err(KError::msg(
            "couldn't find port via --port flag or introspection",
        ));
    }
    let protocol_flag = args.str("protocol");
    let mut ports: Vec<Value> = Vec::new();
    for (i, p) in port_list.iter().enumerate() {
        let port = atoi(p)?;
        let name = (port_list.len() > 1).then(|| format!("port-{}", i + 1));
        let protos: Vec<&str> = introspected
            .iter()
            .filter(|(ip, _)| ip == p)
            .map(|(_, pr)| pr.as_str())
            .collect();
        let protocol = if !protocol_flag.is_empty() {
            protocol_flag.clone()
        } else if protos.len() > 1 {
            let mut distinct: Vec<&str> = Vec::new();
            for pr in &protos {
                if !distinct.contains(pr) {
                    distinct.push(pr);
                }
            }
            if distinct.len() > 1 {
                for pr in distinct {
                    ports.push(json!({
                        "name": format!("port-{}-{}", i + 1, pr.to_lowercase()),
                        "protocol": pr,
                        "port": port,
                    }));
                }
                continue;
            }
            distinct.first().copied().unwrap_or("TCP").to_string()
        } else {
            protos.first().copied().unwrap_or("TCP").to_string()
        };
        let mut m = Map::new();
        if let Some(n) = name {
            m.insert("name".into(), json!(n));
        }
        m.insert("protocol".into(), json!(protocol));
        m.insert("port".into(), json!(port));
        ports.push(Value::Object(m));
    }
    let target = args.str("target-port");
    for p in &mut ports {
        let tp = if target.is_empty() {
            p.get("port").cloned().unwrap_or(json!(0))
        } else {
            match target.parse::<i64>() {
                Ok(n) => json!(n),
                Err(_) => json!(target),
            }
        };
        if let Some(m) = p.as_object_mut() {
            m.insert("targetPort".into(), tp);
        }
    }
    let mut spec = Map::new();
    spec.insert("ports".into(), Value::Array(ports));
    spec.insert("selector".into(), selector);
    let cluster_ip = args.str("cluster-ip");
    if !cluster_ip.is_empty() {
        spec.insert("clusterIP".into(), json!(cluster_ip));
    }
    let ty = args.str("type");
    if !ty.is_empty() {
        spec.insert("type".into(), json!(ty));
    }
    let external_ip = args.str("external-ip");
    if !external_ip.is_empty() {
        spec.insert("externalIPs".into(), json!([external_ip]));
    }
    let affinity = args.str("session-affinity");
    if !affinity.is_empty() {
        if affinity != "None" && affinity != "ClientIP" {
            return Err(KError::msg(format!("unknown session affinity: {affinity}")));
        }
        spec.insert("sessionAffinity".into(), json!(affinity));
    }
    let lb_ip = args.str("load-balancer-ip");
    if ty == "LoadBalancer" && !lb_ip.is_empty() {
        spec.insert("loadBalancerIP".into(), json!(lb_ip));
    }
    let mut name = args.str("name");
    if name.is_empty() {
        name = meta::name(obj).to_string();
    }
    name.truncate(63);
    let labels = match args.opt("labels").filter(|l| !l.is_empty()) {
        Some(l) => Some(parse_selector(&l)?),
        None => meta::labels(obj)
            .filter(|l| !l.is_empty())
            .map(|l| Value::Object(l.clone())),
    };
    Ok(json!({
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": object_meta(&name, namespace, labels),
        "spec": spec,
        "status": {"loadBalancer": {}},
    }))
}

fn exposable(kind: &str) -> bool {
    matches!(
        kind,
        "Pod" | "Service" | "ReplicationController" | "Deployment" | "ReplicaSet"
    )
}

/// `expose`'s flags, read once. The service's own flags stay by name in `params`, as kubectl
/// hands its generators their flags.
pub struct ExposeOptions {
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    args: Vec<String>,
    flags: create_flags::Opts,
    overrides: String,
    override_type: String,
    params: Args,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    ExposeOptions::complete(ctx, args)?.run(ctx)
}

impl ExposeOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<ExposeOptions, KError> {
        Ok(ExposeOptions {
            flags: create_flags::opts(ctx, args)?,
            filenames: args.list("filename"),
            kustomize: args.str("kustomize"),
            recursive: args.bool("recursive"),
            args: args.positionals.clone(),
            overrides: args.str("overrides"),
            override_type: args.str("override-type"),
            params: args.clone(),
        })
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        // Objects from files are exposed as written; named ones as the server has them.
        let (infos, errors) = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .resource_type_or_name_args(&self.args)
            .names_required_unless(false)
            .visit()?
            .split();
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        let svc_info = ctx.resolve("services")?;
        let explicit = explicit_namespace(ctx);
        // Like kubectl, one object that cannot be exposed does not stop the others.
        let mut failed: Vec<String> = Vec::new();
        let mut printed = 0;
        for info in infos {
            let target = Target {
                namespace: info.namespace.clone().unwrap_or_default(),
                object: match (info.live, info.file) {
                    (Some(live), _) => live,
                    (None, file) => file.map(|f| f.value).unwrap_or_default(),
                },
                info: info.resource,
            };
            let result = self.expose_one(ctx, &svc_info, &target, &explicit, &mut printed);
            if let Err(e) = result {
                failed.push(e.render(&ctx.cmd_path));
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(KError::Raw(failed.concat()))
        }
    }

    fn expose_one(
        &self,
        ctx: &mut Ctx,
        svc_info: &ResourceInfo,
        t: &Target,
        explicit: &Option<String>,
        printed: &mut usize,
    ) -> Result<(), KError> {
        if !exposable(&t.info.kind) {
            return Err(KError::msg(format!("cannot expose a {}", t.info.kind)));
        }
        let mut svc = build(&self.params, &t.info, &t.object, explicit.as_deref())?;
        if !self.overrides.is_empty() {
            apply_overrides(&mut svc, &self.overrides, &self.override_type)?;
        }
        let o = &self.flags;
        let created = create_flags::create(ctx, o, svc_info, Some(&t.namespace), svc, true)?;
        create_flags::yaml_separator(ctx, o, printed);
        create_flags::report(ctx, o, svc_info, &created, "exposed", true)
    }
}

/// One object to expose: its resource, the namespace its service goes to, and the object.
struct Target {
    info: ResourceInfo,
    namespace: String,
    object: Value,
}

#[cfg(test)]
mod tests {
    use crate::testing::{cluster, kubectl};
    use kubeplay_core::fs::MemFs;

    fn setup() -> (kubeplay_cluster::Cluster, MemFs) {
        let mut fs = MemFs::new().with_file(
            "objs.json",
            r#"{"apiVersion":"v1","kind":"List","items":[
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1"}},
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nolabels"},"spec":{"containers":[{"name":"c","image":"nginx"}]}},
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"noport","labels":{"app":"np"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}},
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"withport","labels":{"app":"wp","tier":"x"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80,"name":"http"},{"containerPort":443,"protocol":"TCP"}]},{"name":"d","image":"nginx","ports":[{"containerPort":53,"protocol":"UDP"}]}]}},
{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"expr"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"e"},"matchExpressions":[{"key":"a","operator":"In","values":["b"]}]},"template":{"metadata":{"labels":{"app":"e","a":"b"}},"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}}
]}"#,
        );
        let mut c = cluster();
        let (_, err, _) = kubectl(&mut c, &mut fs, "create -f objs.json");
        assert_eq!(err, "");
        (c, fs)
    }

    #[test]
    fn selectors_ports_and_errors_match_kubectl() {
        let (mut c, mut fs) = setup();
        let mut k = |l: &str| kubectl(&mut c, &mut fs, l);
        assert_eq!(k("expose pod nolabels --port=80").1, "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\n");
        assert_eq!(
            k("expose pod noport").1,
            "error: couldn't find port via --port flag or introspection\n"
        );
        assert_eq!(k("expose deployment expr --port=80").1, "error: couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - \"[{Key:a Operator:In Values:[b]}]\" to map-based selector format\n");
        assert_eq!(
            k("expose pod nope").1,
            "Error from server (NotFound): pods \"nope\" not found\n"
        );
        assert_eq!(
            k("expose pod").1,
            "error: resource(s) were provided, but no name was specified\n"
        );
        assert_eq!(
            k("expose pod noport --port=abc").1,
            "error: strconv.Atoi: parsing \"abc\": invalid syntax\n"
        );
        let (out, err, _) =
            k("expose pod withport --dry-run=client -o json --name=wp2 --type=NodePort");
        assert_eq!(err, "");
        assert_eq!(out, "{\n    \"kind\": \"Service\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"wp2\",\n        \"creationTimestamp\": null,\n        \"labels\": {\n            \"app\": \"wp\",\n            \"tier\": \"x\"\n        }\n    },\n    \"spec\": {\n        \"ports\": [\n            {\n                \"name\": \"port-1\",\n                \"protocol\": \"TCP\",\n                \"port\": 80,\n                \"targetPort\": 80\n            },\n            {\n                \"name\": \"port-2\",\n                \"protocol\": \"TCP\",\n                \"port\": 443,\n                \"targetPort\": 443\n            },\n            {\n                \"name\": \"port-3\",\n                \"protocol\": \"UDP\",\n                \"port\": 53,\n                \"targetPort\": 53\n            }\n        ],\n        \"selector\": {\n            \"app\": \"wp\",\n            \"tier\": \"x\"\n        },\n        \"type\": \"NodePort\"\n    },\n    \"status\": {\n        \"loadBalancer\": {}\n    }\n}\n");
        assert_eq!(k("expose pod withport").0, "service/withport exposed\n");
        assert_eq!(
            k("expose pod withport").1,
            "Error from server (AlreadyExists): services \"withport\" already exists\n"
        );
        assert_eq!(
            k("expose configmap cm1").1,
            "error: cannot expose a ConfigMap\n"
        );
    }
}
