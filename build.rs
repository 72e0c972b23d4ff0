//! Generates the Kubernetes schema data that `src/schema` embeds: `scripts/schema-data.py` takes
//! it from the pinned `kubernetes-validate` wheel on PyPI (through pip) plus the enum values from
//! the pinned `kubernetes-models` package on npm (through npm), and writes zlib-compressed minified
//! JSON into OUT_DIR. Both downloads stay in OUT_DIR, so reruns are offline. It runs once per
//! clean build.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=scripts/schema-data.py");
    println!("cargo:rerun-if-env-changed=KUBEPLAY_PYTHON");
    // Cargo always sets OUT_DIR for build scripts; without it there is nowhere to write.
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        panic!("OUT_DIR is not set: run this build script through cargo")
    };
    let out = out_dir.join("k8s-schema.json.zz");
    let python = std::env::var("KUBEPLAY_PYTHON").unwrap_or_else(|_| "python3".into());
    let status = Command::new(&python)
        .arg("scripts/schema-data.py")
        .arg(&out)
        .arg(out_dir.join("schema-packages"))
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => {
            panic!("scripts/schema-data.py failed ({s}): the Kubernetes schema data is missing")
        }
        Err(e) => panic!(
            "cannot run {python} for scripts/schema-data.py: {e} (python3 with pip, and npm, are needed)"
        ),
    }
}
