//! The inside of a running container, for `kubectl exec`: its file system (`fs.rs` over
//! `layer.rs`), its environment (`env.rs`), the programs its image has (`programs.rs`), and a
//! shell or one command running there (`session.rs`). A container's writes are kept per run (a
//! restart starts again from the image, as the container layer is lost), in `Sim::layers`;
//! writes in an emptyDir, a claim or a host path outlive the run, in `Sim::volumes`.

mod encoding;
mod env;
mod fs;
mod layer;
mod listing;
mod programs;
mod session;
mod tar;

#[cfg(test)]
mod tests;

use serde_json::Value;

use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

use crate::images::{self, Image, Reference};
use crate::network::{Client, Net};
use crate::{Runtime, Sim};

pub(crate) use encoding::{base64_decode, base64_url};
pub use layer::Layer;
use layer::{mount_volume, volume_of};
pub use programs::Flavor;
pub use session::{ContainerShell, Ran};

/// Container runs whose exec writes are kept at once.
const MAX_LAYERS: usize = 256;

/// Why an exec cannot start, each in the words of the component that refuses.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The apiserver: no such pod (404).
    NotFound,
    /// The apiserver: a bad request (400), with its message.
    BadRequest(String),
    /// The kubelet: the container is not running (`unable to upgrade connection: ...`).
    NotRunning(String),
    /// The runtime: the program is not in the image. Docker prints this on the stream (exit
    /// 126); containerd fails the exec (an internal error).
    Missing(String),
}

/// Something mounted in the container, for `df` and `mount`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mount {
    pub path: String,
    /// `tmpfs` (Secrets, the token, emptyDir in memory) or the node's disk.
    pub tmpfs: bool,
    pub read_only: bool,
    /// Where a directory volume keeps what is written in it beyond this container run: the
    /// pod's emptyDir (shared by its containers, kept across restarts) or a claim's volume.
    pub store: Option<String>,
}

impl Mount {
    fn file(path: &str) -> Mount {
        Mount {
            path: path.to_string(),
            tmpfs: false,
            read_only: false,
            store: None,
        }
    }
    fn dir(path: &str, vol: &Value, read_only: bool, store: Option<String>) -> Mount {
        let memory = meta::str_at(vol, &["emptyDir", "medium"]) == "Memory";
        Mount {
            path: path.to_string(),
            tmpfs: memory || vol.get("secret").is_some() || vol.get("projected").is_some(),
            read_only,
            store,
        }
    }
}

/// Who the process runs as.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub uid: u32,
    pub gid: u32,
    /// From the image's `/etc/passwd` (None: a numeric user with no entry).
    pub name: Option<String>,
    pub home: String,
}

/// One running container as an exec sees it.
#[derive(Debug, Clone)]
pub struct Container {
    pub name: String,
    /// Its pod's namespace and name.
    pub namespace: String,
    pub pod: String,
    pub image: &'static Image,
    pub flavor: Flavor,
    pub layer: Layer,
    pub mounts: Vec<Mount>,
    pub env: env::Vars,
    pub hostname: String,
    pub user: User,
    pub workdir: String,
    /// PID 1's command line.
    pub argv: Vec<String>,
    /// The command lines of the processes it sees besides its own, first to last: its
    /// `--target`'s (an ephemeral container), or the pod's others when it shares one process
    /// namespace (the sandbox's `/pause` first).
    pub shared: Vec<String>,
    /// The session is joined to its own process (`attach`, `run -it`, `debug -it`): the shell
    /// typed to is PID 1's, not one more process.
    pub attached: bool,
    pub runtime: Runtime,
    /// When this run started (the dates `ls -l` shows).
    pub started: Time,
    /// The cluster's time when the exec came (what `date` prints).
    pub now: Time,
    /// Where its writes are kept: pod uid, container, restart count.
    key: String,
}

/// A file error as the C library words it.
fn why(e: &kubeplay_core::fs::FsError) -> String {
    use kubeplay_core::fs::FsError;
    match e {
        FsError::NotFound => "No such file or directory".into(),
        FsError::IsDirectory => "Is a directory".into(),
        FsError::Other(m) => m.clone(),
    }
}

/// The user an image and a pod's security context give the process.
fn user_of(image: &Image, pod: &Value, container: &Value) -> User {
    let run_as = |v: &Value, f: &str| {
        v.pointer(&format!("/securityContext/{f}"))
            .and_then(Value::as_u64)
            .map(|n| n as u32)
    };
    let spec = pod.get("spec").cloned().unwrap_or(Value::Null);
    let passwd = image.files.get("/etc/passwd").cloned().unwrap_or_else(|| {
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
            .to_string()
    });
    let entries: Vec<Vec<&str>> = passwd.lines().map(|l| l.split(':').collect()).collect();
    let (img_user, img_group) = match image.user.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (image.user.as_str(), None),
    };
    let by_name = entries
        .iter()
        .find(|e| e.len() > 5 && !img_user.is_empty() && e[0] == img_user);
    let mut uid = by_name
        .and_then(|e| e[2].parse().ok())
        .or_else(|| img_user.parse().ok())
        .unwrap_or(0);
    let mut gid = img_group
        .and_then(|g| g.parse().ok())
        .or_else(|| by_name.and_then(|e| e[3].parse().ok()))
        .unwrap_or(uid);
    if let Some(u) = run_as(container, "runAsUser").or_else(|| run_as(&spec, "runAsUser")) {
        uid = u;
        gid = u;
    }
    if let Some(g) = run_as(container, "runAsGroup").or_else(|| run_as(&spec, "runAsGroup")) {
        gid = g;
    }
    let entry = entries
        .iter()
        .find(|e| e.len() > 5 && e[2].parse() == Ok(uid));
    User {
        uid,
        gid,
        name: entry.map(|e| e[0].to_string()),
        home: entry
            .map(|e| e[5].to_string())
            .unwrap_or_else(|| "/".into()),
    }
}

