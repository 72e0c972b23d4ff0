//! kubectl debug's profiles (`--profile`): what each changes in the pod it builds, by how the
//! debugging is done (an ephemeral container, a copy of the pod, a pod on a node).

use serde_json::{json, Value};

use super::super::super::error::KError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Ephemeral,
    Copy,
    Node,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Legacy,
    General,
    Baseline,
    Restricted,
    Netadmin,
    Sysadmin,
}

/// What `--keep-*` keeps in a copy.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keep {
    pub labels: bool,
    pub annotations: bool,
    pub liveness: bool,
    pub readiness: bool,
    pub startup: bool,
    pub init_containers: bool,
}

impl Profile {
    pub fn parse(s: &str) -> Result<Profile, KError> {
        Ok(match s {
            "legacy" => Profile::Legacy,
            "general" => Profile::General,
            "baseline" => Profile::Baseline,
            "restricted" => Profile::Restricted,
            "netadmin" => Profile::Netadmin,
            "sysadmin" => Profile::Sysadmin,
            other => return Err(KError::msg(format!("unknown profile: {other}"))),
        })
    }

    /// Change `pod` for debugging with container `name`.
    pub fn apply(self, pod: &mut Value, name: &str, style: Style, keep: Keep) {
        use Profile::*;
        use Style::*;
        match (self, style) {
            (Legacy, Node) => {
                mount_root(pod, name);
                host_namespaces(pod);
            }
            (Legacy, Copy) => remove_for_copy(
                pod,
                Keep {
                    labels: false,
                    annotations: true,
                    liveness: true,
                    readiness: true,
                    startup: true,
                    init_containers: true,
                },
                true,
            ),
            (Legacy, Ephemeral) => {}
            (General, Node) => {
                mount_root(pod, name);
                security_context(pod, name, |c| c.remove("securityContext"));
                host_namespaces(pod);
            }
            (General, Copy) => {
                remove_for_copy(pod, keep, false);
                add_capability(pod, name, "SYS_PTRACE");
                share_processes(pod);
            }
            (General, Ephemeral) => add_capability(pod, name, "SYS_PTRACE"),
            (Baseline, _) => {
                security_context(pod, name, |c| c.remove("securityContext"));
                if style == Copy {
                    remove_for_copy(pod, keep, false);
                    share_processes(pod);
                }
            }
            (Restricted, _) => {
                security_context(pod, name, |c| c.remove("securityContext"));
                set_security(pod, name, "runAsNonRoot", json!(true));
                set_security(pod, name, "capabilities", json!({"drop": ["ALL"]}));
                set_security(pod, name, "allowPrivilegeEscalation", json!(false));
                set_security(
                    pod,
                    name,
                    "seccompProfile",
                    json!({"type": "RuntimeDefault"}),
                );
                if style == Copy {
                    remove_for_copy(pod, keep, false);
                    share_processes(pod);
                }
            }
            (Netadmin, _) => {
                add_capability(pod, name, "NET_ADMIN");
                add_capability(pod, name, "NET_RAW");
                match style {
                    Node => host_namespaces(pod),
                    Copy => {
                        remove_for_copy(pod, keep, false);
                        share_processes(pod);
                    }
                    Ephemeral => {}
                }
            }
            (Sysadmin, _) => {
                set_security(pod, name, "privileged", json!(true));
                match style {
                    Node => {
                        host_namespaces(pod);
                        mount_root(pod, name);
                    }
                    Copy => {
                        remove_for_copy(pod, keep, false);
                        share_processes(pod);
                    }
                    Ephemeral => {}
                }
            }
        }
    }
}

/// The container named `name`, of any kind.
fn container<'a>(pod: &'a mut Value, name: &str) -> Option<&'a mut serde_json::Map<String, Value>> {
    let field = ["initContainers", "containers", "ephemeralContainers"]
        .into_iter()
        .find(|f| {
            pod.pointer(&format!("/spec/{f}"))
                .and_then(Value::as_array)
                .is_some_and(|l| {
                    l.iter()
                        .any(|c| c.get("name").and_then(Value::as_str) == Some(name))
                })
        })?;
    pod.pointer_mut(&format!("/spec/{field}"))?
        .as_array_mut()?
        .iter_mut()
        .find(|c| c.get("name").and_then(Value::as_str) == Some(name))?
        .as_object_mut()
}

fn security_context(
    pod: &mut Value,
    name: &str,
    f: impl FnOnce(&mut serde_json::Map<String, Value>) -> Option<Value>,
) {
    if let Some(c) = container(pod, name) {
        f(c);
    }
}

