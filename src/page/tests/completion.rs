//! Tab completion against a live cluster: what kubectl's `__complete` offers (its command and
//! flag tables, and names asked of the cluster).

use super::super::complete::{complete, Completion};
use super::*;

fn tab_press(e: &mut Engine, before: &str) -> String {
    complete(e, before).text
}

#[test]
fn commands_subcommands_and_flags() {
    let tab = Tab::new();
    let mut e = tab.load();
    assert_eq!(tab_press(&mut e, "kub"), "kubectl ");
    assert_eq!(tab_press(&mut e, "kubectl ge"), "kubectl get ");
    assert_eq!(
        tab_press(&mut e, "kubectl create deploy"),
        "kubectl create deployment "
    );
    assert_eq!(
        tab_press(&mut e, "kubectl get --all-n"),
        "kubectl get --all-namespaces "
    );
    assert_eq!(
        tab_press(&mut e, "kubectl get -o ya"),
        "kubectl get -o yaml "
    );
    assert_eq!(
        tab_press(&mut e, "kubectl get --output=ya"),
        "kubectl get --output=yaml "
    );
    // json and jsonpath= share a prefix: it is completed, nothing more.
    assert_eq!(
        tab_press(&mut e, "kubectl get -o js"),
        "kubectl get -o json"
    );
}

#[test]
fn resource_types_names_namespaces_and_files() {
    let tab = Tab::new();
    let mut e = tab.load();
    e.submit("kubectl run web --image nginx");
    // As kubectl's completion offers it in a shell: `api-resources -o name`, group and all.
    assert_eq!(
        tab_press(&mut e, "kubectl get deploym"),
        "kubectl get deployments.apps "
    );
    assert_eq!(
        tab_press(&mut e, "kubectl describe pods w"),
        "kubectl describe pods web "
    );
    assert_eq!(
        tab_press(&mut e, "kubectl get pod/w"),
        "kubectl get pod/web "
    );
    assert_eq!(tab_press(&mut e, "kubectl logs w"), "kubectl logs web ");
    assert_eq!(
        tab_press(&mut e, "kubectl get pods -n kube-sy"),
        "kubectl get pods -n kube-system "
    );
    assert_eq!(
        tab_press(&mut e, "kubectl get pods -n kube-system etcd"),
        "kubectl get pods -n kube-system etcd-minikube "
    );
    assert_eq!(
        tab_press(&mut e, "kubectl apply -f mon"),
        "kubectl apply -f monpod.yaml "
    );
    assert_eq!(tab_press(&mut e, "cat mon"), "cat monpod.yaml ");
}

#[test]
fn ambiguous_words_list_the_choices_and_unknown_ones_stay() {
    let tab = Tab::new();
    let mut e = tab.load();
    let Completion { text, choices } = complete(&mut e, "kubectl get pod");
    assert_eq!(text, "kubectl get pod");
    assert!(choices.contains(&"pods".to_string()), "{choices:?}");
    assert!(choices.contains(&"podtemplates".to_string()), "{choices:?}");
    assert_eq!(
        complete(&mut e, "kubectl zzz"),
        Completion {
            text: "kubectl zzz".into(),
            choices: vec![]
        }
    );
    // Unusual text is completed or left alone, never a panic.
    for before in ["", " ", "kubectl -", "kubectl --=", "kubectl get é", "k -n"] {
        complete(&mut e, before);
    }
}
