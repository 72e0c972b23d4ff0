//! cobra's completion protocol, which the shell scripts of `kubectl completion` call:
//! `kubectl __complete ARGS... WORD` (or `__completeNoDesc`) prints the candidates for WORD, one
//! a line as `name<TAB>description`, then `:<directive>`, and says on stderr how it ended. What
//! is offered follows cobra 1.8 as kubectl v1.32 sets it up: subcommands, flags once a `-` is
//! typed, a flag's values, and the arguments each command's completion function gives
//! (`candidates.rs`), with names asked of the server as kubectl asks them.

mod candidates;
mod lookup;

use super::super::flags::{Flag, Kind, GLOBAL};
use super::super::{find_command, Command, Ctx};
use crate::cmd::COMMANDS;
use kubeplay_core::sort::SortOnce;

/// cobra's ShellCompDirective bits.
pub const ERROR: u8 = 1;
pub const NO_SPACE: u8 = 2;
pub const NO_FILE_COMP: u8 = 4;

/// The hidden commands' names: with descriptions, and without.
pub const COMPLETE: &str = "__complete";
pub const COMPLETE_NO_DESC: &str = "__completeNoDesc";

/// What one completion request came to.
pub struct Answer {
    pub candidates: Vec<(String, String)>,
    pub directive: u8,
}

/// `kubectl __complete ARGS...`: the candidates, then the directive, as cobra prints them.
pub fn run(ctx: &mut Ctx, args: &[String], descriptions: bool) {
    if args.is_empty() {
        ctx.eprint("error: requires at least 1 arg(s), only received 0\n");
        ctx.out.exit_code = 1;
        return;
    }
    let answer = answer(ctx, args);
    let mut out = String::new();
    for (name, desc) in &answer.candidates {
        // cobra keeps a description's first line only.
        let desc = desc.lines().next().unwrap_or("");
        match descriptions && !desc.is_empty() {
            true => out.push_str(&format!("{name}\t{desc}\n")),
            false => out.push_str(&format!("{name}\n")),
        }
    }
    out.push_str(&format!(":{}\n", answer.directive));
    ctx.print(out);
    ctx.eprint(format!(
        "Completion ended with directive: {}\n",
        directive_names(answer.directive)
    ));
}

/// cobra's names for the directive's bits, joined as it joins them.
fn directive_names(d: u8) -> String {
    let names = [
        (ERROR, "ShellCompDirectiveError"),
        (NO_SPACE, "ShellCompDirectiveNoSpace"),
        (NO_FILE_COMP, "ShellCompDirectiveNoFileComp"),
        (8, "ShellCompDirectiveFilterFileExt"),
        (16, "ShellCompDirectiveFilterDirs"),
        (32, "ShellCompDirectiveKeepOrder"),
    ];
    let set: Vec<&str> = names
        .iter()
        .filter(|(bit, _)| d & bit != 0)
        .map(|(_, n)| *n)
        .collect();
    match set.is_empty() {
        true => "ShellCompDirectiveDefault".to_string(),
        false => set.join(", "),
    }
}

/// The words of the line as cobra reads them: the command, its flags, its arguments.
pub struct Line<'a> {
    pub path: Vec<&'static Command>,
    pub args: Vec<&'a str>,
    /// Flags given (long names), with their values, for those already set and for `-n`.
    pub set: Vec<(&'static str, &'a str)>,
    /// The flag whose value the last word is, if the word before it was one wanting a value.
    pub value_of: Option<&'static str>,
}

fn answer(ctx: &mut Ctx, args: &[String]) -> Answer {
    let Some((to_complete, words)) = args.split_last() else {
        return Answer {
            candidates: vec![],
            directive: NO_FILE_COMP,
        };
    };
    let line = read_line(words);
    if line.path.is_empty() && !line.args.is_empty() {
        // No such command: kubectl looks for a plugin to complete, finds none, and says so.
        if words.first().is_some_and(|w| !w.starts_with('-')) {
            ctx.eprint("[Debug] Cleared global flags for plugin completion\n");
        }
        ctx.eprint(format!(
            "[Debug] [Error] unable to find a command for arguments: [{}]\n",
            words.join(" ")
        ));
        return Answer {
            candidates: vec![],
            directive: 0,
        };
    }
    if let Some(flag) = line.value_of {
        return candidates::flag_values(ctx, &line, flag, to_complete);
    }
    if let Some((name, value)) = to_complete.split_once('=') {
        if let Some(f) = name
            .strip_prefix('-')
            .and_then(|n| find_flag(&line, n.trim_start_matches('-')))
        {
            // cobra completes the value alone: the shell keeps what precedes it.
            return candidates::flag_values(ctx, &line, f.long, value);
        }
    }
    if to_complete.starts_with('-') && !to_complete.contains('=') {
        return Answer {
            candidates: flag_names(&line, to_complete),
            directive: NO_FILE_COMP,
        };
    }
    let level = line.path.last().map_or(COMMANDS, |c| c.subcommands);
    if !level.is_empty() && line.args.is_empty() {
        return Answer {
            candidates: subcommands(&line, to_complete),
            directive: NO_FILE_COMP,
        };
    }
    candidates::arguments(ctx, &line, to_complete)
}

