//! A container's file system as the kubelet and the runtime set it up: the image's files and a
//! usual root tree, then what the kubelet mounts — ConfigMap, Secret, downward API and projected
//! volumes through the atomic writer's layout (the files in a `..<timestamp>` directory, a
//! `..data` link to it, and a link per top-level entry to `..data/<entry>`), `subPath` mounts of
//! one entry, emptyDir and claims as empty directories, and `/etc/hosts`, `/etc/hostname` and
//! `/etc/resolv.conf` (kubelet's `ensureHostsFile` and its DNS configurer).

use serde_json::Value;

use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

use super::layer::Layer;
use super::{base64_decode, Mount};
use crate::images::Image;

/// The directories every image has (a root tree as `docker export` shows it).
const ROOT: &[&str] = &[
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/local",
    "/var",
    "/var/log",
];

/// What a pod gives the file system: its spec, status and namespace's objects.
pub struct PodView<'a> {
    pub api: &'a ApiServer,
    pub pod: &'a Value,
    pub container: &'a Value,
    /// The moment the volumes were written (the pod's start), for the `..` directory names.
    pub stamp: String,
    pub hostname: String,
}

pub fn build(image: &Image, v: &PodView<'_>) -> (Layer, Vec<Mount>) {
    let mut layer = Layer::default();
    for d in ROOT {
        layer.dir(d);
    }
    for (path, text) in &image.files {
        layer.file(path, text);
    }
    if !image.workdir.is_empty() {
        layer.dir(&image.workdir);
    }
    let mut mounts = Vec::new();
    etc_files(&mut layer, v, &mut mounts);
    volumes(&mut layer, v, &mut mounts);
    (layer, mounts)
}

fn etc_files(layer: &mut Layer, v: &PodView<'_>, mounts: &mut Vec<Mount>) {
    let ip = meta::str_at(v.pod, &["status", "podIP"]);
    let subdomain = meta::str_at(v.pod, &["spec", "subdomain"]);
    let ns = meta::namespace(v.pod);
    let mut hosts = String::from(
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n",
    );
    if subdomain.is_empty() {
        hosts.push_str(&format!("{ip}\t{}\n", v.hostname));
    } else {
        hosts.push_str(&format!(
            "{ip}\t{h}.{subdomain}.{ns}.svc.cluster.local\t{h}\n",
            h = v.hostname
        ));
    }
    let aliases = v.pod.pointer("/spec/hostAliases").and_then(Value::as_array);
    if let Some(aliases) = aliases.filter(|a| !a.is_empty()) {
        hosts.push_str("\n# Entries added by HostAliases.\n");
        for a in aliases {
            let names: Vec<&str> = a
                .get("hostnames")
                .and_then(Value::as_array)
                .map(|h| h.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            hosts.push_str(&format!(
                "{}\t{}\n",
                meta::str_at(a, &["ip"]),
                names.join("\t")
            ));
        }
    }
    layer.file("/etc/hosts", &hosts);
    layer.file("/etc/hostname", &format!("{}\n", v.hostname));
    layer.file("/etc/resolv.conf", &resolv_conf(v.api, v.pod));
    for f in ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"] {
        mounts.push(Mount::file(f));
    }
}

/// The resolver configuration of a `ClusterFirst` pod: the cluster DNS service's address, the
/// namespace's search path and `ndots:5`.
fn resolv_conf(api: &ApiServer, pod: &Value) -> String {
    let ns = meta::namespace(pod);
    let dns = api
        .store()
        .get(&Key::new("/services", "kube-system", "kube-dns"))
        .map(|s| meta::str_at(s, &["spec", "clusterIP"]).to_string())
        .unwrap_or_else(|| "10.96.0.10".to_string());
    let policy = meta::str_at(pod, &["spec", "dnsPolicy"]);
    if policy == "Default" || policy == "None" {
        return "nameserver 192.168.49.1\noptions edns0 trust-ad ndots:0\n".to_string();
    }
    format!(
        "nameserver {dns}\nsearch {ns}.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n"
    )
}

/// One volume's entries: relative path → (contents, mode).
type Entries = Vec<(String, String, u32)>;

