//! Bash's job builtins on the job table (`jobs.rs`): `jobs`, `kill`, `fg`, `bg` and `wait`,
//! with bash's messages and statuses.

use super::exec::Exec;
use super::jobs::{Hold, State, SIGNALS};
use kubeplay_core::output::Output;

pub fn run(ex: &mut Exec<'_>, name: &str, args: &[String]) -> Option<Output> {
    let mut o = Output::new();
    match name {
        "jobs" => o.out(ex.env.jobs.listing()),
        "kill" => kill(ex, &mut o, args),
        "fg" => fg(ex, &mut o, args),
        "bg" => bg(ex, &mut o, args),
        "wait" => wait(ex, &mut o, args),
        _ => return None,
    }
    Some(o)
}

fn fail(o: &mut Output, msg: String, code: i32) {
    o.err(msg);
    o.exit_code = code;
}

/// `-9`, `-KILL`, `-SIGKILL`, `TERM`: the signal's number.
fn signal_number(spec: &str) -> Option<i32> {
    if let Ok(n) = spec.parse::<i32>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let upper = spec.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    SIGNALS
        .iter()
        .find(|(s, _, _)| *s == name)
        .map(|(_, n, _)| *n)
}

const KILL_USAGE: &str = "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n";

fn kill(ex: &mut Exec<'_>, o: &mut Output, args: &[String]) {
    let mut sig = 15;
    let mut rest = args;
    match rest.first().map(String::as_str) {
        Some("-l" | "-L") => {
            let names: Vec<String> = SIGNALS
                .iter()
                .map(|(s, n, _)| format!("{n:>2}) SIG{s}"))
                .collect();
            o.out(format!("{}\n", names.join("\t")));
            return;
        }
        Some("-s" | "-n") => {
            let Some(spec) = rest.get(1) else {
                return fail(
                    o,
                    format!(
                        "bash: kill: {}: option requires an argument\n{KILL_USAGE}",
                        rest[0]
                    ),
                    2,
                );
            };
            match signal_number(spec) {
                Some(n) => sig = n,
                None => {
                    return fail(
                        o,
                        format!("bash: kill: {spec}: invalid signal specification\n"),
                        1,
                    )
                }
            }
            rest = &rest[2..];
        }
        Some("--") => rest = &rest[1..],
        Some(a) if a.len() > 1 && a.starts_with('-') => {
            match signal_number(&a[1..]) {
                Some(n) => sig = n,
                None => {
                    return fail(
                        o,
                        format!("bash: kill: {}: invalid signal specification\n", &a[1..]),
                        1,
                    )
                }
            }
            rest = &rest[1..];
        }
        _ => {}
    }
    if rest.is_empty() {
        return fail(o, KILL_USAGE.to_string(), 2);
    }
    for target in rest {
        let found = if target.starts_with('%') {
            ex.env.jobs.find(target)
        } else {
            match target.parse::<u32>() {
                Ok(pid) => ex
                    .env
                    .jobs
                    .by_pid(pid)
                    .ok_or_else(|| format!("({pid}) - No such process")),
                Err(_) => Err(format!("{target}: arguments must be process or job IDs")),
            }
        };
        match found {
            Ok(idx) => {
                let ended = ex
                    .env
                    .jobs
                    .get(idx)
                    .is_some_and(|j| !matches!(j.state, State::Running(_)));
                if ended && !target.starts_with('%') {
                    fail(o, format!("bash: kill: ({target}) - No such process\n"), 1);
                } else if sig != 0 {
                    ex.env.jobs.signal(idx, sig);
                }
            }
            Err(msg) => fail(o, format!("bash: kill: {msg}\n"), 1),
        }
    }
}

fn job_arg(ex: &Exec<'_>, args: &[String]) -> Result<usize, String> {
    ex.env
        .jobs
        .find(args.first().map(String::as_str).unwrap_or("%+"))
}

/// `fg`: the job's command line, then it holds the terminal: a sleep's time passes, a watch
/// or a forward is the foreground command again (until Ctrl-C where a front end can send one).
fn fg(ex: &mut Exec<'_>, o: &mut Output, args: &[String]) {
    let idx = match job_arg(ex, args) {
        Ok(i) => i,
        Err(msg) => return fail(o, format!("bash: fg: {msg}\n"), 1),
    };
    let Some(job) = ex.env.jobs.take(idx) else {
        return;
    };
    o.out(format!("{}\n", job.text));
    match job.state {
        State::Running(Hold::Until(t)) => {
            let now = ex.host.now();
            ex.host.sleep((t - now).max(0) as f64);
        }
        State::Running(Hold::Watch(spec)) => o.watch = Some(spec),
        State::Done(code) => o.exit_code = code,
        State::Signalled(sig) => o.exit_code = 128 + sig,
    }
}

fn bg(ex: &mut Exec<'_>, o: &mut Output, args: &[String]) {
    match job_arg(ex, args) {
        Ok(idx) => {
            if let Some(j) = ex.env.jobs.get(idx) {
                match j.state {
                    State::Running(_) => {
                        o.err(format!("bash: bg: job {} already in background\n", j.id))
                    }
                    _ => fail(o, "bash: bg: job has terminated\n".into(), 1),
                }
            }
        }
        Err(msg) => fail(o, format!("bash: bg: {msg}\n"), 1),
    }
}

/// `wait`: the clock moves to the end of the background sleeps (a watch or a forward never
/// ends by itself, so waiting for one returns at once here).
fn wait(ex: &mut Exec<'_>, o: &mut Output, args: &[String]) {
    let deadline = match args.first() {
        None => ex.env.jobs.last_deadline(),
        Some(spec) => {
            let found = if spec.starts_with('%') {
                ex.env.jobs.find(spec)
            } else {
                match spec.parse::<u32>() {
                    Ok(pid) => ex
                        .env
                        .jobs
                        .by_pid(pid)
                        .ok_or_else(|| format!("pid {pid} is not a child of this shell")),
                    Err(_) => Err(format!("`{spec}': not a pid or valid job spec")),
                }
            };
            match found {
                Ok(idx) => match ex.env.jobs.get(idx).map(|j| &j.state) {
                    Some(State::Running(Hold::Until(t))) => Some(*t),
                    Some(State::Done(code)) => {
                        o.exit_code = *code;
                        None
                    }
                    Some(State::Signalled(sig)) => {
                        o.exit_code = 128 + sig;
                        None
                    }
                    _ => None,
                },
                Err(msg) => return fail(o, format!("bash: wait: {msg}\n"), 127),
            }
        }
    };
    if let Some(t) = deadline {
        let now = ex.host.now();
        ex.host.sleep((t - now).max(0) as f64);
        let printed = ex.env.jobs.poll(ex.host, ex.fs);
        for (stream, text) in printed.chunks {
            match stream {
                kubeplay_core::output::Stream::Stdout => o.out(text),
                kubeplay_core::output::Stream::Stderr => o.err(text),
            }
        }
    }
}
