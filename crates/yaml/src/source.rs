//! Checks go-yaml makes that saphyr-parser does not, done on the document's characters: tabs in
//! indentation, anchor names, the `%YAML` version.

use super::error::YamlError;
use super::errors_map::map_scan_error;

/// The document's characters (saphyr marks count characters) and, per line, how its leading
/// whitespace looks, so checks on every node stay O(1).
pub struct Source {
    chars: Vec<char>,
    /// Per line: length of the leading blanks, and where the first tab among them is.
    leads: Vec<(usize, Option<usize>)>,
}

impl Source {
    pub fn new(text: &str) -> Self {
        let leads = text
            .split('\n')
            .map(|line| {
                let lead = line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
                let tab = line.chars().take(lead).position(|c| c == '\t');
                (lead, tab)
            })
            .collect();
        Source {
            chars: text.chars().collect(),
            leads,
        }
    }

    /// go-yaml keeps reading blanks and line breaks after a plain scalar in case it continues,
    /// and refuses a tab met on a new line left of the scalar's indentation.
    pub fn check_tab_after_plain(&self, end: usize, indent: usize) -> Result<(), YamlError> {
        let mut after_break = false;
        let mut col = 0;
        let mut line_breaks = 0;
        for c in self.chars.iter().skip(end) {
            match c {
                '\n' => {
                    after_break = true;
                    col = 0;
                    line_breaks += 1;
                }
                '\r' => {}
                ' ' => col += 1,
                '\t' if after_break && col < indent => {
                    let line = self.line_of(end) + line_breaks;
                    let e = saphyr_parser::ScanError::new_str(
                        saphyr_parser::Marker::new(0, line, col),
                        "while scanning a plain scalar, found a tab",
                    );
                    return Err(map_scan_error("", &e));
                }
                '\t' => col += 1,
                _ => break,
            }
        }
        Ok(())
    }

    pub fn line_of(&self, index: usize) -> usize {
        // Only used on the error path, so a scan is fine.
        1 + self
            .chars
            .iter()
            .take(index)
            .filter(|c| **c == '\n')
            .count()
    }

    /// Skips a node's properties (`&anchor`, `!tag`) to where its content starts, checking anchor
    /// names as go-yaml does: letters, digits, `_` and `-` only.
    pub fn content_start(&self, index: usize) -> usize {
        let mut i = index;
        for _ in 0..2 {
            match self.char_at(i) {
                Some('&' | '!') => {
                    while self.char_at(i).is_some_and(|c| !c.is_whitespace()) {
                        i += 1;
                    }
                    while self.char_at(i).is_some_and(char::is_whitespace) {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        i
    }

    /// go-yaml's rule for the name after `&` or `*` starting at `index`.
    pub fn check_anchor_name(&self, index: usize, line: usize) -> Result<(), YamlError> {
        let mut i = index;
        for _ in 0..2 {
            match self.char_at(i) {
                Some('&' | '*') => {
                    let start = i + 1;
                    let mut j = start;
                    while self
                        .char_at(j)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    {
                        j += 1;
                    }
                    let ends_well = match self.char_at(j) {
                        None => true,
                        Some(c) => c.is_whitespace() || "?:,]}%@`".contains(c),
                    };
                    if j == start || !ends_well {
                        let e = saphyr_parser::ScanError::new_str(
                            saphyr_parser::Marker::new(0, line, 0),
                            "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
                        );
                        return Err(map_scan_error("", &e));
                    }
                    i = j;
                }
                Some('!') => {
                    while self.char_at(i).is_some_and(|c| !c.is_whitespace()) {
                        i += 1;
                    }
                }
                _ => return Ok(()),
            }
            while self.char_at(i).is_some_and(char::is_whitespace) {
                i += 1;
            }
        }
        Ok(())
    }

    /// go-yaml (YAML 1.1) has no `\/` escape, which saphyr (YAML 1.2) accepts.
    pub fn check_double_quoted(&self, index: usize, line: usize) -> Result<(), YamlError> {
        let start = self.content_start(index);
        if self.char_at(start) != Some('"') {
            return Ok(());
        }
        let mut i = start + 1;
        let mut breaks = 0;
        while let Some(c) = self.char_at(i) {
            match c {
                '\\' => {
                    if self.char_at(i + 1) == Some('/') {
                        let e = saphyr_parser::ScanError::new_str(
                            saphyr_parser::Marker::new(0, line + breaks, 0),
                            "while parsing a quoted scalar, found unknown escape character",
                        );
                        return Err(map_scan_error("", &e));
                    }
                    if self.char_at(i + 1) == Some('\n') {
                        breaks += 1;
                    }
                    i += 2;
                }
                '"' => return Ok(()),
                '\n' => {
                    breaks += 1;
                    i += 1;
                }
                _ => i += 1,
            }
        }
        Ok(())
    }

    pub fn char_at(&self, index: usize) -> Option<char> {
        self.chars.get(index).copied()
    }

    /// go-yaml only skips tabs inside flow collections: a block-context node whose line is
    /// indented with a tab is "found character that cannot start any token".
    pub fn check_tab_indent(&self, line: usize, col: usize) -> Result<(), YamlError> {
        let lead = line.checked_sub(1).and_then(|i| self.leads.get(i));
        if let Some((len, Some(tab))) = lead {
            if col <= *len && *tab < col {
                let e = saphyr_parser::ScanError::new_str(
                    saphyr_parser::Marker::new(0, line, col),
                    "tabs disallowed in this context",
                );
                return Err(map_scan_error("", &e));
            }
        }
        Ok(())
    }
}

/// go-yaml v2 reads only YAML 1.1 documents.
pub fn check_version_directive(text: &str) -> Result<(), YamlError> {
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("%YAML") {
            let version = rest.split('#').next().unwrap_or("").trim();
            if !version.is_empty() && version != "1.1" {
                // A parser error: go-yaml shows the 0-based line, and none on the first line.
                return Err(YamlError::at(
                    (i >= 1).then_some(i),
                    "found incompatible YAML document",
                ));
            }
        }
    }
    Ok(())
}
