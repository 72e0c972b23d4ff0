//! `kubectl kustomize` and `apply -k` on the editor's files: a base and an overlay typed in
//! tabs named with their folders are what the build reads.

use super::super::screen::Seg;
use super::*;

fn edit(p: &mut Page, name: &str, text: &str) {
    p.apply(Action::Edit {
        name: name.into(),
        text: text.into(),
    });
}

fn run(p: &mut Page, line: &str) -> String {
    let before = p.view().screen.len();
    p.apply(Action::Input(line.into()));
    p.apply(Action::Enter);
    p.view().screen[before..]
        .iter()
        .filter_map(|s| match s {
            Seg::Out(t) | Seg::Err(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_overlay_in_the_editor_tabs_builds_and_applies() {
    let tab = Tab::new();
    let mut p = Page::restore(tab.setup());
    p.apply(Action::Boot);
    edit(&mut p, "base/kustomization.yaml", "resources:\n- cm.yaml\n");
    edit(
        &mut p,
        "base/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: \"1\"\n",
    );
    edit(
        &mut p,
        "overlay/kustomization.yaml",
        "namePrefix: dev-\nresources:\n- ../base\n",
    );
    let built = run(&mut p, "kubectl kustomize overlay");
    assert!(built.contains("name: dev-settings\n"), "{built}");
    let applied = run(&mut p, "kubectl apply -k overlay/");
    assert_eq!(applied, "configmap/dev-settings created\n");
    let missing = run(&mut p, "kubectl apply -k nowhere");
    assert!(
        missing.starts_with("error: must build at directory"),
        "{missing}"
    );
}
