//! One command's help page (`kubectl get --help`): its text, examples, options and usage, from
//! the command's own table row. Kept apart from the root help, which lists every command, so the
//! command tables can render their help without depending on the list they are part of.

use super::flags::options_help;
use super::Command;
use kubeplay_core::sort::SortOnce;

/// The help of the last command of `path` (`config`, `set-context`); "" for an empty path.
pub fn command_help(path: &[&Command]) -> String {
    let Some(cmd) = path.last() else {
        return String::new();
    };
    let mut out = String::new();
    out.push_str(cmd.long.trim_end());
    out.push_str("\n\n");
    if !cmd.aliases.is_empty() {
        out.push_str(&format!(
            "Aliases:\n{}, {}\n\n",
            cmd.name,
            cmd.aliases.join(", ")
        ));
    }
    if !cmd.examples.trim().is_empty() {
        out.push_str("Examples:\n");
        // kubectl indents every example line, blank ones included, by two spaces.
        for line in cmd.examples.trim_end().lines() {
            out.push_str(if line.is_empty() { "  " } else { line });
            out.push('\n');
        }
        out.push('\n');
    }
    if !cmd.subcommands.is_empty() {
        out.push_str("Available Commands:\n");
        let width = cmd
            .subcommands
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(0)
            // kubectl pads subcommand names to at least 11 columns.
            .max(11);
        // cobra lists subcommands sorted by name.
        let mut subs: Vec<&Command> = cmd.subcommands.iter().collect();
        subs.sort_once_by_key(|c| c.name);
        for s in subs {
            out.push_str(&format!(
                "  {:width$}   {}\n",
                s.name,
                s.short,
                width = width
            ));
        }
        out.push('\n');
    }
    if !cmd.flags.is_empty() {
        out.push_str("Options:\n");
        out.push_str(&options_help(cmd.flags));
    }
    out.push_str("Usage:\n");
    out.push_str(&format!("  {}\n\n", cmd.usage));
    let words: Vec<&str> = path.iter().map(|c| c.name).collect();
    if !cmd.subcommands.is_empty() {
        out.push_str(&format!(
            "Use \"kubectl {} <command> --help\" for more information about a given command.\n",
            words.join(" ")
        ));
    }
    out.push_str(
        "Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
    );
    out
}
