//! Evaluates parsed templates over JSON values the way client-go's jsonpath walks unstructured
//! objects: each action yields a list of results, `range`/`end` loop over the nodes between them,
//! JSON `null` behaves as Go's nil (skipped by fields, arrays, filters).

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::gofmt::go_type_name;
use super::parse::{Node, Param};

/// Ranges nest at most this deep: a bound on recursion for pasted templates.
const MAX_RANGE_DEPTH: usize = 64;
/// Values a template may produce in all before it is stopped, so nothing hangs.
const MAX_RESULTS: usize = 2_000_000;

pub struct Exec {
    pub allow_missing: bool,
    begin_range: usize,
    in_range: usize,
    end_range: usize,
    last_end: Option<usize>,
    stack: usize,
    produced: usize,
}

impl Exec {
    pub fn new(allow_missing: bool) -> Exec {
        Exec {
            allow_missing,
            begin_range: 0,
            in_range: 0,
            end_range: 0,
            last_end: None,
            stack: 0,
            produced: 0,
        }
    }

    /// The results of every top-level node, in order (client-go's FindResults).
    pub fn find_results(
        &mut self,
        root: &[Node],
        start: usize,
        data: &Value,
    ) -> Result<Vec<Vec<Value>>, String> {
        let mut full = Vec::new();
        let cur = vec![data.clone()];
        let mut i = start;
        while i < root.len() {
            let results = self.walk(&cur, &root[i])?;
            if self.end_range > 0 && self.end_range <= self.in_range {
                self.end_range -= 1;
                self.last_end = Some(i);
                break;
            }
            if self.begin_range > 0 {
                self.begin_range -= 1;
                self.in_range += 1;
                if self.in_range > MAX_RANGE_DEPTH {
                    return Err("range nested too deeply".into());
                }
                if results.is_empty() {
                    self.find_results(root, i + 1, &Value::Null)?;
                } else {
                    for v in &results {
                        full.extend(self.find_results(root, i + 1, v)?);
                    }
                }
                self.in_range -= 1;
                if let Some(k) = self.last_end.filter(|k| *k > i) {
                    i = k;
                }
                i += 1;
                continue;
            }
            full.push(results);
            i += 1;
        }
        Ok(full)
    }

    fn walk(&mut self, input: &[Value], node: &Node) -> Result<Vec<Value>, String> {
        let out = self.walk_node(input, node)?;
        self.produced += out.len();
        if self.produced > MAX_RESULTS {
            return Err("template produced too many results".into());
        }
        Ok(out)
    }

    fn walk_node(&mut self, input: &[Value], node: &Node) -> Result<Vec<Value>, String> {
        match node {
            Node::List(nodes) => self.eval_list(input, nodes),
            Node::Text(t) => Ok(vec![Value::String(t.clone())]),
            Node::Field(name) => self.eval_field(input, name),
            Node::Array(params) => eval_array(input, params),
            Node::Filter { left, right, op } => self.eval_filter(input, left, right, op),
            Node::Int(n) => Ok(input.iter().map(|_| Value::from(*n)).collect()),
            Node::Float(f) => Ok(input.iter().map(|_| Value::from(*f)).collect()),
            Node::Bool(b) => Ok(input.iter().map(|_| Value::Bool(*b)).collect()),
            Node::Wildcard => Ok(eval_wildcard(input)),
            Node::Recursive => Ok(eval_recursive(input)),
            Node::Union(lists) => {
                let mut out = Vec::new();
                for l in lists {
                    out.extend(self.eval_list(input, l)?);
                }
                Ok(out)
            }
            Node::Identifier(name) => self.eval_identifier(input, name),
        }
    }

    pub fn eval_list(&mut self, input: &[Value], nodes: &[Node]) -> Result<Vec<Value>, String> {
        let mut cur = input.to_vec();
        for n in nodes {
            cur = self.walk(&cur, n)?;
        }
        Ok(cur)
    }

    fn eval_identifier(&mut self, input: &[Value], name: &str) -> Result<Vec<Value>, String> {
        match name {
            "range" => {
                self.stack += 1;
                self.begin_range += 1;
                Ok(input.to_vec())
            }
            "end" => {
                if self.end_range < self.in_range {
                    self.end_range += 1;
                } else if self.stack > 0 {
                    self.stack -= 1;
                } else {
                    return Err("not in range, nothing to end".into());
                }
                Ok(Vec::new())
            }
            _ => Err(format!("unrecognized identifier {name}")),
        }
    }

    fn eval_field(&mut self, input: &[Value], name: &str) -> Result<Vec<Value>, String> {
        if input.is_empty() {
            return Ok(Vec::new());
        }
        let results: Vec<Value> = input
            .iter()
            .filter_map(|v| v.as_object().and_then(|m| m.get(name)).cloned())
            .collect();
        if results.is_empty() && !self.allow_missing {
            return Err(format!("{name} is not found"));
        }
        Ok(results)
    }

