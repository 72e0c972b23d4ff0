//! `kubeplay exercise ...` on the command line: `list` the bundled exercises, `check` exercise
//! files and folders against their own solutions, or play one in the terminal.

use std::io::{BufRead, Write};

use kubeplay_core::clock::Clock;
use kubeplay_core::fs::{Fs, FsError};
use kubeplay_core::output::Output;
use kubeplay_core::sort::SortOnce;
use kubeplay_shell::Feed;

use super::model::{Exercise, Lang};
use super::progress::Progress;
use super::words::words;
use super::{bundled, grade, import as importer, load};

pub const USAGE: &str = "Usage:
  kubeplay exercise list                      the bundled exercises
  kubeplay exercise check FILE|DIR...         prove exercises with their own solutions
  kubeplay exercise FILE|NAME [--lang fr|en]  play one in the terminal (hint, solution)
  kubeplay exercise import DIR [-o FILE] [--lang fr|en] [--profile minikube|k3s|kind]
                                              a Killercoda scenario → an exercise, and a report
  kubeplay exercise exam NAME... [--minutes N] [--lang fr|en]
                                              an exam, one playground per task, scored at the end
";

/// Run `kubeplay exercise ARGS`, reading files through `fs`; (what to print, exit status).
/// Playing needs a terminal: see `play`.
pub fn run(args: &[String], fs: &dyn Fs) -> (String, i32) {
    match args.first().map(String::as_str) {
        Some("list") if args.len() == 1 => (list(), 0),
        Some("check") if args.len() > 1 => check(&args[1..], fs),
        Some("check") => (
            format!("kubeplay exercise check: name files or folders\n{USAGE}"),
            2,
        ),
        _ => (USAGE.to_string(), 2),
    }
}

/// The exercise `kubeplay exercise TARGET [--lang L]` names: a file, else a bundled name.
pub fn find(args: &[String], fs: &dyn Fs) -> Result<Exercise, String> {
    let target = args.first().ok_or_else(|| USAGE.to_string())?;
    let lang = match args.get(1..) {
        Some([flag, l]) if flag == "--lang" => l.as_str(),
        Some([]) => "fr",
        _ => return Err(USAGE.to_string()),
    };
    if let Ok(text) = fs.read(target) {
        return load(target, &text).map_err(|e| e.to_string());
    }
    let (file, text) = bundled::find(target, lang)
        .ok_or_else(|| format!("no exercise file or bundled exercise named {target:?}"))?;
    load(file, text).map_err(|e| e.to_string())
}

