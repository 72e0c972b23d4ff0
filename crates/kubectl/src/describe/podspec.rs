//! Pieces of a pod spec that the Pod, Deployment and ReplicaSet describers share: containers
//! (ports, command, state, resources, probes, environment, mounts), volumes, tolerations,
//! topology spread constraints and the `Pod Template:` block.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::{
    annotations_multiline, arr, go_value, int_at, labels_multiline, parse_time, rfc1123z, s,
    LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, W,
};
use kubeplay_core::api::quantity::{self, Quantity};
use kubeplay_core::api::selector::LabelSelector;

/// Resolves `valueFrom.fieldRef` for a live pod; templates have none.
pub type EnvResolver<'a> = Option<&'a Value>;

/// `describeContainers`: the label line, then each container with its status when known.
pub fn containers(
    w: &mut W,
    label: &str,
    containers: &[Value],
    statuses: &[Value],
    pod: EnvResolver,
    space: &str,
) {
    let none = if containers.is_empty() { " <none>" } else { "" };
    w.write(LEVEL_0, &format!("{space}{label}:{none}\n"));
    for c in containers {
        let name = s(c, "/name");
        let status = statuses.iter().find(|st| s(st, "/name") == name);
        basic_info(w, c, status, space);
        command(w, c);
        if let Some(st) = status {
            container_state(w, st);
        }
        resources(w, c);
        probes(w, c);
        if !arr(c, "/envFrom").is_empty() {
            env_from(w, c);
        }
        env_vars(w, c, pod);
        mounts(w, c);
    }
}