    fn eval_filter(
        &mut self,
        input: &[Value],
        left: &[Node],
        right: &[Node],
        op: &str,
    ) -> Result<Vec<Value>, String> {
        let mut results = Vec::new();
        for value in input {
            if value.is_null() {
                continue;
            }
            let Some(items) = value.as_array() else {
                return Err(format!(
                    "{} is not array or slice and cannot be filtered",
                    super::gofmt::go_value(value)
                ));
            };
            for item in items {
                let temp = vec![item.clone()];
                let lefts = self.eval_list(&temp, left);
                if op == "exists" {
                    if lefts.is_ok_and(|l| !l.is_empty()) {
                        results.push(item.clone());
                    }
                    continue;
                }
                let lefts = lefts?;
                let l = match lefts.len() {
                    0 => continue,
                    1 => &lefts[0],
                    _ => return Err("can only compare one element at a time".into()),
                };
                let rights = self.eval_list(&temp, right)?;
                let r = match rights.len() {
                    0 => continue,
                    1 => &rights[0],
                    _ => return Err("can only compare one element at a time".into()),
                };
                if compare(l, r, op)? {
                    results.push(item.clone());
                }
            }
        }
        Ok(results)
    }
}

fn eval_array(input: &[Value], params: &[Param; 3]) -> Result<Vec<Value>, String> {
    let mut result = Vec::new();
    for value in input {
        if value.is_null() {
            continue;
        }
        let Some(items) = value.as_array() else {
            return Err(format!("{} is not array or slice", go_type_name(value)));
        };
        let len = items.len() as i64;
        let mut p = *params;
        if !p[0].known {
            p[0].value = 0;
        }
        if p[0].value < 0 {
            p[0].value += len;
        }
        if !p[1].known {
            p[1].value = len;
        }
        if p[1].value < 0 || (p[1].value == 0 && p[1].derived) {
            p[1].value += len;
        }
        if p[1].value == p[0].value {
            return Ok(result);
        }
        if p[0].value >= len || p[0].value < 0 {
            return Err(format!(
                "array index out of bounds: index {}, length {len}",
                p[0].value
            ));
        }
        if p[1].value > len || p[1].value < 0 {
            return Err(format!(
                "array index out of bounds: index {}, length {len}",
                p[1].value - 1
            ));
        }
        if p[0].value > p[1].value {
            return Err(format!(
                "starting index {} is greater than ending index {}",
                p[0].value, p[1].value
            ));
        }
        let step = if p[2].known {
            if p[2].value <= 0 {
                return Err("step must be > 0".into());
            }
            p[2].value as usize
        } else {
            1
        };
        let slice = items
            .get(p[0].value as usize..p[1].value as usize)
            .unwrap_or(&[]);
        result.extend(slice.iter().step_by(step).cloned());
    }
    Ok(result)
}

/// Children in the order we list them: object values by sorted key (Go's map order is random),
/// array elements, and a string's bytes.
fn children(v: &Value) -> Vec<Value> {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_once();
            keys.into_iter().filter_map(|k| m.get(k).cloned()).collect()
        }
        Value::Array(a) => a.clone(),
        Value::String(s) => s.bytes().map(Value::from).collect(),
        _ => Vec::new(),
    }
}

fn eval_wildcard(input: &[Value]) -> Vec<Value> {
    input.iter().flat_map(children).collect()
}

fn eval_recursive(input: &[Value]) -> Vec<Value> {
    let mut result = Vec::new();
    for value in input {
        let kids = children(value);
        if !kids.is_empty() {
            result.push(value.clone());
            result.extend(eval_recursive(&kids));
        }
    }
    result
}

enum Basic<'a> {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'a str),
}

fn basic(v: &Value) -> Option<Basic<'_>> {
    match v {
        Value::Bool(b) => Some(Basic::Bool(*b)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(Basic::Int(i))
            } else if let Some(u) = n.as_u64() {
                Some(Basic::Uint(u))
            } else {
                n.as_f64().map(Basic::Float)
            }
        }
        Value::String(s) => Some(Basic::Str(s)),
        _ => None,
    }
}

/// text/template's eq/ne/lt/le/gt/ge on the basic kinds.
fn compare(l: &Value, r: &Value, op: &str) -> Result<bool, String> {
    use std::cmp::Ordering;
    let bad_type = || "invalid type for comparison".to_string();
    let bad = || "incompatible types for comparison".to_string();
    let (Some(a), Some(b)) = (basic(l), basic(r)) else {
        return Err(bad_type());
    };
    let ord: Option<Ordering> = match (&a, &b) {
        (Basic::Bool(x), Basic::Bool(y)) => {
            if matches!(op, "==" | "!=") {
                Some(if x == y {
                    Ordering::Equal
                } else {
                    Ordering::Less
                })
            } else {
                return Err(bad_type());
            }
        }
        (Basic::Int(x), Basic::Int(y)) => Some(x.cmp(y)),
        (Basic::Uint(x), Basic::Uint(y)) => Some(x.cmp(y)),
        (Basic::Int(x), Basic::Uint(y)) => Some(if *x < 0 {
            Ordering::Less
        } else {
            (*x as u64).cmp(y)
        }),
        (Basic::Uint(x), Basic::Int(y)) => Some(if *y < 0 {
            Ordering::Greater
        } else {
            x.cmp(&(*y as u64))
        }),
        (Basic::Float(x), Basic::Float(y)) => x.partial_cmp(y),
        (Basic::Str(x), Basic::Str(y)) => Some(x.cmp(y)),
        _ => return Err(bad()),
    };
    Ok(match op {
        "==" => ord == Some(Ordering::Equal),
        "!=" => ord != Some(Ordering::Equal),
        "<" => ord == Some(Ordering::Less),
        ">" => ord == Some(Ordering::Greater),
        "<=" => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
        ">=" => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
        _ => return Err(format!("unrecognized filter operator {op}")),
    })
}
