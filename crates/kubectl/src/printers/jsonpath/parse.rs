//! The template grammar of client-go's jsonpath: text with `{...}` actions holding fields, array
//! slices, unions, filters, quoted text, numbers and the `range`/`end` identifiers. The error
//! strings are the ones kubectl prints after "error parsing jsonpath TEMPLATE, ".

/// One slice bound of `[a:b:c]`: unknown when left out.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Param {
    pub value: i64,
    pub known: bool,
    /// `[n]` is `[n:n+1]`; the end was derived, not written.
    pub derived: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    List(Vec<Node>),
    Field(String),
    Wildcard,
    Recursive,
    Array([Param; 3]),
    Union(Vec<Vec<Node>>),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        op: String,
    },
    Int(i64),
    Float(f64),
    Bool(bool),
    Identifier(String),
}

struct Parser {
    input: Vec<char>,
    pos: usize,
    start: usize,
    /// How deep in filters and unions this template sits: bounds recursion on pasted input.
    depth: usize,
}

const MAX_DEPTH: usize = 32;

fn is_terminator(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'
        ),
    }
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Go's `%#U`: `U+0023 '#'`.
fn go_unicode(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

impl Parser {
    fn next(&mut self) -> Option<char> {
        let c = self.input.get(self.pos).copied();
        self.pos += 1;
        c
    }
    fn backup(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }
    fn peek(&self) -> Option<char> {
        self.input.get(self.pos).copied()
    }
    fn rest_starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, c)| self.input.get(self.pos + k) == Some(&c))
    }
    fn consume(&mut self) -> String {
        let end = self.pos.min(self.input.len());
        let s: String = self
            .input
            .get(self.start..end)
            .map(|cs| cs.iter().collect())
            .unwrap_or_default();
        self.start = self.pos;
        s
    }
    /// A field name char, with `\x` escapes kept whole.
    fn advance(&mut self) -> bool {
        let c = self.next();
        if c == Some('\\') {
            self.next();
        } else if is_terminator(c) {
            self.backup();
            return false;
        }
        c.is_some()
    }

    fn parse_text(&mut self, root: &mut Vec<Node>) -> Result<(), String> {
        loop {
            if self.rest_starts_with("{") {
                if self.pos > self.start {
                    root.push(Node::Text(self.consume()));
                }
                self.pos += 1;
                self.consume();
                let mut list = Vec::new();
                let closed = self.parse_inside_action(&mut list)?;
                root.push(Node::List(list));
                if !closed {
                    return Ok(());
                }
                continue;
            }
            if self.next().is_none() {
                break;
            }
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            root.push(Node::Text(self.consume()));
        }
        Ok(())
    }

    /// Parses up to and including the closing `}`; false when the input ended first (only
    /// possible for the nested templates of filters and unions, which always close).
    fn parse_inside_action(&mut self, cur: &mut Vec<Node>) -> Result<bool, String> {
        loop {
            if self.rest_starts_with("}") {
                self.pos += 1;
                self.consume();
                return Ok(true);
            }
            if self.rest_starts_with("[?(") {
                self.parse_filter(cur)?;
                continue;
            }
            if self.rest_starts_with("..") {
                if matches!(cur.last(), Some(Node::Recursive)) {
                    return Err("invalid multiple recursive descent".into());
                }
                self.pos += 2;
                self.consume();
                cur.push(Node::Recursive);
                if self.peek().is_some_and(is_alphanumeric) {
                    self.parse_field(cur);
                }
                continue;
            }
            match self.next() {
                None | Some('\r') | Some('\n') => return Err("unclosed action".into()),
                Some(' ') | Some('@') | Some('$') => {
                    self.consume();
                }
                Some('[') => self.parse_array(cur)?,
                Some(q @ ('"' | '\'')) => self.parse_quote(cur, q)?,
                Some('.') => self.parse_field(cur),
                Some(c) if c == '+' || c == '-' || c.is_ascii_digit() => {
                    self.backup();
                    self.parse_number(cur)?;
                }
                Some(c) if is_alphanumeric(c) => {
                    self.backup();
                    self.parse_identifier(cur);
                }
                Some(c) => {
                    return Err(format!(
                        "unrecognized character in action: {}",
                        go_unicode(c)
                    ))
                }
            }
        }
    }

    fn parse_field(&mut self, cur: &mut Vec<Node>) {
        self.consume();
        while self.advance() {}
        let value = self.consume();
        if value == "*" {
            cur.push(Node::Wildcard);
        } else {
            cur.push(Node::Field(value.replace('\\', "")));
        }
    }

    fn parse_identifier(&mut self, cur: &mut Vec<Node>) {
        loop {
            let c = self.next();
            if is_terminator(c) {
                self.backup();
                break;
            }
        }
        let value = self.consume();
        match value.as_str() {
            "true" => cur.push(Node::Bool(true)),
            "false" => cur.push(Node::Bool(false)),
            _ => cur.push(Node::Identifier(value)),
        }
    }

    fn parse_number(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.next();
        }
        loop {
            match self.next() {
                Some(c) if c == '.' || c.is_ascii_digit() => {}
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        let value = self.consume();
        if let Ok(i) = value.parse::<i64>() {
            cur.push(Node::Int(i));
        } else if let Ok(f) = value.parse::<f64>() {
            cur.push(Node::Float(f));
        } else {
            return Err(format!("cannot parse number {value}"));
        }
        Ok(())
    }

    fn parse_quote(&mut self, cur: &mut Vec<Node>, end: char) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated quoted string".into()),
                Some(c) if c == end => {
                    let before = self.pos.checked_sub(2).and_then(|i| self.input.get(i));
                    if before != Some(&'\\') {
                        break;
                    }
                }
                _ => {}
            }
        }
        let value = self.consume();
        let s = unquote_extend(&value)
            .ok_or_else(|| format!("unquote string {value} error invalid syntax"))?;
        cur.push(Node::Text(s));
        Ok(())
    }

    fn parse_array(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated array".into()),
                Some(']') => break,
                _ => {}
            }
        }
        let text = self.consume();
        let inner: String = {
            let cs: Vec<char> = text.chars().collect();
            cs.get(1..cs.len().saturating_sub(1))
                .map(|c| c.iter().collect())
                .unwrap_or_default()
        };
        let inner = if inner == "*" { ":".to_string() } else { inner };
        let parts: Vec<&str> = inner.split(',').collect();
        if parts.len() > 1 {
            let mut union = Vec::new();
            for p in parts {
                union.push(parse_action(
                    &format!("[{}]", p.trim_matches(' ')),
                    self.depth,
                )?);
            }
            cur.push(Node::Union(union));
            return Ok(());
        }
        if inner.len() >= 2
            && inner.starts_with('\'')
            && inner.ends_with('\'')
            && !inner[1..inner.len() - 1].contains('\'')
        {
            let key = &inner[1..inner.len() - 1];
            cur.extend(parse_action(&format!(".{key}"), self.depth)?);
            return Ok(());
        }
        let params = parse_slice(&inner)?;
        cur.push(Node::Array(params));
        Ok(())
    }

    fn parse_filter(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        self.pos += 3;
        self.consume();
        let mut begin = false;
        let mut end = false;
        let mut pair = '"';
        loop {
            match self.next() {
                None => return Err("unclosed array expect ]".into()),
                Some(q @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = q;
                        continue;
                    }
                    let before = self.pos.checked_sub(2).and_then(|i| self.input.get(i));
                    if before != Some(&'\\') && q == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => break,
                _ => {}
            }
        }
        if self.next() != Some(']') {
            return Err("unclosed array expect ]".into());
        }
        let text = self.consume();
        let cs: Vec<char> = text.chars().collect();
        let text: String = cs
            .get(..cs.len().saturating_sub(2))
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        match split_comparison(&text) {
            None => {
                let left = parse_action(&text, self.depth)?;
                cur.push(Node::Filter {
                    left,
                    right: Vec::new(),
                    op: "exists".into(),
                });
            }
            Some((l, op, r)) => {
                let left = parse_action(l, self.depth)?;
                let right = parse_action(r, self.depth)?;
                cur.push(Node::Filter {
                    left,
                    right,
                    op: op.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// `^([^!<>=]+)([!<>=]+)(.+?)$`
fn split_comparison(text: &str) -> Option<(&str, &str, &str)> {
    let is_op = |c: char| matches!(c, '!' | '<' | '>' | '=');
    let op_start = text.find(is_op)?;
    if op_start == 0 {
        return None;
    }
    let after = &text[op_start..];
    let op_len = after.find(|c: char| !is_op(c))?;
    let right = &after[op_len..];
    if right.is_empty() {
        return None;
    }
    Some((&text[..op_start], &after[..op_len], right))
}

/// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$` and client-go's reading of the three parts.
fn parse_slice(text: &str) -> Result<[Param; 3], String> {
    let invalid = || format!("invalid array index {text}");
    let mut groups: Vec<String> = Vec::new();
    let mut rest = text;
    for i in 0..3 {
        let mut g = String::new();
        if i > 0 {
            match rest.strip_prefix(':') {
                Some(r) => {
                    g.push(':');
                    rest = r;
                }
                None => {
                    groups.push(String::new());
                    continue;
                }
            }
        }
        if let Some(r) = rest.strip_prefix('-') {
            g.push('-');
            rest = r;
        }
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        rest = &rest[digits.len()..];
        g.push_str(&digits);
        groups.push(g);
    }
    if !rest.is_empty() {
        return Err(invalid());
    }
    let mut params = [Param::default(); 3];
    for i in 0..3 {
        let mut v = groups[i].clone();
        if !v.is_empty() {
            if i > 0 {
                v.remove(0);
            }
            if i > 0 && v.is_empty() {
                params[i].known = false;
            } else {
                params[i].known = true;
                params[i].value = v
                    .parse::<i64>()
                    .map_err(|_| format!("array index {v} is not a number"))?;
            }
        } else if i == 1 {
            params[i].known = true;
            params[i].value = params[0].value + 1;
            params[i].derived = true;
        }
    }
    Ok(params)
}

/// Go's strconv unquoting, for both quote characters.
pub fn unquote_extend(s: &str) -> Option<String> {
    let cs: Vec<char> = s.chars().collect();
    if cs.len() < 2 {
        return None;
    }
    let quote = cs[0];
    if quote != cs[cs.len() - 1] || (quote != '"' && quote != '\'') {
        return None;
    }
    let body = &cs[1..cs.len() - 1];
    let mut out = String::new();
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c == quote {
            return None;
        }
        if c != '\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let e = *body.get(i + 1)?;
        i += 2;
        let hex = |n: usize, i: &mut usize| -> Option<u32> {
            let h: String = body.get(*i..*i + n)?.iter().collect();
            *i += n;
            u32::from_str_radix(&h, 16).ok()
        };
        match e {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '\'' | '"' if e == quote => out.push(e),
            'x' => out.push(char::from_u32(hex(2, &mut i)?)?),
            'u' => out.push(char::from_u32(hex(4, &mut i)?)?),
            'U' => out.push(char::from_u32(hex(8, &mut i)?)?),
            '0'..='7' => {
                let o: String = body.get(i - 1..i + 2)?.iter().collect();
                i += 2;
                let v = u32::from_str_radix(&o, 8).ok()?;
                if v > 255 {
                    return None;
                }
                out.push(char::from_u32(v)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A nested template (`{TEXT}`) as used by filters and unions: the nodes of its one action.
fn parse_action(text: &str, depth: usize) -> Result<Vec<Node>, String> {
    if depth >= MAX_DEPTH {
        return Err("template nested too deeply".into());
    }
    let root = parse_at(&format!("{{{text}}}"), depth + 1)?;
    match root.into_iter().next() {
        Some(Node::List(nodes)) => Ok(nodes),
        _ => Ok(Vec::new()),
    }
}

/// The whole template: text and actions, in order.
pub fn parse(template: &str) -> Result<Vec<Node>, String> {
    parse_at(template, 0)
}

fn parse_at(template: &str, depth: usize) -> Result<Vec<Node>, String> {
    let mut p = Parser {
        input: template.chars().collect(),
        pos: 0,
        start: 0,
        depth,
    };
    let mut root = Vec::new();
    p.parse_text(&mut root)?;
    Ok(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Node {
        Node::Field(s.into())
    }

    #[test]
    fn fields_text_and_escapes() {
        assert_eq!(
            parse("x{.a.b}y").unwrap(),
            vec![
                Node::Text("x".into()),
                Node::List(vec![f("a"), f("b")]),
                Node::Text("y".into())
            ]
        );
        assert_eq!(
            parse(r"{.labels.app\.kubernetes\.io/name}").unwrap(),
            vec![Node::List(vec![f("labels"), f("app.kubernetes.io/name")])]
        );
        assert_eq!(
            parse(r#"{"\n"}{'\t'}"#).unwrap(),
            vec![
                Node::List(vec![Node::Text("\n".into())]),
                Node::List(vec![Node::Text("\t".into())])
            ]
        );
    }

    #[test]
    fn arrays_and_slices() {
        let p = |s: &str| match parse(s).unwrap().remove(0) {
            Node::List(mut n) => n.remove(1),
            other => other,
        };
        let pr = |value, known, derived| Param {
            value,
            known,
            derived,
        };
        assert_eq!(
            p("{.a[0]}"),
            Node::Array([pr(0, true, false), pr(1, true, true), pr(0, false, false)])
        );
        assert_eq!(
            p("{.a[-1:]}"),
            Node::Array([
                pr(-1, true, false),
                pr(0, false, false),
                pr(0, false, false)
            ])
        );
        assert_eq!(
            p("{.a[*]}"),
            Node::Array([
                pr(0, false, false),
                pr(0, false, false),
                pr(0, false, false)
            ])
        );
        assert_eq!(
            p("{.a[0:4:2]}"),
            Node::Array([pr(0, true, false), pr(4, true, false), pr(2, true, false)])
        );
        assert!(matches!(p("{.a[0,1]}"), Node::Union(u) if u.len() == 2));
        assert_eq!(p("{.a['b.c']}"), f("b"));
    }

    #[test]
    fn filters() {
        let root = parse(r#"{.items[?(@.name == "x")].v}"#).unwrap();
        let Node::List(n) = &root[0] else {
            panic!("{root:?}")
        };
        assert_eq!(
            n[1],
            Node::Filter {
                left: vec![f("name")],
                right: vec![Node::Text("x".into())],
                op: "==".into()
            }
        );
        let root = parse("{.items[?(@.spec)]}").unwrap();
        let Node::List(n) = &root[0] else {
            panic!("{root:?}")
        };
        assert!(matches!(&n[1], Node::Filter { op, .. } if op == "exists"));
    }

    #[test]
    fn errors_in_kubectl_words() {
        let e = |s: &str| parse(s).err().unwrap_or_default();
        assert_eq!(e("{.foo"), "unclosed action");
        assert_eq!(e("{#}"), "unrecognized character in action: U+0023 '#'");
        assert_eq!(e("{.a,.b}"), "unrecognized character in action: U+002C ','");
        assert_eq!(e("{.a[x]}"), "invalid array index x");
        assert_eq!(e("{.a[0}"), "unterminated array");
        assert_eq!(e("{\"abc}"), "unterminated quoted string");
        assert_eq!(e("{....a}"), "invalid multiple recursive descent");
        assert_eq!(e("{.a[?(@.x}"), "unclosed array expect ]");
        let deep = format!("{{.a{}}}", "[?(@.b".repeat(100) + &")]".repeat(100));
        assert_eq!(e(&deep), "unclosed array expect ]");
    }
}
