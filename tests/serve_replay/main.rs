//! Every transcript replayed on real kubectl v1.32 through `kubeplay serve`: a fresh served
//! cluster on the transcripts' fixed clock per file, each `kubectl` of a command line run by the
//! real binary (the rest of the line by the playground's shell, as in `transcripts.rs`), and
//! each command whose output differs from the transcript's listed in
//! `tests/serve-replay-differences.txt` with why (`differences.rs`). The test fails on a
//! difference that list does not explain. Skipped, with a notice, where the real binary is
//! missing: `KUBEPLAY_REAL_KUBECTL` names it, or gcloud's SDK holds it as `bin/kubectl.1.32`.
//! The outputs compared are written to `target/tmp/serve-replay/FILE.diff`.

#[path = "../common/mod.rs"]
mod common;
mod differences;
mod host;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::transcript;
use kubeplay::cluster::{fixture, Cluster};
use kubeplay::fs::MemFs;
use kubeplay::profile::Profile;
use kubeplay::serve::actor::{self, ClusterHandle};
use kubeplay::shell::{Feed, Shell};
use libtest_mimic::Failed;
use snapbox::IntoData;

static KUBECTL: OnceLock<PathBuf> = OnceLock::new();

fn real_kubectl() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("KUBEPLAY_REAL_KUBECTL") {
        return Some(PathBuf::from(p)).filter(|p| p.exists());
    }
    let out = Command::new("gcloud")
        .args(["info", "--format=value(installation.sdk_root)"])
        .output()
        .ok()?;
    let root = String::from_utf8(out.stdout).ok()?;
    let p = Path::new(root.trim()).join("bin/kubectl.1.32");
    p.exists().then_some(p)
}

fn main() {
    let Some(kubectl) = real_kubectl() else {
        eprintln!(
            "serve_replay: skipped: no real kubectl v1.32 here (KUBEPLAY_REAL_KUBECTL, or gcloud's bin/kubectl.1.32)"
        );
        common::run(Vec::new());
    };
    let _ = KUBECTL.set(kubectl);
    common::run(common::per_file("transcripts", "txt", 1, check));
}

