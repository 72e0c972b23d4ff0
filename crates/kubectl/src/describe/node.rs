//! `kubectl describe node`: the node, its lease, the pods running on it with their share of the
//! node's allocatable resources, and events recorded under either of a node's two uids.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::events::{self, Ref};
use super::podspec::resource_list;
use super::{
    annotations_multiline, arr, labels_multiline, parse_time, rfc1123z, s, since, Settings,
    LEVEL_0, LEVEL_1, W,
};
use crate::{Ctx, KError};
use kubeplay_core::api::quantity::list as quantities;
use kubeplay_core::api::quantity::Quantity;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

/// What the node describer fetched besides the node.
pub struct Related {
    pub pods: Option<Vec<Value>>,
    /// The node's Lease, or the message of the error fetching it.
    pub lease: Result<Value, String>,
    pub events: Option<Vec<Value>>,
}

pub fn describe(ctx: &mut Ctx, node: &Value, settings: &Settings) -> Result<String, KError> {
    let name = s(node, "/metadata/name");
    let lease_path =
        format!("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/{name}");
    let lease = match ctx.call(ApiRequest::get(lease_path)) {
        Ok(l) => Ok(l),
        Err(KError::Status(st)) => Err(st.message),
        Err(e) => Err(e.render("").trim_end().to_string()),
    };
    let selector = format!("spec.nodeName={name},status.phase!=Succeeded,status.phase!=Failed");
    let pods = match ctx.call(ApiRequest::get("/api/v1/pods").with_query("fieldSelector", selector))
    {
        Ok(list) => Some(arr(&list, "/items").to_vec()),
        Err(KError::Status(st)) if st.code == 403 => None,
        Err(e) => return Err(e),
    };
    let events = settings.show_events.then(|| {
        // The node controller records events under the node's uid, the kubelet under its name.
        let mut r = Ref::of(node);
        let mut found = events::search(ctx, &r);
        r.uid = name;
        found.extend(events::search(ctx, &r));
        found
    });
    Ok(render(
        node,
        &Related {
            pods,
            lease,
            events,
        },
        settings.now,
    ))
}

/// `findNodeRoles`: `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`.
fn roles(node: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(labels) = node.labels().and_then(|l| l.as_object()) {
        for (k, v) in labels {
            let role = match k.strip_prefix("node-role.kubernetes.io/") {
                Some(r) => r.to_string(),
                None if k == "kubernetes.io/role" => v.as_str().unwrap_or("").to_string(),
                None => continue,
            };
            if !role.is_empty() && !out.contains(&role) {
                out.push(role);
            }
        }
    }
    out.sort_once();
    out
}

fn time_or_unset(v: &Value, pointer: &str) -> String {
    parse_time(s(v, pointer))
        .map(rfc1123z)
        .unwrap_or_else(|| "<unset>".into())
}

fn go_time(v: &Value, pointer: &str) -> String {
    parse_time(s(v, pointer))
        .map(rfc1123z)
        .unwrap_or_else(|| "Mon, 01 Jan 0001 00:00:00 +0000".into())
}

