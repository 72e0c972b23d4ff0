//! Grading an exam's tasks on their playgrounds' final state: per task, step and check, passed
//! or missed, points earned out of the total, and the hints of what was missed.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::super::check;
use super::super::model::Exercise;
use crate::playground::Playground;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub earned: u64,
    pub total: u64,
    pub exercises: Vec<ExerciseScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseScore {
    pub name: String,
    pub title: String,
    pub earned: u64,
    pub total: u64,
    pub steps: Vec<StepScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepScore {
    pub title: String,
    pub earned: u64,
    pub total: u64,
    pub checks: Vec<CheckScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckScore {
    pub run: String,
    pub weight: u32,
    pub passed: bool,
    /// The check's hint, when it was missed.
    pub hint: Option<String>,
}

/// The points an exercise is worth: the weights of all its checks.
pub fn points(ex: &Exercise) -> u64 {
    ex.spec
        .steps
        .iter()
        .flat_map(|s| &s.checks)
        .map(|c| u64::from(c.weight))
        .sum()
}

pub fn grade_all(exercises: &[Exercise], playgrounds: &mut [Playground]) -> Score {
    let scored: Vec<ExerciseScore> = exercises
        .iter()
        .zip(playgrounds.iter_mut())
        .map(|(ex, pg)| grade_one(ex, pg))
        .collect();
    Score::of(scored)
}

/// Every check of every step on the state as it is: an exam grades where the candidate got
/// to, not the order they took. (The page grades its tasks one at a time, as it shows one
/// cluster at a time.)
pub fn grade_one(ex: &Exercise, pg: &mut Playground) -> ExerciseScore {
    let steps: Vec<StepScore> = ex
        .spec
        .steps
        .iter()
        .map(|step| {
            let checks: Vec<CheckScore> = step
                .checks
                .iter()
                .map(|c| {
                    let passed = check::run(pg, c).passed;
                    CheckScore {
                        run: c.run.clone(),
                        weight: c.weight,
                        passed,
                        hint: (!passed && !c.hint.is_empty()).then(|| c.hint.clone()),
                    }
                })
                .collect();
            StepScore {
                title: step.title.clone(),
                earned: sum(&checks, true),
                total: sum(&checks, false),
                checks,
            }
        })
        .collect();
    ExerciseScore {
        name: ex.metadata.name.clone(),
        title: ex.metadata.title.clone(),
        earned: steps.iter().map(|s| s.earned).sum(),
        total: steps.iter().map(|s| s.total).sum(),
        steps,
    }
}

fn sum(checks: &[CheckScore], passed_only: bool) -> u64 {
    checks
        .iter()
        .filter(|c| c.passed || !passed_only)
        .map(|c| u64::from(c.weight))
        .sum()
}

impl Score {
    /// The exam's score from its tasks' scores, in order.
    pub fn of(exercises: Vec<ExerciseScore>) -> Score {
        Score {
            earned: exercises.iter().map(|e| e.earned).sum(),
            total: exercises.iter().map(|e| e.total).sum(),
            exercises,
        }
    }

    /// Whole percent, rounded down (0 for an exam worth nothing).
    pub fn percent(&self) -> u64 {
        (self.earned * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// The score as the CLI prints it: the total, then each task, step and check (✓ or ✗, its
/// points) with the hint of each missed one.
impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Score: {}/{} ({}%)",
            self.earned,
            self.total,
            self.percent()
        )?;
        for (i, ex) in self.exercises.iter().enumerate() {
            writeln!(
                f,
                "\nTask {} {:?} ({}): {}/{}",
                i + 1,
                ex.title,
                ex.name,
                ex.earned,
                ex.total
            )?;
            for (k, step) in ex.steps.iter().enumerate() {
                writeln!(
                    f,
                    "  step {} {:?}: {}/{}",
                    k + 1,
                    step.title,
                    step.earned,
                    step.total
                )?;
                for c in &step.checks {
                    let mark = if c.passed { '✓' } else { '✗' };
                    let pts = if c.weight == 1 { "point" } else { "points" };
                    writeln!(f, "    {mark} {} ({} {pts})", c.run, c.weight)?;
                    if let Some(hint) = &c.hint {
                        writeln!(f, "      {hint}")?;
                    }
                }
            }
        }
        Ok(())
    }
}
