//! A container's files while its script runs: the image's files, changed by `touch`, `rm` and
//! redirections, and what they were at each moment (exec probes read them at their own times).

use std::cell::RefCell;
use std::rc::Rc;

use kubeplay_core::fs::{Fs, FsError, MemFs};

use crate::images::Image;

/// At most this many distinct states are kept per run (a loop that rewrites a file forever
/// keeps its first states; later probes see the last one kept).
const MAX_STATES: usize = 64;

/// The files as of `ms` after the process started, until the next state's `ms`.
pub type States = Vec<(u64, MemFs)>;

/// The image's files, as the container starts with them.
pub fn of_image(image: &Image) -> MemFs {
    image
        .files
        .iter()
        .fold(MemFs::new(), |fs, (path, text)| fs.with_file(path, text))
}

/// The file system the script's shell writes to, shared with the container's host (which runs
/// `touch` and `rm`, and records the states).
#[derive(Clone)]
pub struct Shared {
    files: Rc<RefCell<MemFs>>,
    changed: Rc<RefCell<bool>>,
}

impl Shared {
    pub fn new(start: MemFs) -> Shared {
        Shared {
            files: Rc::new(RefCell::new(start)),
            changed: Rc::new(RefCell::new(false)),
        }
    }

    fn mark(&self) {
        if let Ok(mut c) = self.changed.try_borrow_mut() {
            *c = true;
        }
    }

    pub fn snapshot(&self) -> MemFs {
        self.files
            .try_borrow()
            .map(|f| f.clone())
            .unwrap_or_default()
    }

    /// `touch`: an empty file unless it exists.
    pub fn touch(&self, path: &str) {
        if let Ok(mut f) = self.files.try_borrow_mut() {
            if f.read(path).is_err() {
                let _ = f.write(path, "");
            }
        }
        self.mark();
    }

    /// `rm`: whether something was removed (a directory counts when `recursive`).
    pub fn remove(&self, path: &str, recursive: bool) -> bool {
        let Ok(mut f) = self.files.try_borrow_mut() else {
            return false;
        };
        let mut gone = f.remove(path);
        if recursive {
            let prefix = format!("{}/", path.trim_end_matches('/'));
            let inside: Vec<String> = f
                .paths()
                .filter(|p| p.starts_with(&prefix))
                .map(String::from)
                .collect();
            for p in inside {
                gone |= f.remove(&p);
            }
        }
        drop(f);
        self.mark();
        gone
    }

    pub fn read_text(&self, path: &str) -> Option<String> {
        self.files.try_borrow().ok()?.read(path).ok()
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.files.try_borrow().is_ok_and(|f| f.is_dir(path))
    }

    /// Record the files as of `ms` if they changed since the last state recorded.
    pub fn record(&self, states: &mut States, ms: u64) {
        let changed = self
            .changed
            .try_borrow_mut()
            .map(|mut c| std::mem::replace(&mut *c, false))
            .unwrap_or(false);
        if !changed || states.len() >= MAX_STATES {
            return;
        }
        match states.last_mut() {
            Some((at, fs)) if *at == ms => *fs = self.snapshot(),
            _ => states.push((ms, self.snapshot())),
        }
    }
}

impl Fs for Shared {
    fn read(&self, path: &str) -> Result<String, FsError> {
        self.files
            .try_borrow()
            .map_err(|_| FsError::Other("busy".into()))?
            .read(path)
    }
    fn write(&mut self, path: &str, contents: &str) -> Result<(), FsError> {
        self.mark();
        self.files
            .try_borrow_mut()
            .map_err(|_| FsError::Other("busy".into()))?
            .write(path, contents)
    }
    fn is_dir(&self, path: &str) -> bool {
        Shared::is_dir(self, path)
    }
    fn list_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        self.files
            .try_borrow()
            .map_err(|_| FsError::Other("busy".into()))?
            .list_dir(path)
    }
}
