//! The objects kubectl debug sends: an ephemeral container for a pod, a copy of a pod with a
//! debug container, a privileged pod on a node; and the random names it gives them.

use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::profiles::Style;
use super::DebugOptions;

/// utilrand's alphabet (no vowels, no look-alikes).
const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// Five characters as kubectl's `utilrand.String(5)`, drawn from `seed` so that a transcript
/// replays the same names (kubectl's own generator is seeded by the time).
pub fn suffix(seed: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    (0..5)
        .map(|_| {
            h ^= h >> 29;
            h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
            ALPHABET[(h >> 33) as usize % ALPHABET.len()] as char
        })
        .collect()
}

/// Every container name in the pod (regular, init, ephemeral).
pub fn container_names(pod: &Value) -> Vec<String> {
    ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .filter_map(|f| pod.pointer(&format!("/spec/{f}")).and_then(Value::as_array))
        .flatten()
        .filter_map(|c| c.get("name").and_then(Value::as_str).map(String::from))
        .collect()
}

impl DebugOptions {
    /// The container's fields as kubectl's struct marshals them (empty ones left out, but
    /// `resources: {}` always there).
    fn container(&self, name: &str) -> Map<String, Value> {
        let mut c = Map::new();
        c.insert("name".into(), json!(name));
        if !self.image.is_empty() {
            c.insert("image".into(), json!(self.image));
        }
        if !self.args.is_empty() {
            let key = if self.args_only { "args" } else { "command" };
            c.insert(key.into(), json!(self.args));
        }
        if !self.env.is_empty() {
            let env: Vec<Value> = self
                .env
                .iter()
                .map(|(k, v)| json!({"name": k, "value": v}))
                .collect();
            c.insert("env".into(), Value::Array(env));
        }
        c.insert("resources".into(), json!({}));
        c.insert("terminationMessagePolicy".into(), json!("File"));
        if !self.pull_policy.is_empty() {
            c.insert("imagePullPolicy".into(), json!(self.pull_policy));
        }
        if self.interactive {
            c.insert("stdin".into(), json!(true));
        }
        if self.tty {
            c.insert("tty".into(), json!(true));
        }
        c
    }

    /// `computeDebugContainerName`: `-c`, else `debugger-xxxxx` not taken in the pod, said.
    pub fn debug_container_name(&self, ctx: &mut super::Ctx, pod: &Value, seed: &str) -> String {
        if !self.container.is_empty() {
            return self.container.clone();
        }
        let taken = container_names(pod);
        let mut n = 0;
        let name = loop {
            let cn = format!("debugger-{}", suffix(&format!("{seed}/{n}")));
            if !taken.contains(&cn) || n > 100 {
                break cn;
            }
            n += 1;
        };
        if !self.quiet {
            ctx.print(format!("Defaulting debug container name to {name}.\n"));
        }
        name
    }

    /// The pod with the ephemeral container added and the profile applied; the new container.
    pub fn ephemeral(&self, pod: &Value, name: &str) -> (Value, Value) {
        let mut ec = self.container(name);
        if !self.target_container.is_empty() {
            ec.insert("targetContainerName".into(), json!(self.target_container));
        }
        let mut copied = pod.clone();
        if let Some(spec) = copied.get_mut("spec").and_then(Value::as_object_mut) {
            let list = spec
                .entry("ephemeralContainers")
                .or_insert_with(|| json!([]));
            if let Some(a) = list.as_array_mut() {
                a.push(Value::Object(ec));
            }
        }
        self.profile
            .apply(&mut copied, name, Style::Ephemeral, self.keep);
        self.apply_custom(&mut copied, "ephemeralContainers", name);
        let added = copied
            .pointer("/spec/ephemeralContainers")
            .and_then(Value::as_array)
            .and_then(|a| a.last())
            .cloned()
            .unwrap_or(Value::Null);
        (copied, added)
    }

