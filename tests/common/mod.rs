//! What the integration tests share: their files under `tests/`, a playground on the workspace's
//! fixed clock, and one test per file for the corpus-driven suites.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod transcript;

use kubeplay_core::sort::SortOnce;
use std::path::{Path, PathBuf};

use kubeplay::cluster::fixture;
use kubeplay::fs::MemFs;
use kubeplay::playground::Playground;
use kubeplay::profile::Profile;
use libtest_mimic::{Failed, Trial};

/// `tests/<sub>` in this crate.
pub fn tests_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(sub)
}

/// A fresh playground on `profile`, standing at the fixture's `START`, with `fs` as its files.
pub fn playground(profile: Profile, fs: MemFs) -> Playground {
    Playground::new(profile, fixture::clock(), Box::new(fs))
}

/// Adds every file below `dir`, at any depth, to `fs` under `prefix` + its path below `dir`.
pub fn add_tree(mut fs: MemFs, dir: &Path, prefix: &str) -> MemFs {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let (Ok(rel), Ok(text)) = (p.strip_prefix(dir), std::fs::read_to_string(&p)) {
                fs = fs.with_file(&format!("{prefix}{}", rel.to_string_lossy()), &text);
            }
        }
    }
    fs
}

/// The files directly in `dir` whose names end in `.ext`, sorted.
pub fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == ext));
    out.sort_once();
    out
}

/// The file's name (`course.txt`), as failures and virtual paths name it.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One test per `.ext` file in `tests/<sub>`, named after the file's stem so that
/// `cargo test --test <suite> <stem>` runs just that file, and a `corpus` test that fails when
/// fewer than `min` files are there (a moved folder must not pass by running nothing).
pub fn per_file(
    sub: &str,
    ext: &str,
    min: usize,
    check: fn(&Path) -> Result<(), Failed>,
) -> Vec<Trial> {
    let files = files_with_ext(&tests_dir(sub), ext);
    let (count, pattern) = (files.len(), format!("tests/{sub}/*.{ext}"));
    let mut trials = vec![Trial::test("corpus", move || {
        if count >= min {
            Ok(())
        } else {
            Err(format!("{pattern}: {count} files, fewer than {min}").into())
        }
    })];
    for path in files {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        trials.push(Trial::test(stem, move || check(&path)));
    }
    trials
}

/// Runs the trials as `cargo test` runs tests: same flags, same report, same exit status.
pub fn run(trials: Vec<Trial>) -> ! {
    libtest_mimic::run(&libtest_mimic::Arguments::from_args(), trials).exit()
}
