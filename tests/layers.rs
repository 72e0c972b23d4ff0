//! The rules of ARCHITECTURE.md that the compiler keeps only as long as the manifests say so: which
//! layer may depend on which, that no layer has a web dependency, and that no layer reads the
//! machine's clock. A dependency line added against these rules fails here, with the rule named.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Each layer and the layers it may use (normal dependencies; tests may use more).
const ALLOWED: &[(&str, &[&str])] = &[
    ("kubeplay-core", &[]),
    ("kubeplay-yaml", &[]),
    ("kubeplay-schema", &[]),
    (
        "kubeplay-api",
        &["kubeplay-core", "kubeplay-yaml", "kubeplay-schema"],
    ),
    (
        "kubeplay-sim",
        &[
            "kubeplay-core",
            "kubeplay-yaml",
            "kubeplay-api",
            "kubeplay-shell",
        ],
    ),
    // Not api, store or sim: kubectl talks to the server through `Transport` only. The schema
    // stands for the types kubectl compiles in (client-go's scheme).
    // The kustomize build reads files through core's `Fs` only.
    (
        "kubeplay-kustomize",
        &["kubeplay-core", "kubeplay-yaml", "kubeplay-schema"],
    ),
    (
        "kubeplay-kubectl",
        &[
            "kubeplay-core",
            "kubeplay-yaml",
            "kubeplay-schema",
            "kubeplay-kustomize",
        ],
    ),
    ("kubeplay-shell", &["kubeplay-core"]),
    (
        "kubeplay-cluster",
        &["kubeplay-core", "kubeplay-api", "kubeplay-sim"],
    ),
];

/// Crates that would tie a layer to the browser.
const WEB_CRATES: &[&str] = &["yew", "web-sys", "js-sys", "wasm-bindgen", "gloo-timers"];

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

/// Normal (non-dev, non-build) dependencies of each workspace package.
fn dependencies() -> BTreeMap<String, Vec<String>> {
    let meta = metadata();
    let mut out = BTreeMap::new();
    for p in meta["packages"].as_array().expect("packages") {
        let deps = p["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|d| d["kind"].is_null())
            .map(|d| d["name"].as_str().unwrap_or("").to_string())
            .collect();
        out.insert(p["name"].as_str().unwrap_or("").to_string(), deps);
    }
    out
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let deps = dependencies();
    for (layer, allowed) in ALLOWED {
        let Some(used) = deps.get(*layer) else {
            panic!("{layer} is in ARCHITECTURE.md's table but not in the workspace");
        };
        for d in used.iter().filter(|d| d.starts_with("kubeplay")) {
            assert!(
                allowed.contains(&d.as_str()),
                "{layer} depends on {d}, which ARCHITECTURE.md does not allow it to use"
            );
        }
    }
    let layers: Vec<&str> = ALLOWED.iter().map(|(l, _)| *l).collect();
    for name in deps.keys().filter(|n| n.as_str() != "kubeplay") {
        assert!(
            layers.contains(&name.as_str()),
            "{name} is a new crate: give it a row in ALLOWED and in ARCHITECTURE.md"
        );
    }
}

#[test]
fn only_the_top_crate_knows_the_web() {
    for (name, used) in dependencies() {
        if name == "kubeplay" {
            continue;
        }
        for d in &used {
            assert!(
                !WEB_CRATES.contains(&d.as_str()),
                "{name} depends on {d}: the layers build and test without a browser"
            );
        }
    }
}

/// Source files of the layers, tests left out (a test may time itself).
fn layer_sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("readable source dir")
        .flatten()
    {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "tests" {
                layer_sources(&path, out);
            }
        } else if name.ends_with(".rs") && !name.ends_with("tests.rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_layer_reads_the_machine_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates");
    let mut files = Vec::new();
    layer_sources(&root, &mut files);
    assert!(
        files.len() > 100,
        "found only {} layer sources",
        files.len()
    );
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable source");
        for needle in ["SystemTime::now", "Instant::now", "Date::now"] {
            assert!(
                !text.contains(needle),
                "{} calls {needle}: layers take time from the Clock they are given",
                f.display()
            );
        }
    }
}

/// The non-test part of a source file: what comes before its `#[cfg(test)]` module.
fn non_test_text(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable source");
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    layer_sources(dir, &mut out);
    out
}

