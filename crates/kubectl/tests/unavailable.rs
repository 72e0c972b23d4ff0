//! Every command and flag of real kubectl v1.32 (`data/kubectl-flags.txt`), typed at kubeplay's
//! kubectl: a command kubeplay has takes the flags it declares and refuses the others in the one
//! not-available line; a command it lacks is refused in that line whatever its flags. Never an
//! unknown flag or command for something real kubectl has, never a panic.

use std::panic::{catch_unwind, AssertUnwindSafe};

use kubeplay_cluster::profile::Profile;
use kubeplay_cluster::{fixture, Cluster};
use kubeplay_core::fs::MemFs;
use kubeplay_kubectl::cmd::unsupported::is_placeholder;
use kubeplay_kubectl::cmd::COMMANDS;
use kubeplay_kubectl::flags::{Flag, Kind, GLOBAL};
use kubeplay_kubectl::reference::{self, RealFlag};
use kubeplay_kubectl::{run, Command, Session};

/// kubeplay's table entry for a command path, by name or alias.
fn kubeplay_command(path: &[&str]) -> Option<&'static Command> {
    let mut level: &'static [Command] = COMMANDS;
    let mut found = None;
    for word in path {
        let cmd = level
            .iter()
            .find(|c| c.name == *word || c.aliases.contains(word))?;
        level = cmd.subcommands;
        found = Some(cmd);
    }
    found
}

/// What kubeplay's parser knows of a flag on this command, by long name.
fn declared(cmd: &Command, long: &str) -> Option<Flag> {
    cmd.flags
        .iter()
        .chain(GLOBAL)
        .find(|f| f.long == long)
        .copied()
}

/// A value of the flag's type that pflag would parse.
fn value(f: &RealFlag) -> &'static str {
    match f.value {
        // pflag's StringToString (kubectl debug's --env and --set-image) wants key=value.
        Some("list") if matches!(f.long, "env" | "set-image") => "k=v",
        Some("int") => "1",
        Some("duration") => "1s",
        _ => "x",
    }
}

/// The ways to write the flag: `--long[=v]`, and `-s [v]` when it has a shorthand.
fn forms(f: &RealFlag) -> Vec<Vec<String>> {
    let mut out = vec![match f.value {
        Some(_) => vec![format!("--{}={}", f.long, value(f))],
        None => vec![format!("--{}", f.long)],
    }];
    if let Some(c) = f.short {
        let mut short = vec![format!("-{c}")];
        if f.value.is_some() {
            short.push(value(f).to_string());
        }
        out.push(short);
    }
    out
}

fn kubectl(c: &mut Cluster, argv: &[String]) -> (String, String, i32) {
    let mut session = Session::new(&Profile::minikube().kubeconfig);
    let out = run(&mut session, argv, c, &mut MemFs::new(), None);
    (out.stdout(), out.stderr(), out.exit_code)
}

fn refusal(what: &str) -> String {
    format!("error: \"kubectl {what}\" is not available in kubeplay yet\n")
}

/// What is wrong with kubeplay's answer to one command line, if anything.
fn check(c: &mut Cluster, path: &[&str], f: &RealFlag, form: &[String]) -> Option<String> {
    let argv: Vec<String> = path
        .iter()
        .map(|w| w.to_string())
        .chain(form.iter().cloned())
        .collect();
    let line = format!("kubectl {}", argv.join(" "));
    let Ok((stdout, stderr, code)) = catch_unwind(AssertUnwindSafe(|| kubectl(c, &argv))) else {
        return Some(format!("{line}: panicked"));
    };
    // The command kubeplay runs for this path: the root's flags are the global ones.
    let cmd = match path {
        [] => Some(&ROOT),
        _ => kubeplay_command(path).filter(|c| !is_placeholder(c) && Some(&c.name) == path.last()),
    };
    let expected = match cmd {
        None => Some(refusal(&path.join(" "))),
        Some(cmd) => declared(cmd, f.long)
            .is_none()
            .then(|| refusal(&[path, &[&format!("--{}", f.long)]].concat().join(" "))),
    };
    match expected {
        Some(text) => (stderr != text || code != 1 || !stdout.is_empty())
            .then(|| format!("{line}: want {text:?}, got {stderr:?} (exit {code})")),
        None => {
            let wrong = [
                "unknown flag:",
                "unknown shorthand flag:",
                "unknown command",
                "is not available in kubeplay yet",
                "flag needs an argument",
                "invalid argument \"",
            ]
            .iter()
            .any(|w| stderr.contains(w));
            wrong.then(|| format!("{line}: a flag kubeplay declares, refused: {stderr:?}"))
        }
    }
}