/// The container's status entry, in any of the pod's status lists.
fn status_of<'a>(pod: &'a Value, name: &str) -> Option<&'a Value> {
    [
        "containerStatuses",
        "initContainerStatuses",
        "ephemeralContainerStatuses",
    ]
    .iter()
    .filter_map(|f| {
        pod.pointer(&format!("/status/{f}"))
            .and_then(Value::as_array)
    })
    .flatten()
    .find(|s| meta::str_at(s, &["name"]) == name)
}

fn spec_of<'a>(pod: &'a Value, name: &str) -> Option<&'a Value> {
    ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .filter_map(|f| pod.pointer(&format!("/spec/{f}")).and_then(Value::as_array))
        .flatten()
        .find(|c| meta::str_at(c, &["name"]) == name)
}

/// The `YYYY_MM_DD_HH_MM_SS.NNNNNNNNN` the atomic writer names its directory with.
fn stamp(t: Time, seed: &str) -> String {
    let text = t.rfc3339();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let part = |a: usize, b: usize| digits.get(a..b).unwrap_or("00");
    let frac = crate::util::fnv32(seed.as_bytes());
    format!(
        "{}_{}_{}_{}_{}_{}.{frac}",
        part(0, 4),
        part(4, 6),
        part(6, 8),
        part(8, 10),
        part(10, 12),
        part(12, 14)
    )
}

/// The process a container runs: its command and args, else the image's.
fn argv_of(spec: &Value, image: &Image) -> Vec<String> {
    let strings = |f: &str| -> Vec<String> {
        spec.get(f)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    let (command, args) = (strings("command"), strings("args"));
    match (command.is_empty(), args.is_empty()) {
        (false, _) => command.into_iter().chain(args).collect(),
        (true, false) => image.entrypoint.iter().cloned().chain(args).collect(),
        (true, true) => image.default_process(),
    }
}

/// The other processes a container sees (see `Container::shared`).
fn shared_processes(pod: &Value, spec: &Value) -> Vec<String> {
    let line = |c: &Value| {
        Reference::parse(meta::str_at(c, &["image"]))
            .and_then(|r| images::catalog().image(&r.familiar_name()))
            .map(|img| argv_of(c, img).join(" "))
    };
    let target = meta::str_at(spec, &["targetContainerName"]);
    if !target.is_empty() {
        return spec_of(pod, target).and_then(line).into_iter().collect();
    }
    if pod
        .pointer("/spec/shareProcessNamespace")
        .and_then(Value::as_bool)
        != Some(true)
    {
        return Vec::new();
    }
    let me = meta::str_at(spec, &["name"]);
    let others = pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| meta::str_at(c, &["name"]) != me)
        .filter_map(line);
    std::iter::once("/pause".to_string())
        .chain(others)
        .collect()
}

