//! Cluster profiles (minikube, k3s, kind) as data: what a fresh cluster holds, its nodes and the
//! kubeconfig kubectl starts with. The objects live in JSON files next to this one.

mod boot;
mod policy;

use kubeplay_api::ApiServer;
use kubeplay_core::clock::Time;
pub use kubeplay_sim::Runtime;
use kubeplay_sim::{Node, Sim};

#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    /// The control plane's node (the only one, but on kind, whose workers are Nodes in the data).
    pub node_name: String,
    /// The node's InternalIP, also the address of host-network pods.
    pub node_ip: String,
    /// The node's pod CIDR; new pods on it get addresses from `first_pod_ip` on (pods on other
    /// nodes, from their Node's `podCIDR`).
    pub pod_cidr: String,
    pub first_pod_ip: String,
    /// The Service CIDR cluster IPs are allocated from.
    pub service_cidr: String,
    pub runtime: Runtime,
    /// Whether LoadBalancer Services get the node's IP (k3s's ServiceLB) or stay `<pending>`.
    pub service_lb: bool,
    /// Whether the network plugin enforces NetworkPolicies: k3s's embedded network policy
    /// controller does, kind's kindnet does since kind v0.24 (this is v0.26), minikube's
    /// default bridge does not.
    pub network_policy: bool,
    /// The kubeconfig kubectl starts with, as YAML.
    pub kubeconfig: String,
    /// Who that kubeconfig's client certificate says its user is: CN and O (the group).
    pub admin: (&'static str, &'static str),
    /// What `cluster-info` prints as the control plane's address.
    pub server_url: String,
    pub git_version: String,
    pub git_commit: String,
    pub build_date: String,
    /// How long before `now` the cluster booted: `kubectl get all` then shows `5m`.
    pub boot_age: i64,
    /// The objects of a fresh cluster (JSON, see `boot.rs` for the placeholders it may use).
    data: &'static str,
}

impl Profile {
    pub fn by_name(name: &str) -> Option<Profile> {
        match name {
            "minikube" => Some(Profile::minikube()),
            "k3s" => Some(Profile::k3s()),
            "kind" => Some(Profile::kind()),
            _ => None,
        }
    }

    pub fn minikube() -> Profile {
        Profile {
            name: "minikube".into(),
            node_name: "minikube".into(),
            node_ip: "192.168.49.2".into(),
            pod_cidr: "10.244.0.0/24".into(),
            first_pod_ip: "10.244.0.3".into(),
            service_cidr: "10.96.0.0/12".into(),
            runtime: Runtime::Docker,
            service_lb: false,
            network_policy: false,
            kubeconfig: include_str!("minikube-kubeconfig.yaml").into(),
            admin: ("minikube-user", "system:masters"),
            server_url: "https://192.168.49.2:8443".into(),
            git_version: "v1.32.0".into(),
            git_commit: "70d3cc986aa8221cd1dfb1121852688902d3bf53".into(),
            build_date: "2024-12-11T17:59:15Z".into(),
            boot_age: 294,
            data: include_str!("minikube.json"),
        }
    }

    pub fn k3s() -> Profile {
        Profile {
            name: "k3s".into(),
            node_name: "k3s-server".into(),
            node_ip: "192.168.64.2".into(),
            pod_cidr: "10.42.0.0/24".into(),
            first_pod_ip: "10.42.0.9".into(),
            service_cidr: "10.43.0.0/16".into(),
            runtime: Runtime::Containerd,
            service_lb: true,
            network_policy: true,
            kubeconfig: include_str!("k3s-kubeconfig.yaml").into(),
            admin: ("system:admin", "system:masters"),
            server_url: "https://127.0.0.1:6443".into(),
            git_version: "v1.32.0+k3s1".into(),
            git_commit: "a5a3a6a9e5ac4a8d1fa42e5b8f5e3a0c5a1b2d3c".into(),
            build_date: "2024-12-14T04:21:42Z".into(),
            boot_age: 294,
            data: include_str!("k3s.json"),
        }
    }

    /// A three-node kind cluster (`kind create cluster` with two workers, kind v0.26.0 and its
    /// `kindest/node:v1.32.0` image): the control plane keeps its NoSchedule taint, kindnet and
    /// kube-proxy run on every node, local-path-provisioner backs the `standard` class. The
    /// API server's host port differs on every machine; 40617 stands for it.
    pub fn kind() -> Profile {
        Profile {
            name: "kind".into(),
            node_name: "kind-control-plane".into(),
            node_ip: "172.18.0.2".into(),
            pod_cidr: "10.244.0.0/24".into(),
            first_pod_ip: "10.244.0.5".into(),
            service_cidr: "10.96.0.0/16".into(),
            runtime: Runtime::Containerd,
            service_lb: false,
            network_policy: true,
            kubeconfig: include_str!("kind-kubeconfig.yaml").into(),
            admin: ("kubernetes-admin", "kubeadm:cluster-admins"),
            server_url: "https://127.0.0.1:40617".into(),
            git_version: "v1.32.0".into(),
            git_commit: "70d3cc986aa8221cd1dfb1121852688902d3bf53".into(),
            build_date: "2024-12-11T17:59:15Z".into(),
            boot_age: 294,
            data: include_str!("kind.json"),
        }
    }

    /// The simulator, acting first as the control plane's node.
    pub fn sim(&self) -> Sim {
        let node = Node {
            name: self.node_name.clone(),
            ip: self.node_ip.clone(),
            runtime: self.runtime,
            service_lb: self.service_lb,
            network_policy: self.network_policy,
        };
        Sim::new(node, &self.first_pod_ip)
    }

    /// When this cluster booted, seen from `now`.
    pub fn boot_time(&self, now: Time) -> Time {
        now.plus(-self.boot_age)
    }

    /// Fill a fresh API server with the profile's objects, as if the cluster booted a little
    /// before `now`, and let the controllers settle at boot time.
    pub fn bootstrap(&self, api: &mut ApiServer, sim: &mut Sim, now: Time) {
        api.info.git_version = self.git_version.clone();
        api.info.git_commit = self.git_commit.clone();
        api.info.build_date = self.build_date.clone();
        api.info.server_url = self.server_url.clone();
        api.info.service_cidr = self.service_cidr.clone();
        api.admin = kubeplay_api::auth::UserInfo::certificate(self.admin.0, &[self.admin.1]);
        // Refusals are reported by the profile tests; the objects are stored regardless.
        let _ = boot::load(self, api, sim, now, boot::Admit::Trusted);
        api.now = now;
    }
}

#[cfg(test)]
mod tests;
