//! Splitting on a separator that does not count inside brackets: a label selector's commas
//! outside `in (a,b)`, a kustomize field path's dots outside `[name=x.y]`.

/// `s` split on `sep` where it stands outside every `open`…`close` pair; the brackets stay in
/// the pieces.
pub fn split_outside(s: &str, sep: char, open: char, close: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        if c == sep && depth == 0 {
            out.push(std::mem::take(&mut cur));
            continue;
        }
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::split_outside;

    #[test]
    fn separators_inside_brackets_stay() {
        assert_eq!(
            split_outside("app in (a,b),tier=web", ',', '(', ')'),
            ["app in (a,b)", "tier=web"]
        );
        assert_eq!(
            split_outside("spec.containers.[name=a.b].image", '.', '[', ']'),
            ["spec", "containers", "[name=a.b]", "image"]
        );
        assert_eq!(split_outside("", ',', '(', ')'), [""]);
    }
}
