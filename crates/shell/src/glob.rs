//! Pathname expansion (`ls *.yaml`) over the virtual files. Patterns come from `expand.rs` with
//! quoted characters escaped by `\`, so only unquoted `*`, `?` and `[...]` are special. Only the
//! last path component may hold wildcards.

use kubeplay_core::fs::Fs;
use kubeplay_core::sort::SortOnce;

/// The sorted matching paths, or None when nothing matches (bash then keeps the word).
pub fn expand(fs: &dyn Fs, pattern: &str) -> Option<Vec<String>> {
    let (dir, base) = match pattern.rfind('/') {
        Some(i) => (pattern.get(..=i)?, pattern.get(i + 1..)?),
        None => ("", pattern),
    };
    if has_wildcards(dir) {
        return None;
    }
    let dir = unescape(dir);
    let list_from = if dir.is_empty() { "." } else { dir.as_str() };
    let entries = fs.list_dir(list_from).ok()?;
    let pat: Vec<char> = base.chars().collect();
    let mut out: Vec<String> = entries
        .iter()
        .map(|e| e.rsplit('/').next().unwrap_or(e))
        .filter(|name| !name.starts_with('.') || base.starts_with('.'))
        .filter(|name| matches(&pat, &name.chars().collect::<Vec<_>>()))
        .map(|name| format!("{dir}{name}"))
        .collect();
    out.sort_once();
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

pub fn has_wildcards(p: &str) -> bool {
    let mut escaped = false;
    for c in p.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '*' | '?' | '[' => return true,
            _ => {}
        }
    }
    false
}

pub fn unescape(p: &str) -> String {
    let mut out = String::new();
    let mut escaped = false;
    for c in p.chars() {
        if !escaped && c == '\\' {
            escaped = true;
            continue;
        }
        escaped = false;
        out.push(c);
    }
    out
}

/// One element of a pattern at `p[i]`: whether it matches `c`, and the index after it.
fn element(p: &[char], i: usize, c: char) -> Option<(bool, usize)> {
    match p.get(i)? {
        '?' => Some((true, i + 1)),
        '\\' => Some((p.get(i + 1) == Some(&c), i + 2)),
        '[' => {
            let mut j = i + 1;
            let neg = matches!(p.get(j), Some('!' | '^'));
            if neg {
                j += 1;
            }
            let mut hit = false;
            let mut first = true;
            loop {
                let &x = p.get(j)?;
                if x == ']' && !first {
                    return Some((hit != neg, j + 1));
                }
                first = false;
                match (p.get(j + 1), p.get(j + 2)) {
                    (Some('-'), Some(&hi)) if hi != ']' => {
                        hit |= x <= c && c <= hi;
                        j += 3;
                    }
                    _ => {
                        hit |= x == c;
                        j += 1;
                    }
                }
            }
        }
        &x => Some((x == c, i + 1)),
    }
}

/// Wildcard matching with one backtrack point per `*` (no exponential blowup).
pub fn matches(p: &[char], s: &[char]) -> bool {
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        let c = s.get(si).copied().unwrap_or('\0');
        if p.get(pi) == Some(&'*') {
            star = Some((pi + 1, si));
            pi += 1;
            continue;
        }
        match p.get(pi).map(|_| element(p, pi, c)) {
            Some(Some((true, next))) => {
                pi = next;
                si += 1;
            }
            Some(None) if p.get(pi) == Some(&'[') && c == '[' => {
                // An unclosed `[` is an ordinary character.
                pi += 1;
                si += 1;
            }
            _ => match star {
                Some((sp, ss)) => {
                    pi = sp;
                    si = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    while p.get(pi) == Some(&'*') {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_core::fs::MemFs;

    fn m(p: &str, s: &str) -> bool {
        matches(
            &p.chars().collect::<Vec<_>>(),
            &s.chars().collect::<Vec<_>>(),
        )
    }

    #[test]
    fn wildcards() {
        assert!(m("*.yaml", "pod.yaml"));
        assert!(!m("*.yaml", "pod.yml"));
        assert!(m("p?d*", "pod.yaml"));
        assert!(m("[a-p]od.yaml", "pod.yaml"));
        assert!(!m("[!p]od.yaml", "pod.yaml"));
        assert!(m("\\*x", "*x"));
        assert!(!m("\\*x", "ax"));
        assert!(m("*a*a*a*b", "aaaaab"));
        assert!(!m(&"*a".repeat(50), &"b".repeat(10_000)));
    }

    #[test]
    fn expands_against_files() {
        let fs = MemFs::new()
            .with_file("b.yaml", "")
            .with_file("a.yaml", "")
            .with_file("x.txt", "")
            .with_file("dir/c.yaml", "");
        assert_eq!(
            expand(&fs, "*.yaml"),
            Some(vec!["a.yaml".into(), "b.yaml".into()])
        );
        assert_eq!(expand(&fs, "dir/*.yaml"), Some(vec!["dir/c.yaml".into()]));
        assert_eq!(expand(&fs, "*.json"), None);
        assert_eq!(
            expand(&fs, "*"),
            Some(vec![
                "a.yaml".into(),
                "b.yaml".into(),
                "dir".into(),
                "x.txt".into()
            ])
        );
    }
}
