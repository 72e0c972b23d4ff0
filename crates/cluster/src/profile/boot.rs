//! Loading a profile's objects into a fresh API server. The JSON data may use placeholders in
//! strings, resolved at load time so every run sees a cluster that booted `boot_age` ago:
//!
//! - `@ts:+N` / `@ts:-N`: the boot time plus N seconds, RFC 3339 (`@us:` with microseconds,
//!   `@ns:` with nanoseconds, `@upd:` in minikube's `updated_at` label format);
//! - `@cid`: a fresh container ID for the profile's runtime;
//! - `@hash:S`: 32 hex digits derived from S (static pod config hashes); `...@D:S` ends a
//!   string with a 64-digit digest derived from S;
//! - `@uid:Kind/namespace/name`: the uid of an object loaded earlier;
//! - `@vol` inside a string: the object's token volume suffix (`kube-api-access-@vol`);
//! - a list item `@sa:NS:a,b,c`: ServiceAccounts a, b and c in NS;
//! - `SELFUID`: the uid of the object itself, once created.
//!
//! The stored objects are the data itself, so statuses and timestamps are exactly the profile's;
//! the server adds uid, resourceVersion and generation. A page boots the trusted way, without
//! admission (a quarter of its boot time); the profile tests boot through the server's `create`
//! too and require both to store the same cluster, with no object refused.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Value};

use super::{Profile, Runtime};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;
use kubeplay_sim::events::{self, Event, Source};
use kubeplay_sim::Sim;

struct Ctx<'a> {
    boot: Time,
    runtime: Runtime,
    api: &'a ApiServer,
    seq: u64,
    vol: String,
}

fn offset(s: &str) -> Option<i64> {
    s.parse::<i64>().ok()
}

fn hex(seed: &str, n: usize) -> String {
    kubeplay_sim::hex_from(seed, n)
}

/// What a placeholder string stands for; None for a plain string (most of them).
fn resolve_str(cx: &mut Ctx, s: &str) -> Option<Value> {
    if !s.contains('@') {
        return None;
    }
    if let Some(rest) = s.strip_prefix("@ts:") {
        if let Some(n) = offset(rest) {
            return Some(json!(cx.boot.plus(n).rfc3339()));
        }
    }
    if let Some(rest) = s.strip_prefix("@us:") {
        if let Some(n) = offset(rest) {
            let t = cx.boot.plus(n).rfc3339();
            return Some(json!(format!(
                "{}.{:06}Z",
                t.trim_end_matches('Z'),
                412_337 + n.unsigned_abs() * 7
            )));
        }
    }
    if let Some(rest) = s.strip_prefix("@ns:") {
        if let Some(n) = offset(rest) {
            let t = cx.boot.plus(n).rfc3339();
            return Some(json!(format!("{}.548823466Z", t.trim_end_matches('Z'))));
        }
    }
    if let Some(rest) = s.strip_prefix("@upd:") {
        if let Some(n) = offset(rest) {
            let t = cx.boot.plus(n).rfc3339();
            let t = t.trim_end_matches('Z').replace(['-', ':'], "_");
            return Some(json!(format!("{t}_0700")));
        }
    }
    if s == "@cid" {
        cx.seq += 1;
        let prefix = match cx.runtime {
            Runtime::Docker => "docker://",
            Runtime::Containerd => "containerd://",
        };
        return Some(json!(format!(
            "{prefix}{}",
            hex(&format!("cid{}", cx.seq), 64)
        )));
    }
    if let Some(seed) = s.strip_prefix("@hash:") {
        return Some(json!(hex(seed, 32)));
    }
    if let Some(path) = s.strip_prefix("@uid:") {
        let mut parts = path.splitn(3, '/');
        let (kind, ns, name) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let uid = cx
            .api
            .discovery
            .all()
            .iter()
            .find(|i| i.kind == kind)
            .and_then(|i| cx.api.store().get(&Key::new(&i.gr(), ns, name)))
            .map(|o| o.uid().to_string())
            .unwrap_or_default();
        return Some(json!(uid));
    }
    if let Some(i) = s.find("@D:") {
        return Some(json!(format!("{}{}", &s[..i], hex(&s[i + 3..], 64))));
    }
    if s.contains("@vol") {
        return Some(json!(s.replace("@vol", &cx.vol)));
    }
    None
}

