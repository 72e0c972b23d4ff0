//! Tab completion, as kubectl's shell completion offers it: commands, subcommands, flags, resource
//! types, object names, namespaces, files and output formats. Names come from the cluster through
//! kubectl itself (`api-resources -o name`, `get TYPE -o name`), never from the store.

use super::engine::Engine;
use crate::kubectl::cmd::COMMANDS;
use crate::kubectl::flags::{self, Flag, Kind};
use crate::kubectl::Command;
use kubeplay_core::sort::SortOnce;

/// What a Tab press produced: the new text before the cursor, and the choices when ambiguous.
#[derive(Debug, PartialEq)]
pub struct Completion {
    pub text: String,
    pub choices: Vec<String>,
}

const SHELL_WORDS: &[&str] = &[
    "kubectl", "k", "clear", "echo", "cat", "ls", "sleep", "help",
];
const OUTPUTS: &[&str] = &[
    "json",
    "yaml",
    "wide",
    "name",
    "custom-columns=",
    "jsonpath=",
    "go-template=",
];
/// Commands whose first argument is a resource type and the second an object name.
const TYPED: &[&str] = &[
    "get",
    "describe",
    "delete",
    "edit",
    "label",
    "annotate",
    "scale",
    "patch",
    "explain",
    "rollout",
    "expose",
    "autoscale",
    "set",
    "wait",
];
/// Commands whose first argument is a pod.
const POD_ARG: &[&str] = &["logs", "exec", "attach", "port-forward", "cp", "debug"];

fn find(level: &'static [Command], name: &str) -> Option<&'static Command> {
    level
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

fn takes_value(f: &Flag) -> bool {
    !matches!(f.kind, Kind::Bool | Kind::OptStr(_))
}

fn flag_named<'a>(flags: &'a [Flag], word: &str) -> Option<&'a Flag> {
    if let Some(long) = word.strip_prefix("--") {
        return flags.iter().find(|f| f.long == long);
    }
    let mut chars = word.strip_prefix('-')?.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    flags.iter().find(|f| f.short == Some(c))
}

/// Complete the last word of `before` (the text left of the cursor).
pub fn complete(engine: &mut Engine, before: &str) -> Completion {
    let mut words: Vec<&str> = before.split_whitespace().collect();
    let current = if before.ends_with(char::is_whitespace) || before.is_empty() {
        ""
    } else {
        words.pop().unwrap_or("")
    };
    let head = &before[..before.len() - current.len()];
    let choices = candidates(engine, &words, current);
    let mut matching: Vec<String> = choices
        .into_iter()
        .filter(|c| c.starts_with(current))
        .collect();
    matching.sort_once();
    matching.dedup();
    match matching.len() {
        0 => Completion {
            text: before.to_string(),
            choices: vec![],
        },
        1 => {
            let w = &matching[0];
            let space = if w.ends_with('=') || w.ends_with('/') {
                ""
            } else {
                " "
            };
            Completion {
                text: format!("{head}{w}{space}"),
                choices: vec![],
            }
        }
        _ => {
            let common = common_prefix(&matching);
            let progressed = common.len() > current.len();
            Completion {
                text: format!(
                    "{head}{}",
                    if progressed { common.as_str() } else { current }
                ),
                choices: if progressed { vec![] } else { matching },
            }
        }
    }
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut n = first.len();
    for w in words {
        n = n.min(
            first
                .char_indices()
                .zip(w.chars())
                .take_while(|((_, a), b)| a == b)
                .map(|((i, a), _)| i + a.len_utf8())
                .last()
                .unwrap_or(0),
        );
    }
    first[..n].to_string()
}

