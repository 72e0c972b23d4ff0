//! Embeds every `data/kubernetes-RELEASE.json.zz` (written by `scripts/schema-data.py`): the
//! releases are data, so adding one is adding its file, with no code to change.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("data");
    println!("cargo:rerun-if-changed={}", dir.display());
    // A sorted map: oldest release first.
    let releases: BTreeMap<String, String> = fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let release = name.strip_prefix("kubernetes-")?.strip_suffix(".json.zz")?;
            Some((release.to_string(), entry.path().display().to_string()))
        })
        .collect();
    let mut code =
        String::from("/// Every embedded release, oldest first: `(\"v1.32.0\", zlib data)`.\n");
    code.push_str("pub static RELEASES: &[(&str, &[u8])] = &[\n");
    for (release, path) in &releases {
        let _ = writeln!(code, "    ({release:?}, include_bytes!({path:?})),");
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("releases.rs");
    if let Err(e) = fs::write(&out, code) {
        panic!("writing {}: {e}", out.display());
    }
}
