//! A learner's way through an exercise: which step is current, which are done. After every
//! command the current step's checks run (read-only); when they all hold the step is done and
//! the next one is checked at once, so one command can finish several steps. The CLI's play
//! mode and the page's lesson panel both keep one of these.

use serde::{Deserialize, Serialize};

use super::check;
use super::model::{Exercise, Step};
use crate::playground::Playground;

/// The page keeps it in storage as `{"done":N,"attempted":bool}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// Steps done, in order; the current step is the first not done.
    pub done: usize,
    /// The learner has asked for a hint or the solution of the current step (the page shows
    /// "Show solution" only after an attempt).
    pub attempted: bool,
}

impl Progress {
    pub fn new() -> Progress {
        Progress {
            done: 0,
            attempted: false,
        }
    }

    pub fn current<'a>(&self, ex: &'a Exercise) -> Option<&'a Step> {
        ex.spec.steps.get(self.done)
    }

    pub fn finished(&self, ex: &Exercise) -> bool {
        self.done >= ex.spec.steps.len()
    }

    /// Check the current step (and the next ones) after a command; the 1-based numbers of the
    /// steps this completed.
    pub fn after_command(&mut self, ex: &Exercise, pg: &mut Playground) -> Vec<usize> {
        let completed = self.advance(ex, pg);
        if completed.is_empty() {
            self.attempted = true;
        }
        completed
    }

    /// As `after_command`, for a change the learner did not make (time passed, a pod came up):
    /// no step done is not an attempt.
    pub fn advance(&mut self, ex: &Exercise, pg: &mut Playground) -> Vec<usize> {
        let mut completed = Vec::new();
        while let Some(step) = self.current(ex) {
            if !step.checks.iter().all(|c| check::run(pg, c).passed) {
                break;
            }
            self.done += 1;
            self.attempted = false;
            completed.push(self.done);
        }
        completed
    }

    /// The hint of the current step's first failing check (its own words, or the command that
    /// fails when the author gave none).
    pub fn hint(&self, ex: &Exercise, pg: &mut Playground) -> Option<String> {
        let step = self.current(ex)?;
        step.checks.iter().find_map(|c| {
            let seen = check::run(pg, c);
            (!seen.passed).then(|| {
                if c.hint.trim().is_empty() {
                    format!("`{}` does not give what it should yet.", c.run)
                } else {
                    c.hint.trim().to_string()
                }
            })
        })
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;
    use crate::exercise::{bundled, grade, load};

    #[test]
    fn steps_complete_as_their_checks_come_to_hold() {
        let (file, text) = bundled::find("first-namespace", "en").unwrap();
        let ex = load(file, text).unwrap();
        let mut pg = grade::prepare(&ex).unwrap();
        let mut p = Progress::new();
        pg.run_script("kubectl get namespaces");
        assert_eq!(p.after_command(&ex, &mut pg), Vec::<usize>::new());
        assert_eq!(
            p.hint(&ex, &mut pg).as_deref(),
            Some("The namespace `dev` does not exist yet (`kubectl get namespaces`).")
        );
        pg.run_script("kubectl create namespace dev");
        assert_eq!(p.after_command(&ex, &mut pg), vec![1]);
        pg.run_script("kubectl run web --image nginx -n dev\nsleep 10");
        pg.run_script("kubectl config set-context --current --namespace dev");
        // One command later, both remaining steps hold.
        assert_eq!(p.after_command(&ex, &mut pg), vec![2, 3]);
        assert!(p.finished(&ex));
        assert_eq!(p.hint(&ex, &mut pg), None);
    }
}
