//! Controllers that run on the simulated clock: scheduler, kubelet, Deployment -> ReplicaSet ->
//! Pods, DaemonSets, Jobs, Services -> Endpoints, namespace termination, service accounts and
//! garbage collection. They act as the real ones do: through the API server's typed methods.
//!
//! Work is driven by the store's journal (the keys written since the last look) and by timers
//! (a pod whose image finishes pulling in three seconds), so a cluster holding ten thousand
//! ConfigMaps costs nothing per request when nothing relevant changed.

// `KError`/`Status` carry whole API errors by value: rare and off the hot paths, so boxing them
// would only add noise at every `?`.
#![allow(clippy::result_large_err)]
// Outside tests nothing may unwrap: user input reaches this crate, and a panic kills the page.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod apiservice;
mod claims;
pub mod clusterroleaggregation;
pub mod container;
mod cronjob;
mod daemonset;
mod deployment;
mod disruption;
mod endpoints;
pub mod events;
mod gc;
mod heartbeat;
mod hpa;
pub mod images;
mod job;
mod kubelet;
pub mod metrics;
mod namespace;
pub mod network;
mod nodelifecycle;
pub mod probe;
pub mod process;
mod protection;
mod pullfail;
mod quota;
mod ratelimit;
mod replicaset;
mod revisions;
mod scheduler;
mod serviceaccounttokens;
mod servicelb;
mod slice;
mod statefulset;
mod tainteviction;
mod termination;
mod util;
mod volumes;

use std::collections::{BTreeSet, HashMap};

use kubeplay_api::store::Key;
use kubeplay_api::ApiServer;
use kubeplay_core::clock::Time;

pub use kubelet::{normalize_image, Logged};
pub use slice::Budget;
pub use util::{controlled_by, hex_from};

/// How the node's container runtime names containers and images.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runtime {
    /// minikube's docker driver: `docker://<id>`, `docker-pullable://nginx@sha256:...`.
    Docker,
    /// k3s: `containerd://<id>`, `docker.io/library/nginx@sha256:...`.
    Containerd,
}

/// A node's kubelet: the node's name and address, and how its runtime names things.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Node {
    pub name: String,
    pub ip: String,
    pub runtime: Runtime,
    /// LoadBalancer Services get the node's IP (k3s's ServiceLB).
    pub service_lb: bool,
    /// The network plugin enforces NetworkPolicies (see `network/policy.rs`).
    pub network_policy: bool,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Sim {
    /// The node whose kubelet is acting: the control plane's (where the scheduler and the
    /// controllers run), or, while the kubelet handles a pod, the pod's node.
    pub node: Node,
    /// The first pod IP of the control plane's node (after the profile's own pods).
    first_ip: u32,
    /// Each node's next pod IP, as a number (host-local IPAM hands them out in order from the
    /// node's pod CIDR).
    next_ips: HashMap<String, u32>,
    /// The scheduler's unschedulable pods.
    sched: scheduler::Queue,
    /// (when, what) to look at again.
    timers: BTreeSet<(i64, Key)>,
    /// Dependents by owner (kind, namespace, name), for the garbage collector.
    dependents: HashMap<(String, String, String), BTreeSet<Key>>,
    /// Images the node holds or is pulling, with the time (ms) each is or will be there: a
    /// second pod waits for a pull in progress, and the second pull of `nginx` is quick.
    images: HashMap<String, i64>,
    /// Keys to look at within this reconcile, queued by controllers for each other.
    queue: Vec<Key>,
    /// Events written so far, to keep generated event names distinct.
    event_seq: u64,
    /// Event names by what makes two events the same, to count repeats.
    seen_events: HashMap<String, String>,
    /// The different messages of alike events per object, and when the last came, for the
    /// event aggregator (`events.rs`).
    similar_events: HashMap<String, (BTreeSet<String>, Time)>,
    /// Per ReplicaSet whose pods could not all be created: the failures in a row and the
    /// moment (ms) of the last retry, for the controller's rate-limited requeue.
    create_backoff: HashMap<Key, (u32, i64)>,
    /// The controllers' API clients' rate limits (see `ratelimit.rs`).
    clients: ratelimit::Clients,
    /// The first reconcile looks at everything.
    primed: bool,
    /// The moment of the last reconcile: timers never run before it.
    last: Time,
    /// Each pod's timeline, by pod key, planned when the kubelet first sees it.
    plans: HashMap<Key, kubelet::Plan>,
    /// The taint eviction controller's view of NoExecute taints and planned evictions.
    taints: tainteviction::State,
    /// The Job controller's memory of the pods it counted and of each Job's back-off.
    jobs: job::Tracking,
    /// Each DaemonSet's uid, generation and pod template as last seen, and whether it has
    /// changed since the simulator first saw it (then it keeps revisions and rolls out; see
    /// `daemonset.rs`).
    ds_templates: HashMap<Key, (String, i64, serde_json::Value, bool)>,
    /// What execs wrote in each container run (pod uid/container/restart count).
    layers: HashMap<String, container::Layer>,
    /// What execs wrote in directory volumes (emptyDir per pod, claims, host paths).
    volumes: HashMap<String, container::Layer>,
    /// Requests that reached containers from execs and the host, for their access logs.
    accesses: Vec<network::Access>,
    /// Something the network's answers depend on changed (see `kubelet/network.rs`).
    net_changed: Option<Time>,
    /// When the API server puts back its deleted `kubernetes` Service (see `apiservice.rs`).
    kubernetes_service_due: Option<Time>,
    /// Its Endpoints and EndpointSlice as they were, to put back with it.
    kubernetes_endpoints: Vec<(String, serde_json::Value)>,
    /// The HorizontalPodAutoscaler controller's schedule and memory (see `hpa/`).
    hpas: hpa::State,
    /// A reconcile its budget stopped, to go on with (see `slice.rs`).
    run: Option<slice::Run>,
}

