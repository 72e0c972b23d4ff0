//! The corpus of invalid manifests: each `tests/invalid/*.yaml` opens with a comment naming the
//! command (`# $ kubectl apply -f <file>`) and the exact output a real v1.32 cluster gives for it
//! (`# | ` lines; every case fails with exit status 1). Cases about updates first create what
//! they change with `# > ` setup commands, which must succeed and may read the valid manifests of
//! `tests/invalid/setup/`. Each runs on a fresh cluster; the store
//! must be byte for byte the same afterwards, resource version included, as nothing may be
//! stored by a rejected request. `SNAPSHOTS=overwrite cargo test --test invalid` rewrites the
//! expected lines after a deliberate change (check them before committing). Each case is a test
//! named after its file: `cargo test --test invalid cm-data-bool` runs that one.

mod common;

use kubeplay_core::sort::SortOnce;
use std::path::Path;

use kubeplay::fs::MemFs;
use kubeplay::playground::Playground;
use kubeplay::profile::Profile;
use kubeplay::shell::Feed;
use libtest_mimic::Failed;
use serde_json::Value;

fn main() {
    common::run(common::per_file("invalid", "yaml", 100, check));
}

/// Runs one case: it must read its own file, fail with exit status 1, print the expected lines
/// (rewritten instead with `SNAPSHOTS=overwrite`) and leave the store as it was.
fn check(path: &Path) -> Result<(), Failed> {
    let name = common::file_name(path);
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let case = parse(&text).ok_or_else(|| format!("{name}: no `# $ ` command line"))?;
    if !case.command.contains(&name) {
        return Err(format!("{name}: the command must read the case's own file").into());
    }
    let (actual, unchanged) = run(&name, &case);
    let mut failed = Vec::new();
    if !unchanged {
        failed.push(format!("{name}: the store changed"));
    }
    if !actual.ends_with("[exit 1]\n") {
        failed.push(format!("{name}: did not fail with exit status 1"));
    }
    if actual != case.expected {
        if std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite") {
            rewrite(path, &case, &actual);
        } else {
            failed.push(format!(
                "{name}: `{}`\n--- expected\n{}--- actual\n{actual}",
                case.command, case.expected
            ));
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("\n").into())
    }
}

struct Case {
    setup: Vec<String>,
    command: String,
    expected: String,
    /// The manifest as the file holds it, header included (kubectl skips the comments).
    text: String,
}

fn parse(text: &str) -> Option<Case> {
    let mut lines = text.lines().peekable();
    let mut setup = Vec::new();
    while let Some(c) = lines.peek().and_then(|l| l.strip_prefix("# > ")) {
        setup.push(c.to_string());
        lines.next();
    }
    let command = lines.next()?.strip_prefix("# $ ")?.to_string();
    let mut expected = String::new();
    for l in lines {
        match l.strip_prefix("# |") {
            Some(rest) => {
                expected.push_str(rest.strip_prefix(' ').unwrap_or(rest));
                expected.push('\n');
            }
            None => break,
        }
    }
    Some(Case {
        setup,
        command,
        expected,
        text: text.to_string(),
    })
}

fn snapshot(pg: &Playground) -> (u64, Vec<String>) {
    let store = &pg.cluster.api.store();
    let mut objs: Vec<String> = store
        .iter()
        .map(|(k, v): (_, &Value)| format!("{k:?} {v}"))
        .collect();
    objs.sort_once();
    (store.current_resource_version(), objs)
}

/// Runs one case: its output (plus `[exit N]` when not 0) and whether the store stayed the same.
fn run(name: &str, case: &Case) -> (String, bool) {
    let fs = MemFs::new().with_file(name, &case.text);
    let fs = common::add_tree(fs, &common::tests_dir("invalid/setup"), "setup/");
    let mut pg = common::playground(Profile::minikube(), fs);
    for c in &case.setup {
        match pg.feed_line(c) {
            Feed::Done(out) if out.exit_code == 0 => {}
            _ => return (format!("setup failed: {c}\n"), false),
        }
    }
    // Let the fresh cluster settle first, so only the command under test could change the store.
    pg.feed_line("kubectl get namespaces");
    let before = snapshot(&pg);
    let out = match pg.feed_line(&case.command) {
        Feed::Done(out) => out,
        _ => return ("[incomplete command]\n".into(), false),
    };
    let mut text = out.combined();
    if out.exit_code != 0 {
        text.push_str(&format!("[exit {}]\n", out.exit_code));
    }
    (text, snapshot(&pg) == before)
}

fn rewrite(path: &Path, case: &Case, actual: &str) {
    let mut out = String::new();
    for c in &case.setup {
        out.push_str(&format!("# > {c}\n"));
    }
    out.push_str(&format!("# $ {}\n", case.command));
    for l in actual.lines() {
        if l.is_empty() {
            out.push_str("# |\n");
        } else {
            out.push_str(&format!("# | {l}\n"));
        }
    }
    let body: Vec<&str> = case
        .text
        .lines()
        .skip_while(|l| l.starts_with("# > ") || l.starts_with("# $ ") || l.starts_with("# |"))
        .collect();
    out.push_str(&body.join("\n"));
    out.push('\n');
    let _ = std::fs::write(path, out);
}
