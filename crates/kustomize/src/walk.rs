//! One build's walk through its kustomizations: each one's resources (manifest files and other
//! kustomizations), generators, components and transformers, with kustomize's errors for what it
//! cannot accumulate.

use crate::load::Files;

use crate::build::transform;
use crate::generate;
use crate::kustomization::Kustomization;
use crate::load::{self, join, shown};
use crate::res::Res;

/// The walk's state: the warnings met, the directories being built (a base that leads back to
/// one of them is a cycle), and how many were loaded (bounded, as a diamond of bases would
/// otherwise multiply).
pub struct Walk<'a> {
    pub fs: &'a Files<'a>,
    pub warnings: &'a mut Vec<String>,
    pub visiting: Vec<String>,
    pub loaded: usize,
    /// The `vars` met, bases first, resolved once the build is done.
    pub vars: Vec<crate::vars::Var>,
}

impl Walk<'_> {
    /// One kustomization (or component, applied to `rs`, what its parent has so far).
    pub fn target(&mut self, dir: &str, rs: Vec<Res>, component: bool) -> Result<Vec<Res>, String> {
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
            let found = self
                .accumulate(dir, e)
                .map_err(|err| format!("accumulating resources: {err}"))?;
            absorb(
                found,
                rs.as_mut(),
                &join(dir, e),
                e,
                fs.is_dir(&join(dir, e)),
            )
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
        crate::vars::collect(k.list("vars"), &mut rs, &mut self.vars)?;
        Ok(rs)
    }

    /// One `resources` entry: another kustomization, a file of manifests, or a refused remote.
    fn accumulate(&mut self, dir: &str, entry: &str) -> Result<Vec<Res>, String> {
        let path = join(dir, entry);
        if self.fs.is_dir(&path) {
            return self.base(&path, entry);
        }
        if let Ok(text) = self.fs.read(&path) {
            self.fs
                .check_root(dir, &path)
                .map_err(|e| as_file(entry, &e, &path))?;
            return load::manifests(&text, entry, &path);
        }
        if load::is_remote(entry) {
            let refused = load::remote_refused(entry);
            return Err(refused
                .trim_start_matches("accumulating resources: ")
                .to_string());
        }
        let missing = load::read_file(self.fs, &path).err().unwrap_or_default();
        Err(format!(
            "accumulation err='accumulating resources from '{entry}': {missing}': must build at directory: not a valid directory: {missing}"
        ))
    }

    /// A base: refused if it is a component or leads back to a directory being built.
    fn base(&mut self, path: &str, entry: &str) -> Result<Vec<Res>, String> {
        let p = shown(path);
        let prefix = format!("accumulation err='accumulating resources from '{entry}': '{p}' must resolve to a file'");
        if let Some(cycle) = self.cycle(path) {
            return Err(format!("{prefix}: {cycle}"));
        }
        let is_component =
            load::kustomization(self.fs, path).is_ok_and(|k| k.kind() == "Component");
        if is_component {
            return Err(format!(
                "{prefix}: expected kind != 'Component' for path '{p}'"
            ));
        }
        self.target(path, Vec::new(), false)
            .map_err(|e| format!("{prefix}: recursed accumulation of path '{p}': {e}"))
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

/// kustomize's error for a resource file it could not take.
fn as_file(entry: &str, why: &str, path: &str) -> String {
    format!(
        "accumulation err='accumulating resources from '{entry}': {why}': must build at directory: '{}': file is not directory",
        shown(path)
    )
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

/// Add what one entry gave, refusing an object whose id is already there.
fn absorb(
    found: Vec<Res>,
    rs: &mut Vec<Res>,
    path: &str,
    entry: &str,
    is_dir: bool,
) -> Result<(), String> {
    for r in found {
        if let Some(dup) = rs.iter().find(|o| same_id(o, &r)) {
            let why = format!(
                "may not add resource with an already registered id: {}",
                dup.id()
            );
            return Err(match is_dir {
                true => format!("recursed merging from path '{}': {why}", shown(path)),
                false => format!(
                    "accumulation err='merging resources from '{entry}': {why}': must build at directory: '{}': file is not directory",
                    shown(path)
                ),
            });
        }
        rs.push(r);
    }
    Ok(())
}

fn same_id(a: &Res, b: &Res) -> bool {
    a.kind() == b.kind()
        && a.group() == b.group()
        && a.name() == b.name()
        && a.namespace() == b.namespace()
}
