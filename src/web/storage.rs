//! localStorage, where files, history and the cluster's command log survive a reload, under the
//! keys every version of the page used (`kubeplay.cluster`, `kubeplay.files`, `kubeplay.history`).

use crate::page::storage::Storage;

const PREFIX: &str = "kubeplay.";

pub struct LocalStorage;

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
            .get_item(&format!("{PREFIX}{key}"))
            .map_err(|_| "localStorage could not be read".to_string())
    }

    fn save(&mut self, key: &str, value: &str) -> Result<(), String> {
        local()?
            .set_item(&format!("{PREFIX}{key}"), value)
            .map_err(|_| "localStorage is full or disabled".to_string())
    }
}