/// A bound on controller rounds per reconcile: each round handles what the previous wrote.
const MAX_ROUNDS: usize = 32;

/// A bound on the timer moments one reconcile walks through (a long `sleep`).
const MAX_TIMER_STEPS: usize = 20_000;

impl Sim {
    /// A simulator for one node, handing out pod IPs from `first_pod_ip` on.
    pub fn new(node: Node, first_pod_ip: &str) -> Sim {
        Sim {
            node,
            first_ip: util::parse_ip(first_pod_ip).unwrap_or(0x0af4_0003),
            next_ips: HashMap::new(),
            sched: scheduler::Queue::default(),
            timers: BTreeSet::new(),
            dependents: HashMap::new(),
            images: HashMap::new(),
            queue: Vec::new(),
            event_seq: 0,
            seen_events: HashMap::new(),
            similar_events: HashMap::new(),
            create_backoff: HashMap::new(),
            clients: ratelimit::Clients::default(),
            primed: false,
            plans: HashMap::new(),
            last: Time(i64::MIN),
            taints: tainteviction::State::default(),
            jobs: job::Tracking::default(),
            ds_templates: HashMap::new(),
            layers: HashMap::new(),
            volumes: HashMap::new(),
            accesses: Vec::new(),
            net_changed: None,
            kubernetes_service_due: None,
            kubernetes_endpoints: Vec::new(),
            hpas: hpa::State::default(),
            run: None,
        }
    }

    /// Note an image the node already holds (the profile's `status.images`).
    pub fn add_image(&mut self, name: &str) {
        self.images.insert(name.to_string(), 0);
    }

    /// The next moment a controller or the kubelet has something to do, if any: a client that
    /// waits (a watch) moves the clock there rather than second by second.
    pub fn next_wake(&self) -> Option<Time> {
        self.timers.first().map(|(at, _)| Time(*at))
    }

    /// Look at `key` again once the clock reaches `at`.
    fn wake(&mut self, at: Time, key: &Key) {
        self.timers.insert((at.0, key.clone()));
    }

    fn enqueue(&mut self, key: Key) {
        self.queue.push(key);
    }

