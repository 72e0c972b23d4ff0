//! Real kubectl v1.32's command tree and flags, as its help lists them (`data/kubectl-flags.txt`,
//! written from the binary by `scripts/kubectl-flags.py`). kubeplay reads it to tell a command or
//! flag it has not built yet from one that does not exist, so a learner typing a real flag never
//! hears "unknown flag". The text is read in place, line by line: it is small, and a command line
//! looks it up a handful of times at most.

const DATA: &str = include_str!("../data/kubectl-flags.txt");

/// One flag of a real command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RealFlag {
    pub short: Option<char>,
    pub long: &'static str,
    /// What it takes (`string`, `int`, `duration`, `list`); `None` for a boolean.
    pub value: Option<&'static str>,
}

/// Each command's heading words (after `kubectl`) with its aliases, and its flag lines.
fn sections() -> impl Iterator<Item = (Vec<&'static str>, Vec<&'static str>, &'static str)> {
    DATA.split("\n[kubectl").skip(1).filter_map(|chunk| {
        let (heading, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let (path, aliases) = heading.split_once(']')?;
        Some((
            path.split_whitespace().collect(),
            aliases.split_whitespace().collect(),
            body,
        ))
    })
}

fn parse_flag(line: &'static str) -> Option<RealFlag> {
    let (short, long) = match line.strip_prefix('-')?.split_once(" --") {
        Some((s, l)) => (s.chars().next(), l),
        None => (None, line.strip_prefix("--")?),
    };
    let (long, value) = match long.split_once('=') {
        Some((l, v)) => (l, Some(v)),
        None => (long, None),
    };
    Some(RealFlag { short, long, value })
}

fn section_flags(body: &'static str) -> impl Iterator<Item = RealFlag> {
    body.lines().filter_map(parse_flag)
}

/// Every command path of real kubectl (`["create", "deployment"]`), the root's `[]` first.
pub fn commands() -> impl Iterator<Item = Vec<&'static str>> {
    sections().map(|(path, _, _)| path)
}

/// Whether real kubectl has this command.
pub fn is_command(path: &[&str]) -> bool {
    sections().any(|(p, _, _)| p == path)
}

/// The name of `parent`'s subcommand called `word` (or aliased so) in real kubectl.
pub fn subcommand(parent: &[&str], word: &str) -> Option<&'static str> {
    sections().find_map(|(p, aliases, _)| {
        let (last, head) = p.split_last()?;
        (head == parent && (*last == word || aliases.contains(&word))).then_some(*last)
    })
}

/// The flags real kubectl accepts on `path`: its own (inherited ones included), then the
/// global ones.
pub fn flags(path: &[&str]) -> Vec<RealFlag> {
    let of = |want: &[&str]| -> Vec<RealFlag> {
        sections()
            .filter(|(p, _, _)| p == want)
            .flat_map(|(_, _, body)| section_flags(body))
            .collect()
    };
    let mut all = if path.is_empty() {
        Vec::new()
    } else {
        of(path)
    };
    // A command's own flag hides the global one of the same name, shorthand included
    // (`config set-cluster --server` has no `-s`).
    let globals: Vec<RealFlag> = of(&[])
        .into_iter()
        .filter(|g| !all.iter().any(|f| f.long == g.long))
        .collect();
    all.extend(globals);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_tree() {
        assert!(is_command(&[]));
        assert!(is_command(&["rollout", "status"]));
        assert!(!is_command(&["rollout", "nope"]));
        assert_eq!(subcommand(&["create"], "deploy"), Some("deployment"));
        assert_eq!(subcommand(&["top"], "po"), Some("pod"));
        assert_eq!(subcommand(&[], "logs"), Some("logs"));
        assert_eq!(subcommand(&["get"], "pods"), None);
        let logs = flags(&["logs"]);
        let tail = logs.iter().find(|f| f.long == "tail");
        assert_eq!(tail.and_then(|f| f.value), Some("int"));
        let follow = logs.iter().find(|f| f.long == "follow");
        assert_eq!(follow.map(|f| (f.short, f.value)), Some((Some('f'), None)));
        // Global flags come with every command.
        assert!(logs
            .iter()
            .any(|f| f.long == "namespace" && f.short == Some('n')));
        assert!(flags(&[]).iter().any(|f| f.long == "help"));
        assert!(commands().count() > 100);
    }
}
