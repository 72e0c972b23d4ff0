//! The commands the shell runs itself: bash builtins (echo, export, ...) and the few coreutils a
//! Kubernetes course uses around kubectl (sleep, cat, ls). Text filters are in `filters.rs`.

use super::env::HOME;
use super::exec::Exec;
use super::files::fs_message;
use super::{awk, columns, filters, help, jobctl, net, plumbing, printf, sed, test};
use kubeplay_core::fs::FsError;
use kubeplay_core::output::Output;
use kubeplay_core::sort::SortOnce;

/// Words that start compound commands in bash, which this shell does not have.
pub const KEYWORDS: &[&str] = &["case", "esac", "function", "select", "[[", "]]"];

/// Runs builtin `name`, or None when there is no such builtin.
pub fn run(ex: &mut Exec<'_>, name: &str, args: &[String], stdin: Option<&str>) -> Option<Output> {
    let mut o = Output::new();
    match name {
        "echo" => echo(&mut o, args),
        "printf" => printf::printf(&mut o, args),
        "env" | "printenv" => env_cmd(ex, &mut o, name, args),
        "sleep" => sleep(ex, &mut o, args),
        // A pager shows its input as it is: nobody scrolls here.
        "cat" | "less" | "more" => cat(ex, &mut o, args, stdin),
        "ls" => ls(ex, &mut o, args),
        "clear" => o.clear = true,
        "help" => o.out(help::HELP),
        "pwd" => o.out(format!("{}\n", ex.env.get("PWD").unwrap_or(HOME))),
        "true" | ":" => {}
        "false" => o.exit_code = 1,
        "export" => export(ex, &mut o, args),
        "unset" => {
            for a in args {
                ex.env.unset(a);
            }
        }
        "exit" => {
            let code = match args.first() {
                None => ex.env.last,
                Some(a) => match a.parse::<i64>() {
                    Ok(n) => (n & 0xff) as i32,
                    Err(_) => {
                        o.err(format!("bash: exit: {a}: numeric argument required\n"));
                        2
                    }
                },
            };
            o.exit_code = code;
            ex.exit = Some(code);
        }
        "cd" => cd(ex, &mut o, args),
        "read" => read(ex, &mut o, args, stdin),
        "seq" => seq(&mut o, args),
        "break" | "continue" => {
            if ex.loops == 0 {
                o.err(format!(
                    "bash: {name}: only meaningful in a `for', `while', or `until' loop\n"
                ));
            } else {
                ex.jump = Some(name == "continue");
            }
        }
        "test" | "[" => test::run(&mut o, &*ex.fs, name, args),
        "grep" | "head" | "tail" | "wc" | "sort" | "uniq" | "base64" => {
            return Some(filters::run(&*ex.fs, name, args, stdin));
        }
        "awk" => return Some(awk::run(&*ex.fs, args, stdin)),
        "sed" => return Some(sed::run(&mut *ex.fs, args, stdin)),
        "cut" | "tr" => return Some(columns::run(&*ex.fs, name, args, stdin)),
        "jobs" | "kill" | "fg" | "bg" | "wait" => return jobctl::run(ex, name, args),
        "curl" if ex.host.http_clients() => return Some(net::curl::run(ex, args)),
        "wget" if ex.host.http_clients() => return Some(net::wget::run(ex, args)),
        "alias" | "unalias" | "xargs" | "tee" | "source" | "." | "complete" | "set" => {
            return Some(plumbing::run(ex, name, args, stdin))
        }
        _ => return None,
    }
    Some(o)
}

fn echo(o: &mut Output, args: &[String]) {
    let mut newline = true;
    let mut escapes = false;
    let mut rest = args;
    while let Some((first, tail)) = rest.split_first() {
        let Some(flags) = first.strip_prefix('-') else {
            break;
        };
        if flags.is_empty() || !flags.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) {
            break;
        }
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        rest = tail;
    }
    let mut text = rest.join(" ");
    if escapes {
        let (t, stop) = printf::unescape(&text);
        text = t;
        if stop {
            newline = false;
        }
    }
    if newline {
        text.push('\n');
    }
    o.out(text);
}

