//! What `diff -u -N LIVE-DIR MERGED-DIR` prints for the files kubectl wrote: for each file
//! (in name order) that differs, GNU diff's command line, the `---`/`+++` headers with the
//! files' times, and the hunks with three lines of context (computed by `similar`, whose hunk
//! headers are GNU's).

use kubeplay_core::sort::SortOnce;
use similar::{Algorithm, TextDiff};

/// One object's file in both directories.
pub struct FilePair {
    pub name: String,
    pub live: String,
    pub merged: String,
    /// No MERGED file at all (an object pruning deletes): GNU diff -N dates it at the epoch.
    pub merged_missing: bool,
}

/// GNU diff's output for two directories holding `files`; empty when nothing differs.
pub fn directories(live_dir: &str, merged_dir: &str, stamp: &str, files: &[FilePair]) -> String {
    let mut sorted: Vec<&FilePair> = files.iter().collect();
    sorted.sort_once_by(|a, b| a.name.cmp(&b.name));
    let mut out = String::new();
    for f in sorted {
        if f.live == f.merged {
            continue;
        }
        let (from, to) = (
            format!("{live_dir}/{}", f.name),
            format!("{merged_dir}/{}", f.name),
        );
        out.push_str(&format!("diff -u -N {from} {to}\n"));
        let to_stamp = match f.merged_missing {
            true => "1970-01-01 00:00:00.000000000 +0000",
            false => stamp,
        };
        out.push_str(&format!("--- {from}\t{stamp}\n+++ {to}\t{to_stamp}\n"));
        let diff = TextDiff::configure()
            .algorithm(Algorithm::Myers)
            .diff_lines(&f.live, &f.merged);
        for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
            out.push_str(&hunk.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gnu_unified_format() {
        let live = "a\nb\nc\nd\ne\nf\ng\nh\n".to_string();
        let merged = "a\nb\nc\nd\nE\nf\ng\nh\n".to_string();
        let files = [FilePair {
            merged_missing: false,
            name: "v1.ConfigMap.default.x".into(),
            live,
            merged,
        }];
        let out = directories("/tmp/LIVE-1", "/tmp/MERGED-2", "T", &files);
        assert_eq!(
            out,
            "diff -u -N /tmp/LIVE-1/v1.ConfigMap.default.x /tmp/MERGED-2/v1.ConfigMap.default.x\n\
             --- /tmp/LIVE-1/v1.ConfigMap.default.x\tT\n\
             +++ /tmp/MERGED-2/v1.ConfigMap.default.x\tT\n\
             @@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn a_new_file_starts_at_zero() {
        let files = [FilePair {
            merged_missing: false,
            name: "n".into(),
            live: String::new(),
            merged: "a\n".into(),
        }];
        let out = directories("L", "M", "T", &files);
        assert!(out.ends_with("@@ -0,0 +1 @@\n+a\n"), "{out}");
    }
}
