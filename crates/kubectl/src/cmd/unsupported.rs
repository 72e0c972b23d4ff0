//! Commands and flags a browser cluster cannot honestly offer yet: they say so in one line, in
//! kubectl's error style, before any flag is parsed, instead of pretending or calling a real flag
//! unknown. What is missing follows from real kubectl's tree (`reference`) and what kubeplay's
//! command table declares: a command that gains a flag by declaring it stops being refused it.

use crate::error::KError;
use crate::flags::{Args, Flag, Kind, GLOBAL};
use crate::reference::{self, RealFlag};
use crate::{Command, Ctx, RunFn};

/// The one line for a command or flag kubeplay lacks (`kubectl logs`, `kubectl taint --validate`).
pub fn not_available(what: &str) -> KError {
    KError::msg(format!(
        "\"kubectl {what}\" is not available in kubeplay yet"
    ))
}

/// The one line for a command that needs what this host cannot offer (an editor for
/// `kubectl edit`), where other hosts can.
pub fn not_available_here(what: &str) -> KError {
    KError::msg(format!(
        "\"kubectl {what}\" needs an editor, which this session does not have"
    ))
}

pub fn run(ctx: &mut Ctx, _args: &Args) -> Result<(), KError> {
    Err(not_available(&ctx.cmd_path))
}

/// Whether a table entry only stands for a command kubeplay has not built (`cmd::todo`).
pub fn is_placeholder(cmd: &Command) -> bool {
    std::ptr::fn_addr_eq(cmd.run, run as RunFn)
}

/// Refuse what real kubectl has and kubeplay lacks, before the flags are parsed: a command or
/// subcommand (`rollout status`, `help`), then the first real flag the command does not declare.
/// A flag neither knows is left to the parser, which calls it unknown as kubectl does.
pub fn refuse_missing(path: &[&Command], rest: &[String]) -> Result<(), KError> {
    let names: Vec<&str> = path.iter().map(|c| c.name).collect();
    let known = Known {
        declared: path.last().map(|c| c.flags).unwrap_or(&[]),
        real: reference::flags(&names),
    };
    let steps = steps(rest, &known);
    let real = real_path(&names, &steps);
    if real.len() > names.len() || path.last().is_some_and(|c| is_placeholder(c)) {
        return Err(refuse_command(&real, rest));
    }
    // An unknown command is cobra's error before any flag's.
    if path.is_empty() && steps.iter().any(|s| matches!(s, Step::Word(_))) {
        return Ok(());
    }
    match steps.iter().find(|s| !matches!(s, Step::Word(_))) {
        Some(Step::Missing(long)) => {
            let flag = format!("--{long}");
            Err(not_available(&[names, vec![&flag]].concat().join(" ")))
        }
        _ => Ok(()),
    }
}

/// The real command the line names: kubeplay's path, then the words after it that name real
/// subcommands (`top` `po` → `top pod`).
fn real_path<'a>(names: &[&'a str], steps: &[Step]) -> Vec<&'a str> {
    let mut real = names.to_vec();
    for step in steps {
        let Step::Word(word) = step else { continue };
        match reference::subcommand(&real, word) {
            Some(name) => real.push(name),
            None => break,
        }
    }
    real
}

/// The refusal of a command kubeplay lacks, unless one of its flags is one real kubectl would
/// have called unknown first.
fn refuse_command(real: &[&str], rest: &[String]) -> KError {
    let known = Known {
        declared: &[],
        real: reference::flags(real),
    };
    let path = real.join(" ");
    match steps(rest, &known).pop() {
        Some(Step::Unknown(why)) => KError::Raw(format!(
            "error: {why}\nSee 'kubectl {path} --help' for usage.\n"
        )),
        _ => not_available(&path),
    }
}

/// The flags a command line may name: the command's declared ones (kubeplay's global flags
/// included, as the parser adds them) and real kubectl's for the same command.
struct Known<'a> {
    declared: &'a [Flag],
    real: Vec<RealFlag>,
}

