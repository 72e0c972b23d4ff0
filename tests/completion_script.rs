//! `kubectl completion SHELL` works in that shell: the script sourced registers kubectl's
//! completion, and a Tab (the completion function called as the shell calls it, with the line's
//! words set as the shell sets them) offers what the native CLI's `kubectl __complete` answers.
//! A shell that is not installed is skipped with a notice (bash always is on Debian).

use std::path::Path;
use std::process::Command;

fn installed(name: &str) -> Option<String> {
    ["/bin", "/usr/bin"]
        .into_iter()
        .map(|d| format!("{d}/{name}"))
        .find(|p| Path::new(p).exists())
}

fn bash() -> Option<String> {
    installed("bash")
}

/// Run `script` in `shell` with the built kubeplay first on PATH; its stdout.
fn run_in(shell: &str, args: &[&str], script: &str) -> String {
    let exe = Path::new(env!("CARGO_BIN_EXE_kubeplay"));
    let dir = exe.parent().expect("the binary's directory");
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new(shell)
        .args(args)
        .arg(script)
        .env("PATH", path)
        .output()
        .expect("the shell runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_bash_script_completes_through_the_native_cli() {
    let Some(bash) = bash() else {
        eprintln!("notice: bash is not installed; the completion script was not tried");
        return;
    };
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
    assert_eq!(
        run_in(&bash, &["--norc", "--noprofile", "-c"], script),
        "complete -F __kubeplay_kubectl kubectl\n\
         kubectl ge|get\n\
         kubectl get -n kube-|kube-node-lease kube-public kube-system\n\
         kubectl get --namespace=kube-p|kube-public\n\
         kubectl -n kube-system get pods etcd|etcd-minikube\n\
         kubectl rollout st|status\n"
    );
}

#[test]
fn the_zsh_script_describes_the_candidates() {
    let Some(zsh) = installed("zsh") else {
        eprintln!("notice: zsh is not installed; its completion script was not tried");
        return;
    };
    // Without compinit: compdef, _describe and _files stand in for zsh's completion system.
    let script = r#"
compdef() { echo "compdef $*"; }
_describe() { local arr=$4; print -rl -- "${(@P)arr}"; [[ -n $5 ]] && echo "then: $5 $6"; }
_files() { echo "(files)"; }
source <(kubeplay -c 'kubectl completion zsh')
words=(kubectl ge); CURRENT=2; _kubeplay_kubectl
words=(kubectl logs ''); CURRENT=3; _kubeplay_kubectl
words=(kubectl apply -f x); CURRENT=4; _kubeplay_kubectl
"#;
    assert_eq!(
        run_in(&zsh, &["-f", "-c"], script),
        "compdef _kubeplay_kubectl kubectl\n\
         get:Display one or many resources\n\
         daemonsets/\ndeployments/\npods/\njobs/\nreplicasets/\nreplicationcontrollers/\nservices/\nstatefulsets/\n\
         then: -S \n\
         (files)\n"
    );
}

#[test]
fn the_fish_script_prints_the_candidates() {
    let Some(fish) = installed("fish") else {
        eprintln!("notice: fish is not installed; its completion script was not tried");
        return;
    };
    // `commandline` stands in for the line being completed.
    let script = r#"
kubeplay -c 'kubectl completion fish' | source
function commandline; switch $argv[1]; case -opc; printf "%s\n" kubectl get -n; case -ct; echo kube-; end; end
__kubeplay_kubectl
complete -c kubectl
"#;
    let out = run_in(&fish, &["--no-config", "-c"], script);
    assert!(
        out.starts_with("kube-node-lease\nkube-public\nkube-system\n"),
        "{out}"
    );
    assert!(
        out.contains("complete --no-files kubectl -a '(__kubeplay_kubectl)'"),
        "{out}"
    );
}
