//! Builtins that run or feed other commands: alias, xargs, tee, source, and the pagers (which,
//! with no terminal to page, pass their input through like `cat`).

use super::exec::Exec;
use super::files::fs_message;
use super::lex::lex_all;
use super::limits::MAX_DEPTH;
use super::parse::parse;
use kubeplay_core::output::{Output, Stream};

pub fn run(ex: &mut Exec<'_>, name: &str, args: &[String], stdin: Option<&str>) -> Output {
    let mut o = Output::new();
    match name {
        "alias" => alias(ex, &mut o, args),
        "unalias" => unalias(ex, &mut o, args),
        "xargs" => return xargs(ex, args, stdin),
        "tee" => tee(ex, &mut o, args, stdin),
        "source" | "." => return source(ex, name, args),
        // Shell options and completion have no effect here.
        _ => {}
    }
    o
}

fn alias(ex: &mut Exec<'_>, o: &mut Output, args: &[String]) {
    let shown = |k: &str, v: &str| format!("alias {k}='{}'\n", v.replace('\'', "'\\''"));
    let args: Vec<&String> = args.iter().filter(|a| a.as_str() != "-p").collect();
    if args.is_empty() {
        let text: String = ex.env.aliases.iter().map(|(k, v)| shown(k, v)).collect();
        o.out(text);
        return;
    }
    for a in args {
        match a.split_once('=') {
            Some((k, v)) => {
                ex.env.aliases.insert(k.to_string(), v.to_string());
            }
            None => match ex.env.aliases.get(a.as_str()) {
                Some(v) => o.out(shown(a, v)),
                None => {
                    o.err(format!("bash: alias: {a}: not found\n"));
                    o.exit_code = 1;
                }
            },
        }
    }
}

fn unalias(ex: &mut Exec<'_>, o: &mut Output, args: &[String]) {
    if args.is_empty() {
        o.err("unalias: usage: unalias [-a] name [name ...]\n");
        o.exit_code = 2;
        return;
    }
    for a in args {
        if a == "-a" {
            ex.env.aliases.clear();
        } else if ex.env.aliases.remove(a.as_str()).is_none() {
            o.err(format!("bash: unalias: {a}: not found\n"));
            o.exit_code = 1;
        }
    }
}

/// GNU xargs with -n, -I and -r: the words of stdin become arguments of the command.
fn xargs(ex: &mut Exec<'_>, args: &[String], stdin: Option<&str>) -> Output {
    let mut o = Output::new();
    let mut per: Option<usize> = None;
    let mut replace: Option<String> = None;
    let mut no_empty = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let value = |i: &mut usize, inline: &str| -> Option<String> {
            if inline.is_empty() {
                *i += 1;
                args.get(*i).cloned()
            } else {
                Some(inline.to_string())
            }
        };
        if let Some(v) = a.strip_prefix("-n") {
            match value(&mut i, v).and_then(|v| v.parse::<usize>().ok()) {
                Some(n) if n > 0 => per = Some(n),
                _ => {
                    o.err("xargs: value for -n option should be >= 1\n");
                    o.exit_code = 1;
                    return o;
                }
            }
        } else if let Some(v) = a.strip_prefix("-I") {
            replace = value(&mut i, v);
        } else if a == "-r" || a == "--no-run-if-empty" {
            no_empty = true;
        } else if a == "--" {
            i += 1;
            break;
        } else if a.starts_with('-') && a.len() > 1 {
            o.err(format!(
                "xargs: invalid option -- '{}'\nUsage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nTry 'xargs --help' for more information.\n",
                a.chars().nth(1).unwrap_or('-')
            ));
            o.exit_code = 1;
            return o;
        } else {
            break;
        }
        i += 1;
    }
    let mut cmd: Vec<String> = args.get(i..).unwrap_or(&[]).to_vec();
    if cmd.is_empty() {
        cmd.push("echo".into());
    }
    let input = stdin.unwrap_or("");
    let batches: Vec<Vec<String>> = match &replace {
        Some(r) => input
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                cmd.iter()
                    .map(|a| a.replace(r.as_str(), l.trim()))
                    .collect()
            })
            .collect(),
        None => {
            let words: Vec<String> = input.split_whitespace().map(str::to_string).collect();
            if words.is_empty() {
                if no_empty {
                    Vec::new()
                } else {
                    vec![cmd.clone()]
                }
            } else {
                words
                    .chunks(per.unwrap_or(words.len()).max(1))
                    .map(|chunk| cmd.iter().cloned().chain(chunk.iter().cloned()).collect())
                    .collect()
            }
        }
    };
    let mut failed = false;
    for argv in batches {
        let Some((name, rest)) = argv.split_first() else {
            continue;
        };
        ex.runs += 1;
        if ex.runs > super::limits::MAX_RUNS
            || o.chunks.iter().map(|c| c.1.len()).sum::<usize>() > super::limits::MAX_TEXT
        {
            o.err("xargs: too many commands or too much output\n");
            o.exit_code = 1;
            return o;
        }
        let res = ex.dispatch(name, rest, None);
        if res.exit_code == 127 && res.stderr().ends_with(": command not found\n") {
            o.err(format!("xargs: {name}: No such file or directory\n"));
            o.exit_code = 127;
            return o;
        }
        failed |= res.exit_code != 0;
        for (stream, text) in res.chunks {
            match stream {
                Stream::Stdout => o.out(text),
                Stream::Stderr => o.err(text),
            }
        }
    }
    o.exit_code = if failed { 123 } else { 0 };
    o
}

fn tee(ex: &mut Exec<'_>, o: &mut Output, args: &[String], stdin: Option<&str>) {
    let append = args.iter().any(|a| a == "-a" || a == "--append");
    let input = stdin.unwrap_or("");
    for f in args
        .iter()
        .filter(|a| !a.starts_with('-') || a.as_str() == "-")
    {
        let text = if append {
            ex.fs.read(f).unwrap_or_default() + input
        } else {
            input.to_string()
        };
        if text.len() > super::limits::MAX_TEXT {
            o.err(format!("tee: {f}: File too large\n"));
            o.exit_code = 1;
            continue;
        }
        if let Err(e) = ex.fs.write(f, &text) {
            o.err(format!("tee: {f}: {}\n", fs_message(&e)));
            o.exit_code = 1;
        }
    }
    o.out(input);
}

/// `source FILE`: runs the file's commands in this shell.
fn source(ex: &mut Exec<'_>, name: &str, args: &[String]) -> Output {
    let mut o = Output::new();
    let Some(file) = args.first() else {
        o.err(format!(
            "bash: {name}: filename argument required\n{name}: usage: {name} filename [arguments]\n"
        ));
        o.exit_code = 2;
        return o;
    };
    let text = match ex.fs.read(file) {
        Ok(t) => t,
        Err(e) => {
            o.err(format!("bash: {file}: {}\n", fs_message(&e)));
            o.exit_code = 1;
            return o;
        }
    };
    if ex.depth >= MAX_DEPTH {
        o.err(format!("bash: {file}: nested too deeply\n"));
        o.exit_code = 1;
        return o;
    }
    let prog = match lex_all(&text)
        .map_err(|_| ())
        .and_then(|l| parse(l).map_err(|_| ()))
    {
        Ok(p) => p,
        Err(()) => {
            o.err(format!("bash: {file}: syntax error\n"));
            o.exit_code = 2;
            return o;
        }
    };
    ex.depth += 1;
    let code = ex.program(&prog, &mut o);
    ex.depth -= 1;
    o.exit_code = code;
    o
}
