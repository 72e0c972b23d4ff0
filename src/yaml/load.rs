//! Building JSON values from saphyr-parser events for one document, with go-yaml v2 semantics:
//! YAML 1.1 scalars, anchors and merge keys, last duplicate key wins, keys turned into strings as
//! sigs.k8s.io/yaml does, and the depth and alias bounds.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

use super::error::YamlError;
use super::errors_map::map_scan_error;
use super::limits;
use super::resolve::{resolve_plain, Resolved};
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
    Fail(YamlError),
}

impl From<YamlError> for Retry {
    fn from(e: YamlError) -> Self {
        Retry::Fail(e)
    }
}

fn tab_error(char_index: usize) -> saphyr_parser::ScanError {
    saphyr_parser::ScanError::new_str(
        saphyr_parser::Marker::new(char_index, 1, 0),
        "tabs disallowed in this context",
    )
}

/// Replaces the tabs right before `char_index` (back to the `:`) with spaces.
fn untab_before(text: &str, char_index: usize) -> Option<String> {
    let mut chars: Vec<char> = text.chars().collect();
    let mut i = char_index.min(chars.len());
    let mut changed = false;
    while i > 0 {
        match chars.get(i - 1) {
            Some('\t') => {
                chars[i - 1] = ' ';
                changed = true;
            }
            Some(' ') => {}
            _ => break,
        }
        i -= 1;
    }
    changed.then(|| chars.into_iter().collect())
}

