//! `tests/serve-replay-differences.txt`: each command whose output on real kubectl through
//! `kubeplay serve` is not the transcript's, with why. A line is `FILE: COMMAND => WHY`
//! (`COMMAND [N]` for the N-th run of the same command in a file); `#` lines are comments.
//! `SNAPSHOTS=overwrite` rewrites a transcript's lines, keeping the reasons already written
//! (and the explained lines that did not differ this time) and marking new ones `UNEXPLAINED`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use kubeplay_core::sort::SortOnce;

pub const UNEXPLAINED: &str = "UNEXPLAINED";

/// The trials run in parallel and share the file.
static FILE: Mutex<()> = Mutex::new(());

pub fn path() -> PathBuf {
    super::common::tests_dir("serve-replay-differences.txt")
}

fn read() -> String {
    std::fs::read_to_string(path()).unwrap_or_default()
}

/// The reasons written for `file`'s commands.
pub fn explained(file: &str) -> BTreeMap<String, String> {
    let _lock = FILE.lock();
    let prefix = format!("{file}: ");
    read()
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|l| l.split_once(" => "))
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

/// Replace `file`'s lines with `keys`, each with its reason from `known` or `UNEXPLAINED`.
pub fn overwrite(file: &str, keys: &[String], known: &BTreeMap<String, String>) {
    let _lock = FILE.lock();
    let prefix = format!("{file}: ");
    let text = read();
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with(&prefix))
        .map(str::to_string)
        .collect();
    for k in keys {
        let why = known.get(k).map_or(UNEXPLAINED, String::as_str);
        lines.push(format!("{prefix}{k} => {why}"));
    }
    // Explained lines that did not differ this time stay: some differences come and go with
    // the machine's load (how far a watch moved the clock before its client hung up).
    for (k, why) in known {
        if !keys.contains(k) && why != UNEXPLAINED {
            lines.push(format!("{prefix}{k} => {why}"));
        }
    }
    // Comments first, then the differences sorted by file, each file's in transcript order.
    let (comments, mut entries): (Vec<String>, Vec<String>) = lines
        .into_iter()
        .partition(|l| l.starts_with('#') || l.is_empty());
    entries.sort_once_by(|a, b| {
        let file = |l: &str| l.split(": ").next().unwrap_or_default().to_string();
        file(a).cmp(&file(b))
    });
    let mut out = comments.join("\n");
    out.push('\n');
    for e in entries {
        out.push_str(&e);
        out.push('\n');
    }
    let _ = std::fs::write(path(), out);
}