/// GNU sleep: every operand is a number with an optional s/m/h/d suffix; they add up.
fn sleep(ex: &mut Exec<'_>, o: &mut Output, args: &[String]) {
    if args.is_empty() {
        o.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
        o.exit_code = 1;
        return;
    }
    let mut total = 0.0f64;
    let mut bad = false;
    if let Some(opt) = args.iter().find(|a| a.len() > 1 && a.starts_with('-')) {
        let msg = match opt.strip_prefix("--") {
            Some(_) => format!("sleep: unrecognized option '{opt}'\n"),
            None => format!(
                "sleep: invalid option -- '{}'\n",
                opt.chars().nth(1).unwrap_or('-')
            ),
        };
        o.err(msg + "Try 'sleep --help' for more information.\n");
        o.exit_code = 1;
        return;
    }
    for a in args {
        match parse_interval(a) {
            Some(s) => total += s,
            None => {
                o.err(format!("sleep: invalid time interval '{a}'\n"));
                bad = true;
            }
        }
    }
    if bad {
        o.err("Try 'sleep --help' for more information.\n");
        o.exit_code = 1;
        return;
    }
    match ex.background.as_mut() {
        // A background job's sleep ends later, on the clock; nothing waits for it now.
        Some(until) => {
            let now = ex.host.now();
            let end = now.saturating_add(total.ceil().min(1e9) as i64);
            *until = Some(until.map_or(end, |u: i64| u.max(end)));
        }
        None => {
            ex.host.sleep(total);
            let printed = ex.env.jobs.poll(ex.host, ex.fs);
            o.append(printed);
        }
    }
}

fn parse_interval(s: &str) -> Option<f64> {
    let (num, mult) = match s.char_indices().last() {
        Some((i, 's')) => (s.get(..i)?, 1.0),
        Some((i, 'm')) => (s.get(..i)?, 60.0),
        Some((i, 'h')) => (s.get(..i)?, 3600.0),
        Some((i, 'd')) => (s.get(..i)?, 86400.0),
        _ => (s, 1.0),
    };
    // Rust's float parser also takes "inf" and "nan"; GNU sleep takes "inf" but not "nan".
    if num.is_empty() || num.contains(['n', 'N']) && !num.eq_ignore_ascii_case("inf") {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    if v < 0.0 || v.is_nan() {
        return None;
    }
    Some(v * mult)
}

fn cat(ex: &mut Exec<'_>, o: &mut Output, args: &[String], stdin: Option<&str>) {
    let mut files: Vec<&str> = Vec::new();
    let mut only_files = false;
    for a in args {
        if !only_files && a == "--" {
            only_files = true;
        } else if !only_files && a.len() > 1 && a.starts_with('-') {
            let opt = a.trim_start_matches('-');
            if a.starts_with("--") {
                o.err(format!("cat: unrecognized option '{a}'\n"));
            } else {
                let c = opt.chars().next().unwrap_or('-');
                o.err(format!("cat: invalid option -- '{c}'\n"));
            }
            o.err("Try 'cat --help' for more information.\n");
            o.exit_code = 1;
            return;
        } else {
            files.push(a);
        }
    }
    if files.is_empty() {
        files.push("-");
    }
    for f in files {
        if f == "-" {
            o.out(stdin.unwrap_or(""));
            continue;
        }
        match ex.fs.read(f) {
            Ok(text) => o.out(text),
            Err(e) => {
                o.err(format!("cat: {f}: {}\n", fs_message(&e)));
                o.exit_code = 1;
            }
        }
    }
}

/// `ls`: one name per line, sorted, as when its output is not a terminal.
fn ls(ex: &mut Exec<'_>, o: &mut Output, args: &[String]) {
    let mut all = false;
    let mut paths: Vec<&str> = Vec::new();
    for a in args {
        if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            for c in flags.chars() {
                match c {
                    'a' | 'A' => all = true,
                    '1' => {}
                    _ => {
                        o.err(format!(
                            "ls: invalid option -- '{c}'\nTry 'ls --help' for more information.\n"
                        ));
                        o.exit_code = 2;
                        return;
                    }
                }
            }
        } else {
            paths.push(a);
        }
    }
    if paths.is_empty() {
        paths.push(".");
    }
    let mut file_lines = Vec::new();
    let mut dirs = Vec::new();
    for p in &paths {
        if ex.fs.is_dir(p) {
            dirs.push(*p);
        } else if ex.fs.read(p).is_ok() {
            file_lines.push(p.to_string());
        } else {
            o.err(format!(
                "ls: cannot access '{p}': No such file or directory\n"
            ));
            o.exit_code = 2;
        }
    }
    file_lines.sort_once();
    let mut sections = Vec::new();
    if !file_lines.is_empty() {
        sections.push(
            file_lines
                .iter()
                .map(|l| format!("{l}\n"))
                .collect::<String>(),
        );
    }
    dirs.sort_once();
    let titled = paths.len() > 1;
    for d in dirs {
        let mut text = String::new();
        if titled {
            text.push_str(&format!("{d}:\n"));
        }
        match ex.fs.list_dir(d) {
            Ok(entries) => {
                let mut names: Vec<String> = entries
                    .iter()
                    .map(|e| e.rsplit('/').next().unwrap_or(e).to_string())
                    .filter(|n| all || !n.starts_with('.'))
                    .collect();
                names.sort_once();
                for n in names {
                    text.push_str(&n);
                    text.push('\n');
                }
            }
            Err(FsError::NotFound) => {}
            Err(e) => {
                o.err(format!(
                    "ls: cannot open directory '{d}': {}\n",
                    fs_message(&e)
                ));
                o.exit_code = 2;
            }
        }
        sections.push(text);
    }
    o.out(sections.join("\n"));
}

