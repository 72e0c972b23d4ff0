//! The Kubernetes API schema: the OpenAPI definitions of the Kubernetes releases the profiles run,
//! extracted from pinned packages by `scripts/schema-data.py` and committed zlib-compressed as
//! `data/kubernetes-RELEASE.json.zz`, one file per release, so a build needs nothing but cargo
//! (`scripts/check-schema-data.sh` fails when the data and the pinned sources disagree). `build.rs`
//! embeds every such file; a cluster asks for the one of its own version (`for_version`), so
//! another Kubernetes version is data, not code. Each is decoded on first use, so startup pays
//! nothing until a command needs a schema.
//!
//! This is the one source for `kubectl explain` (through the server's `/openapi/v2` and
//! `/openapi/v3` documents) and for anything that checks objects against the API's types.

// `KError`/`Status` carry whole API errors by value: rare and off the hot paths, so boxing them
// would only add noise at every `?`.
#![allow(clippy::result_large_err)]
// Outside tests nothing may unwrap: user input reaches this crate, and a panic kills the page.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod node;

use std::collections::HashMap;
use std::sync::OnceLock;

use indexmap::IndexMap;
use serde::Deserialize;

pub use node::{Gvk, Node};

mod releases {
    include!(concat!(env!("OUT_DIR"), "/releases.rs"));
}
pub use releases::RELEASES;

/// Far above the data's real size (under 1 MiB): a bound, not a guess.
const MAX_INFLATED: usize = 32 << 20;

/// The decoded definitions, keyed by their full OpenAPI name (`io.k8s.api.core.v1.Pod`).
#[derive(Debug, Deserialize)]
pub struct Schema {
    /// Where the data came from: package and Kubernetes release.
    pub source: String,
    /// The Kubernetes release the definitions describe (`v1.32.0`).
    pub version: String,
    pub definitions: IndexMap<String, Node>,
    /// `(group, version, kind)` -> definition name, built on the first lookup.
    #[serde(skip)]
    by_gvk: OnceLock<HashMap<(String, String, String), String>>,
}

/// One slot per embedded release, decoded on its first use.
static DECODED: OnceLock<Vec<OnceLock<Schema>>> = OnceLock::new();

/// The schema of a server's version (`v1.32.0`, `v1.32.0+k3s1`): the embedded release of the
/// same minor version, else the nearest one below it, else the oldest embedded.
pub fn for_version(git_version: &str) -> &'static Schema {
    let slots = DECODED.get_or_init(|| RELEASES.iter().map(|_| OnceLock::new()).collect());
    let index = release_index(git_version);
    match (slots.get(index), RELEASES.get(index)) {
        (Some(slot), Some((_, data))) => slot.get_or_init(|| inflate(data)),
        _ => empty(),
    }
}

/// Which embedded release serves `git_version` (an index into `RELEASES`, whatever its order).
fn release_index(git_version: &str) -> usize {
    let wanted = minor_of(git_version);
    let minor = |i: &usize| RELEASES.get(*i).map(|(release, _)| minor_of(release));
    let all = 0..RELEASES.len();
    all.clone()
        .filter(|i| minor(i).is_some_and(|m| m <= wanted))
        .max_by_key(minor)
        .or_else(|| all.min_by_key(minor))
        .unwrap_or(0)
}

/// `v1.32.0+k3s1` -> `(1, 32)`; an unreadable version sorts first.
fn minor_of(version: &str) -> (u32, u32) {
    let mut parts = version.trim_start_matches('v').split(['.', '+', '-']);
    let major = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let minor = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (major, minor)
}

fn inflate(data: &[u8]) -> Schema {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_INFLATED)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| decode(&text).ok())
        .unwrap_or_else(Schema::empty)
}

fn empty() -> &'static Schema {
    static EMPTY: OnceLock<Schema> = OnceLock::new();
    EMPTY.get_or_init(Schema::empty)
}

/// Decodes schema data in the shape `scripts/schema-data.py` writes.
pub fn decode(text: &str) -> Result<Schema, serde_json::Error> {
    serde_json::from_str(text)
}

impl Schema {
    fn empty() -> Schema {
        Schema {
            source: String::new(),
            version: String::new(),
            definitions: IndexMap::new(),
            by_gvk: OnceLock::new(),
        }
    }