fn candidates(engine: &mut Engine, words: &[&str], current: &str) -> Vec<String> {
    let Some(first) = words.first() else {
        return SHELL_WORDS.iter().map(|s| s.to_string()).collect();
    };
    if *first != "kubectl" && *first != "k" {
        return files(engine);
    }
    // Walk the words: command path, flags (and the values they consume), positionals.
    let mut level: &'static [Command] = COMMANDS;
    let mut path: Vec<&'static Command> = Vec::new();
    let mut positionals: Vec<&str> = Vec::new();
    let mut namespace: Option<&str> = None;
    let mut pending: Option<&str> = None;
    for w in &words[1..] {
        if let Some(f) = pending.take() {
            if f == "namespace" {
                namespace = Some(w);
            }
            continue;
        }
        let flags = all_flags(path.last().copied());
        if w.starts_with('-') {
            if let Some((name, value)) = w.split_once('=') {
                if flag_named(&flags, name).is_some_and(|f| f.long == "namespace") {
                    namespace = Some(value);
                }
            } else if let Some(f) = flag_named(&flags, w) {
                if takes_value(f) {
                    pending = Some(f.long);
                }
            }
            continue;
        }
        if positionals.is_empty() {
            if let Some(c) = find(level, w) {
                path.push(c);
                level = c.subcommands;
                continue;
            }
        }
        positionals.push(w);
    }
    let cmd = path.last().copied();
    if let Some(f) = pending {
        return flag_values(engine, f);
    }
    if current.starts_with('-') {
        if let Some((name, _)) = current.split_once('=') {
            let flags = all_flags(cmd);
            return match flag_named(&flags, name) {
                Some(f) => flag_values(engine, f.long)
                    .into_iter()
                    .map(|v| format!("{name}={v}"))
                    .collect(),
                None => vec![],
            };
        }
        return all_flags(cmd)
            .iter()
            .map(|f| format!("--{}", f.long))
            .collect();
    }
    let Some(cmd) = cmd else {
        return COMMANDS.iter().map(|c| c.name.to_string()).collect();
    };
    if !cmd.subcommands.is_empty() && positionals.is_empty() {
        return cmd.subcommands.iter().map(|c| c.name.to_string()).collect();
    }
    let ns = namespace.map(String::from);
    if TYPED.contains(&cmd.name) && path.len() == 1 {
        return match positionals.as_slice() {
            [] => {
                if let Some((ty, _)) = current.split_once('/') {
                    return names(engine, ty, ns.as_deref())
                        .into_iter()
                        .map(|n| format!("{ty}/{n}"))
                        .collect();
                }
                resource_types(engine)
            }
            [ty, ..] => names(engine, ty, ns.as_deref()),
        };
    }
    if POD_ARG.contains(&cmd.name) && positionals.is_empty() {
        return names(engine, "pods", ns.as_deref());
    }
    vec![]
}

fn all_flags(cmd: Option<&'static Command>) -> Vec<Flag> {
    let mut v: Vec<Flag> = cmd.map(|c| c.flags.to_vec()).unwrap_or_default();
    v.extend_from_slice(flags::GLOBAL);
    v
}

fn flag_values(engine: &mut Engine, flag: &str) -> Vec<String> {
    match flag {
        "namespace" => names(engine, "namespaces", None),
        "output" => OUTPUTS.iter().map(|s| s.to_string()).collect(),
        "filename" | "kubeconfig" => files(engine),
        _ => vec![],
    }
}

fn files(engine: &Engine) -> Vec<String> {
    engine.files().names()
}

fn resource_types(engine: &mut Engine) -> Vec<String> {
    let out = engine.kubectl_quiet(&["api-resources", "-o", "name"]);
    out.stdout()
        .lines()
        .map(|l| l.split('.').next().unwrap_or(l).to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn names(engine: &mut Engine, ty: &str, ns: Option<&str>) -> Vec<String> {
    let mut args = vec!["get", ty, "-o", "name"];
    if let Some(ns) = ns {
        args.push("-n");
        args.push(ns);
    }
    let out = engine.kubectl_quiet(&args);
    out.stdout()
        .lines()
        .map(|l| l.rsplit('/').next().unwrap_or(l).to_string())
        .filter(|l| !l.is_empty())
        .collect()
}