/// Play `ex` at a terminal: the intro and each step as it comes, `hint` and `solution` at the
/// prompt, `✓ step K` as soon as a command completes it. Returns the exit status.
pub fn play(
    ex: &Exercise,
    clock: Box<dyn Clock>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> i32 {
    let mut pg = match grade::prepare_on(ex, clock) {
        Ok(pg) => pg,
        Err(f) => {
            let _ = writeln!(out, "kubeplay: the exercise cannot start: {f}");
            return 1;
        }
    };
    pg.why_hidden = !ex.spec.why;
    let mut progress = Progress::new();
    let _ = write!(
        out,
        "# {}\n\n{}\n",
        ex.metadata.title,
        ex.spec.intro.trim_end()
    );
    show_step(ex, &progress, out);
    let mut prompt = "$ ".to_string();
    while !progress.finished(ex) {
        let _ = write!(out, "{prompt}");
        let _ = out.flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return 1,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\n', '\r']);
        match line.trim() {
            "hint" if prompt == "$ " => {
                let hint = progress
                    .hint(ex, &mut pg)
                    .unwrap_or_else(|| words(ex.metadata.lang).no_hint.to_string());
                let _ = writeln!(out, "{hint}");
                continue;
            }
            "solution" if prompt == "$ " => {
                if let Some(step) = progress.current(ex) {
                    let _ = write!(out, "{}", step.solution);
                }
                continue;
            }
            _ => {}
        }
        match pg.feed_line(line) {
            Feed::More(p) => prompt = p,
            Feed::Done(o) => {
                prompt = "$ ".into();
                write_output(&o, out);
                for k in progress.after_command(ex, &mut pg) {
                    let title = ex.spec.steps.get(k - 1).map_or("", |s| s.title.as_str());
                    let done = words(ex.metadata.lang).step_done;
                    let _ = writeln!(out, "{done} {k}: {title}");
                    show_step(ex, &progress, out);
                }
            }
        }
    }
    let _ = writeln!(out, "\n{}", ex.spec.finish.trim_end());
    0
}

fn show_step(ex: &Exercise, progress: &Progress, out: &mut dyn Write) {
    if let Some(step) = progress.current(ex) {
        let n = progress.done + 1;
        let step_word = words(ex.metadata.lang).step;
        let _ = write!(
            out,
            "\n## {step_word} {n}/{}: {}\n\n{}\n",
            ex.spec.steps.len(),
            step.title,
            step.text.trim_end()
        );
    }
}

/// A command's output as a terminal shows it: both streams, in order.
pub fn write_output(o: &Output, out: &mut dyn Write) {
    for (_, text) in &o.chunks {
        let _ = out.write_all(text.as_bytes());
    }
}

/// `kubeplay exercise import DIR [-o FILE] [--lang L] [--profile P]`: (standard output,
/// standard error, exit status). The YAML goes to FILE (else standard output), the report to
/// standard error; the status is 1 when the checker fails the result, which is still written:
/// the report says what to fix.
pub fn import(args: &[String], fs: &mut dyn Fs) -> (String, String, i32) {
    let (dir, file, options) = match import_args(args) {
        Ok(parsed) => parsed,
        Err(e) => return (String::new(), e, 2),
    };
    let imported = match importer::import_with(&dir, fs, &options) {
        Ok(i) => i,
        Err(e) => return (String::new(), format!("kubeplay exercise import: {e}\n"), 2),
    };
    let mut report = imported.report.join("\n") + "\n";
    let code = i32::from(!report.contains("\nchecker: PASS"));
    match file {
        None => (imported.yaml, report, code),
        Some(f) => match fs.write(&f, &imported.yaml) {
            Ok(()) => {
                report.push_str(&format!("wrote {f}\n"));
                (String::new(), report, code)
            }
            Err(e) => (
                String::new(),
                format!("{report}cannot write {f}: {}\n", why(&e)),
                2,
            ),
        },
    }
}

/// The folder, the output file and the options `import` was given; Err is what to print.
fn import_args(args: &[String]) -> Result<(String, Option<String>, importer::Options), String> {
    let fail = |e: &str| format!("kubeplay exercise import: {e}\n");
    let (mut dir, mut file, mut options) = (None, None, importer::Options::default());
    let mut words = args.iter();
    while let Some(w) = words.next() {
        match w.as_str() {
            "-o" => file = Some(words.next().ok_or_else(|| USAGE.to_string())?.clone()),
            "--lang" => {
                let code = words.next().map(String::as_str);
                options.lang = match code {
                    Some("fr") => Lang::Fr,
                    Some("en") => Lang::En,
                    _ => return Err(fail("--lang: fr or en")),
                };
            }
            "--profile" => {
                let p = words.next().map(String::as_str);
                options.profile = Some(match p {
                    Some(p @ ("minikube" | "k3s" | "kind")) => p.to_string(),
                    _ => return Err(fail("--profile: minikube, k3s or kind")),
                });
            }
            _ if dir.is_none() => dir = Some(w.clone()),
            _ => return Err(USAGE.to_string()),
        }
    }
    let dir = dir.ok_or_else(|| USAGE.to_string())?;
    Ok((dir, file, options))
}

fn why(e: &FsError) -> &str {
    match e {
        FsError::NotFound => "no such directory",
        FsError::IsDirectory => "it is a directory",
        FsError::Other(why) => why,
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
    use kubeplay_core::fs::{Fs, MemFs};

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
    fn play_shows_steps_hints_and_checks_them_after_each_command() {
        let ex = super::find(&args(&["first-namespace", "--lang", "en"]), &MemFs::new()).unwrap();
        let clock = Box::new(kubeplay_core::clock::FixedClock::new(
            kubeplay_core::clock::Time(1_795_600_800),
        ));
        let mut input: &[u8] = b"hint\nkubectl create namespace dev\nsolution\nkubectl run web --image nginx -n dev\nsleep 10\nkubectl config set-context --current --namespace dev\n";
        let mut out = Vec::new();
        let code = super::play(&ex, clock, &mut input, &mut out);
        let out = String::from_utf8(out).unwrap();
        assert_eq!(code, 0);
        for part in [
            "# A namespace and a pod\n",
            "## Step 1/3: Create the namespace\n",
            "$ The namespace `dev` does not exist yet (`kubectl get namespaces`).\n",
            "namespace/dev created\n✓ step 1: Create the namespace\n\n## Step 2/3: Run a pod in the namespace\n",
            "$ kubectl run web --image nginx -n dev\nsleep 10\n$ pod/web created\n",
            "✓ step 2: Run a pod in the namespace\n",
            "✓ step 3: Work in dev by default\n\nWell done!",
        ] {
            assert!(out.contains(part), "{part:?} missing from:\n{out}");
        }
    }

    #[test]
    fn why_refuses_in_an_exercise_that_says_so_and_explains_in_others() {
        let clock = || {
            Box::new(kubeplay_core::clock::FixedClock::new(
                kubeplay_core::clock::Time(1_795_600_800),
            ))
        };
        let play = |name: &str| {
            let ex = super::find(&args(&[name, "--lang", "en"]), &MemFs::new()).unwrap();
            let mut input: &[u8] = b"why deploy/web\n";
            let mut out = Vec::new();
            super::play(&ex, clock(), &mut input, &mut out);
            String::from_utf8(out).unwrap()
        };
        let hidden = play("fix-image-tag");
        assert!(
            hidden
                .contains("why: not available in this exercise: finding the cause is part of it\n"),
            "{hidden}"
        );
        let shown = play("first-namespace");
        assert!(
            shown.contains("why: deployment \"web\" not found in namespace \"default\"\n"),
            "{shown}"
        );
    }

    #[test]
    fn import_writes_the_exercise_and_reports_on_the_error_stream() {
        let mut fs = MemFs::new()
            .with_file(
                "k/index.json",
                r#"{"title": "Namespaces", "details": {"steps": [{"title": "Create dev", "text": "s.md", "verify": "v.sh"}]}, "backend": {"imageid": "kubernetes-kubeadm-1node"}}"#,
            )
            .with_file("k/s.md", "```\nkubectl create ns dev\n```{{exec}}\n")
            .with_file("k/v.sh", "kubectl get ns dev\n");
        let (out, err, code) = super::import(&args(&["k", "-o", "k.en.yaml"]), &mut fs);
        assert_eq!((out.as_str(), code), ("", 0));
        assert!(
            err.ends_with("checker: PASS k (en, 1 step)\nwrote k.en.yaml\n"),
            "{err}"
        );
        assert!(fs.read("k.en.yaml").unwrap().contains("  - checks:\n    - hint: 'Step not done yet: Create dev.'\n      run: kubectl get ns dev\n      status: 0\n"));
        let (_, err, code) = super::import(&args(&["nowhere"]), &mut fs);
        assert_eq!(
            (err.as_str(), code),
            (
                "kubeplay exercise import: index.json: cannot read the file\n",
                2
            )
        );
        let (_, err, code) = super::import(&args(&["k", "-o"]), &mut fs);
        assert_eq!((err.starts_with("Usage:"), code), (true, 2));
    }

    #[test]
    fn import_takes_the_language_and_the_profile_it_is_told() {
        let mut fs = MemFs::new()
            .with_file(
                "k/index.json",
                r#"{"title": "Nœuds", "details": {"steps": [{"title": "Étiqueter", "text": "s.md", "verify": "v.sh"}]}, "backend": {"imageid": "kubernetes-kubeadm-2nodes"}}"#,
            )
            .with_file("k/s.md", "```\nkubectl label node kind-worker2 pool=web\n```{{exec}}\n")
            .with_file("k/v.sh", "kubectl get node kind-worker2 --show-labels | grep pool=web\n");
        let (out, err, code) =
            super::import(&args(&["k", "--lang", "fr", "--profile", "kind"]), &mut fs);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("\n  lang: fr\n"), "{out}");
        assert!(out.contains("\n  profile: kind\n"), "{out}");
        assert!(
            err.contains("backend kubernetes-kubeadm-2nodes → profile kind (as asked)\n"),
            "{err}"
        );
        assert!(err.ends_with("checker: PASS k (fr, 1 step)\n"), "{err}");
        for (bad, said) in [
            (
                &["k", "--lang", "de"][..],
                "kubeplay exercise import: --lang: fr or en\n",
            ),
            (
                &["k", "--lang"][..],
                "kubeplay exercise import: --lang: fr or en\n",
            ),
            (
                &["k", "--profile", "docker"][..],
                "kubeplay exercise import: --profile: minikube, k3s or kind\n",
            ),
            (
                &["--profile"][..],
                "kubeplay exercise import: --profile: minikube, k3s or kind\n",
            ),
        ] {
            let (out, err, code) = super::import(&args(bad), &mut fs);
            assert_eq!((out.as_str(), err.as_str(), code), ("", said, 2), "{bad:?}");
        }
        let (_, err, code) = super::import(&args(&["k", "j"]), &mut fs);
        assert_eq!((err.starts_with("Usage:"), code), (true, 2));
    }

    #[test]
    fn list_and_usage() {
        let (out, code) = run(&args(&["list"]), &MemFs::new());
        assert_eq!(code, 0);
        assert!(out.starts_with("NAME"), "{out}");
        assert!(
            out.contains("\nfirst-namespace         fr          10   Une namespace et un pod\n"),
            "{out}"
        );
        let (out, code) = run(&args(&["check"]), &MemFs::new());
        assert_eq!(code, 2);
        assert!(
            out.starts_with("kubeplay exercise check: name files or folders"),
            "{out}"
        );
    }
}