impl Known<'_> {
    fn declared(&self, long: Option<&str>, short: Option<char>) -> Option<Flag> {
        let hit = |f: &&Flag| match long {
            Some(l) => f.long == l,
            None => short.is_some() && f.short == short,
        };
        self.declared
            .iter()
            .find(hit)
            .or(GLOBAL.iter().find(hit))
            .copied()
    }
    fn real(&self, long: Option<&str>, short: Option<char>) -> Option<RealFlag> {
        self.real.iter().copied().find(|f| match long {
            Some(l) => f.long == l,
            None => short.is_some() && f.short == short,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Step<'a> {
    /// A word that is not a flag or a flag's value.
    Word(&'a str),
    /// A real flag the command does not declare, by its long name.
    Missing(&'static str),
    /// A flag nobody has, with pflag's words for it: the walk stops there, not knowing whether
    /// it takes a value.
    Unknown(String),
}

/// argv's words and flags up to `--`, each flag's separate value skipped (pflag's rules: a value
/// flag takes the next word unless written `--f=v`; in `-abc` a value flag takes the rest).
fn steps<'a>(rest: &'a [String], known: &Known) -> Vec<Step<'a>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(arg) = rest.get(i) {
        i += 1;
        if arg == "--" {
            break;
        }
        if let Some(body) = arg.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, _)) => (n, true),
                None => (body, false),
            };
            let takes = if let Some(f) = known.declared(Some(name), None) {
                !matches!(f.kind, Kind::Bool | Kind::OptStr(_))
            } else if let Some(f) = known.real(Some(name), None) {
                out.push(Step::Missing(f.long));
                f.value.is_some()
            } else {
                out.push(Step::Unknown(format!("unknown flag: --{name}")));
                break;
            };
            if takes && !inline {
                i += 1;
            }
        } else if arg.len() > 1 && arg.starts_with('-') {
            match short_cluster(arg, known, &mut out) {
                Some(value_next) => i += usize::from(value_next),
                None => break,
            }
        } else {
            out.push(Step::Word(arg));
        }
    }
    out
}

/// One `-abc` word: boolean shorthands up to a value flag, which takes the rest or, at the end,
/// the next word (`Some(true)`). `None` when a shorthand nobody has stops the walk.
fn short_cluster(arg: &str, known: &Known, out: &mut Vec<Step>) -> Option<bool> {
    let mut it = arg.char_indices().skip(1).peekable();
    while let Some((at, c)) = it.next() {
        let takes = if let Some(f) = known.declared(None, Some(c)) {
            f.kind != Kind::Bool
        } else if let Some(f) = known.real(None, Some(c)) {
            out.push(Step::Missing(f.long));
            f.value.is_some()
        } else {
            // pflag names what is left of the cluster from the unknown letter on.
            out.push(Step::Unknown(format!(
                "unknown shorthand flag: '{c}' in -{}",
                &arg[at..]
            )));
            return None;
        };
        if takes || it.peek().map(|(_, n)| *n) == Some('=') {
            return Some(takes && it.peek().is_none());
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The refusal for a command line (argv without `kubectl`), as printed.
    fn refusal(line: &str) -> Option<String> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        let (path, rest) = crate::find_command(&args);
        refuse_missing(&path, &rest).err().map(|e| e.render(""))
    }

    fn line(what: &str) -> Option<String> {
        Some(format!(
            "error: \"kubectl {what}\" is not available in kubeplay yet\n"
        ))
    }

    #[test]
    fn flag_values_are_skipped_as_pflag_reads_them() {
        assert_eq!(refusal("get pods -l --vmodule"), None);
        assert_eq!(refusal("get pods --selector --vmodule -o wide"), None);
        assert_eq!(
            refusal("get pods -owide --vmodule=x"),
            line("get --vmodule")
        );
        assert_eq!(
            refusal("-n kube-system get pods -A --vmodule x"),
            line("get --vmodule")
        );
        assert_eq!(refusal("get pods -- --vmodule"), None);
        assert_eq!(refusal("--vmodule=x"), line("--vmodule"));
    }

    #[test]
    fn commands_before_flags() {
        assert_eq!(
            refusal("certificate approve csr-1 --force"),
            line("certificate approve")
        );
        assert_eq!(refusal("plugin -n x list"), line("plugin list"));
        assert_eq!(refusal("proxy -p 8001"), line("proxy"));
        // Not real commands: cobra's own errors, later.
        assert_eq!(refusal("bogus --vmodule=x"), None);
        assert_eq!(refusal("get rollout"), None);
    }

    #[test]
    fn unknown_flags_of_missing_commands_are_kubectls_errors() {
        assert_eq!(
            refusal("proxy -x --port=8001"),
            Some(
                "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl proxy --help' for usage.\n"
                    .into()
            )
        );
        assert_eq!(
            refusal("plugin list --tail=1"),
            Some(
                "error: unknown flag: --tail\nSee 'kubectl plugin list --help' for usage.\n".into()
            )
        );
    }
}
