//! `touch` and `rm` inside a container, on its files.

use kubeplay_core::output::Output;

use super::files::Shared;

/// Options first, then operands (`--` ends the options).
fn split(args: &[String]) -> (Vec<&str>, Vec<&str>) {
    let mut flags = Vec::new();
    let mut operands = Vec::new();
    let mut ended = false;
    for a in args {
        if !ended && a == "--" {
            ended = true;
        } else if !ended && a.starts_with('-') && a.len() > 1 {
            flags.push(a.as_str());
        } else {
            operands.push(a.as_str());
        }
    }
    (flags, operands)
}

pub fn touch(files: &Shared, args: &[String], o: &mut Output) -> i32 {
    let (_, operands) = split(args);
    if operands.is_empty() {
        o.err("touch: missing file operand\n");
        return 1;
    }
    for path in operands {
        files.touch(path);
    }
    0
}

pub fn rm(files: &Shared, args: &[String], o: &mut Output) -> i32 {
    let (flags, operands) = split(args);
    let has = |c: char| flags.iter().any(|f| !f.starts_with("--") && f.contains(c));
    let force = has('f') || flags.contains(&"--force");
    let recursive = has('r') || has('R') || flags.contains(&"--recursive");
    if operands.is_empty() && !force {
        o.err("rm: missing operand\n");
        return 1;
    }
    let mut code = 0;
    for path in operands {
        if files.is_dir(path) && !recursive {
            o.err(format!("rm: cannot remove '{path}': Is a directory\n"));
            code = 1;
        } else if !files.remove(path, recursive) && !force {
            o.err(format!(
                "rm: cannot remove '{path}': No such file or directory\n"
            ));
            code = 1;
        }
    }
    code
}

/// `tail [-n N] [-f|-F] [FILE…]`: the last lines of each file (or of its input). True when it
/// follows, which never ends.
pub fn tail(files: &Shared, args: &[String], stdin: Option<&str>, o: &mut Output) -> bool {
    let mut follow = false;
    let mut n: usize = 10;
    let mut paths: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-f" | "-F" | "--follow" | "--retry" => follow = true,
            "-n" | "--lines" => n = it.next().and_then(|v| v.parse().ok()).unwrap_or(n),
            _ if a.starts_with("-n") => n = a[2..].parse().unwrap_or(n),
            _ if a.starts_with('-')
                && a[1..].chars().all(|c| c.is_ascii_digit())
                && a.len() > 1 =>
            {
                n = a[1..].parse().unwrap_or(n)
            }
            _ => paths.push(a),
        }
    }
    let last = |text: &str| {
        let lines: Vec<&str> = text.lines().collect();
        let from = lines.len().saturating_sub(n);
        lines[from..]
            .iter()
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    };
    if paths.is_empty() {
        o.out(last(stdin.unwrap_or("")));
    }
    for path in paths {
        match files.read_text(path) {
            Some(text) => o.out(last(&text)),
            None => {
                o.err(format!(
                    "tail: cannot open '{path}' for reading: No such file or directory\n"
                ));
                o.exit_code = 1;
            }
        }
    }
    follow
}
