//! `test` and `[`: file tests on the virtual files, string and integer comparisons, `!`.

use kubeplay_core::fs::Fs;
use kubeplay_core::output::Output;

pub fn run(o: &mut Output, fs: &dyn Fs, name: &str, args: &[String]) {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    if name == "[" {
        if args.last() != Some(&"]") {
            o.err("bash: [: missing `]'\n");
            o.exit_code = 2;
            return;
        }
        args.pop();
    }
    match eval(&args, fs) {
        Ok(true) => {}
        Ok(false) => o.exit_code = 1,
        Err(msg) => {
            o.err(format!("bash: {name}: {msg}\n"));
            o.exit_code = 2;
        }
    }
}

fn int(s: &str) -> Result<i64, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("{s}: integer expression expected"))
}

fn eval(args: &[&str], fs: &dyn Fs) -> Result<bool, String> {
    match args {
        [] => Ok(false),
        ["!", rest @ ..] => eval(rest, fs).map(|b| !b),
        [s] => Ok(!s.is_empty()),
        [op, v] => match *op {
            "-z" => Ok(v.is_empty()),
            "-n" => Ok(!v.is_empty()),
            "-f" => Ok(!fs.is_dir(v) && fs.read(v).is_ok()),
            "-d" => Ok(fs.is_dir(v)),
            "-e" | "-r" => Ok(fs.is_dir(v) || fs.read(v).is_ok()),
            "-s" => Ok(fs.read(v).is_ok_and(|t| !t.is_empty())),
            _ => Err(format!("{op}: unary operator expected")),
        },
        [a, op, b] => match *op {
            "=" | "==" => Ok(a == b),
            "!=" => Ok(a != b),
            "<" => Ok(a < b),
            ">" => Ok(a > b),
            "-eq" => Ok(int(a)? == int(b)?),
            "-ne" => Ok(int(a)? != int(b)?),
            "-lt" => Ok(int(a)? < int(b)?),
            "-le" => Ok(int(a)? <= int(b)?),
            "-gt" => Ok(int(a)? > int(b)?),
            "-ge" => Ok(int(a)? >= int(b)?),
            _ => Err(format!("{op}: binary operator expected")),
        },
        _ => Err("too many arguments".into()),
    }
}