    /// The next pod IP on the acting node.
    fn alloc_pod_ip(&mut self) -> String {
        let first = self.first_ip;
        let next = self.next_ips.entry(self.node.name.clone()).or_insert(first);
        let ip = *next;
        *next = next.wrapping_add(1);
        util::format_ip(ip)
    }

    /// The kubelet of the node `pod` is bound to, if that Node exists: its address from the
    /// Node's `InternalIP`, its pod addresses from the Node's `podCIDR` (after the gateway).
    fn kubelet_of(&mut self, api: &ApiServer, pod: &Key) -> Option<Node> {
        let name = api
            .store()
            .get(pod)
            .map(|p| kubeplay_api::meta::str_at(p, &["spec", "nodeName"]).to_string())
            .filter(|n| !n.is_empty())?;
        if name == self.node.name {
            return Some(self.node.clone());
        }
        let node = api.store().get(&Key::new("/nodes", "", &name))?;
        let ip = node
            .pointer("/status/addresses")
            .and_then(|a| a.as_array())
            .into_iter()
            .flatten()
            .find(|a| kubeplay_api::meta::str_at(a, &["type"]) == "InternalIP")
            .map(|a| kubeplay_api::meta::str_at(a, &["address"]).to_string())
            .unwrap_or_default();
        let cidr = kubeplay_api::meta::str_at(node, &["spec", "podCIDR"]);
        let base = cidr.split('/').next().and_then(util::parse_ip);
        if let Some(base) = base {
            self.next_ips
                .entry(name.clone())
                .or_insert(base.wrapping_add(2));
        }
        Some(Node {
            name,
            ip,
            runtime: self.node.runtime,
            service_lb: self.node.service_lb,
            network_policy: self.node.network_policy,
        })
    }

    /// Run every controller until nothing changes (bounded), at `api.now`. Timers that fell due
    /// since the last call fire in order, each at its own moment, so after `sleep 300` a CronJob
    /// has run every minute and each pod's events carry the times they happened at. (The page
    /// does the same work in slices, `reconcile_within`.)
    pub fn reconcile(&mut self, api: &mut ApiServer) {
        self.reconcile_within(api, Budget::unlimited());
    }

    fn sync(&mut self, api: &mut ApiServer, key: &Key, aggregate: bool) {
        let exists = api.store().contains(key);
        if exists {
            gc::index(self, api, key);
        } else {
            gc::removed(self, api, key);
        }
        quota::sync(api, key);
        match key.gr.as_str() {
            "/pods" => {
                if exists {
                    scheduler::sync(self, api, key);
                    if let Some(node) = self.kubelet_of(api, key) {
                        // The pod's own node's kubelet handles it.
                        let home = std::mem::replace(&mut self.node, node);
                        kubelet::sync(self, api, key);
                        self.node = home;
                    }
                    job::release_orphan(self, api, key);
                } else {
                    self.forget_plan(key, api.now);
                    scheduler::pod_gone(self, api, key);
                }
                tainteviction::pod_changed(self, api, key);
                self.pod_changed(api, key);
            }
            "apps/deployments" if exists => deployment::sync(self, api, key),
            "apps/replicasets" => {
                if exists {
                    replicaset::sync(self, api, key);
                    if let Some(owner) = util::controller_key(api, key, "apps/deployments") {
                        self.enqueue(owner);
                    }
                } else {
                    // Gone: whichever Deployment owned it makes a new one.
                    let owners: Vec<Key> = api
                        .store()
                        .list("apps/deployments", Some(&key.namespace))
                        .map(|(k, _)| k)
                        .collect();
                    self.queue.extend(owners);
                }
            }
            "/replicationcontrollers" if exists => {
                replicaset::sync_as(self, api, key, &replicaset::REPLICATION_CONTROLLERS)
            }
            "apps/daemonsets" if exists => daemonset::sync(self, api, key),
            "apps/statefulsets" if exists => statefulset::sync(self, api, key),
            "batch/jobs" => {
                job::sync(self, api, key);
                if let Some(owner) = util::controller_key(api, key, "batch/cronjobs") {
                    self.enqueue(owner);
                }
            }
            "batch/cronjobs" if exists => cronjob::sync(self, api, key),
            disruption::BUDGETS if exists => disruption::sync(self, api, key),
            "/nodes" => {
                nodelifecycle::sync(api, key);
                tainteviction::node_changed(self, api, key);
                if scheduler::node_changed(self, api, key) {
                    let daemonsets: Vec<Key> = api
                        .store()
                        .list("apps/daemonsets", None)
                        .map(|(k, _)| k)
                        .collect();
                    self.queue.extend(daemonsets);
                }
            }
            "/persistentvolumeclaims" => {
                scheduler::claim_changed(self, api, key);
                if exists {
                    volumes::sync_claim(self, api, key);
                } else {
                    let pvs: Vec<Key> = api
                        .store()
                        .list("/persistentvolumes", None)
                        .map(|(k, _)| k)
                        .collect();
                    self.queue.extend(pvs);
                }
            }
            "/persistentvolumes" if exists => volumes::sync_volume(self, api, key),
            "/services" => {
                apiservice::sync(self, api, key, exists);
                servicelb::sync(self, api, key);
                endpoints::sync(self, api, key);
            }
            "/namespaces" if exists => namespace::sync(self, api, key),
            "autoscaling/horizontalpodautoscalers" => hpa::sync(self, api, key),
            kubeplay_api::auth::rbac::CLUSTER_ROLES if aggregate => {
                clusterroleaggregation::sync(api, key)
            }
            "/secrets" if exists => serviceaccounttokens::sync(api, key),
            _ => {}
        }
    }

