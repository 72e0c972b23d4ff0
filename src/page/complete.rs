//! Tab completion, as kubectl's shell completion offers it: after `kubectl`, what kubectl's own
//! `__completeNoDesc` answers (commands, flags, their values, resource types and names asked of
//! the cluster, as `kubectl completion` scripts ask it in a shell), else the shell's words and
//! the files.

use super::engine::Engine;
use crate::kubectl::cmd::complete::{COMPLETE_NO_DESC, ERROR, NO_FILE_COMP};
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
    kubectl_candidates(engine, &words[1..], current)
}

/// What kubectl's own completion (`kubectl __completeNoDesc`, the protocol of the shell scripts
/// of `kubectl completion`) offers for the word, so the page and a shell offer the same; the
/// page's files where kubectl leaves the word to the shell's file completion.
fn kubectl_candidates(engine: &mut Engine, words: &[&str], current: &str) -> Vec<String> {
    let mut args = vec![COMPLETE_NO_DESC];
    args.extend_from_slice(words);
    args.push(current);
    let out = engine.kubectl_quiet(&args);
    let stdout = out.stdout();
    let mut lines: Vec<&str> = stdout.lines().collect();
    let directive = lines
        .pop()
        .and_then(|d| d.strip_prefix(':'))
        .and_then(|d| d.parse::<u8>().ok())
        .unwrap_or(ERROR);
    if directive & ERROR != 0 {
        return vec![];
    }
    if lines.is_empty() && directive & NO_FILE_COMP == 0 {
        return files(engine);
    }
    // `--flag=value`: kubectl completes the value; the word keeps its flag.
    let flag = match current.split_once('=') {
        Some((flag, _)) if current.starts_with('-') => format!("{flag}="),
        _ => String::new(),
    };
    lines.iter().map(|c| format!("{flag}{c}")).collect()
}

fn files(engine: &Engine) -> Vec<String> {
    engine.files().names()
}
