//! The catalog's typed model, parsed from `data/images.yaml` on first use.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The catalog's text, compiled in.
const TEXT: &str = include_str!("../../data/images.yaml");

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Registry hosts that answer; any other host fails to resolve.
    #[serde(default)]
    pub registries: Vec<String>,
    #[serde(default)]
    pub images: Vec<Image>,
}

/// Which shell an image has: `bash` images also have `sh`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shell {
    #[default]
    None,
    Sh,
    Bash,
}

/// Something an image listens on once it runs.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub port: u16,
    pub protocol: String,
    /// What a client gets back, in words.
    pub what: String,
}

/// One repository, named as the runtime shortens it (`nginx`, `curlimages/curl`,
/// `registry.k8s.io/pause`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub name: String,
    pub tags: Vec<String>,
    /// Compressed bytes (what containerd reports).
    pub size: u64,
    /// Unpacked bytes (what Docker reports).
    pub unpacked: u64,
    #[serde(default)]
    pub entrypoint: Vec<String>,
    #[serde(default)]
    pub cmd: Vec<String>,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub workdir: String,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Exposed ports, `80/tcp`.
    #[serde(default)]
    pub ports: Vec<String>,
    #[serde(default)]
    pub shell: Shell,
    #[serde(default)]
    pub serves: Vec<Server>,
    /// Startup log lines; `{time}`-style placeholders are for the log writer to fill.
    #[serde(default)]
    pub logs: Vec<String>,
    /// Files learners look at, by absolute path.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Idle memory use in bytes.
    #[serde(default)]
    pub memory: u64,
    /// Idle CPU use in millicores.
    #[serde(default)]
    pub cpu: u64,
    /// What its own program does on SIGTERM.
    #[serde(default)]
    pub sigterm: Sigterm,
}

/// How an image's program answers SIGTERM as PID 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sigterm {
    /// It has a handler and exits promptly.
    #[default]
    Exits,
    /// It has none: the kernel shields PID 1 from the signal, SIGKILL ends it.
    Ignored,
}

impl Image {
    /// Whether `sh -c` (or `bash -c` when `bash`) can run in it.
    pub fn has_shell(&self, bash: bool) -> bool {
        match self.shell {
            Shell::None => false,
            Shell::Sh => !bash,
            Shell::Bash => true,
        }
    }

    /// The process the image runs when the pod gives neither command nor args.
    pub fn default_process(&self) -> Vec<String> {
        self.entrypoint.iter().chain(&self.cmd).cloned().collect()
    }

    /// Bytes the runtime reports after a pull.
    pub fn reported_size(&self, unpacked: bool) -> u64 {
        if unpacked {
            self.unpacked
        } else {
            self.size
        }
    }
}

impl Catalog {
    pub fn image(&self, name: &str) -> Option<&Image> {
        self.images.iter().find(|i| i.name == name)
    }

    fn parse(text: &str) -> Result<Catalog, String> {
        let docs = kubeplay_yaml::parse_documents(text).map_err(|e| e.to_string())?;
        let doc = docs.into_iter().next().ok_or("empty catalog")?;
        serde_json::from_value(doc.value).map_err(|e| e.to_string())
    }
}

/// The catalog, parsed once. A broken catalog (caught by the tests) reads as an empty one, so
/// every pull fails as a missing repository instead of taking the page down.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::parse(TEXT).unwrap_or_default())
}

#[cfg(test)]
pub(super) fn parse_embedded() -> Result<Catalog, String> {
    Catalog::parse(TEXT)
}
