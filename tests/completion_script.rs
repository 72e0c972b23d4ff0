//! `kubectl completion bash` works in bash: the script sourced registers kubectl's completion,
//! and a Tab (the completion function called as bash calls it) offers what the native CLI's
//! `kubectl __complete` answers. Skipped with a notice where bash is missing.

use std::path::Path;
use std::process::Command;

fn bash() -> Option<&'static str> {
    ["/bin/bash", "/usr/bin/bash"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

#[test]
fn the_bash_script_completes_through_the_native_cli() {
    let Some(bash) = bash() else {
        eprintln!("notice: bash is not installed; the completion script was not tried");
        return;
    };
    let exe = Path::new(env!("CARGO_BIN_EXE_kubeplay"));
    let dir = exe.parent().expect("the binary's directory");
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = r#"
source <(kubeplay -c 'kubectl completion bash')
complete -p kubectl
tab() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; __kubeplay_kubectl 2>/dev/null; echo "$1|${COMPREPLY[*]}"; }
tab 'kubectl ge'
tab 'kubectl get -n kube-'
tab 'kubectl get --namespace=kube-p'
tab 'kubectl -n kube-system get pods etcd'
tab 'kubectl rollout st'
"#;
    let out = Command::new(bash)
        .args(["--norc", "--noprofile", "-c", script])
        .env("PATH", path)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "complete -F __kubeplay_kubectl kubectl\n\
         kubectl ge|get\n\
         kubectl get -n kube-|kube-node-lease kube-public kube-system\n\
         kubectl get --namespace=kube-p|kube-public\n\
         kubectl -n kube-system get pods etcd|etcd-minikube\n\
         kubectl rollout st|status\n"
    );
}