#[test]
fn the_page_views_reach_the_core_through_the_page_model_only() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let files = rust_files(&web);
    assert!(files.len() > 10, "found only {} view files", files.len());
    for f in files {
        let text = non_test_text(&f);
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let module: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            assert!(
                matches!(module.as_str(), "page" | "clock" | "web"),
                "{} uses crate::{module}: views reach the core through `page` only",
                f.display()
            );
        }
    }
}

#[test]
fn no_command_imports_another_commands_folder() {
    let cmd = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/kubectl/src/cmd");
    let folders: Vec<String> = std::fs::read_dir(&cmd)
        .expect("cmd folder")
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .filter(|n| n != "util")
        .collect();
    assert!(folders.len() >= 5, "found only {folders:?}");
    for f in rust_files(&cmd) {
        let own = f
            .strip_prefix(&cmd)
            .ok()
            .and_then(|p| p.components().next())
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("")
            .trim_end_matches(".rs")
            .to_string();
        let text = non_test_text(&f);
        // label and annotate are one command under two names (metadata_edit).
        let shared = |o: &str| o == "metadata_edit" && matches!(own.as_str(), "label" | "annotate");
        for other in folders.iter().filter(|o| **o != own && !shared(o)) {
            for path in [format!("cmd::{other}::"), format!("super::{other}::")] {
                let hit = text.contains(&path) && !(f.parent() == Some(&cmd) && own == "mod");
                assert!(
                    !hit,
                    "{} uses {path}: what commands share lives in cmd/util",
                    f.display()
                );
            }
        }
    }
}

/// Command files that need no options of their own, and why.
const COMMANDS_WITHOUT_OPTIONS: &[(&str, &str)] = &[
    ("auth/mod.rs", "the `auth` group only prints its help"),
    ("config/mod.rs", "the `config` group only prints its help"),
    ("rollout/mod.rs", "the `rollout` group only prints its help"),
    ("set/mod.rs", "the `set` group only prints its help"),
    ("top/mod.rs", "the `top` group only prints its help"),
    ("help.rs", "`help` only prints a help page"),
    ("options.rs", "`options` only prints the global flags"),
    (
        "unsupported.rs",
        "refuses commands kubeplay does not have yet",
    ),
    (
        "label.rs",
        "label is metadata_edit's MetadataOptions under its own name",
    ),
    (
        "annotate.rs",
        "annotate is metadata_edit's MetadataOptions under its own name",
    ),
];

#[test]
fn every_kubectl_command_goes_complete_validate_run() {
    let cmd = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/kubectl/src/cmd");
    let mut commands = 0;
    for f in rust_files(&cmd) {
        let text = non_test_text(&f);
        if !text.contains("pub fn run(") || !text.contains("args: &Args") {
            continue;
        }
        let rel = f
            .strip_prefix(&cmd)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        if COMMANDS_WITHOUT_OPTIONS
            .iter()
            .any(|(file, _)| *file == rel)
        {
            continue;
        }
        commands += 1;
        // A command may hand its work to a shared options struct in its folder
        // (`super::delete_entry::run(..)` for the three `config delete-*`).
        let text = match shared_options(&f, &text) {
            Some(shared) => shared,
            None => text,
        };
        assert!(
            text.contains("fn complete("),
            "cmd/{rel}: a command fills an options struct in `complete` (kubectl's Complete)"
        );
        // These validate inside complete: kubectl reports their flag errors in the middle of
        // completing (expose's need the object it exposes), and the order is kept.
        let validates_in_complete = [
            "expose.rs",
            "apply/view_last_applied.rs",
            "apply/set_last_applied.rs",
            // kubectl's drain options (cordon, uncordon, drain) check everything in Complete.
            "cordon.rs",
            "drain/mod.rs",
        ];
        if !validates_in_complete.contains(&rel.as_str()) {
            assert!(
                text.contains("fn validate"),
                "cmd/{rel}: a command checks its options in `validate` (kubectl's Validate)"
            );
        }
    }
    assert!(commands >= 40, "found only {commands} commands");
}

/// The text of the sibling module a command's `run` delegates to (`super::NAME::run(`), if any.
fn shared_options(file: &Path, text: &str) -> Option<String> {
    text.match_indices("super::").find_map(|(i, _)| {
        let rest = &text[i + "super::".len()..];
        let module: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if module == "super" || !rest[module.len()..].starts_with("::run(") {
            return None;
        }
        std::fs::read_to_string(file.with_file_name(format!("{module}.rs"))).ok()
    })
}
