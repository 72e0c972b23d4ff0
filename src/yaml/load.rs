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
        /// Key waiting for its value; `None` key text with `merge` set means `<<`.
        key: Option<PendingKey>,
    },
}

struct PendingKey {
    text: String,
    merge: bool,
}

struct Frame {
    slot: Slot,
    anchor: usize,
    path: String,
    decoded_at_start: u64,
}

struct Anchored {
    value: Value,
    nodes: u64,
    is_map: bool,
}

struct Builder {
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
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
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
            Some(Err(e)) => return Err(map_scan_error(text, &e)),
        };
        let mark = span.start;
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
            Event::Alias(id) => b.alias(id, mark.line())?,
            Event::Scalar(value, style, anchor, tag) => {
                b.scalar(&value, style, anchor, tag.as_deref(), at)?
            }
            Event::SequenceStart(anchor, _) => {
                b.open(Slot::Seq(Vec::new()), anchor, at, mark.line())?
            }
            Event::MappingStart(anchor, _) => b.open(
                Slot::Map {
                    map: Map::new(),
                    key: None,
                },
                anchor,
                at,
                mark.line(),
            )?,
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
                        value: Value::String(key.clone()),
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
                *k = Some(PendingKey { text: key, merge });
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

    fn open(&mut self, slot: Slot, anchor: usize, at: Span, line: usize) -> Result<(), YamlError> {
        if self.awaiting_key() {
            // go-yaml refuses collections as keys of a map decoded into interface{}.
            return Err(YamlError::at(None, "invalid map key: collection"));
        }
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
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
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
                Value::String(s) => s.clone(),
                Value::Object(_) | Value::Array(_) => {
                    return Err(YamlError::at(None, "invalid map key: collection"))
                }
                other => key_from_json(other)?,
            };
            if let Some(Frame {
                slot: Slot::Map { key: k, .. },
                ..
            }) = self.stack.last_mut()
            {
                *k = Some(PendingKey {
                    text: key,
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
                    return Ok(());
                };
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
        Some("str") | Some("binary") | Some("custom") | Some("timestamp") => {
            return Ok(Value::String(text.to_string()))
        }
        _ => {}
    }
    if !plain && tag.is_none() {
        return Ok(Value::String(text.to_string()));
    }
    Ok(match resolve_plain(text) {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Int(i) => Value::Number(i.into()),
        Resolved::Uint(u) => Value::Number(u.into()),
        Resolved::Float(f) => float_value(f)?,
        Resolved::Timestamp | Resolved::Str => Value::String(text.to_string()),
    })
}

/// sigs.k8s.io/yaml's rendering of a non-string key.
fn key_from_scalar(text: &str, plain: bool, tag: Option<&str>) -> Result<String, YamlError> {
    if !plain || matches!(tag, Some("str") | Some("custom") | Some("binary")) {
        return Ok(text.to_string());
    }
    Ok(match resolve_plain(text) {
        Resolved::Null => {
            return Err(YamlError::convert(
                "unsupported map key of type: %!s(<nil>), key: <nil>",
            ))
        }
        Resolved::Bool(b) => b.to_string(),
        Resolved::Int(i) => i.to_string(),
        Resolved::Uint(u) => {
            return Err(YamlError::convert(format!(
                "unsupported map key of type: uint64, key: 0x{u:x}"
            )))
        }
        Resolved::Float(f) => super::emit::go_format_float32(f),
        Resolved::Timestamp | Resolved::Str => text.to_string(),
    })
}

fn key_from_json(v: &Value) -> Result<String, YamlError> {
    Ok(match v {
        Value::Null => {
            return Err(YamlError::convert(
                "unsupported map key of type: %!s(<nil>), key: <nil>",
            ))
        }
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return Err(YamlError::at(None, "invalid map key: collection")),
    })
}
