//! The `pattern` keyword: a small backtracking matcher for the RE2 syntax schemas use (literals,
//! `.`, classes, `\d \w \s`, anchors, groups, alternation, `* + ? {n,m}`). Like Go's
//! `MatchString` it finds a match anywhere unless anchored. Unsupported syntax or a match that
//! takes too many steps answers None, and the check is skipped rather than guessed.

#[derive(Debug, Clone)]
enum Node {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Start,
    End,
    Group(Vec<Vec<Node>>),
    Repeat(Box<Node>, usize, Option<usize>),
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

const DIGIT: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')];
const SPACE: &[(char, char)] = &[('\t', '\n'), ('\x0c', '\r'), (' ', ' ')];

impl Parser<'_> {
    fn alt(&mut self) -> Option<Vec<Vec<Node>>> {
        let mut alts = vec![self.concat()?];
        while self.chars.peek() == Some(&'|') {
            self.chars.next();
            alts.push(self.concat()?);
        }
        Some(alts)
    }

    fn concat(&mut self) -> Option<Vec<Node>> {
        let mut out = Vec::new();
        while let Some(&c) = self.chars.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            out.push(self.quant(atom)?);
        }
        Some(out)
    }

    fn number(&mut self) -> Option<usize> {
        let mut s = String::new();
        while let Some(&c) = self.chars.peek() {
            if !c.is_ascii_digit() {
                break;
            }
            s.push(c);
            self.chars.next();
        }
        s.parse().ok().filter(|n| *n <= 1000)
    }

    fn quant(&mut self, atom: Node) -> Option<Node> {
        let (min, max) = match self.chars.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.chars.next();
                let min = self.number()?;
                let max = if self.chars.peek() == Some(&',') {
                    self.chars.next();
                    if self.chars.peek() == Some(&'}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                if self.chars.next() != Some('}') {
                    return None;
                }
                if self.chars.peek() == Some(&'?') {
                    self.chars.next();
                }
                return Some(Node::Repeat(Box::new(atom), min, max));
            }
            _ => return Some(atom),
        };
        self.chars.next();
        if self.chars.peek() == Some(&'?') {
            self.chars.next();
        }
        Some(Node::Repeat(Box::new(atom), min, max))
    }

    fn escape(&mut self) -> Option<Node> {
        let c = self.chars.next()?;
        Some(match c {
            'd' => Node::Class(DIGIT.to_vec(), false),
            'D' => Node::Class(DIGIT.to_vec(), true),
            'w' => Node::Class(WORD.to_vec(), false),
            'W' => Node::Class(WORD.to_vec(), true),
            's' => Node::Class(SPACE.to_vec(), false),
            'S' => Node::Class(SPACE.to_vec(), true),
            'n' => Node::Char('\n'),
            't' => Node::Char('\t'),
            c if c.is_ascii_alphanumeric() => return None,
            c => Node::Char(c),
        })
    }

    fn class(&mut self) -> Option<Node> {
        let mut negate = false;
        if self.chars.peek() == Some(&'^') {
            negate = true;
            self.chars.next();
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.chars.next()?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = if c == '\\' {
                match self.escape()? {
                    Node::Char(x) => x,
                    Node::Class(r, false) => {
                        ranges.extend(r);
                        continue;
                    }
                    _ => return None,
                }
            } else if c == '[' {
                return None;
            } else {
                c
            };
            if self.chars.peek() == Some(&'-') {
                self.chars.next();
                match self.chars.peek() {
                    Some(']') | None => {
                        ranges.push((lo, lo));
                        ranges.push(('-', '-'));
                        continue;
                    }
                    _ => {}
                }
                let hi = match self.chars.next()? {
                    '\\' => match self.escape()? {
                        Node::Char(x) => x,
                        _ => return None,
                    },
                    x => x,
                };
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Some(Node::Class(ranges, negate))
    }

    fn atom(&mut self) -> Option<Node> {
        let c = self.chars.next()?;
        Some(match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '\\' => self.escape()?,
            '[' => self.class()?,
            '(' => {
                if self.chars.peek() == Some(&'?') {
                    self.chars.next();
                    if self.chars.next() != Some(':') {
                        return None;
                    }
                }
                let alts = self.alt()?;
                if self.chars.next() != Some(')') {
                    return None;
                }
                Node::Group(alts)
            }
            '*' | '+' | '?' | '{' | ')' => return None,
            c => Node::Char(c),
        })
    }
}

