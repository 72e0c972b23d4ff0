//! `POST /api/v1/namespaces/NS/pods/NAME/exec` (and `attach`): what the apiserver, the
//! kubelet and the runtime answer, in one response instead of a stream; its standard input, if
//! any, is the request's body. A command runs at once
//! and its output comes back as `{"output": [[stream, text]...], "code": N}`; with `stdin` and
//! `tty` on a shell, the shell stays open in the cluster (`Cluster::shell`) and the answer is
//! `{"attached": true, "prompt": ...}` — the playground then feeds it the lines typed, until
//! it exits.

use serde_json::{json, Value};

use crate::Cluster;
use kubeplay_api::status::Status;
use kubeplay_api::{ApiRequest, ApiResponse, Method};
use kubeplay_sim::container::{ContainerShell, Ran, Refusal};
use kubeplay_sim::Runtime;

/// An open shell in a container and what ends it.
pub struct Attached {
    pub shell: ContainerShell,
    pub namespace: String,
    pub pod: String,
    /// `kubectl run --rm`: the pod to delete when the shell exits.
    pub remove: bool,
    /// `attach` rather than `exec`: the shell is the container's own process.
    pub attach: bool,
    /// The pod restarts its containers always: an attach session ends with a hint to resume.
    pub restart_always: bool,
}

/// The namespace, pod and subresource of an exec or attach request.
pub fn target(req: &ApiRequest) -> Option<(String, String, bool)> {
    if req.method != Method::Post && req.method != Method::Get {
        return None;
    }
    let parts: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["api", "v1", "namespaces", ns, "pods", name, sub @ ("exec" | "attach")] => {
            Some((ns.to_string(), name.to_string(), *sub == "attach"))
        }
        _ => None,
    }
}

fn status(s: Status) -> ApiResponse {
    ApiResponse {
        code: s.code,
        body: s.to_json().to_string(),
    }
}

fn ran(r: Ran) -> ApiResponse {
    let chunks: Vec<Value> = r
        .output
        .chunks
        .iter()
        .map(|(stream, text)| {
            let name = match stream {
                kubeplay_core::output::Stream::Stdout => "stdout",
                _ => "stderr",
            };
            json!([name, text])
        })
        .collect();
    ApiResponse::ok(json!({"output": chunks, "code": r.code}).to_string())
}

impl Cluster {
    pub(crate) fn exec(
        &mut self,
        req: &ApiRequest,
        ns: &str,
        pod: &str,
        attach: bool,
    ) -> ApiResponse {
        let container = req.query_param("container").unwrap_or_default().to_string();
        let mut argv: Vec<String> = req
            .query
            .iter()
            .filter(|(k, _)| k == "command")
            .map(|(_, v)| v.clone())
            .collect();
        let on = |k: &str| matches!(req.query_param(k), Some("true" | "1"));
        let interactive = on("stdin") && on("tty");
        if attach {
            // Attach joins the container's own process: a shell there is the one to open.
            argv = match self.sim.container(&self.api, ns, pod, &container) {
                Ok(c) => c.argv.clone(),
                Err(e) => return self.refused(e, pod),
            };
        }
        let base = argv
            .first()
            .map(|p| p.rsplit('/').next().unwrap_or(p).to_string())
            .unwrap_or_default();
        let shell = matches!(base.as_str(), "sh" | "bash" | "ash")
            && !argv.iter().skip(1).any(|a| a == "-c");
        if interactive && shell {
            return match self.sim.open_shell(&self.api, ns, pod, &container, &argv) {
                Ok(mut sh) => {
                    sh.container.attached = attach;
                    let prompt = sh.prompt();
                    let policy = self
                        .api
                        .store()
                        .get(&kubeplay_api::store::Key::new("/pods", ns, pod))
                        .and_then(|p| p.pointer("/spec/restartPolicy"))
                        .and_then(Value::as_str)
                        .unwrap_or("Always")
                        .to_string();
                    self.shell = Some(Attached {
                        shell: sh,
                        namespace: ns.to_string(),
                        pod: pod.to_string(),
                        remove: on("remove"),
                        attach,
                        restart_always: policy == "Always",
                    });
                    ApiResponse::ok(json!({"attached": true, "prompt": prompt}).to_string())
                }
                Err(e) => self.refused(e, pod),
            };
        }
        if attach {
            // Attached to a process that is not a shell: nothing to type to; it prints its log.
            return ApiResponse::ok(json!({"output": [], "code": 0}).to_string());
        }
        // What `-i` sends (kubectl cp's archive) comes as the request's body, not as a stream.
        let input = req.body.as_deref().filter(|_| on("stdin"));
        match self.sim.exec(&self.api, ns, pod, &container, &argv, input) {
            Ok(r) => {
                self.sleep_for(r.slept);
                ran(r)
            }
            Err(e) => self.refused(e, pod),
        }
    }

