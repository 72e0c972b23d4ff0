//! The patterns `grep` understands: a regular-expression subset (`.`, `[...]`, `*`, `^`, `$`,
//! `\+`/`\?`/`\|` in basic syntax, `+`/`?`/`|` with -E, escapes), or fixed strings with -F.
//! Matching simulates the automaton state by state, so it is linear in the line length and
//! cannot blow up on pathological patterns.

#[derive(Debug, Clone, PartialEq)]
enum Atom {
    Any,
    Char(char),
    Class {
        neg: bool,
        ranges: Vec<(char, char)>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Quant {
    One,
    Star,
    Opt,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Branch {
    start: bool,
    end: bool,
    atoms: Vec<(Atom, Quant)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    branches: Vec<Branch>,
    icase: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Basic,
    Extended,
    Fixed,
}

impl Pattern {
    /// Err carries grep's message for a malformed pattern.
    pub fn new(pat: &str, syntax: Syntax, icase: bool) -> Result<Pattern, String> {
        let mut branches = Vec::new();
        for alt in split_alternatives(pat, syntax) {
            branches.push(match syntax {
                Syntax::Fixed => Branch {
                    atoms: alt.chars().map(|c| (Atom::Char(c), Quant::One)).collect(),
                    ..Default::default()
                },
                _ => branch(&alt, syntax == Syntax::Extended)?,
            });
        }
        Ok(Pattern { branches, icase })
    }

    /// `grep -x`: every alternative must match the whole line.
    pub fn whole_lines(mut self) -> Pattern {
        for b in &mut self.branches {
            b.start = true;
            b.end = true;
        }
        self
    }

    pub fn is_match(&self, line: &str) -> bool {
        let chars: Vec<char> = line.chars().collect();
        self.branches.iter().any(|b| b.is_match(&chars, self.icase))
    }
}

/// Splits on `|` (extended) or `\|` (basic) outside brackets; -F patterns split on newlines.
fn split_alternatives(pat: &str, syntax: Syntax) -> Vec<String> {
    if syntax == Syntax::Fixed {
        return pat.split('\n').map(str::to_string).collect();
    }
    let mut out = vec![String::new()];
    let mut chars = pat.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        let cur = out.last_mut();
        match c {
            '\\' if !in_class => {
                let n = chars.next();
                if syntax == Syntax::Basic && n == Some('|') {
                    out.push(String::new());
                } else if let Some(cur) = cur {
                    cur.push('\\');
                    if let Some(n) = n {
                        cur.push(n);
                    }
                }
            }
            '|' if !in_class && syntax == Syntax::Extended => out.push(String::new()),
            '\n' if !in_class => out.push(String::new()),
            _ => {
                if let Some(cur) = cur {
                    if c == '[' && !in_class {
                        in_class = true;
                        cur.push(c);
                        // `]` right after `[` or `[^` is a member, not the end.
                        if chars.peek() == Some(&'^') {
                            cur.push('^');
                            chars.next();
                        }
                        if chars.peek() == Some(&']') {
                            cur.push(']');
                            chars.next();
                        }
                        continue;
                    }
                    if c == ']' && in_class {
                        in_class = false;
                    }
                    cur.push(c);
                }
            }
        }
    }
    out
}

fn branch(pat: &str, extended: bool) -> Result<Branch, String> {
    let mut b = Branch::default();
    let chars: Vec<char> = pat.chars().collect();
    let mut i = 0;
    if chars.first() == Some(&'^') {
        b.start = true;
        i = 1;
    }
    let mut end = chars.len();
    if chars.last() == Some(&'$') && end > i && !(end >= 2 && chars.get(end - 2) == Some(&'\\')) {
        b.end = true;
        end -= 1;
    }
    while i < end {
        let Some(&c) = chars.get(i) else { break };
        i += 1;
        let quant = |q: Quant, b: &mut Branch| -> bool {
            match b.atoms.last_mut() {
                Some((_, old @ Quant::One)) => {
                    *old = q;
                    true
                }
                Some(_) => true,
                None => false,
            }
        };
        let atom = match c {
            '.' => Atom::Any,
            '[' => {
                let (atom, next) = class(&chars, i)?;
                i = next;
                atom
            }
            '*' => {
                if quant(Quant::Star, &mut b) {
                    continue;
                }
                Atom::Char('*')
            }
            '+' | '?' if extended => {
                if plus_or_opt(c, &mut b) {
                    continue;
                }
                Atom::Char(c)
            }
            '(' | ')' if extended => continue,
            '\\' => {
                let Some(&n) = chars.get(i) else {
                    return Err("grep: Trailing backslash".into());
                };
                i += 1;
                match n {
                    '+' | '?' if !extended => {
                        if plus_or_opt(n, &mut b) {
                            continue;
                        }
                        Atom::Char(n)
                    }
                    '(' | ')' if !extended => continue,
                    'w' => Atom::Class {
                        neg: false,
                        ranges: vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')],
                    },
                    's' => Atom::Class {
                        neg: false,
                        ranges: vec![(' ', ' '), ('\t', '\r')],
                    },
                    _ => Atom::Char(n),
                }
            }
            _ => Atom::Char(c),
        };
        b.atoms.push((atom, Quant::One));
    }
    Ok(b)
}

/// `x+` is `xx*`; `x?` is an optional x. False when there is nothing to repeat.
fn plus_or_opt(c: char, b: &mut Branch) -> bool {
    let Some((atom, q)) = b.atoms.last().cloned() else {
        return false;
    };
    if q != Quant::One {
        return true;
    }
    if c == '+' {
        b.atoms.push((atom, Quant::Star));
    } else if let Some(last) = b.atoms.last_mut() {
        last.1 = Quant::Opt;
    }
    true
}

/// A bracket expression starting after `[`; returns the atom and the index after `]`.
fn class(chars: &[char], mut i: usize) -> Result<(Atom, usize), String> {
    let unmatched = || "grep: Unmatched [, [^, [:, [., or [=".to_string();
    let mut neg = false;
    if chars.get(i) == Some(&'^') {
        neg = true;
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let Some(&c) = chars.get(i) else {
            return Err(unmatched());
        };
        if c == ']' && !first {
            return Ok((Atom::Class { neg, ranges }, i + 1));
        }
        first = false;
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars.get(i + 2..).unwrap_or(&[]).iter().collect();
            let Some(close) = rest.find(":]") else {
                return Err(unmatched());
            };
            let name = rest.get(..close).unwrap_or("");
            ranges.extend(
                named_class(name)
                    .ok_or_else(|| "grep: Invalid character class name".to_string())?,
            );
            i += 2 + name.chars().count() + 2;
            continue;
        }
        match (chars.get(i + 1), chars.get(i + 2)) {
            (Some('-'), Some(&hi)) if hi != ']' => {
                if hi < c {
                    return Err("grep: Invalid range end".into());
                }
                ranges.push((c, hi));
                i += 3;
            }
            _ => {
                ranges.push((c, c));
                i += 1;
            }
        }
    }
}

fn named_class(name: &str) -> Option<Vec<(char, char)>> {
    Some(match name {
        "alpha" => vec![('a', 'z'), ('A', 'Z')],
        "digit" => vec![('0', '9')],
        "alnum" => vec![('a', 'z'), ('A', 'Z'), ('0', '9')],
        "upper" => vec![('A', 'Z')],
        "lower" => vec![('a', 'z')],
        "space" => vec![(' ', ' '), ('\t', '\r')],
        "blank" => vec![(' ', ' '), ('\t', '\t')],
        "punct" => vec![('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        "xdigit" => vec![('0', '9'), ('a', 'f'), ('A', 'F')],
        _ => return None,
    })
}

impl Atom {
    fn matches(&self, c: char, icase: bool) -> bool {
        if icase {
            let lower = c.to_lowercase().next().unwrap_or(c);
            let upper = c.to_uppercase().next().unwrap_or(c);
            return self.matches_exact(lower) || self.matches_exact(upper);
        }
        self.matches_exact(c)
    }

    fn matches_exact(&self, c: char) -> bool {
        match self {
            Atom::Any => true,
            Atom::Char(x) => *x == c,
            Atom::Class { neg, ranges } => {
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *neg
            }
        }
    }
}

impl Branch {
    fn closure(&self, set: &mut [bool]) {
        for (i, (_, q)) in self.atoms.iter().enumerate() {
            if *q != Quant::One && set.get(i) == Some(&true) {
                if let Some(s) = set.get_mut(i + 1) {
                    *s = true;
                }
            }
        }
    }

    fn is_match(&self, chars: &[char], icase: bool) -> bool {
        let m = self.atoms.len();
        let mut set = vec![false; m + 1];
        let mut next = vec![false; m + 1];
        if let Some(s) = set.first_mut() {
            *s = true;
        }
        self.closure(&mut set);
        for &c in chars {
            if set.get(m) == Some(&true) && !self.end {
                return true;
            }
            if !self.start {
                if let Some(s) = set.first_mut() {
                    *s = true;
                }
                self.closure(&mut set);
            }
            next.iter_mut().for_each(|s| *s = false);
            for (i, (atom, q)) in self.atoms.iter().enumerate() {
                if set.get(i) != Some(&true) || !atom.matches(c, icase) {
                    continue;
                }
                if *q == Quant::Star {
                    if let Some(s) = next.get_mut(i) {
                        *s = true;
                    }
                }
                if let Some(s) = next.get_mut(i + 1) {
                    *s = true;
                }
            }
            self.closure(&mut next);
            std::mem::swap(&mut set, &mut next);
        }
        if !self.start {
            if let Some(s) = set.first_mut() {
                *s = true;
            }
            self.closure(&mut set);
        }
        set.get(m) == Some(&true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, syntax: Syntax, line: &str) -> bool {
        Pattern::new(p, syntax, false).unwrap().is_match(line)
    }

    #[test]
    fn basic() {
        assert!(m("nginx", Syntax::Basic, "pod/nginx-1 Running"));
        assert!(!m("nginx", Syntax::Basic, "pod/web"));
        assert!(m("^pod", Syntax::Basic, "pod/x"));
        assert!(!m("^od", Syntax::Basic, "pod/x"));
        assert!(m("x$", Syntax::Basic, "pod/x"));
        assert!(!m("pod$", Syntax::Basic, "pod/x"));
        assert!(m("n.inx", Syntax::Basic, "nginx"));
        assert!(m("ng*inx", Syntax::Basic, "ninx"));
        assert!(m("Running\\|Pending", Syntax::Basic, "x Pending"));
        assert!(m("a+", Syntax::Basic, "a+"));
        assert!(m("[0-9][0-9]*/1", Syntax::Basic, "READY 10/1"));
        assert!(m("[^a-z]", Syntax::Basic, "abcD"));
        assert!(!m("[^a-z]", Syntax::Basic, "abcd"));
        assert!(m("^$", Syntax::Basic, ""));
        assert!(m("", Syntax::Basic, "anything"));
        assert!(m("[[:digit:]]", Syntax::Basic, "a1"));
        assert!(m("a\\.b", Syntax::Basic, "a.b"));
        assert!(!m("a\\.b", Syntax::Basic, "axb"));
    }

    #[test]
    fn extended_and_fixed() {
        assert!(m("Running|Pending", Syntax::Extended, "x Running"));
        assert!(m("ab+c", Syntax::Extended, "abbbc"));
        assert!(!m("ab+c", Syntax::Extended, "ac"));
        assert!(m("ab?c", Syntax::Extended, "ac"));
        assert!(m("a.b", Syntax::Fixed, "xa.by"));
        assert!(!m("a.b", Syntax::Fixed, "axb"));
        assert!(Pattern::new("NGINX", Syntax::Basic, true)
            .unwrap()
            .is_match("nginx"));
        assert!(Pattern::new("[a", Syntax::Basic, false).is_err());
    }

    #[test]
    fn no_blowup() {
        let p = "a*".repeat(200) + "b";
        let line = "a".repeat(20_000);
        assert!(!m(&p, Syntax::Basic, &line));
    }
}
