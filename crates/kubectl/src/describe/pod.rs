//! `kubectl describe pod`.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::events;
use super::podspec;
use super::{
    annotations_multiline, arr, controlled_by, int_at, labels_multiline, name_namespace,
    parse_time, rfc1123z, s, since, Settings, LEVEL_0, LEVEL_1, W,
};
use crate::{Ctx, KError};
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, pod: &Value, settings: &Settings) -> Result<String, KError> {
    // kubectl leaves the kind out of a pod's event selector.
    let evs = settings.show_events.then(|| {
        let mut r = events::Ref::of(pod);
        r.kind = "";
        events::search(ctx, &r)
    });
    Ok(render(pod, evs.as_deref(), settings.now))
}

/// The text for one pod and its events (None: `--show-events=false`).
pub fn render(pod: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, pod);
    if let Some(p) = pod.pointer("/spec/priority").and_then(|p| p.as_i64()) {
        w.write(LEVEL_0, &format!("Priority:\t{p}\n"));
    }
    let pcn = s(pod, "/spec/priorityClassName");
    if !pcn.is_empty() {
        w.write(LEVEL_0, &format!("Priority Class Name:\t{pcn}\n"));
    }
    let rcn = s(pod, "/spec/runtimeClassName");
    if !rcn.is_empty() {
        w.write(LEVEL_0, &format!("Runtime Class Name:\t{rcn}\n"));
    }
    let sa = s(pod, "/spec/serviceAccountName");
    if !sa.is_empty() {
        w.write(LEVEL_0, &format!("Service Account:\t{sa}\n"));
    }
    let node = s(pod, "/spec/nodeName");
    if node.is_empty() {
        w.write(LEVEL_0, "Node:\t<none>\n");
    } else {
        w.write(
            LEVEL_0,
            &format!("Node:\t{node}/{}\n", s(pod, "/status/hostIP")),
        );
    }
    if let Some(t) = parse_time(s(pod, "/status/startTime")) {
        w.write(LEVEL_0, &format!("Start Time:\t{}\n", rfc1123z(t)));
    }
    labels_multiline(&mut w, "", "Labels", pod.labels());
    annotations_multiline(&mut w, "Annotations", pod.annotations());
    let phase = s(pod, "/status/phase");
    let deleting = parse_time(s(pod, "/metadata/deletionTimestamp"));
    match deleting {
        Some(t) if phase != "Failed" && phase != "Succeeded" => {
            w.write(
                LEVEL_0,
                &format!("Status:\tTerminating (lasts {})\n", since(Some(t), now)),
            );
            w.write(
                LEVEL_0,
                &format!(
                    "Termination Grace Period:\t{}s\n",
                    int_at(pod, "/metadata/deletionGracePeriodSeconds")
                ),
            );
        }
        _ => w.write(LEVEL_0, &format!("Status:\t{phase}\n")),
    }
    for (field, label) in [("/status/reason", "Reason"), ("/status/message", "Message")] {
        let v = s(pod, field);
        if !v.is_empty() {
            w.write(LEVEL_0, &format!("{label}:\t{v}\n"));
        }
    }
    if let Some(sp) = pod.pointer("/spec/securityContext/seccompProfile") {
        let ty = s(sp, "/type");
        w.write(LEVEL_0, &format!("SeccompProfile:\t{ty}\n"));
        if ty == "Localhost" {
            w.write(
                LEVEL_0,
                &format!("LocalhostProfile:\t{}\n", s(sp, "/localhostProfile")),
            );
        }
    }
    w.write(LEVEL_0, &format!("IP:\t{}\n", s(pod, "/status/podIP")));
    let ips = arr(pod, "/status/podIPs");
    if ips.is_empty() {
        w.write(LEVEL_0, "IPs:\t<none>\n");
    } else {
        w.write(LEVEL_0, "IPs:\n");
        for ip in ips {
            w.write(LEVEL_1, &format!("IP:\t{}\n", s(ip, "/ip")));
        }
    }
    let owner = controlled_by(pod);
    if !owner.is_empty() {
        w.write(LEVEL_0, &format!("Controlled By:\t{owner}\n"));
    }
    let nominated = s(pod, "/status/nominatedNodeName");
    if !nominated.is_empty() {
        w.write(LEVEL_0, &format!("NominatedNodeName:\t{nominated}\n"));
    }
    let init = arr(pod, "/spec/initContainers");
    if !init.is_empty() {
        podspec::containers(
            &mut w,
            "Init Containers",
            init,
            arr(pod, "/status/initContainerStatuses"),
            Some(pod),
            "",
        );
    }
    podspec::containers(
        &mut w,
        "Containers",
        arr(pod, "/spec/containers"),
        arr(pod, "/status/containerStatuses"),
        Some(pod),
        "",
    );
    let ephemeral = arr(pod, "/spec/ephemeralContainers");
    if !ephemeral.is_empty() {
        podspec::containers(
            &mut w,
            "Ephemeral Containers",
            ephemeral,
            arr(pod, "/status/ephemeralContainerStatuses"),
            Some(pod),
            "",
        );
    }
    readiness_gates(&mut w, pod);
    let conditions = arr(pod, "/status/conditions");
    if !conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
        for c in conditions {
            w.write(
                LEVEL_1,
                &format!("{} \t{} \n", s(c, "/type"), s(c, "/status")),
            );
        }
    }
    podspec::volumes(&mut w, arr(pod, "/spec/volumes"), "");
    let qos = match s(pod, "/status/qosClass") {
        "" => kubeplay_core::api::qos::qos_class(pod),
        q => q,
    };
    w.write(LEVEL_0, &format!("QoS Class:\t{qos}\n"));
    labels_multiline(
        &mut w,
        "",
        "Node-Selectors",
        pod.pointer("/spec/nodeSelector"),
    );
    podspec::tolerations(&mut w, "Tolerations", arr(pod, "/spec/tolerations"));
    podspec::topology_spread(&mut w, arr(pod, "/spec/topologySpreadConstraints"), "");
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

