//! A container's files as one value: regular files, empty directories, symbolic links (the
//! kubelet's `..data` links) and each path's mode, with paths resolved against a working
//! directory and through links as the kernel would.

use std::collections::{BTreeMap, BTreeSet};

use kubeplay_core::fs::FsError;

/// At most this many files in one container (writes beyond are refused as a full disk).
const MAX_FILES: usize = 4096;
/// Links followed while resolving one path (the kernel's ELOOP bound is 40).
const MAX_LINKS: usize = 40;

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default, PartialEq)]
pub struct Layer {
    /// Absolute path → contents.
    pub files: BTreeMap<String, String>,
    /// Directories that exist even when empty (mount points, `mkdir`).
    pub dirs: BTreeSet<String>,
    /// Absolute path → the link's target as written (relative or absolute).
    pub links: BTreeMap<String, String>,
    /// Modes other than the default (0644 files, 0755 directories), e.g. a secret's 0400.
    pub modes: BTreeMap<String, u32>,
    /// Paths mounted read-only (a ConfigMap or Secret volume, the token).
    pub read_only: BTreeSet<String>,
}

/// `path` made absolute against `cwd`, with `.` and `..` folded (links are not followed).
pub fn absolute(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

impl Layer {
    pub fn file(&mut self, path: &str, text: &str) {
        self.files.insert(path.to_string(), text.to_string());
    }

    pub fn dir(&mut self, path: &str) {
        self.dirs.insert(path.to_string());
    }

    pub fn link(&mut self, path: &str, target: &str) {
        self.links.insert(path.to_string(), target.to_string());
    }

    /// The path with every link in it followed (the last one too when `follow_last`).
    pub fn resolve(&self, path: &str, follow_last: bool) -> String {
        let mut current = absolute("/", path);
        for _ in 0..MAX_LINKS {
            let parts: Vec<&str> = current.split('/').filter(|p| !p.is_empty()).collect();
            let mut hit = None;
            for i in 1..=parts.len() {
                if i == parts.len() && !follow_last {
                    break;
                }
                let prefix = format!("/{}", parts[..i].join("/"));
                if let Some(target) = self.links.get(&prefix) {
                    let base = absolute(parent(&prefix), target);
                    let rest = parts[i..].join("/");
                    hit = Some(if rest.is_empty() {
                        base
                    } else {
                        absolute(&base, &rest)
                    });
                    break;
                }
            }
            match hit {
                Some(next) => current = next,
                None => return current,
            }
        }
        current
    }

    pub fn is_file(&self, path: &str) -> bool {
        self.files.contains_key(&self.resolve(path, true))
    }

    pub fn is_dir(&self, path: &str) -> bool {
        let p = self.resolve(path, true);
        if p == "/" || self.dirs.contains(&p) {
            return true;
        }
        let prefix = format!("{p}/");
        let under = |k: &String| k.starts_with(&prefix);
        self.files.keys().any(under) || self.dirs.iter().any(under) || self.links.keys().any(under)
    }

    pub fn is_link(&self, path: &str) -> bool {
        self.links.contains_key(&self.resolve(path, false))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.is_file(path) || self.is_dir(path) || self.is_link(path)
    }

    /// The names directly inside a directory (links not followed), sorted.
    pub fn children(&self, dir: &str) -> Vec<String> {
        let d = self.resolve(dir, true);
        let prefix = if d == "/" {
            "/".to_string()
        } else {
            format!("{d}/")
        };
        let mut names = BTreeSet::new();
        let keys = self
            .files
            .keys()
            .chain(self.dirs.iter())
            .chain(self.links.keys());
        for k in keys {
            if let Some(rest) = k.strip_prefix(&prefix) {
                if let Some(first) = rest.split('/').next().filter(|s| !s.is_empty()) {
                    names.insert(first.to_string());
                }
            }
        }
        names.into_iter().collect()
    }

    pub fn mode(&self, path: &str) -> u32 {
        let p = self.resolve(path, false);
        if let Some(m) = self.modes.get(&p) {
            return *m;
        }
        if self.links.contains_key(&p) {
            0o777
        } else if self.is_dir(&p) {
            0o755
        } else {
            0o644
        }
    }

    /// Whether a write under `path` is refused: a read-only mount.
    pub fn is_read_only(&self, path: &str) -> bool {
        let p = self.resolve(path, true);
        self.read_only
            .iter()
            .any(|m| p == *m || p.starts_with(&format!("{m}/")))
    }

    pub fn write(&mut self, path: &str, text: &str) -> Result<(), FsError> {
        let p = self.resolve(path, true);
        if self.is_dir(&p) {
            return Err(FsError::IsDirectory);
        }
        if !self.is_dir(parent(&p)) {
            return Err(FsError::NotFound);
        }
        if self.is_read_only(&p) {
            return Err(FsError::Other("Read-only file system".into()));
        }
        if !self.files.contains_key(&p) && self.files.len() >= MAX_FILES {
            return Err(FsError::Other("No space left on device".into()));
        }
        self.files.insert(p, text.to_string());
        Ok(())
    }

    /// Remove a file, link or (with `recursive`) a directory with all it holds.
    pub fn remove(&mut self, path: &str, recursive: bool) -> bool {
        let p = self.resolve(path, false);
        let mut gone = self.files.remove(&p).is_some() | self.links.remove(&p).is_some();
        if recursive {
            gone |= self.dirs.remove(&p);
            let prefix = format!("{p}/");
            let before = self.files.len() + self.dirs.len() + self.links.len();
            self.files.retain(|k, _| !k.starts_with(&prefix));
            self.dirs.retain(|k| !k.starts_with(&prefix));
            self.links.retain(|k, _| !k.starts_with(&prefix));
            gone |= before != self.files.len() + self.dirs.len() + self.links.len();
        }
        self.modes.remove(&p);
        gone
    }
}

/// What is under `dir` in a layer, as a layer of its own rooted at `/`.
pub fn volume_of(layer: &Layer, dir: &str) -> Layer {
    let prefix = format!("{}/", dir.trim_end_matches('/'));
    let inside = |k: &String| k.strip_prefix(&prefix).map(|rest| format!("/{rest}"));
    let mut v = Layer::default();
    for (k, text) in &layer.files {
        if let Some(p) = inside(k) {
            v.files.insert(p, text.clone());
        }
    }
    for k in &layer.dirs {
        if let Some(p) = inside(k) {
            v.dirs.insert(p);
        }
    }
    for (k, target) in &layer.links {
        if let Some(p) = inside(k) {
            v.links.insert(p, target.clone());
        }
    }
    v
}

/// A volume's contents put at `dir`, in place of what the layer had there.
pub fn mount_volume(layer: &mut Layer, dir: &str, data: &Layer) {
    let dir = dir.trim_end_matches('/');
    let mode = layer.modes.get(dir).copied();
    layer.remove(dir, true);
    layer.dir(dir);
    if let Some(m) = mode {
        layer.modes.insert(dir.to_string(), m);
    }
    for (k, text) in &data.files {
        layer.files.insert(format!("{dir}{k}"), text.clone());
    }
    for k in &data.dirs {
        layer.dirs.insert(format!("{dir}{k}"));
    }
    for (k, target) in &data.links {
        layer.links.insert(format!("{dir}{k}"), target.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_links_resolve_to_the_timestamped_directory() {
        let mut l = Layer::default();
        l.file("/etc/config/..2026_12_07_19_00_00.000000001/color", "blue");
        l.link("/etc/config/..data", "..2026_12_07_19_00_00.000000001");
        l.link("/etc/config/color", "..data/color");
        assert!(l.is_file("/etc/config/color"));
        assert_eq!(
            l.resolve("/etc/config/color", true),
            "/etc/config/..2026_12_07_19_00_00.000000001/color"
        );
        assert!(l.is_link("/etc/config/color"));
        assert_eq!(
            l.children("/etc/config"),
            vec!["..2026_12_07_19_00_00.000000001", "..data", "color"]
        );
    }

    #[test]
    fn paths_fold_dots_against_the_working_directory() {
        assert_eq!(absolute("/usr/share", "../lib/./x"), "/usr/lib/x");
        assert_eq!(absolute("/", ".."), "/");
        assert_eq!(absolute("/a", "/b/"), "/b");
    }

    #[test]
    fn writes_need_a_parent_and_a_writable_mount() {
        let mut l = Layer::default();
        l.dir("/tmp");
        l.dir("/etc/config");
        l.read_only.insert("/etc/config".into());
        assert!(l.write("/tmp/a", "x").is_ok());
        assert_eq!(l.write("/nope/a", "x"), Err(FsError::NotFound));
        assert!(l.write("/etc/config/a", "x").is_err());
        assert!(l.remove("/tmp", true));
        assert!(!l.is_dir("/tmp"));
    }
}