pub fn render(node: &Value, rel: &Related, now: Time) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(node, "/metadata/name")));
    let r = roles(node);
    let r = if r.is_empty() {
        "<none>".to_string()
    } else {
        r.join(",")
    };
    w.write(LEVEL_0, &format!("Roles:\t{r}\n"));
    labels_multiline(&mut w, "", "Labels", node.labels());
    annotations_multiline(&mut w, "Annotations", node.annotations());
    w.write(
        LEVEL_0,
        &format!(
            "CreationTimestamp:\t{}\n",
            go_time(node, "/metadata/creationTimestamp")
        ),
    );
    taints(&mut w, arr(node, "/spec/taints"));
    let unsched = node
        .pointer("/spec/unschedulable")
        .and_then(|u| u.as_bool())
        .unwrap_or(false);
    w.write(LEVEL_0, &format!("Unschedulable:\t{unsched}\n"));
    match &rel.lease {
        Ok(l) => lease(&mut w, l),
        Err(e) => w.write(LEVEL_0, &format!("Lease:\tFailed to get lease: {e}\n")),
    }
    let conditions = arr(node, "/status/conditions");
    if !conditions.is_empty() {
        w.write(
            LEVEL_0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.write(
            LEVEL_1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in conditions {
            w.write(
                LEVEL_1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    s(c, "/type"),
                    s(c, "/status"),
                    go_time(c, "/lastHeartbeatTime"),
                    go_time(c, "/lastTransitionTime"),
                    s(c, "/reason"),
                    s(c, "/message")
                ),
            );
        }
    }
    w.write(LEVEL_0, "Addresses:\n");
    for a in arr(node, "/status/addresses") {
        w.write(
            LEVEL_1,
            &format!("{}:\t{}\n", s(a, "/type"), s(a, "/address")),
        );
    }
    for (field, title) in [
        ("/status/capacity", "Capacity"),
        ("/status/allocatable", "Allocatable"),
    ] {
        let list = resource_list(node.pointer(field));
        if list.is_empty() {
            continue;
        }
        w.write(LEVEL_0, &format!("{title}:\n"));
        for (name, q) in list {
            w.write(LEVEL_0, &format!("  {name}:\t{q}\n"));
        }
    }
    w.write(LEVEL_0, "System Info:\n");
    for (field, label) in [
        ("machineID", "Machine ID"),
        ("systemUUID", "System UUID"),
        ("bootID", "Boot ID"),
        ("kernelVersion", "Kernel Version"),
        ("osImage", "OS Image"),
        ("operatingSystem", "Operating System"),
        ("architecture", "Architecture"),
        ("containerRuntimeVersion", "Container Runtime Version"),
        ("kubeletVersion", "Kubelet Version"),
        ("kubeProxyVersion", "Kube-Proxy Version"),
    ] {
        let v = s(node, &format!("/status/nodeInfo/{field}"));
        w.write(LEVEL_0, &format!("  {label}:\t{v}\n"));
    }
    let cidr = s(node, "/spec/podCIDR");
    if !cidr.is_empty() {
        w.write(LEVEL_0, &format!("PodCIDR:\t{cidr}\n"));
    }
    let cidrs: Vec<&str> = arr(node, "/spec/podCIDRs")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    if !cidrs.is_empty() {
        w.write(LEVEL_0, &format!("PodCIDRs:\t{}\n", cidrs.join(",")));
    }
    let provider = s(node, "/spec/providerID");
    if !provider.is_empty() {
        w.write(LEVEL_0, &format!("ProviderID:\t{provider}\n"));
    }
    match &rel.pods {
        Some(pods) => node_resources(&mut w, node, pods, now),
        None => w.write(LEVEL_0, "Pods:\tnot authorized\n"),
    }
    if let Some(evs) = &rel.events {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

fn lease(w: &mut W, l: &Value) {
    w.write(LEVEL_0, "Lease:\n");
    let holder = match s(l, "/spec/holderIdentity") {
        "" if l.pointer("/spec/holderIdentity").is_none() => "<unset>",
        h => h,
    };
    w.write(LEVEL_1, &format!("HolderIdentity:\t{holder}\n"));
    let acquire = time_or_unset(l, "/spec/acquireTime");
    w.write(LEVEL_1, &format!("AcquireTime:\t{acquire}\n"));
    let renew = time_or_unset(l, "/spec/renewTime");
    w.write(LEVEL_1, &format!("RenewTime:\t{renew}\n"));
}

/// `printTaintsMultilineWithIndent`, sorted by effect then key.
fn taints(w: &mut W, list: &[Value]) {
    w.write(LEVEL_0, "Taints:\t");
    if list.is_empty() {
        w.line("<none>");
        return;
    }
    let mut sorted: Vec<&Value> = list.iter().collect();
    sorted.sort_once_by_key(|t| format!("{},{}", s(t, "/effect"), s(t, "/key")));
    for (i, t) in sorted.iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, "\t");
        }
        let value = s(t, "/value");
        let text = if value.is_empty() {
            format!("{}:{}", s(t, "/key"), s(t, "/effect"))
        } else {
            format!("{}={value}:{}", s(t, "/key"), s(t, "/effect"))
        };
        w.write(LEVEL_0, &format!("{text}\n"));
    }
}

type Totals = Vec<(String, Quantity)>;

fn add_to(list: &mut Totals, name: &str, q: &Quantity) {
    match list.iter_mut().find(|(n, _)| n == name) {
        Some((_, have)) => have.add(q),
        None => list.push((name.to_string(), *q)),
    }
}

fn max_into(list: &mut Totals, name: &str, q: &Quantity) {
    match list.iter_mut().find(|(n, _)| n == name) {
        Some((_, have)) => {
            if q.cmp_value(have).is_gt() {
                *have = *q;
            }
        }
        None => list.push((name.to_string(), *q)),
    }
}