fn volumes(layer: &mut Layer, v: &PodView<'_>, mounts: &mut Vec<Mount>) {
    let vols: Vec<Value> = v
        .pod
        .pointer("/spec/volumes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let list = v
        .container
        .get("volumeMounts")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for m in &list {
        let path = meta::str_at(m, &["mountPath"]);
        let name = meta::str_at(m, &["name"]);
        let sub = meta::str_at(m, &["subPath"]);
        let read_only = m.get("readOnly").and_then(Value::as_bool) == Some(true);
        let Some(vol) = vols.iter().find(|x| meta::str_at(x, &["name"]) == name) else {
            continue;
        };
        if path.is_empty() || !path.starts_with('/') {
            continue;
        }
        let entries = match entries_of(v, vol) {
            Some(e) => e,
            None => {
                // A directory the volume keeps (emptyDir, a claim, a host path).
                layer.dir(path);
                layer.modes.insert(path.to_string(), 0o777);
                if meta::str_at(vol, &["hostPath", "path"]) == "/" {
                    node_root(layer, path, v);
                }
                mounts.push(Mount::dir(path, vol, read_only, store_of(v.pod, vol)));
                continue;
            }
        };
        if !sub.is_empty() {
            for (rel, text, mode) in &entries {
                let target = if rel == sub {
                    path.to_string()
                } else if let Some(rest) = rel.strip_prefix(&format!("{sub}/")) {
                    format!("{path}/{rest}")
                } else {
                    continue;
                };
                layer.file(&target, text);
                layer.modes.insert(target, *mode);
            }
            mounts.push(Mount::file(path));
            continue;
        }
        atomic(layer, path, &v.stamp, &entries);
        layer.read_only.insert(path.to_string());
        mounts.push(Mount::dir(path, vol, true, None));
    }
}

/// The top of the node's own file system, for a host path of `/` (`kubectl debug node/…`
/// mounts it at `/host`): its directories, hostname and OS.
fn node_root(layer: &mut Layer, at: &str, v: &PodView<'_>) {
    const DIRS: &[&str] = &[
        "bin", "boot", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run",
        "sbin", "srv", "sys", "tmp", "usr", "var",
    ];
    layer.modes.insert(at.to_string(), 0o755);
    for d in DIRS {
        layer.dir(&format!("{at}/{d}"));
    }
    let node = meta::str_at(v.pod, &["spec", "nodeName"]);
    layer.file(&format!("{at}/etc/hostname"), &format!("{node}\n"));
    let os = v
        .api
        .store()
        .get(&Key::new("/nodes", "", node))
        .map(|n| meta::str_at(n, &["status", "nodeInfo", "osImage"]).to_string())
        .unwrap_or_default();
    if !os.is_empty() {
        layer.file(
            &format!("{at}/etc/os-release"),
            &format!("PRETTY_NAME=\"{os}\"\n"),
        );
    }
}

/// Where a directory volume's contents live beyond one container run: per pod for emptyDir,
/// per claim for a PersistentVolumeClaim, per path for a host path.
fn store_of(pod: &Value, vol: &Value) -> Option<String> {
    let ns = meta::namespace(pod);
    if vol.get("emptyDir").is_some() {
        let uid = meta::str_at(pod, &["metadata", "uid"]);
        return Some(format!("emptydir/{uid}/{}", meta::str_at(vol, &["name"])));
    }
    if let Some(c) = vol.get("persistentVolumeClaim") {
        return Some(format!("pvc/{ns}/{}", meta::str_at(c, &["claimName"])));
    }
    let host = vol.get("hostPath")?;
    Some(format!("host/{}", meta::str_at(host, &["path"])))
}

/// The atomic writer's layout under `dir`.
fn atomic(layer: &mut Layer, dir: &str, stamp: &str, entries: &Entries) {
    // Each volume's writer names its own directory: same second, its own fraction.
    let second = stamp.split('.').next().unwrap_or(stamp);
    let frac = crate::util::fnv32(format!("{stamp}{dir}").as_bytes());
    let ts = format!("..{second}.{frac}");
    layer.dir(dir);
    layer.modes.insert(dir.to_string(), 0o777);
    layer.dir(&format!("{dir}/{ts}"));
    layer.link(&format!("{dir}/..data"), &ts);
    for (rel, text, mode) in entries {
        let file = format!("{dir}/{ts}/{rel}");
        layer.file(&file, text);
        layer.modes.insert(file, *mode);
        let top = rel.split('/').next().unwrap_or(rel);
        layer.link(&format!("{dir}/{top}"), &format!("..data/{top}"));
    }
}

fn mode_of(v: &Value, field: &str) -> u32 {
    v.get(field)
        .and_then(Value::as_u64)
        .map(|m| (m & 0o777) as u32)
        .unwrap_or(0o644)
}

/// The entries of an atomic-writer volume, or None for a plain directory volume.
fn entries_of(v: &PodView<'_>, vol: &Value) -> Option<Entries> {
    let ns = meta::namespace(v.pod);
    if let Some(src) = vol.get("configMap") {
        return Some(keyed(
            v.api,
            ns,
            src,
            "name",
            false,
            mode_of(src, "defaultMode"),
        ));
    }
    if let Some(src) = vol.get("secret") {
        return Some(keyed(
            v.api,
            ns,
            src,
            "secretName",
            true,
            mode_of(src, "defaultMode"),
        ));
    }
    if let Some(src) = vol.get("downwardAPI") {
        return Some(downward(v, src, mode_of(src, "defaultMode")));
    }
    let src = vol.get("projected")?;
    let mode = mode_of(src, "defaultMode");
    let mut all = Entries::new();
    for s in src
        .get("sources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(c) = s.get("configMap") {
            all.extend(keyed(v.api, ns, c, "name", false, mode));
        } else if let Some(c) = s.get("secret") {
            all.extend(keyed(v.api, ns, c, "name", true, mode));
        } else if let Some(c) = s.get("downwardAPI") {
            all.extend(downward(v, c, mode));
        } else if let Some(t) = s.get("serviceAccountToken") {
            let path = meta::str_at(t, &["path"]);
            all.push((path.to_string(), token(v), mode));
        }
    }
    Some(all)
}

