//! Running one check on a playground, read-only, and judging its output.

use kubeplay_shell::pattern::{Pattern, Syntax};
use kubeplay_shell::{Feed, Shell};

use super::model::Check;
use super::readonly::{CheckHost, ReadOnlyApi, ReadOnlyFs};
use crate::playground::Playground;

/// What a check saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub passed: bool,
    /// The standard output, trimmed (what `equals` compares).
    pub output: String,
    pub status: i32,
}

impl Outcome {
    /// The check's output for a report: `"Active"`, or the exit status when it failed silently.
    pub fn got(&self) -> String {
        match (self.output.is_empty(), self.status) {
            (true, 0) => "no output".into(),
            (true, s) => format!("exit status {s}"),
            (false, _) => format!("{:?}", self.output),
        }
    }
}

/// Run `check` on the playground as it is now: nothing it does reaches the cluster, the files,
/// the clock or the learner's shell.
pub fn run(pg: &mut Playground, check: &Check) -> Outcome {
    let mut host = CheckHost {
        api: ReadOnlyApi {
            cluster: &mut pg.cluster,
        },
        session: pg.session.clone(),
    };
    let mut fs = ReadOnlyFs(pg.fs.as_ref());
    // A fresh shell each time: the learner's aliases and variables do not leak into grading.
    let mut shell = Shell::new();
    let out = match shell.feed_line(&check.run, &mut host, &mut fs) {
        Feed::Done(out) => out,
        Feed::More(_) => {
            shell.cancel();
            return Outcome {
                passed: false,
                output: String::new(),
                status: 2,
            };
        }
    };
    let output = out.stdout().trim().to_string();
    let status = out.exit_code;
    Outcome {
        passed: judge(check, &output, status),
        output,
        status,
    }
}

fn judge(check: &Check, output: &str, status: i32) -> bool {
    if let Some(want) = check.status {
        if status != want {
            return false;
        }
    }
    if let Some(want) = &check.equals {
        return output == want.trim();
    }
    if let Some(want) = &check.contains {
        return output.contains(want.as_str());
    }
    if let Some(re) = &check.matches {
        return Pattern::new(re, Syntax::Extended, false)
            .is_ok_and(|p| output.lines().any(|l| p.is_match(l)));
    }
    check.status.is_some() || status == 0
}