/// Resolves the placeholders in place: booting touches every string of the profile, and
/// rebuilding the whole tree for the few placeholders was most of the page's boot time.
fn resolve(cx: &mut Ctx, v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Some(new) = resolve_str(cx, s) {
                *v = new;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| resolve(cx, x)),
        Value::Object(m) => m.values_mut().for_each(|x| resolve(cx, x)),
        _ => {}
    }
}

/// The list of objects, with `@sa:` items expanded.
fn expand(objects: Vec<Value>) -> Vec<Value> {
    let mut out = Vec::with_capacity(objects.len());
    for o in objects {
        if let Some(spec) = o.as_str().and_then(|s| s.strip_prefix("@sa:")) {
            let (ns, names) = spec.split_once(':').unwrap_or(("default", ""));
            for n in names.split(',').filter(|n| !n.is_empty()) {
                out.push(json!({"apiVersion": "v1", "kind": "ServiceAccount",
                    "metadata": {"name": n, "namespace": ns}}));
            }
        } else {
            out.push(o);
        }
    }
    out
}

/// How profile objects reach the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    /// Stored as data, with what `create` would assign (uid, resourceVersion, generation).
    Trusted,
    /// Through the server's `create`, admission and validation included (the profile tests).
    #[cfg_attr(not(test), allow(dead_code))]
    Checked,
}

/// Load the profile; returns what the API server refused (those objects are stored as they are,
/// so the cluster is complete anyway; the profile tests require this list to be empty).
pub fn load(
    profile: &Profile,
    api: &mut ApiServer,
    sim: &mut Sim,
    now: Time,
    admit: Admit,
) -> Vec<String> {
    let mut problems = Vec::new();
    let boot = profile.boot_time(now);
    let mut data: Value = match serde_json::from_str(profile.data) {
        Ok(v) => v,
        Err(e) => return vec![format!("profile data: {e}")],
    };
    let objects = match data.get_mut("objects").map(Value::take) {
        Some(Value::Array(objects)) => expand(objects),
        _ => Vec::new(),
    };
    super::policy::seed(&profile.name, api, boot);
    let mut seq = 0;
    for mut obj in objects {
        let vol = api.rng.suffix(5);
        {
            let mut cx = Ctx {
                boot,
                runtime: profile.runtime,
                api,
                seq,
                vol,
            };
            resolve(&mut cx, &mut obj);
            seq = cx.seq;
        }
        if let Err(e) = create(api, obj, boot, admit) {
            problems.push(e);
        }
    }
    // The node's images are what the kubelet finds already pulled.
    let node_key = Key::new("/nodes", "", &profile.node_name);
    if let Some(images) = api
        .store()
        .get(&node_key)
        .and_then(|n| n.pointer("/status/images"))
        .and_then(|i| i.as_array())
        .cloned()
    {
        for img in images {
            for name in img
                .get("names")
                .and_then(|n| n.as_array())
                .into_iter()
                .flatten()
            {
                if let Some(s) = name.as_str() {
                    sim.add_image(&kubeplay_sim::normalize_image(s));
                }
            }
        }
    }
    boot_events(profile, api, sim, &data, boot);
    // Controllers settle as they did while the cluster came up.
    api.now = boot.plus(20);
    sim.reconcile(api);
    problems
}

fn create(api: &mut ApiServer, obj: Value, boot: Time, admit: Admit) -> Result<(), String> {
    let av = meta::str_at(&obj, &["apiVersion"]).to_string();
    let kind = meta::kind(&obj).to_string();
    let Some(info) = api.discovery.by_kind(&av, &kind).cloned() else {
        return Err(format!("profile object of unknown kind {av} {kind}"));
    };
    let ns = meta::namespace(&obj).to_string();
    let created_at = obj
        .pointer("/metadata/creationTimestamp")
        .and_then(|v| v.as_str())
        .and_then(Time::parse_rfc3339)
        .unwrap_or(boot);
    api.now = created_at;
    let mut problem = None;
    let created = match admit {
        Admit::Trusted => api.assign_identity(&info),
        Admit::Checked => {
            let mut body = obj.clone();
            if let Some(m) = body.as_object_mut() {
                m.shift_remove("status");
            }
            let ns_opt = (!ns.is_empty()).then_some(ns.as_str());
            match api.create(&info, ns_opt, body, false) {
                Ok(c) => c,
                Err(e) => {
                    problem = Some(format!(
                        "profile object {kind} {ns}/{}: {}",
                        meta::name(&obj),
                        e.message
                    ));
                    // Stored as data all the same, so the cluster is complete.
                    api.assign_identity(&info)
                }
            }
        }
    };
    let mut stored = obj;
    replace_self_uid(&mut stored, created.uid());
    for f in ["uid", "resourceVersion"] {
        if let Some(v) = created.pointer(&format!("/metadata/{f}")) {
            meta::set(&mut stored, &["metadata", f], v.clone());
        }
    }
    meta::set_str(
        &mut stored,
        &["metadata", "creationTimestamp"],
        &created_at.rfc3339(),
    );
    if stored.pointer("/metadata/generation").is_none() {
        if let Some(g) = created.pointer("/metadata/generation") {
            meta::set(&mut stored, &["metadata", "generation"], g.clone());
        }
    }
    if info.kind == "Namespace" {
        let name = meta::name(&stored).to_string();
        meta::set_str(
            &mut stored,
            &["metadata", "labels", "kubernetes.io/metadata.name"],
            &name,
        );
    }
    api.restore(&info, stored);
    problem.map_or(Ok(()), Err)
}