fn readiness_gates(w: &mut W, pod: &Value) {
    let gates = arr(pod, "/spec/readinessGates");
    if gates.is_empty() {
        return;
    }
    w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
    for g in gates {
        let ty = s(g, "/conditionType");
        let status = arr(pod, "/status/conditions")
            .iter()
            .find(|c| s(c, "/type") == ty)
            .map(|c| s(c, "/status"))
            .unwrap_or("<none>");
        w.write(LEVEL_1, &format!("{ty} \t{status} \n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn running_pod_matches_kubectl_layout() {
        let pod = json!({
            "kind": "Pod",
            "metadata": {"name": "nginx", "namespace": "default", "labels": {"run": "nginx"}},
            "spec": {
                "priority": 0, "serviceAccountName": "default", "nodeName": "minikube",
                "containers": [{"name": "nginx", "image": "nginx",
                    "volumeMounts": [{"name": "kube-api-access-7xk2p", "readOnly": true,
                                      "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]}],
                "volumes": [{"name": "kube-api-access-7xk2p", "projected": {"sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                    {"configMap": {"name": "kube-root-ca.crt"}},
                    {"downwardAPI": {"items": []}}]}}],
                "tolerations": [
                    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]
            },
            "status": {
                "phase": "Running", "hostIP": "192.168.49.2", "podIP": "10.244.0.3",
                "podIPs": [{"ip": "10.244.0.3"}], "startTime": "2025-11-25T04:00:00Z", "qosClass": "BestEffort",
                "conditions": [
                    {"type": "PodReadyToStartContainers", "status": "True"},
                    {"type": "Initialized", "status": "True"},
                    {"type": "Ready", "status": "True"},
                    {"type": "ContainersReady", "status": "True"},
                    {"type": "PodScheduled", "status": "True"}],
                "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 0,
                    "containerID": "docker://abc", "imageID": "docker-pullable://nginx@sha256:1",
                    "state": {"running": {"startedAt": "2025-11-25T04:00:05Z"}}}]
            }
        });
        let events = vec![json!({"type": "Normal", "reason": "Scheduled",
            "eventTime": "2025-11-25T04:00:00.000000Z", "reportingComponent": "default-scheduler",
            "message": "Successfully assigned default/nginx to minikube"})];
        let text = render(&pod, Some(&events), Time(1_764_043_210));
        assert_eq!(
            text,
            "Name:             nginx
Namespace:        default
Priority:         0
Service Account:  default
Node:             minikube/192.168.49.2
Start Time:       Tue, 25 Nov 2025 04:00:00 +0000
Labels:           run=nginx
Annotations:      <none>
Status:           Running
IP:               10.244.0.3
IPs:
  IP:  10.244.0.3
Containers:
  nginx:
    Container ID:   docker://abc
    Image:          nginx
    Image ID:       docker-pullable://nginx@sha256:1
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Tue, 25 Nov 2025 04:00:05 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xk2p (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-7xk2p:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  10s   default-scheduler  Successfully assigned default/nginx to minikube
"
        );
    }

    #[test]
    fn pending_pod_has_empty_ip_and_no_events_line_aligned() {
        let pod = json!({
            "metadata": {"name": "p", "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "busybox"}]},
            "status": {"phase": "Pending"}
        });
        let text = render(&pod, Some(&[]), Time(0));
        assert_eq!(
            text,
            "Name:         p
Namespace:    default
Node:         <none>
Labels:       <none>
Annotations:  <none>
Status:       Pending
IP:           
IPs:          <none>
Containers:
  c:
    Image:        busybox
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:       <none>
Volumes:          <none>
QoS Class:        BestEffort
Node-Selectors:   <none>
Tolerations:      <none>
Events:           <none>
"
        );
    }
}
