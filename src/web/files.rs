//! The editor's buffers are the playground's files: one `MemFs` shared by the editor (tabs) and
//! the shell (`-f`, `--kubeconfig`), so what you type is what kubectl reads.

use std::cell::RefCell;
use std::rc::Rc;

use crate::fs::{Fs, FsError, MemFs};

#[derive(Clone, Default)]
pub struct SharedFs(pub Rc<RefCell<MemFs>>);

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
