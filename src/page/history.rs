//! The lines typed at the prompt, for ↑/↓ and Ctrl-R, kept across reloads.

use serde::{Deserialize, Serialize};

const MAX_LINES: usize = 500;

#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq)]
#[serde(transparent)]
pub struct History {
    lines: Vec<String>,
}

impl History {
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    pub fn get(&self, i: usize) -> Option<&String> {
        self.lines.get(i)
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Remember a line, unless blank or the same as the last; false when nothing changed.
    pub fn push(&mut self, line: &str) -> bool {
        if line.trim().is_empty() || self.lines.last().map(String::as_str) == Some(line) {
            return false;
        }
        self.lines.push(line.to_string());
        if self.lines.len() > MAX_LINES {
            self.lines.remove(0);
        }
        true
    }

    /// The latest line before index `before` that contains `query` (Ctrl-R).
    pub fn find_back(&self, query: &str, before: usize) -> Option<usize> {
        if query.is_empty() {
            return None;
        }
        self.lines[..before.min(self.lines.len())]
            .iter()
            .rposition(|h| h.contains(query))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_repeated_lines_are_not_kept() {
        let mut h = History::default();
        assert!(h.push("kubectl get ns"));
        assert!(!h.push("kubectl get ns"));
        assert!(!h.push("   "));
        assert!(h.push("kubectl get nodes"));
        assert_eq!(h.lines(), ["kubectl get ns", "kubectl get nodes"]);
        for i in 0..MAX_LINES {
            h.push(&format!("echo {i}"));
        }
        assert_eq!(h.len(), MAX_LINES);
        assert_eq!(h.get(0).unwrap(), "echo 0");
    }

    #[test]
    fn reverse_search_goes_further_back_each_time() {
        let mut h = History::default();
        for l in ["get ns a", "get pods", "get ns b"] {
            h.push(l);
        }
        assert_eq!(h.find_back("ns", h.len()), Some(2));
        assert_eq!(h.find_back("ns", 2), Some(0));
        assert_eq!(h.find_back("ns", 0), None);
        assert_eq!(h.find_back("", 3), None);
        assert_eq!(h.find_back("ns", 99), Some(2));
    }

    #[test]
    fn stored_as_a_plain_list() {
        let h: History = serde_json::from_str(r#"["a","b"]"#).unwrap();
        assert_eq!(h.lines(), ["a", "b"]);
        assert_eq!(serde_json::to_string(&h).unwrap(), r#"["a","b"]"#);
    }
}
