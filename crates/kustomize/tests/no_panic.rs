//! Every case's tree with one of its files cut short builds or fails with a message: no input
//! makes the build panic.

use std::fs;
use std::path::Path;

use kubeplay_core::fs::MemFs;

fn files(root: &Path, rel: &str, out: &mut Vec<(String, String)>) {
    let Ok(entries) = fs::read_dir(root.join(rel)) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if e.path().is_dir() {
            files(root, &path, out);
        } else if let Ok(text) = fs::read_to_string(e.path()) {
            out.push((path, text));
        }
    }
}

#[test]
fn cut_files_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    for case in fs::read_dir(&dir).expect("cases").flatten() {
        let mut tree = Vec::new();
        files(&case.path().join("in"), "", &mut tree);
        let build = fs::read_to_string(case.path().join("build"))
            .map(|s| s.trim().to_string())
            .unwrap_or(".".into());
        for (i, (_, text)) in tree.iter().enumerate() {
            let step = (text.len() / 12).max(1);
            for cut in (0..text.len())
                .step_by(step)
                .filter(|c| text.is_char_boundary(*c))
            {
                let mut mem = MemFs::new();
                for (j, (p, t)) in tree.iter().enumerate() {
                    mem = mem.with_file(p, if i == j { &t[..cut] } else { t });
                }
                let _ = kubeplay_kustomize::build(&mem, &build);
            }
        }
    }
}
