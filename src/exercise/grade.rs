//! `kubeplay exercise check`: an exercise proves itself. On a fresh cluster of its profile, with
//! its files and setup, each step's checks must fail first (a check that already holds grades
//! nothing), then hold once the step's solution has run.

use std::fmt;

use kubeplay_core::clock::{Clock, FixedClock, Time};
use kubeplay_core::fs::{Fs, MemFs};

use super::check;
use super::model::Exercise;
use crate::playground::Playground;
use crate::profile::Profile;

/// The moment a graded exercise starts; any fixed moment would do, this one is the course's.
const START: Time = Time(1_795_600_800);

#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// 1-based; 0 for the set-up before the first step.
    pub step: usize,
    pub title: String,
    pub what: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.step == 0 {
            write!(f, "setup: {}", self.what)
        } else {
            write!(f, "step {} {:?}: {}", self.step, self.title, self.what)
        }
    }
}

/// A playground as the learner finds it: the profile's cluster, the files, the setup run; on a
/// fixed clock, as grading needs.
pub fn prepare(ex: &Exercise) -> Result<Playground, Failure> {
    prepare_on(ex, Box::new(FixedClock::new(START)))
}

/// As `prepare`, on the given clock (the CLI's play mode runs on the machine's).
pub fn prepare_on(ex: &Exercise, clock: Box<dyn Clock>) -> Result<Playground, Failure> {
    let profile = Profile::by_name(&ex.spec.profile).unwrap_or_else(Profile::minikube);
    let mut fs = MemFs::new();
    for (name, text) in &ex.spec.files {
        let _ = fs.write(name, text);
    }
    let mut pg = Playground::new(profile, clock, Box::new(fs));
    run_lines(&mut pg, &ex.spec.setup.join("\n")).map_err(|what| Failure {
        step: 0,
        title: String::new(),
        what,
    })?;
    Ok(pg)
}

/// Grade the exercise with its own solutions; Ok is the number of steps.
pub fn grade(ex: &Exercise) -> Result<usize, Failure> {
    let mut pg = prepare(ex)?;
    for (i, step) in ex.spec.steps.iter().enumerate() {
        let fail = |what: String| Failure {
            step: i + 1,
            title: step.title.clone(),
            what,
        };
        for c in &step.checks {
            let seen = check::run(&mut pg, c);
            if seen.passed {
                return Err(fail(format!(
                    "check `{}` already holds before the solution: it grades nothing",
                    c.run
                )));
            }
        }
        run_lines(&mut pg, &step.solution).map_err(&fail)?;
        for c in &step.checks {
            let seen = check::run(&mut pg, c);
            if !seen.passed {
                return Err(fail(format!(
                    "check `{}` fails after the solution: got {}",
                    c.run,
                    seen.got()
                )));
            }
        }
    }
    Ok(ex.spec.steps.len())
}

/// Run shell lines as the learner would type them; Err names the first that failed.
fn run_lines(pg: &mut Playground, script: &str) -> Result<(), String> {
    for (line, out) in pg.run_script(script) {
        if out.exit_code != 0 {
            return Err(format!(
                "`{}` failed ({}): {}",
                line.trim(),
                out.exit_code,
                out.combined().trim()
            ));
        }
    }
    Ok(())
}
