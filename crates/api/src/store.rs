//! Objects keyed by (group/resource, namespace, name), kept in insertion order, plus the cluster's
//! resourceVersion counter. The store knows nothing of Kubernetes semantics; `api` does.

use indexmap::IndexMap;
use serde_json::Value;

#[derive(
    serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub struct Key {
    /// `group/resource`, with an empty group for core: `/pods`, `apps/deployments`.
    pub gr: String,
    /// Empty for cluster-scoped objects.
    pub namespace: String,
    pub name: String,
}

impl Key {
    pub fn new(gr: &str, namespace: &str, name: &str) -> Key {
        Key {
            gr: gr.to_string(),
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }
}

/// Objects of one resource keyed by (namespace, name).
type Bucket = IndexMap<(String, String), Value>;

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct Store {
    by_resource: IndexMap<String, Bucket>,
    resource_version: u64,
    /// Keys put or removed since the last `take_journal`, so controllers look only at what
    /// changed instead of rescanning every object after every request.
    journal: Vec<Key>,
    /// The journal overflowed (nobody drained it): whoever reads it must rescan everything.
    journal_lost: bool,
}

/// Bound on undrained journal entries; past it, readers are told to rescan.
const JOURNAL_MAX: usize = 1 << 16;

impl Store {
    pub fn new() -> Self {
        Self::default()
    }

    /// The next resourceVersion; every write takes one, as etcd's revision does.
    pub(crate) fn next_resource_version(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    pub fn current_resource_version(&self) -> u64 {
        self.resource_version
    }

    fn id(key: &Key) -> (String, String) {
        (key.namespace.clone(), key.name.clone())
    }

    pub fn get(&self, key: &Key) -> Option<&Value> {
        self.by_resource.get(&key.gr)?.get(&Self::id(key))
    }

    pub fn contains(&self, key: &Key) -> bool {
        self.get(key).is_some()
    }

    fn note(&mut self, key: &Key) {
        if self.journal.len() >= JOURNAL_MAX {
            self.journal.clear();
            self.journal_lost = true;
        }
        if !self.journal_lost {
            self.journal.push(key.clone());
        }
    }

    /// Keys written or removed since the last call, and whether some were lost (rescan).
    pub(crate) fn take_journal(&mut self) -> (Vec<Key>, bool) {
        let lost = std::mem::take(&mut self.journal_lost);
        (std::mem::take(&mut self.journal), lost)
    }

    pub(crate) fn put(&mut self, key: Key, obj: Value) -> Option<Value> {
        self.note(&key);
        let id = Self::id(&key);
        self.by_resource.entry(key.gr).or_default().insert(id, obj)
    }

    pub(crate) fn remove(&mut self, key: &Key) -> Option<Value> {
        self.note(key);
        self.by_resource
            .get_mut(&key.gr)?
            .shift_remove(&Self::id(key))
    }

    /// Objects of one resource, optionally in one namespace, in insertion order.
    pub fn list<'a>(
        &'a self,
        gr: &'a str,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = (Key, &'a Value)> + 'a {
        self.by_resource
            .get(gr)
            .into_iter()
            .flat_map(|bucket| bucket.iter())
            .filter(move |((ns, _), _)| namespace.is_none_or(|want| ns == want))
            .map(move |((ns, name), v)| (Key::new(gr, ns, name), v))
    }

    /// The objects `list` gives, each with its namespace and name as the key holds them.
    pub fn entries<'a>(
        &'a self,
        gr: &str,
        namespace: Option<&str>,
    ) -> impl Iterator<Item = (&'a str, &'a str, &'a Value)> + 'a {
        let namespace = namespace.map(str::to_string);
        self.by_resource
            .get(gr)
            .into_iter()
            .flat_map(|bucket| bucket.iter())
            .filter(move |((ns, _), _)| namespace.as_ref().is_none_or(|want| ns == want))
            .map(|((ns, name), v)| (ns.as_str(), name.as_str(), v))
    }

    /// The objects `list` gives, without building each one's key: for the controllers' scans.
    pub fn values<'a>(
        &'a self,
        gr: &str,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Value> + 'a {
        self.by_resource
            .get(gr)
            .into_iter()
            .flat_map(|bucket| bucket.iter())
            .filter(move |((ns, _), _)| namespace.is_none_or(|want| ns == want))
            .map(|(_, v)| v)
    }

    /// Every object of every resource.
    pub fn iter(&self) -> impl Iterator<Item = (Key, &Value)> {
        self.by_resource.iter().flat_map(|(gr, bucket)| {
            bucket
                .iter()
                .map(move |((ns, name), v)| (Key::new(gr, ns, name), v))
        })
    }

    pub fn len(&self) -> usize {
        self.by_resource.values().map(|b| b.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_filters_by_resource_and_namespace() {
        let mut s = Store::new();
        s.put(Key::new("/pods", "a", "p1"), json!({"n": 1}));
        s.put(Key::new("/pods", "b", "p2"), json!({"n": 2}));
        s.put(Key::new("apps/deployments", "a", "d"), json!({"n": 3}));
        assert_eq!(s.list("/pods", None).count(), 2);
        assert_eq!(s.list("/pods", Some("a")).count(), 1);
        assert_eq!(s.next_resource_version(), 1);
    }
}
