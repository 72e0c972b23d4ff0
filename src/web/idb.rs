//! IndexedDB, where the cluster's snapshot is kept (localStorage holds only strings, and too few
//! of them). IndexedDB answers later, while the core's `Storage` answers at once: the page's
//! start reads the snapshot here first (`preload`) and then builds the engine, whose
//! `load_bytes` takes what was read; a save is put in the background. Anything failing (no
//! IndexedDB, private mode, the quota) only costs the snapshot: the command log is kept in
//! localStorage all the same, and a reload replays it.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB: &str = "kubeplay";
const STORE: &str = "snapshots";

thread_local! {
    /// The database, once opened.
    static OPEN: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
    /// What `preload` read, until the engine takes it.
    static READ: RefCell<HashMap<String, Vec<u8>>> = RefCell::new(HashMap::new());
}

/// The request's result once it succeeds.
async fn done(req: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    req.result()
}

async fn open() -> Result<IdbDatabase, JsValue> {
    if let Some(db) = OPEN.with(|o| o.borrow().clone()) {
        return Ok(db);
    }
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()?
        .ok_or("no IndexedDB")?;
    let req: IdbOpenDbRequest = factory.open_with_u32(DB, 1)?;
    // The first visit creates the object store; the closure lives until the open is done.
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
        let db = e
            .target()
            .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|db| db.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(STORE);
        }
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db: IdbDatabase = done(&req).await?.dyn_into()?;
    drop(upgrade);
    OPEN.with(|o| *o.borrow_mut() = Some(db.clone()));
    Ok(db)
}

async fn get(key: &str) -> Result<Option<Vec<u8>>, JsValue> {
    let db = open().await?;
    let req = db
        .transaction_with_str(STORE)?
        .object_store(STORE)?
        .get(&key.into())?;
    let value = done(&req).await?;
    Ok(value
        .dyn_into::<Uint8Array>()
        .ok()
        .map(|bytes| bytes.to_vec()))
}

/// Read the value under `key` now, for `take` to hand over without waiting.
pub async fn preload(key: &str) {
    super::mark("kubeplay:idb-load");
    if let Ok(Some(bytes)) = get(key).await {
        READ.with(|r| r.borrow_mut().insert(key.to_string(), bytes));
    }
    super::mark("kubeplay:idb-loaded");
}

/// What `preload` read under `key` (once).
pub fn take(key: &str) -> Option<Vec<u8>> {
    READ.with(|r| r.borrow_mut().remove(key))
}

async fn put(key: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    // The quota is only known once the transaction commits (or aborts).
    let committed = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    tx.object_store(STORE)?
        .put_with_key(&Uint8Array::from(bytes), &key.into())?;
    JsFuture::from(committed).await?;
    Ok(())
}

/// Keep `bytes` under `key`, in the background; a refusal (the quota) is only marked, since the
/// log the snapshot shortens is kept apart.
pub fn save(key: String, bytes: Vec<u8>) {
    wasm_bindgen_futures::spawn_local(async move {
        match put(&key, &bytes).await {
            Ok(()) => super::mark("kubeplay:idb-saved"),
            Err(_) => super::mark("kubeplay:idb-refused"),
        }
    });
}