/// `SELFUID` in the data stands for the object's own uid (a Job's selector names it).
fn replace_self_uid(v: &mut Value, uid: &str) {
    match v {
        Value::String(s) if s == "SELFUID" => *v = json!(uid),
        Value::Array(a) => a.iter_mut().for_each(|x| replace_self_uid(x, uid)),
        Value::Object(m) => m.values_mut().for_each(|x| replace_self_uid(x, uid)),
        _ => {}
    }
}

/// Events of a fresh cluster: the node's, then the system pods' and their controllers'.
fn boot_events(profile: &Profile, api: &mut ApiServer, sim: &mut Sim, data: &Value, boot: Time) {
    for e in data
        .get("events")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
    {
        let f = |i: usize| e.get(i).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let (kind, ns, name) = (f(0), f(1), f(2));
        let found = api
            .discovery
            .all()
            .iter()
            .find(|i| i.kind == kind)
            .and_then(|i| api.store().get(&Key::new(&i.gr(), &ns, &name)))
            .cloned();
        let Some(mut involved) = found else {
            continue;
        };
        if f(3) == "@name" {
            // The kubelet names its node by name where the uid would go.
            meta::set_str(&mut involved, &["metadata", "uid"], &name);
        }
        if let Some(m) = involved.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            m.shift_remove("resourceVersion");
        }
        let at = boot.plus(e.get(7).and_then(|v| v.as_i64()).unwrap_or(0));
        let component = f(5);
        // A node's own kubelet reports its events; others are the control plane's.
        let host = if kind == "Node" {
            name.clone()
        } else {
            profile.node_name.clone()
        };
        let source = if component == "kubelet" {
            Source::Kubelet(&host)
        } else {
            Source::Controller(&component)
        };
        events::record(sim, api, Event::normal(&involved, &f(4), f(6), source), at);
    }
    let pods: Vec<Value> = api
        .store()
        .list("/pods", Some("kube-system"))
        .map(|(_, p)| p.clone())
        .collect();
    let mut pods = pods;
    pods.extend(
        api.store()
            .list("/pods", Some("local-path-storage"))
            .map(|(_, p)| p.clone()),
    );
    for pod in &pods {
        let host = meta::str_at(pod, &["spec", "nodeName"]).to_string();
        // Pods on nodes that joined later were scheduled and started as their node came up.
        let late = if host == profile.node_name { 0 } else { 8 };
        let mirror = pod
            .pointer("/metadata/annotations/kubernetes.io~1config.mirror")
            .is_some();
        if !mirror {
            let msg = format!(
                "Successfully assigned kube-system/{} to {host}",
                meta::name(pod)
            );
            let instance = format!("default-scheduler-{}", profile.node_name);
            events::record(
                sim,
                api,
                Event::normal(
                    pod,
                    "Scheduled",
                    msg,
                    Source::Reporting("default-scheduler", &instance, "Binding"),
                ),
                boot.plus(8 + late),
            );
        }
        for c in pod
            .pointer("/spec/containers")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            let name = meta::str_at(c, &["name"]);
            let image = meta::str_at(c, &["image"]);
            let at = boot.plus(if mirror { -7 } else { 9 + late });
            for (reason, msg) in [
                (
                    "Pulled",
                    format!("Container image \"{image}\" already present on machine"),
                ),
                ("Created", format!("Created container: {name}")),
                ("Started", format!("Started container {name}")),
            ] {
                let ev = Event::normal(pod, reason, msg, Source::Kubelet(&host)).container(name);
                events::record(sim, api, ev, at);
            }
        }
    }
}