    /// A definition by its full name.
    pub fn definition(&self, name: &str) -> Option<&Node> {
        self.definitions.get(name)
    }

    /// The definition of a kind: its full name and schema.
    pub fn lookup(&self, group: &str, version: &str, kind: &str) -> Option<(&str, &Node)> {
        let index = self.by_gvk.get_or_init(|| {
            let mut m = HashMap::new();
            for (name, g) in self.kinds() {
                let key = (g.group.clone(), g.version.clone(), g.kind.clone());
                m.entry(key).or_insert_with(|| name.to_string());
            }
            m
        });
        let key = (group.to_string(), version.to_string(), kind.to_string());
        let name = index.get(&key)?;
        self.definitions
            .get_key_value(name)
            .map(|(k, n)| (k.as_str(), n))
    }

    /// Follows `$ref`s until a node with its own content (bounded, so a bad ref cannot loop).
    pub fn resolve<'a>(&'a self, mut node: &'a Node) -> &'a Node {
        for _ in 0..8 {
            match node.reference.as_deref().and_then(|r| self.definition(r)) {
                Some(target) => node = target,
                None => break,
            }
        }
        node
    }

    /// The schema of the field at `path` inside a kind (`["spec", "containers", "ports"]`):
    /// lists step into their items and maps into their values, as `kubectl explain` does.
    pub fn field(&self, group: &str, version: &str, kind: &str, path: &[&str]) -> Option<&Node> {
        let (_, mut node) = self.lookup(group, version, kind)?;
        for step in path {
            let mut here = self.resolve(node);
            // A list or a map of objects: its fields are those of its elements.
            for _ in 0..4 {
                if here.properties.is_empty() {
                    match (&here.items, &here.additional_properties) {
                        (Some(inner), _) | (None, Some(inner)) => here = self.resolve(inner),
                        (None, None) => break,
                    }
                } else {
                    break;
                }
            }
            node = here.property(step)?;
        }
        Some(node)
    }

    /// How the list field at `path` of a kind merges in a strategic merge patch: whether its
    /// patch strategy includes `merge`, and its merge key. None when the kind or the field is
    /// unknown, or the field is no list.
    pub fn list_patch(
        &self,
        group: &str,
        version: &str,
        kind: &str,
        path: &[&str],
    ) -> Option<(bool, Option<&str>)> {
        let node = self.field(group, version, kind, path)?;
        let list = self.resolve(node);
        if list.items.is_none() && list.ty.as_deref() != Some("array") {
            return None;
        }
        let strategy = node.patch_strategy.as_deref().unwrap_or("");
        let merge = strategy.split(',').any(|s| s == "merge");
        Some((merge, node.patch_merge_key.as_deref()))
    }

    /// A field's type as `kubectl explain` names it: `string`, `integer`, `Object`,
    /// `[]Container`, `map[string]string`, `IntOrString` (for editor hovers and messages).
    pub fn type_name(&self, node: &Node) -> String {
        self.type_name_at(node, 0)
    }

    fn type_name_at(&self, node: &Node, depth: usize) -> String {
        if depth > 16 {
            return "Object".into();
        }
        if let Some(items) = &node.items {
            return format!("[]{}", self.type_name_at(items, depth + 1));
        }
        if let Some(values) = &node.additional_properties {
            return format!("map[string]{}", self.type_name_at(values, depth + 1));
        }
        if let Some(r) = &node.reference {
            return match self.definition(r).and_then(|t| t.ty.as_deref()) {
                Some(t) if t != "object" => t.to_string(),
                _ => node.ref_short_name().unwrap_or("Object").to_string(),
            };
        }
        match node.ty.as_deref() {
            None | Some("object") => "Object".into(),
            Some(t) => t.to_string(),
        }
    }

    /// Every definition that carries a group-version-kind, with the kinds it serves.
    pub fn kinds(&self) -> impl Iterator<Item = (&str, &Gvk)> {
        self.definitions
            .iter()
            .flat_map(|(name, n)| n.gvk.iter().map(move |g| (name.as_str(), g)))
    }

