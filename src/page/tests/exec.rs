//! `kubectl exec -it` in the page: the terminal's prompt becomes the container's, lines go to
//! its shell until `exit` or Ctrl-D, and a reload in the middle reopens the same shell.

use super::super::screen::Seg;
use super::*;

fn last_out(e: &Engine) -> String {
    e.screen()
        .segs()
        .iter()
        .rev()
        .find_map(|s| match s {
            Seg::Out(t) | Seg::Err(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

fn running_box(tab: &Tab) -> Engine {
    let mut e = tab.load();
    e.boot_now();
    e.submit("kubectl run box --image busybox -- sleep 3600");
    tab.wait(&mut e, 10);
    e
}

#[test]
fn the_prompt_is_the_containers_until_exit() {
    let tab = Tab::new();
    let mut e = running_box(&tab);
    e.submit("kubectl exec -it box -- sh");
    assert_eq!(e.prompt(), "/ # ");
    e.submit("cd /etc");
    assert_eq!(e.prompt(), "/etc # ");
    e.submit("hostname");
    assert_eq!(last_out(&e), "box\n");
    assert!(e
        .screen()
        .segs()
        .contains(&Seg::Echo("/etc # ".into(), "hostname".into())));
    e.submit("exit");
    assert_eq!(e.prompt(), "$ ");
}

#[test]
fn ctrl_d_leaves_the_container_shell() {
    let tab = Tab::new();
    let mut e = running_box(&tab);
    e.end_input();
    assert_eq!(
        e.prompt(),
        "$ ",
        "nothing to leave at the playground's prompt"
    );
    e.submit("kubectl exec -it box -- sh");
    e.end_input();
    assert_eq!(e.prompt(), "$ ");
    assert!(!e.in_container());
}

#[test]
fn a_reload_reopens_the_shell_with_what_it_wrote() {
    let tab = Tab::new();
    let mut e = running_box(&tab);
    e.submit("kubectl exec -it box -- sh");
    e.submit("cd /tmp && echo kept > note");
    let mut after = tab.load();
    after.boot_now();
    assert_eq!(after.prompt(), "/tmp # ");
    after.submit("cat note");
    assert_eq!(last_out(&after), "kept\n");
}
