//! An exam, CK-X style: several exercises under one time limit, graded once at the end on the
//! state each cluster is left in. Nothing is revealed before `finish`: the candidate gets each
//! task's text and a playground, never checks, hints, solutions or a running score.
//!
//! One playground per exercise, as in the learning mode: each exercise was proven by the
//! checker on a cluster of its own profile, with its own files and setup, holding only its own
//! objects. Sharing one cluster would let one task's objects satisfy or break another's checks
//! (two tasks that each create a pod `web`), and mix profiles. A front end switches between the
//! playgrounds as CK-X switches between questions.

mod score;

use kubeplay_core::clock::{Clock, Time};

use super::grade::{self, Failure};
use super::model::Exercise;
use crate::playground::Playground;
pub use score::{grade_one, points, CheckScore, ExerciseScore, Score, StepScore};

pub struct Exam {
    exercises: Vec<Exercise>,
    playgrounds: Vec<Playground>,
    started: Time,
    /// The time limit, in seconds of the front end's clock (not the playgrounds' simulated
    /// ones, which `sleep` moves).
    limit: i64,
    score: Option<Score>,
}

/// What a candidate may read of one task: never its checks, hints or solutions.
#[derive(Debug, Clone, PartialEq)]
pub struct Task<'a> {
    pub title: &'a str,
    pub intro: &'a str,
    /// Each step's title and text, in order.
    pub steps: Vec<(&'a str, &'a str)>,
    pub points: u64,
}

impl Exam {
    /// Prepare one playground per exercise (its profile, files and setup), each on a clock
    /// `clock` makes, and start the time limit at `now`.
    pub fn start(
        exercises: Vec<Exercise>,
        minutes: u32,
        now: Time,
        mut clock: impl FnMut() -> Box<dyn Clock>,
    ) -> Result<Exam, (String, Failure)> {
        let mut playgrounds = Vec::with_capacity(exercises.len());
        for ex in &exercises {
            let mut pg =
                grade::prepare_on(ex, clock()).map_err(|f| (ex.metadata.name.clone(), f))?;
            // An exam is the learner's alone, as the real ones are.
            pg.why_hidden = true;
            playgrounds.push(pg);
        }
        Ok(Exam {
            exercises,
            playgrounds,
            started: now,
            limit: i64::from(minutes) * 60,
            score: None,
        })
    }

    pub fn len(&self) -> usize {
        self.exercises.len()
    }

    pub fn is_empty(&self) -> bool {
        self.exercises.is_empty()
    }

    /// Task `i` as the candidate reads it.
    pub fn task(&self, i: usize) -> Option<Task<'_>> {
        let ex = self.exercises.get(i)?;
        Some(Task {
            title: &ex.metadata.title,
            intro: &ex.spec.intro,
            steps: ex
                .spec
                .steps
                .iter()
                .map(|s| (s.title.as_str(), s.text.as_str()))
                .collect(),
            points: score::points(ex),
        })
    }

    /// Seconds left at `now` (0 once the time is up).
    pub fn remaining(&self, now: Time) -> i64 {
        (self.limit - now.since(self.started)).max(0)
    }

    /// Task `i`'s playground to type into, while the exam runs: none once the time is up or
    /// the exam is finished, so nothing changes what is graded.
    pub fn playground(&mut self, i: usize, now: Time) -> Option<&mut Playground> {
        if self.score.is_some() || self.remaining(now) == 0 {
            return None;
        }
        self.playgrounds.get_mut(i)
    }

    /// End the exam (the candidate's choice, or the front end's when the time is up) and grade
    /// every task on its playground as it was left. Grading happens once; later calls return
    /// the same score.
    pub fn finish(&mut self) -> &Score {
        let exercises = &self.exercises;
        let playgrounds = &mut self.playgrounds;
        self.score
            .get_or_insert_with(|| score::grade_all(exercises, playgrounds))
    }

    /// The score, once finished; before that, nothing.
    pub fn score(&self) -> Option<&Score> {
        self.score.as_ref()
    }
}

#[cfg(test)]
mod tests;
