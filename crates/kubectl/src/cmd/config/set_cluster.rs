//! `kubectl config set-cluster NAME`: create a cluster entry or change its fields.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, string, Args, Flag};
use super::super::super::kubeconfig::{Kubeconfig, Section};
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

/// `config set-cluster`'s NAME and flags, and the kubeconfig it changes. A string flag is
/// `Some` when given, even empty.
pub struct SetClusterOptions {
    name: String,
    server: Option<String>,
    tls_server_name: Option<String>,
    proxy_url: Option<String>,
    insecure_skip_tls_verify: Option<bool>,
    certificate_authority: Option<String>,
    embed_certs: bool,
    kc: Kubeconfig,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = SetClusterOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl SetClusterOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<SetClusterOptions, KError> {
        let [name] = args.positionals.as_slice() else {
            return Err(super::unexpected_args(
                ctx,
                "set-cluster",
                &args.positionals,
            ));
        };
        let (kc, _) = super::load(ctx)?;
        Ok(SetClusterOptions {
            name: name.clone(),
            server: args.opt("server"),
            tls_server_name: args.opt("tls-server-name"),
            proxy_url: args.opt("proxy-url"),
            insecure_skip_tls_verify: args
                .is_set("insecure-skip-tls-verify")
                .then(|| args.bool("insecure-skip-tls-verify")),
            certificate_authority: args.opt("certificate-authority"),
            embed_certs: args.bool("embed-certs"),
            kc,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let name = &self.name;
        let mut kc = self.kc.clone();
        let mut body = kc
            .entry(Section::Clusters, name)
            .unwrap_or_else(|| json!({}));
        for (flag, given) in [
            ("server", &self.server),
            ("tls-server-name", &self.tls_server_name),
            ("proxy-url", &self.proxy_url),
        ] {
            if let Some(v) = given {
                put(&mut body, flag, Value::String(v.clone()));
            }
        }
        if let Some(on) = self.insecure_skip_tls_verify {
            put(&mut body, "insecure-skip-tls-verify", Value::Bool(on));
            if on {
                remove(&mut body, "certificate-authority");
                remove(&mut body, "certificate-authority-data");
            }
        }
        if let Some(path) = &self.certificate_authority {
            self.set_certificate_authority(ctx, &mut body, path)?;
        }
        kc.set_entry(Section::Clusters, name, body);
        super::save(ctx, kc)?;
        ctx.print(format!("Cluster \"{name}\" set.\n"));
        Ok(())
    }

    /// --certificate-authority as a path, or embedded with --embed-certs.
    fn set_certificate_authority(
        &self,
        ctx: &Ctx,
        body: &mut Value,
        path: &str,
    ) -> Result<(), KError> {
        if self.embed_certs {
            let data = ctx.fs.read(path).map_err(|_| {
                KError::msg(format!(
                    "could not stat certificate-authority file {path}: stat {path}: no such file or directory"
                ))
            })?;
            put(
                body,
                "certificate-authority-data",
                Value::String(super::base64_encode(data.as_bytes())),
            );
            remove(body, "certificate-authority");
        } else {
            put(
                body,
                "certificate-authority",
                Value::String(path.to_string()),
            );
            if !path.is_empty() {
                remove(body, "insecure-skip-tls-verify");
                remove(body, "certificate-authority-data");
            }
        }
        Ok(())
    }
}
