//! How writes reach the store: the one commit tail every write shares, and the control plane's
//! own writes that no client request makes. Controllers and the boot go through these, so the
//! store has one writer (it is private to this crate; others read it through `store()`).

use crate::meta::ResourceExt;
use serde_json::{json, Value};

use crate::store::{Key, Store};
use crate::{admission, crd, meta, ApiServer, ResourceInfo};

impl ApiServer {
    /// The store, to read. Every write goes through the server's methods.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The keys written since the last call, for controllers that watch (see `Store`).
    pub fn take_journal(&mut self) -> (Vec<Key>, bool) {
        self.store.take_journal()
    }

    /// Store `obj` under `key` with a new resourceVersion, in canonical form, and let discovery
    /// follow a written CRD. `old` is the object it replaces, if any.
    pub(crate) fn commit(&mut self, info: &ResourceInfo, key: Key, mut obj: Value) -> Value {
        let rv = self.store.next_resource_version();
        meta::set_str(&mut obj, &["metadata", "resourceVersion"], &rv.to_string());
        let obj = meta::canonical(info, obj);
        self.store.put(key, obj.clone());
        crd::after_change(&mut self.discovery, &mut self.store, info, Some(&obj), None);
        obj
    }

    /// Remove what is under `key` (a deletion takes a resourceVersion too, as etcd's revision).
    pub(crate) fn remove(&mut self, info: &ResourceInfo, key: &Key) -> Option<Value> {
        let old = self.store.remove(key);
        self.store.next_resource_version();
        if let Some(old) = &old {
            crd::after_change(&mut self.discovery, &mut self.store, info, None, Some(old));
        }
        old
    }

    /// A controller's write as the `status` subresource takes it: the object stored as given,
    /// provided it still exists and has not moved on since it was read (its resourceVersion).
    /// For what the main resource's update refuses but the subresource accepts.
    pub fn write_status(&mut self, info: &ResourceInfo, obj: Value) -> Option<Value> {
        let ns = if info.namespaced {
            meta::namespace(&obj)
        } else {
            ""
        };
        let key = Key::new(&info.gr(), ns, meta::name(&obj));
        let current = self.store.get(&key)?;
        if current.resource_version() != obj.resource_version() {
            return None;
        }
        let mut obj = obj;
        let writer = crate::ssa::Writer::controller(info, "status");
        crate::ssa::record_update(
            self.schema(),
            info,
            Some(current),
            &mut obj,
            &[writer],
            &self.now.rfc3339(),
        );
        Some(self.commit(info, key, obj))
    }

    /// Writes the field manager does not record, as the scheduler's binding, which the API
    /// server applies without it.
    pub fn untracked<R>(&mut self, write: impl FnOnce(&mut ApiServer) -> R) -> R {
        let was = self.applying;
        self.applying = true;
        let out = write(self);
        self.applying = was;
        out
    }

    /// The namespace controller's last step on an emptied, terminating namespace: it removes the
    /// `kubernetes` finalizer, and the server then drops the namespace.
    pub fn finalize_namespace(&mut self, name: &str) -> Option<Value> {
        let info = self.discovery.by_kind("v1", "Namespace").cloned()?;
        let key = Key::new(&info.gr(), "", name);
        self.store.get(&key).filter(|n| n.is_deleting())?;
        self.remove(&info, &key)
    }

    /// What `create` assigns to an object admission accepts (uid, resourceVersion, generation),
    /// drawn from the server's random source in the same order (a pod's token volume suffix
    /// first), for objects restored as data rather than created.
    pub fn assign_identity(&mut self, info: &ResourceInfo) -> Value {
        if info.kind == "Pod" {
            self.rng.suffix(5);
        }
        let uid = self.rng.uid();
        let rv = self.store.next_resource_version().to_string();
        let mut meta = json!({"uid": uid, "resourceVersion": rv});
        if admission::has_generation(info) {
            meta["generation"] = json!(1);
        }
        json!({ "metadata": meta })
    }

    /// Store an object as data, as a restore from a backup does: no admission, its metadata
    /// (uid, resourceVersion from `assign_identity`) kept as given. A fresh cluster's objects
    /// boot this way; a CRD still registers its resource.
    pub fn restore(&mut self, info: &ResourceInfo, obj: Value) -> Value {
        let ns = if info.namespaced {
            meta::namespace(&obj)
        } else {
            ""
        };
        let key = Key::new(&info.gr(), ns, meta::name(&obj));
        let obj = meta::canonical(info, obj);
        self.store.put(key, obj.clone());
        crd::after_change(&mut self.discovery, &mut self.store, info, Some(&obj), None);
        obj
    }
}
