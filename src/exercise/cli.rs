//! `kubeplay exercise ...` on the command line: `list` the bundled exercises, `check` exercise
//! files and folders against their own solutions.

use kubeplay_core::fs::Fs;
use kubeplay_core::sort::SortOnce;

use super::{bundled, grade, load};

pub const USAGE: &str = "Usage:
  kubeplay exercise list                 the bundled exercises
  kubeplay exercise check FILE|DIR...    prove exercises with their own solutions
";

/// Run `kubeplay exercise ARGS`, reading files through `fs`; (what to print, exit status).
pub fn run(args: &[String], fs: &dyn Fs) -> (String, i32) {
    match args.first().map(String::as_str) {
        Some("list") if args.len() == 1 => (list(), 0),
        Some("check") if args.len() > 1 => check(&args[1..], fs),
        Some("check") => (format!("kubeplay exercise check: name files or folders\n{USAGE}"), 2),
        Some(other) if !other.starts_with('-') => (
            format!("kubeplay: \"kubeplay exercise {other}\" (playing an exercise in the terminal) is not available yet\n"),
            2,
        ),
        _ => (USAGE.to_string(), 2),
    }
}

fn list() -> String {
    let mut rows = vec![[
        "NAME".to_string(),
        "LANG".into(),
        "MINUTES".into(),
        "TITLE".into(),
    ]];
    for (file, text) in bundled::FILES {
        if let Ok(ex) = load(file, text) {
            let m = &ex.metadata;
            rows.push([
                m.name.clone(),
                m.lang.code().into(),
                m.minutes.to_string(),
                m.title.clone(),
            ]);
        }
    }
    let width = |col: usize| {
        rows.iter()
            .map(|r| r[col].chars().count())
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2) = (width(0), width(1), width(2));
    rows.iter()
        .map(|r| format!("{:w0$}   {:w1$}   {:>w2$}   {}\n", r[0], r[1], r[2], r[3]))
        .collect()
}

/// Each path's exercises (a folder: its `.yaml` files, in name order), graded one by one.
fn check(paths: &[String], fs: &dyn Fs) -> (String, i32) {
    let mut out = String::new();
    let mut failed = false;
    for path in paths {
        for file in exercise_files(path, fs) {
            let line = match fs.read(&file) {
                Err(_) => format!("FAIL {file}: cannot read the file"),
                Ok(text) => match load(&file, &text) {
                    Err(e) => format!("FAIL {e}"),
                    Ok(ex) => match grade::grade(&ex) {
                        Ok(n) => format!(
                            "PASS {} ({}, {n} step{})",
                            ex.metadata.name,
                            ex.metadata.lang.code(),
                            if n == 1 { "" } else { "s" }
                        ),
                        Err(f) => format!(
                            "FAIL {} ({}): {f}",
                            ex.metadata.name,
                            ex.metadata.lang.code()
                        ),
                    },
                },
            };
            failed |= line.starts_with("FAIL");
            out.push_str(&line);
            out.push('\n');
        }
    }
    (out, i32::from(failed))
}

fn exercise_files(path: &str, fs: &dyn Fs) -> Vec<String> {
    if !fs.is_dir(path) {
        return vec![path.to_string()];
    }
    let mut files: Vec<String> = fs
        .list_dir(path)
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f.ends_with(".yaml") || f.ends_with(".yml"))
        .collect();
    files.sort_once();
    files
}

#[cfg(test)]
mod tests {
    use super::run;
    use kubeplay_core::fs::MemFs;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn a_vacuous_check_fails_with_its_step_named() {
        let text = include_str!("../../examples/exercises/first-namespace.en.yaml").replace(
            "kubectl get namespace dev -o jsonpath='{.status.phase}'",
            "kubectl get namespace default -o jsonpath='{.status.phase}'",
        );
        let fs = MemFs::new().with_file("ex/bad.yaml", &text);
        let (out, code) = run(&args(&["check", "ex"]), &fs);
        assert_eq!(code, 1);
        assert_eq!(
            out,
            "FAIL first-namespace (en): step 1 \"Create the namespace\": check `kubectl get namespace default -o jsonpath='{.status.phase}'` already holds before the solution: it grades nothing\n"
        );
    }

    #[test]
    fn a_wrong_solution_fails_with_what_the_check_got() {
        let text = include_str!("../../examples/exercises/first-namespace.en.yaml").replace(
            "kubectl run web --image nginx -n dev",
            "kubectl run web --image nginx",
        );
        let fs = MemFs::new().with_file("bad.yaml", &text);
        let (out, code) = run(&args(&["check", "bad.yaml"]), &fs);
        assert_eq!(code, 1);
        assert_eq!(
            out,
            "FAIL first-namespace (en): step 2 \"Run a pod in the namespace\": check `kubectl get pod web -n dev -o jsonpath='{.status.phase}'` fails after the solution: got exit status 1\n"
        );
    }

    #[test]
    fn load_errors_name_the_field_and_line() {
        let text = include_str!("../../examples/exercises/first-namespace.en.yaml")
            .replace("          equals: Active", "          equal: Active");
        let fs = MemFs::new().with_file("typo.yaml", &text);
        let (out, code) = run(&args(&["check", "typo.yaml"]), &fs);
        assert_eq!(code, 1);
        assert!(
            out.starts_with("FAIL typo.yaml:25: spec.steps[0].checks[0].equal: unknown field `equal`, expected one of `run`, `equals`"),
            "{out}"
        );
        let writes = include_str!("../../examples/exercises/first-namespace.en.yaml").replace(
            "run: kubectl get namespace dev -o jsonpath='{.status.phase}'",
            "run: kubectl delete namespace dev",
        );
        let fs = MemFs::new().with_file("w.yaml", &writes);
        let (out, _) = run(&args(&["check", "w.yaml"]), &fs);
        assert_eq!(
            out,
            "FAIL w.yaml:24: spec.steps[0].checks[0].run: a check may only read the cluster, not run kubectl delete\n"
        );
    }

    #[test]
    fn list_and_usage() {
        let (out, code) = run(&args(&["list"]), &MemFs::new());
        assert_eq!(code, 0);
        assert!(out.starts_with("NAME"), "{out}");
        assert!(out.contains("\nfirst-namespace       fr          10   Une namespace et un pod\n"), "{out}");
        let (out, code) = run(&args(&["play"]), &MemFs::new());
        assert_eq!(code, 2);
        assert!(out.contains("not available yet"), "{out}");
    }
}
