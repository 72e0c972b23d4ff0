//! The `minikube` command on the minikube profile, for what courses type next to kubectl:
//! `addons enable|disable metrics-server` (the addon's ServiceAccount, Service and Deployment in
//! kube-system, with minikube's own lines), `ip`, `status` and `service NAME [--url]` (`service.rs`)
//! (`minikube kubectl -- ARGS` is kubectl itself, which the playground runs).

mod service;

use serde_json::{json, Value};

use crate::Cluster;
use kubeplay_api::{ApiRequest, Method, Transport};
use kubeplay_core::output::Output;

const METRICS_SERVER_IMAGE: &str = "registry.k8s.io/metrics-server/metrics-server:v0.7.2";

fn not_here(args: &[String]) -> Output {
    let mut o = Output::new();
    o.err(format!(
        "error: \"minikube {}\" is not available in kubeplay yet\n",
        args.join(" ")
    ));
    o.exit_code = 1;
    o
}

impl Cluster {
    /// `minikube ARGS`: None on other profiles (the shell then has no such command).
    pub fn minikube(&mut self, args: &[String]) -> Option<Output> {
        if self.profile.name != "minikube" {
            return None;
        }
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        Some(match words.as_slice() {
            ["ip"] => {
                let mut o = Output::new();
                o.out(format!("{}\n", self.profile.node_ip));
                o
            }
            ["status"] => {
                let mut o = Output::new();
                o.out(format!(
                    "{}\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\n",
                    self.profile.node_name
                ));
                o
            }
            ["addons", "enable", "metrics-server"] => self.enable_metrics_server(),
            ["addons", "disable", "metrics-server"] => self.disable_metrics_server(),
            ["service", rest @ ..] => match service::parse(rest) {
                Some(w) => self.service(&w),
                None => not_here(args),
            },
            _ => not_here(args),
        })
    }

    fn post(&mut self, path: &str, obj: Value) {
        let req = ApiRequest::new(Method::Post, path).with_body(obj.to_string());
        let _ = self.call(req);
    }

    fn enable_metrics_server(&mut self) -> Output {
        let labels = json!({"k8s-app": "metrics-server", "addonmanager.kubernetes.io/mode": "Reconcile",
            "kubernetes.io/minikube-addons": "metrics-server"});
        self.post(
            "/api/v1/namespaces/kube-system/serviceaccounts",
            json!({"apiVersion": "v1", "kind": "ServiceAccount",
                   "metadata": {"name": "metrics-server", "namespace": "kube-system", "labels": labels}}),
        );
        self.post(
            "/api/v1/namespaces/kube-system/services",
            json!({"apiVersion": "v1", "kind": "Service",
                "metadata": {"name": "metrics-server", "namespace": "kube-system", "labels": {
                    "addonmanager.kubernetes.io/mode": "Reconcile", "kubernetes.io/minikube-addons": "metrics-server",
                    "kubernetes.io/minikube-addons-endpoint": "metrics-server", "kubernetes.io/name": "Metrics-server"}},
                "spec": {"selector": {"k8s-app": "metrics-server"},
                    "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": "https"}]}}),
        );
        self.post(
            "/apis/apps/v1/namespaces/kube-system/deployments",
            json!({"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "metrics-server", "namespace": "kube-system", "labels": labels},
                "spec": {"selector": {"matchLabels": {"k8s-app": "metrics-server"}},
                    "template": {"metadata": {"name": "metrics-server", "labels": {"k8s-app": "metrics-server"}},
                        "spec": {"serviceAccountName": "metrics-server",
                            "volumes": [{"name": "tmp-dir", "emptyDir": {}}],
                            "containers": [{"name": "metrics-server", "image": METRICS_SERVER_IMAGE,
                                "imagePullPolicy": "IfNotPresent",
                                "args": ["--cert-dir=/tmp", "--secure-port=4443",
                                    "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                                    "--kubelet-use-node-status-port", "--metric-resolution=60s",
                                    "--kubelet-insecure-tls"],
                                "ports": [{"name": "https", "containerPort": 4443, "protocol": "TCP"}],
                                "resources": {"requests": {"cpu": "100m", "memory": "200Mi"}},
                                "volumeMounts": [{"name": "tmp-dir", "mountPath": "/tmp"}]}]}}}}),
        );
        let mut o = Output::new();
        o.out(format!(
            "💡  metrics-server is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.\n\
             You can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS\n\
             \u{20}   ▪ Using image {METRICS_SERVER_IMAGE}\n\
             🌟  The 'metrics-server' addon is enabled\n"
        ));
        o
    }

    fn disable_metrics_server(&mut self) -> Output {
        for path in [
            "/apis/apps/v1/namespaces/kube-system/deployments/metrics-server",
            "/api/v1/namespaces/kube-system/services/metrics-server",
            "/api/v1/namespaces/kube-system/serviceaccounts/metrics-server",
        ] {
            let _ = self.call(ApiRequest::new(Method::Delete, path));
        }
        let mut o = Output::new();
        o.out("🌑  \"The 'metrics-server' addon is disabled\"\n");
        o
    }
}