struct Matcher<'a> {
    text: &'a [char],
    steps: usize,
}

const MAX_STEPS: usize = 200_000;

impl Matcher<'_> {
    /// Match `nodes` at `pos`, then the continuation `k`.
    fn seq(
        &mut self,
        nodes: &[Node],
        pos: usize,
        k: &mut dyn FnMut(&mut Self, usize) -> bool,
    ) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return false;
        }
        let Some((first, rest)) = nodes.split_first() else {
            return k(self, pos);
        };
        self.one(first, pos, &mut |m: &mut Self, p| m.seq(rest, p, k))
    }

    fn one(
        &mut self,
        node: &Node,
        pos: usize,
        k: &mut dyn FnMut(&mut Self, usize) -> bool,
    ) -> bool {
        let cur = self.text.get(pos).copied();
        match node {
            Node::Char(c) => cur == Some(*c) && k(self, pos + 1),
            Node::Any => cur.is_some_and(|c| c != '\n') && k(self, pos + 1),
            Node::Class(ranges, negate) => {
                cur.is_some_and(|c| ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != *negate)
                    && k(self, pos + 1)
            }
            Node::Start => pos == 0 && k(self, pos),
            Node::End => pos == self.text.len() && k(self, pos),
            Node::Group(alts) => {
                for alt in alts {
                    if self.seq(alt, pos, k) {
                        return true;
                    }
                }
                false
            }
            Node::Repeat(inner, min, max) => self.repeat(inner, *min, *max, 0, pos, k),
        }
    }

    fn repeat(
        &mut self,
        inner: &Node,
        min: usize,
        max: Option<usize>,
        done: usize,
        pos: usize,
        k: &mut dyn FnMut(&mut Self, usize) -> bool,
    ) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return false;
        }
        // Greedy: one more first, unless the bound is reached; an empty iteration ends the loop.
        if max.is_none_or(|m| done < m)
            && self.one(inner, pos, &mut |m: &mut Self, p| {
                p != pos && m.repeat(inner, min, max, done + 1, p, k)
            })
        {
            return true;
        }
        done >= min && k(self, pos)
    }
}

/// Whether `text` matches `pattern` somewhere; None for syntax we do not handle or a runaway match.
pub fn matches(pattern: &str, text: &str) -> Option<bool> {
    // The matcher recurses per character: longer inputs go unchecked rather than risk the stack
    // (the page runs with a small one).
    if pattern.len() > 512 || text.len() > 256 {
        return None;
    }
    let mut p = Parser {
        chars: pattern.chars().peekable(),
    };
    let alts = p.alt()?;
    if p.chars.next().is_some() {
        return None;
    }
    let root = [Node::Group(alts)];
    let chars: Vec<char> = text.chars().collect();
    let mut m = Matcher {
        text: &chars,
        steps: 0,
    };
    for start in 0..=chars.len() {
        if m.seq(&root, start, &mut |_, _| true) {
            return Some(true);
        }
        if m.steps > MAX_STEPS {
            return None;
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn common_schema_patterns() {
        let cron = r"^(\d+|\*)(/\d+)?(\s+(\d+|\*)(/\d+)?){4}$";
        assert_eq!(matches(cron, "* * * * */5"), Some(true));
        assert_eq!(matches(cron, "every minute"), Some(false));
        assert_eq!(
            matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "my-name"),
            Some(true)
        );
        assert_eq!(
            matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "My-name"),
            Some(false)
        );
        assert_eq!(matches("abc", "xxabcxx"), Some(true));
        assert_eq!(matches("^a{2,3}$", "aaaa"), Some(false));
        assert_eq!(matches("^(foo|bar)+$", "foobarfoo"), Some(true));
        assert_eq!(matches("(?P<x>a)", "a"), None);
        assert_eq!(matches("^(a*)*b$", &"a".repeat(40)), None);
        assert_eq!(matches(".*", &"a".repeat(5000)), None);
        assert_eq!(matches("^(a|b)*$", &"ab".repeat(128)), Some(true));
        assert_eq!(matches(&"(".repeat(600), "a"), None);
    }
}
