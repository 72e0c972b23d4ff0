//! Building JSON values from saphyr-parser events for one document, with go-yaml v2 semantics:
//! YAML 1.1 scalars, anchors and merge keys, last duplicate key wins, keys turned into strings as
//! sigs.k8s.io/yaml does, and the depth and alias bounds.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Value};

use super::error::YamlError;
use super::errors_map::map_scan_error;
use super::keys::{go_sharp_v, invalid_key, key_from_json, key_from_scalar};
use super::limits;
use super::repair::{escape_single_quotes, indent_quoted, tab_error, untab_before};
use super::scalars::scalar_value;
use super::source::{check_version_directive, Source};
use super::Span;

/// A parsed document before the stream layer decides whether to keep it.
pub struct Loaded {
    pub value: Value,
    pub spans: Vec<(String, Span)>,
}

enum Slot {
    Seq(Vec<Value>),
    Map {
        map: Map<String, Value>,
        /// Key waiting for its value.
        key: Option<PendingKey>,
    },
}

struct PendingKey {
    text: String,
    merge: bool,
    /// A key sigs.k8s.io/yaml cannot turn into a string (null, uint64): go-yaml accepts it, the
    /// conversion then refuses it naming the value, so the error waits for the value. Holds the
    /// error's type and key part.
    invalid: Option<String>,
}

struct Frame {
    slot: Slot,
    anchor: usize,
    path: String,
    decoded_at_start: u64,
    flow: bool,
    /// Column where the collection starts: go-yaml's block indentation for what it contains.
    col: usize,
}

struct Anchored {
    value: Value,
    nodes: u64,
    is_map: bool,
}

struct Builder {
    /// How many enclosing collections are flow style (`[`/`{`), where go-yaml allows tabs.
    flow_depth: usize,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    decoded: u64,
    aliased: u64,
    spans: Vec<(String, Span)>,
    line_offset: usize,
    root: Option<Value>,
}

/// Parses the first document of `text` (kubectl hands go-yaml one document at a time).
/// `start_line` is where the text begins in the whole stream, for spans.
pub fn load_document(text: &str, start_line: usize) -> Result<Option<Loaded>, YamlError> {
    // saphyr refuses a tab between `:` and a value (`key:\tvalue`), which go-yaml accepts. The
    // tabs are only separators there, so turning them into spaces and retrying changes no value.
    // Each retry reparses the document, so the number of retries shrinks as documents grow.
    let retries = (TAB_RETRY_BUDGET_BYTES / text.len().max(1)).max(MIN_TAB_RETRIES);
    let mut owned: Option<String> = None;
    for _ in 0..retries {
        let current = owned.as_deref().unwrap_or(text);
        match load_once(current, start_line) {
            Err(Retry::TabAfterColon(char_index)) => match untab_before(current, char_index) {
                Some(fixed) => owned = Some(fixed),
                None => return Err(map_scan_error(current, &tab_error(char_index))),
            },
            Err(Retry::Reindent(char_index, e)) => match indent_quoted(current, char_index) {
                Some(fixed) => owned = Some(fixed),
                None => return Err(e),
            },
            Err(Retry::SpaceAfter(char_index)) => {
                let mut fixed: String = current.chars().take(char_index + 1).collect();
                fixed.push(' ');
                fixed.extend(current.chars().skip(char_index + 1));
                owned = Some(fixed);
            }
            Err(Retry::Escape(char_index, e)) => match escape_single_quotes(current, char_index) {
                Some(fixed) => owned = Some(fixed),
                None => return Err(e),
            },
            Err(Retry::Fail(e)) => return Err(e),
            Ok(v) => return Ok(v),
        }
    }
    Err(YamlError::at(
        None,
        "found character that cannot start any token",
    ))
}

const MIN_TAB_RETRIES: usize = 16;
const TAB_RETRY_BUDGET_BYTES: usize = 64 * 1024 * 1024;

enum Retry {
    TabAfterColon(usize),
    /// A quoted scalar continues on a line indented less than its mapping, which go-yaml allows
    /// and saphyr does not; the error to report if the fix fails comes along.
    Reindent(usize, YamlError),
    /// go-yaml reads `?` inside flow collections as the key indicator even when no space
    /// follows (`[?a]`); saphyr reads a plain scalar. A space after it makes both agree.
    SpaceAfter(usize),
    /// A double-quoted scalar with an escape saphyr does not know, maybe go-yaml's `\'`.
    Escape(usize, YamlError),
    Fail(YamlError),
}

impl From<YamlError> for Retry {
    fn from(e: YamlError) -> Self {
        Retry::Fail(e)
    }
}