fn ports_text(c: &Value, field: &str) -> String {
    arr(c, "/ports")
        .iter()
        .map(|p| format!("{}/{}", int_at(p, field), s(p, "/protocol")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn or_none(s: String) -> String {
    if s.is_empty() {
        "<none>".into()
    } else {
        s
    }
}

fn basic_info(w: &mut W, c: &Value, status: Option<&Value>, space: &str) {
    let indent = if space.is_empty() { "" } else { " " };
    w.write(LEVEL_1, &format!("{indent}{}:\n", s(c, "/name")));
    if let Some(st) = status {
        w.write(
            LEVEL_2,
            &format!("Container ID:\t{}\n", s(st, "/containerID")),
        );
    }
    w.write(LEVEL_2, &format!("Image:\t{}\n", s(c, "/image")));
    if let Some(st) = status {
        w.write(LEVEL_2, &format!("Image ID:\t{}\n", s(st, "/imageID")));
    }
    let ports = ports_text(c, "/containerPort");
    if ports.contains(',') {
        w.write(LEVEL_2, &format!("Ports:\t{ports}\n"));
    } else {
        w.write(LEVEL_2, &format!("Port:\t{}\n", or_none(ports)));
    }
    let host_ports = ports_text(c, "/hostPort");
    if host_ports.contains(',') {
        w.write(LEVEL_2, &format!("Host Ports:\t{host_ports}\n"));
    } else {
        w.write(LEVEL_2, &format!("Host Port:\t{}\n", or_none(host_ports)));
    }
    if let Some(sp) = c.pointer("/securityContext/seccompProfile") {
        let ty = s(sp, "/type");
        w.write(LEVEL_2, &format!("SeccompProfile:\t{ty}\n"));
        if ty == "Localhost" {
            w.write(
                LEVEL_3,
                &format!("LocalhostProfile:\t{}\n", s(sp, "/localhostProfile")),
            );
        }
    }
}

fn command(w: &mut W, c: &Value) {
    for (field, title) in [("/command", "Command"), ("/args", "Args")] {
        let items = arr(c, field);
        if items.is_empty() {
            continue;
        }
        w.write(LEVEL_2, &format!("{title}:\n"));
        for item in items {
            for line in go_value(item).split('\n') {
                w.write(LEVEL_3, &format!("{line}\n"));
            }
        }
    }
}

fn time_text(v: &Value, pointer: &str) -> String {
    // A zero time formats as Go's zero value.
    parse_time(s(v, pointer))
        .map(rfc1123z)
        .unwrap_or_else(|| "Mon, 01 Jan 0001 00:00:00 +0000".into())
}

fn state(w: &mut W, title: &str, st: &Value) {
    if let Some(r) = st.get("running").filter(|v| v.is_object()) {
        w.write(LEVEL_2, &format!("{title}:\tRunning\n"));
        w.write(
            LEVEL_3,
            &format!("Started:\t{}\n", time_text(r, "/startedAt")),
        );
    } else if let Some(wt) = st.get("waiting").filter(|v| v.is_object()) {
        w.write(LEVEL_2, &format!("{title}:\tWaiting\n"));
        let reason = s(wt, "/reason");
        if !reason.is_empty() {
            w.write(LEVEL_3, &format!("Reason:\t{reason}\n"));
        }
    } else if let Some(t) = st.get("terminated").filter(|v| v.is_object()) {
        w.write(LEVEL_2, &format!("{title}:\tTerminated\n"));
        for (field, label) in [("/reason", "Reason"), ("/message", "Message")] {
            let v = s(t, field);
            if !v.is_empty() {
                w.write(LEVEL_3, &format!("{label}:\t{v}\n"));
            }
        }
        w.write(
            LEVEL_3,
            &format!("Exit Code:\t{}\n", int_at(t, "/exitCode")),
        );
        let signal = int_at(t, "/signal");
        if signal > 0 {
            w.write(LEVEL_3, &format!("Signal:\t{signal}\n"));
        }
        w.write(
            LEVEL_3,
            &format!("Started:\t{}\n", time_text(t, "/startedAt")),
        );
        w.write(
            LEVEL_3,
            &format!("Finished:\t{}\n", time_text(t, "/finishedAt")),
        );
    } else {
        w.write(LEVEL_2, &format!("{title}:\tWaiting\n"));
    }
}

fn container_state(w: &mut W, st: &Value) {
    state(w, "State", st.get("state").unwrap_or(&Value::Null));
    if let Some(last) = st.get("lastState") {
        if last.get("terminated").is_some_and(|t| t.is_object()) {
            state(w, "Last State", last);
        }
    }
    let ready = st.get("ready").and_then(|r| r.as_bool()).unwrap_or(false);
    w.write(
        LEVEL_2,
        &format!("Ready:\t{}\n", if ready { "True" } else { "False" }),
    );
    w.write(
        LEVEL_2,
        &format!("Restart Count:\t{}\n", int_at(st, "/restartCount")),
    );
}

/// A resource list (`requests`, `limits`, `capacity`) as sorted (name, canonical quantity).
pub fn resource_list(v: Option<&Value>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v
        .and_then(|m| m.as_object())
        .map(|m| {
            m.iter()
                .map(|(k, q)| {
                    let text = quantity::from_json(q)
                        .map(|q| q.to_canonical())
                        .unwrap_or_else(|| go_value(q));
                    (k.clone(), text)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_once();
    out
}

fn resources(w: &mut W, c: &Value) {
    for (field, title) in [
        ("/resources/limits", "Limits"),
        ("/resources/requests", "Requests"),
    ] {
        let list = resource_list(c.pointer(field));
        if list.is_empty() {
            continue;
        }
        w.write(LEVEL_2, &format!("{title}:\n"));
        for (name, q) in list {
            w.write(LEVEL_3, &format!("{name}:\t{q}\n"));
        }
    }
}

/// Go's `%v` of an IntOrString.
fn int_or_string(v: Option<&Value>) -> String {
    v.map(go_value).unwrap_or_default()
}

/// `DescribeProbe`.
pub fn probe_text(p: &Value) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        int_at(p, "/initialDelaySeconds"),
        int_at(p, "/timeoutSeconds"),
        int_at(p, "/periodSeconds"),
        int_at(p, "/successThreshold"),
        int_at(p, "/failureThreshold")
    );
    if let Some(exec) = p.get("exec") {
        let cmd: Vec<String> = arr(exec, "/command").iter().map(go_value).collect();
        return format!("exec [{}] {attrs}", cmd.join(" "));
    }
    if let Some(h) = p.get("httpGet") {
        let scheme = s(h, "/scheme").to_lowercase();
        let port = int_or_string(h.get("port"));
        let host = s(h, "/host");
        let hostport = if port.is_empty() {
            host.to_string()
        } else if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let path = s(h, "/path");
        let sep = if !path.is_empty() && !path.starts_with('/') {
            "/"
        } else {
            ""
        };
        let prefix = if scheme.is_empty() {
            String::new()
        } else {
            format!("{scheme}:")
        };
        return format!("http-get {prefix}//{hostport}{sep}{path} {attrs}");
    }
    if let Some(t) = p.get("tcpSocket") {
        return format!(
            "tcp-socket {}:{} {attrs}",
            s(t, "/host"),
            int_or_string(t.get("port"))
        );
    }
    if let Some(g) = p.get("grpc") {
        return format!(
            "grpc <pod>:{} {} {attrs}",
            int_at(g, "/port"),
            s(g, "/service")
        );
    }
    format!("unknown {attrs}")
}

fn probes(w: &mut W, c: &Value) {
    for (field, title) in [
        ("livenessProbe", "Liveness"),
        ("readinessProbe", "Readiness"),
        ("startupProbe", "Startup"),
    ] {
        if let Some(p) = c.get(field).filter(|p| p.is_object()) {
            w.write(LEVEL_2, &format!("{title}:\t{}\n", probe_text(p)));
        }
    }
}

fn optional(v: &Value) -> bool {
    v.get("optional").and_then(|o| o.as_bool()).unwrap_or(false)
}

fn env_from(w: &mut W, c: &Value) {
    w.write(LEVEL_2, "Environment Variables from:\n");
    for e in arr(c, "/envFrom") {
        let (from, r) = if let Some(r) = e.get("configMapRef") {
            ("ConfigMap", r)
        } else if let Some(r) = e.get("secretRef") {
            ("Secret", r)
        } else {
            ("", &Value::Null)
        };
        let name = s(r, "/name");
        let prefix = s(e, "/prefix");
        let opt = optional(r);
        if prefix.is_empty() {
            w.write(LEVEL_3, &format!("{name}\t{from}\tOptional: {opt}\n"));
        } else {
            w.write(
                LEVEL_3,
                &format!("{name}\t{from} with prefix '{prefix}'\tOptional: {opt}\n"),
            );
        }
    }
}

/// What kubelet would put in a fieldRef env var, from the live pod.
fn resolve_field(pod: &Value, path: &str) -> String {
    let keyed = |prefix: &str, map: &str| -> Option<String> {
        let key = path.strip_prefix(prefix)?.strip_suffix("']")?;
        Some(
            s(
                pod,
                &format!(
                    "/metadata/{map}/{}",
                    key.replace('~', "~0").replace('/', "~1")
                ),
            )
            .to_string(),
        )
    };
    if let Some(v) = keyed("metadata.labels['", "labels") {
        return v;
    }
    if let Some(v) = keyed("metadata.annotations['", "annotations") {
        return v;
    }
    match path {
        "metadata.name" => s(pod, "/metadata/name").into(),
        "metadata.namespace" => s(pod, "/metadata/namespace").into(),
        "metadata.uid" => s(pod, "/metadata/uid").into(),
        "spec.nodeName" => s(pod, "/spec/nodeName").into(),
        "spec.serviceAccountName" => s(pod, "/spec/serviceAccountName").into(),
        "status.hostIP" => s(pod, "/status/hostIP").into(),
        "status.podIP" => s(pod, "/status/podIP").into(),
        "status.podIPs" => arr(pod, "/status/podIPs")
            .iter()
            .map(|p| s(p, "/ip"))
            .collect::<Vec<_>>()
            .join(","),
        _ => String::new(),
    }
}

/// `ExtractContainerResourceValue`, rounded up to whole divisors as kubelet does.
fn resource_field_value(c: &Value, r: &Value) -> String {
    let resource = s(r, "/resource");
    let Some((kind, name)) = resource.split_once('.') else {
        return String::new();
    };
    let list = match kind {
        "limits" => "/resources/limits",
        "requests" => "/resources/requests",
        _ => return String::new(),
    };
    let q = c
        .pointer(&format!("{list}/{name}"))
        .and_then(quantity::from_json)
        .unwrap_or_default();
    let divisor = r
        .get("divisor")
        .and_then(quantity::from_json)
        .filter(|d| !d.is_zero())
        .unwrap_or_else(|| Quantity::parse("1").unwrap_or_default());
    let value = if name == "cpu" {
        let d = divisor.milli_value().max(1);
        (q.milli_value() + d - 1).div_euclid(d)
    } else {
        let d = divisor.value().max(1);
        (q.value() + d - 1).div_euclid(d)
    };
    value.to_string()
}

fn env_vars(w: &mut W, c: &Value, pod: EnvResolver) {
    let env = arr(c, "/env");
    let none = if env.is_empty() { "\t<none>" } else { "" };
    w.write(LEVEL_2, &format!("Environment:{none}\n"));
    for e in env {
        let name = s(e, "/name");
        let Some(from) = e.get("valueFrom").filter(|v| v.is_object()) else {
            for (i, line) in s(e, "/value").split('\n').enumerate() {
                if i == 0 {
                    w.write(LEVEL_3, &format!("{name}:\t{line}\n"));
                } else {
                    w.write(LEVEL_3, &format!("\t{line}\n"));
                }
            }
            continue;
        };
        if let Some(f) = from.get("fieldRef") {
            let path = s(f, "/fieldPath");
            let value = pod.map(|p| resolve_field(p, path)).unwrap_or_default();
            w.write(
                LEVEL_3,
                &format!("{name}:\t{value} ({}:{path})\n", s(f, "/apiVersion")),
            );
        } else if let Some(r) = from.get("resourceFieldRef") {
            let resource = s(r, "/resource");
            let mut value = resource_field_value(c, r);
            if value == "0" && (resource == "limits.cpu" || resource == "limits.memory") {
                value = "node allocatable".into();
            }
            w.write(LEVEL_3, &format!("{name}:\t{value} ({resource})\n"));
        } else if let Some(r) = from.get("secretKeyRef") {
            w.write(
                LEVEL_3,
                &format!(
                    "{name}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                    s(r, "/key"),
                    s(r, "/name"),
                    optional(r)
                ),
            );
        } else if let Some(r) = from.get("configMapKeyRef") {
            w.write(
                LEVEL_3,
                &format!(
                    "{name}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                    s(r, "/key"),
                    s(r, "/name"),
                    optional(r)
                ),
            );
        }
    }
}

fn mounts(w: &mut W, c: &Value) {
    let mut list: Vec<&Value> = arr(c, "/volumeMounts").iter().collect();
    let none = if list.is_empty() { "\t<none>" } else { "" };
    w.write(LEVEL_2, &format!("Mounts:{none}\n"));
    list.sort_once_by(|a, b| s(a, "/mountPath").cmp(s(b, "/mountPath")));
    for m in list {
        let ro = m.get("readOnly").and_then(|r| r.as_bool()).unwrap_or(false);
        let mut flags = vec![if ro {
            "ro".to_string()
        } else {
            "rw".to_string()
        }];
        let sub = s(m, "/subPath");
        if !sub.is_empty() {
            flags.push(format!("path={sub:?}"));
        }
        w.write(
            LEVEL_3,
            &format!(
                "{} from {} ({})\n",
                s(m, "/mountPath"),
                s(m, "/name"),
                flags.join(",")
            ),
        );
    }
    let devices = arr(c, "/volumeDevices");
    if !devices.is_empty() {
        w.write(LEVEL_2, "Devices:\n");
        for d in devices {
            w.write(
                LEVEL_3,
                &format!("{} from {}\n", s(d, "/devicePath"), s(d, "/name")),
            );
        }
    }
}

/// `describeVolumes`.
pub fn volumes(w: &mut W, volumes: &[Value], space: &str) {
    if volumes.is_empty() {
        w.write(LEVEL_0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.write(LEVEL_0, &format!("{space}Volumes:\n"));
    let indent = if space.is_empty() { "" } else { " " };
    for v in volumes {
        w.write(LEVEL_1, &format!("{indent}{}:\n", s(v, "/name")));
        volume_source(w, v);
    }
}

fn bool_at(v: &Value, pointer: &str) -> bool {
    v.pointer(pointer)
        .and_then(|b| b.as_bool())
        .unwrap_or(false)
}

pub fn volume_source(w: &mut W, v: &Value) {
    if let Some(h) = v.get("hostPath") {
        let ty = match s(h, "/type") {
            "" if h.get("type").is_none() => "<none>".to_string(),
            t => t.to_string(),
        };
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{ty}\n",
                s(h, "/path")
            ),
        );
    } else if let Some(e) = v.get("emptyDir") {
        let limit = e
            .get("sizeLimit")
            .and_then(quantity::from_json)
            .filter(|q| q.cmp_value(&Quantity::default()).is_gt())
            .map(|q| q.to_canonical())
            .unwrap_or_else(|| "<unset>".into());
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}\n",
                s(e, "/medium")
            ),
        );
    } else if let Some(x) = v.get("secret") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
                s(x, "/secretName"),
                bool_at(x, "/optional")
            ),
        );
    } else if let Some(x) = v.get("configMap") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
                s(x, "/name"),
                bool_at(x, "/optional")
            ),
        );
    } else if let Some(x) = v.get("persistentVolumeClaim") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
                s(x, "/claimName"),
                bool_at(x, "/readOnly")
            ),
        );
    } else if let Some(x) = v.get("projected") {
        w.write(
            LEVEL_2,
            "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
        );
        for src in arr(x, "/sources") {
            if let Some(sec) = src.get("secret") {
                w.write(
                    LEVEL_2,
                    &format!(
                        "SecretName:\t{}\n    SecretOptionalName:\t{}\n",
                        s(sec, "/name"),
                        go_optional(sec)
                    ),
                );
            } else if src.get("downwardAPI").is_some() {
                w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
            } else if let Some(cm) = src.get("configMap") {
                w.write(
                    LEVEL_2,
                    &format!(
                        "ConfigMapName:\t{}\n    ConfigMapOptional:\t{}\n",
                        s(cm, "/name"),
                        go_optional(cm)
                    ),
                );
            } else if let Some(t) = src.get("serviceAccountToken") {
                w.write(
                    LEVEL_2,
                    &format!(
                        "TokenExpirationSeconds:\t{}\n",
                        int_at(t, "/expirationSeconds")
                    ),
                );
            }
        }
    } else if let Some(x) = v.get("downwardAPI") {
        w.write(
            LEVEL_2,
            "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n",
        );
        for item in arr(x, "/items") {
            if let Some(f) = item.get("fieldRef") {
                w.write(
                    LEVEL_3,
                    &format!("{} -> {}\n", s(f, "/fieldPath"), s(item, "/path")),
                );
            }
            if let Some(r) = item.get("resourceFieldRef") {
                w.write(
                    LEVEL_3,
                    &format!("{} -> {}\n", s(r, "/resource"), s(item, "/path")),
                );
            }
        }
    } else if let Some(x) = v.get("nfs") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n",
                s(x, "/server"),
                s(x, "/path"),
                bool_at(x, "/readOnly")
            ),
        );
    } else {
        w.write(LEVEL_1, "<unknown>\n");
    }
}

