//! Data-driven builds: each folder of `tests/cases/` holds a kustomization tree under `in/`
//! (built at `in/`, or at the folder `build` names) and `want.yaml`, the output of real
//! `kubectl kustomize` v1.32 on the same tree, or `want-error.txt`, kubeplay's error.
//! `SNAPSHOTS=overwrite` rewrites the expected files from kubeplay's output.

use std::fs;
use std::path::Path;

use kubeplay_core::fs::MemFs;
use kubeplay_core::sort::SortOnce;

fn load_tree(root: &Path, rel: &str, mem: MemFs) -> MemFs {
    let mut mem = mem;
    let Ok(entries) = fs::read_dir(root.join(rel)) else {
        return mem;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_once_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().to_string();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if e.path().is_dir() {
            mem = load_tree(root, &path, mem);
        } else {
            let text = fs::read_to_string(e.path()).expect("case file is text");
            mem = mem.with_file(&path, &text);
        }
    }
    mem
}

#[test]
fn cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let overwrite = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .expect("cases dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort_once();
    let mut failures = Vec::new();
    for case in names.iter().filter(|p| p.is_dir()) {
        let mem = load_tree(&case.join("in"), "", MemFs::new());
        let build = fs::read_to_string(case.join("build"))
            .map(|s| s.trim().to_string())
            .unwrap_or(".".into());
        let (file, got) = match kubeplay_kustomize::build(&mem, &build) {
            Ok(out) => ("want.yaml", kubeplay_kustomize::to_yaml(&out.resources)),
            Err(e) => ("want-error.txt", format!("{}\n", e.message)),
        };
        if overwrite {
            let _ = fs::remove_file(case.join("want.yaml"));
            let _ = fs::remove_file(case.join("want-error.txt"));
            fs::write(case.join(file), &got).expect("write expected");
            continue;
        }
        let want = fs::read_to_string(case.join(file)).unwrap_or_else(|_| format!("(no {file})"));
        if want != got {
            failures.push(format!(
                "== {}\n-- want {file}:\n{want}\n-- got:\n{got}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