fn load_once(text: &str, start_line: usize) -> Result<Option<Loaded>, Retry> {
    check_version_directive(text)?;
    let src = Source::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        flow_depth: 0,
        stack: Vec::new(),
        anchors: HashMap::new(),
        decoded: 0,
        aliased: 0,
        spans: Vec::new(),
        line_offset: start_line.saturating_sub(1),
        root: None,
    };
    let mut in_doc = false;
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                if e.info() == "':' must be followed by a valid YAML whitespace" {
                    return Err(Retry::TabAfterColon(e.marker().index()));
                }
                if e.info() == "while parsing a quoted scalar, found unknown escape character" {
                    let err = map_scan_error(text, &e);
                    return Err(Retry::Escape(e.marker().index(), err));
                }
                if e.info() == "invalid indentation in quoted scalar" {
                    let err = map_scan_error(text, &e);
                    return Err(Retry::Reindent(e.marker().index(), err));
                }
                return Err(Retry::Fail(map_scan_error(text, &e)));
            }
        };
        let mark = span.start;
        if let Event::Scalar(_, _, a, _) | Event::SequenceStart(a, _) | Event::MappingStart(a, _) =
            &event
        {
            if *a > 0 {
                src.check_anchor_name(mark.index(), mark.line())?;
            }
        }
        if b.flow_depth == 0 {
            src.check_tab_indent(mark.line(), mark.col())?;
        }
        let at = Span {
            line: mark.line() + b.line_offset,
            col: mark.col() + 1,
        };
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => in_doc = true,
            Event::DocumentEnd => {
                if in_doc {
                    break;
                }
            }
            Event::Alias(id) => {
                src.check_anchor_name(mark.index(), mark.line())?;
                b.alias(id, mark.line())?
            }
            Event::Scalar(value, style, anchor, tag) => {
                if b.flow_depth > 0 && style == ScalarStyle::Plain && value.starts_with('?') {
                    let at = src.content_start(mark.index());
                    if src.char_at(at) == Some('?') {
                        return Err(Retry::SpaceAfter(at));
                    }
                }
                if style == ScalarStyle::DoubleQuoted && value.contains('/') {
                    src.check_double_quoted(mark.index(), mark.line())?;
                }
                if b.flow_depth == 0 && style == ScalarStyle::Plain && !value.is_empty() {
                    let indent = b.stack.last().map_or(0, |f| f.col + 1);
                    src.check_tab_after_plain(span.end.index(), indent)?;
                }
                let empty_block_key = b.flow_depth == 0
                    && b.awaiting_key()
                    && value.is_empty()
                    && style == ScalarStyle::Plain
                    && tag.is_none()
                    && src.char_at(src.content_start(mark.index())) == Some(':');
                if empty_block_key {
                    // go-yaml wants a key before a block mapping's `:`.
                    let line = mark.line();
                    let shown = (line >= 2).then(|| line - 1);
                    return Err(Retry::Fail(YamlError::at(
                        shown,
                        "did not find expected key",
                    )));
                }
                b.scalar(&value, style, anchor, tag.as_deref(), at)?
            }
            Event::SequenceStart(anchor, _) => {
                let flow = src.char_at(src.content_start(mark.index())) == Some('[');
                b.open(Slot::Seq(Vec::new()), anchor, at, mark.line(), flow)?
            }
            Event::MappingStart(anchor, _) => {
                let flow = src.char_at(src.content_start(mark.index())) == Some('{');
                let slot = Slot::Map {
                    map: Map::new(),
                    key: None,
                };
                b.open(slot, anchor, at, mark.line(), flow)?
            }
            Event::SequenceEnd | Event::MappingEnd => b.close()?,
        }
    }
    Ok(b.root.take().map(|value| Loaded {
        value,
        spans: b.spans,
    }))
}

impl Builder {
    fn child_path(&self) -> String {
        let Some(top) = self.stack.last() else {
            return String::new();
        };
        match &top.slot {
            Slot::Seq(items) => format!("{}[{}]", top.path, items.len()),
            Slot::Map { key: Some(k), .. } if top.path.is_empty() => k.text.clone(),
            Slot::Map { key: Some(k), .. } => format!("{}.{}", top.path, k.text),
            Slot::Map { key: None, .. } => top.path.clone(),
        }
    }

