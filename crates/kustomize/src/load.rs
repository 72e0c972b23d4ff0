//! Paths and reading through the virtual `Fs`: joining a kustomization's relative paths, telling
//! a remote base from a local one, finding the kustomization file, and parsing manifests.

use kubeplay_core::fs::Fs;
use serde_json::Value;

use crate::kustomization::{Kustomization, FILE_NAMES};
use crate::res::Res;

/// The files a build reads, and whether kustomize's default load restriction holds (a file a
/// kustomization reads must be in or below its directory; `--load-restrictor
/// LoadRestrictionsNone` lifts it).
pub struct Files<'a> {
    pub fs: &'a dyn Fs,
    pub root_only: bool,
}

impl Files<'_> {
    pub fn read(&self, path: &str) -> Result<String, kubeplay_core::fs::FsError> {
        self.fs.read(path)
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.fs.is_dir(path)
    }

    /// kustomize's load restriction on `path`, read by the kustomization in `root`.
    pub fn check_root(&self, root: &str, path: &str) -> Result<(), String> {
        match self.root_only {
            true => check_root(root, path),
            false => Ok(()),
        }
    }
}

/// At most this many kustomizations loaded in one build.
pub const MAX_KUSTOMIZATIONS: usize = 500;

/// `dir` joined with `rel`, `.` and `..` resolved (a path above the root keeps its `..`).
pub fn join(dir: &str, rel: &str) -> String {
    let whole = if rel.starts_with('/') || dir.is_empty() || dir == "." {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    };
    normalize(&whole)
}

pub fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// The path as kustomize shows it in messages (absolute on a real disk; in memory as the files
/// are named).
pub fn shown(path: &str) -> String {
    normalize(path)
}

/// Whether a resource entry names a remote base: a URL or a git repository.
pub fn is_remote(entry: &str) -> bool {
    const HOSTS: &[&str] = &[
        "github.com/",
        "gitlab.com/",
        "bitbucket.org/",
        "git@",
        "git::",
    ];
    entry.contains("://") || entry.contains("?ref=") || HOSTS.iter().any(|h| entry.starts_with(h))
}

/// The refusal for a remote base: kubeplay has no network to fetch it from.
pub fn remote_refused(entry: &str) -> String {
    format!("accumulating resources: remote resource '{entry}' is not available in kubeplay: only local files and directories can be built")
}

/// The kustomization file of `dir`.
pub fn kustomization(fs: &Files, dir: &str) -> Result<Kustomization, String> {
    for name in FILE_NAMES {
        let path = join(dir, name);
        if let Ok(text) = fs.read(&path) {
            return Kustomization::parse(&text);
        }
    }
    Err(format!(
        "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{}'",
        shown(dir)
    ))
}

/// The objects of a manifest file (`List`s flattened into their items); `path` is the entry
/// as the kustomization names it, `full` where it is.
pub fn manifests(text: &str, path: &str, full: &str) -> Result<Vec<Res>, String> {
    let docs = crate::yaml12::parse(text).map_err(|e| {
        format!("accumulating resources from '{path}': MalformedYAMLError: {e} in File: {path}")
    })?;
    let mut out = Vec::new();
    for d in docs {
        flatten(d, &mut out).map_err(|e| {
            format!(
                "accumulation err='accumulating resources from '{path}': {e}': must build at directory: '{}': file is not directory",
                shown(full)
            )
        })?;
    }
    Ok(out)
}

fn flatten(v: Value, out: &mut Vec<Res>) -> Result<(), String> {
    let is_list = v
        .get("kind")
        .and_then(Value::as_str)
        .is_some_and(|k| k.ends_with("List"))
        && v.get("items").is_some_and(Value::is_array);
    if is_list {
        if let Some(Value::Array(items)) = v.get("items") {
            for item in items.clone() {
                flatten(item, out)?;
            }
        }
        return Ok(());
    }
    let kind_missing = v
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("")
        .is_empty();
    if !v.is_object() || kind_missing {
        return Err("missing kind in object".into());
    }
    out.push(Res::new(string_metadata(v)));
    Ok(())
}

/// kustomize's default load restriction (LoadRestrictionsRootOnly): a file a kustomization
/// reads must be in or below its directory (other kustomizations may be anywhere).
fn check_root(root: &str, path: &str) -> Result<(), String> {
    let (root, path) = (normalize(root), normalize(path));
    let inside = match root.as_str() {
        "." => !path.starts_with("../") && path != ".." && !path.starts_with('/'),
        r => path.starts_with(&format!("{r}/")),
    };
    match inside {
        true => Ok(()),
        false => Err(format!(
            "security; file '{}' is not in or below '{}'",
            shown(&path),
            shown(&root)
        )),
    }
}

/// A file of the kustomization in `root`, within the load restriction.
pub fn read_in_root(fs: &Files, root: &str, rel: &str) -> Result<String, String> {
    let path = join(root, rel);
    fs.check_root(root, &path)?;
    read_file(fs, &path)
}

/// Labels and annotations are strings to kustomize: scalars written as numbers or booleans
/// are read as their text.
fn string_metadata(mut v: Value) -> Value {
    for field in ["labels", "annotations"] {
        if let Some(Value::Object(m)) = v.pointer_mut(&format!("/metadata/{field}")) {
            for val in m.values_mut() {
                if matches!(val, Value::Number(_) | Value::Bool(_)) {
                    *val = Value::from(val.to_string());
                }
            }
        }
    }
    v
}

/// A file a kustomization names, or kustomize's error for one it cannot read.
pub fn read_file(fs: &Files, path: &str) -> Result<String, String> {
    fs.read(path).map_err(|_| {
        format!(
            "evalsymlink failure on '{p}' : lstat {p}: no such file or directory",
            p = shown(path)
        )
    })
}