    fn refused(&mut self, e: Refusal, pod: &str) -> ApiResponse {
        match e {
            Refusal::NotFound => status(Status::not_found("", "pods", pod)),
            Refusal::BadRequest(m) => status(Status::bad_request(m)),
            Refusal::NotRunning(m) => ApiResponse {
                code: 502,
                body: json!({"upgrade": m}).to_string(),
            },
            Refusal::Missing(prog) => {
                let why = if prog.contains('/') {
                    format!("exec: \"{prog}\": stat {prog}: no such file or directory")
                } else {
                    format!("exec: \"{prog}\": executable file not found in $PATH")
                };
                let oci = format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: {why}: unknown"
                );
                match self.sim.node.runtime {
                    // cri-dockerd runs `docker exec`, which prints the failure on the stream.
                    Runtime::Docker => ApiResponse::ok(
                        json!({"output": [["stdout", format!("{oci}\r\n")]], "code": 126})
                            .to_string(),
                    ),
                    Runtime::Containerd => {
                        self.exec_seq += 1;
                        let id = exec_id(pod, self.exec_seq);
                        status(Status::internal(format!(
                            "Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{id}\": {oci}"
                        )))
                    }
                }
            }
        }
    }

    fn sleep_for(&mut self, secs: f64) {
        if secs > 0.0 {
            self.advance(secs.ceil().min(1e9) as i64);
        }
    }

    /// The open shell's prompt, if one is attached.
    pub fn shell_prompt(&self) -> Option<String> {
        self.shell.as_ref().map(|a| a.shell.prompt())
    }

    /// A line typed in the attached shell (None: no shell is attached). The shell is closed
    /// when it exits; its `Attached` is handed back then, for the caller to finish (`--rm`).
    pub fn shell_line(&mut self, line: &str) -> Option<(Ran, Option<Attached>)> {
        self.tick();
        let mut a = self.shell.take()?;
        let name = a.shell.container_name().to_string();
        if self
            .sim
            .container(&self.api, &a.namespace, &a.pod, &name)
            .is_err()
        {
            // The container stopped (its pod was deleted, it was killed): the session ends as
            // the runtime's SIGKILL ends it.
            let r = Ran {
                output: kubeplay_core::output::Output::new(),
                code: 137,
                exited: true,
                more: false,
                slept: 0.0,
            };
            return Some((r, Some(a)));
        }
        let r = self.sim.feed_shell(&self.api, &mut a.shell, line);
        // `sleep` in the shell takes the cluster's time, as the playground's does.
        self.sleep_for(r.slept);
        if r.exited {
            if a.attach {
                // The shell was the container's own process: it has ended.
                self.api.now = self.now();
                self.sim
                    .end_process(&self.api, &a.namespace, &a.pod, &name, r.code);
                self.tick();
            }
            return Some((r, Some(a)));
        }
        self.shell = Some(a);
        Some((r, None))
    }
}

