//! A Killercoda verify script (bash, exit 0 when the step is done) → checks: each command line
//! whose status decides the verdict becomes one `run:` check with `status: 0`, when it only
//! uses what the playground's shell runs and only reads. Everything else is a note saying why.

use super::commands::{single_brackets, uses_playground_commands};
use super::conditional::if_condition;
use crate::exercise::readonly::refuse_writes;

/// What a script gave: check lines with their line numbers, and notes (line, why).
#[derive(Debug, Default, PartialEq)]
pub struct Converted {
    pub checks: Vec<(usize, String)>,
    pub notes: Vec<(usize, String)>,
}

/// More command lines than any verify script has: beyond, the script is not read (each line is
/// matched against every variable before it).
pub const MAX_LINES: usize = 500;
/// A check line's largest length once its variables are inlined (each may double it).
pub const MAX_CHECK_BYTES: usize = 4096;

pub fn convert(script: &str) -> Converted {
    let lines = logical_lines(script);
    if lines.len() > MAX_LINES {
        return Converted {
            checks: Vec::new(),
            notes: vec![(
                1,
                format!("not converted: more than {MAX_LINES} command lines"),
            )],
        };
    }
    let errexit = lines.iter().any(|(_, l)| sets_errexit(l));
    let last = lines
        .iter()
        .rposition(|(_, l)| !is_exit(l, true) && !l.starts_with("set "))
        .unwrap_or(0);
    let mut out = Converted::default();
    // Each check runs in a fresh shell: a variable set on one line is inlined where it is used.
    let mut vars: Vec<(String, String)> = Vec::new();
    let mut k = 0;
    while let Some((n, line)) = lines.get(k) {
        let n = *n;
        let line = &inline_vars(line, &vars);
        if line.len() > MAX_CHECK_BYTES {
            out.notes.push((
                n,
                format!("not converted: longer than {MAX_CHECK_BYTES} bytes with its variables"),
            ));
            k += 1;
            continue;
        }
        if let Some((name, value)) = assignment(line) {
            out.notes
                .push((n, format!("inlined where ${name} is used")));
            vars.push((name, value));
            k += 1;
            continue;
        }
        if let Some(why) = block_kind(line) {
            let end = block_end(&lines, k);
            let block = lines.get(k..=end).unwrap_or(&[]);
            let joined: Vec<&str> = block.iter().map(|(_, l)| l.as_str()).collect();
            if let Some(cond) = if_condition(&inline_vars(&joined.join("; "), &vars)) {
                match check_line(&cond) {
                    Ok(run) => out.checks.push((n, run)),
                    Err(why) => out.notes.push((n, format!("not converted: {why}"))),
                }
                k = end + 1;
                continue;
            }
            let waits = block
                .iter()
                .any(|(_, l)| l.split_whitespace().any(|w| w == "sleep"));
            let why = if waits { WAITS } else { why };
            out.notes.push((n, format!("not converted: {why}")));
            k = end + 1;
            continue;
        }
        k += 1;
        if line.starts_with("set ") || (is_exit(line, true) && k > last) {
            continue;
        }
        if is_exit(line, false) {
            out.notes
                .push((n, "skipped: it only fails the script".into()));
            continue;
        }
        if is_exit(line, true) {
            out.notes.push((
                n,
                "not converted: an exit in the middle of the script".into(),
            ));
            continue;
        }
        let (command, guarded) = strip_exit_guard(line);
        if is_print(command) {
            out.notes.push((n, "skipped: it only prints".into()));
            continue;
        }
        if !(errexit || guarded || k - 1 == last) {
            out.notes.push((
                n,
                "skipped: without `set -e` its status does not decide the result".into(),
            ));
            continue;
        }
        match check_line(command) {
            Ok(run) => out.checks.push((n, run)),
            Err(why) => out.notes.push((n, format!("not converted: {why}"))),
        }
    }
    out
}

/// The check a command line becomes, or why it cannot.
fn check_line(command: &str) -> Result<String, String> {
    let run = single_brackets(command)?;
    uses_playground_commands(&run)?;
    refuse_writes(&run)?;
    Ok(run)
}

/// Lines with `\` continuations joined, comments and blanks dropped, each with its first line
/// number (1-based).
fn logical_lines(script: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in script.lines().enumerate() {
        let (n, mut text) = pending.take().unwrap_or((i + 1, String::new()));
        if let Some(cont) = raw.strip_suffix('\\') {
            text.push_str(cont);
            pending = Some((n, text));
            continue;
        }
        text.push_str(raw);
        let t = text.trim();
        if !t.is_empty() && !t.starts_with('#') {
            out.push((n, t.to_string()));
        }
    }
    if let Some((n, text)) = pending {
        out.push((n, text.trim().to_string()));
    }
    out
}

/// `NAME=value` alone on its line (the value's outer double quotes dropped).
fn assignment(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once('=')?;
    let is_name = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => inner,
        None if value.starts_with("$(") && value.ends_with(')') => value,
        None if shlex::split(value).is_some_and(|w| w.len() == 1) => value,
        None => return None,
    };
    is_name.then(|| (name.to_string(), value.to_string()))
}

/// `$NAME` and `${NAME}` replaced by the values assigned earlier.
fn inline_vars(line: &str, vars: &[(String, String)]) -> String {
    let mut line = line.to_string();
    for (name, value) in vars.iter().rev() {
        if line.len() > MAX_CHECK_BYTES {
            break;
        }
        line = line.replace(&format!("${{{name}}}"), value);
        let word = format!("${name}");
        let mut out = String::new();
        let mut rest = line.as_str();
        while let Some(at) = rest.find(&word) {
            let after = &rest[at + word.len()..];
            out.push_str(&rest[..at]);
            if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                out.push_str(&word);
            } else {
                out.push_str(value);
            }
            rest = after;
        }
        out.push_str(rest);
        line = out;
    }
    line
}

