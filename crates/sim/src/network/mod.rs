//! The network between pods: cluster DNS (`dns.rs`, busybox's `nslookup` in `nslookup.rs`),
//! Services routed through their ready endpoints to a pod's port (`route.rs`), what the program
//! listening there answers (`http.rs`, the small apps in `apps.rs`) and the lines its server
//! logs (`access.rs`, the kubelet's probes in `probes.rs`), NetworkPolicies where the profile's
//! network plugin enforces them (`policy.rs`), and the clients that use all this: busybox's
//! `wget` (`wget.rs`) and `nc -z` (`nc.rs`), and `curl` (`curl.rs`).
//!
//! `Net` is a view of the cluster at a moment, borrowed from the API server's store and the
//! kubelet's plans: an exec asks it now; a pod's own script, planned once when its container
//! starts, asks it at each moment the script gets there, so a pod's readiness then comes from
//! its plan. Each request that reaches a container is noted as an `Access`, for that
//! container's log (see `Sim::container_log`).

mod access;
mod apps;
mod curl;
mod dns;
mod http;
mod nc;
mod nslookup;
mod policy;
mod probes;
mod route;
mod wget;

#[cfg(test)]
mod tests;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use kubeplay_api::store::Key;
use kubeplay_api::ApiServer;
use kubeplay_core::output::Output;

use crate::container::Container;
use crate::images::Image;
use crate::Sim;

pub(crate) use access::number_connections;
pub use http::Response;
pub(crate) use probes::lines as probe_lines;
pub use route::Dial;

/// Network programs the model runs (the container layers route these names here).
pub const PROGRAMS: &[&str] = &["nslookup", "wget", "curl", "nc"];

/// Requests kept for the access logs of exec'd and host requests (the oldest go first).
const MAX_ACCESSES: usize = 10_000;

/// Who makes a request: a container of a pod (its namespace, IP and resolver), or the node.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    /// The client's pod (None: the node itself, or a host-network process).
    pub pod: Option<Key>,
    pub namespace: String,
    pub ip: String,
    /// The resolver's `nameserver` and `search` domains (from the pod's `/etc/resolv.conf`).
    pub nameserver: String,
    pub search: Vec<String>,
    /// The client's image, for the programs it has and their versions.
    pub image: Option<&'static Image>,
}

impl Client {
    /// A pod's container, with its resolver as `/etc/resolv.conf` says (absent: the cluster's
    /// default for the namespace).
    pub fn of_pod(
        key: &Key,
        ip: &str,
        resolv: Option<&str>,
        dns: &str,
        image: &'static Image,
    ) -> Client {
        let mut c = Client {
            pod: Some(key.clone()),
            namespace: key.namespace.clone(),
            ip: ip.to_string(),
            nameserver: dns.to_string(),
            search: default_search(&key.namespace),
            image: Some(image),
        };
        if let Some(text) = resolv {
            c.search.clear();
            for line in text.lines() {
                let mut words = line.split_whitespace();
                match words.next() {
                    Some("nameserver") => {
                        if let Some(ns) = words.next() {
                            c.nameserver = ns.to_string();
                        }
                    }
                    Some("search") => c.search = words.map(String::from).collect(),
                    _ => {}
                }
            }
        }
        c
    }
}

/// The search path the kubelet writes for a `ClusterFirst` pod in `ns`.
pub fn default_search(ns: &str) -> Vec<String> {
    vec![
        format!("{ns}.svc.cluster.local"),
        "svc.cluster.local".to_string(),
        "cluster.local".to_string(),
    ]
}

/// One request that reached a container: the line its server logs, at its moment.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Access {
    pub pod: Key,
    /// The pod's uid (a pod recreated under the same name has its own log).
    pub uid: String,
    pub container: String,
    /// When, in ms since the epoch (or, in a planned script, since its run started).
    pub at_ms: i64,
    pub stderr: bool,
    pub text: String,
}

/// Containers by pod and name, as requests found them (None: not running).
type Reached = HashMap<(Key, String), Option<Rc<Container>>>;

/// The cluster's network as seen at some moment.
pub struct Net<'a> {
    pub api: &'a ApiServer,
    pub sim: &'a Sim,
    pub client: Client,
    accesses: RefCell<Vec<Access>>,
    used: Cell<bool>,
    /// The containers requests reached, as an exec would find them now (built once: a loop
    /// asks the same server many times).
    containers: RefCell<Reached>,
}

/// What a network program did: its output, exit code, how long it took (ms), and a file it
/// wrote (`wget -O FILE`, `curl -o FILE`) for the caller to put in the container.
#[derive(Debug, Clone, PartialEq)]
pub struct NetRun {
    pub output: Output,
    pub code: i32,
    pub took_ms: u64,
    pub wrote: Option<(String, String)>,
}

impl NetRun {
    fn new() -> NetRun {
        NetRun {
            output: Output::new(),
            code: 0,
            took_ms: 0,
            wrote: None,
        }
    }
    /// Save `text` as `path`: `/dev/null` swallows it, `/dev/stdout` prints it, anything else
    /// is a file for the caller to write in the container.
    fn save(&mut self, path: &str, text: String) {
        match path {
            "/dev/null" => {}
            "/dev/stdout" | "-" => self.output.out(text),
            "/dev/stderr" => self.output.err(text),
            _ => self.wrote = Some((path.to_string(), text)),
        }
    }

