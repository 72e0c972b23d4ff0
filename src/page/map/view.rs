//! The map as the view reads it: plain data, in the page's language, built by `build` from the
//! store's objects. Nothing here asks the cluster.

use std::rc::Rc;

use crate::page::words::Words;

/// Which of the cluster pane's two views shows: the tables or the map.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum ClusterTab {
    #[default]
    List,
    Map,
}

/// The kinds the map draws. `kubectl` names them for the object panel's commands.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Kind {
    Ingress,
    Service,
    Deployment,
    StatefulSet,
    DaemonSet,
    CronJob,
    Job,
    ReplicaSet,
    ReplicationController,
    Pod,
    ConfigMap,
    Secret,
    PersistentVolumeClaim,
    Node,
}

impl Kind {
    /// The kinds a filter may keep at the top of the map, in the order they are offered.
    pub const FILTERS: [Kind; 12] = [
        Kind::Deployment,
        Kind::StatefulSet,
        Kind::DaemonSet,
        Kind::CronJob,
        Kind::Job,
        Kind::ReplicaSet,
        Kind::Pod,
        Kind::Service,
        Kind::Ingress,
        Kind::ConfigMap,
        Kind::Secret,
        Kind::PersistentVolumeClaim,
    ];

    /// As kubectl names the type (`kubectl describe deployment web`).
    pub fn kubectl(self) -> &'static str {
        match self {
            Kind::Ingress => "ingress",
            Kind::Service => "service",
            Kind::Deployment => "deployment",
            Kind::StatefulSet => "statefulset",
            Kind::DaemonSet => "daemonset",
            Kind::CronJob => "cronjob",
            Kind::Job => "job",
            Kind::ReplicaSet => "replicaset",
            Kind::ReplicationController => "replicationcontroller",
            Kind::Pod => "pod",
            Kind::ConfigMap => "configmap",
            Kind::Secret => "secret",
            Kind::PersistentVolumeClaim => "persistentvolumeclaim",
            Kind::Node => "node",
        }
    }

    /// The object's kind as the API names it (never translated).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ingress => "Ingress",
            Kind::Service => "Service",
            Kind::Deployment => "Deployment",
            Kind::StatefulSet => "StatefulSet",
            Kind::DaemonSet => "DaemonSet",
            Kind::CronJob => "CronJob",
            Kind::Job => "Job",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::ReplicationController => "ReplicationController",
            Kind::Pod => "Pod",
            Kind::ConfigMap => "ConfigMap",
            Kind::Secret => "Secret",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::Node => "Node",
        }
    }

    /// kubectl's short name, for the badge (`deploy`, `rs`, `svc`).
    pub fn short(self) -> &'static str {
        match self {
            Kind::Ingress => "ing",
            Kind::Service => "svc",
            Kind::Deployment => "deploy",
            Kind::StatefulSet => "sts",
            Kind::DaemonSet => "ds",
            Kind::CronJob => "cj",
            Kind::Job => "job",
            Kind::ReplicaSet => "rs",
            Kind::ReplicationController => "rc",
            Kind::Pod => "pod",
            Kind::ConfigMap => "cm",
            Kind::Secret => "secret",
            Kind::PersistentVolumeClaim => "pvc",
            Kind::Node => "node",
        }
    }

    pub fn from_kubectl(s: &str) -> Option<Kind> {
        Kind::FILTERS
            .into_iter()
            .chain([Kind::ReplicationController, Kind::Node])
            .find(|k| k.kubectl() == s)
    }
}

/// How an object is doing, for its colour.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Health {
    Good,
    /// On its way (Pending, a rollout in progress, a Job running).
    Busy,
    Bad,
    /// Finished or idle (Completed, scaled to 0, a Service without selector).
    Done,
}

impl Health {
    pub fn code(self) -> &'static str {
        match self {
            Health::Good => "good",
            Health::Busy => "busy",
            Health::Bad => "bad",
            Health::Done => "done",
        }
    }
}

/// The map's settings, chosen in the view.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct MapOptions {
    /// One namespace, or all of them.
    pub namespace: Option<String>,
    /// Only this kind at the top of each namespace.
    pub kind: Option<Kind>,
    /// Pods placed on their nodes instead of under their owners.
    pub by_node: bool,
}

/// One object on the map, with what it owns or leads to.
#[derive(Clone, PartialEq, Debug)]
pub struct Item {
    pub kind: Kind,
    /// Empty for nodes.
    pub namespace: String,
    pub name: String,
    pub health: Health,
    /// What matters about it, in the page's language: `3/3 ready`, `revision 2`.
    pub summary: String,
    /// A second line: a selector, the Services it feeds, the pods that use it.
    pub note: String,
    /// Only a pointer to an object drawn elsewhere (an Ingress's Service).
    pub reference: bool,
    pub children: Vec<Item>,
    /// Its pods (or a Service's endpoints), counted and listed.
    pub pods: Option<Rc<PodGroup>>,
}

/// Many pods at once: counts by status and a bounded list the view draws a window of.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct PodGroup {
    /// Every pod counted, listed or not.
    pub total: usize,
    /// Pods by status (`Running`, `Pending`, `CrashLoopBackOff`, or `ready`/`not ready` for
    /// endpoints), the most first.
    pub counts: Vec<Count>,
    /// At most `MAX_ROWS`, in the store's order.
    pub rows: Vec<PodRow>,
    /// A Service's endpoints rather than pods.
    pub endpoints: bool,
}

impl PodGroup {
    /// `3 pods`, `1 pod`, `3 endpoints` in the page's language.
    pub fn title(&self, w: &Words) -> String {
        let (one, many) = if self.endpoints {
            (w.map_endpoint, w.map_endpoints_n)
        } else {
            (w.map_pod, w.map_pods)
        };
        if self.total == 1 {
            one.to_string()
        } else {
            super::objects::fill(many, &[&self.total])
        }
    }
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Count {
    pub status: String,
    pub health: Health,
    pub n: usize,
}

/// One pod (or endpoint) in a group.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PodRow {
    pub namespace: String,
    pub name: String,
    /// The STATUS column's word (`Running`, `CrashLoopBackOff`), or `ready`/`not ready`.
    pub status: String,
    pub health: Health,
    /// `1/1`, or the endpoint's address.
    pub ready: String,
    pub restarts: i64,
    /// The node it runs on, or empty.
    pub node: String,
}

/// The pods listed in one group at most; the others are only counted.
pub const MAX_ROWS: usize = 5000;

/// One namespace's part of the map, in sections.
#[derive(Clone, PartialEq, Debug)]
pub struct NamespaceMap {
    pub name: String,
    pub sections: Vec<Section>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Section {
    /// The section's heading, in the page's language.
    pub title: String,
    pub items: Vec<Item>,
    /// Many pods without an owner, as one group.
    pub pods: Option<Rc<PodGroup>>,
}

/// The whole map as last built.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct MapView {
    pub options: MapOptions,
    /// Every namespace, for the filter.
    pub all_namespaces: Vec<String>,
    /// By owner: each namespace shown (empty while `options.by_node`).
    pub namespaces: Vec<NamespaceMap>,
    /// By node: each node with its pods, then the pods not placed yet (empty unless `by_node`).
    pub nodes: Vec<Item>,
    /// The cluster has more than one node (kind): the node view is worth offering first.
    pub multi_node: bool,
    /// Pods counted in the map.
    pub pods: usize,
    /// The map in words, a line per object or group (the text alternative).
    pub text: String,
}
