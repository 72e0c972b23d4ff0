//! `kubectl cluster-info`: where the control plane and the cluster services (labelled
//! `kubernetes.io/cluster-service=true` in kube-system) answer. Plain text: kubectl colours it
//! only on a terminal.

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::Ctx;
use kubeplay_core::api::ApiRequest;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Show where the control plane and the services labelled kubernetes.io/cluster-service=true are running.

 For more detail when debugging, 'kubectl cluster-info dump' collects the state of the cluster.";
pub const EXAMPLES: &str = "  # Where the control plane and the cluster services run
  kubectl cluster-info";
pub const USAGE: &str = "kubectl cluster-info [flags] [options]";

/// The API server address kubectl is talking to.
fn host(ctx: &Ctx) -> String {
    if let Some(s) = ctx.globals.opt("server").filter(|s| !s.is_empty()) {
        return s;
    }
    let context = ctx.globals.opt("context");
    ctx.kubeconfig()
        .ok()
        .and_then(|kc| kc.server_of_context(context.as_deref()))
        .unwrap_or_else(|| "http://localhost:8080".to_string())
}

fn service_link(host: &str, svc: &Value) -> String {
    let s = |p: &str| svc.pointer(p).and_then(|v| v.as_str()).unwrap_or("");
    let ports: Vec<Value> = svc
        .pointer("/spec/ports")
        .and_then(|p| p.as_array())
        .cloned()
        .unwrap_or_default();
    if let Some(ingress) = svc
        .pointer("/status/loadBalancer/ingress/0")
        .filter(|i| i.is_object())
    {
        let ip = ingress
            .get("ip")
            .and_then(|v| v.as_str())
            .filter(|v| !v.is_empty())
            .or_else(|| ingress.get("hostname").and_then(|v| v.as_str()))
            .unwrap_or("");
        return ports
            .iter()
            .map(|p| {
                format!(
                    "http://{ip}:{} ",
                    p.get("port").and_then(|v| v.as_i64()).unwrap_or(0)
                )
            })
            .collect();
    }
    let name = s("/metadata/name");
    let mut target = name.to_string();
    if let Some(p) = ports.first() {
        let port_name = p.get("name").and_then(|v| v.as_str()).unwrap_or("");
        let https = port_name == "https" || p.get("port").and_then(|v| v.as_i64()) == Some(443);
        target = match (https, port_name.is_empty()) {
            (true, _) => format!("https:{name}:{port_name}"),
            (false, false) => format!("{name}:{port_name}"),
            (false, true) => name.to_string(),
        };
    }
    format!(
        "{host}/api/v1/namespaces/{}/services/{target}/proxy",
        s("/metadata/namespace")
    )
}

/// `cluster-info` has no flags of its own: it needs the address kubectl talks to.
pub struct ClusterInfoOptions {
    host: String,
}

pub fn run(ctx: &mut Ctx, _args: &Args) -> Result<(), KError> {
    let o = ClusterInfoOptions::complete(ctx);
    o.validate()?;
    o.run(ctx)
}

impl ClusterInfoOptions {
    pub fn complete(ctx: &Ctx) -> ClusterInfoOptions {
        ClusterInfoOptions { host: host(ctx) }
    }

    /// kubectl takes any arguments here and ignores them.
    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let list = ctx.call(
            ApiRequest::get("/api/v1/namespaces/kube-system/services")
                .with_query("labelSelector", "kubernetes.io/cluster-service=true"),
        )?;
        let mut text = format!("Kubernetes control plane is running at {}\n", self.host);
        for svc in list
            .get("items")
            .and_then(|i| i.as_array())
            .into_iter()
            .flatten()
        {
            text.push_str(&format!(
                "{} is running at {}\n",
                display_name(svc),
                service_link(&self.host, svc)
            ));
        }
        text.push_str(
            "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
        );
        ctx.print(text);
        Ok(())
    }
}

/// A cluster service's `kubernetes.io/name` label, else its name.
fn display_name(svc: &Value) -> &str {
    svc.pointer("/metadata/labels/kubernetes.io~1name")
        .and_then(|v| v.as_str())
        .filter(|n| !n.is_empty())
        .or_else(|| svc.pointer("/metadata/name").and_then(|v| v.as_str()))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn control_plane_and_cluster_services() {
        use crate::{run_line, Session};
        use kubeplay_core::api::{ApiRequest, Method, Transport};
        use kubeplay_core::fs::MemFs;

        let mut c = crate::testing::cluster();
        for (path, body) in [
            (
                "/api/v1/namespaces",
                r#"{"metadata":{"name":"kube-system"}}"#,
            ),
            (
                "/api/v1/namespaces/kube-system/services",
                r#"{"metadata":{"name":"kube-dns","labels":{"kubernetes.io/cluster-service":"true","kubernetes.io/name":"CoreDNS"}},
                   "spec":{"clusterIP":"10.96.0.10","ports":[{"name":"dns","port":53,"protocol":"UDP"}]}}"#,
            ),
        ] {
            // Either call may find the object already there on a fuller profile.
            let _ = c.call(ApiRequest::new(Method::Post, path).with_body(body));
        }
        let mut session = Session::new(
            r#"{"apiVersion":"v1","kind":"Config","clusters":[{"name":"minikube","cluster":{"server":"https://192.168.49.2:8443"}}],
                "contexts":[{"name":"minikube","context":{"cluster":"minikube","user":"minikube"}}],"current-context":"minikube"}"#,
        );
        let mut fs = MemFs::new();
        let out = run_line(&mut session, "kubectl cluster-info", &mut c, &mut fs, None);
        assert_eq!(
            out.stdout(),
            "Kubernetes control plane is running at https://192.168.49.2:8443\n\
             CoreDNS is running at https://192.168.49.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\
             \n\
             To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
        );
    }

    #[test]
    fn kube_dns_link() {
        let svc = json!({"metadata": {"name": "kube-dns", "namespace": "kube-system"},
            "spec": {"ports": [{"name": "dns", "port": 53}, {"name": "dns-tcp", "port": 53}]}});
        assert_eq!(
            service_link("https://192.168.49.2:8443", &svc),
            "https://192.168.49.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy"
        );
    }
}

pub mod dump;

pub static SUBCOMMANDS: &[crate::Command] = &[crate::Command {
    name: "dump",
    aliases: &[],
    short: "Dump relevant information for debugging and diagnosis",
    usage: dump::USAGE,
    long: dump::LONG,
    examples: dump::EXAMPLES,
    flags: dump::FLAGS,
    run: dump::run,
    subcommands: &[],
}];