    fn err(&mut self, text: impl AsRef<str>, code: i32) {
        self.output.err(text);
        self.code = code;
    }
}

impl<'a> Net<'a> {
    pub fn new(api: &'a ApiServer, sim: &'a Sim, client: Client) -> Net<'a> {
        Net {
            api,
            sim,
            client,
            accesses: RefCell::new(Vec::new()),
            used: Cell::new(false),
            containers: RefCell::new(HashMap::new()),
        }
    }

    /// Whether a program asked the network anything.
    pub fn used(&self) -> bool {
        self.used.get()
    }

    /// The requests that reached containers so far.
    pub fn take_accesses(&self) -> Vec<Access> {
        self.accesses
            .try_borrow_mut()
            .map(|mut a| std::mem::take(&mut *a))
            .unwrap_or_default()
    }

    /// The container a connection reached, as it is now (None: not running now).
    fn container(&self, t: &route::Target) -> Option<Rc<Container>> {
        let k = (t.pod.clone(), t.container.clone());
        if let Some(c) = self.containers.try_borrow().ok()?.get(&k) {
            return c.clone();
        }
        let c = self
            .sim
            .container(self.api, &t.pod.namespace, &t.pod.name, &t.container)
            .ok()
            .map(Rc::new);
        if let Ok(mut cache) = self.containers.try_borrow_mut() {
            cache.insert(k, c.clone());
        }
        c
    }

    fn note(&self, a: Access) {
        if let Ok(mut list) = self.accesses.try_borrow_mut() {
            if list.len() < MAX_ACCESSES {
                list.push(a);
            }
        }
    }

    /// Run network program `prog` (`nslookup`, `wget`, `curl`) with `args` at `at_ms`.
    pub fn run(&self, prog: &str, args: &[String], at_ms: i64) -> NetRun {
        self.used.set(true);
        match prog {
            "nslookup" => nslookup::run(self, args, at_ms),
            "wget" => wget::run(self, args, at_ms),
            "curl" => curl::run(self, args, at_ms),
            "nc" => nc::run(self, args, at_ms),
            _ => {
                let mut r = NetRun::new();
                r.err(format!("{prog}: not found\n"), 127);
                r
            }
        }
    }
}

/// A request from outside the pods, for `Sim::http_request`.
#[derive(Debug, Clone, PartialEq)]
pub struct HostRequest<'a> {
    /// Where a pod name and the search path are looked up.
    pub namespace: &'a str,
    /// A pod's or Service's IP, a node's IP, or a pod's name.
    pub host: &'a str,
    pub port: u16,
    /// The path and query (`/`, `/echo?msg=hi`).
    pub path: &'a str,
    /// The client's `User-Agent` (`curl/8.5.0`).
    pub agent: &'a str,
    /// The address the server sees the request come from: the node's IP for a NodePort
    /// reached from the node, `127.0.0.1` for a port-forward (it connects inside the pod).
    pub from: &'a str,
}

impl Sim {
    /// An HTTP `GET` from outside the pods — the node, the user's machine through a
    /// port-forward or a NodePort — to `req.host:req.port`, where `host` is a pod's or a
    /// Service's IP, a node's IP (for a NodePort) or the name of a pod in `req.namespace`
    /// (`kubectl port-forward pod/NAME`). The answer is what the container there serves (or
    /// why no connection was made), and the request appears in its server's access log at the
    /// cluster's current time, from `req.from`.
    pub fn http_request(&mut self, api: &ApiServer, req: &HostRequest) -> Result<Response, Dial> {
        let client = Client {
            pod: None,
            namespace: req.namespace.to_string(),
            ip: req.from.to_string(),
            nameserver: String::new(),
            search: default_search(req.namespace),
            image: None,
        };
        let at_ms = api.now.0.saturating_mul(1000);
        let (answer, accesses) = {
            let net = Net::new(api, self, client);
            // A pod's name stands for its IP (a port-forward names the pod).
            let ip = match api.store().get(&Key::new("/pods", req.namespace, req.host)) {
                Some(p) => kubeplay_api::meta::str_at(p, &["status", "podIP"]).to_string(),
                None => req.host.to_string(),
            };
            let answer = match route::dial(&net, &ip, i64::from(req.port), at_ms) {
                Dial::Connected(t) => Ok(http::get(&net, &t, req.host, req.path, req.agent, at_ms)),
                other => Err(other),
            };
            (answer, net.take_accesses())
        };
        self.keep_accesses(accesses);
        answer
    }

    /// Keep what requests reached containers (an exec's, the host's), bounded.
    pub(crate) fn keep_accesses(&mut self, mut list: Vec<Access>) {
        self.accesses.append(&mut list);
        if self.accesses.len() > MAX_ACCESSES {
            let extra = self.accesses.len() - MAX_ACCESSES;
            self.accesses.drain(..extra);
        }
    }
}
