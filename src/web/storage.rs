//! localStorage, where files, history and the cluster's command log survive a reload. Every call
//! can fail (private mode, quota, disabled storage); the page then says so and keeps working.

const PREFIX: &str = "kubeplay.";

fn local() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "localStorage is not available".to_string())?
        .ok_or_else(|| "localStorage is not available".to_string())
}

pub fn load(key: &str) -> Result<Option<String>, String> {
    local()?
        .get_item(&format!("{PREFIX}{key}"))
        .map_err(|_| "localStorage could not be read".to_string())
}

pub fn save(key: &str, value: &str) -> Result<(), String> {
    local()?
        .set_item(&format!("{PREFIX}{key}"), value)
        .map_err(|_| "localStorage is full or disabled".to_string())
}