fn sets_errexit(line: &str) -> bool {
    let mut words = line.split_whitespace();
    words.next() == Some("set")
        && words.any(|w| {
            w == "errexit" || (w.starts_with('-') && !w.starts_with("--") && w.contains('e'))
        })
}

/// `exit`, `exit 0` (when `success`), or `exit N` (otherwise).
fn is_exit(line: &str, success: bool) -> bool {
    let line = line.trim_end_matches(';').trim();
    match line.strip_prefix("exit") {
        Some("") => success,
        Some(rest) if rest.starts_with(' ') => (rest.trim() == "0") == success,
        _ => false,
    }
}

/// `cmd || exit 1` → (`cmd`, true): the guard makes its status decide, as `set -e` would.
fn strip_exit_guard(line: &str) -> (&str, bool) {
    match line.rsplit_once("||") {
        Some((cmd, guard)) if is_exit(guard.trim(), false) || guard.trim() == "exit" => {
            (cmd.trim(), true)
        }
        _ => (line, false),
    }
}

fn is_print(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    (first == "echo" || first == "printf") && !line.contains(['|', '&', ';', '$'])
}

const WAITS: &str = "a loop waiting for a state; the checker moves time itself and runs every check after each command, so no check waits";

/// Why a compound command is not converted, if the line opens one.
fn block_kind(line: &str) -> Option<&'static str> {
    let first = line.split([' ', ';']).next().unwrap_or("");
    match first {
        "while" | "until" => Some(WAITS),
        "for" => Some("a loop; state what it looks for as one check per object"),
        "if" | "case" => Some("a conditional block; state its condition as a check"),
        _ if line.ends_with('{') => Some("a function or group; state what it tests as checks"),
        _ => None,
    }
}

/// The index of the line closing the block opened at `start` (the last line if none does).
fn block_end(lines: &[(usize, String)], start: usize) -> usize {
    let mut depth = 0i32;
    for (k, (_, line)) in lines.iter().enumerate().skip(start) {
        for w in line.split([' ', ';', '\t']) {
            match w {
                "while" | "until" | "for" | "if" | "case" | "{" => depth += 1,
                "done" | "fi" | "esac" | "}" => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            return k;
        }
    }
    lines.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_e_gives_one_check_per_command_line() {
        let script = "#!/bin/bash\nset -euo pipefail\n\n# the pod\nkubectl get pod web\n[[ $(kubectl get pod web -o jsonpath='{.status.phase}') == Running ]]\necho ok\nexit 0\n";
        let c = convert(script);
        assert_eq!(
            c.checks,
            [
                (5, "kubectl get pod web".to_string()),
                (
                    6,
                    "[ \"$(kubectl get pod web -o jsonpath='{.status.phase}')\" = Running ]".into()
                )
            ]
        );
        assert_eq!(c.notes, [(7, "skipped: it only prints".to_string())]);
    }

    #[test]
    fn without_set_e_only_the_last_line_and_guarded_lines_count() {
        let script = "kubectl get ns\nkubectl get deploy web || exit 1\nkubectl get svc web \\\n  -o name | grep -q web\n";
        let c = convert(script);
        assert_eq!(
            c.checks,
            [
                (2, "kubectl get deploy web".to_string()),
                (3, "kubectl get svc web   -o name | grep -q web".into())
            ]
        );
        assert_eq!(
            c.notes,
            [(
                1,
                "skipped: without `set -e` its status does not decide the result".to_string()
            )]
        );
    }

    #[test]
    fn huge_scripts_and_exploding_variables_are_bounded() {
        let c = convert(&"kubectl get ns\n".repeat(MAX_LINES + 1));
        assert_eq!(c.checks, []);
        assert_eq!(
            c.notes,
            [(1, "not converted: more than 500 command lines".to_string())]
        );
        let mut script = "A=x\n".to_string();
        for _ in 0..40 {
            script.push_str("A=\"$A$A\"\n");
        }
        script.push_str("[ -n \"$A\" ]\n");
        let c = convert(&script);
        // A doubles until its assignment passes the bound (line 13); from there it stays.
        assert_eq!(c.checks, [(42, format!("[ -n \"{}\" ]", "x".repeat(2048)))]);
        let long: Vec<usize> = c
            .notes
            .iter()
            .filter(|(_, why)| why == "not converted: longer than 4096 bytes with its variables")
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(long, (13..=41).collect::<Vec<_>>());
        let nested = format!("{}{}", "$(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(
            check_line(&nested),
            Err("more than 8 nested `$(...)`".to_string())
        );
    }

    #[test]
    fn loops_writes_and_foreign_commands_are_notes() {
        let script = "set -e\nwhile ! kubectl get pod web; do\n  sleep 2\ndone\nkubectl delete pod tmp\ndocker ps | grep web\nkubectl get pod web\n";
        let c = convert(script);
        assert_eq!(c.checks, [(7, "kubectl get pod web".to_string())]);
        assert_eq!(
            c.notes,
            [
                (2, "not converted: a loop waiting for a state; the checker moves time itself and runs every check after each command, so no check waits".to_string()),
                (5, "not converted: a check may only read the cluster, not run kubectl delete".into()),
                (6, "not converted: `docker` asks the node's container runtime; the playground's containers are only seen through the API".into()),
            ]
        );
    }
}