fn export(ex: &mut Exec<'_>, o: &mut Output, args: &[String]) {
    let names: Vec<&String> = args.iter().filter(|a| a.as_str() != "-p").collect();
    if names.is_empty() {
        let mut text = String::new();
        for name in &ex.env.exported {
            match ex.env.vars.get(name) {
                Some(v) => text.push_str(&format!("declare -x {name}=\"{}\"\n", quote_dq(v))),
                None => text.push_str(&format!("declare -x {name}\n")),
            }
        }
        o.out(text);
        return;
    }
    for a in names {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.as_str(), None),
        };
        if !super::env::is_name(name) {
            o.err(format!("bash: export: `{a}': not a valid identifier\n"));
            o.exit_code = 1;
            continue;
        }
        if let Some(v) = value {
            ex.env.set(name, v);
        }
        ex.env.exported.insert(name.to_string());
    }
}

fn quote_dq(v: &str) -> String {
    let mut s = String::new();
    for c in v.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

/// There is one directory; `cd` only accepts going "home".
fn cd(ex: &mut Exec<'_>, o: &mut Output, args: &[String]) {
    match args {
        [] => {}
        [d] if matches!(d.as_str(), "~" | "." | HOME) || d == &format!("{HOME}/") => {}
        [d] => {
            if ex.fs.is_dir(d) {
                o.err(format!(
                    "bash: cd: {d}: changing directory is not supported here\n"
                ));
            } else {
                o.err(format!("bash: cd: {d}: No such file or directory\n"));
            }
            o.exit_code = 1;
        }
        _ => {
            o.err("bash: cd: too many arguments\n");
            o.exit_code = 1;
        }
    }
}

/// `env` and `printenv`: the exported variables (`printenv NAME...`: their values).
fn env_cmd(ex: &mut Exec<'_>, o: &mut Output, name: &str, args: &[String]) {
    if name == "printenv" && !args.is_empty() {
        for a in args {
            match ex
                .env
                .get(a)
                .filter(|_| ex.env.exported.contains(a.as_str()))
            {
                Some(v) => o.out(format!("{v}\n")),
                None => o.exit_code = 1,
            }
        }
        return;
    }
    if let Some(a) = args.first() {
        o.err(format!("{name}: '{a}': not supported here\n"));
        o.exit_code = 125;
        return;
    }
    let mut text = String::new();
    for k in &ex.env.exported {
        if let Some(v) = ex.env.vars.get(k) {
            text.push_str(&format!("{k}={v}\n"));
        }
    }
    o.out(text);
}

/// `read [-r] NAME...`: one line from stdin, or from the enclosing loop's input; words go to
/// the names in order and the last name takes the rest. Status 1 at the end of the input.
fn read(ex: &mut Exec<'_>, o: &mut Output, args: &[String], stdin: Option<&str>) {
    let names: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if let Some(bad) = names.iter().find(|n| !super::env::is_name(n)) {
        o.err(format!("bash: read: `{bad}': not a valid identifier\n"));
        o.exit_code = 1;
        return;
    }
    let line = match stdin {
        Some(s) => Some(s.split_inclusive('\n').next().unwrap_or("").to_string()),
        None => match ex.inputs.last_mut() {
            Some((text, pos)) => {
                let rest = text.get(*pos..).unwrap_or("");
                let line = rest.split_inclusive('\n').next().unwrap_or("").to_string();
                *pos += line.len();
                Some(line)
            }
            None => None,
        },
    };
    let line = line.unwrap_or_default();
    if line.is_empty() {
        for n in &names {
            ex.env.set(n, "");
        }
        o.exit_code = 1;
        return;
    }
    // A last line without its newline still fills the names, but ends the loop.
    if !line.ends_with('\n') {
        o.exit_code = 1;
    }
    let text = line.strip_suffix('\n').unwrap_or(&line);
    let names = if names.is_empty() {
        vec!["REPLY"]
    } else {
        names
    };
    let mut rest = text.trim_start_matches([' ', '\t']);
    for (i, n) in names.iter().enumerate() {
        if i + 1 == names.len() {
            ex.env.set(n, rest.trim_end_matches([' ', '\t']));
        } else {
            let end = rest.find([' ', '\t']).unwrap_or(rest.len());
            let (word, tail) = rest.split_at(end);
            ex.env.set(n, word);
            rest = tail.trim_start_matches([' ', '\t']);
        }
    }
}

/// `seq [-s SEP] [FIRST [INCREMENT]] LAST` with integers.
fn seq(o: &mut Output, args: &[String]) {
    let mut sep = "\n".to_string();
    let mut nums = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-s" {
            sep = it.next().cloned().unwrap_or_default();
        } else if let Some(v) = a.strip_prefix("-s") {
            sep = v.to_string();
        } else {
            match a.parse::<i64>() {
                Ok(n) => nums.push(n),
                Err(_) => {
                    o.err(format!(
                        "seq: invalid floating point argument: '{a}'\nTry 'seq --help' for more information.\n"
                    ));
                    o.exit_code = 1;
                    return;
                }
            }
        }
    }
    let (first, step, last) = match nums.as_slice() {
        [l] => (1, 1, *l),
        [f, l] => (*f, 1, *l),
        [f, s, l] => (*f, *s, *l),
        [] => {
            o.err("seq: missing operand\nTry 'seq --help' for more information.\n");
            o.exit_code = 1;
            return;
        }
        [_, _, _, extra, ..] => {
            o.err(format!(
                "seq: extra operand '{extra}'\nTry 'seq --help' for more information.\n"
            ));
            o.exit_code = 1;
            return;
        }
    };
    if step == 0 {
        o.err("seq: invalid Zero increment value: '0'\nTry 'seq --help' for more information.\n");
        o.exit_code = 1;
        return;
    }
    let mut text = String::new();
    let mut v = first;
    while (step > 0 && v <= last) || (step < 0 && v >= last) {
        if !text.is_empty() {
            text.push_str(&sep);
        }
        text.push_str(&v.to_string());
        if text.len() > super::limits::MAX_TEXT {
            o.err("seq: output too large\n");
            o.exit_code = 1;
            return;
        }
        match v.checked_add(step) {
            Some(n) => v = n,
            None => break,
        }
    }
    if !text.is_empty() {
        text.push('\n');
    }
    o.out(text);
}