impl Sim {
    /// Container `name` of pod `ns/pod` as an exec into it would find it now (`name` empty: the
    /// pod's only container, else its first, as kubectl defaults it).
    pub fn container(
        &self,
        api: &ApiServer,
        ns: &str,
        pod: &str,
        name: &str,
    ) -> Result<Container, Refusal> {
        let p = api
            .store()
            .get(&Key::new("/pods", ns, pod))
            .ok_or(Refusal::NotFound)?;
        let name = if name.is_empty() {
            p.pointer("/spec/containers/0/name")
                .and_then(Value::as_str)
                .unwrap_or_default()
        } else {
            name
        };
        let spec = spec_of(p, name).ok_or_else(|| {
            Refusal::BadRequest(format!("container {name} is not valid for pod {pod}"))
        })?;
        if meta::str_at(p, &["spec", "nodeName"]).is_empty() {
            return Err(Refusal::BadRequest(format!(
                "pod {pod} does not have a host assigned"
            )));
        }
        let not_found = || Refusal::NotRunning(format!("container not found (\"{name}\")"));
        let status = status_of(p, name).ok_or_else(not_found)?;
        let started = status
            .pointer("/state/running/startedAt")
            .and_then(Value::as_str)
            .and_then(Time::parse_rfc3339)
            .ok_or_else(not_found)?;
        let image = Reference::parse(meta::str_at(spec, &["image"]))
            .and_then(|r| images::catalog().image(&r.familiar_name()))
            .ok_or_else(not_found)?;
        let restarts = status
            .get("restartCount")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let uid = meta::str_at(p, &["metadata", "uid"]);
        let key = format!("{uid}/{name}/{restarts}");
        let host = meta::str_at(p, &["spec", "hostname"]);
        let hostname = if host.is_empty() { pod } else { host }.to_string();
        let user = user_of(image, p, spec);
        let view = fs::PodView {
            api,
            pod: p,
            container: spec,
            stamp: stamp(started, &key),
            hostname: hostname.clone(),
        };
        let (built, mounts) = fs::build(image, &view);
        let mut layer = self.layers.get(&key).cloned().unwrap_or(built);
        for m in &mounts {
            if let Some(data) = m.store.as_ref().and_then(|k| self.volumes.get(k)) {
                mount_volume(&mut layer, &m.path, data);
            }
        }
        let argv = argv_of(spec, image);
        let shared = shared_processes(p, spec);
        let working = meta::str_at(spec, &["workingDir"]);
        let workdir = if !working.is_empty() {
            working.to_string()
        } else if image.workdir.is_empty() {
            "/".to_string()
        } else {
            image.workdir.clone()
        };
        Ok(Container {
            name: name.to_string(),
            namespace: ns.to_string(),
            pod: pod.to_string(),
            image,
            flavor: Flavor::of(image),
            env: env::build(api, image, p, spec, &hostname, started, &user.home),
            layer,
            mounts,
            hostname,
            user,
            workdir,
            argv,
            shared,
            attached: false,
            runtime: self.node.runtime,
            started,
            now: api.now,
            key,
        })
    }

    /// The network as container `c` of pod `ns/pod` sees it now.
    fn net_of<'a>(&'a self, api: &'a ApiServer, c: &Container, ns: &str, pod: &str) -> Net<'a> {
        let key = Key::new("/pods", ns, pod);
        let ip = api
            .store()
            .get(&key)
            .map(|p| meta::str_at(p, &["status", "podIP"]).to_string())
            .unwrap_or_default();
        let resolv = c.layer.files.get("/etc/resolv.conf").map(String::as_str);
        let client = Client::of_pod(&key, &ip, resolv, "10.96.0.10", c.image);
        Net::new(api, self, client)
    }

    /// Keep what a command or a shell wrote in the container, for the rest of this run.
    pub fn keep_layer(&mut self, c: &Container, layer: &Layer) {
        // Unchanged layers need no copy.
        if *layer == c.layer && !self.layers.contains_key(&c.key) {
            return;
        }
        if !self.layers.contains_key(&c.key) && self.layers.len() >= MAX_LAYERS {
            // Bounded: the writes of some other container run are forgotten (most belong to
            // pods long gone).
            if let Some(old) = self.layers.keys().next().cloned() {
                self.layers.remove(&old);
            }
        }
        self.layers.insert(c.key.clone(), layer.clone());
        for m in &c.mounts {
            if let Some(k) = &m.store {
                if self.volumes.len() < MAX_LAYERS || self.volumes.contains_key(k) {
                    self.volumes.insert(k.clone(), volume_of(layer, &m.path));
                }
            }
        }
    }

    /// Run `argv` in a container, as `kubectl exec` without a terminal (`stdin`: what `-i`
    /// sends): its output (both streams, in order) and exit code.
    pub fn exec(
        &mut self,
        api: &ApiServer,
        ns: &str,
        pod: &str,
        container: &str,
        argv: &[String],
        stdin: Option<&str>,
    ) -> Result<Ran, Refusal> {
        let c = self.container(api, ns, pod, container)?;
        let mut shell = ContainerShell::open(c, false);
        let (ran, accesses) = {
            let net = self.net_of(api, &shell.container, ns, pod);
            let ran = shell.exec_with_input(argv, stdin, Some(&net));
            (ran, net.take_accesses())
        };
        self.keep_accesses(accesses);
        let ran = ran?;
        self.keep_layer(&shell.container, &shell.layer);
        Ok(ran)
    }

    /// Open an interactive shell (`kubectl exec -it ... -- sh`): `argv` must name a shell the
    /// image has.
    pub fn open_shell(
        &self,
        api: &ApiServer,
        ns: &str,
        pod: &str,
        container: &str,
        argv: &[String],
    ) -> Result<ContainerShell, Refusal> {
        let c = self.container(api, ns, pod, container)?;
        let mut shell = ContainerShell::open(c, true);
        shell.check_shell(argv)?;
        Ok(shell)
    }

    /// One line typed in an open shell; its writes are kept, and the requests it made.
    pub fn feed_shell(&mut self, api: &ApiServer, shell: &mut ContainerShell, line: &str) -> Ran {
        let (ran, accesses) = {
            let c = &shell.container;
            let net = self.net_of(api, c, &c.namespace, &c.pod);
            // The shell's clock is the cluster's now.
            shell.container.now = api.now;
            let ran = shell.feed(line, Some(&net));
            (ran, net.take_accesses())
        };
        self.keep_accesses(accesses);
        self.keep_layer(&shell.container, &shell.layer);
        ran
    }
}
