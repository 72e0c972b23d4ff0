//! Help pages in kubectl's layout (description, Examples, Options, Usage), in our own words, and
//! cobra's "unknown command" with suggestions.

use super::cmd::COMMANDS;
use super::usage::command_help;
use super::Command;

/// The help for `kubectl [COMMAND...] --help`: the root listing when no command is named.
pub fn help_for(path: &[&Command]) -> String {
    if path.is_empty() {
        root_help()
    } else {
        command_help(path)
    }
}

pub fn root_help() -> String {
    let mut out = String::from(
        "kubectl controls the Kubernetes cluster manager.\n\n This is the kubeplay cluster: everything runs in your browser tab.\n\n",
    );
    let groups: &[(&str, &[&str])] = &[
        (
            "Basic Commands (Beginner)",
            &["create", "expose", "run", "set"],
        ),
        (
            "Basic Commands (Intermediate)",
            &["explain", "get", "edit", "delete"],
        ),
        ("Deploy Commands", &["rollout", "scale", "autoscale"]),
        (
            "Cluster Management Commands",
            &[
                "certificate",
                "cluster-info",
                "top",
                "cordon",
                "uncordon",
                "drain",
                "taint",
            ],
        ),
        (
            "Troubleshooting and Debugging Commands",
            &[
                "describe",
                "logs",
                "attach",
                "exec",
                "port-forward",
                "proxy",
                "cp",
                "auth",
                "debug",
                "events",
            ],
        ),
        (
            "Advanced Commands",
            &["diff", "apply", "patch", "replace", "wait", "kustomize"],
        ),
        ("Settings Commands", &["label", "annotate", "completion"]),
        (
            "Other Commands",
            &[
                "api-resources",
                "api-versions",
                "config",
                "plugin",
                "version",
            ],
        ),
    ];
    for (title, names) in groups {
        let cmds: Vec<&Command> = names
            .iter()
            .filter_map(|n| COMMANDS.iter().find(|c| c.name == *n))
            .collect();
        if cmds.is_empty() {
            continue;
        }
        out.push_str(&format!("{title}:\n"));
        for c in cmds {
            out.push_str(&format!("  {:<16}{}\n", c.name, c.short));
        }
        out.push('\n');
    }
    out.push_str("Usage:\n  kubectl [flags] [options]\n\n");
    out.push_str("Use \"kubectl <command> --help\" for more information about a given command.\n");
    out.push_str(
        "Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
    );
    out
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let v = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            cur.push(v);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Cobra's error for an unknown command, with its "Did you mean this?" suggestions.
pub fn unknown_command(word: &str) -> String {
    let lower = word.to_lowercase();
    let suggestions: Vec<&str> = COMMANDS
        .iter()
        .filter(|c| levenshtein(&lower, c.name) <= 2 || c.name.starts_with(&lower))
        .map(|c| c.name)
        .collect();
    let mut out = format!("error: unknown command \"{word}\" for \"kubectl\"\n");
    if !suggestions.is_empty() {
        out.push_str("\nDid you mean this?\n");
        for s in suggestions {
            out.push_str(&format!("\t{s}\n"));
        }
    }
    out
}
