//! Word expansion at run time: `~`, `$NAME`, `${...}`, `$(...)`, field splitting of unquoted
//! expansions, and the expansion of unquoted heredoc bodies.

use super::env::{is_name, HOME};
use super::exec::{Exec, Fail};
use super::lex::{lex_all, scan_dollar, Dollar, Seg, SubstScan, Word};
use super::limits::{MAX_DEPTH, MAX_TEXT};
use super::parse::parse;
use super::{arith, glob};
use kubeplay_core::output::Output;

/// Builds the fields of one word: splitting happens only inside unquoted expansions. Next to
/// each field's text runs its glob pattern, where quoted characters are escaped.
#[derive(Default)]
struct Fields {
    /// Characters produced so far, across fields.
    size: usize,
    done: Vec<(String, String)>,
    cur: String,
    pat: String,
    has: bool,
}

impl Fields {
    fn unquoted_char(&mut self, c: char) {
        self.size += 1;
        self.cur.push(c);
        if c == '\\' {
            self.pat.push('\\');
        }
        self.pat.push(c);
        self.has = true;
    }
    fn text(&mut self, s: &str) {
        s.chars().for_each(|c| self.unquoted_char(c));
    }
    fn quoted(&mut self, s: &str) {
        self.size += s.len();
        for c in s.chars() {
            self.cur.push(c);
            if matches!(c, '\\' | '*' | '?' | '[') {
                self.pat.push('\\');
            }
            self.pat.push(c);
        }
        self.has = true;
    }
    fn split(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n') {
                self.end();
            } else {
                self.unquoted_char(c);
            }
        }
    }
    fn end(&mut self) {
        if self.has {
            let cur = std::mem::take(&mut self.cur);
            let pat = std::mem::take(&mut self.pat);
            self.done.push((cur, pat));
            self.has = false;
        }
    }
    fn finish(mut self) -> Vec<(String, String)> {
        self.end();
        self.done
    }
}

