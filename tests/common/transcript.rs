//! The transcripts' format, shared by their replay on the built-in kubectl (`transcripts.rs`)
//! and on real kubectl through `kubeplay serve` (`serve_replay`).

use kubeplay::profile::Profile;

/// A line typed in a container shell (`kubectl exec -it`) after its prompt: busybox's
/// `/tmp # ` or Debian bash's `root@web:/# `.
pub fn in_container(line: &str) -> Option<&str> {
    let (first, rest) = line.split_once(' ')?;
    if (first.starts_with('/') || first.starts_with('~')) && !first.contains('@') {
        return rest.strip_prefix("# ").or_else(|| rest.strip_prefix("$ "));
    }
    let (who, dir) = first.split_once(':')?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.@!".contains(c))
    };
    (who.contains('@') && plain(who) && (dir.ends_with('#') || dir.ends_with('$'))).then_some(rest)
}

/// Commands of a transcript: the `$ ` line (or a container shell's) plus its `> ` continuation
/// lines.
pub fn commands(text: &str) -> (String, Vec<Vec<String>>) {
    let mut header = String::new();
    let mut cmds: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if let Some(c) = line.strip_prefix("$ ").or_else(|| in_container(line)) {
            cmds.push(vec![c.to_string()]);
        } else if let (Some(c), Some(last)) = (line.strip_prefix("> "), cmds.last_mut()) {
            last.push(c.to_string());
        } else if line == ">" {
            if let Some(last) = cmds.last_mut() {
                last.push(String::new());
            }
        } else if cmds.is_empty() {
            header.push_str(line);
            header.push('\n');
        }
    }
    (header, cmds)
}

/// The profile a transcript's header names (`# profile: NAME`); minikube otherwise.
pub fn profile(header: &str) -> Profile {
    header
        .split("profile: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(Profile::by_name)
        .unwrap_or_else(Profile::minikube)
}

/// The lines before the first command, then each command with its output.
pub fn blocks(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for line in text.lines() {
        if line.starts_with("$ ") {
            out.push(String::new());
        }
        if let Some(last) = out.last_mut() {
            last.push_str(line);
            last.push('\n');
        }
    }
    out
}

/// One command of a transcript as written: its lines as typed (heredoc continuations
/// included), whether it was typed in a container's shell, and its text (echo and output).
pub struct Block {
    pub lines: Vec<String>,
    pub container: bool,
    pub text: String,
}

/// The lines before the first command, then each command's block, split where `commands`
/// splits them.
pub fn command_blocks(text: &str) -> (String, Vec<Block>) {
    let mut header = String::new();
    let mut out: Vec<Block> = Vec::new();
    let mut in_output = true;
    for line in text.lines() {
        let start = line
            .strip_prefix("$ ")
            .map(|c| (c, false))
            .or_else(|| in_container(line).map(|c| (c, true)));
        if let Some((c, container)) = start {
            out.push(Block {
                lines: vec![c.to_string()],
                container,
                text: String::new(),
            });
            in_output = false;
        } else if let (false, Some(last)) = (in_output, out.last_mut()) {
            match line.strip_prefix("> ") {
                Some(c) => last.lines.push(c.to_string()),
                None if line == ">" => last.lines.push(String::new()),
                None => in_output = true,
            }
        }
        match out.last_mut() {
            Some(last) => {
                last.text.push_str(line);
                last.text.push('\n');
            }
            None => {
                header.push_str(line);
                header.push('\n');
            }
        }
    }
    (header, out)
}
