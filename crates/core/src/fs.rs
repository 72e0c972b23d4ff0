//! The files that `-f`, `--kubeconfig`, `cat` and `ls` see. The CLI reads the real disk; the page
//! and the tests use `MemFs` (later the editor's buffers). kubectl and the shell only see this trait.

use crate::sort::SortOnce;
use indexmap::IndexMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    IsDirectory,
    Other(String),
}

/// Why the user's editor did not edit a file (`kubectl edit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// This host has no editor to offer (the page, the tests).
    Unavailable,
    /// The host opens the file in its own editor and returns at once (the page): the session
    /// waits, and carries on when the user saves or closes the file there.
    Later,
    /// The editor could not be run or failed: kubectl's words for it.
    Failed(String),
}

pub trait Fs {
    fn read(&self, path: &str) -> Result<String, FsError>;
    fn write(&mut self, path: &str, contents: &str) -> Result<(), FsError>;
    fn is_dir(&self, path: &str) -> bool;
    /// Entries directly inside `path`, sorted by name, as full paths.
    fn list_dir(&self, path: &str) -> Result<Vec<String>, FsError>;
    /// Remove a file (kubectl edit's temporary file once it has served).
    fn remove_file(&mut self, _path: &str) -> Result<(), FsError> {
        Err(FsError::Other("files cannot be removed here".into()))
    }
    /// Let the user edit the file at `path` in their editor and return once it is closed: the
    /// host capability behind `kubectl edit`. A host without one refuses.
    fn edit(&mut self, _path: &str) -> Result<(), EditError> {
        Err(EditError::Unavailable)
    }
    /// Make a directory and its parents (`kubectl cp` into a new directory). In memory a
    /// directory exists through the files under it, so there is nothing to do.
    fn create_dir_all(&mut self, _path: &str) -> Result<(), FsError> {
        Ok(())
    }
}

/// An in-memory tree of files keyed by normalized path, in creation order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemFs {
    files: IndexMap<String, String>,
}

fn normalize(path: &str) -> String {
    let p = path.strip_prefix("./").unwrap_or(path);
    p.trim_end_matches('/').to_string()
}

impl MemFs {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn with_file(mut self, path: &str, contents: &str) -> Self {
        self.files.insert(normalize(path), contents.to_string());
        self
    }
    pub fn remove(&mut self, path: &str) -> bool {
        self.files.shift_remove(&normalize(path)).is_some()
    }
    pub fn rename(&mut self, from: &str, to: &str) -> bool {
        match self.files.shift_remove(&normalize(from)) {
            Some(c) => {
                self.files.insert(normalize(to), c);
                true
            }
            None => false,
        }
    }
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(|s| s.as_str())
    }
}

impl Fs for MemFs {
    fn read(&self, path: &str) -> Result<String, FsError> {
        let p = normalize(path);
        if let Some(c) = self.files.get(&p) {
            return Ok(c.clone());
        }
        if self.is_dir(path) {
            return Err(FsError::IsDirectory);
        }
        Err(FsError::NotFound)
    }
    fn write(&mut self, path: &str, contents: &str) -> Result<(), FsError> {
        self.files.insert(normalize(path), contents.to_string());
        Ok(())
    }
    fn remove_file(&mut self, path: &str) -> Result<(), FsError> {
        match self.remove(path) {
            true => Ok(()),
            false => Err(FsError::NotFound),
        }
    }
    fn is_dir(&self, path: &str) -> bool {
        let p = normalize(path);
        if p.is_empty() || p == "." {
            return true;
        }
        let prefix = format!("{p}/");
        self.files.keys().any(|k| k.starts_with(&prefix))
    }
    fn list_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        let p = normalize(path);
        let prefix = if p.is_empty() || p == "." {
            String::new()
        } else {
            format!("{p}/")
        };
        if !prefix.is_empty() && !self.is_dir(path) {
            return Err(if self.files.contains_key(&p) {
                FsError::Other("not a directory".into())
            } else {
                FsError::NotFound
            });
        }
        let mut out: Vec<String> = self
            .files
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .map(|rest| match rest.split_once('/') {
                Some((dir, _)) => format!("{prefix}{dir}"),
                None => format!("{prefix}{rest}"),
            })
            .collect();
        out.sort_once();
        out.dedup();
        Ok(out)
    }
}

/// The real disk, for the native CLI.
#[cfg(not(target_arch = "wasm32"))]
pub struct DiskFs;

#[cfg(not(target_arch = "wasm32"))]
impl Fs for DiskFs {
    fn read(&self, path: &str) -> Result<String, FsError> {
        match std::fs::read_to_string(path) {
            Ok(s) => Ok(s),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(FsError::NotFound),
            Err(_) if std::path::Path::new(path).is_dir() => Err(FsError::IsDirectory),
            Err(e) => Err(FsError::Other(e.to_string())),
        }
    }
    fn write(&mut self, path: &str, contents: &str) -> Result<(), FsError> {
        std::fs::write(path, contents).map_err(|e| FsError::Other(e.to_string()))
    }
    fn create_dir_all(&mut self, path: &str) -> Result<(), FsError> {
        std::fs::create_dir_all(path).map_err(|e| FsError::Other(e.to_string()))
    }
    fn is_dir(&self, path: &str) -> bool {
        std::path::Path::new(path).is_dir()
    }
    fn remove_file(&mut self, path: &str) -> Result<(), FsError> {
        std::fs::remove_file(path).map_err(|e| FsError::Other(e.to_string()))
    }
    fn list_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        let rd = std::fs::read_dir(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => FsError::NotFound,
            _ => FsError::Other(e.to_string()),
        })?;
        let mut out: Vec<String> = rd
            .filter_map(|e| e.ok())
            .map(|e| e.path().to_string_lossy().into_owned())
            .collect();
        out.sort_once();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memfs_dirs() {
        let fs = MemFs::new()
            .with_file("a.yaml", "x")
            .with_file("dir/b.yaml", "y")
            .with_file("dir/sub/c.yaml", "z");
        assert!(fs.is_dir("dir"));
        assert!(!fs.is_dir("a.yaml"));
        assert_eq!(
            fs.list_dir("dir").unwrap_or_default(),
            vec!["dir/b.yaml", "dir/sub"]
        );
        assert_eq!(fs.read("./a.yaml"), Ok("x".to_string()));
        assert_eq!(fs.read("dir"), Err(FsError::IsDirectory));
    }
}
