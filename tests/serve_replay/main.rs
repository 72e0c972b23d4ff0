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
use kubeplay_core::sort::SortOnce;
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

/// One command's lines fed to the shell, echoed as the transcript writes them, then its
/// output, `[no newline]` and `[exit N]` as in `transcripts.rs`.
fn run_block(
    shell: &mut Shell,
    host: &mut host::RealHost,
    fs: &mut MemFs,
    lines: &[String],
) -> String {
    let mut actual = String::new();
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
        if let Feed::Done(out) = shell.feed_line(l, host, fs) {
            result = Some(out);
        }
    }
    let Some(out) = result else {
        actual.push_str("[incomplete command]\n");
        return actual;
    };
    let text = out.combined();
    actual.push_str(&text);
    if !text.is_empty() && !text.ends_with('\n') {
        actual.push_str("\n[no newline]\n");
    }
    if out.exit_code != 0 {
        actual.push_str(&format!("[exit {}]\n", out.exit_code));
    }
    actual
}

/// The same lines in another order: stdout and stderr come on two pipes here, so how they
/// interleave is not the terminal's, and that is not counted as a difference.
fn same_lines(a: &str, b: &str) -> bool {
    sorted_lines(a) == sorted_lines(b)
}

fn sorted_lines(t: &str) -> Vec<&str> {
    let mut l: Vec<&str> = t.lines().collect();
    l.sort_once();
    l
}

/// A difference: the command's key in the differences file, what the transcript has and what
/// real kubectl printed.
struct Difference {
    key: String,
    expected: String,
    actual: String,
}

/// Replays `path` on real kubectl: the commands whose output differs, and how many real
/// kubectl runs it took. Lines typed in a container's shell are not replayed (real kubectl
/// opens no terminal here; the command that opened it differs).
fn replay(path: &Path, stem: &str) -> Result<(Vec<Difference>, usize), Failed> {
    let text = std::fs::read_to_string(path)?;
    let (header, blocks) = transcript::command_blocks(&text);
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
    let plain = snapbox::Assert::new().normalize_paths(false);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for block in blocks.iter().filter(|b| !b.container) {
        cluster.with(|c| c.advance(1));
        let actual = run_block(&mut shell, &mut host, &mut fs, &block.lines);
        let command = block.lines.first().cloned().unwrap_or_default();
        let n = seen.entry(command.clone()).or_insert(0);
        *n += 1;
        let differs = plain
            .try_eq(
                None,
                actual.clone().into_data(),
                block.text.as_str().into_data(),
            )
            .is_err()
            && !same_lines(&actual, &block.text);
        if differs {
            let key = if *n == 1 {
                command
            } else {
                format!("{command} [{n}]")
            };
            out.push(Difference {
                key,
                expected: block.text.clone(),
                actual,
            });
        }
    }
    listener.stop();
    Ok((out, host.runs))
}

fn check(path: &Path) -> Result<(), Failed> {
    let file = common::file_name(path);
    let stem = file.trim_end_matches(".txt").to_string();
    let (diffs, runs) = replay(path, &stem)?;
    let mut report = format!(
        "{file}: {runs} real kubectl runs, {} differences\n",
        diffs.len()
    );
    for d in &diffs {
        report.push_str(&format!(
            "\n=== {}\n--- expected\n{}--- real kubectl on kubeplay serve\n{}",
            d.key, d.expected, d.actual
        ));
    }
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-replay");
    let _ = std::fs::write(out_dir.join(format!("{stem}.diff")), &report);
    let known = differences::explained(&file);
    let keys: Vec<String> = diffs.iter().map(|d| d.key.clone()).collect();
    if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
        differences::overwrite(&file, &keys, &known);
        return Ok(());
    }
    let unexplained_in = |keys: &[String]| -> Vec<String> {
        keys.iter()
            .filter(|k| known.get(*k).is_none_or(|w| w == differences::UNEXPLAINED))
            .cloned()
            .collect()
    };
    let first = unexplained_in(&keys);
    if first.is_empty() {
        return Ok(());
    }
    // Real kubectl races with itself in places (logs of several pods fetched at once, a watch
    // that hangs up while the served clock moves): a difference counts when a second replay
    // of the transcript shows it again.
    let (again, _) = replay(path, &stem)?;
    let again: Vec<String> = again.iter().map(|d| d.key.clone()).collect();
    let unexplained: Vec<String> = unexplained_in(&again)
        .into_iter()
        .filter(|k| first.contains(k))
        .collect();
    if unexplained.is_empty() {
        eprintln!(
            "serve_replay: {file}: {} difference(s) did not come back on a second replay: {}",
            first.len(),
            first.join("; ")
        );
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
