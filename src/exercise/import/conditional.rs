//! The `if` blocks verify scripts use to set their status, turned into the condition they test:
//! `if ! C; then exit 1; fi` and `if C; then exit 0; else exit 1; fi` both mean "C must hold".
//! `echo` lines in the branches only print and are dropped.

/// The condition an `if` block (its lines joined with `; `) makes decide the verdict, if it is
/// one of those two shapes.
pub fn if_condition(block: &str) -> Option<String> {
    let block = normalize(block);
    let inner = block.strip_prefix("if ")?.strip_suffix("fi")?.trim_end();
    let inner = inner.trim_end_matches(';').trim_end();
    let (cond, rest) = inner.split_once("; then ")?;
    let (then_part, else_part) = match rest.split_once("; else ") {
        Some((t, e)) => (t, Some(e)),
        None => (rest, None),
    };
    let then_exit = branch_exit(then_part)?;
    let else_exit = else_part.map(branch_exit);
    match (cond.strip_prefix("! "), then_exit, else_exit) {
        (Some(c), code, None | Some(Some(0))) if code != 0 => Some(c.trim().to_string()),
        (None, 0, Some(Some(code))) if code != 0 => Some(cond.trim().to_string()),
        _ => None,
    }
}

/// Joined lines read as one: `then;` and `else;` are the keyword alone on its line.
fn normalize(block: &str) -> String {
    block
        .replace("then; ", "then ")
        .replace("else; ", "else ")
        .replace("; ;", ";")
}

/// The status a branch exits with, if it is `echo`s then `exit N`.
fn branch_exit(branch: &str) -> Option<i32> {
    let statements: Vec<&str> = branch
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let (last, before) = statements.split_last()?;
    if !before
        .iter()
        .all(|s| s.starts_with("echo ") || *s == "echo")
    {
        return None;
    }
    match last.strip_prefix("exit")?.trim() {
        "" => None,
        code => code.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::if_condition;

    #[test]
    fn the_two_shapes_give_their_condition() {
        assert_eq!(
            if_condition("if ! kubectl get ns dev; then echo \"missing\"; exit 1; fi"),
            Some("kubectl get ns dev".into())
        );
        assert_eq!(
            if_condition("if [ \"$(kubectl get pod web -o name)\" = pod/web ]; then; exit 0; else; echo no; exit 1; fi"),
            Some("[ \"$(kubectl get pod web -o name)\" = pod/web ]".into())
        );
        // Success when the condition fails, or branches that do more than print: kept as is.
        assert_eq!(if_condition("if kubectl get ns dev; then exit 1; fi"), None);
        assert_eq!(
            if_condition("if ! kubectl get ns dev; then kubectl create ns dev; exit 1; fi"),
            None
        );
    }
}
