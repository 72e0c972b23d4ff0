//! The images transformer: every `image` of a `containers` or `initContainers` list, wherever it
//! sits in an object (CustomResourceDefinitions aside), whose name matches an entry gets the
//! entry's new name, tag or digest.

use serde_json::Value;

use crate::res::Res;

#[derive(Debug, Clone, Default)]
pub struct Image {
    name: String,
    new_name: String,
    new_tag: String,
    digest: String,
}

impl Image {
    pub fn from_entry(v: &Value) -> Image {
        let s = |k: &str| match v.get(k) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        Image {
            name: s("name"),
            new_name: s("newName"),
            new_tag: s("newTag"),
            digest: s("digest"),
        }
    }

    /// The image reference `value` becomes, or None when it is another image.
    fn rewrite(&self, value: &str) -> Option<String> {
        let (mut name, mut tag, mut digest) = split(value);
        if name != self.name {
            return None;
        }
        if !self.new_name.is_empty() {
            name = &self.new_name;
        }
        match (self.new_tag.is_empty(), self.digest.is_empty()) {
            (false, false) => (tag, digest) = (&self.new_tag, &self.digest),
            (false, true) => (tag, digest) = (&self.new_tag, ""),
            (true, false) => (tag, digest) = ("", &self.digest),
            (true, true) => {}
        }
        let mut out = name.to_string();
        if !tag.is_empty() {
            out = format!("{out}:{tag}");
        }
        if !digest.is_empty() {
            out = format!("{out}@{digest}");
        }
        Some(out)
    }
}

/// An image reference as name, tag and digest (a `:` after the last `/` starts the tag).
fn split(image: &str) -> (&str, &str, &str) {
    let (rest, digest) = image.split_once('@').unwrap_or((image, ""));
    let slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest[slash..].find(':') {
        Some(i) => (&rest[..slash + i], &rest[slash + i + 1..], digest),
        None => (rest, "", digest),
    }
}

pub fn apply(images: &[Image], rs: &mut [Res]) {
    for r in rs.iter_mut() {
        if r.kind() == "CustomResourceDefinition" {
            continue;
        }
        for img in images {
            walk(&mut r.obj, img);
        }
    }
}

fn walk(v: &mut Value, img: &Image) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                walk(child, img);
                if k == "containers" || k == "initContainers" {
                    set_images(child, img);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| walk(i, img)),
        _ => {}
    }
}

fn set_images(list: &mut Value, img: &Image) {
    let Value::Array(items) = list else { return };
    for c in items.iter_mut() {
        let Some(Value::String(image)) = c.get_mut("image") else {
            continue;
        };
        if let Some(new) = img.rewrite(image) {
            *image = new;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_registry_ports_from_tags() {
        assert_eq!(
            split("localhost:5000/nginx:1.2"),
            ("localhost:5000/nginx", "1.2", "")
        );
        assert_eq!(split("nginx@sha256:abc"), ("nginx", "", "sha256:abc"));
        assert_eq!(split("nginx"), ("nginx", "", ""));
    }
}