/// `PodRequestsAndLimits`: containers summed, init containers as a floor, plus overhead.
fn pod_totals(pod: &Value) -> (Totals, Totals) {
    let mut reqs = Totals::new();
    let mut limits = Totals::new();
    for c in arr(pod, "/spec/containers") {
        for (n, q) in quantities(c.pointer("/resources/requests")) {
            add_to(&mut reqs, &n, &q);
        }
        for (n, q) in quantities(c.pointer("/resources/limits")) {
            add_to(&mut limits, &n, &q);
        }
    }
    for c in arr(pod, "/spec/initContainers") {
        for (n, q) in quantities(c.pointer("/resources/requests")) {
            max_into(&mut reqs, &n, &q);
        }
        for (n, q) in quantities(c.pointer("/resources/limits")) {
            max_into(&mut limits, &n, &q);
        }
    }
    for (n, q) in quantities(pod.pointer("/spec/overhead")) {
        add_to(&mut reqs, &n, &q);
        if limits.iter().any(|(have, _)| *have == n) {
            add_to(&mut limits, &n, &q);
        }
    }
    (reqs, limits)
}

fn get(list: &Totals, name: &str) -> Quantity {
    list.iter()
        .find(|(n, _)| n == name)
        .map(|(_, q)| *q)
        .unwrap_or_default()
}

/// Go's `int64(float64(a) / float64(b) * 100)`; a zero denominator counts as 0%.
fn percent(a: i128, b: i128) -> i64 {
    if b == 0 {
        return 0;
    }
    (a as f64 / b as f64 * 100.0) as i64
}

