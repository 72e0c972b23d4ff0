//! The garbage collector: when an owner goes, its dependents (by ownerReferences) follow, in the
//! background, as with `propagationPolicy: Background`. An index from owner to dependents is kept
//! as objects are written, so a deletion never needs a scan of the store.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

fn refs(obj: &Value) -> Vec<(String, String, String, String)> {
    obj.pointer("/metadata/ownerReferences")
        .and_then(|r| r.as_array())
        .map(|list| {
            list.iter()
                .map(|r| {
                    (
                        meta::str_at(r, &["apiVersion"]).to_string(),
                        meta::str_at(r, &["kind"]).to_string(),
                        meta::str_at(r, &["name"]).to_string(),
                        meta::str_at(r, &["uid"]).to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Where the owner named by a reference lives: its store key.
fn owner_key(api: &ApiServer, api_version: &str, kind: &str, name: &str, ns: &str) -> Option<Key> {
    let info = api.discovery.by_kind(api_version, kind)?;
    Some(Key::new(
        &info.gr(),
        if info.namespaced { ns } else { "" },
        name,
    ))
}

/// Remember `key`'s owners; a dependent whose owners are all gone is collected at once.
pub fn index(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(obj) = api.store().get(key) else {
        return;
    };
    let refs = refs(obj);
    if refs.is_empty() {
        return;
    }
    let mut alive = false;
    let mut known = false;
    for (av, kind, name, uid) in &refs {
        let Some(ok) = owner_key(api, av, kind, name, &key.namespace) else {
            // An owner kind this server does not serve: leave the dependent alone.
            alive = true;
            continue;
        };
        known = true;
        let owner_alive = api
            .store()
            .get(&ok)
            .is_some_and(|o| uid.is_empty() || o.uid() == uid);
        alive |= owner_alive;
        sim.dependents
            .entry((kind.clone(), ok.namespace.clone(), name.clone()))
            .or_default()
            .insert(key.clone());
    }
    if known && !alive {
        delete(api, key);
    }
}

/// `key` was removed: collect what it owned.
pub fn removed(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(info) = util::info(api, &key.gr) else {
        return;
    };
    let Some(deps) =
        sim.dependents
            .remove(&(info.kind.clone(), key.namespace.clone(), key.name.clone()))
    else {
        return;
    };
    for dep in deps {
        let Some(obj) = api.store().get(&dep) else {
            continue;
        };
        let owners_alive = refs(obj).iter().any(|(av, kind, name, uid)| {
            owner_key(api, av, kind, name, &dep.namespace)
                .and_then(|k| api.store().get(&k))
                .is_some_and(|o| uid.is_empty() || o.uid() == uid)
        });
        if !owners_alive {
            delete(api, &dep);
        } else {
            sim.dependents
                .entry((info.kind.clone(), key.namespace.clone(), key.name.clone()))
                .or_default()
                .insert(dep);
        }
    }
}

fn delete(api: &mut ApiServer, key: &Key) {
    if let Some(info) = util::info(api, &key.gr) {
        let ns = (!key.namespace.is_empty()).then_some(key.namespace.as_str());
        let _ = api.delete(&info, ns, &key.name, false);
    }
}