fn set_security(pod: &mut Value, name: &str, key: &str, value: Value) {
    if let Some(c) = container(pod, name) {
        let sc = c.entry("securityContext").or_insert_with(|| json!({}));
        if let Some(m) = sc.as_object_mut() {
            m.insert(key.to_string(), value);
        }
    }
}

fn add_capability(pod: &mut Value, name: &str, cap: &str) {
    if let Some(c) = container(pod, name) {
        let sc = c.entry("securityContext").or_insert_with(|| json!({}));
        let Some(caps) = sc
            .as_object_mut()
            .map(|m| m.entry("capabilities").or_insert_with(|| json!({})))
        else {
            return;
        };
        if let Some(m) = caps.as_object_mut() {
            let add = m.entry("add").or_insert_with(|| json!([]));
            if let Some(a) = add.as_array_mut() {
                a.push(json!(cap));
            }
        }
    }
}

fn mount_root(pod: &mut Value, name: &str) {
    let volume = json!({"name": "host-root", "hostPath": {"path": "/"}});
    if let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) {
        let vols = spec.entry("volumes").or_insert_with(|| json!([]));
        if let Some(v) = vols.as_array_mut() {
            v.push(volume);
        }
    }
    // kubectl visits the regular containers only for this one.
    let Some(list) = pod
        .pointer_mut("/spec/containers")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for c in list.iter_mut() {
        if c.get("name").and_then(Value::as_str) == Some(name) {
            if let Some(m) = c.as_object_mut() {
                let mounts = m.entry("volumeMounts").or_insert_with(|| json!([]));
                if let Some(a) = mounts.as_array_mut() {
                    a.push(json!({"mountPath": "/host", "name": "host-root"}));
                }
            }
            break;
        }
    }
}

fn host_namespaces(pod: &mut Value) {
    if let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) {
        spec.insert("hostNetwork".into(), json!(true));
        spec.insert("hostPID".into(), json!(true));
        spec.insert("hostIPC".into(), json!(true));
    }
}

fn share_processes(pod: &mut Value) {
    if let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) {
        spec.entry("shareProcessNamespace")
            .or_insert_with(|| json!(true));
    }
}

/// What a copy drops (`--keep-*` keeps it); `labels_only` is the legacy profile's rule.
fn remove_for_copy(pod: &mut Value, keep: Keep, labels_only: bool) {
    if let Some(m) = pod.get_mut("metadata").and_then(Value::as_object_mut) {
        if !keep.labels {
            m.remove("labels");
        }
        if !keep.annotations && !labels_only {
            m.remove("annotations");
        }
    }
    if labels_only {
        return;
    }
    if let Some(list) = pod
        .pointer_mut("/spec/containers")
        .and_then(Value::as_array_mut)
    {
        for c in list.iter_mut().filter_map(Value::as_object_mut) {
            for (field, kept) in [
                ("livenessProbe", keep.liveness),
                ("readinessProbe", keep.readiness),
                ("startupProbe", keep.startup),
            ] {
                if !kept {
                    c.remove(field);
                }
            }
        }
    }
    if !keep.init_containers {
        if let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) {
            spec.remove("initContainers");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_pod_gets_the_hosts_namespaces_and_root() {
        let mut p = json!({"spec": {"containers": [{"name": "debugger", "image": "busybox"}]}});
        Profile::Legacy.apply(&mut p, "debugger", Style::Node, Keep::default());
        assert_eq!(p["spec"]["hostPID"], json!(true));
        assert_eq!(p["spec"]["volumes"][0]["hostPath"]["path"], json!("/"));
        assert_eq!(
            p["spec"]["containers"][0]["volumeMounts"][0]["mountPath"],
            json!("/host")
        );
    }

    #[test]
    fn general_adds_ptrace_and_restricted_locks_down() {
        let mut p = json!({"spec": {"containers": [{"name": "web"}],
            "ephemeralContainers": [{"name": "d"}]}});
        Profile::General.apply(&mut p, "d", Style::Ephemeral, Keep::default());
        assert_eq!(
            p["spec"]["ephemeralContainers"][0]["securityContext"],
            json!({"capabilities": {"add": ["SYS_PTRACE"]}})
        );
        Profile::Restricted.apply(&mut p, "d", Style::Ephemeral, Keep::default());
        let sc = &p["spec"]["ephemeralContainers"][0]["securityContext"];
        assert_eq!(sc["runAsNonRoot"], json!(true));
        assert_eq!(sc["capabilities"], json!({"drop": ["ALL"]}));
        assert!(Profile::parse("nope").is_err());
    }
}