/// The profile's kubeconfig, its server the served cluster (plain HTTP, so no certificates).
fn kubeconfig(profile: &Profile, port: u16) -> String {
    let mut out = String::new();
    for line in profile.kubeconfig.lines() {
        let key = line.trim_start().trim_start_matches("- ");
        if ["certificate-authority", "client-certificate", "client-key"]
            .iter()
            .any(|k| key.starts_with(k))
        {
            continue;
        }
        match line.split_once("server: ") {
            Some((indent, _)) => out.push_str(&format!("{indent}server: http://127.0.0.1:{port}")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// A fresh cluster of `profile` on its own thread, as `kubeplay serve` runs it.
fn start_cluster(profile: &str) -> ClusterHandle {
    let (handle, queue) = ClusterHandle::new();
    let name = profile.to_string();
    // The controllers recurse deeper than a default thread's stack allows in debug builds.
    let _ = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let profile = Profile::by_name(&name).unwrap_or_else(Profile::minikube);
            let mut cluster = Cluster::new(profile, fixture::clock());
            actor::run(&mut cluster, queue);
        });
    handle
}

/// Replays `path` on real kubectl and returns what it printed, as the transcript writes it, and
/// how many real kubectl runs it took.
fn replay(path: &Path, stem: &str) -> Result<(String, usize), Failed> {
    let text = std::fs::read_to_string(path)?;
    let (header, cmds) = transcript::commands(&text);
    let profile = transcript::profile(&header);
    let cluster = start_cluster(&profile.name);
    let listener = kubeplay::serve::listen("127.0.0.1:0", cluster.clone())?;
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("serve-replay")
        .join(stem);
    let _ = std::fs::remove_dir_all(&dir);
    let (home, work) = (dir.join("home"), dir.join("work"));
    std::fs::create_dir_all(home.join(".kube"))?;
    std::fs::create_dir_all(&work)?;
    std::fs::write(
        home.join(".kube/config"),
        kubeconfig(&profile, listener.port),
    )?;
    let mut host = host::RealHost {
        kubectl: KUBECTL.get().cloned().unwrap_or_default(),
        cluster: cluster.clone(),
        home,
        work,
        runs: 0,
    };
    let mut fs = common::add_tree(MemFs::new(), &common::tests_dir("transcripts/files"), "");
    let mut shell = Shell::interactive();
    let mut actual = header;
    for lines in cmds {
        cluster.with(|c| c.advance(1));
        let mut result = None;
        for (i, l) in lines.iter().enumerate() {
            actual.push_str(if i == 0 { "$ " } else { ">" });
            if i > 0 && !l.is_empty() {
                actual.push(' ');
            }
            actual.push_str(l);
            actual.push('\n');
            if std::env::var("REPLAY_TRACE").is_ok() {
                eprintln!("replay: {l}");
            }
            if let Feed::Done(out) = shell.feed_line(l, &mut host, &mut fs) {
                result = Some(out);
            }
        }
        let Some(out) = result else {
            actual.push_str("[incomplete command]\n");
            continue;
        };
        let text = out.combined();
        actual.push_str(&text);
        if !text.is_empty() && !text.ends_with('\n') {
            actual.push_str("\n[no newline]\n");
        }
        if out.exit_code != 0 {
            actual.push_str(&format!("[exit {}]\n", out.exit_code));
        }
    }
    listener.stop();
    Ok((actual, host.runs))
}

/// The commands whose output differs, keyed as the differences file keys them, with the
/// expected and actual text of each.
fn differences(expected: &str, actual: &str) -> Vec<(String, String, String)> {
    let plain = snapbox::Assert::new().normalize_paths(false);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let (e, a) = (transcript::blocks(expected), transcript::blocks(actual));
    let mut out = Vec::new();
    for (e, a) in e.into_iter().zip(a).skip(1) {
        let command = e
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("$ "))
            .unwrap_or_default()
            .to_string();
        let n = seen.entry(command.clone()).or_insert(0);
        *n += 1;
        let differs = plain
            .try_eq(None, a.clone().into_data(), e.as_str().into_data())
            .is_err();
        if differs {
            let key = if *n == 1 {
                command
            } else {
                format!("{command} [{n}]")
            };
            out.push((key, e, a));
        }
    }
    out
}

fn check(path: &Path) -> Result<(), Failed> {
    let file = common::file_name(path);
    let stem = file.trim_end_matches(".txt").to_string();
    let expected = std::fs::read_to_string(path)?;
    let (actual, runs) = replay(path, &stem)?;
    let diffs = differences(&expected, &actual);
    let mut report = format!(
        "{file}: {runs} real kubectl runs, {} differences\n",
        diffs.len()
    );
    for (k, e, a) in &diffs {
        report.push_str(&format!(
            "\n=== {k}\n--- expected\n{e}--- real kubectl on kubeplay serve\n{a}"
        ));
    }
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-replay");
    let _ = std::fs::write(out_dir.join(format!("{stem}.diff")), &report);
    let known = differences::explained(&file);
    let keys: Vec<String> = diffs.iter().map(|d| d.0.clone()).collect();
    if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
        differences::overwrite(&file, &keys, &known);
        return Ok(());
    }
    let unexplained: Vec<&String> = keys
        .iter()
        .filter(|k| known.get(*k).is_none_or(|w| w == differences::UNEXPLAINED))
        .collect();
    if unexplained.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = unexplained.iter().map(|k| format!("  {k}")).collect();
    Err(format!(
        "{file}: differences with real kubectl not explained in {}:\n{}\n(outputs in {})",
        differences::path().display(),
        list.join("\n"),
        out_dir.join(format!("{stem}.diff")).display()
    )
    .into())
}
