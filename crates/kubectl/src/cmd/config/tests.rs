//! The config commands end to end on the session's kubeconfig and on a virtual file; expected
//! texts are kubectl 1.32's on the same kubeconfig.

use crate::{run_line, Session};
use kubeplay_cluster::Cluster;
use kubeplay_core::fs::{Fs, MemFs};
use kubeplay_core::output::Output;

const KUBECONFIG: &str = r#"{"apiVersion": "v1", "kind": "Config",
  "clusters": [{"name": "minikube", "cluster": {"server": "https://192.168.49.2:8443", "certificate-authority": "/home/user/.minikube/ca.crt"}}],
  "contexts": [{"name": "minikube", "context": {"cluster": "minikube", "user": "minikube", "namespace": "default"}}],
  "current-context": "minikube",
  "users": [{"name": "minikube", "user": {"client-certificate": "/c.crt", "client-key": "/c.key", "token": "secret"}}]}"#;

struct Env {
    cluster: Cluster,
    session: Session,
    fs: MemFs,
}

impl Env {
    fn new() -> Env {
        Env {
            cluster: crate::testing::cluster(),
            session: Session::new(KUBECONFIG),
            fs: MemFs::new().with_file("kc.json", KUBECONFIG),
        }
    }
    fn run(&mut self, line: &str) -> Output {
        run_line(
            &mut self.session,
            line,
            &mut self.cluster,
            &mut self.fs,
            None,
        )
    }
}

#[test]
fn session_kubeconfig_is_read_and_written() {
    let mut e = Env::new();
    let out = e.run("kubectl config get-contexts");
    assert_eq!(
        out.stdout(),
        "CURRENT   NAME       CLUSTER    AUTHINFO   NAMESPACE\n*         minikube   minikube   minikube   default\n"
    );
    let out = e.run("kubectl config set-context --current --namespace=tp");
    assert_eq!(out.stdout(), "Context \"minikube\" modified.\n");
    assert_eq!(
        e.session.kubeconfig.context_namespace(None).as_deref(),
        Some("tp")
    );
    let out = e.run("kubectl config set-context dev --cluster=minikube --user=minikube");
    assert_eq!(out.stdout(), "Context \"dev\" created.\n");
    let out = e.run("kubectl config use dev");
    assert_eq!(out.stdout(), "Switched to context \"dev\".\n");
    assert_eq!(e.run("kubectl config current-context").stdout(), "dev\n");
    let out = e.run("kubectl config delete-context dev");
    assert_eq!(
        out.stderr(),
        "warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n"
    );
    assert_eq!(
        out.stdout(),
        "deleted context dev from /home/user/.kube/config\n"
    );
}

#[test]
fn view_redacts_unless_raw() {
    let mut e = Env::new();
    let out = e.run("kubectl config view -o jsonpath={.users[0].user}");
    assert_eq!(
        out.stdout(),
        r#"{"client-certificate":"/c.crt","client-key":"/c.key","token":"REDACTED"}"#
    );
    let out = e.run("kubectl config view --raw -o jsonpath={.users[0].user.token}");
    assert_eq!(out.stdout(), "secret");
    let out = e.run("kubectl config view --flatten");
    assert_eq!(
        out.stderr(),
        "error: open /c.crt: no such file or directory\n"
    );
    assert_eq!(out.exit_code, 1);
}

#[test]
fn file_is_written_back_as_kubectl_writes_it() {
    let mut e = Env::new();
    let out = e.run("kubectl config set-cluster c2 --server=https://1.2.3.4 --kubeconfig=kc.json");
    assert_eq!(out.stdout(), "Cluster \"c2\" set.\n");
    let text = e.fs.read("kc.json").unwrap_or_default();
    assert!(
        text.starts_with(
            "apiVersion: v1\nclusters:\n- cluster:\n    server: https://1.2.3.4\n  name: c2\n"
        ),
        "{text}"
    );
    // The session's kubeconfig is untouched.
    assert_eq!(
        e.session
            .kubeconfig
            .entries(crate::kubeconfig::Section::Clusters)
            .len(),
        1
    );
}

#[test]
fn errors_in_kubectl_words() {
    let mut e = Env::new();
    let err = |e: &mut Env, l: &str| e.run(l).stderr();
    assert_eq!(
        err(&mut e, "kubectl config use-context nope"),
        "error: no context exists with the name: \"nope\"\n"
    );
    assert_eq!(
        err(&mut e, "kubectl config get-contexts x"),
        "error: context x not found\n"
    );
    assert_eq!(
        err(&mut e, "kubectl config set-context"),
        "error: you must specify a non-empty context name or --current\n"
    );
    assert_eq!(
        err(&mut e, "kubectl config unset contexts.nope.namespace"),
        "error: current map key `nope` is invalid\n"
    );
    assert_eq!(
        err(&mut e, "kubectl config rename-context a"),
        "error: Unexpected args: [a]\n"
    );
    let out = e.run("kubectl config unset current-context");
    assert_eq!(out.stdout(), "Property \"current-context\" unset.\n");
    assert_eq!(
        err(&mut e, "kubectl config current-context"),
        "error: current-context is not set\n"
    );
    assert_eq!(
        err(&mut e, "kubectl config view --minify"),
        "error: current-context must exist in order to minify\n"
    );
}