    /// The names of the definitions `root` reaches through `$ref`s, `root` included, in a stable
    /// order (sorted): what one OpenAPI document must carry for these kinds.
    pub fn closure<'a>(&'a self, roots: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
        let mut seen: std::collections::BTreeSet<&str> = Default::default();
        let mut todo: Vec<&str> = roots.into_iter().collect();
        while let Some(name) = todo.pop() {
            let Some((key, node)) = self.definitions.get_key_value(name) else {
                continue;
            };
            if seen.insert(key.as_str()) {
                collect_refs(node, &mut todo);
            }
        }
        seen.into_iter().collect()
    }
}

fn collect_refs<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
    if let Some(r) = &node.reference {
        out.push(r);
    }
    for child in node
        .properties
        .values()
        .chain(node.items.as_deref())
        .chain(node.additional_properties.as_deref())
        .chain(node.one_of.iter())
    {
        collect_refs(child, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> &'static Schema {
        for_version("v1.32.0")
    }

    #[test]
    fn versions_pick_the_release_of_their_minor_or_the_nearest_below() {
        assert_eq!(minor_of("v1.32.0+k3s1"), (1, 32));
        assert_eq!(minor_of("garbage"), (0, 0));
        assert_eq!(for_version("v1.32.0+k3s1").version, "v1.32.0");
        assert_eq!(for_version("v1.32.7").version, "v1.32.0");
        // Newer than anything embedded: the newest there is.
        let newest = RELEASES.iter().map(|(r, _)| *r).max_by_key(|r| minor_of(r));
        let newest = newest.unwrap();
        assert_eq!(for_version("v1.99.0").version, newest);
        // Older than anything embedded, or unreadable: the oldest.
        let oldest = RELEASES.iter().map(|(r, _)| *r).min_by_key(|r| minor_of(r));
        assert_eq!(for_version("v1.2.0").version, oldest.unwrap());
    }

    #[test]
    fn a_v1_32_server_knows_no_field_added_after_it() {
        let s = schema();
        let spec = s.definition("io.k8s.api.core.v1.PodSpec").unwrap();
        // Added in v1.34.
        assert!(spec.property("hostnameOverride").is_none());
        // Added (alpha) in v1.32.
        assert!(spec.property("resources").is_some());
    }

    #[test]
    fn embedded_data_decodes_with_descriptions_required_and_gvk() {
        let s = schema();
        assert_eq!(s.version, "v1.32.0");
        assert!(s.definitions.len() > 400, "{}", s.definitions.len());
        let (name, pod) = s.lookup("", "v1", "Pod").unwrap();
        assert_eq!(name, "io.k8s.api.core.v1.Pod");
        assert!(pod
            .description
            .starts_with("Pod is a collection of containers"));
        let spec = s.definition("io.k8s.api.core.v1.PodSpec").unwrap();
        assert!(spec.is_required("containers"));
        let containers = spec.property("containers").unwrap();
        assert_eq!(containers.ty.as_deref(), Some("array"));
        assert_eq!(containers.patch_merge_key.as_deref(), Some("name"));
        let s = schema();
        assert_eq!(
            s.list_patch(
                "apps",
                "v1",
                "Deployment",
                &["spec", "template", "spec", "containers"]
            ),
            Some((true, Some("name")))
        );
        assert_eq!(
            s.list_patch("", "v1", "Pod", &["spec", "containers", "args"]),
            Some((false, None))
        );
        assert_eq!(
            s.list_patch("", "v1", "Pod", &["metadata", "finalizers"]),
            Some((true, None))
        );
        assert_eq!(containers.patch_strategy.as_deref(), Some("merge"));
        assert_eq!(containers.list_type.as_deref(), Some("map"));
        assert_eq!(containers.list_map_keys, vec!["name".to_string()]);
        assert_eq!(
            containers.items.as_ref().unwrap().ref_short_name(),
            Some("Container")
        );
        // apiVersion/kind carry no enum pinned by the JSON-schema conversion.
        assert!(pod.property("kind").unwrap().enum_values.is_empty());
    }

    #[test]
    fn enum_fields_carry_values_and_the_upstream_paragraph() {
        let s = schema();
        let spec = s.definition("io.k8s.api.core.v1.PodSpec").unwrap();
        let restart = spec.property("restartPolicy").unwrap();
        assert_eq!(restart.enum_strings(), vec!["Always", "Never", "OnFailure"]);
        assert!(restart.description.ends_with(
            "#restart-policy\n\nPossible enum values:\n - `\"Always\"`\n - `\"Never\"`\n - `\"OnFailure\"`"
        ));
        let (_, pod) = s.lookup("", "v1", "Pod").unwrap();
        for meta in ["apiVersion", "kind"] {
            assert!(pod.property(meta).unwrap().enum_values.is_empty(), "{meta}");
        }
        // A list of enum values keeps them on its items, with no paragraph.
        let pvc = s
            .definition("io.k8s.api.core.v1.PersistentVolumeClaimSpec")
            .unwrap();
        let modes = pvc.property("accessModes").unwrap();
        assert!(modes.enum_values.is_empty());
        assert_eq!(
            modes.items.as_ref().unwrap().enum_strings(),
            vec![
                "ReadOnlyMany",
                "ReadWriteMany",
                "ReadWriteOnce",
                "ReadWriteOncePod"
            ]
        );
        assert!(!modes.description.contains("Possible enum values"));
        // Where the package's (1.33) description differs from 1.32's, the enum stays but the
        // paragraph does not.
        let slice = s
            .definition("io.k8s.api.discovery.v1.EndpointSlice")
            .unwrap();
        let address = slice.property("addressType").unwrap();
        assert_eq!(address.enum_strings(), vec!["FQDN", "IPv4", "IPv6"]);
        assert!(!address.description.contains("Possible enum values"));
        assert!(s.source.contains("kubernetes-models 4.5.1"), "{}", s.source);
    }

    #[test]
    fn field_paths_step_through_lists_and_refs() {
        let s = schema();
        let port = s
            .field(
                "",
                "v1",
                "Pod",
                &["spec", "containers", "ports", "containerPort"],
            )
            .unwrap();
        assert_eq!(port.ty.as_deref(), Some("integer"));
        assert_eq!(port.format.as_deref(), Some("int32"));
        let ports = s
            .field("", "v1", "Pod", &["spec", "containers", "ports"])
            .unwrap();
        assert_eq!(ports.list_map_keys, vec!["containerPort", "protocol"]);
        assert!(s.field("", "v1", "Pod", &["spec", "nope"]).is_none());
        let labels = s
            .field("apps", "v1", "Deployment", &["metadata", "labels"])
            .unwrap();
        assert_eq!(
            labels.additional_properties.as_ref().unwrap().ty.as_deref(),
            Some("string")
        );
        assert!(s.lookup("apps", "v1", "Deployment").is_some());
        let spec = s.definition("io.k8s.api.core.v1.PodSpec").unwrap();
        let ty = |f: &str| s.type_name(spec.property(f).unwrap());
        assert_eq!(ty("containers"), "[]Container");
        assert_eq!(ty("nodeSelector"), "map[string]string");
        assert_eq!(ty("affinity"), "Affinity");
        assert_eq!(ty("hostNetwork"), "boolean");
        let svc_port = s.definition("io.k8s.api.core.v1.ServicePort").unwrap();
        assert_eq!(
            s.type_name(svc_port.property("targetPort").unwrap()),
            "IntOrString"
        );
        let meta = s
            .definition("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
            .unwrap();
        assert_eq!(
            s.type_name(meta.property("creationTimestamp").unwrap()),
            "string"
        );
        assert!(s.lookup("", "v1", "Nothing").is_none());
    }

    #[test]
    fn closure_reaches_nested_definitions() {
        let s = schema();
        let names = s.closure(["io.k8s.api.apps.v1.Deployment"]);
        assert!(names.contains(&"io.k8s.api.core.v1.Container"));
        assert!(names.contains(&"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
        assert!(!names.contains(&"io.k8s.api.batch.v1.Job"));
    }

    #[test]
    fn decode_rejects_garbage_and_reads_minimal_data() {
        assert!(decode("not json").is_err());
        let s = decode(
            r#"{"source":"t","version":"v0","definitions":{"a.B":{"type":"object",
            "required":["x"],"properties":{"x":{"type":"string","enum":["P","Q"]}},
            "x-kubernetes-group-version-kind":[{"group":"","kind":"B","version":"v1"}]}}}"#,
        )
        .unwrap();
        let (_, b) = s.lookup("", "v1", "B").unwrap();
        assert_eq!(b.property("x").unwrap().enum_strings(), vec!["P", "Q"]);
    }
}