/// A 64-hex exec id, as the runtime names each exec.
fn exec_id(pod: &str, n: u64) -> String {
    let mut out = String::new();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ n;
    for b in pod.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    for i in 0..4u64 {
        let mut z = h.wrapping_add(i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out.push_str(&format!("{:016x}", z ^ (z >> 31)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use crate::profile::Profile;
    use kubeplay_api::Transport;

    fn pod(c: &mut Cluster, name: &str, image: &str, command: &[&str]) {
        let body = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": name, "image": image, "command": command}]}});
        let post = ApiRequest::new(Method::Post, "/api/v1/namespaces/default/pods")
            .with_body(body.to_string());
        assert!(c.call(post).is_success());
    }

    fn exec(c: &mut Cluster, name: &str, argv: &[&str], tty: bool) -> ApiResponse {
        let mut req = ApiRequest::new(
            Method::Post,
            format!("/api/v1/namespaces/default/pods/{name}/exec"),
        );
        for a in argv {
            req = req.with_query("command", *a);
        }
        req = req
            .with_query("stdin", tty.to_string())
            .with_query("tty", tty.to_string());
        c.call(req)
    }

    fn text(resp: &ApiResponse) -> String {
        let v: Value = serde_json::from_str(&resp.body).unwrap();
        v["output"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c[1].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn services_created_after_the_container_started_are_not_in_its_environment() {
        let mut c = fixture::minikube();
        pod(&mut c, "box", "busybox", &["sleep", "3600"]);
        c.advance(10);
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "late"},
            "spec": {"ports": [{"port": 80}]}});
        let post = ApiRequest::new(Method::Post, "/api/v1/namespaces/default/services")
            .with_body(svc.to_string());
        assert!(c.call(post).is_success());
        let env = text(&exec(&mut c, "box", &["env"], false));
        assert!(env.contains("KUBERNETES_SERVICE_HOST=10.96.0.1\n"), "{env}");
        assert!(!env.contains("LATE_"), "{env}");
    }

    #[test]
    fn a_shell_keeps_its_directory_and_files_until_it_exits() {
        let mut c = fixture::minikube();
        pod(&mut c, "box", "busybox", &["sleep", "3600"]);
        c.advance(10);
        let open = exec(&mut c, "box", &["sh"], true);
        assert!(open.body.contains("\"attached\":true"), "{}", open.body);
        assert_eq!(c.shell_prompt().unwrap(), "/ # ");
        let (r, _) = c.shell_line("cd /tmp && echo hi > f").unwrap();
        assert_eq!(r.code, 0);
        assert_eq!(c.shell_prompt().unwrap(), "/tmp # ");
        let (r, ended) = c.shell_line("exit 5").unwrap();
        assert!(r.exited && ended.is_some());
        assert_eq!(r.code, 5);
        assert!(c.shell.is_none());
        assert_eq!(
            text(&exec(&mut c, "box", &["cat", "/tmp/f"], false)),
            "hi\n"
        );
    }

    #[test]
    fn debian_sh_is_dash_with_a_bare_prompt() {
        let mut c = fixture::minikube();
        pod(&mut c, "web", "nginx", &[]);
        c.advance(10);
        exec(&mut c, "web", &["sh"], true);
        assert_eq!(c.shell_prompt().unwrap(), "# ");
        let (r, _) = c.shell_line("nope").unwrap();
        assert_eq!(r.output.combined(), "sh: 1: nope: not found\n");
        assert_eq!(r.code, 127);
    }

    #[test]
    fn sleep_in_a_shell_takes_the_clusters_time() {
        let mut c = fixture::minikube();
        pod(&mut c, "box", "busybox", &["sleep", "3600"]);
        c.advance(10);
        exec(&mut c, "box", &["sh"], true);
        let before = c.now();
        c.shell_line("sleep 5; date").unwrap();
        assert_eq!(c.now().since(before), 5);
    }

    #[test]
    fn a_shell_ends_when_its_pod_goes() {
        let mut c = fixture::minikube();
        pod(&mut c, "web", "nginx", &[]);
        c.advance(10);
        exec(&mut c, "web", &["bash"], true);
        let del = ApiRequest::new(Method::Delete, "/api/v1/namespaces/default/pods/web");
        assert!(c.call(del).is_success());
        c.advance(60);
        let (r, ended) = c.shell_line("ls").unwrap();
        assert!(r.exited && ended.is_some());
        assert_eq!(r.code, 137);
        assert!(c.shell.is_none());
    }

    #[test]
    fn containerd_fails_the_exec_of_a_missing_program() {
        let mut c = Cluster::new(Profile::k3s(), fixture::clock());
        pod(&mut c, "web", "nginx", &[]);
        c.advance(30);
        let resp = exec(&mut c, "web", &["ps"], false);
        assert_eq!(resp.code, 500);
        assert!(resp.body.contains("Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \\\""), "{}", resp.body);
        assert!(
            resp.body
                .contains("exec: \\\"ps\\\": executable file not found in $PATH: unknown"),
            "{}",
            resp.body
        );
    }

    #[test]
    fn a_pod_without_a_node_or_a_running_container_is_refused() {
        let mut c = fixture::minikube();
        pod(&mut c, "new", "nginx", &[]);
        let resp = exec(&mut c, "new", &["ls"], false);
        assert_eq!(resp.code, 502);
        assert!(
            resp.body.contains("container not found (\\\"new\\\")"),
            "{}",
            resp.body
        );
        let resp = exec(&mut c, "gone", &["ls"], false);
        assert_eq!(resp.code, 404);
    }
}