impl Exec<'_> {
    /// A word as command arguments (zero or more fields).
    pub fn expand_word(&mut self, w: &Word, term: &mut Output) -> Result<Vec<String>, Fail> {
        let mut f = Fields::default();
        for (k, seg) in w.segs.iter().enumerate() {
            match seg {
                Seg::Lit(s) if k == 0 => f.text(&tilde(s)),
                Seg::Lit(s) => f.text(s),
                Seg::Quoted(s) => f.quoted(s),
                Seg::Param { expr, quoted } => {
                    let v = self.param(expr)?;
                    if *quoted {
                        f.quoted(&v)
                    } else {
                        f.split(&v)
                    }
                }
                Seg::Subst { script, quoted } => {
                    let v = self.subst(script, term)?;
                    if *quoted {
                        f.quoted(&v)
                    } else {
                        f.split(&v)
                    }
                }
            }
            if f.size > MAX_TEXT {
                return Err(too_large());
            }
        }
        let mut out = Vec::new();
        for (text, pat) in f.finish() {
            match glob::has_wildcards(&pat)
                .then(|| glob::expand(&*self.fs, &pat))
                .flatten()
            {
                Some(paths) => out.extend(paths),
                None => out.push(text),
            }
        }
        Ok(out)
    }

    /// A word as one string, without splitting (assignment values, here-strings).
    pub fn expand_one(&mut self, w: &Word, term: &mut Output) -> Result<String, Fail> {
        let mut out = String::new();
        for (k, seg) in w.segs.iter().enumerate() {
            match seg {
                Seg::Lit(s) if k == 0 => out.push_str(&tilde(s)),
                Seg::Lit(s) | Seg::Quoted(s) => out.push_str(s),
                Seg::Param { expr, .. } => out.push_str(&self.param(expr)?),
                Seg::Subst { script, .. } => out.push_str(&self.subst(script, term)?),
            }
            if out.len() > MAX_TEXT {
                return Err(too_large());
            }
        }
        Ok(out)
    }

    /// An unquoted heredoc's body: parameters and substitutions expand; `\` only escapes `$`,
    /// `` ` ``, `\` and a newline.
    pub fn expand_text(&mut self, body: &str, term: &mut Output) -> Result<String, Fail> {
        let chars: Vec<char> = body.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            if out.len() > MAX_TEXT {
                return Err(too_large());
            }
            match c {
                '\\' => match chars.get(i + 1) {
                    Some(&n @ ('$' | '`' | '\\')) => {
                        out.push(n);
                        i += 2;
                    }
                    Some('\n') => i += 2,
                    _ => {
                        out.push('\\');
                        i += 1;
                    }
                },
                '$' => match scan_dollar(&chars, i) {
                    Dollar::Param(expr, end) => {
                        out.push_str(&self.param(&expr)?);
                        i = end;
                    }
                    Dollar::Subst(start) => {
                        let (script, end) = scan_subst(&chars, start, false)?;
                        out.push_str(&self.subst(&script, term)?);
                        i = end;
                    }
                    Dollar::Literal => {
                        out.push('$');
                        i += 1;
                    }
                    Dollar::Unclosed => return Err(Fail::new("bash: bad substitution\n")),
                },
                '`' => {
                    let (script, end) = scan_subst(&chars, i + 1, true)?;
                    out.push_str(&self.subst(&script, term)?);
                    i = end;
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        Ok(out)
    }

    /// The value of `$expr` (`NAME`, `?`, or `{...}` with `#`, `:-`, `-`, `:=`, `=`, `:+`, `+`).
    pub fn param(&mut self, expr: &str) -> Result<String, Fail> {
        let Some(inner) = expr.strip_prefix('{').and_then(|e| e.strip_suffix('}')) else {
            return Ok(self.lookup(expr).unwrap_or_default());
        };
        let bad = || Fail::new(format!("bash: ${expr}: bad substitution\n"));
        if let Some(name) = inner.strip_prefix('#') {
            if is_name(name) || is_special(name) {
                let n = self.lookup(name).unwrap_or_default().chars().count();
                return Ok(n.to_string());
            }
        }
        let name_len = if inner
            .chars()
            .next()
            .is_some_and(|c| is_special(&c.to_string()))
        {
            1
        } else {
            inner
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(inner.len())
        };
        let (name, rest) = inner.split_at_checked(name_len).ok_or_else(bad)?;
        if !(is_name(name) || is_special(name)) {
            return Err(bad());
        }
        let value = self.lookup(name);
        if rest.is_empty() {
            return Ok(value.unwrap_or_default());
        }
        let (colon, rest) = match rest.strip_prefix(':') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let mut chars = rest.chars();
        let op = chars.next();
        let word = chars.as_str().to_string();
        let unset = match &value {
            None => true,
            Some(v) => colon && v.is_empty(),
        };
        match op {
            Some('-') => Ok(if unset {
                word
            } else {
                value.unwrap_or_default()
            }),
            Some('=') => {
                if unset {
                    if !is_name(name) {
                        return Err(Fail::new(format!(
                            "bash: ${name}: cannot assign in this way\n"
                        )));
                    }
                    self.env.set(name, &word);
                    Ok(word)
                } else {
                    Ok(value.unwrap_or_default())
                }
            }
            Some('+') => Ok(if unset { String::new() } else { word }),
            Some('?') if unset => {
                let msg = if word.is_empty() {
                    "parameter null or not set".to_string()
                } else {
                    word
                };
                Err(Fail::new(format!("bash: {name}: {msg}\n")))
            }
            Some('?') => Ok(value.unwrap_or_default()),
            _ => Err(bad()),
        }
    }

    fn lookup(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.env.last.to_string()),
            "$" => Some("4242".into()),
            "#" => Some("0".into()),
            "0" => Some("bash".into()),
            "-" => Some("hB".into()),
            "@" | "*" => None,
            _ => self.env.get(name).map(str::to_string),
        }
    }

    /// Runs `$(script)` and returns its standard output without trailing newlines; its stderr
    /// goes to the terminal.
    pub fn subst(&mut self, script: &str, term: &mut Output) -> Result<String, Fail> {
        if self.depth >= MAX_DEPTH {
            return Err(Fail::new(format!(
                "bash: command substitution nested too deeply (limit {MAX_DEPTH})\n"
            )));
        }
        if let Some(inner) = script.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
            let text = self.expand_text(inner, term)?;
            return match arith::eval(&text, self.env) {
                Ok(v) => Ok(v.to_string()),
                Err(msg) => Err(Fail::new(format!("bash: {}: {msg}\n", text.trim()))),
            };
        }
        let prog = match lex_all(script) {
            Ok(lexed) => parse(lexed).map_err(|_| ()),
            Err(_) => Err(()),
        };
        let Ok(prog) = prog else {
            return Err(Fail {
                msg: format!("bash: command substitution: syntax error in `{script}'\n"),
                code: 2,
            });
        };
        let mut out = Output::new();
        self.depth += 1;
        let saved_exit = self.exit.take();
        let code = self.program(&prog, &mut out);
        self.exit = saved_exit;
        self.depth -= 1;
        self.subst_status = Some(code);
        term.err(out.stderr());
        let mut text = out.stdout();
        while text.ends_with('\n') {
            text.pop();
        }
        Ok(text)
    }
}

fn too_large() -> Fail {
    Fail::new(format!(
        "bash: expansion too large (limit {} MiB)\n",
        MAX_TEXT >> 20
    ))
}

fn is_special(s: &str) -> bool {
    matches!(
        s,
        "?" | "$"
            | "#"
            | "@"
            | "*"
            | "!"
            | "-"
            | "0"
            | "1"
            | "2"
            | "3"
            | "4"
            | "5"
            | "6"
            | "7"
            | "8"
            | "9"
    )
}

fn tilde(s: &str) -> std::borrow::Cow<'_, str> {
    if s == "~" || s.starts_with("~/") {
        std::borrow::Cow::Owned(format!("{HOME}{}", s.get(1..).unwrap_or("")))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Scans a substitution starting after `$(` (or after a backquote) to its end.
fn scan_subst(chars: &[char], start: usize, backtick: bool) -> Result<(String, usize), Fail> {
    let mut scan = SubstScan::new(backtick, false);
    let mut i = start;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if scan.feed(c) {
            return Ok((scan.text, i));
        }
    }
    Err(Fail {
        msg: format!(
            "bash: unexpected EOF while looking for matching `{}'\n",
            if backtick { '`' } else { ')' }
        ),
        code: 2,
    })
}