/// Walk the words: the command path, the flags (and the values they take), the arguments.
fn read_line(words: &[String]) -> Line<'_> {
    let (path, _) = find_command(words);
    let mut line = Line {
        path,
        args: vec![],
        set: vec![],
        value_of: None,
    };
    let names: Vec<&str> = line.path.iter().map(|c| c.name).collect();
    let mut remaining = names.as_slice();
    let mut wanting: Option<&'static str> = None;
    let mut dash = false;
    for w in words {
        if let Some(f) = wanting.take() {
            line.set.push((f, w));
            continue;
        }
        if dash || !w.starts_with('-') || w == "-" {
            match remaining.split_first() {
                Some((first, rest))
                    if line.args.is_empty() && !dash && is_named(&line, first, w) =>
                {
                    remaining = rest;
                }
                _ => line.args.push(w),
            }
            continue;
        }
        if w == "--" {
            dash = true;
            continue;
        }
        let (name, value) = match w.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (w.as_str(), None),
        };
        let Some(f) = find_flag(&line, name.trim_start_matches('-')) else {
            continue;
        };
        match (value, takes_value(&f)) {
            (Some(v), _) => line.set.push((f.long, v)),
            (None, true) => wanting = Some(f.long),
            (None, false) => line.set.push((f.long, "true")),
        }
    }
    line.value_of = wanting;
    line
}

/// Whether `word` names the command `name` of the path (by its name or an alias).
fn is_named(line: &Line, name: &str, word: &str) -> bool {
    line.path
        .iter()
        .find(|c| c.name == name)
        .is_some_and(|c| c.name == word || c.aliases.contains(&word))
}

fn takes_value(f: &Flag) -> bool {
    !matches!(f.kind, Kind::Bool | Kind::OptStr(_))
}

/// The command's own flags and kubectl's global ones.
fn all_flags(line: &Line) -> (Vec<Flag>, Vec<Flag>) {
    let own = line.path.last().map_or(&[][..], |c| c.flags).to_vec();
    (own, GLOBAL.to_vec())
}

fn find_flag(line: &Line, name: &str) -> Option<Flag> {
    let (own, global) = all_flags(line);
    own.into_iter()
        .chain(global)
        .find(|f| f.long == name || (name.chars().count() == 1 && f.short == name.chars().next()))
}

/// cobra's flag names for a word starting with `-`: the global flags, then the command's own
/// (with `--help`), each sorted, skipping those already given unless they repeat.
fn flag_names(line: &Line, to_complete: &str) -> Vec<(String, String)> {
    let (own, global) = all_flags(line);
    let cmd = line.path.last().map_or("kubectl", |c| c.name);
    let mut global: Vec<Flag> = global.into_iter().filter(|f| f.long != "help").collect();
    let mut own = own;
    if let Some(help) = GLOBAL.iter().find(|f| f.long == "help") {
        own.push(*help);
    }
    let mut out = Vec::new();
    for group in [&mut global, &mut own] {
        group.sort_once_by_key(|f| f.long);
        for f in group.iter() {
            let repeats = matches!(f.kind, Kind::Slice | Kind::Array);
            if !repeats && line.set.iter().any(|(n, _)| *n == f.long) {
                continue;
            }
            let usage = match f.long {
                "help" => format!("help for {cmd}"),
                _ => f.usage.to_string(),
            };
            let long = format!("--{}", f.long);
            if long.starts_with(to_complete) {
                out.push((long, usage.clone()));
            }
            if let Some(s) = f.short.map(|c| format!("-{c}")) {
                if s.starts_with(to_complete) {
                    out.push((s, usage));
                }
            }
        }
    }
    out
}

/// The subcommands (at the top, kubectl's commands) whose name starts with the word, sorted as
/// cobra sorts them; a command kubeplay only names but real kubectl hides is left out.
fn subcommands(line: &Line, to_complete: &str) -> Vec<(String, String)> {
    let level = line.path.last().map_or(COMMANDS, |c| c.subcommands);
    let mut out: Vec<(String, String)> = level
        .iter()
        .filter(|c| c.name.starts_with(to_complete) && !HIDDEN.contains(&c.name))
        .map(|c| (c.name.to_string(), c.short.to_string()))
        .collect();
    out.sort_once_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Commands real kubectl does not offer: `alpha` has no command available in v1.32.
const HIDDEN: &[&str] = &["alpha"];

#[cfg(test)]
mod tests;