/// A ConfigMap's or Secret's keys as files (only `items` when given, at their paths).
fn keyed(
    api: &ApiServer,
    ns: &str,
    src: &Value,
    name_field: &str,
    secret: bool,
    mode: u32,
) -> Entries {
    let gr = if secret { "/secrets" } else { "/configmaps" };
    let name = meta::str_at(src, &[name_field]);
    let Some(obj) = api.store().get(&Key::new(gr, ns, name)) else {
        return Entries::new();
    };
    let mut data: Vec<(String, String)> = Vec::new();
    for field in ["data", "binaryData"] {
        if let Some(m) = obj.get(field).and_then(Value::as_object) {
            for (k, val) in m {
                let text = val.as_str().unwrap_or_default();
                let text = if secret || field == "binaryData" {
                    base64_decode(text)
                } else {
                    text.to_string()
                };
                data.push((k.clone(), text));
            }
        }
    }
    match src.get("items").and_then(Value::as_array) {
        Some(items) => items
            .iter()
            .filter_map(|it| {
                let key = meta::str_at(it, &["key"]);
                let (_, text) = data.iter().find(|(k, _)| k == key)?;
                let m = it
                    .get("mode")
                    .and_then(Value::as_u64)
                    .map(|m| (m & 0o777) as u32)
                    .unwrap_or(mode);
                Some((meta::str_at(it, &["path"]).to_string(), text.clone(), m))
            })
            .collect(),
        None => data.into_iter().map(|(k, t)| (k, t, mode)).collect(),
    }
}

fn downward(v: &PodView<'_>, src: &Value, mode: u32) -> Entries {
    src.get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|it| {
            let text = match it.pointer("/fieldRef/fieldPath").and_then(Value::as_str) {
                Some(path) => field_value(v.pod, path, true),
                None => super::env::resource_value(v.container, it),
            };
            (meta::str_at(it, &["path"]).to_string(), text, mode)
        })
        .collect()
}

/// A `fieldRef`'s value; labels and annotations are only offered as files (`key="value"` lines).
pub fn field_value(pod: &Value, path: &str, file: bool) -> String {
    let map_lines = |field: &str| {
        pod.pointer(&format!("/metadata/{field}"))
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| format!("{k}=\"{}\"", v.as_str().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    };
    match path {
        "metadata.labels" if file => map_lines("labels"),
        "metadata.annotations" if file => map_lines("annotations"),
        "status.podIPs" => meta::str_at(pod, &["status", "podIP"]).to_string(),
        "status.hostIPs" => meta::str_at(pod, &["status", "hostIP"]).to_string(),
        p => {
            if let Some(key) = p
                .strip_prefix("metadata.labels['")
                .and_then(|k| k.strip_suffix("']"))
            {
                return meta::str_at(pod, &["metadata", "labels", key]).to_string();
            }
            if let Some(key) = p
                .strip_prefix("metadata.annotations['")
                .and_then(|k| k.strip_suffix("']"))
            {
                return meta::str_at(pod, &["metadata", "annotations", key]).to_string();
            }
            let parts: Vec<&str> = p.split('.').collect();
            meta::str_at(pod, &parts).to_string()
        }
    }
}

/// A projected token: a JWT's shape (header, claims, signature) with the pod's claims in it.
fn token(v: &PodView<'_>) -> String {
    let ns = meta::namespace(v.pod);
    let sa = meta::str_at(v.pod, &["spec", "serviceAccountName"]);
    let sa = if sa.is_empty() { "default" } else { sa };
    let claims = format!(
        "{{\"aud\":[\"https://kubernetes.default.svc.cluster.local\"],\"iss\":\"https://kubernetes.default.svc.cluster.local\",\"kubernetes.io\":{{\"namespace\":\"{ns}\",\"pod\":{{\"name\":\"{}\",\"uid\":\"{}\"}},\"serviceaccount\":{{\"name\":\"{sa}\"}}}},\"sub\":\"system:serviceaccount:{ns}:{sa}\"}}",
        meta::name(v.pod),
        meta::str_at(v.pod, &["metadata", "uid"]),
    );
    let sig = crate::util::hex_from(meta::str_at(v.pod, &["metadata", "uid"]), 86);
    format!(
        "eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.{}.{sig}",
        super::base64_url(&claims)
    )
}
