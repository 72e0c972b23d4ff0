//! `kubectl __complete` against the fixture cluster, as cobra answers for kubectl v1.32.

use crate::run_line;
use crate::testing::{cluster, session};
use kubeplay_core::fs::MemFs;

fn complete(line: &str) -> (String, String) {
    let mut c = cluster();
    let mut fs = MemFs::new();
    let mut s = session();
    let out = run_line(&mut s, line, &mut c, &mut fs, None);
    (out.stdout(), out.stderr())
}

#[test]
fn commands_with_their_descriptions_then_the_directive() {
    let (out, err) = complete("__complete ge");
    assert_eq!(out, "get\tDisplay one or many resources\n:4\n");
    assert_eq!(
        err,
        "Completion ended with directive: ShellCompDirectiveNoFileComp\n"
    );
    let (out, _) = complete("__complete ''");
    assert!(
        out.starts_with("annotate\tUpdate the annotations on a resource\napi-resources\t"),
        "{out}"
    );
    assert!(
        out.contains("\nhelp\tHelp about any command\nkustomize\t"),
        "{out}"
    );
    assert!(!out.contains("alpha"));
    let (out, _) = complete("__completeNoDesc rollout ''");
    assert_eq!(out, "history\npause\nrestart\nresume\nstatus\nundo\n:4\n");
}

#[test]
fn flags_after_a_dash_globals_first_and_given_ones_left_out() {
    let (out, _) = complete("__complete get --o");
    assert!(
        out.starts_with("--output\tOutput format. One of: (json, yaml, name, go-template, "),
        "{out}"
    );
    assert!(out.contains("\n--output-watch-events\tOutput watch event objects when --watch or --watch-only is used."), "{out}");
    assert!(out.ends_with("\n:4\n"), "{out}");
    let (out, _) = complete("__completeNoDesc get -");
    assert!(
        out.starts_with("--as\n--as-group\n--as-uid\n--cache-dir\n"),
        "{out}"
    );
    assert!(out.contains("\n--namespace\n-n\n--password\n"), "{out}");
    assert!(out.contains("\n--help\n-h\n--ignore-not-found\n"), "{out}");
    let (out, _) = complete("__completeNoDesc get --no-headers -");
    assert!(!out.contains("--no-headers"));
}

#[test]
fn resource_types_names_and_namespaces_come_from_the_server() {
    let (out, _) = complete("__complete get ''");
    assert!(
        out.starts_with("bindings\n") || out.starts_with("componentstatuses\n"),
        "{out}"
    );
    assert!(out.contains("\ndeployments.apps\n"), "{out}");
    let (out, _) = complete("__complete get pods,se");
    assert!(
        out.contains("pods,secrets\npods,serviceaccounts\npods,services\n"),
        "{out}"
    );
    let (out, _) = complete("__complete get -n ''");
    assert_eq!(
        out,
        "default\nkube-node-lease\nkube-public\nkube-system\n:4\n"
    );
    let (out, _) = complete("__complete get --namespace=kube-");
    assert_eq!(out, "kube-node-lease\nkube-public\nkube-system\n:4\n");
    let (out, _) = complete("__complete -n kube-system get pods etcd");
    assert_eq!(out, "etcd-minikube\n:4\n");
    let (out, _) = complete("__complete cordon ''");
    assert_eq!(out, "minikube\n:4\n");
    let (out, _) = complete("__complete config use-context ''");
    assert_eq!(out, "minikube\n:4\n");
}

#[test]
fn pods_and_the_kinds_holding_them_and_required_flags() {
    let (out, err) = complete("__complete logs ''");
    assert_eq!(out, "daemonsets/\ndeployments/\npods/\njobs/\nreplicasets/\nreplicationcontrollers/\nservices/\nstatefulsets/\n:6\n");
    assert_eq!(err, "Completion ended with directive: ShellCompDirectiveNoSpace, ShellCompDirectiveNoFileComp\n");
    let (out, _) = complete("__complete scale ''");
    assert_eq!(out, "--replicas\tThe new desired number of replicas. Required.\ndeployment\nreplicaset\nreplicationcontroller\nstatefulset\n:4\n");
    let (out, err) = complete("__complete run x ''");
    // The description is kubeplay's flag table's usage line.
    assert!(
        out.starts_with("--image\t") && out.ends_with("\n:0\n") && out.lines().count() == 2,
        "{out}"
    );
    assert_eq!(
        err,
        "Completion ended with directive: ShellCompDirectiveDefault\n"
    );
    let (out, _) = complete("__complete get pods --subresource ''");
    assert_eq!(out, "status\nscale\nresize\n:4\n");
}

#[test]
fn the_shells_of_completion_then_nothing() {
    assert_eq!(
        complete("__completeNoDesc completion ''").0,
        "bash\nzsh\nfish\npowershell\n:4\n"
    );
    assert_eq!(complete("__complete completion z").0, "zsh\n:4\n");
    assert_eq!(complete("__complete completion bash ''").0, ":0\n");
}

#[test]
fn no_word_or_no_such_command() {
    assert_eq!(
        complete("__complete"),
        (
            String::new(),
            "error: requires at least 1 arg(s), only received 0\n".into()
        )
    );
    let (out, err) = complete("__complete ge -");
    assert_eq!(out, ":0\n");
    assert_eq!(err, "[Debug] Cleared global flags for plugin completion\n[Debug] [Error] unable to find a command for arguments: [ge]\nCompletion ended with directive: ShellCompDirectiveDefault\n");
    let (_, err) = complete("__complete -n x ge ''");
    assert!(
        err.starts_with("[Debug] [Error] unable to find a command for arguments: [-n x ge]\n"),
        "{err}"
    );
}

#[test]
fn containers_and_ports_of_the_pod_an_object_stands_for() {
    let (out, _) = complete("__complete logs -n kube-system deploy/coredns ''");
    assert_eq!(out, "coredns\n:4\n");
    let (out, _) = complete("__complete port-forward -n kube-system deploy/coredns ''");
    assert_eq!(out, "53:53\n53:53\n9153:9153\n:4\n");
    let (out, _) = complete("__complete port-forward -n kube-system svc/kube-dns 8");
    assert_eq!(out, "8:53\n8:53\n8:9153\n:4\n");
}
