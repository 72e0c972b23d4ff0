//! Checks only look: a check line may not change the cluster, the files or the clock. It is
//! refused when the exercise loads if it names a command that writes, and it runs against a
//! view that refuses writes anyway, so grading can never change what it grades.

use kubeplay_core::api::{ApiRequest, ApiResponse, Method, Status, Transport};
use kubeplay_core::clock::Time;
use kubeplay_core::fs::{Fs, FsError};
use kubeplay_core::output::Output;
use kubeplay_shell::Host;

use crate::cluster::Cluster;
use crate::kubectl::{self, Session};

/// kubectl commands that only read.
const READ_VERBS: &[&str] = &[
    "get",
    "describe",
    "explain",
    "logs",
    "top",
    "events",
    "api-resources",
    "api-versions",
    "version",
    "cluster-info",
];
/// `kubectl config` subcommands that only read the kubeconfig.
const READ_CONFIG: &[&str] = &[
    "view",
    "get-contexts",
    "current-context",
    "get-clusters",
    "get-users",
];
/// Global flags that take their value as the next word.
const VALUE_FLAGS: &[&str] = &[
    "-n",
    "--namespace",
    "--context",
    "--kubeconfig",
    "--cluster",
    "--user",
    "-s",
    "--server",
];
/// Shell commands that would write or move the clock.
const WRITING_COMMANDS: &[&str] = &["sleep", "tee", "kubeplay"];

/// Err says why `line` could change something.
pub fn refuse_writes(line: &str) -> Result<(), String> {
    if has_unquoted(line, '>') {
        return Err("a check may not redirect output into a file".into());
    }
    for segment in split_unquoted(line, &['|', ';', '&']) {
        let Some(words) = shlex::split(&segment) else {
            return Err(format!("cannot read the command {:?}", segment.trim()));
        };
        let words: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .skip_while(|w| w.contains('=') && !w.starts_with('-'))
            .collect();
        match words.first() {
            Some(&"kubectl") | Some(&"k") => kubectl_reads(&words[1..])?,
            Some(cmd) if WRITING_COMMANDS.contains(cmd) => {
                return Err(format!("a check may not run {cmd}"));
            }
            Some(&"sed") if sed_in_place(&words[1..]) => {
                return Err("a check may not run sed -i".into());
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether sed's options edit files in place: `-i[SUFFIX]` alone or in a group of flags (before
/// a flag that takes the rest as its value), or a prefix of `--in-place`.
fn sed_in_place(args: &[&str]) -> bool {
    args.iter().any(|a| match a.strip_prefix("--") {
        Some(long) => {
            let name = long.split('=').next().unwrap_or("");
            !name.is_empty() && "in-place".starts_with(name)
        }
        None => a.strip_prefix('-').is_some_and(|flags| {
            flags
                .chars()
                .take_while(|c| !matches!(c, 'e' | 'f' | 'l'))
                .any(|c| c == 'i')
        }),
    })
}

fn kubectl_reads(args: &[&str]) -> Result<(), String> {
    let mut words = Vec::new();
    let mut i = 0;
    while let Some(w) = args.get(i) {
        if VALUE_FLAGS.contains(w) {
            i += 2;
            continue;
        }
        if !w.starts_with('-') {
            words.push(*w);
        }
        i += 1;
    }
    let verb = words.first().copied().unwrap_or("");
    let reads = match verb {
        "config" => READ_CONFIG.contains(&words.get(1).copied().unwrap_or("")),
        "auth" => matches!(words.get(1).copied(), Some("can-i") | Some("whoami")),
        v => READ_VERBS.contains(&v),
    };
    if reads {
        Ok(())
    } else {
        Err(format!(
            "a check may only read the cluster, not run kubectl {verb}"
        ))
    }
}

/// Whether `c` appears outside quotes.
fn has_unquoted(line: &str, c: char) -> bool {
    split_unquoted(line, &[c]).len() > 1
}

/// `line` cut at the unquoted occurrences of `seps` (quotes and backslashes as the shell reads
/// them).
fn split_unquoted(line: &str, seps: &[char]) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for ch in line.chars() {
        let unquoted = quote.is_none() && !escaped;
        if unquoted && seps.contains(&ch) {
            out.push(String::new());
            continue;
        }
        match (quote, ch) {
            _ if escaped => escaped = false,
            (None, '\\') | (Some('"'), '\\') => escaped = true,
            (None, '\'' | '"') => quote = Some(ch),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        if let Some(cur) = out.last_mut() {
            cur.push(ch);
        }
    }
    out
}

/// The cluster as a check sees it: reads answered as they are, without letting the controllers
/// run (that could write); everything else refused.
pub struct ReadOnlyApi<'a> {
    pub cluster: &'a mut Cluster,
}

impl Transport for ReadOnlyApi<'_> {
    fn clock(&self) -> Option<Time> {
        Some(self.cluster.now())
    }
    fn call(&mut self, req: ApiRequest) -> ApiResponse {
        if req.method != Method::Get {
            let status = Status::forbidden("a check may only read the cluster");
            return ApiResponse {
                code: status.code,
                body: status.to_json().to_string(),
            };
        }
        if let Some(log) = self.cluster.read_pod_log(&req) {
            return log;
        }
        if let Some(metrics) = self.cluster.metrics(&req) {
            return metrics;
        }
        self.cluster.api.handle(&req)
    }
}

/// The shell's view of the playground during a check: kubectl on the read-only cluster with a
/// copy of the session, and a clock that does not move.
pub struct CheckHost<'a> {
    pub api: ReadOnlyApi<'a>,
    pub session: Session,
}

impl Host for CheckHost<'_> {
    fn kubectl(&mut self, args: &[String], stdin: Option<&str>, fs: &mut dyn Fs) -> Output {
        kubectl::run(&mut self.session, args, &mut self.api, fs, stdin)
    }
    fn sleep(&mut self, _seconds: f64) {}
}

