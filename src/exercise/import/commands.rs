//! One command line of a verify script, judged for the playground: does it only use commands
//! the playground's shell runs, and can its `[[ ... ]]` tests be written with `[`?

/// Commands of the playground's shell that only read (kubectl is judged by `refuse_writes`).
const RUNS: &[&str] = &[
    "kubectl", "k", "grep", "head", "tail", "wc", "sort", "uniq", "base64", "awk", "cut", "tr",
    "sed", "echo", "printf", "test", "[", "true", "false", "cat", "seq",
];

/// Why a command found in scripts cannot be a check, for those the playground lacks.
fn why_not(cmd: &str) -> String {
    match cmd {
        "curl" | "wget" | "nc" | "ping" | "nslookup" | "dig" | "host" => format!(
            "`{cmd}` reaches an address over the network (a node's or a pod's IP); the playground's shell has no `{cmd}`"
        ),
        "docker" | "crictl" | "ctr" | "podman" | "nerdctl" => format!(
            "`{cmd}` asks the node's container runtime; the playground's containers are only seen through the API"
        ),
        "ssh" | "scp" => format!("`{cmd}` logs into a node; the playground has no node to log into"),
        "systemctl" | "journalctl" | "service" => {
            format!("`{cmd}` asks a node's services; the playground's nodes have none")
        }
        "sleep" => "`sleep` waits; the checker moves time itself and a check never waits".into(),
        "jq" | "yq" => format!(
            "`{cmd}` is not in the playground's shell; kubectl's `-o jsonpath` reads the same fields"
        ),
        _ => format!("`{cmd}` is not a command of the playground's shell"),
    }
}

/// Err says which command of `line` (or of a `$(...)` in it) the playground cannot run.
pub fn uses_playground_commands(line: &str) -> Result<(), String> {
    uses_commands_within(line, 0)
}

/// Deeper than any real check; the bound keeps a hostile script from exhausting the stack.
const MAX_NESTING: usize = 8;

fn uses_commands_within(line: &str, depth: usize) -> Result<(), String> {
    if depth > MAX_NESTING {
        return Err(format!("more than {MAX_NESTING} nested `$(...)`"));
    }
    let (outer, inner) = substitutions(line);
    for sub in inner {
        uses_commands_within(&sub, depth + 1)?;
    }
    for segment in segments(&outer) {
        let words = shlex::split(&segment).unwrap_or_default();
        let cmd = words
            .iter()
            .map(String::as_str)
            .find(|w| *w != "!" && (w.starts_with('-') || !w.contains('=')));
        match cmd {
            Some(c) if !RUNS.contains(&c) => return Err(why_not(c)),
            _ => {}
        }
    }
    Ok(())
}

/// The line with each `$(...)` replaced by `X`, and the command lines inside them.
fn substitutions(line: &str) -> (String, Vec<String>) {
    let mut outer = String::new();
    let mut inner = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    let (mut i, mut single) = (0, false);
    while let Some(&c) = chars.get(i) {
        if c == '\'' {
            single = !single;
        }
        if !single && c == '$' && chars.get(i + 1) == Some(&'(') {
            let mut depth = 0;
            let start = i + 2;
            let mut j = i + 1;
            while let Some(&d) = chars.get(j) {
                depth += i32::from(d == '(') - i32::from(d == ')');
                if depth == 0 {
                    break;
                }
                j += 1;
            }
            inner.push(chars[start.min(j)..j.min(chars.len())].iter().collect());
            outer.push('X');
            i = j + 1;
            continue;
        }
        outer.push(c);
        i += 1;
    }
    (outer, inner)
}

/// The simple commands of a line: split at unquoted `|`, `&`, `;`.
fn segments(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, '|' | '&' | ';') => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

/// `line` with each `[[ ... ]]` written as `[ ... ]`, or Err when `[` would mean something
/// else: `[[` does not split words (so `$x` is quoted), matches globs after `==`, and knows
/// `=~`, `&&`, `<` inside.
pub fn single_brackets(line: &str) -> Result<String, String> {
    if !line.contains("[[") {
        return Ok(line.to_string());
    }
    let words = raw_words(line);
    let mut out = Vec::new();
    let mut inside = false;
    for (k, w) in words.iter().enumerate() {
        match w.as_str() {
            "[[" if !inside => {
                inside = true;
                out.push("[".to_string());
            }
            "]]" if inside => {
                inside = false;
                out.push("]".to_string());
            }
            _ if !inside => out.push(w.clone()),
            "=~" | "&&" | "||" | "<" | ">" | "(" | ")" => {
                return Err(format!("`[[ ... {w} ... ]]` has no `[` equivalent"));
            }
            "==" | "=" | "!=" => {
                let rhs = words.get(k + 1).map_or("", String::as_str);
                if !rhs.starts_with(['"', '\'']) && rhs.contains(['*', '?', '[']) {
                    return Err(format!(
                        "`[[ ... {w} {rhs} ]]` matches a pattern; `[` compares strings"
                    ));
                }
                out.push(if w == "==" { "=".into() } else { w.clone() });
            }
            _ if w.contains('$') && !w.starts_with(['"', '\'']) => out.push(format!("\"{w}\"")),
            _ => out.push(w.clone()),
        }
    }
    if inside {
        return Err("`[[` without its `]]`".into());
    }
    Ok(out.join(" "))
}

/// Words as written (quotes kept), split at unquoted blanks outside `$(...)`; an unquoted `;`
/// is a word of its own.
fn raw_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let (mut quote, mut depth) = (None, 0i32);
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ' ' | '\t' | ';') if depth <= 0 => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                if c == ';' {
                    words.push(";".into());
                }
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_brackets_become_single_when_equivalent() {
        assert_eq!(
            single_brackets(
                r#"[[ $(kubectl get pod web -o jsonpath="{.status.phase}") == "Running" ]]"#
            ),
            Ok(r#"[ "$(kubectl get pod web -o jsonpath="{.status.phase}")" = "Running" ]"#.into())
        );
        assert_eq!(
            single_brackets("[[ -n $NAME ]];"),
            Ok("[ -n \"$NAME\" ] ;".into())
        );
        assert_eq!(
            single_brackets("[[ $x =~ ^web ]]"),
            Err("`[[ ... =~ ... ]]` has no `[` equivalent".into())
        );
        assert_eq!(
            single_brackets("[[ $x == web* ]]"),
            Err("`[[ ... == web* ]]` matches a pattern; `[` compares strings".into())
        );
    }

    #[test]
    fn commands_inside_substitutions_are_judged_too() {
        assert_eq!(
            uses_playground_commands("kubectl get pod web | grep -q Running"),
            Ok(())
        );
        assert_eq!(
            uses_playground_commands("[ \"$(curl -s 10.0.0.1)\" = ok ]"),
            Err("`curl` reaches an address over the network (a node's or a pod's IP); the playground's shell has no `curl`".into())
        );
        assert_eq!(
            uses_playground_commands("crictl ps | grep web"),
            Err("`crictl` asks the node's container runtime; the playground's containers are only seen through the API".into())
        );
    }
}
