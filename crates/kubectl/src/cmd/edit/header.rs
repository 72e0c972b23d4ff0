//! The text kubectl puts in the file it opens: its comment header (with the reasons the last
//! save failed), and how it tells comments from the object when the file comes back.

use serde_json::Value;

/// One failure listed in the header: a line, and the causes under it.
#[derive(Debug, Clone, Default)]
pub struct Reason {
    pub head: String,
    pub other: Vec<String>,
}

/// kubectl's header for `edit`, then each reason as a comment block.
pub fn header(reasons: &[Reason]) -> String {
    let mut out = String::from(
        "# Please edit the object below. Lines beginning with a '#' will be ignored,\n\
         # and an empty file will abort the edit. If an error occurs while saving this file will be\n\
         # reopened with the relevant failures.\n\
         #\n",
    );
    for r in reasons {
        let colon = if r.other.is_empty() { "" } else { ":" };
        out.push_str(&format!("# {}{colon}\n", hash_on_line_break(&r.head)));
        for o in &r.other {
            out.push_str(&format!("# * {}\n", hash_on_line_break(o)));
        }
        out.push_str("#\n");
    }
    out
}

/// A line break inside a reason continues the comment (`\n# `) unless a `#` follows already.
fn hash_on_line_break(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\n', Some(&next)) if next != '#' => out.push_str("\n# "),
            _ => out.push(c),
        }
    }
    out
}

/// The file without its comment lines (`#!` kept), as kubectl's ManualStrip.
pub fn manual_strip(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.starts_with('#') && !t.starts_with("#!") {
            continue;
        }
        out.push_str(line);
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

/// What two versions of the file are compared by (kubectl's StripComments): the YAML as data
/// when it parses, else the text without comments.
#[derive(Debug, PartialEq)]
pub enum Stripped {
    Data(Value),
    Text(String),
}

pub fn strip_comments(text: &str) -> Stripped {
    match kubeplay_yaml::parse_documents(text) {
        Ok(docs) => Stripped::Data(
            docs.into_iter()
                .next()
                .map(|d| d.value)
                .unwrap_or(Value::Null),
        ),
        Err(_) => Stripped::Text(manual_strip(text)),
    }
}

/// Whether the file still holds anything but blank and comment lines.
pub fn has_lines(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_follow_the_header() {
        let r = Reason {
            head: "deployments.apps \"web\" was not valid".into(),
            other: vec![
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0".into(),
            ],
        };
        let text = header(&[r]);
        assert!(text.ends_with(
            "#\n# deployments.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n"
        ));
    }

    #[test]
    fn comments_do_not_count() {
        assert_eq!(manual_strip("# a\nb: 1\n  # c\n#!x\n"), "b: 1\n#!x\n");
        assert_eq!(strip_comments("# x\na: 1\n"), strip_comments("a: 1\n# y\n"));
        assert!(!has_lines("# only\n\n"));
    }
}