/// `printTolerationsMultilineWithIndent`, sorted by key.
pub fn tolerations(w: &mut W, title: &str, list: &[Value]) {
    w.write(LEVEL_0, &format!("{title}:\t"));
    if list.is_empty() {
        w.line("<none>");
        return;
    }
    let mut sorted: Vec<&Value> = list.iter().collect();
    sorted.sort_once_by(|a, b| s(a, "/key").cmp(s(b, "/key")));
    for (i, t) in sorted.iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, "\t");
        }
        let (key, value, effect) = (s(t, "/key"), s(t, "/value"), s(t, "/effect"));
        let mut text = key.to_string();
        if !value.is_empty() {
            text.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            text.push_str(&format!(":{effect}"));
        }
        if s(t, "/operator") == "Exists" && value.is_empty() {
            text.push_str(if key.is_empty() && effect.is_empty() {
                "op=Exists"
            } else {
                " op=Exists"
            });
        }
        if let Some(secs) = t.get("tolerationSeconds").and_then(|x| x.as_i64()) {
            text.push_str(&format!(" for {secs}s"));
        }
        w.write(LEVEL_0, &format!("{text}\n"));
    }
}

/// `describeTopologySpreadConstraints` (nothing when there are none).
pub fn topology_spread(w: &mut W, list: &[Value], space: &str) {
    if list.is_empty() {
        return;
    }
    let mut sorted: Vec<&Value> = list.iter().collect();
    sorted.sort_once_by(|a, b| s(a, "/topologyKey").cmp(s(b, "/topologyKey")));
    w.write(LEVEL_0, &format!("{space}Topology Spread Constraints:\t"));
    for (i, t) in sorted.iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, &format!("{space}\t"));
        }
        let mut text = format!(
            "{}:{} when max skew {} is exceeded",
            s(t, "/topologyKey"),
            s(t, "/whenUnsatisfiable"),
            int_at(t, "/maxSkew")
        );
        if let Some(sel) = t.get("labelSelector").filter(|v| v.is_object()) {
            text.push_str(&format!(
                " for selector {}",
                LabelSelector::format(Some(sel))
            ));
        }
        w.write(LEVEL_0, &format!("{text}\n"));
    }
}

