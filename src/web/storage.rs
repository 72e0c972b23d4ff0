//! localStorage, where files, history and the cluster's command log survive a reload, under the
//! keys every version of the page used (`kubeplay.cluster`, `kubeplay.files`, `kubeplay.history`),
//! or an embed's own (`kubeplay.embed.ID.cluster`, see `page::embed`); binary values (the
//! cluster's snapshot) under the same names in IndexedDB (`idb`).

use crate::page::storage::Storage;

/// localStorage under the keys starting with its prefix.
pub struct LocalStorage(pub String);

fn local() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "localStorage is not available".to_string())?
        .ok_or_else(|| "localStorage is not available".to_string())
}

impl Storage for LocalStorage {
    fn load(&self, key: &str) -> Result<Option<String>, String> {
        local()?
            .get_item(&format!("{}{key}", self.0))
            .map_err(|_| "localStorage could not be read".to_string())
    }

    fn save(&mut self, key: &str, value: &str) -> Result<(), String> {
        local()?
            .set_item(&format!("{}{key}", self.0), value)
            .map_err(|_| "localStorage is full or disabled".to_string())
    }

    /// From IndexedDB, as the page's start read it (`idb::preload`).
    fn load_bytes(&self, key: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(super::idb::take(&format!("{}{key}", self.0)))
    }

    /// Into IndexedDB, in the background (see `idb`).
    fn save_bytes(&mut self, key: &str, value: &[u8]) -> Result<(), String> {
        super::idb::save(format!("{}{key}", self.0), value.to_vec());
        Ok(())
    }
}
