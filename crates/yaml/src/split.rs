//! Splitting a stream into documents the way kubectl's YAML reader does, before any parsing: a line
//! starting with `---` ends a document, and only spaces or a comment may follow the dashes. Each
//! document is then parsed on its own, which is why kubectl's error line numbers count from the
//! line after the separator.

use super::error::YamlError;

/// One document's text and the 1-based line of the file it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk<'a> {
    pub text: &'a str,
    pub start_line: usize,
}

pub fn split(text: &str) -> Result<Vec<Chunk<'_>>, YamlError> {
    let mut chunks = Vec::new();
    let mut start: Option<(usize, usize)> = None; // byte offset, line
    let mut offset = 0;
    for (idx, line) in text.split_inclusive('\n').enumerate() {
        let line_no = idx + 1;
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(YamlError::split(format!(
                    "invalid Yaml document separator: {trimmed}"
                )));
            }
            if let Some((s, l)) = start.take() {
                chunks.push(Chunk {
                    text: &text[s..offset],
                    start_line: l,
                });
            }
        } else if start.is_none() {
            start = Some((offset, line_no));
        }
        offset += line.len();
    }
    if let Some((s, l)) = start {
        chunks.push(Chunk {
            text: &text[s..],
            start_line: l,
        });
    }
    Ok(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_separator_lines() {
        let c = split("a: 1\n---\nb: 2\n--- # c\n\n---\nc: 3").unwrap();
        let texts: Vec<_> = c.iter().map(|c| (c.text, c.start_line)).collect();
        assert_eq!(
            texts,
            vec![("a: 1\n", 1), ("b: 2\n", 3), ("\n", 5), ("c: 3", 7)]
        );
    }

    #[test]
    fn rejects_content_after_dashes() {
        let e = split("---\na: 1\n--- b: 2\n").unwrap_err();
        assert_eq!(e.kubectl_message(), "invalid Yaml document separator: b: 2");
    }
}
