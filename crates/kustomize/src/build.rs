//! The build: one kustomization's resources, generators, components and transformers, in
//! kustomize's order, recursively through its bases; then, at the top, hash suffixes, name
//! references and the output order.

use kubeplay_core::fs::Fs;

use crate::images::Image;
use crate::kustomization::Kustomization;
use crate::load::{self, join, normalize, shown};
use crate::res::Res;
use crate::{generate, hash, labels, nameref, names, namespace, patch, replicas, sort};
use serde_json::Value;

pub fn run(fs: &dyn Fs, dir: &str, warnings: &mut Vec<String>) -> Result<Vec<Value>, String> {
    if load::is_remote(dir) && !fs.is_dir(dir) {
        return Err(load::remote_refused(dir)
            .trim_start_matches("accumulating resources: ")
            .to_string());
    }
    let dir = normalize(dir);
    if !fs.is_dir(&dir) {
        return Err(not_a_directory(fs, &dir));
    }
    let mut walk = Walk {
        fs,
        warnings,
        visiting: Vec::new(),
        loaded: 0,
    };
    let mut rs = walk.target(&dir, Vec::new(), false)?;
    for r in rs.iter_mut().filter(|r| r.hashed) {
        let name = format!("{}-{}", r.name(), hash::suffix(&r.obj));
        r.set_name(&name);
    }
    nameref::fix(&mut rs);
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

fn not_a_directory(fs: &dyn Fs, dir: &str) -> String {
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

/// One build's walk through its kustomizations: the warnings met, the directories being built
/// (a base that leads back to one of them is a cycle), and how many were loaded (bounded, as a
/// diamond of bases would otherwise multiply).
struct Walk<'a> {
    fs: &'a dyn Fs,
    warnings: &'a mut Vec<String>,
    visiting: Vec<String>,
    loaded: usize,
}

impl Walk<'_> {
    /// One kustomization (or component, applied to `rs`, what its parent has so far).
    fn target(&mut self, dir: &str, rs: Vec<Res>, component: bool) -> Result<Vec<Res>, String> {
        self.loaded += 1;
        if self.loaded > load::MAX_KUSTOMIZATIONS {
            return Err(format!(
                "more than {} kustomizations in one build",
                load::MAX_KUSTOMIZATIONS
            ));
        }
        self.visiting.push(dir.to_string());
        let built = self.target_in(dir, rs, component);
        self.visiting.pop();
        built
    }

    fn target_in(
        &mut self,
        dir: &str,
        mut rs: Vec<Res>,
        component: bool,
    ) -> Result<Vec<Res>, String> {
        let fs = self.fs;
        let k = load::kustomization(fs, dir)?;
        check_kind(&k, dir, component)?;
        for w in k.warnings() {
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
        let mut entries = k.strings("resources");
        entries.extend(k.strings("bases"));
        for e in &entries {
            self.accumulate(dir, e, &mut rs)
                .map_err(|err| format!("accumulating resources: {err}"))?;
        }
        generate::run(fs, dir, &k, &mut rs)?;
        for c in k.strings("components") {
            let cdir = join(dir, &c);
            if load::is_remote(&c) && !fs.is_dir(&cdir) {
                return Err(load::remote_refused(&c));
            }
            rs = self
                .target(&cdir, rs, true)
                .map_err(|err| format!("accumulating components: {err}"))?;
        }
        transform(fs, dir, &k, &mut rs)?;
        Ok(rs)
    }

    /// kustomize's cycle check: a base may not contain a directory being built.
    fn cycle(&self, candidate: &str) -> Option<String> {
        let inside =
            |v: &str| v == candidate || candidate == "." || v.starts_with(&format!("{candidate}/"));
        let visited = self.visiting.iter().find(|v| inside(v))?;
        Some(format!(
            "cycle detected: candidate root '{}' contains visited root '{}'",
            shown(candidate),
            shown(visited)
        ))
    }
}

fn check_kind(k: &Kustomization, dir: &str, component: bool) -> Result<(), String> {
    let kind = match k.kind() {
        "" => "Kustomization",
        other => other,
    };
    match (component, kind) {
        // The top kustomization may be a Component (it builds nothing of its own).
        (true, "Component") | (false, _) => Ok(()),
        (true, other) => Err(format!(
            "accumulateDirectory: \"expected kind 'Component' for path '{}' but got '{other}'\"",
            shown(dir)
        )),
    }
}

impl Walk<'_> {
    /// One `resources` entry: a file of manifests, another kustomization, or a refused remote.
    fn accumulate(&mut self, dir: &str, entry: &str, rs: &mut Vec<Res>) -> Result<(), String> {
        let fs = self.fs;
        let path = join(dir, entry);
        let found = if fs.is_dir(&path) {
            if let Some(cycle) = self.cycle(&path) {
                return Err(format!(
                "accumulation err='accumulating resources from '{entry}': '{}' must resolve to a file': {cycle}",
                shown(&path)
            ));
            }
            let is_component =
                load::kustomization(fs, &path).is_ok_and(|k| k.kind() == "Component");
            if is_component {
                return Err(format!(
                "accumulation err='accumulating resources from '{entry}': '{p}' must resolve to a file': expected kind != 'Component' for path '{p}'",
                p = shown(&path)
            ));
            }
            let sub = self.target(&path, Vec::new(), false).map_err(|e| {
            format!(
                "accumulation err='accumulating resources from '{entry}': '{p}' must resolve to a file': recursed accumulation of path '{p}': {e}",
                p = shown(&path)
            )
        })?;
            sub
        } else if let Ok(text) = fs.read(&path) {
            load::check_root(dir, &path).map_err(|e| {
            format!(
                "accumulation err='accumulating resources from '{entry}': {e}': must build at directory: '{}': file is not directory",
                shown(&path)
            )
        })?;
            load::manifests(&text, entry, &path)?
        } else if load::is_remote(entry) {
            return Err(load::remote_refused(entry)
                .trim_start_matches("accumulating resources: ")
                .to_string());
        } else {
            let missing = load::read_file(fs, &path).err().unwrap_or_default();
            return Err(format!(
            "accumulation err='accumulating resources from '{entry}': {missing}': must build at directory: not a valid directory: {missing}"
        ));
        };
        let is_dir = fs.is_dir(&path);
        for r in found {
            if let Some(dup) = rs.iter().find(|o| same_id(o, &r)) {
                let why = format!(
                    "may not add resource with an already registered id: {}",
                    dup.id()
                );
                return Err(match is_dir {
                true => format!("recursed merging from path '{}': {why}", shown(&path)),
                false => format!(
                    "accumulation err='merging resources from '{entry}': {why}': must build at directory: '{}': file is not directory",
                    shown(&path)
                ),
            });
            }
            rs.push(r);
        }
        Ok(())
    }
}

fn same_id(a: &Res, b: &Res) -> bool {
    a.kind() == b.kind()
        && a.group() == b.group()
        && a.name() == b.name()
        && a.namespace() == b.namespace()
}

/// kustomize's builtin transformers, in its order.
fn transform(fs: &dyn Fs, dir: &str, k: &Kustomization, rs: &mut Vec<Res>) -> Result<(), String> {
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
    Ok(())
}
