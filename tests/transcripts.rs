//! Transcript tests: each `tests/transcripts/*.txt` holds `$ command` lines (heredoc lines start
//! with `> `), each followed by the exact expected output, replayed on a fresh cluster with a fixed
//! clock that moves one second per command. The files in `tests/transcripts/files/` are the
//! virtual files `-f` and `--kubeconfig` read. `SNAPSHOTS=overwrite cargo test --test transcripts`
//! rewrites the expectations after a deliberate change; `[..]` in an expectation matches anything
//! on a line.

use std::path::{Path, PathBuf};

use kubeplay::clock::{FixedClock, Time};
use kubeplay::fs::MemFs;
use kubeplay::playground::Playground;
use kubeplay::profile::Profile;
use kubeplay::shell::Feed;

/// 2026-11-25T10:00:00Z: the moment every transcript's cluster is "now".
const START: i64 = 1_795_600_800;

fn files() -> MemFs {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/files");
    let mut fs = MemFs::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let (Ok(rel), Ok(text)) = (p.strip_prefix(&dir), std::fs::read_to_string(&p))
            {
                fs = fs.with_file(&rel.to_string_lossy(), &text);
            }
        }
    }
    fs
}

/// Commands of a transcript: the `$ ` line plus its `> ` continuation lines.
fn commands(text: &str) -> (String, Vec<Vec<String>>) {
    let mut header = String::new();
    let mut cmds: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if let Some(c) = line.strip_prefix("$ ") {
            cmds.push(vec![c.to_string()]);
        } else if let (Some(c), Some(last)) = (line.strip_prefix("> "), cmds.last_mut()) {
            last.push(c.to_string());
        } else if line == ">" {
            if let Some(last) = cmds.last_mut() {
                last.push(String::new());
            }
        } else if cmds.is_empty() {
            header.push_str(line);
            header.push('\n');
        }
    }
    (header, cmds)
}

fn replay(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (header, cmds) = commands(&text);
    let profile = if header.contains("profile: k3s") {
        Profile::by_name("k3s")
    } else {
        Profile::by_name("minikube")
    };
    let Some(profile) = profile else {
        return "no such profile".into();
    };
    let clock = FixedClock::new(Time(START));
    let mut pg = Playground::new(profile, Box::new(clock), Box::new(files()));
    let mut actual = header;
    for lines in cmds {
        pg.cluster.advance(1);
        let mut result = None;
        for (i, l) in lines.iter().enumerate() {
            actual.push_str(if i == 0 { "$ " } else { ">" });
            if i > 0 && !l.is_empty() {
                actual.push(' ');
            }
            actual.push_str(l);
            actual.push('\n');
            if let Feed::Done(out) = pg.feed_line(l) {
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
    actual
}

fn transcript_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    out.sort();
    out
}

#[test]
fn transcripts() {
    let files = transcript_files();
    assert!(!files.is_empty(), "no transcripts found");
    // Every transcript runs even when one fails, so one run shows every difference.
    let mut failed = Vec::new();
    for path in files {
        let actual = replay(&path);
        let ok = std::panic::catch_unwind(|| {
            // Output is terminal text, not paths: `\"` inside JSON must stay as it is.
            snapbox::Assert::new()
                .normalize_paths(false)
                .action_env("SNAPSHOTS")
                .eq(actual, snapbox::Data::read_from(&path, None));
        });
        if ok.is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "transcripts that differ: {failed:?}");
}