/// The root as a command: it declares no flags of its own.
static ROOT: Command = Command {
    name: "",
    aliases: &[],
    short: "",
    usage: "",
    long: "",
    examples: "",
    flags: &[],
    run: kubeplay_kubectl::cmd::unsupported::run,
    subcommands: &[],
};

#[test]
fn every_real_command_and_flag_is_taken_or_refused_in_one_line() {
    let mut problems = Vec::new();
    let mut lines = 0;
    for path in reference::commands() {
        let mut c = fixture::minikube();
        for f in reference::flags(&path) {
            for form in forms(&f) {
                lines += 1;
                problems.extend(check(&mut c, &path, &f, &form));
            }
        }
    }
    assert!(lines > 2000, "only {lines} lines tried");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn declared_flags_agree_with_real_kubectl_on_taking_a_value() {
    let mut problems = Vec::new();
    for path in reference::commands() {
        let Some(cmd) = kubeplay_command(&path).filter(|c| !is_placeholder(c)) else {
            continue;
        };
        for real in reference::flags(&path) {
            let Some(ours) = declared(cmd, real.long) else {
                continue;
            };
            let bool_here = matches!(ours.kind, Kind::Bool);
            if bool_here != real.value.is_none() || ours.short != real.short {
                problems.push(format!(
                    "kubectl {} --{}: declared {:?} -{:?}, real kubectl {:?} -{:?}",
                    path.join(" "),
                    real.long,
                    ours.kind,
                    ours.short,
                    real.value,
                    real.short
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_flag_real_kubectl_lacks_is_still_unknown() {
    let mut c = fixture::minikube();
    let argv = |s: &str| -> Vec<String> { s.split(' ').map(String::from).collect() };
    let (_, err, code) = kubectl(&mut c, &argv("get pods --bogus"));
    assert_eq!(
        (err.as_str(), code),
        (
            "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n",
            1
        )
    );
    let (_, err, _) = kubectl(&mut c, &argv("rollout status --bogus"));
    assert_eq!(
        err,
        "error: unknown flag: --bogus\nSee 'kubectl rollout status --help' for usage.\n"
    );
    let (_, err, _) = kubectl(&mut c, &argv("logs web -fZ"));
    assert_eq!(
        err,
        "error: unknown shorthand flag: 'Z' in -Z\nSee 'kubectl logs --help' for usage.\n"
    );
    let (_, err, _) = kubectl(&mut c, &argv("proxy --port 8001"));
    assert_eq!(err, refusal("proxy"));
    let (_, err, _) = kubectl(&mut c, &argv("plugin list"));
    assert_eq!(err, refusal("plugin list"));
}

#[test]
fn declared_flags_are_real_kubectls() {
    let mut problems = Vec::new();
    for path in reference::commands() {
        let Some(cmd) = kubeplay_command(&path).filter(|c| !is_placeholder(c)) else {
            continue;
        };
        let real = reference::flags(&path);
        for ours in cmd.flags.iter().chain(GLOBAL) {
            if !real.iter().any(|r| r.long == ours.long) {
                problems.push(format!("kubectl {} --{}", path.join(" "), ours.long));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "not in real kubectl:\n{}",
        problems.join("\n")
    );
}