    /// `generateNodeDebugPod`.
    pub fn node_pod(&self, ctx: &mut super::Ctx, node: &str, seed: &str) -> Value {
        let cn = if self.container.is_empty() {
            "debugger".to_string()
        } else {
            self.container.clone()
        };
        let pn = format!("node-debugger-{node}-{}", suffix(seed));
        if !self.quiet {
            ctx.print(format!(
                "Creating debugging pod {pn} with container {cn} on node {node}.\n"
            ));
        }
        let mut p = json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": pn},
            "spec": {
                "containers": [Value::Object(self.container(&cn))],
                "nodeName": node,
                "restartPolicy": "Never",
                "tolerations": [{"operator": "Exists"}],
            },
        });
        self.profile.apply(&mut p, &cn, Style::Node, self.keep);
        self.apply_custom(&mut p, "containers", &cn);
        p
    }

    /// `generatePodCopyWithDebugContainer`: the copy and the container to attach to ("" when
    /// only images were changed).
    pub fn pod_copy(
        &self,
        ctx: &mut super::Ctx,
        pod: &Value,
        seed: &str,
    ) -> Result<(Value, String), KError> {
        let meta = |k: &str| pod.pointer(&format!("/metadata/{k}")).cloned();
        let mut metadata = Map::new();
        metadata.insert("name".into(), json!(self.copy_to));
        metadata.insert("namespace".into(), meta("namespace").unwrap_or(Value::Null));
        for k in ["labels", "annotations"] {
            if let Some(v) = meta(k) {
                metadata.insert(k.into(), v);
            }
        }
        let mut spec = pod.get("spec").cloned().unwrap_or(json!({}));
        if let Some(s) = spec.as_object_mut() {
            s.remove("ephemeralContainers");
            if self.share_changed {
                s.insert("shareProcessNamespace".into(), json!(self.share_processes));
            }
            if !self.same_node {
                s.remove("nodeName");
            }
            if let Some(cs) = s.get_mut("containers").and_then(Value::as_array_mut) {
                for c in cs.iter_mut() {
                    let name = c.get("name").and_then(Value::as_str).unwrap_or_default();
                    let image = self
                        .set_images
                        .iter()
                        .find(|(n, _)| n == name)
                        .or_else(|| self.set_images.iter().find(|(n, _)| n == "*"))
                        .map(|(_, i)| i.clone());
                    if let (Some(i), Some(m)) = (image, c.as_object_mut()) {
                        m.insert("image".into(), json!(i));
                    }
                }
            }
        }
        let mut copied =
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec});
        let mut name = self.container.clone();
        let exists = container_names(&copied).contains(&name);
        if !exists {
            if self.image.is_empty() {
                if !self.set_images.is_empty() {
                    return Ok((copied, String::new()));
                }
                return Err(KError::msg(
                    "you must specify image when creating new container",
                ));
            }
            if name.is_empty() {
                name = self.debug_container_name(ctx, &copied, seed);
            }
            let mut c = Map::new();
            c.insert("name".into(), json!(name));
            c.insert("resources".into(), json!({}));
            c.insert("terminationMessagePolicy".into(), json!("File"));
            if let Some(cs) = copied
                .pointer_mut("/spec/containers")
                .and_then(Value::as_array_mut)
            {
                cs.push(Value::Object(c));
            }
        }
        if let Some(c) = copied
            .pointer_mut("/spec/containers")
            .and_then(Value::as_array_mut)
            .and_then(|cs| {
                cs.iter_mut()
                    .find(|c| c.get("name").and_then(Value::as_str) == Some(name.as_str()))
            })
            .and_then(Value::as_object_mut)
        {
            if !self.args.is_empty() {
                if self.args_only {
                    c.insert("args".into(), json!(self.args));
                } else {
                    c.insert("command".into(), json!(self.args));
                    c.remove("args");
                }
            }
            if !self.env.is_empty() {
                let env: Vec<Value> = self
                    .env
                    .iter()
                    .map(|(k, v)| json!({"name": k, "value": v}))
                    .collect();
                c.insert("env".into(), Value::Array(env));
            }
            if !self.image.is_empty() {
                c.insert("image".into(), json!(self.image));
            }
            if !self.pull_policy.is_empty() {
                c.insert("imagePullPolicy".into(), json!(self.pull_policy));
            }
            set_flag(c, "stdin", self.interactive);
            set_flag(c, "tty", self.tty);
        }
        self.profile
            .apply(&mut copied, &name, Style::Copy, self.keep);
        Ok((copied, name))
    }
}

impl DebugOptions {
    /// `--custom`: the partial container merged (strategically) into container `name`.
    fn apply_custom(&self, pod: &mut Value, field: &str, name: &str) {
        let Some(custom) = &self.custom else { return };
        let Some(c) = pod
            .pointer_mut(&format!("/spec/{field}"))
            .and_then(Value::as_array_mut)
            .and_then(|cs| {
                cs.iter_mut()
                    .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
            })
        else {
            return;
        };
        let mut patch = custom.clone();
        if let Some(m) = patch.as_object_mut() {
            m.insert("name".into(), json!(name));
        }
        kubeplay_core::api::patch::strategic_merge(c, &patch);
    }
}

fn set_flag(c: &mut Map<String, Value>, key: &str, on: bool) {
    if on {
        c.insert(key.into(), json!(true));
    } else {
        c.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_five_of_kubectls_characters_and_vary() {
        let a = suffix("web/1");
        assert_eq!(a.len(), 5);
        assert!(a.bytes().all(|b| ALPHABET.contains(&b)));
        assert_ne!(a, suffix("web/2"));
        assert_eq!(a, suffix("web/1"));
    }
}