/// The learner's files, readable but not writable.
pub struct ReadOnlyFs<'a>(pub &'a dyn Fs);

impl Fs for ReadOnlyFs<'_> {
    fn read(&self, path: &str) -> Result<String, FsError> {
        self.0.read(path)
    }
    fn write(&mut self, _path: &str, _contents: &str) -> Result<(), FsError> {
        Err(FsError::Other("Read-only file system".into()))
    }
    fn is_dir(&self, path: &str) -> bool {
        self.0.is_dir(path)
    }
    fn list_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        self.0.list_dir(path)
    }
}

#[cfg(test)]
mod tests {
    use super::refuse_writes;

    #[test]
    fn reading_lines_pass() {
        for line in [
            "kubectl get ns dev -o jsonpath='{.status.phase}'",
            "kubectl -n dev get pods | grep -c Running",
            "k get pods --context minikube -o name | wc -l",
            "kubectl config current-context",
            "kubectl get pods -o jsonpath='{.items[?(@.x>1)].metadata.name}'",
            "test \"$(kubectl get pods -o name | wc -l)\" -ge 2",
            "kubectl get deploy web -o yaml | sed -n '/image:/p'",
            "sed -e 's/i/x/' x.yaml",
        ] {
            assert_eq!(refuse_writes(line), Ok(()), "{line}");
        }
    }

    #[test]
    fn writing_lines_are_refused() {
        for line in [
            "kubectl create namespace dev",
            "kubectl -n dev delete pod web",
            "kubectl get pods > out.txt",
            "kubectl get pods; kubectl apply -f x.yaml",
            "sleep 5",
            "kubectl config use-context other",
            "kubectl get pods | tee out.txt",
            "sed -i 's/a/b/' x.yaml",
            "sed -ni.bak '1p' x.yaml",
            "sed --in-place=.bak 's/a/b/' x.yaml",
            "kubectl get pods | grep x; sed -Ei 's/a/b/' x.yaml",
        ] {
            assert!(refuse_writes(line).is_err(), "{line}");
        }
    }

    #[test]
    fn a_check_reads_pod_logs() {
        use super::ReadOnlyApi;
        use crate::api::{ApiRequest, Transport};
        let mut c = crate::cluster::fixture::minikube();
        let pod = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
            "spec": {"containers": [{"name": "web", "image": "nginx"}]}}"#;
        c.call(
            ApiRequest::new(crate::api::Method::Post, "/api/v1/namespaces/default/pods")
                .with_body(pod),
        );
        c.advance(20);
        let now = c.now();
        let log = ReadOnlyApi { cluster: &mut c }.call(
            ApiRequest::get("/api/v1/namespaces/default/pods/web/log").with_query("tailLines", "1"),
        );
        assert_eq!(log.code, 200);
        assert!(
            log.body.ends_with("[notice] 1#1: start worker processes\n"),
            "{}",
            log.body
        );
        assert_eq!(c.now(), now);
    }

    #[test]
    fn checks_read_the_metrics_api() {
        use super::{ApiRequest, ReadOnlyApi, Transport};
        use crate::cluster::{fixture, Cluster};
        use crate::profile::Profile;
        let mut k3s = Cluster::new(Profile::k3s(), fixture::clock());
        let mut ro = ReadOnlyApi { cluster: &mut k3s };
        let resp = ro.call(ApiRequest::get("/apis/metrics.k8s.io/v1beta1/nodes"));
        assert_eq!(resp.code, 200);
        assert!(resp.body.contains("NodeMetricsList"), "{}", resp.body);
    }
}