    fn awaiting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                slot: Slot::Map { key: None, .. },
                ..
            })
        )
    }

    fn count_node(&mut self) -> Result<(), YamlError> {
        self.decoded += 1;
        if self.decoded > limits::MAX_DECODED_NODES {
            return Err(YamlError::at(None, "document contains excessive aliasing"));
        }
        Ok(())
    }

    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        at: Span,
    ) -> Result<(), YamlError> {
        self.count_node()?;
        let plain = style == ScalarStyle::Plain;
        let tag_suffix = tag.map(|t| {
            if t.is_yaml_core_schema() {
                t.suffix.as_str()
            } else {
                "custom"
            }
        });
        if self.awaiting_key() {
            let key = key_from_scalar(text, plain, tag_suffix)?;
            let merge = plain && tag.is_none() && text == "<<";
            if anchor > 0 {
                self.anchors.insert(
                    anchor,
                    Anchored {
                        value: key.clone().map_or(Value::Null, Value::String),
                        nodes: 1,
                        is_map: false,
                    },
                );
            }
            if let Some(Frame {
                slot: Slot::Map { key: k, .. },
                ..
            }) = self.stack.last_mut()
            {
                *k = Some(PendingKey {
                    invalid: key.as_ref().err().cloned(),
                    text: key.unwrap_or_default(),
                    merge,
                });
            }
            return Ok(());
        }
        let value = scalar_value(text, plain, tag_suffix)?;
        if anchor > 0 {
            self.anchors.insert(
                anchor,
                Anchored {
                    value: value.clone(),
                    nodes: 1,
                    is_map: false,
                },
            );
        }
        let path = self.child_path();
        self.spans.push((path, at));
        self.complete(value, false)
    }

    fn open(
        &mut self,
        slot: Slot,
        anchor: usize,
        at: Span,
        line: usize,
        flow: bool,
    ) -> Result<(), YamlError> {
        if self.stack.len() >= limits::MAX_DEPTH {
            return Err(YamlError::at(
                Some(line),
                format!("exceeded max depth of {}", limits::MAX_DEPTH),
            ));
        }
        self.count_node()?;
        let path = self.child_path();
        self.spans.push((path.clone(), at));
        self.stack.push(Frame {
            slot,
            anchor,
            path,
            decoded_at_start: self.decoded,
            flow,
            col: at.col.saturating_sub(1),
        });
        if flow {
            self.flow_depth += 1;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        if frame.flow {
            self.flow_depth = self.flow_depth.saturating_sub(1);
        }
        let (value, is_map) = match frame.slot {
            Slot::Seq(items) => (Value::Array(items), false),
            Slot::Map { map, .. } => (Value::Object(map), true),
        };
        if frame.anchor > 0 {
            self.anchors.insert(
                frame.anchor,
                Anchored {
                    value: value.clone(),
                    nodes: self.decoded - frame.decoded_at_start + 1,
                    is_map,
                },
            );
        }
        self.complete(value, is_map)
    }

    fn alias(&mut self, id: usize, line: usize) -> Result<(), YamlError> {
        let Some(target) = self.anchors.get(&id) else {
            // saphyr rejects unknown anchors itself; this is a safety net.
            return Err(YamlError::at(Some(line), "unknown anchor referenced"));
        };
        let nodes = target.nodes;
        let is_map = target.is_map;
        self.decoded = self.decoded.saturating_add(1 + nodes);
        self.aliased = self.aliased.saturating_add(nodes);
        if limits::excessive_aliasing(self.decoded, self.aliased) {
            return Err(YamlError::at(None, "document contains excessive aliasing"));
        }
        if self.awaiting_key() {
            let key = match &target.value {
                Value::String(s) => Ok(s.clone()),
                v @ (Value::Object(_) | Value::Array(_)) => return Err(invalid_key(v)),
                other => key_from_json(other)?,
            };
            if let Some(Frame {
                slot: Slot::Map { key: k, .. },
                ..
            }) = self.stack.last_mut()
            {
                *k = Some(PendingKey {
                    invalid: key.as_ref().err().cloned(),
                    text: key.unwrap_or_default(),
                    merge: false,
                });
            }
            return Ok(());
        }
        let value = target.value.clone();
        self.complete(value, is_map)
    }

    fn complete(&mut self, value: Value, is_map: bool) -> Result<(), YamlError> {
        let Some(top) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(value);
            }
            return Ok(());
        };
        match &mut top.slot {
            Slot::Seq(items) => items.push(value),
            Slot::Map { map, key } => {
                let Some(k) = key.take() else {
                    // Scalar keys never get here: this collection was meant as a key.
                    return Err(invalid_key(&value));
                };
                if let Some(what) = k.invalid {
                    return Err(YamlError::convert(format!(
                        "unsupported map key of type: {what}, value: {}",
                        go_sharp_v(&value)
                    )));
                }
                if k.merge {
                    merge_into(map, value, is_map)?;
                } else {
                    // A later duplicate replaces the earlier value, as go-yaml does for maps.
                    map.insert(k.text, value);
                }
            }
        }
        Ok(())
    }
}

fn merge_error() -> YamlError {
    YamlError::at(
        None,
        "map merge requires map or sequence of maps as the value",
    )
}

fn merge_into(map: &mut Map<String, Value>, value: Value, is_map: bool) -> Result<(), YamlError> {
    match value {
        Value::Object(src) if is_map => {
            for (k, v) in src {
                map.insert(k, v);
            }
            Ok(())
        }
        Value::Array(items) => {
            if !items.iter().all(Value::is_object) {
                return Err(merge_error());
            }
            // Earlier maps take precedence, so apply them last.
            for item in items.into_iter().rev() {
                if let Value::Object(src) = item {
                    for (k, v) in src {
                        map.insert(k, v);
                    }
                }
            }
            Ok(())
        }
        _ => Err(merge_error()),
    }
}
