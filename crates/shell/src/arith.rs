//! `$(( ... ))`: integer arithmetic with + - * / % **, unary minus, parentheses, comparisons
//! and variable names, in 64-bit wrapping arithmetic as bash does.

use super::env::Env;

pub fn eval(expr: &str, env: &Env) -> Result<i64, String> {
    let toks = lex(expr)?;
    let mut p = P { toks, pos: 0, env };
    if p.toks.is_empty() {
        return Ok(0);
    }
    let v = p.cmp()?;
    match p.toks.get(p.pos) {
        None => Ok(v),
        Some(t) => Err(format!(
            "syntax error in expression (error token is \"{t}\")"
        )),
    }
}

fn lex(s: &str) -> Result<Vec<String>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == '_' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                i += 1;
            }
            out.push(chars.get(start..i).unwrap_or(&[]).iter().collect());
        } else {
            let two: String = chars
                .get(i..(i + 2).min(chars.len()))
                .unwrap_or(&[])
                .iter()
                .collect();
            if ["**", "==", "!=", "<=", ">="].contains(&two.as_str()) {
                out.push(two);
                i += 2;
            } else if "+-*/%()<>".contains(c) {
                out.push(c.to_string());
                i += 1;
            } else {
                return Err(format!(
                    "syntax error: invalid arithmetic operator (error token is \"{c}\")"
                ));
            }
        }
    }
    Ok(out)
}

struct P<'a> {
    toks: Vec<String>,
    pos: usize,
    env: &'a Env,
}

impl P<'_> {
    fn eat(&mut self, t: &str) -> bool {
        if self.toks.get(self.pos).is_some_and(|x| x == t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn cmp(&mut self) -> Result<i64, String> {
        let l = self.add()?;
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if self.eat(op) {
                let r = self.add()?;
                let v = match op {
                    "==" => l == r,
                    "!=" => l != r,
                    "<=" => l <= r,
                    ">=" => l >= r,
                    "<" => l < r,
                    _ => l > r,
                };
                return Ok(i64::from(v));
            }
        }
        Ok(l)
    }

    fn add(&mut self) -> Result<i64, String> {
        let mut l = self.mul()?;
        loop {
            if self.eat("+") {
                l = l.wrapping_add(self.mul()?);
            } else if self.eat("-") {
                l = l.wrapping_sub(self.mul()?);
            } else {
                return Ok(l);
            }
        }
    }

    fn mul(&mut self) -> Result<i64, String> {
        let mut l = self.pow()?;
        loop {
            let op = if self.eat("*") {
                '*'
            } else if self.eat("/") {
                '/'
            } else if self.eat("%") {
                '%'
            } else {
                return Ok(l);
            };
            let r = self.pow()?;
            l = match op {
                '*' => l.wrapping_mul(r),
                _ if r == 0 => return Err("division by 0 (error token is \"0\")".into()),
                '/' => l.wrapping_div(r),
                _ => l.wrapping_rem(r),
            };
        }
    }

    fn pow(&mut self) -> Result<i64, String> {
        let base = self.unary()?;
        if self.eat("**") {
            let exp = self.pow()?;
            if exp < 0 {
                return Err("exponent less than 0 (error token is \"0\")".into());
            }
            return Ok(base.wrapping_pow(exp.min(u32::MAX as i64) as u32));
        }
        Ok(base)
    }

    fn unary(&mut self) -> Result<i64, String> {
        if self.eat("-") {
            return Ok(self.unary()?.wrapping_neg());
        }
        if self.eat("+") {
            return self.unary();
        }
        if self.eat("(") {
            let v = self.cmp()?;
            if !self.eat(")") {
                return Err("missing `)'".into());
            }
            return Ok(v);
        }
        let Some(t) = self.toks.get(self.pos).cloned() else {
            return Err("syntax error: operand expected".into());
        };
        self.pos += 1;
        if t.starts_with(|c: char| c.is_ascii_digit()) {
            return t
                .parse()
                .map_err(|_| format!("value too great for base (error token is \"{t}\")"));
        }
        if t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            let v = self.env.get(&t).unwrap_or("").trim().to_string();
            return Ok(v.parse().unwrap_or(0));
        }
        Err(format!(
            "syntax error: operand expected (error token is \"{t}\")"
        ))
    }
}
