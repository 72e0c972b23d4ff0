//! The corpus of invalid manifests: each `tests/invalid/*.yaml` opens with a comment naming the
//! command (`# $ kubectl apply -f <file>`) and the exact output a real v1.32 cluster gives for it
//! (`# | ` lines; every case fails with exit status 1). Cases about updates first create what
//! they change with `# > ` setup commands, which must succeed and may read the valid manifests of
//! `tests/invalid/setup/`. Each runs on a fresh cluster; the store
//! must be byte for byte the same afterwards, resource version included, as nothing may be
//! stored by a rejected request. `SNAPSHOTS=overwrite cargo test --test invalid` rewrites the
//! expected lines after a deliberate change (check them before committing).

use std::path::{Path, PathBuf};

use kubeplay::clock::{FixedClock, Time};
use kubeplay::fs::MemFs;
use kubeplay::playground::Playground;
use kubeplay::profile::Profile;
use kubeplay::shell::Feed;
use serde_json::Value;

const START: i64 = 1_795_600_800;

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
    objs.sort();
    (store.current_resource_version(), objs)
}

/// Runs one case: its output (plus `[exit N]` when not 0) and whether the store stayed the same.
fn run(name: &str, case: &Case) -> (String, bool) {
    let Some(profile) = Profile::by_name("minikube") else {
        return ("no minikube profile".into(), false);
    };
    let mut fs = MemFs::new().with_file(name, &case.text);
    let setup_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid/setup");
    for e in std::fs::read_dir(setup_dir).into_iter().flatten().flatten() {
        let file = format!("setup/{}", e.file_name().to_string_lossy());
        fs = fs.with_file(
            &file,
            &std::fs::read_to_string(e.path()).unwrap_or_default(),
        );
    }
    let mut pg = Playground::new(
        profile,
        Box::new(FixedClock::new(Time(START))),
        Box::new(fs),
    );
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

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    out.sort();
    out
}

#[test]
fn invalid_manifests_fail_as_on_a_real_cluster_and_store_nothing() {
    let files = corpus();
    assert!(files.len() >= 100, "only {} cases", files.len());
    let overwrite = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut failed = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).unwrap();
        let case = parse(&text).unwrap_or_else(|| panic!("{name}: no `# $ ` command line"));
        assert!(
            case.command.contains(&name),
            "{name}: the command must read the case's own file"
        );
        let (actual, unchanged) = run(&name, &case);
        if !unchanged {
            failed.push(format!("{name}: the store changed"));
        }
        if !actual.ends_with("[exit 1]\n") {
            failed.push(format!("{name}: did not fail with exit status 1"));
        }
        if actual != case.expected {
            if overwrite {
                rewrite(path, &case, &actual);
            } else {
                failed.push(format!(
                    "{name}:\n--- expected\n{}--- actual\n{actual}",
                    case.expected
                ));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
