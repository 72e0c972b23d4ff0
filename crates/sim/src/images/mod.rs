//! The image catalog: what the simulated registries hold, as data (`data/images.yaml`), read once.
//! The kubelet asks it whether a reference can be pulled and how big it is; `logs`, `exec` and
//! probes can read the same entries for what an image runs, holds, serves and prints.

mod catalog;
mod reference;

pub mod pull;

pub use catalog::{catalog, Catalog, Image, Server, Shell, Sigterm};
pub use reference::{invalid, Reference};

/// What the registries answer for a reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lookup<'a> {
    /// The image and tag exist (a digest is taken to exist when the repository does).
    Found(&'a Image),
    /// The repository exists but not this tag.
    NoTag(&'a Image),
    /// The registry answers but holds no such repository (or it is private).
    NoRepository,
    /// The registry's host does not resolve.
    NoRegistry,
}

/// Look a reference up as the runtime would resolve it.
pub fn lookup(reference: &Reference) -> Lookup<'static> {
    let cat = catalog();
    if !cat.registries.contains(&reference.domain) {
        return Lookup::NoRegistry;
    }
    let Some(image) = cat.image(&reference.familiar_name()) else {
        return Lookup::NoRepository;
    };
    match &reference.tag {
        Some(tag) if !image.tags.iter().any(|t| t == tag) => Lookup::NoTag(image),
        _ => Lookup::Found(image),
    }
}

#[cfg(test)]
mod tests;
