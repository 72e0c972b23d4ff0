//! `kubeplay exercise exam NAME... [--minutes N] [--lang fr|en]` at a terminal: the tasks' texts,
//! one playground per task (`task K` switches), and the score only after `finish`, at the end
//! of input, or when the time is up.

use std::io::{BufRead, Write};

use kubeplay_core::clock::Clock;
use kubeplay_core::fs::Fs;
use kubeplay_shell::Feed;

use super::cli::{find, write_output, USAGE};
use super::exam::Exam;

/// Run an exam; `wall` is the time limit's clock, `clock` makes each playground's.
pub fn exam(
    args: &[String],
    fs: &dyn Fs,
    wall: &dyn Clock,
    clock: impl FnMut() -> Box<dyn Clock>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> i32 {
    let mut exam = match start(args, fs, wall, clock) {
        Ok(exam) => exam,
        Err(e) => {
            let _ = writeln!(out, "kubeplay exercise exam: {e}");
            return 2;
        }
    };
    let minutes = (exam.remaining(wall.now()) + 59) / 60;
    let _ = writeln!(
        out,
        "Exam: {} tasks, {minutes} minutes. `task K` switches task, `finish` ends the exam.",
        exam.len()
    );
    let mut current = 0;
    show_task(&exam, current, out);
    loop {
        let _ = write!(out, "[task {}] $ ", current + 1);
        let _ = out.flush();
        let mut line = String::new();
        if matches!(input.read_line(&mut line), Ok(0) | Err(_)) {
            break;
        }
        let line = line.trim_end_matches(['\n', '\r']);
        match line.split_whitespace().collect::<Vec<_>>()[..] {
            ["finish"] => break,
            ["task", k] => match k.parse::<usize>() {
                Ok(k) if (1..=exam.len()).contains(&k) => {
                    current = k - 1;
                    show_task(&exam, current, out);
                }
                _ => {
                    let _ = writeln!(out, "tasks are numbered 1 to {}", exam.len());
                }
            },
            _ => {
                let Some(pg) = exam.playground(current, wall.now()) else {
                    let _ = writeln!(out, "Time is up.");
                    break;
                };
                // A line the shell needs more of (a heredoc) ends the exam's line like Ctrl-C.
                match pg.feed_line(line) {
                    Feed::Done(o) => write_output(&o, out),
                    Feed::More(_) => pg.shell.cancel(),
                }
            }
        }
    }
    let _ = write!(out, "\n{}", exam.finish());
    0
}

/// The exam the arguments name: exercises by file or bundled name, and the time limit (by
/// default the exercises' minutes added up).
fn start(
    args: &[String],
    fs: &dyn Fs,
    wall: &dyn Clock,
    clock: impl FnMut() -> Box<dyn Clock>,
) -> Result<Exam, String> {
    let (mut names, mut minutes, mut lang) = (Vec::new(), None, "fr".to_string());
    let mut words = args.iter();
    while let Some(w) = words.next() {
        match w.as_str() {
            "--minutes" => {
                let m = words.next().and_then(|m| m.parse::<u32>().ok());
                minutes = Some(
                    m.filter(|m| (1..=600).contains(m))
                        .ok_or("--minutes: 1 to 600")?,
                );
            }
            "--lang" => lang = words.next().ok_or("--lang: fr or en")?.clone(),
            _ => names.push(w.clone()),
        }
    }
    if names.is_empty() {
        return Err(format!("name the exercises\n{USAGE}"));
    }
    let mut exercises = Vec::new();
    for name in &names {
        exercises.push(find(&[name.clone(), "--lang".into(), lang.clone()], fs)?);
    }
    let minutes = minutes.unwrap_or_else(|| exercises.iter().map(|e| e.metadata.minutes).sum());
    Exam::start(exercises, minutes, wall.now(), clock)
        .map_err(|(name, f)| format!("{name} cannot start: {f}"))
}

fn show_task(exam: &Exam, i: usize, out: &mut dyn Write) {
    let Some(task) = exam.task(i) else { return };
    let _ = write!(
        out,
        "\n# Task {}/{}: {} ({} points)\n\n{}\n",
        i + 1,
        exam.len(),
        task.title,
        task.points,
        task.intro.trim_end()
    );
    for (k, (title, text)) in task.steps.iter().enumerate() {
        let _ = write!(out, "\n## {}. {title}\n\n{}\n", k + 1, text.trim_end());
    }
}

#[cfg(test)]
mod tests {
    use kubeplay_core::clock::{FixedClock, Time};
    use kubeplay_core::fs::MemFs;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn an_exam_at_the_terminal_scores_only_at_the_end() {
        let wall = FixedClock::new(Time(1_795_600_800));
        let mut input: &[u8] =
            b"kubectl create namespace dev\ntask 2\nkubectl get ns dev\nfinish\n";
        let mut out = Vec::new();
        let code = super::exam(
            &args(&["first-namespace", "nodes", "--minutes", "20"]),
            &MemFs::new(),
            &wall,
            || Box::new(FixedClock::new(Time(1_795_600_800))),
            &mut input,
            &mut out,
        );
        let out = String::from_utf8(out).unwrap();
        assert_eq!(code, 0);
        let (before, score) = out.split_once("\nScore: ").unwrap();
        assert!(before.starts_with("Exam: 2 tasks, 20 minutes."), "{before}");
        assert!(
            before.contains("[task 1] $ namespace/dev created\n[task 1] $ \n# Task 2/2"),
            "{before}"
        );
        // Task 2 has its own cluster: task 1's namespace is not there.
        assert!(
            before.contains("Error from server (NotFound): namespaces \"dev\" not found\n"),
            "{before}"
        );
        assert!(
            !before.contains('✓') && !before.contains("hint"),
            "{before}"
        );
        assert!(score.starts_with("1/"), "{score}");
    }
}
