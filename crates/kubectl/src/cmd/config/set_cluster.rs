//! `kubectl config set-cluster NAME`: create a cluster entry or change its fields.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, string, Args, Flag};
use super::super::super::kubeconfig::Section;
use super::super::super::Ctx;
use super::set_context::put;

pub const FLAGS: &[Flag] = &[
    string(
        "certificate-authority",
        "",
        "Path to certificate-authority file for the cluster entry in kubeconfig",
    ),
    boolean(
        "embed-certs",
        "embed-certs for the cluster entry in kubeconfig",
    ),
    boolean(
        "insecure-skip-tls-verify",
        "insecure-skip-tls-verify for the cluster entry in kubeconfig",
    ),
    string(
        "proxy-url",
        "",
        "proxy-url for the cluster entry in kubeconfig",
    ),
    string("server", "", "server for the cluster entry in kubeconfig"),
    string(
        "tls-server-name",
        "",
        "tls-server-name for the cluster entry in kubeconfig",
    ),
];
pub const LONG: &str = "Create or change a cluster entry in the kubeconfig.

 When the cluster already exists, only the fields given as flags change; the others keep their values.";
pub const EXAMPLES: &str = "  # Change only the server of the e2e cluster
  kubectl config set-cluster e2e --server=https://1.2.3.4
  
  # Embed the certificate authority data of the e2e cluster
  kubectl config set-cluster e2e --embed-certs --certificate-authority=~/.kube/e2e/kubernetes.ca.crt
  
  # Stop checking the certificate of the e2e cluster
  kubectl config set-cluster e2e --insecure-skip-tls-verify=true
  
  # Use a custom TLS server name for the e2e cluster
  kubectl config set-cluster e2e --tls-server-name=my-cluster-name
  
  # Reach the e2e cluster through a proxy
  kubectl config set-cluster e2e --proxy-url=https://1.2.3.4";
pub const USAGE: &str = "kubectl config set-cluster NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com] [options]";

fn remove(body: &mut Value, key: &str) {
    if let Some(m) = body.as_object_mut() {
        m.shift_remove(key);
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let [name] = args.positionals.as_slice() else {
        return Err(super::unexpected_args(
            ctx,
            "set-cluster",
            &args.positionals,
        ));
    };
    let (mut kc, _) = super::load(ctx)?;
    let mut body = kc
        .entry(Section::Clusters, name)
        .unwrap_or_else(|| json!({}));
    for flag in ["server", "tls-server-name", "proxy-url"] {
        if args.is_set(flag) {
            put(&mut body, flag, Value::String(args.str(flag)));
        }
    }
    if args.is_set("insecure-skip-tls-verify") {
        let on = args.bool("insecure-skip-tls-verify");
        put(&mut body, "insecure-skip-tls-verify", Value::Bool(on));
        if on {
            remove(&mut body, "certificate-authority");
            remove(&mut body, "certificate-authority-data");
        }
    }
    if args.is_set("certificate-authority") {
        let path = args.str("certificate-authority");
        if args.bool("embed-certs") {
            let data = ctx.fs.read(&path).map_err(|_| {
                KError::msg(format!(
                    "could not stat certificate-authority file {path}: stat {path}: no such file or directory"
                ))
            })?;
            put(
                &mut body,
                "certificate-authority-data",
                Value::String(super::base64_encode(data.as_bytes())),
            );
            remove(&mut body, "certificate-authority");
        } else {
            put(
                &mut body,
                "certificate-authority",
                Value::String(path.clone()),
            );
            if !path.is_empty() {
                remove(&mut body, "insecure-skip-tls-verify");
                remove(&mut body, "certificate-authority-data");
            }
        }
    }
    kc.set_entry(Section::Clusters, name, body);
    super::save(ctx, kc)?;
    ctx.print(format!("Cluster \"{name}\" set.\n"));
    Ok(())
}
