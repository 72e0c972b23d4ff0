//! The editor's buffers are the playground's files: one `MemFs` shared by the editor (tabs) and
//! the shell (`-f`, `--kubeconfig`, `>`), so what you type is what kubectl reads. `Files` adds the
//! tab that is open and the rules for naming tabs.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::fs::{EditError, Fs, FsError, MemFs};

/// The files as (path, contents), in tab order: what the log and storage keep.
pub type Snapshot = Vec<(String, String)>;

#[derive(Clone, Default)]
pub struct SharedFs(Rc<RefCell<MemFs>>);

impl Fs for SharedFs {
    fn read(&self, path: &str) -> Result<String, FsError> {
        self.0.borrow().read(path)
    }
    fn write(&mut self, path: &str, contents: &str) -> Result<(), FsError> {
        self.0.borrow_mut().write(path, contents)
    }
    fn is_dir(&self, path: &str) -> bool {
        self.0.borrow().is_dir(path)
    }
    fn list_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        self.0.borrow().list_dir(path)
    }
    fn remove_file(&mut self, path: &str) -> Result<(), FsError> {
        self.0.borrow_mut().remove_file(path)
    }
    /// `kubectl edit` opens its file here as a tab and waits for Save or the tab's closing.
    fn edit(&mut self, _path: &str) -> Result<(), EditError> {
        Err(EditError::Later)
    }
}

pub const SAMPLE_NAME: &str = "monpod.yaml";

pub const SAMPLE: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: monpod
  labels:
    app: monpod
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
";

/// What storage keeps of the files (the `files` key).
#[derive(Serialize, Deserialize, Clone, Default, Debug, PartialEq)]
pub struct SavedFiles {
    pub files: Snapshot,
    pub active: String,
}

pub struct Files {
    fs: SharedFs,
    active: String,
}

impl Default for Files {
    /// The sample pod, open.
    fn default() -> Files {
        let files = Files {
            fs: SharedFs::default(),
            active: SAMPLE_NAME.to_string(),
        };
        files.fs.0.borrow_mut().write(SAMPLE_NAME, SAMPLE).ok();
        files
    }
}

impl Files {
    /// The files a visit saved; the sample when none were.
    pub fn from_saved(saved: Option<SavedFiles>) -> Files {
        let mut files = Files::default();
        if let Some(s) = saved.filter(|s| !s.files.is_empty()) {
            files.replace(&s.files);
            files.active = if s.files.iter().any(|(p, _)| *p == s.active) {
                s.active
            } else {
                s.files[0].0.clone()
            };
        }
        files
    }

    pub fn saved(&self) -> SavedFiles {
        SavedFiles {
            files: self.snapshot(),
            active: self.active.clone(),
        }
    }

    /// The file system the shell and kubectl read, shared with these files.
    pub fn fs(&self) -> SharedFs {
        self.fs.clone()
    }

    pub fn snapshot(&self) -> Snapshot {
        let fs = self.fs.0.borrow();
        fs.paths()
            .map(|p| (p.to_string(), fs.read(p).unwrap_or_default()))
            .collect()
    }

    /// Make the files exactly these (the open tab is left to the caller).
    pub fn replace(&self, files: &[(String, String)]) {
        *self.fs.0.borrow_mut() = files
            .iter()
            .fold(MemFs::new(), |fs, (p, c)| fs.with_file(p, c));
    }

    pub fn names(&self) -> Vec<String> {
        self.fs.0.borrow().paths().map(String::from).collect()
    }

    pub fn read(&self, name: &str) -> String {
        self.fs.0.borrow().read(name).unwrap_or_default()
    }

    pub fn active(&self) -> &str {
        &self.active
    }

    pub fn set_active(&mut self, name: &str) {
        self.active = name.to_string();
    }

    pub fn write(&mut self, name: &str, text: &str) {
        self.fs.0.borrow_mut().write(name, text).ok();
    }

    /// A new empty file, open; named `fileN.yaml` with the first free N.
    pub fn create(&mut self) -> String {
        let names = self.names();
        let name = (1..)
            .map(|i| format!("file{i}.yaml"))
            .find(|n| !names.contains(n))
            .unwrap_or_else(|| "new.yaml".into());
        self.write(&name, "");
        self.active = name.clone();
        name
    }

    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), String> {
        let to = to.trim();
        if to.is_empty() || to.contains(char::is_whitespace) {
            return Err("a file name cannot be empty or contain spaces".into());
        }
        if to != from && self.names().iter().any(|n| n == to) {
            return Err(format!("{to} already exists"));
        }
        self.fs.0.borrow_mut().rename(from, to);
        if self.active == from {
            self.active = to.to_string();
        }
        Ok(())
    }

    /// After files went behind the tabs' back (`kubectl edit`'s temporary file removed): the
    /// open tab is one that exists, and there is always one.
    pub fn keep_a_tab_open(&mut self) {
        let names = self.names();
        if names.is_empty() {
            self.write("file1.yaml", "");
        }
        if !self.names().contains(&self.active) {
            self.active = self.names().first().cloned().unwrap_or_default();
        }
    }

    /// Remove a file; the last one is replaced by an empty `file1.yaml`, so a tab is always open.
    pub fn delete(&mut self, name: &str) {
        self.fs.0.borrow_mut().remove(name);
        if self.names().is_empty() {
            self.write("file1.yaml", "");
        }
        if self.active == name {
            self.active = self.names().first().cloned().unwrap_or_default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_page_opens_the_sample() {
        let f = Files::default();
        assert_eq!(f.names(), vec![SAMPLE_NAME]);
        assert_eq!(f.active(), SAMPLE_NAME);
        assert_eq!(f.read(SAMPLE_NAME), SAMPLE);
    }

    #[test]
    fn new_rename_delete_keep_a_tab_open() {
        let mut f = Files::default();
        assert_eq!(f.create(), "file1.yaml");
        assert_eq!(f.create(), "file2.yaml");
        assert_eq!(f.active(), "file2.yaml");
        assert_eq!(
            f.rename("file2.yaml", "file1.yaml").unwrap_err(),
            "file1.yaml already exists"
        );
        assert!(f.rename("file2.yaml", "my file").is_err());
        f.rename("file2.yaml", " cm.yaml ").unwrap();
        assert_eq!(f.active(), "cm.yaml");
        for name in f.names() {
            f.delete(&name);
        }
        assert_eq!(f.names(), vec!["file1.yaml"]);
        assert_eq!(f.active(), "file1.yaml");
    }

    #[test]
    fn saved_files_restore_with_a_valid_open_tab() {
        let saved = SavedFiles {
            files: vec![("a.yaml".into(), "a".into()), ("b.yaml".into(), "b".into())],
            active: "gone.yaml".into(),
        };
        let f = Files::from_saved(Some(saved));
        assert_eq!(f.names(), vec!["a.yaml", "b.yaml"]);
        assert_eq!(f.active(), "a.yaml");
        let empty = Files::from_saved(Some(SavedFiles::default()));
        assert_eq!(empty.names(), vec![SAMPLE_NAME]);
    }
}