/// Indents the continuation lines of the quoted scalar opening at `char_index` one column past
/// the line it starts on. Leading blanks of continuation lines are folded away, so the value is
/// unchanged.
fn indent_quoted(text: &str, char_index: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let quote = *chars.get(char_index)?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let line_start = chars[..char_index]
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(0, |i| i + 1);
    let target = chars[line_start..char_index]
        .iter()
        .take_while(|c| **c == ' ' || **c == '\t')
        .count()
        + 1;
    let mut out: String = chars[..=char_index].iter().collect();
    let mut i = char_index + 1;
    let mut changed = false;
    while let Some(&c) = chars.get(i) {
        out.push(c);
        i += 1;
        match c {
            '\\' if quote == '"' => {
                if let Some(&n) = chars.get(i) {
                    out.push(n);
                    i += 1;
                }
            }
            '\'' if quote == '\'' && chars.get(i) == Some(&'\'') => {
                out.push('\'');
                i += 1;
            }
            c if c == quote => {
                out.extend(&chars[i..]);
                return changed.then_some(out);
            }
            '\n' => {
                let lead = chars[i..]
                    .iter()
                    .take_while(|c| **c == ' ' || **c == '\t')
                    .count();
                let has_text = chars
                    .get(i + lead)
                    .is_some_and(|c| *c != '\n' && *c != '\r');
                if has_text && lead < target {
                    out.extend(std::iter::repeat_n(' ', target - lead));
                    changed = true;
                }
            }
            _ => {}
        }
    }
    None
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

/// The document's characters (saphyr marks count characters) and, per line, how its leading
/// whitespace looks, so checks on every node stay O(1).
struct Source {
    chars: Vec<char>,
    /// Per line: length of the leading blanks, and where the first tab among them is.
    leads: Vec<(usize, Option<usize>)>,
}

impl Source {
    fn new(text: &str) -> Self {
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
    fn check_tab_after_plain(&self, end: usize, indent: usize) -> Result<(), YamlError> {
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

    fn line_of(&self, index: usize) -> usize {
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
    fn content_start(&self, index: usize) -> usize {
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
    fn check_anchor_name(&self, index: usize, line: usize) -> Result<(), YamlError> {
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

    fn char_at(&self, index: usize) -> Option<char> {
        self.chars.get(index).copied()
    }

    /// go-yaml only skips tabs inside flow collections: a block-context node whose line is
    /// indented with a tab is "found character that cannot start any token".
    fn check_tab_indent(&self, line: usize, col: usize) -> Result<(), YamlError> {
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

/// go-yaml decodes `!!binary` scalars (standard base64, line breaks ignored) into the string.
fn decode_binary(text: &str) -> Result<String, YamlError> {
    let fail = || YamlError::at(None, "!!binary value contains invalid base64 data");
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'\n' && *b != b'\r')
        .collect();
    if clean.len() % 4 != 0 {
        return Err(fail());
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for group in clean.chunks(4) {
        let mut n: u32 = 0;
        let mut pad = 0;
        for (i, b) in group.iter().enumerate() {
            let v = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' if i >= 2 => {
                    pad += 1;
                    0
                }
                _ => return Err(fail()),
            };
            if pad > 0 && *b != b'=' {
                return Err(fail());
            }
            n = (n << 6) | u32::from(v);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(bytes.get(1..4 - pad).unwrap_or(&[]));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// go-yaml v2 reads only YAML 1.1 documents.
fn check_version_directive(text: &str) -> Result<(), YamlError> {
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

/// JSON number for a YAML float: integral values become integers, as Go's JSON encoder writes them
/// without a fraction and the API server reads them back as integers.
fn float_value(f: f64) -> Result<Value, YamlError> {
    if f.is_nan() {
        return Err(YamlError::convert("json: unsupported value: NaN"));
    }
    if f.is_infinite() {
        let s = if f > 0.0 { "+Inf" } else { "-Inf" };
        return Err(YamlError::convert(format!("json: unsupported value: {s}")));
    }
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        return Ok(Value::Number(Number::from(f as i64)));
    }
    Ok(Number::from_f64(f).map_or(Value::Null, Value::Number))
}

fn scalar_value(text: &str, plain: bool, tag: Option<&str>) -> Result<Value, YamlError> {
    match tag {
        Some("binary") => return decode_binary(text).map(Value::String),
        Some("str") | Some("custom") | Some("timestamp") => {
            return Ok(Value::String(text.to_string()))
        }
        _ => {}
    }
    if !plain && tag.is_none() {
        return Ok(Value::String(text.to_string()));
    }
    let resolved = resolve_plain(text);
    if let Some(want) = tag {
        let got = match resolved {
            Resolved::Null => "null",
            Resolved::Bool(_) => "bool",
            Resolved::Int(_) | Resolved::Uint(_) => "int",
            Resolved::Float(_) => "float",
            Resolved::Timestamp => "timestamp",
            Resolved::Str => "str",
        };
        if got != want && !(want == "float" && got == "int") {
            return Err(YamlError::at(
                None,
                format!("cannot decode !!{got} `{text}` as a !!{want}"),
            ));
        }
    }
    Ok(match resolved {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Int(i) => Value::Number(i.into()),
        // kubectl decodes the JSON into unstructured objects, where integers past int64 turn into
        // float64; do the same so the value sent is the one kubectl sends.
        Resolved::Uint(u) => float_value(u as f64)?,
        Resolved::Float(f) => float_value(f)?,
        Resolved::Timestamp | Resolved::Str => Value::String(text.to_string()),
    })
}

/// sigs.k8s.io/yaml's rendering of a non-string key.
/// The outer error is fatal at once; the inner one (type and key as Go prints them) is reported
/// with the value once it is known.
type KeyText = Result<String, String>;

const NIL_KEY: &str = "%!s(<nil>), key: <nil>";

fn key_from_scalar(text: &str, plain: bool, tag: Option<&str>) -> Result<KeyText, YamlError> {
    if !plain || matches!(tag, Some("str") | Some("custom") | Some("binary")) {
        return Ok(Ok(text.to_string()));
    }
    Ok(Ok(match resolve_plain(text) {
        Resolved::Null => return Ok(Err(NIL_KEY.into())),
        Resolved::Bool(b) => b.to_string(),
        Resolved::Int(i) => i.to_string(),
        Resolved::Uint(u) => return Ok(Err(format!("uint64, key: 0x{u:x}"))),
        Resolved::Float(f) => super::emit::go_format_float32(f),
        Resolved::Timestamp | Resolved::Str => text.to_string(),
    }))
}

fn key_from_json(v: &Value) -> Result<KeyText, YamlError> {
    Ok(Ok(match v {
        Value::Null => return Ok(Err(NIL_KEY.into())),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => return Err(invalid_key(other)),
    }))
}

/// go-yaml refuses collections as keys of a map decoded into interface{}.
fn invalid_key(v: &Value) -> YamlError {
    YamlError::at(None, format!("invalid map key: {}", go_sharp_v(v)))
}

/// Go's `%#v` of a decoded YAML value, as go-yaml and sigs.k8s.io/yaml print it in key errors.
fn go_sharp_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        other => go_sharp_v_inner(other),
    }
}

/// Inside a collection a nil is a typed interface value.
fn go_sharp_v_inner(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(go_sharp_v_inner).collect();
            format!("[]interface {{}}{{{}}}", parts.join(", "))
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| {
                    let val = map.get(*k).map(go_sharp_v_inner).unwrap_or_default();
                    format!("{}:{val}", serde_json::to_string(k).unwrap_or_default())
                })
                .collect();
            format!("map[interface {{}}]interface {{}}{{{}}}", parts.join(", "))
        }
    }
}
