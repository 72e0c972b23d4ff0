//! Translating saphyr-parser's errors into the wording and line numbers go-yaml v2 uses, since
//! kubectl users see go-yaml's messages.
//!
//! go-yaml numbers lines oddly: a scanner error prints the 1-based line of the problem, a parser
//! error prints the 0-based one (so the line before the problem), and either prints no line at all
//! when the problem sits on the document's first line.

use saphyr_parser::ScanError;

use super::error::YamlError;

#[derive(Clone, Copy)]
enum Layer {
    Scanner,
    Parser,
    /// Errors go-yaml raises while building values, which never carry a line.
    Decoder,
}

pub fn map_scan_error(text: &str, e: &ScanError) -> YamlError {
    let info = e.info();
    let mut line = e.marker().line();
    let (layer, message): (Layer, String) = match info {
        "mapping values are not allowed in this context"
        | "block sequence entries are not allowed in this context" => (Layer::Scanner, info.into()),
        "simple key expect ':'" => (Layer::Scanner, "could not find expected ':'".into()),
        "tabs disallowed within this context (block indentation)"
        | "tab cannot be used as indentation"
        | "tabs disallowed in this context"
        | "found unprintable character" => (
            Layer::Scanner,
            "found character that cannot start any token".into(),
        ),
        s if s.starts_with("unexpected character:") => (
            Layer::Scanner,
            "found character that cannot start any token".into(),
        ),
        "while scanning a quoted scalar, found unexpected end of stream" | "unexpected eof" => {
            // go-yaml points at the end of the input, not at the opening quote.
            line = text.matches('\n').count() + 1;
            (Layer::Scanner, "found unexpected end of stream".into())
        }
        "while parsing a quoted scalar, found unknown escape character" => {
            (Layer::Scanner, "found unknown escape character".into())
        }
        "while parsing a quoted scalar, did not find expected hexadecimal number" => {
            // (sic) go-yaml's spelling.
            (Layer::Scanner, "did not find expected hexdecimal number".into())
        }
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character" => (
            Layer::Scanner,
            "did not find expected alphabetic or numeric character".into(),
        ),
        "while scanning a plain scalar, found a tab" => {
            // saphyr marks the scalar's start; go-yaml the line holding the tab.
            line += breaks_before_indent_tab(text, e.marker().index());
            (
                Layer::Scanner,
                "found a tab character that violates indentation".into(),
            )
        }
        "while parsing a block mapping, did not find expected key"
        | "invalid trailing content after double-quoted scalar"
        | "misplaced bracket" => (Layer::Parser, "did not find expected key".into()),
        "comment intercepting the multiline text" => {
            // go-yaml trips over the continuation line that follows.
            line += 1;
            (Layer::Parser, "did not find expected key".into())
        }
        "while parsing a flow sequence, expected ',' or ']'" | "illegal placement of ':' indicator" => {
            (Layer::Parser, "did not find expected ',' or ']'".into())
        }
        "while parsing a flow mapping, did not find expected ',' or '}'" => {
            (Layer::Parser, "did not find expected ',' or '}'".into())
        }
        "while parsing a block collection, did not find expected '-' indicator" => {
            (Layer::Parser, "did not find expected '-' indicator".into())
        }
        "while parsing a node, did not find expected node content" => {
            (Layer::Parser, "did not find expected node content".into())
        }
        "did not find expected <document start>" | "did not find expected <document-start>" => {
            (Layer::Parser, "did not find expected <document start>".into())
        }
        "duplicate version directive" => {
            (Layer::Parser, "found duplicate %YAML directive".into())
        }
        "while parsing node, found unknown anchor" => (
            Layer::Decoder,
            format!("unknown anchor '{}' referenced", alias_name_at(text, e.marker().index())),
        ),
        "invalid indentation" | "invalid indentation in quoted scalar" | "wrongly indented line in block scalar" => {
            (Layer::Parser, "did not find expected key".into())
        }
        // saphyr counts flow nesting in a byte; deeper than that is past our own bound anyway.
        "recursion limit exceeded" => (
            Layer::Scanner,
            format!("exceeded max depth of {}", super::limits::MAX_DEPTH),
        ),
        other => (Layer::Scanner, strip_context(other).to_string()),
    };
    let line = match layer {
        Layer::Scanner if line >= 2 => Some(line),
        Layer::Parser if line >= 2 => Some(line - 1),
        _ => None,
    };
    YamlError::at(line, message)
}

/// saphyr prefixes some messages with the construct being read ("while scanning X, ..."); go-yaml
/// keeps that context out of the message.
fn strip_context(info: &str) -> &str {
    if info.starts_with("while ") {
        if let Some((_, rest)) = info.split_once(", ") {
            return rest;
        }
    }
    info
}

/// Line breaks between a plain scalar's start and the first tab that begins a later line's
/// indentation.
fn breaks_before_indent_tab(text: &str, char_index: usize) -> usize {
    let mut breaks = 0;
    let mut at_line_start = false;
    for c in text.chars().skip(char_index) {
        match c {
            '\n' => {
                breaks += 1;
                at_line_start = true;
            }
            '\t' if at_line_start => return breaks,
            ' ' | '\r' => {}
            _ => at_line_start = false,
        }
    }
    breaks
}

/// The name after `*` at a character offset of the document.
fn alias_name_at(text: &str, char_index: usize) -> String {
    text.chars()
        .skip(char_index)
        .skip_while(|c| *c == '*')
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        .collect()
}
