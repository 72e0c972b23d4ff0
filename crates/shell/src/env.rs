//! The shell's variables and the little state that lives between command lines.

use std::collections::{BTreeMap, BTreeSet};

use super::jobs::Jobs;

pub const HOME: &str = "/home/kubeplay";

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Env {
    pub vars: BTreeMap<String, String>,
    pub exported: BTreeSet<String>,
    /// `$?`
    pub last: i32,
    pub aliases: BTreeMap<String, String>,
    /// Background jobs (`CMD &`).
    pub jobs: Jobs,
    /// An interactive shell's job control: `&` makes a job with bash's `[N] PID` and notices.
    /// Off (scripts, containers' shells), a list ended by `&` runs as if ended by `;`.
    pub job_control: bool,
}

impl Default for Env {
    fn default() -> Self {
        let mut env = Env {
            vars: BTreeMap::new(),
            exported: BTreeSet::new(),
            last: 0,
            aliases: BTreeMap::new(),
            jobs: Jobs::default(),
            job_control: false,
        };
        for (k, v) in [
            ("HOME", HOME),
            ("PWD", HOME),
            ("USER", "kubeplay"),
            ("SHELL", "/bin/bash"),
            ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ] {
            env.vars.insert(k.to_string(), v.to_string());
            env.exported.insert(k.to_string());
        }
        env
    }
}

impl Env {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    pub fn set(&mut self, name: &str, value: &str) {
        self.vars.insert(name.to_string(), value.to_string());
    }

    pub fn unset(&mut self, name: &str) {
        self.vars.remove(name);
        self.exported.remove(name);
    }
}

pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
