//! Image references split as `distribution/reference` does: a domain (Docker Hub when the first
//! component has no `.` or `:` and is not `localhost`), a path (`library/` added to single names
//! on Docker Hub), and a tag or digest.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub domain: String,
    /// The repository path inside the registry (`library/nginx`).
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

const HUB: &str = "docker.io";

impl Reference {
    /// Split `image`; `None` when it has no name at all.
    pub fn parse(image: &str) -> Option<Reference> {
        let (rest, digest) = match image.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (image, None),
        };
        let (name, tag) = match rest.rfind(':') {
            Some(i) if !rest[i..].contains('/') => (&rest[..i], Some(rest[i + 1..].to_string())),
            _ => (rest, None),
        };
        if name.is_empty() {
            return None;
        }
        let (domain, path) = match name.split_once('/') {
            Some((first, rest))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (first.to_string(), rest.to_string())
            }
            _ => (HUB.to_string(), name.to_string()),
        };
        let domain = if domain == "index.docker.io" {
            HUB.to_string()
        } else {
            domain
        };
        let path = if domain == HUB && !path.contains('/') {
            format!("library/{path}")
        } else {
            path
        };
        let tag = match (&tag, &digest) {
            (None, None) => Some("latest".to_string()),
            _ => tag,
        };
        Some(Reference {
            domain,
            path,
            tag,
            digest,
        })
    }

    /// The name as Docker prints it: `nginx`, `myorg/app`, `registry.k8s.io/pause`.
    pub fn familiar_name(&self) -> String {
        if self.domain == HUB {
            self.path
                .strip_prefix("library/")
                .unwrap_or(&self.path)
                .to_string()
        } else {
            format!("{}/{}", self.domain, self.path)
        }
    }

    /// The full name as containerd prints it: `docker.io/library/nginx`.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.domain, self.path)
    }

    fn suffix(&self) -> String {
        let mut s = String::new();
        if let Some(t) = &self.tag {
            s.push(':');
            s.push_str(t);
        }
        if let Some(d) = &self.digest {
            s.push('@');
            s.push_str(d);
        }
        s
    }

    /// `nginx:doesnotexist`, as Docker prints a tagged reference.
    pub fn familiar(&self) -> String {
        format!("{}{}", self.familiar_name(), self.suffix())
    }

    /// `docker.io/library/nginx:doesnotexist`, as containerd prints it.
    pub fn full(&self) -> String {
        format!("{}{}", self.full_name(), self.suffix())
    }

    /// What a registry's manifest URL names: the tag, else the digest.
    pub fn manifest_ref(&self) -> String {
        self.tag
            .clone()
            .or_else(|| self.digest.clone())
            .unwrap_or_default()
    }
}

/// Why `image` is not a reference at all, in `distribution/reference`'s words, as the kubelet
/// reports it before any pull (`InvalidImageName`).
pub fn invalid(image: &str) -> Option<String> {
    let (domain, remainder) = match image.split_once('/') {
        Some((first, rest))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            (Some(first), rest.to_string())
        }
        _ if image.contains('/') => (None, image.to_string()),
        _ => (None, format!("library/{image}")),
    };
    let remote = remainder.split(':').next().unwrap_or("");
    if remote.to_lowercase() != remote {
        return Some(format!(
            "invalid reference format: repository name ({remote}) must be lowercase"
        ));
    }
    let bad = "invalid reference format".to_string();
    let (rest, digest) = match remainder.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (remainder.as_str(), None),
    };
    let (path, tag) = match rest.rsplit_once(':') {
        Some((p, t)) => (p, Some(t)),
        None => (rest, None),
    };
    let domain_ok = domain.is_none_or(|d| {
        let (host, port) = d.split_once(':').map_or((d, None), |(h, p)| (h, Some(p)));
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            && port.is_none_or(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    });
    let tag_ok = tag.is_none_or(|t| {
        let mut cs = t.chars();
        t.len() <= 128
            && cs
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    });
    let digest_ok = digest.is_none_or(|d| {
        d.split_once(':').is_some_and(|(alg, hex)| {
            !alg.is_empty() && hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
        })
    });
    let path_ok = path.split('/').all(component_ok);
    (!(domain_ok && tag_ok && digest_ok && path_ok)).then_some(bad)
}

/// A path component: lowercase alphanumerics joined by one `.`, one or two `_`, or dashes.
fn component_ok(c: &str) -> bool {
    let bytes = c.as_bytes();
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !bytes.first().is_some_and(alnum) || !bytes.last().is_some_and(alnum) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(&bytes[i]) {
            i += 1;
            continue;
        }
        let sep_start = i;
        while i < bytes.len() && !alnum(&bytes[i]) {
            i += 1;
        }
        let sep = &c[sep_start..i];
        if !(sep == "." || sep == "_" || sep == "__" || sep.chars().all(|ch| ch == '-')) {
            return false;
        }
    }
    true
}
