//! The build: one kustomization's resources, generators, components and transformers, in
//! kustomize's order, recursively through its bases; then, at the top, hash suffixes, name
//! references and the output order.

use crate::load::Files;

use crate::images::Image;
use crate::kustomization::Kustomization;
use crate::load::{self, normalize, shown};
use crate::res::Res;
use crate::{hash, labels, nameref, names, namespace, patch, replicas, sort};
use serde_json::Value;

pub fn run(fs: &Files, dir: &str, warnings: &mut Vec<String>) -> Result<Vec<Value>, String> {
    if load::is_remote(dir) && !fs.is_dir(dir) {
        return Err(load::remote_refused(dir)
            .trim_start_matches("accumulating resources: ")
            .to_string());
    }
    let dir = normalize(dir);
    if !fs.is_dir(&dir) {
        return Err(not_a_directory(fs, &dir));
    }
    let mut walk = crate::walk::Walk {
        fs,
        warnings,
        visiting: Vec::new(),
        loaded: 0,
        vars: Vec::new(),
    };
    let mut rs = walk.target(&dir, Vec::new(), false)?;
    for r in rs.iter_mut().filter(|r| r.hashed) {
        let name = format!("{}-{}", r.name(), hash::suffix(&r.obj));
        r.set_name(&name);
    }
    nameref::fix(&mut rs);
    crate::vars::resolve(&walk.vars, &mut rs)?;
    let top = load::kustomization(fs, &dir)?;
    if let Some(order) = sort_order(&top)? {
        sort::legacy(&mut rs, &order);
    }
    build_metadata(&top, &mut rs)?;
    Ok(rs.into_iter().map(|r| r.obj).collect())
}

/// The top kustomization's `sortOptions`: kustomize's legacy order unless it asks for `fifo`
/// (None: the order the objects were built in).
fn sort_order(k: &Kustomization) -> Result<Option<sort::Order>, String> {
    let Some(opts) = k.get("sortOptions") else {
        return Ok(Some(sort::Order::default()));
    };
    let order = opts.get("order").and_then(Value::as_str).unwrap_or("");
    let legacy = opts.get("legacySortOptions");
    let list = |k: &str| -> Vec<String> {
        legacy
            .and_then(|l| l.get(k))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    match (order, legacy) {
        ("fifo", None) => Ok(None),
        ("legacy", None) => Ok(Some(sort::Order::default())),
        ("legacy", Some(_)) => Ok(Some(sort::Order::custom(list("orderFirst"), list("orderLast")))),
        ("fifo", Some(_)) => Err("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'".into()),
        (other, _) => Err(format!("the field 'sortOptions.order' must be one of 'fifo' or 'legacy', got '{other}'")),
    }
}

/// The top kustomization's `buildMetadata`: `managedByLabel` labels every object with the
/// kustomize that built it (kubectl's embedded one calls itself `(devel)`).
fn build_metadata(k: &Kustomization, rs: &mut [Res]) -> Result<(), String> {
    for item in k.strings("buildMetadata") {
        if item != "managedByLabel" {
            return Err(format!(
                "buildMetadata '{item}' is not available in kubeplay"
            ));
        }
        let pairs = [(
            "app.kubernetes.io/managed-by".to_string(),
            "kustomize-(devel)".to_string(),
        )];
        for r in rs.iter_mut() {
            crate::fieldspec::walk(&mut r.obj, &["metadata", "labels"], true, &mut |v| {
                crate::fieldspec::merge_pairs(v, &pairs)
            });
        }
    }
    Ok(())
}

fn not_a_directory(fs: &Files, dir: &str) -> String {
    if fs.read(dir).is_ok() {
        return format!(
            "must build at directory: '{}': file is not directory",
            shown(dir)
        );
    }
    format!(
        "must build at directory: not a valid directory: evalsymlink failure on '{dir}' : lstat {}: no such file or directory",
        shown(dir)
    )
}

/// kustomize's builtin transformers, in its order.
pub(crate) fn transform(
    fs: &Files,
    dir: &str,
    k: &Kustomization,
    rs: &mut Vec<Res>,
) -> Result<(), String> {
    patch::strategic_entries(fs, dir, &k.strings("patchesStrategicMerge"), rs)?;
    patch::patches(fs, dir, k.list("patches"), rs)?;
    namespace::apply(k.str("namespace"), rs);
    names::apply(k.str("namePrefix"), k.str("nameSuffix"), rs);
    labels::apply_labels(k, rs);
    labels::apply_annotations(k, rs);
    patch::json6902_entries(fs, dir, k.list("patchesJson6902"), rs)?;
    replicas::apply(k.list("replicas"), rs)?;
    let images: Vec<Image> = k
        .list("images")
        .iter()
        .chain(k.list("imageTags"))
        .map(Image::from_entry)
        .collect();
    crate::images::apply(&images, rs);
    crate::replacements::apply(fs, dir, k.list("replacements"), rs)
}
