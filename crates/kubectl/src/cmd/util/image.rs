//! Image references as kubectl checks them before it creates anything.

/// Docker reference rules, enough to reject what kubectl rejects: no upper case in the path, no
/// spaces, a sane tag.
pub fn valid_image(image: &str) -> bool {
    let (rest, digest_ok) = match image.split_once('@') {
        Some((r, d)) => (r, valid_digest(d)),
        None => (image, true),
    };
    let (path, tag) = match rest.rsplit_once(':') {
        Some((p, t)) if !t.contains('/') => (p, Some(t)),
        _ => (rest, None),
    };
    let tag_ok = tag.is_none_or(|t| {
        !t.is_empty()
            && t.len() <= 128
            && !t.starts_with(['.', '-'])
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    });
    let mut parts = path.split('/').peekable();
    let mut path_ok = !path.is_empty();
    let mut first = true;
    while let Some(p) = parts.next() {
        let is_domain = first && parts.peek().is_some() && (p.contains('.') || p.contains(':'));
        first = false;
        if is_domain {
            continue;
        }
        path_ok &= !p.is_empty()
            && p.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            })
            && p.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
    }
    digest_ok && tag_ok && path_ok
}

/// `algorithm:hex`, the hex part at least 32 digits long.
fn valid_digest(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    alg.starts_with(|c: char| c.is_ascii_alphabetic())
        && alg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
        && hex.len() >= 32
        && hex.chars().all(|c| c.is_ascii_hexdigit())
}