/// `DescribePodTemplate`.
pub fn pod_template(w: &mut W, template: Option<&Value>) {
    w.write(LEVEL_0, "Pod Template:\n");
    let Some(t) = template else {
        w.write(LEVEL_1, "<unset>");
        return;
    };
    labels_multiline(w, "", "  Labels", t.labels());
    let annotations = t.annotations();
    if annotations
        .and_then(|a| a.as_object())
        .is_some_and(|a| !a.is_empty())
    {
        annotations_multiline(w, "  Annotations", annotations);
    }
    let sa = s(t, "/spec/serviceAccountName");
    if !sa.is_empty() {
        w.write(LEVEL_1, &format!("Service Account:\t{sa}\n"));
    }
    let init = arr(t, "/spec/initContainers");
    if !init.is_empty() {
        containers(w, "Init Containers", init, &[], None, "  ");
    }
    containers(w, "Containers", arr(t, "/spec/containers"), &[], None, "  ");
    volumes(w, arr(t, "/spec/volumes"), "  ");
    topology_spread(w, arr(t, "/spec/topologySpreadConstraints"), "  ");
    let pc = s(t, "/spec/priorityClassName");
    if !pc.is_empty() {
        w.write(LEVEL_1, &format!("Priority Class Name:\t{pc}\n"));
    }
    labels_multiline(w, "", "  Node-Selectors", t.pointer("/spec/nodeSelector"));
    tolerations(w, "  Tolerations", arr(t, "/spec/tolerations"));
}

/// kubectl 1.32 prints a projected source's `optional` (a `*bool`) with `%v`: `<nil>` when unset.
/// A set pointer would print as an address, which says nothing; the value is shown instead.
fn go_optional(src: &Value) -> String {
    match src.get("optional").and_then(|o| o.as_bool()) {
        Some(b) => b.to_string(),
        None => "<nil>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn template_block_aligns_like_kubectl() {
        let t = json!({
            "metadata": {"labels": {"app": "nginx"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2",
                     "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}
        });
        let mut w = W::new();
        pod_template(&mut w, Some(&t));
        assert_eq!(
            w.finish(),
            "Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:         nginx:1.14.2
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
"
        );
    }

    #[test]
    fn probes_and_qos() {
        let p = json!({"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
                       "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3});
        assert_eq!(
            probe_text(&p),
            "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3"
        );
        let e = json!({"exec": {"command": ["cat", "/tmp/healthy"]}});
        assert_eq!(
            probe_text(&e),
            "exec [cat /tmp/healthy] delay=0s timeout=0s period=0s #success=0 #failure=0"
        );
    }
}
