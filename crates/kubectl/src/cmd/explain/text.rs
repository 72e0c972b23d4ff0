//! The text helpers of kubectl's explain template: indentation and word wrapping.

/// Every line prefixed by `n` spaces, the first included.
pub fn indent(n: usize, s: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// Word wrapping as kubectl's descriptions get it: breaks only at white space, keeps the text's
/// own line breaks, never splits a word (a word longer than the limit stays whole on its line),
/// and drops the spaces where it breaks. Widths count characters.
pub fn wrap(limit: usize, s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / limit.max(1));
    let mut current = 0usize;
    let mut word = String::new();
    let mut word_len = 0usize;
    let mut space = String::new();
    let mut space_len = 0usize;
    for c in s.chars() {
        if c == '\n' {
            if word.is_empty() {
                if current + space_len <= limit {
                    out.push_str(&space);
                }
            } else {
                out.push_str(&space);
                out.push_str(&word);
            }
            space.clear();
            space_len = 0;
            word.clear();
            word_len = 0;
            out.push('\n');
            current = 0;
        } else if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space_len + word_len;
                out.push_str(&space);
                out.push_str(&word);
                space.clear();
                space_len = 0;
                word.clear();
                word_len = 0;
            }
            space.push(c);
            space_len += 1;
        } else {
            word.push(c);
            word_len += 1;
            if current + space_len + word_len > limit && word_len < limit {
                out.push('\n');
                current = 0;
                space.clear();
                space_len = 0;
            }
        }
    }
    if word.is_empty() {
        if current + space_len <= limit {
            out.push_str(&space);
        }
    } else {
        out.push_str(&space);
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_long_words_whole() {
        assert_eq!(wrap(10, "aaa bbb ccc ddd"), "aaa bbb\nccc ddd");
        assert_eq!(
            wrap(5, "a https://example.com/x b"),
            "a\nhttps://example.com/x\nb"
        );
        assert_eq!(wrap(10, "one\n\ntwo"), "one\n\ntwo");
        assert_eq!(wrap(76, ""), "");
        let text = "Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy\n";
        assert_eq!(
            wrap(76, text),
            "Restart policy for all containers within the pod. One of Always, OnFailure,\n\
             Never. In some contexts, only a subset of those values may be permitted.\n\
             Default to Always. More info:\n\
             https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy\n"
        );
    }

    #[test]
    fn indent_pads_every_line() {
        assert_eq!(indent(4, "a\nb\n"), "    a\n    b\n    ");
    }
}
