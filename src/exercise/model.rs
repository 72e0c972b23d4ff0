//! An exercise as its YAML file states it (`apiVersion: kubeplay.dev/v1`, `kind: Exercise`).
//! Field names follow the file; unknown fields are refused so a typo is reported, not ignored.

use indexmap::IndexMap;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Exercise {
    pub api_version: String,
    pub kind: String,
    pub metadata: Metadata,
    pub spec: Spec,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// The identifier: file names, URLs, progress.
    pub name: String,
    pub lang: Lang,
    pub title: String,
    pub difficulty: Difficulty,
    pub minutes: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default = "default_profile")]
    pub profile: String,
    /// Markdown shown before the first step.
    #[serde(default)]
    pub intro: String,
    /// Placed among the playground's files (editor tabs, `-f`), in this order.
    #[serde(default)]
    pub files: IndexMap<String, String>,
    /// Shell lines run before the learner starts; their output is not shown.
    #[serde(default)]
    pub setup: Vec<String>,
    pub steps: Vec<Step>,
    /// Markdown shown when every step is done.
    #[serde(default)]
    pub finish: String,
    /// Whether the `why` builtin explains the cluster's objects during the exercise: false
    /// when finding the cause is what the exercise teaches.
    #[serde(default = "allowed")]
    pub why: bool,
}

fn default_profile() -> String {
    "minikube".into()
}

fn allowed() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    /// Markdown; a fenced block marked `exec` is a command the page offers to run.
    #[serde(default)]
    pub text: String,
    /// All must hold for the step to be done.
    pub checks: Vec<Check>,
    /// Shell lines, shown on demand; the checker runs them.
    pub solution: String,
}

/// One line run read-only in the playground's shell, and what its output must be. With no
/// comparison, the line must succeed (`status: 0`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub run: String,
    /// The trimmed output, exactly.
    pub equals: Option<String>,
    /// A substring of the output.
    pub contains: Option<String>,
    /// An extended regular expression (as `grep -E` takes it) found in the output.
    pub matches: Option<String>,
    /// The line's exit status.
    pub status: Option<i32>,
    /// Shown when this check is the first that fails.
    #[serde(default)]
    pub hint: String,
    /// Points in an exam (`exam.rs`), at least 1; outside exams every check simply must hold.
    #[serde(default = "one_point")]
    pub weight: u32,
}

fn one_point() -> u32 {
    1
}
