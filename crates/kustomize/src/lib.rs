//! `kubectl kustomize DIR` and `-k DIR`: a kustomization directory built into objects as the
//! kustomize v5 embedded in kubectl 1.32 builds it. Files are read through the virtual `Fs`, so
//! the page's files and the CLI's disk build alike; remote bases are refused.
//!
//! The build follows kustomize's: each kustomization accumulates its resources (files and other
//! kustomizations), runs its generators, its components, then its transformers in kustomize's
//! order; the top level then adds the generators' hash suffixes, fixes name references and sorts
//! in the legacy kind order.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod build;
mod fieldspec;
mod generate;
mod hash;
mod images;
mod kustomization;
mod labels;
mod load;
mod nameref;
mod names;
mod namespace;
mod patch;
mod replacements;
mod replicas;
mod res;
mod smp_order;
mod sort;
mod vars;
mod walk;
mod yaml12;

use serde_json::Value;

pub use kustomization::FILE_NAMES;

/// What a build gives: the objects in kustomize's output order, and the warnings it prints on
/// stderr (deprecated fields).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    pub resources: Vec<Value>,
    pub warnings: Vec<String>,
}

/// A build that failed: kustomize's message (without kubectl's `error: ` prefix), and the
/// warnings of the kustomizations read before it failed, which kustomize prints first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Failure {
    pub message: String,
    pub warnings: Vec<String>,
}

/// How a build may read files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// kustomize's default load restriction: a kustomization reads files only in or below
    /// its directory (`--load-restrictor LoadRestrictionsRootOnly`).
    pub root_only: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { root_only: true }
    }
}

/// Build the kustomization in `dir`.
pub fn build(fs: &dyn kubeplay_core::fs::Fs, dir: &str) -> Result<Output, Failure> {
    build_with(fs, dir, Options::default())
}

/// Build the kustomization in `dir` with these options.
pub fn build_with(
    fs: &dyn kubeplay_core::fs::Fs,
    dir: &str,
    options: Options,
) -> Result<Output, Failure> {
    let files = load::Files {
        fs,
        root_only: options.root_only,
    };
    let mut warnings = Vec::new();
    match build::run(&files, dir, &mut warnings) {
        Ok(resources) => Ok(Output {
            resources,
            warnings,
        }),
        Err(message) => Err(Failure { message, warnings }),
    }
}

/// The objects as `kubectl kustomize` prints them: YAML documents separated by `---`.
pub fn to_yaml(resources: &[Value]) -> String {
    let docs: Vec<String> = resources.iter().map(kubeplay_yaml::to_yaml).collect();
    docs.join("---\n")
}

/// The files `kubectl kustomize -o DIR` writes when DIR is a directory: one per object, named
/// `group_version_kind_name.yaml` in lower case, prefixed by the namespace when the objects
/// span several namespaces.
pub fn individual_files(resources: &[Value]) -> Vec<(String, String)> {
    let ns = |r: &Value| res::str_at(r, &["metadata", "namespace"]).to_string();
    let mut namespaces: Vec<String> = resources.iter().map(ns).filter(|n| !n.is_empty()).collect();
    namespaces.dedup();
    let several = namespaces.len() > 1;
    resources
        .iter()
        .map(|r| {
            let av = res::str_at(r, &["apiVersion"]);
            let kind = res::str_at(r, &["kind"]);
            let gvk: Vec<&str> = av
                .split('/')
                .chain([kind])
                .filter(|p| !p.is_empty())
                .collect();
            let name = res::str_at(r, &["metadata", "name"]);
            let mut file = format!("{}_{}.yaml", gvk.join("_"), name).to_lowercase();
            if several && !ns(r).is_empty() {
                file = format!("{}_{file}", ns(r).to_lowercase());
            }
            (file, kubeplay_yaml::to_yaml(r))
        })
        .collect()
}
