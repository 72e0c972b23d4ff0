//! Where the page keeps what must survive a reload: the files, the history and the cluster's
//! command log, each a JSON string under a key. The browser's localStorage is one `Storage`
//! (in `web`); `MemStorage` is another, for tests. Every call can fail (private mode, quota,
//! disabled storage): the page then says so once and keeps working.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The keys the page writes. The browser implementation prefixes them (`kubeplay.cluster`), as
/// every earlier version of the page did, so old visits restore.
pub const CLUSTER: &str = "cluster";
pub const FILES: &str = "files";
pub const HISTORY: &str = "history";
/// The cluster's snapshot (see `snapshot`), binary, beside the command log it shortens.
pub const SNAPSHOT: &str = "snapshot";

pub trait Storage {
    /// The value under `key`; `Ok(None)` when nothing was ever saved there.
    fn load(&self, key: &str) -> Result<Option<String>, String>;
    fn save(&mut self, key: &str, value: &str) -> Result<(), String>;
    /// Binary values (the cluster's snapshot); a storage that keeps none has none.
    fn load_bytes(&self, _key: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(None)
    }
    fn save_bytes(&mut self, _key: &str, _value: &[u8]) -> Result<(), String> {
        Err("this storage keeps no snapshot".into())
    }
}

/// Storage in memory, shared by its clones so a test can restore a second page from what the first
/// one saved. An optional quota (in bytes of all values) makes saving fail as a full
/// localStorage does.
#[derive(Clone, Default)]
pub struct MemStorage {
    items: Rc<RefCell<BTreeMap<String, String>>>,
    quota: Option<usize>,
    /// Binary values, kept apart as the browser keeps them (IndexedDB), with their own quota.
    bytes: Rc<RefCell<BTreeMap<String, Vec<u8>>>>,
    bytes_quota: Option<usize>,
}

impl MemStorage {
    pub fn new() -> MemStorage {
        MemStorage::default()
    }

    pub fn with_quota(bytes: usize) -> MemStorage {
        MemStorage {
            quota: Some(bytes),
            ..MemStorage::default()
        }
    }

    /// Binary values refused past `bytes` in all (a full IndexedDB).
    pub fn with_bytes_quota(bytes: usize) -> MemStorage {
        MemStorage {
            bytes_quota: Some(bytes),
            ..MemStorage::default()
        }
    }

    /// The binary value under `key`, for tests to inspect or corrupt.
    pub fn get_bytes(&self, key: &str) -> Option<Vec<u8>> {
        self.bytes.borrow().get(key).cloned()
    }

    pub fn set_bytes(&self, key: &str, value: &[u8]) {
        self.bytes
            .borrow_mut()
            .insert(key.to_string(), value.to_vec());
    }

    /// What is stored under `key`, for tests to inspect or corrupt.
    pub fn get(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }

    pub fn set(&self, key: &str, value: &str) {
        self.items
            .borrow_mut()
            .insert(key.to_string(), value.to_string());
    }
}

impl Storage for MemStorage {
    fn load(&self, key: &str) -> Result<Option<String>, String> {
        Ok(self.get(key))
    }

    fn save(&mut self, key: &str, value: &str) -> Result<(), String> {
        if let Some(quota) = self.quota {
            let items = self.items.borrow();
            let others: usize = items
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(_, v)| v.len())
                .sum();
            if others + value.len() > quota {
                return Err("storage is full".into());
            }
        }
        self.set(key, value);
        Ok(())
    }

    fn load_bytes(&self, key: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(self.get_bytes(key))
    }

    fn save_bytes(&mut self, key: &str, value: &[u8]) -> Result<(), String> {
        if self.bytes_quota.is_some_and(|quota| value.len() > quota) {
            return Err("storage is full".into());
        }
        self.set_bytes(key, value);
        Ok(())
    }
}

/// A `Storage` and the one problem the page reports about it: the first failure, reworded as
/// what it means for the user.
pub struct Persisted {
    storage: Box<dyn Storage>,
    pub notice: Option<String>,
}

impl Persisted {
    pub fn new(storage: Box<dyn Storage>) -> Persisted {
        Persisted {
            storage,
            notice: None,
        }
    }

    fn failed(&mut self, e: String) {
        self.notice = Some(format!("{e}: your work will not survive a reload."));
    }

    /// The text under `key`, or None (with the notice set when storage itself failed).
    pub fn load_text(&mut self, key: &str) -> Option<String> {
        match self.storage.load(key) {
            Ok(v) => v,
            Err(e) => {
                self.failed(e);
                None
            }
        }
    }

    /// The value under `key`, or None when absent, unreadable or not what `T` expects.
    pub fn load<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        self.load_text(key)
            .and_then(|s| serde_json::from_str(&s).ok())
    }

    /// The binary value under `key`; a failure is no loss (the log is the record), so no notice.
    pub fn load_bytes(&mut self, key: &str) -> Option<Vec<u8>> {
        self.storage.load_bytes(key).ok().flatten()
    }

    /// Keep a binary value; a failure is returned, not noticed, for the same reason.
    pub fn save_bytes(&mut self, key: &str, value: &[u8]) -> Result<(), String> {
        self.storage.save_bytes(key, value)
    }

    pub fn save<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        let text = serde_json::to_string(value).unwrap_or_default();
        if let Err(e) = self.storage.save(key, &text) {
            self.failed(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_what_was_saved() {
        let mut a = MemStorage::new();
        let b = a.clone();
        a.save("k", "v").unwrap();
        assert_eq!(b.load("k").unwrap().as_deref(), Some("v"));
        assert_eq!(b.load("other").unwrap(), None);
    }

    #[test]
    fn a_full_storage_fails_and_the_notice_says_what_it_means() {
        let mut p = Persisted::new(Box::new(MemStorage::with_quota(8)));
        p.save("k", "short");
        assert_eq!(p.notice, None);
        p.save("k", "far too long for the quota");
        assert_eq!(
            p.notice.as_deref(),
            Some("storage is full: your work will not survive a reload.")
        );
    }
}