    /// A pod changed or went away: its controller and the Services that may select it look
    /// again.
    fn pod_changed(&mut self, api: &ApiServer, key: &Key) {
        /// The controllers that look again when one of their pods changes.
        const WORKLOADS: [&str; 4] = [
            "apps/replicasets",
            "/replicationcontrollers",
            "apps/daemonsets",
            "apps/statefulsets",
        ];
        // The Job controller batches pod events: it looks one second later (syncJobBatchPeriod).
        let batched = api.now.plus(1);
        let budgets = disruption::in_namespace(api, &key.namespace);
        self.queue.extend(budgets);
        if let Some(pod) = api.store().get(key) {
            for gr in WORKLOADS {
                if let Some(owner) = util::controller_key_of(pod, &key.namespace, gr) {
                    self.enqueue(owner);
                }
            }
            if let Some(owner) = util::controller_key_of(pod, &key.namespace, "batch/jobs") {
                self.wake(batched, &owner);
            }
        } else {
            // Gone: its owner is unknown now, so every workload of the namespace looks again.
            for gr in WORKLOADS {
                let keys: Vec<Key> = api
                    .store()
                    .list(gr, Some(&key.namespace))
                    .map(|(k, _)| k)
                    .collect();
                self.queue.extend(keys);
            }
            let jobs: Vec<Key> = api
                .store()
                .list("batch/jobs", Some(&key.namespace))
                .map(|(k, _)| k)
                .collect();
            for job in jobs {
                self.wake(batched, &job);
            }
        }
        // Claims waiting for their first consumer.
        if let Some(pod) = api.store().get(key) {
            let claims: Vec<Key> = pod
                .pointer("/spec/volumes")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .filter_map(|v| v.pointer("/persistentVolumeClaim/claimName"))
                .filter_map(|c| c.as_str())
                .map(|c| Key::new("/persistentvolumeclaims", &key.namespace, c))
                .collect();
            self.queue.extend(claims);
        }
        let svcs: Vec<Key> = api
            .store()
            .list("/services", Some(&key.namespace))
            .map(|(k, _)| k)
            .collect();
        self.queue.extend(svcs);
    }
}

/// Resources no controller here reacts to on their own (the garbage collector still learns of
/// their owners when they are written, see `gc::index`).
fn is_passive(gr: &str) -> bool {
    matches!(gr, "/events" | "events.k8s.io/events")
}