fn node_resources(w: &mut W, node: &Value, pods: &[Value], now: Time) {
    w.write(
        LEVEL_0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.write(
        LEVEL_1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.write(
        LEVEL_1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let alloc = match quantities(node.pointer("/status/allocatable")) {
        a if !a.is_empty() => a,
        _ => quantities(node.pointer("/status/capacity")),
    };
    let cpu_alloc = get(&alloc, "cpu").milli_value();
    let mem_alloc = get(&alloc, "memory").value();
    let mut total_reqs = Totals::new();
    let mut total_limits = Totals::new();
    for pod in pods {
        let (reqs, limits) = pod_totals(pod);
        let (cr, cl) = (get(&reqs, "cpu"), get(&limits, "cpu"));
        let (mr, ml) = (get(&reqs, "memory"), get(&limits, "memory"));
        w.write(
            LEVEL_1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                s(pod, "/metadata/namespace"),
                s(pod, "/metadata/name"),
                cr.to_canonical(),
                percent(cr.milli_value(), cpu_alloc),
                cl.to_canonical(),
                percent(cl.milli_value(), cpu_alloc),
                mr.to_canonical(),
                percent(mr.value(), mem_alloc),
                ml.to_canonical(),
                percent(ml.value(), mem_alloc),
                since(parse_time(s(pod, "/metadata/creationTimestamp")), now)
            ),
        );
        for (n, q) in &reqs {
            add_to(&mut total_reqs, n, q);
        }
        for (n, q) in &limits {
            add_to(&mut total_limits, n, q);
        }
    }
    w.write(
        LEVEL_0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
    w.write(LEVEL_1, "--------\t--------\t------\n");
    for name in ["cpu", "memory", "ephemeral-storage"] {
        let (r, l) = (get(&total_reqs, name), get(&total_limits, name));
        let (rv, lv, av) = if name == "cpu" {
            (r.milli_value(), l.milli_value(), cpu_alloc)
        } else {
            (r.value(), l.value(), get(&alloc, name).value())
        };
        w.write(
            LEVEL_1,
            &format!(
                "{name}\t{} ({}%)\t{} ({}%)\n",
                r.to_canonical(),
                percent(rv, av),
                l.to_canonical(),
                percent(lv, av)
            ),
        );
    }
    let mut names: Vec<&String> = alloc.iter().map(|(n, _)| n).collect();
    names.sort_once();
    for name in names.iter().filter(|n| n.starts_with("hugepages-")) {
        let (r, l) = (get(&total_reqs, name), get(&total_limits, name));
        let av = get(&alloc, name).value();
        w.write(
            LEVEL_1,
            &format!(
                "{name}\t{} ({}%)\t{} ({}%)\n",
                r.to_canonical(),
                percent(r.value(), av),
                l.to_canonical(),
                percent(l.value(), av)
            ),
        );
    }
    let standard = |n: &str| {
        matches!(n, "cpu" | "memory" | "ephemeral-storage" | "pods")
            || n.starts_with("hugepages-")
            || n.starts_with("requests.")
            || n.starts_with("limits.")
    };
    for name in names.iter().filter(|n| !standard(n)) {
        w.write(
            LEVEL_1,
            &format!(
                "{name}\t{}\t{}\n",
                get(&total_reqs, name).to_canonical(),
                get(&total_limits, name).to_canonical()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn node_sections_align() {
        let node = json!({
            "metadata": {"name": "minikube", "creationTimestamp": "2025-11-25T03:59:00Z",
                "labels": {"kubernetes.io/hostname": "minikube", "node-role.kubernetes.io/control-plane": ""},
                "annotations": {"node.alpha.kubernetes.io/ttl": "0"}},
            "spec": {"podCIDR": "10.244.0.0/24", "podCIDRs": ["10.244.0.0/24"]},
            "status": {
                "capacity": {"cpu": "2", "memory": "4Gi", "pods": "110", "ephemeral-storage": "10Gi"},
                "allocatable": {"cpu": "2", "memory": "4Gi", "pods": "110", "ephemeral-storage": "10Gi"},
                "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                    "message": "kubelet is posting ready status",
                    "lastHeartbeatTime": "2025-11-25T04:00:00Z", "lastTransitionTime": "2025-11-25T03:59:10Z"}],
                "addresses": [{"type": "InternalIP", "address": "192.168.49.2"}, {"type": "Hostname", "address": "minikube"}],
                "nodeInfo": {"machineID": "m", "systemUUID": "u", "bootID": "b", "kernelVersion": "6.1",
                    "osImage": "Ubuntu 22.04.5 LTS", "operatingSystem": "linux", "architecture": "amd64",
                    "containerRuntimeVersion": "docker://27.4.1", "kubeletVersion": "v1.32.0"}
            }
        });
        let pods = vec![
            json!({"metadata": {"namespace": "kube-system", "name": "coredns-1",
            "creationTimestamp": "2025-11-25T03:59:30Z"},
            "spec": {"containers": [{"resources": {"requests": {"cpu": "100m", "memory": "70Mi"},
                                                    "limits": {"memory": "170Mi"}}}]}}),
        ];
        let rel = Related {
            pods: Some(pods),
            lease: Ok(json!({"spec": {"holderIdentity": "minikube",
                                      "renewTime": "2025-11-25T03:59:58.000000Z"}})),
            events: Some(vec![]),
        };
        let text = render(&node, &rel, Time(1_764_043_200));
        assert_eq!(
            text,
            "Name:               minikube
Roles:              control-plane
Labels:             kubernetes.io/hostname=minikube
                    node-role.kubernetes.io/control-plane=
Annotations:        node.alpha.kubernetes.io/ttl: 0
CreationTimestamp:  Tue, 25 Nov 2025 03:59:00 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  minikube
  AcquireTime:     <unset>
  RenewTime:       Tue, 25 Nov 2025 03:59:58 +0000
Conditions:
  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message
  ----    ------  -----------------                 ------------------                ------         -------
  Ready   True    Tue, 25 Nov 2025 04:00:00 +0000   Tue, 25 Nov 2025 03:59:10 +0000   KubeletReady   kubelet is posting ready status
Addresses:
  InternalIP:  192.168.49.2
  Hostname:    minikube
Capacity:
  cpu:                2
  ephemeral-storage:  10Gi
  memory:             4Gi
  pods:               110
Allocatable:
  cpu:                2
  ephemeral-storage:  10Gi
  memory:             4Gi
  pods:               110
System Info:
  Machine ID:                 m
  System UUID:                u
  Boot ID:                    b
  Kernel Version:             6.1
  OS Image:                   Ubuntu 22.04.5 LTS
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  docker://27.4.1
  Kubelet Version:            v1.32.0
  Kube-Proxy Version:         
PodCIDR:                      10.244.0.0/24
PodCIDRs:                     10.244.0.0/24
Non-terminated Pods:          (1 in total)
  Namespace                   Name         CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----         ------------  ----------  ---------------  -------------  ---
  kube-system                 coredns-1    100m (5%)     0 (0%)      70Mi (1%)        170Mi (4%)     30s
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests   Limits
  --------           --------   ------
  cpu                100m (5%)  0 (0%)
  memory             70Mi (1%)  170Mi (4%)
  ephemeral-storage  0 (0%)     0 (0%)
Events:              <none>
"
        );
    }
}
