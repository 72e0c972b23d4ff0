//! `kubectl completion SHELL`: a script that makes the shell complete kubectl's words. Real
//! kubectl prints cobra's generated scripts; kubeplay prints short ones of its own (`*.sh`,
//! `*.zsh`, `*.fish`, `*.ps1` beside this file) that speak the same protocol: each asks
//! `kubectl __complete ...` (`cmd/complete`) through the native CLI, `kubeplay -c`, and
//! offers what it prints according to its directive. The help is in kubeplay's words.

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::Ctx;

pub const FLAGS: &[Flag] = &[];

pub const USAGE: &str = "kubectl completion SHELL [options]";

pub const LONG: &str = "Print a script that makes the given shell (bash, zsh, fish or powershell) complete kubectl's commands, flags and the cluster's names. Load it in the shell, or from the shell's startup file, to get completion in every session.

 In kubeplay the script is kubeplay's own: each completion runs the native CLI, kubeplay -c 'kubectl __complete ...', and offers what it prints.";

pub const EXAMPLES: &str = include_str!("examples.txt");

const BASH: &str = include_str!("kubectl.sh");
const ZSH: &str = include_str!("kubectl.zsh");
const FISH: &str = include_str!("kubectl.fish");
const POWERSHELL: &str = include_str!("kubectl.ps1");

/// `completion`'s argument, checked.
pub struct CompletionOptions {
    shell: &'static str,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CompletionOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

impl CompletionOptions {
    pub fn complete(args: &Args) -> Result<CompletionOptions, KError> {
        let shell = match args.positionals.as_slice() {
            [] => return Err(KError::Usage("Shell not specified.".into())),
            [shell] => shell.as_str(),
            _ => {
                return Err(KError::Usage(
                    "Too many arguments. Expected only the shell type.".into(),
                ))
            }
        };
        let Some(script) = script(shell) else {
            return Err(KError::Usage(format!(
                "Unsupported shell type \"{shell}\"."
            )));
        };
        Ok(CompletionOptions { shell: script })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        ctx.print(self.shell);
        Ok(())
    }
}

/// The script for a shell kubectl supports.
fn script(shell: &str) -> Option<&'static str> {
    match shell {
        "bash" => Some(BASH),
        "zsh" => Some(ZSH),
        "fish" => Some(FISH),
        "powershell" => Some(POWERSHELL),
        _ => None,
    }
}
