//! What a snapshot of the page keeps of the interactive shell between two commands: its
//! variables, aliases, `$?` and job numbering. A half-typed command, held output and running
//! jobs are not kept, so there is no saved shell while any of them exists.

use serde::{Deserialize, Serialize};

use super::env::Env;
use super::Shell;

#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct SavedShell {
    env: Env,
}

impl Shell {
    /// The shell's lasting state, or None while a command is open or a job runs.
    pub fn saved(&self) -> Option<SavedShell> {
        let quiet = self.lexer.is_empty() && self.held.is_none() && !self.has_jobs();
        quiet.then(|| SavedShell {
            env: self.env.clone(),
        })
    }

    /// A shell as `saved` left it.
    pub fn from_saved(saved: SavedShell) -> Shell {
        Shell {
            env: saved.env,
            ..Shell::default()
        }
    }
}
