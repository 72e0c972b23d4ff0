//! `kubeplay`: the playground's core on the command line. Reads commands from standard input, one
//! per line (heredocs allowed), or runs one with `-c`, on one fresh cluster.

// Like the library: nothing may unwrap outside tests (src/lib.rs says why).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use kubeplay::clock::{Clock, Time};
use kubeplay::fs::DiskFs;
use kubeplay::output::{Output, Stream};
use kubeplay::playground::Playground;
use kubeplay::profile::Profile;
use kubeplay::shell::Feed;

const USAGE: &str = "kubeplay: a Kubernetes playground on one simulated cluster

Usage:
  kubeplay [--profile minikube|k3s|kind]            read commands from standard input
  kubeplay [--profile minikube|k3s|kind] -c 'CMD'   run one command line and exit with its status
  kubeplay [--profile minikube|k3s|kind] serve [--port N]
                                                    serve the cluster's API on http://127.0.0.1:N
                                                    (default 8080) for a real kubectl
  kubeplay exercise list | check FILE|DIR...        the exercises: list them, prove them
  kubeplay exercise NAME|FILE [--lang fr|en]        play one in the terminal (hint, solution)
  kubeplay exercise import DIR [-o FILE] [--lang fr|en] [--profile minikube|k3s|kind]
                                                    a Killercoda scenario → an exercise and a report
  kubeplay exercise exam NAME... [--minutes N]      an exam, scored only at the end

Commands are what you would type in a terminal: kubectl (or k), sleep, echo, cat, ls, help.
Files named with -f are read from disk.
";

/// The machine's clock. Only this edge reads it: the layers get time from the `Clock` they are
/// given, so tests and replays see the same ages.
struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Time {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Time(secs)
    }
}

fn print(out: &Output) {
    let mut so = std::io::stdout().lock();
    let mut se = std::io::stderr().lock();
    for (stream, text) in &out.chunks {
        let _ = match stream {
            Stream::Stdout => so.write_all(text.as_bytes()),
            Stream::Stderr => {
                let _ = so.flush();
                se.write_all(text.as_bytes())
            }
        };
    }
    let _ = so.flush();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("exercise") {
        std::process::exit(exercise(&args[1..]));
    }
    let mut profile_name = "minikube".to_string();
    let mut command: Option<String> = None;
    let mut serve = false;
    let mut port = 8080u16;
    let mut parser = lexopt::Parser::from_env();
    loop {
        match parser.next() {
            Ok(Some(lexopt::Arg::Long("profile"))) => match parser.value() {
                Ok(v) => profile_name = v.to_string_lossy().into_owned(),
                Err(e) => return fail(&e.to_string()),
            },
            Ok(Some(lexopt::Arg::Short('c'))) => match parser.value() {
                Ok(v) => command = Some(v.to_string_lossy().into_owned()),
                Err(e) => return fail(&e.to_string()),
            },
            Ok(Some(lexopt::Arg::Short('h'))) | Ok(Some(lexopt::Arg::Long("help"))) => {
                print!("{USAGE}");
                return;
            }
            Ok(Some(lexopt::Arg::Value(v))) if v == "serve" => serve = true,
            Ok(Some(lexopt::Arg::Long("port"))) => {
                match parser.value().map(|v| v.to_string_lossy().parse::<u16>()) {
                    Ok(Ok(p)) => port = p,
                    _ => return fail("--port needs a number"),
                }
            }
            Ok(Some(other)) => return fail(&other.unexpected().to_string()),
            Ok(None) => break,
            Err(e) => return fail(&e.to_string()),
        }
    }
    let Some(profile) = Profile::by_name(&profile_name) else {
        return fail(&format!(
            "unknown profile \"{profile_name}\" (known: minikube, k3s, kind)"
        ));
    };
    let mut pg = Playground::new(
        profile,
        Box::new(SystemClock),
        Box::new(kubeplay::editor::EditorFs::default()),
    );
    if serve {
        let addr = format!("127.0.0.1:{port}");
        eprintln!("kubeplay: serving the Kubernetes API on http://{addr} (kubectl --server=http://{addr})");
        if let Err(e) = kubeplay::serve::serve(&addr, &mut pg.cluster) {
            fail(&e);
        }
        return;
    }
    if let Some(cmd) = command {
        let mut code = 0;
        for (_, out) in pg.run_script(&cmd) {
            print(&out);
            code = out.exit_code;
        }
        std::process::exit(code);
    }
    let interactive = std::io::stdin().is_terminal();
    // At a terminal, Ctrl-C stops what holds the terminal (as in a shell) instead of the CLI.
    let interrupted = Arc::new(AtomicBool::new(false));
    if interactive {
        let flag = Arc::clone(&interrupted);
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    }
    let mut prompt = "$ ".to_string();
    let stdin = std::io::stdin();
    let mut last = 0;
    loop {
        if interactive {
            print!("{prompt}");
            let _ = std::io::stdout().flush();
        }
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => match pg.end_input() {
                // Ctrl-D leaves an attached container shell, not the playground.
                Some(out) => {
                    print(&out);
                    prompt = "$ ".into();
                    continue;
                }
                None => break,
            },
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\n', '\r']);
        match pg.feed_line(line) {
            Feed::Done(out) => {
                print(&out);
                last = out.exit_code;
                if interactive {
                    hold(&mut pg, &interrupted);
                }
                // Inside a container shell (`exec -it`), its own prompt.
                prompt = pg.container_prompt().unwrap_or_else(|| "$ ".into());
            }
            Feed::More(p) => prompt = p,
        }
    }
    std::process::exit(last);
}

/// A command that holds the terminal (`get -w`, `logs -f`, `port-forward`) goes on printing
/// what it sees as time passes, until Ctrl-C.
fn hold(pg: &mut Playground, interrupted: &AtomicBool) {
    interrupted.store(false, Ordering::SeqCst);
    while pg.is_watching() {
        std::thread::sleep(Duration::from_millis(250));
        if interrupted.swap(false, Ordering::SeqCst) {
            pg.stop_watch();
            // The terminal echoed ^C; the prompt starts on a line of its own.
            println!();
            return;
        }
        pg.cluster.tick();
        if let Some(out) = pg.poll_watch() {
            print(&out);
        }
    }
}

/// `kubeplay exercise ...`: list and check print and exit; anything else plays an exercise.
fn exercise(args: &[String]) -> i32 {
    use kubeplay::exercise::{cli, cli_exam};
    match args.first().map(String::as_str) {
        Some("import") => {
            let (out, err, code) = cli::import(&args[1..], &mut DiskFs);
            print!("{out}");
            eprint!("{err}");
            return code;
        }
        Some("exam") => {
            return cli_exam::exam(
                &args[1..],
                &DiskFs,
                &SystemClock,
                || Box::new(SystemClock),
                &mut std::io::stdin().lock(),
                &mut std::io::stdout(),
            );
        }
        _ => {}
    }
    if matches!(
        args.first().map(String::as_str),
        Some("list" | "check") | None
    ) {
        let (text, code) = cli::run(args, &DiskFs);
        print!("{text}");
        return code;
    }
    match cli::find(args, &DiskFs) {
        Ok(ex) => cli::play(
            &ex,
            Box::new(SystemClock),
            &mut std::io::stdin().lock(),
            &mut std::io::stdout(),
        ),
        Err(e) => {
            eprintln!("kubeplay: {e}");
            2
        }
    }
}

fn fail(msg: &str) {
    eprintln!("kubeplay: {msg}");
    eprint!("{USAGE}");
    std::process::exit(2);
}
